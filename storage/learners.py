"""Learners: starting without an account, and coming back with a resume code.

A learner gets a personal resume code instead of a password. It has about 78
bits of randomness, is typed in groups of four, and only its hash is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Database
from .schema import Learner, utcnow

RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
RESUME_LENGTH = 16
MAX_NAME = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORKSHOP = re.compile(r"^[A-Z0-9-]{3,20}$")


class InvalidLearnerInput(ValueError):
    """A field the learner filled in is not acceptable; `field` and `code` name why."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__(f"{field}: {code}")
        self.field = field
        self.code = code


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    name: str
    email: str | None
    workshop_code: str | None
    language: str


def new_resume_code() -> str:
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_LENGTH))
    return format_resume_code(raw)


def format_resume_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalize_resume_code(text: str) -> str | None:
    """The canonical code from what someone typed (any case, spaces or dashes), or None."""
    compact = re.sub(r"[\s-]", "", text or "").upper()
    if len(compact) != RESUME_LENGTH or any(c not in RESUME_ALPHABET for c in compact):
        return None
    return format_resume_code(compact)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


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
    value = (email or "").strip()
    if not value:
        return None
    if len(value) > 254 or not _EMAIL.match(value):
        raise InvalidLearnerInput("email", "invalid")
    return value


def clean_workshop_code(code: str | None) -> str | None:
    value = re.sub(r"\s", "", code or "").upper()
    if not value:
        return None
    if not _WORKSHOP.match(value):
        raise InvalidLearnerInput("workshop", "invalid")
    return value


def register(
    db: Database,
    name: str,
    *,
    email: str | None = None,
    workshop_code: str | None = None,
    language: str = "nl",
    oidc_subject: str | None = None,
) -> tuple[LearnerInfo, str]:
    """Create a learner; returns the learner and their resume code (shown once)."""
    fields = dict(
        name=clean_name(name),
        email=clean_email(email),
        workshop_code=clean_workshop_code(workshop_code),
        language=language,
        oidc_subject=oidc_subject,
    )
    code = new_resume_code()
    with db.write() as session:
        learner = Learner(resume_code_hash=_hash(code), **fields)
        session.add(learner)
        session.flush()
        return _info(learner), code


def find_by_resume_code(db: Database, text: str) -> LearnerInfo | None:
    code = normalize_resume_code(text)
    if code is None:
        return None
    with db.write() as session:
        learner = session.scalar(select(Learner).where(Learner.resume_code_hash == _hash(code)))
        if learner is None:
            return None
        learner.last_seen_at = utcnow()
        return _info(learner)


def find_or_register(
    db: Database, name: str, *, email: str | None = None, language: str = "nl"
) -> LearnerInfo:
    """The learner with exactly this name and e-mail (none counts), created if new.

    For operators issuing from the command line: running the same command twice
    must find the same learner, so their diploma is issued once.
    """
    clean, address = clean_name(name), clean_email(email)
    with db.read() as session:
        learner = session.scalar(
            select(Learner)
            .where(
                Learner.name == clean,
                Learner.email.is_(None) if address is None else Learner.email == address,
            )
            .order_by(Learner.id)
            .limit(1)
        )
        if learner is not None:
            return _info(learner)
    return register(db, clean, email=address, language=language)[0]


def preview_learner(db: Database, trainer_email: str, module_id: str, version: int) -> LearnerInfo:
    """The stand-in learner with which a trainer previews one module version.

    A fresh one per trainer and version, so each preview starts empty; such learners are
    left out of every result (see `storage.results`) and can never sign in.
    """
    key = f"{trainer_email}|{module_id}|{version}"

    def find_or_create(session: Session) -> LearnerInfo:
        learner = session.scalar(select(Learner).where(Learner.preview_key == key))
        if learner is None:
            learner = Learner(
                resume_code_hash=_hash(new_resume_code()), name=trainer_email, preview_key=key, language="nl"
            )
            session.add(learner)
            session.flush()
        return _info(learner)

    return db.write_retrying(find_or_create)  # a second tab may create it at the same moment


def find_by_subject(db: Database, subject: str) -> LearnerInfo | None:
    """The learner linked to an identity-provider account (see `register(oidc_subject=...)`)."""
    with db.read() as session:
        learner = session.scalar(select(Learner).where(Learner.oidc_subject == subject))
        return _info(learner) if learner else None


def get(db: Database, learner_id: int) -> LearnerInfo | None:
    with db.read() as session:
        learner = session.get(Learner, learner_id)
        return _info(learner) if learner else None


def set_language(db: Database, learner_id: int, language: str) -> None:
    with db.write() as session:
        learner = session.get(Learner, learner_id)
        if learner is not None:
            learner.language = language


def _info(learner: Learner) -> LearnerInfo:
    return LearnerInfo(learner.id, learner.name, learner.email, learner.workshop_code, learner.language)


def replace_resume_code(db: Database, learner_id: int) -> str:
    """Give the learner a new resume code; the old one stops working at once."""
    code = new_resume_code()
    with db.write() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise KeyError(learner_id)
        learner.resume_code_hash = _hash(code)
    return code
