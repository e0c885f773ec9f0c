"""Links mailed to learners, kept as hashes: a sign-in link (valid for a while, used once) and an
unsubscribe link (works without signing in); and whether a learner wants refresher mails."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .db import Database
from .schema import Learner, LearnerToken, MailPreference

SIGNIN = "signin"
UNSUBSCRIBE = "unsubscribe"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue(
    session: Session, learner_id: int, purpose: str, now: datetime, expires_at: datetime | None = None
) -> str:
    """A new random token for the learner (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    session.add(
        LearnerToken(
            token_hash=_hash(token),
            learner_id=learner_id,
            purpose=purpose,
            expires_at=expires_at,
            created_at=now,
        )
    )
    return token


def use_signin(db: Database, token: str, now: datetime) -> int | None:
    """The learner a sign-in link belongs to, once: the link is spent by using it; None when it
    is unknown, spent or expired."""
    with db.write() as session:
        row = session.get(LearnerToken, _hash(token or ""), with_for_update=True)
        if row is None or row.purpose != SIGNIN or row.used_at is not None:
            return None
        if row.expires_at is not None and row.expires_at <= now:
            return None
        row.used_at = now
        return row.learner_id


def unsubscribe(db: Database, token: str, now: datetime) -> bool:
    """Stop refresher mails for the learner of an unsubscribe link (again is harmless)."""
    with db.write() as session:
        row = session.get(LearnerToken, _hash(token or ""))
        if row is None or row.purpose != UNSUBSCRIBE:
            return False
        preference = session.get(MailPreference, row.learner_id)
        if preference is None:
            session.add(MailPreference(learner_id=row.learner_id, refresher_mails=False, updated_at=now))
        else:
            preference.refresher_mails, preference.updated_at = False, now
        row.used_at = now
        return True


def is_unsubscribe_token(db: Database, token: str) -> bool:
    with db.read() as session:
        row = session.get(LearnerToken, _hash(token or ""))
        return row is not None and row.purpose == UNSUBSCRIBE


def wants_refresher_mails(session: Session, learner_id: int) -> bool:
    preference = session.get(MailPreference, learner_id)
    return preference is None or preference.refresher_mails


def learner_by_address(session: Session, address: str) -> Learner | None:
    """The learner who last used the course with this address (trainers' stand-ins never)."""
    return session.scalar(
        select(Learner)
        .where(func.lower(Learner.email) == address.strip().lower(), Learner.preview_key.is_(None))
        .order_by(Learner.last_seen_at.desc(), Learner.id.desc())
        .limit(1)
    )


def signins_since(session: Session, learner_id: int, since: datetime) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(LearnerToken)
            .where(
                LearnerToken.learner_id == learner_id,
                LearnerToken.purpose == SIGNIN,
                LearnerToken.created_at >= since,
            )
        )
        or 0
    )


def forget_spent(db: Database, before: datetime) -> int:
    """Delete sign-in links used or expired before `before` (nothing to keep them for)."""
    with db.write() as session:
        spent = (LearnerToken.purpose == SIGNIN) & (
            (LearnerToken.used_at < before) | (LearnerToken.expires_at < before)
        )
        result = session.execute(delete(LearnerToken).where(spent))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
