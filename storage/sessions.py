"""Devices a learner stays signed in on.

A session is made in two steps, because a Streamlit script cannot set cookies: the page asks
for a session and gets a one-time claim; the browser hands the claim to an HTTP route, which
swaps it for the real token (kept in an HttpOnly cookie, never seen by the page). Only hashes
are stored, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update

from .db import Database
from .learners import LearnerInfo, _info
from .schema import Learner, LearnerSession, utcnow

CLAIM_TIME = timedelta(minutes=5)  # how long a page's claim waits for the browser to swap it
# Writing last_seen_at on every click would cost every learner a write; once an hour is plenty
# for a 30-day sliding window.
TOUCH_EVERY = timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def create_claim(db: Database, learner_id: int, now: datetime | None = None) -> tuple[str, int]:
    """A one-time claim for a new session of this learner, valid for a few minutes, and the
    session's id (with which the page signs out, whether or not the browser swapped the claim)."""
    claim, now = new_token(), now or utcnow()
    with db.write() as session:
        row = LearnerSession(
            learner_id=learner_id, token_hash=_hash(claim), created_at=now, expires_at=now + CLAIM_TIME
        )
        session.add(row)
        session.flush()
        return claim, row.id


def redeem_claim(db: Database, claim: str, lifetime: timedelta, now: datetime | None = None) -> str | None:
    """The session token for an unused, unexpired claim (the claim stops working), else None."""
    now, token = now or utcnow(), new_token()
    with db.write() as session:
        row = session.scalar(
            select(LearnerSession)
            .where(
                LearnerSession.token_hash == _hash(claim),
                LearnerSession.last_seen_at.is_(None),
                LearnerSession.revoked_at.is_(None),
                LearnerSession.expires_at > now,
            )
            .with_for_update()
        )
        if row is None:
            return None
        row.token_hash, row.last_seen_at, row.expires_at = _hash(token), now, now + lifetime
    return token


def resolve(
    db: Database, token: str, lifetime: timedelta, now: datetime | None = None
) -> tuple[LearnerInfo, int] | None:
    """The learner of a live session token and the session's id; slides its end `lifetime`
    past now (at most hourly)."""
    if not token:
        return None
    now = now or utcnow()
    with db.read() as session:
        found = session.execute(
            select(LearnerSession, Learner)
            .join(Learner, Learner.id == LearnerSession.learner_id)
            .where(
                LearnerSession.token_hash == _hash(token),
                LearnerSession.last_seen_at.is_not(None),
                LearnerSession.revoked_at.is_(None),
                LearnerSession.expires_at > now,
            )
        ).first()
        if found is None:
            return None
        row, learner = found
        info, stale = _info(learner), row.last_seen_at is None or row.last_seen_at < now - TOUCH_EVERY
        session_id = row.id
    if stale:
        with db.write() as session:
            session.execute(
                update(LearnerSession)
                .where(LearnerSession.id == session_id)
                .values(last_seen_at=now, expires_at=now + lifetime)
            )
            session.execute(update(Learner).where(Learner.id == info.id).values(last_seen_at=now))
    return info, session_id


def revoke(db: Database, token: str, now: datetime | None = None) -> bool:
    """End the session of this token (signing out on that device). True when one was live."""
    return _revoke(db, LearnerSession.token_hash == _hash(token), now)


def revoke_id(db: Database, session_id: int, now: datetime | None = None) -> bool:
    return _revoke(db, LearnerSession.id == session_id, now)


def _revoke(db: Database, which: ColumnElement[bool], now: datetime | None) -> bool:
    with db.write() as session:
        result = session.execute(
            update(LearnerSession)
            .where(which, LearnerSession.revoked_at.is_(None))
            .values(revoked_at=now or utcnow())
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_all(db: Database, learner_id: int, now: datetime | None = None) -> int:
    """End every session of a learner (e.g. when their resume code is replaced)."""
    with db.write() as session:
        result = session.execute(
            update(LearnerSession)
            .where(LearnerSession.learner_id == learner_id, LearnerSession.revoked_at.is_(None))
            .values(revoked_at=now or utcnow())
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
