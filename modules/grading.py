"""Grading: the rules that hold for every kind of question.

A question's score in [0, 1] is its kind's business (`modules/questions/`); here an attempt
is graded from its plan and answers: the attempt's score is the mean of its questions'
scores, and it passes from the quiz's threshold on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Quiz
from .plan import AttemptPlan
from .questions import Answer, Question, kind_of

# Scores are sums of fractions (1/3 + 2/3 ...), so a boundary may be missed by a rounding error.
_EPSILON = 1e-9
# The lowest score that counts as fully right; the SQL statistics use it too.
FULLY_RIGHT = 1.0 - _EPSILON


@dataclass(frozen=True)
class GradedItem:
    """One drawn question of an attempt, graded."""

    position: int  # in the attempt, from 0
    question_id: str
    kind: str
    answer: Answer
    score: float


@dataclass(frozen=True)
class Grade:
    items: tuple[GradedItem, ...]
    score: float
    passed: bool

    @property
    def item_scores(self) -> dict[str, float]:
        return {item.question_id: item.score for item in self.items}


def grade(quiz: Quiz, plan: AttemptPlan, answers: Mapping[str, Answer]) -> Grade:
    """Grade every drawn question (a missing answer scores 0) and the attempt as a whole.

    `quiz` must be the quiz at the attempt's version: the plan names its questions.
    """
    items = []
    for position, drawn in enumerate(plan.questions):
        question = quiz.question(drawn.question_id)
        answer = answers.get(drawn.question_id)
        items.append(
            GradedItem(position, question.id, question.kind, answer, score_question(question, answer))
        )
    score = attempt_score([item.score for item in items])
    return Grade(tuple(items), score, is_pass(score, quiz.pass_threshold))


def score_question(question: Question, answer: Answer) -> float:
    """Score one answer; a missing answer scores 0."""
    if answer is None:
        return 0.0
    return kind_of(question).score(question, answer)


def attempt_score(item_scores: Sequence[float]) -> float:
    """The mean of the item scores (an empty attempt scores 0)."""
    return sum(item_scores) / len(item_scores) if item_scores else 0.0


def is_pass(score: float, threshold: float) -> bool:
    return score + _EPSILON >= threshold


def is_fully_right(score: float) -> bool:
    return score >= FULLY_RIGHT
