"""The plan of an attempt: which questions, in which order, and how each was shuffled.

The plan is stored with the attempt as JSON, so an attempt can be reviewed later exactly as
it was shown; the JSON must keep loading as the engine changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DrawnQuestion:
    question_id: str
    # Authored indices in display order, of the one list the kind shuffles (e.g. the options
    # of single and multiple, the steps of order).
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
