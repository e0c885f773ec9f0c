"""What a question kind is: everything the engine knows about one kind of question.

In the manner of Moodle's question types, each kind is one module in this package that
defines `KIND`, an instance of a `QuestionKind` subclass: its format (a pydantic model),
the rules that need the whole question, its validation messages, how it is shuffled, when
an answer is complete, how it is scored, and what the item analysis counts. The rest of the
engine asks the registry (`modules.questions`) and never tests for a kind itself.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import Any, ClassVar, Generic, Protocol, TypeGuard, TypeVar

from pydantic import BaseModel

from ..fields import QuestionBase
from ..plan import DrawnQuestion
from ..yamlsafe import Path

# What a learner answered, as stored with the attempt (JSON); each kind says which form it
# takes. Answers always refer to options, steps and choices by their index in the file (the
# authored order), never by the shuffled order a learner saw, so grading does not depend on
# how an attempt was shuffled.
Answer = int | list[int] | list[int | None] | None

Texts = dict[str, dict[str, str]]  # language -> message code -> text
Q = TypeVar("Q", bound=QuestionBase)


class Reporter(Protocol):
    """Where a kind reports a problem: its path in the file, a message code and the message's
    parameters (`validation._Reporter` adds file, line and column)."""

    def add(self, path: Path, code: str, **params: Any) -> None: ...


class QuestionKind(ABC, Generic[Q]):
    name: ClassVar[str]  # the `kind:` trainers write
    model: type[Q]  # the question's pydantic model, tagged with `kind: Literal[name]`
    # The models of the question's lists, keyed by the list's name, so validation can
    # suggest a correction for a mistyped key inside an item.
    item_models: ClassVar[dict[str, type[BaseModel]]] = {}
    # This kind's validation messages, in Dutch and English.
    texts: ClassVar[Texts] = {"nl": {}, "en": {}}
    # Whether the item analysis counts how often each option was chosen.
    has_options: ClassVar[bool] = False

    def check(self, question: Q, path: Path, report: Reporter) -> None:
        """Report what the model alone cannot check (rules over the whole question)."""

    @abstractmethod
    def shuffle(self, question: Q, rng: random.Random) -> DrawnQuestion:
        """How this attempt shows the question: drawn from `rng` only, so a seed repeats it."""

    @abstractmethod
    def is_complete(self, question: Q, answer: Answer) -> bool:
        """Whether an answer is complete enough to grade as the learner meant it."""

    @abstractmethod
    def score(self, question: Q, answer: Answer) -> float:
        """The score in [0, 1]; an answer of another form scores 0."""

    @abstractmethod
    def answer_key(self, question: Q) -> Hashable:
        """What grading depends on, without any text: a translation must have the same."""

    @abstractmethod
    def feedback(self, question: Q) -> list[str]:
        """Every feedback text tied to what a learner can choose (options, steps, ...)."""

    def option_labels(self, question: Q) -> list[tuple[str, bool]] | None:
        """Each option's text and whether it is right, in authored order; None when the kind
        has no options to count."""
        return None

    def chosen_options(self, answer: Answer) -> list[int]:
        """The options an answer chose (authored indices), for the option frequencies."""
        return []


def as_list(answer: Answer) -> list[Any]:
    """An answer as a list: a lone index becomes a list of one."""
    if answer is None:
        return []
    return [answer] if isinstance(answer, int) else list(answer)


def is_index_list(answer: Answer) -> TypeGuard[list[int]]:
    """Whether an answer is a list of indices without gaps (as order and branching store)."""
    return isinstance(answer, list) and all(isinstance(i, int) for i in answer)


def permutation(n: int, rng: random.Random, avoid_identity: bool = False) -> tuple[int, ...]:
    order = list(range(n))
    rng.shuffle(order)
    if avoid_identity and n > 1 and order == sorted(order):
        # Showing e.g. steps already in the right order would give the answer away.
        order = order[1:] + order[:1]
    return tuple(order)
