"""The field types every part of the module format shares, and the fields every question has.

They live apart from `model.py` so the question kinds (`modules/questions/`) can build on
them while `model.py` builds the quiz on the kinds.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QuestionBase(Strict):
    """What every question has; each kind adds its `kind` tag and its own lists."""

    id: Identifier
    prompt: Text
    scenario: Text | None = None
    explanation: Text | None = None
