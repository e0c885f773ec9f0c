"""`single`: one best answer among 2 to 10 options.

Score: the chosen option's credit; the correct option is worth 1.
Answer: the authored index of the chosen option.
"""

from __future__ import annotations

import random
from collections.abc import Hashable
from typing import Annotated, Literal

from pydantic import Field

from ..fields import Fraction, QuestionBase, Strict, Text
from ..plan import DrawnQuestion
from ..yamlsafe import Path
from .base import Answer, QuestionKind, Reporter, permutation


class ChoiceOption(Strict):
    """An answer option of a `single` question."""

    text: Text
    feedback: Text
    correct: bool = False
    credit: Fraction | None = None

    @property
    def score(self) -> float:
        if self.correct:
            return 1.0
        return self.credit or 0.0


class SingleQuestion(QuestionBase):
    kind: Literal["single"]
    options: Annotated[list[ChoiceOption], Field(min_length=2, max_length=10)]


def score_single(question: SingleQuestion, choice: int | None) -> float:
    if choice is None or not 0 <= choice < len(question.options):
        return 0.0
    return question.options[choice].score


class SingleKind(QuestionKind[SingleQuestion]):
    name = "single"
    model = SingleQuestion
    item_models = {"options": ChoiceOption}
    has_options = True
    texts = {
        "nl": {
            "single_no_correct": "deze 'single'-vraag heeft geen juist antwoord; zet 'correct: true' bij precies één optie",
            "single_many_correct": "deze 'single'-vraag heeft {count} juiste antwoorden; dat mag er maar één zijn (gebruik 'credit:' voor deels goed, of kind: multiple)",
            "credit_on_correct": "het juiste antwoord telt altijd volledig; haal 'credit:' hier weg",
            "credit_full_not_correct": "credit 1 betekent volledig goed; gebruik dan 'correct: true' of een lagere credit",
        },
        "en": {
            "single_no_correct": "this 'single' question has no correct answer; put 'correct: true' on exactly one option",
            "single_many_correct": "this 'single' question has {count} correct answers; only one is allowed (use 'credit:' for partly right, or kind: multiple)",
            "credit_on_correct": "the correct answer always counts in full; remove 'credit:' here",
            "credit_full_not_correct": "credit 1 means fully right; use 'correct: true' instead or a lower credit",
        },
    }

    def check(self, question: SingleQuestion, path: Path, report: Reporter) -> None:
        correct = [i for i, o in enumerate(question.options) if o.correct]
        if not correct:
            report.add((*path, "options"), "single_no_correct")
        elif len(correct) > 1:
            report.add((*path, "options", correct[1], "correct"), "single_many_correct", count=len(correct))
        for i, option in enumerate(question.options):
            if option.correct and option.credit is not None and option.credit != 1:
                report.add((*path, "options", i, "credit"), "credit_on_correct")
            elif not option.correct and option.credit == 1:
                report.add((*path, "options", i, "credit"), "credit_full_not_correct")

    def shuffle(self, question: SingleQuestion, rng: random.Random) -> DrawnQuestion:
        return DrawnQuestion(question.id, permutation(len(question.options), rng))

    def is_complete(self, question: SingleQuestion, answer: Answer) -> bool:
        return isinstance(answer, int)

    def score(self, question: SingleQuestion, answer: Answer) -> float:
        return score_single(question, answer if isinstance(answer, int) else None)

    def answer_key(self, question: SingleQuestion) -> Hashable:
        return tuple((o.correct, o.credit) for o in question.options)

    def feedback(self, question: SingleQuestion) -> list[str]:
        return [o.feedback for o in question.options]

    def option_labels(self, question: SingleQuestion) -> list[tuple[str, bool]]:
        return [(o.text, o.correct) for o in question.options]

    def chosen_options(self, answer: Answer) -> list[int]:
        return [answer] if isinstance(answer, int) else []


KIND = SingleKind()
