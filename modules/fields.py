"""The field types every part of the module format shares, and the fields every question has.

They live apart from `model.py` so the question kinds (`modules/questions/`) can build on
them while `model.py` builds the quiz on the kinds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

# The countries a learner chooses between; content may differ per country (`variants:`).
COUNTRIES = ("nederland", "vlaanderen")
Country = Literal["nederland", "vlaanderen"]


class Strict(BaseModel):
    """Every element of the format. Any element may carry `variants:`: per country, the texts
    that differ from the shared element (checked in `validation.py`, applied by `variants.py`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    variants: dict[Country, dict[str, Any]] = {}


class PostCard(Strict):
    """A social-media post drawn by the app as it looks on a phone: plain text, never a
    screenshot. `replies` make it a comment thread."""

    author: ShortText
    initials: Annotated[str, Field(min_length=1, max_length=3)] | None = None
    handle: ShortText | None = None
    time: ShortText | None = None
    text: Text
    image: ShortText | None = None
    image_alt: ShortText | None = None
    likes: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    comments: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    shares: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    replies: Annotated[list[Reply], Field(max_length=20)] = []

    @property
    def avatar(self) -> str:
        return self.initials or initials_of(self.author)


class Reply(Strict):
    author: ShortText
    initials: Annotated[str, Field(min_length=1, max_length=3)] | None = None
    time: ShortText | None = None
    text: Text
    likes: Annotated[int, Field(ge=0, le=10_000_000)] | None = None

    @property
    def avatar(self) -> str:
        return self.initials or initials_of(self.author)


def initials_of(name: str) -> str:
    """'Gemeente Zaanstad' -> 'GZ': up to two capitals of the name's words."""
    letters = [word[0] for word in name.replace("@", " ").split() if word[:1].isalnum()]
    return ("".join(letters[:1] + letters[-1:]) if len(letters) > 1 else "".join(letters)).upper() or "?"


PostCard.model_rebuild()


class QuestionBase(Strict):
    """What every question has; each kind adds its `kind` tag and its own lists."""

    id: Identifier
    prompt: Text
    scenario: Text | None = None
    explanation: Text | None = None
    # Posts shown with the scenario, e.g. the post or comment thread the learner judges.
    posts: Annotated[list[PostCard], Field(max_length=10)] = []
    # Shown only to learners of this country; absent: to everyone.
    country: Country | None = None
    # The id of the course principle this question tests (content/principles.<lang>.yaml).
    principle: Identifier | None = None
