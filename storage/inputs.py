"""What people type, cleaned before it is stored: names, e-mail addresses and random codes.

Three kinds of code are handed out and typed back: a learner's resume code, a workshop's
join code and a diploma's code. They share one generator (the operating system's CSPRNG)
and one reader that forgives spaces, dashes, lower case and look-alike letters.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field

from .errors import RefusedInput

MAX_NAME = 120
MAX_EMAIL = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidLearnerInput(RefusedInput):
    """A field someone filled in is not acceptable; `field` and `code` name why."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(code)
        self.field = field
        self.args = (f"{field}: {code}",)


@dataclass(frozen=True)
class CodeFormat:
    """Random codes of `length` characters from `alphabet`, shown in groups of `group`."""

    alphabet: str
    length: int
    group: int = 4
    # Letters people type for one that is not in the alphabet (e.g. O for 0).
    look_alikes: dict[str, str | int | None] = field(default_factory=dict)

    def new(self) -> str:
        return self.format("".join(secrets.choice(self.alphabet) for _ in range(self.length)))

    def format(self, compact: str) -> str:
        return "-".join(compact[i : i + self.group] for i in range(0, len(compact), self.group))

    def normalize(self, text: str | None) -> str | None:
        """The canonical code from what someone typed or a URL held, or None when malformed."""
        compact = re.sub(r"[\s-]", "", text or "").upper().translate(str.maketrans(self.look_alikes))
        if len(compact) != self.length or any(c not in self.alphabet for c in compact):
            return None
        return self.format(compact)


# No 0/O, 1/I/L, U: easy to read aloud and from a projector. 16 characters: about 78 bits.
EASY_TO_READ = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
RESUME_CODES = CodeFormat(EASY_TO_READ, 16)
# About 29 bits: plenty against guessing a workshop, short to type.
WORKSHOP_CODES = CodeFormat(EASY_TO_READ, 6, group=6)
# Crockford base32, 28 x 5 = 140 bits.
DIPLOMA_CODES = CodeFormat("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 28, look_alikes={"I": "1", "L": "1", "O": "0"})
_WORKSHOP = re.compile(r"^[A-Z0-9-]{3,20}$")


def clean_name(name: str) -> str:
    """The name exactly as it should be printed: NFC, inner spaces collapsed."""
    cleaned = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not cleaned:
        raise InvalidLearnerInput("name", "required")
    if len(cleaned) > MAX_NAME:
        raise InvalidLearnerInput("name", "too_long")
    if any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise InvalidLearnerInput("name", "invalid")
    return cleaned


def clean_email(email: str | None) -> str | None:
    """The address as typed (trimmed), None when left empty."""
    value = (email or "").strip()
    if not value:
        return None
    if not is_email(value):
        raise InvalidLearnerInput("email", "invalid")
    return value


def is_email(value: str) -> bool:
    return len(value) <= MAX_EMAIL and _EMAIL.match(value) is not None


def clean_workshop_code(code: str | None) -> str | None:
    """A join code as stored (upper case, no spaces), None when left empty. Codes made by
    operators before join codes were generated may be longer, hence the wider pattern."""
    value = re.sub(r"\s", "", code or "").upper()
    if not value:
        return None
    if not _WORKSHOP.match(value):
        raise InvalidLearnerInput("workshop", "invalid")
    return value


COUNTRIES = ("nederland", "vlaanderen")  # as in modules.fields.COUNTRIES (storage does not import modules)


def clean_country(country: str | None) -> str | None:
    """One of COUNTRIES, or None for none chosen; anything else is refused."""
    if country is None or country == "":
        return None
    if country not in COUNTRIES:
        raise InvalidLearnerInput("country", "invalid")
    return country
