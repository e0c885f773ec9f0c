"""Practice exercises: what a learner wrote and which self-check items they ticked, per
module. Not graded; kept so a learner finds their work again on any device."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .db import Database
from .schema import PracticeAnswer, utcnow

MAX_TEXT = 5_000  # characters: a post or a reply, with room to spare


@dataclass(frozen=True)
class PracticeState:
    text: str
    checked: frozenset[int]


EMPTY = PracticeState("", frozenset())


def get(db: Database, learner_id: int, module_id: str) -> PracticeState:
    with db.read() as session:
        row = session.get(PracticeAnswer, (learner_id, module_id))
        return PracticeState(row.text, frozenset(row.checked)) if row else EMPTY


def save(
    db: Database, learner_id: int, module_id: str, text: str, checked: set[int] | frozenset[int]
) -> PracticeState:
    """Keep the learner's text (cut at MAX_TEXT) and ticked items; the latest save wins."""
    clean_text, clean_checked = text[:MAX_TEXT], sorted(i for i in checked if 0 <= i < 100)

    def upsert(session: Session) -> PracticeState:
        row = session.get(PracticeAnswer, (learner_id, module_id))
        if row is None:
            row = PracticeAnswer(learner_id=learner_id, module_id=module_id)
            session.add(row)
        row.text, row.checked, row.updated_at = clean_text, clean_checked, utcnow()
        session.flush()
        return PracticeState(row.text, frozenset(row.checked))

    # Two tabs saving a first answer at the same moment: the retry updates the row the other made.
    return db.write_retrying(upsert)
