"""`multiple`: every right answer among 3 to 10 options.

Score, with k right options out of n: max(0, right picks / k - wrong picks / (n - k)), so
ticking everything scores 0.
Answer: the authored indices of the chosen options.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import Annotated, Literal

from pydantic import Field

from ..fields import QuestionBase, Strict, Text
from ..plan import DrawnQuestion
from ..yamlsafe import Path
from .base import Answer, QuestionKind, Reporter, as_list, permutation


class MultipleOption(Strict):
    text: Text
    feedback: Text
    correct: bool = False


class MultipleQuestion(QuestionBase):
    kind: Literal["multiple"]
    options: Annotated[list[MultipleOption], Field(min_length=3, max_length=10)]


def score_multiple(question: MultipleQuestion, chosen: Sequence[int]) -> float:
    picked = set(chosen)
    right = {i for i, o in enumerate(question.options) if o.correct}
    wrong = set(range(len(question.options))) - right
    share_right = len(picked & right) / len(right)
    share_wrong = len(picked & wrong) / len(wrong) if wrong else 0.0
    return max(0.0, share_right - share_wrong)


class MultipleKind(QuestionKind[MultipleQuestion]):
    name = "multiple"
    model = MultipleQuestion
    item_models = {"options": MultipleOption}
    has_options = True
    texts = {
        "nl": {
            "multiple_no_correct": "deze 'multiple'-vraag heeft geen juiste opties; zet 'correct: true' bij minstens één",
            "multiple_all_correct": "alle opties zijn juist; een 'multiple'-vraag heeft minstens één onjuiste optie nodig",
        },
        "en": {
            "multiple_no_correct": "this 'multiple' question has no correct options; put 'correct: true' on at least one",
            "multiple_all_correct": "all options are correct; a 'multiple' question needs at least one wrong option",
        },
    }

    def check(self, question: MultipleQuestion, path: Path, report: Reporter) -> None:
        correct = sum(o.correct for o in question.options)
        if correct == 0:
            report.add((*path, "options"), "multiple_no_correct")
        elif correct == len(question.options):
            report.add((*path, "options"), "multiple_all_correct")

    def shuffle(self, question: MultipleQuestion, rng: random.Random) -> DrawnQuestion:
        return DrawnQuestion(question.id, permutation(len(question.options), rng))

    def is_complete(self, question: MultipleQuestion, answer: Answer) -> bool:
        return bool(as_list(answer))

    def score(self, question: MultipleQuestion, answer: Answer) -> float:
        return score_multiple(question, as_list(answer))

    def answer_key(self, question: MultipleQuestion) -> Hashable:
        return tuple(o.correct for o in question.options)

    def feedback(self, question: MultipleQuestion) -> list[str]:
        return [o.feedback for o in question.options]

    def option_labels(self, question: MultipleQuestion) -> list[tuple[str, bool]]:
        return [(o.text, o.correct) for o in question.options]

    def chosen_options(self, answer: Answer) -> list[int]:
        return as_list(answer)


KIND = MultipleKind()
