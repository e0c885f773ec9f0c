"""Workshops (cohorts): a title, a date and a short join code learners type or scan.

Join codes avoid letters and digits that are easily confused when read from a projector.
Learners keep the code they joined with (`learners.workshop_code`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .audit import record
from .db import Database
from .errors import RefusedInput
from .inputs import COUNTRIES, WORKSHOP_CODES, clean_workshop_code
from .schema import Learner, Workshop, utcnow


class WorkshopError(RefusedInput):
    """A workshop could not be made or changed; `code` says why."""


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    code: str
    title: str
    held_on: date
    created_by: str
    closed_at: datetime | None
    learners: int = 0
    country: str | None = None  # the variant its learners start with; None: they choose
    testing_out: bool = False  # its learners may take a quiz before reading the lessons

    @property
    def open(self) -> bool:
        return self.closed_at is None


def create(db: Database, title: str, held_on: date, by: str, *, country: str | None = None) -> WorkshopInfo:
    name = " ".join((title or "").split())
    if not name or len(name) > 200:
        raise WorkshopError("title")
    if country not in (None, *COUNTRIES):
        raise WorkshopError("country")

    def open_with_new_code(session: Session) -> WorkshopInfo:
        code = WORKSHOP_CODES.new()
        workshop = Workshop(code=code, title=name, held_on=held_on, created_by=by, country=country)
        session.add(workshop)
        session.flush()
        record(session, by, "workshop_create", code, {"title": name})
        return _workshop(workshop)

    return db.write_retrying(open_with_new_code, attempts=5)  # a code drawn twice: draw again


def close(db: Database, code: str, by: str) -> None:
    with db.write() as session:
        workshop = session.scalar(select(Workshop).where(Workshop.code == code))
        if workshop is None:
            raise WorkshopError("unknown")
        if workshop.closed_at is None:
            workshop.closed_at = utcnow()
            record(session, by, "workshop_close", code, None)


def set_testing_out(db: Database, code: str, allowed: bool, by: str) -> None:
    """Let the workshop's learners take a quiz before reading its lessons (or not)."""
    with db.write() as session:
        workshop = session.scalar(select(Workshop).where(Workshop.code == code))
        if workshop is None:
            raise WorkshopError("unknown")
        if workshop.testing_out != allowed:
            workshop.testing_out = allowed
            record(session, by, "workshop_testing_out", code, {"allowed": allowed})


def testing_out_for(db: Database, learner_id: int) -> bool:
    """Whether the learner's workshop lets them take quizzes before the lessons."""
    with db.read() as session:
        return bool(
            session.scalar(
                select(Workshop.testing_out)
                .join(Learner, Learner.workshop_code == Workshop.code)
                .where(Learner.id == learner_id)
            )
        )


def find_open(db: Database, code: str | None) -> WorkshopInfo | None:
    """The open workshop with this join code (typed in any case, with or without spaces)."""
    try:
        clean = clean_workshop_code(code)
    except ValueError:
        return None
    if clean is None:
        return None
    with db.read() as session:
        workshop = session.scalar(
            select(Workshop).where(Workshop.code == clean, Workshop.closed_at.is_(None))
        )
        return _workshop(workshop) if workshop else None


def all_workshops(db: Database) -> list[WorkshopInfo]:
    with db.read() as session:
        counts = dict(
            session.execute(select(Learner.workshop_code, func.count()).group_by(Learner.workshop_code)).all()
        )
        rows = session.scalars(select(Workshop).order_by(Workshop.held_on.desc(), Workshop.id.desc()))
        return [_workshop(w, counts.get(w.code, 0)) for w in rows]


def _workshop(workshop: Workshop, learners: int = 0) -> WorkshopInfo:
    return WorkshopInfo(
        workshop.id,
        workshop.code,
        workshop.title,
        workshop.held_on,
        workshop.created_by,
        workshop.closed_at,
        learners,
        workshop.country,
        workshop.testing_out,
    )
