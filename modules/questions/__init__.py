"""The question kinds: a registry in the manner of Moodle's question engine.

Every module in this package (except `base`) is one kind and defines `KIND`. They are found
when this package is imported, so adding a kind means adding one module here (and its
renderer in `ui/questions/`); nothing else names the kinds.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, Field

import i18n

from ..fields import QuestionBase
from ..plugins import each_defined
from .base import Answer, QuestionKind

__all__ = ["KINDS", "Answer", "Question", "QuestionKind", "get", "kind_of", "option_kinds"]


def _discover() -> dict[str, QuestionKind[Any]]:
    """Each kind module's `KIND`, by name, in the (stable) order of the module names."""
    found: dict[str, QuestionKind[Any]] = {}
    for kind in each_defined(__path__, __name__, "KIND"):
        if kind.name in found:
            raise RuntimeError(f"two question kinds are called {kind.name!r}")
        found[kind.name] = kind
        i18n.register(kind.texts, prefix="problem.")  # its validation messages
    return found


KINDS: dict[str, QuestionKind[Any]] = _discover()
_BY_MODEL: dict[type[BaseModel], QuestionKind[Any]] = {kind.model: kind for kind in KINDS.values()}

if TYPE_CHECKING:

    class Question(QuestionBase):
        """Any question; code that needs a kind's own fields asks `kind_of` first."""

        kind: str

else:
    # One model per kind, told apart by `kind:` (pydantic's discriminated union).
    Question = Annotated[reduce(or_, [kind.model for kind in KINDS.values()]), Field(discriminator="kind")]


def get(name: str) -> QuestionKind[Any]:
    """The kind called `name`; KeyError for a name no kind has."""
    return KINDS[name]


def kind_of(question: QuestionBase) -> QuestionKind[Any]:
    """The kind a (validated) question belongs to."""
    return _BY_MODEL[type(question)]


def option_kinds() -> list[str]:
    """The kinds whose option choices the item analysis counts."""
    return [name for name, kind in KINDS.items() if kind.has_options]
