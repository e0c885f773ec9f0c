"""Learners: starting without an account, and coming back with a resume code.

A learner gets a personal resume code instead of a password. It has about 78
bits of randomness, is typed in groups of four, and only its hash is stored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit import record
from .db import Database
from .diplomas import replace_in_force
from .inputs import RESUME_CODES, clean_country, clean_email, clean_name, clean_workshop_code
from .schema import Diploma, Learner, utcnow


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    name: str
    email: str | None
    workshop_code: str | None
    language: str
    country: str | None = None  # nederland | vlaanderen; None until chosen


def hash_resume_code(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def register(
    db: Database,
    name: str,
    *,
    email: str | None = None,
    workshop_code: str | None = None,
    language: str = "nl",
    oidc_subject: str | None = None,
    country: str | None = None,
) -> tuple[LearnerInfo, str]:
    """Create a learner; returns the learner and their resume code (shown once)."""
    fields = dict(
        name=clean_name(name),
        email=clean_email(email),
        workshop_code=clean_workshop_code(workshop_code),
        language=language,
        oidc_subject=oidc_subject,
        country=clean_country(country),
    )
    code = RESUME_CODES.new()
    with db.write() as session:
        learner = Learner(resume_code_hash=hash_resume_code(code), **fields)
        session.add(learner)
        session.flush()
        return _info(learner), code


def find_by_resume_code(db: Database, text: str) -> LearnerInfo | None:
    code = RESUME_CODES.normalize(text)
    if code is None:
        return None
    with db.write() as session:
        learner = session.scalar(select(Learner).where(Learner.resume_code_hash == hash_resume_code(code)))
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
    with db.write() as session:
        db.lock(session, f"learner:{clean}|{address or ''}")  # the same person, issued in parallel
        learner = session.scalar(
            select(Learner)
            .where(
                Learner.name == clean,
                Learner.email.is_(None) if address is None else Learner.email == address,
            )
            .order_by(Learner.id)
            .limit(1)
        )
        if learner is None:
            learner = Learner(
                resume_code_hash=hash_resume_code(RESUME_CODES.new()),
                name=clean,
                email=address,
                language=language,
            )
            session.add(learner)
            session.flush()
        return _info(learner)


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
                resume_code_hash=hash_resume_code(RESUME_CODES.new()),
                name=trainer_email,
                preview_key=key,
                language="nl",
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


def set_country(db: Database, learner_id: int, country: str) -> None:
    """The learner's choice of country; attempts already open keep the variant they were
    drawn from."""
    clean = clean_country(country)
    with db.write() as session:
        learner = session.get(Learner, learner_id)
        if learner is not None:
            learner.country = clean


def _info(learner: Learner) -> LearnerInfo:
    return LearnerInfo(
        learner.id, learner.name, learner.email, learner.workshop_code, learner.language, learner.country
    )


def replace_resume_code(db: Database, learner_id: int) -> str:
    """Give the learner a new resume code; the old one stops working at once."""
    code = RESUME_CODES.new()
    with db.write() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise KeyError(learner_id)
        learner.resume_code_hash = hash_resume_code(code)
    return code


class NameLocked(Exception):
    """The learner's diploma exists: only a trainer can correct the name now (it replaces it)."""


def rename_before_diploma(db: Database, learner_id: int, name: str) -> LearnerInfo:
    """The learner corrects their own name; refused (NameLocked) once a diploma is in force."""
    clean = clean_name(name)
    with db.write() as session:
        learner = session.get(Learner, learner_id, with_for_update=True)
        if learner is None:
            raise KeyError(learner_id)
        in_force = session.scalar(
            select(Diploma.id).where(
                Diploma.learner_id == learner_id, Diploma.replaced_at.is_(None), Diploma.revoked_at.is_(None)
            )
        )
        if in_force is not None:
            raise NameLocked
        learner.name = clean
        return _info(learner)


def correct_name(db: Database, learner_id: int, name: str, *, reason: str, by: str) -> str | None:
    """A trainer corrects a learner's name: the diploma in force (if any) is revoked as replaced,
    so the learner can make a new one at once. The audit log keeps who, which learner and why,
    not the names (erasing the learner later must leave no name behind). Returns the code of
    the diploma replaced."""
    clean = clean_name(name)
    with db.write() as session:
        learner = session.get(Learner, learner_id, with_for_update=True)
        if learner is None:
            raise KeyError(learner_id)
        learner.name = clean
        replaced = replace_in_force(session, learner_id, by)
        record(
            session, by, "name_corrected", f"learner {learner_id}", {"reason": reason, "replaced": replaced}
        )
        return replaced
