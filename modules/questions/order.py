"""`order`: put 3 to 10 steps, written in the right order, back in that order.

Score: the share of steps in their right place.
Answer: the authored step indices in the learner's order.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import Annotated, Literal

from pydantic import Field

from ..fields import QuestionBase, Strict, Text
from ..plan import DrawnQuestion
from .base import Answer, QuestionKind, as_list, is_index_list, permutation


class Step(Strict):
    text: Text
    feedback: Text


class OrderQuestion(QuestionBase):
    kind: Literal["order"]
    steps: Annotated[list[Step], Field(min_length=3, max_length=10)]


def score_order(question: OrderQuestion, arrangement: Sequence[int]) -> float:
    in_place = sum(1 for position, step in enumerate(arrangement) if step == position)
    return in_place / len(question.steps)


class OrderKind(QuestionKind[OrderQuestion]):
    name = "order"
    model = OrderQuestion
    item_models = {"steps": Step}

    def shuffle(self, question: OrderQuestion, rng: random.Random) -> DrawnQuestion:
        return DrawnQuestion(question.id, permutation(len(question.steps), rng, avoid_identity=True))

    def is_complete(self, question: OrderQuestion, answer: Answer) -> bool:
        return is_index_list(answer) and sorted(answer) == list(range(len(question.steps)))

    def score(self, question: OrderQuestion, answer: Answer) -> float:
        return score_order(question, as_list(answer))

    def answer_key(self, question: OrderQuestion) -> Hashable:
        return len(question.steps)

    def feedback(self, question: OrderQuestion) -> list[str]:
        return [s.feedback for s in question.steps]


KIND = OrderKind()
