"""Scoring rules: plain functions from a question and an answer to a score in [0, 1].

Answers always refer to options, steps and choices by their index in the file
(the authored order), never by the shuffled order a learner saw, so grading does
not depend on how an attempt was shuffled.

- single:    the chosen option's credit (the correct option is worth 1).
- multiple:  max(0, right picks / k - wrong picks / (n - k)), k = number of right options.
- order:     share of steps in their right place.
- branching: points on the path taken / points on the best path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import (
    BranchingQuestion,
    MultipleQuestion,
    OrderQuestion,
    Question,
    Quiz,
    SingleQuestion,
)

if TYPE_CHECKING:
    from .attempts import AttemptPlan

# single: chosen option index; multiple: chosen indices; order: step indices in the
# learner's order; branching: the choice index taken at each node from the start.
Answer = int | list[int] | None

_EPSILON = 1e-9


def score_single(question: SingleQuestion, choice: int | None) -> float:
    if choice is None or not 0 <= choice < len(question.options):
        return 0.0
    return question.options[choice].score


def score_multiple(question: MultipleQuestion, chosen: Sequence[int]) -> float:
    picked = set(chosen)
    right = {i for i, o in enumerate(question.options) if o.correct}
    wrong = set(range(len(question.options))) - right
    share_right = len(picked & right) / len(right)
    share_wrong = len(picked & wrong) / len(wrong) if wrong else 0.0
    return max(0.0, share_right - share_wrong)


def score_order(question: OrderQuestion, arrangement: Sequence[int]) -> float:
    in_place = sum(1 for position, step in enumerate(arrangement) if step == position)
    return in_place / len(question.steps)


def walk_path(question: BranchingQuestion, choices: Sequence[int]) -> tuple[list[str], float]:
    """The node ids visited and the points earned by taking `choices` from the start."""
    nodes = question.node_map
    current = nodes[question.start]
    visited, points = [current.id], 0.0
    for index in choices:
        if current.ending or not 0 <= index < len(current.choices):
            break
        choice = current.choices[index]
        points += choice.points
        current = nodes[choice.next]
        visited.append(current.id)
    return visited, points


def path_is_complete(question: BranchingQuestion, choices: Sequence[int]) -> bool:
    visited, _ = walk_path(question, choices)
    return question.node(visited[-1]).ending


def best_path_points(question: BranchingQuestion) -> float:
    """Points on the best path through an (acyclic) scenario."""
    nodes = question.node_map
    memo: dict[str, float] = {}

    def best(node_id: str) -> float:
        if node_id not in memo:
            node = nodes[node_id]
            memo[node_id] = max((c.points + best(c.next) for c in node.choices), default=0.0)
        return memo[node_id]

    return best(question.start)


def score_branching(question: BranchingQuestion, choices: Sequence[int]) -> float:
    best = best_path_points(question)
    if best <= 0:
        return 0.0
    _, points = walk_path(question, choices)
    return min(1.0, points / best)


def score_question(question: Question, answer: Answer) -> float:
    """Score one answer; a missing answer scores 0."""
    if answer is None:
        return 0.0
    if isinstance(question, SingleQuestion):
        return score_single(question, answer if isinstance(answer, int) else None)
    as_list = [answer] if isinstance(answer, int) else list(answer)
    if isinstance(question, MultipleQuestion):
        return score_multiple(question, as_list)
    if isinstance(question, OrderQuestion):
        return score_order(question, as_list)
    return score_branching(question, as_list)


def attempt_score(item_scores: Sequence[float]) -> float:
    """The mean of the item scores (an empty attempt scores 0)."""
    return sum(item_scores) / len(item_scores) if item_scores else 0.0


def is_pass(score: float, threshold: float) -> bool:
    return score + _EPSILON >= threshold


def is_fully_right(score: float) -> bool:
    return score + _EPSILON >= 1.0


@dataclass(frozen=True)
class GradedItem:
    position: int
    question_id: str
    kind: str
    answer: Answer
    score: float


@dataclass(frozen=True)
class Grade:
    """A graded attempt: each drawn question's score, the attempt's score, and the verdict."""

    items: tuple[GradedItem, ...]
    score: float
    passed: bool


def grade(quiz: Quiz, plan: AttemptPlan, answers: Mapping[str, Answer]) -> Grade:
    """Grade the questions `plan` drew from `quiz` (the quiz at the attempt's own version)."""
    items = []
    for position, drawn in enumerate(plan.questions):
        question = quiz.question(drawn.question_id)
        answer = answers.get(question.id)
        items.append(
            GradedItem(position, question.id, question.kind, answer, score_question(question, answer))
        )
    score = attempt_score([item.score for item in items])
    return Grade(tuple(items), score, is_pass(score, quiz.pass_threshold))
