"""Drawing an attempt from a question pool, reproducibly.

An attempt is fully described by its plan: which questions, in which order, and
how the options of each were shuffled. The plan is derived from a seed and stored
with the attempt, so the attempt can be reviewed later exactly as it was shown.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from .grading import path_is_complete
from .model import BranchingQuestion, OrderQuestion, Question, Quiz


@dataclass(frozen=True)
class DrawnQuestion:
    question_id: str
    # Authored indices in display order: options (single/multiple) or steps (order).
    display_order: tuple[int, ...] = ()
    # Branching: per node id, the authored choice indices in display order.
    choice_orders: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "display_order": list(self.display_order),
            "choice_orders": {k: list(v) for k, v in self.choice_orders.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DrawnQuestion:
        return cls(
            data["question_id"],
            tuple(data.get("display_order", ())),
            {k: tuple(v) for k, v in data.get("choice_orders", {}).items()},
        )


@dataclass(frozen=True)
class AttemptPlan:
    seed: int
    questions: tuple[DrawnQuestion, ...]

    def to_json(self) -> dict[str, Any]:
        return {"seed": self.seed, "questions": [q.to_json() for q in self.questions]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AttemptPlan:
        return cls(data["seed"], tuple(DrawnQuestion.from_json(q) for q in data["questions"]))

    @property
    def question_ids(self) -> list[str]:
        return [q.question_id for q in self.questions]


def draw_attempt(quiz: Quiz, seed: int, avoid: Collection[str] = ()) -> AttemptPlan:
    """Draw `quiz.draw` questions, preferring those not in `avoid` (e.g. the last attempt)."""
    rng = random.Random(seed)
    pool = list(quiz.questions)
    rng.shuffle(pool)
    pool.sort(key=lambda q: q.id in avoid)  # stable: fresh questions first, still shuffled
    chosen = pool[: quiz.draw]
    rng.shuffle(chosen)
    return AttemptPlan(seed, tuple(_shuffle_question(q, rng) for q in chosen))


def _shuffle_question(question: Question, rng: random.Random) -> DrawnQuestion:
    if isinstance(question, BranchingQuestion):
        orders = {n.id: _permutation(len(n.choices), rng) for n in question.nodes if n.choices}
        return DrawnQuestion(question.id, choice_orders=orders)
    if isinstance(question, OrderQuestion):
        return DrawnQuestion(question.id, _permutation(len(question.steps), rng, avoid_identity=True))
    return DrawnQuestion(question.id, _permutation(len(question.options), rng))


def _permutation(n: int, rng: random.Random, avoid_identity: bool = False) -> tuple[int, ...]:
    order = list(range(n))
    rng.shuffle(order)
    if avoid_identity and n > 1 and order == sorted(order):
        # Showing steps already in the right order would give the answer away.
        order = order[1:] + order[:1]
    return tuple(order)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def is_answered(question: Question, answer: object) -> bool:
    """Whether an answer is complete enough to grade as the learner meant it."""
    if answer is None:
        return False
    if isinstance(question, BranchingQuestion):
        return isinstance(answer, list) and path_is_complete(question, answer)
    if isinstance(question, OrderQuestion):
        return isinstance(answer, list) and sorted(answer) == list(range(len(question.steps)))
    if isinstance(answer, list):
        return bool(answer)
    return True
