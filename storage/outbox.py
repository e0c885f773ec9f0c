"""The outbox: mails and xAPI statements written in the learner's own transaction's time, sent
later by a worker, so a mail server or LRS that is down never blocks a learner.

Claiming is a short transaction: due rows are taken (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so
workers on several replicas take different rows; on SQLite the database's one write lock) and
leased: marked "sending" until `lease` has passed. The sending happens outside any transaction,
then `finish` marks each row sent, or pending again after a backoff, or failed for good. A worker
that dies mid-send leaves its rows to be claimed again when the lease ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .db import Database
from .schema import Learner, OutboxMessage


@dataclass(frozen=True)
class Message:
    id: int
    kind: str
    learner_id: int | None
    payload: dict[str, Any]
    attempts: int


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    *,
    learner_id: int | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """Queue a message in `session`'s transaction; False when `dedupe_key` was queued before."""
    if dedupe_key is not None:
        exists = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key))
        if exists is not None:
            return False
    session.add(
        OutboxMessage(
            kind=kind,
            learner_id=learner_id,
            dedupe_key=dedupe_key,
            payload=payload,
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
    )
    session.flush()
    return True


def add(
    db: Database,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    *,
    learner_id: int | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """`enqueue` in a transaction of its own (a clash on `dedupe_key` is retried and found)."""
    return db.write_retrying(
        lambda session: enqueue(session, kind, payload, now, learner_id=learner_id, dedupe_key=dedupe_key)
    )


def claim(db: Database, kind: str, now: datetime, limit: int, lease: timedelta) -> list[Message]:
    """Take up to `limit` due messages of `kind` for this worker until `now + lease`."""
    with db.write() as session:
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.kind == kind,
                OutboxMessage.status.in_(("pending", "sending")),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        if not db.is_sqlite:
            query = query.with_for_update(skip_locked=True)
        rows = session.scalars(query).all()
        for row in rows:
            row.status = "sending"
            row.next_attempt_at = now + lease
        return [Message(r.id, r.kind, r.learner_id, dict(r.payload), r.attempts) for r in rows]


def finish(
    db: Database,
    sent: list[int],
    failed: list[int],
    now: datetime,
    error: str,
    backoff: Callable[[int], timedelta],
    max_attempts: int,
) -> None:
    """Mark `sent` as sent; reschedule `failed` after `backoff(attempts)`, or give them up."""
    with db.write() as session:
        for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(sent))):
            row.status, row.sent_at, row.last_error = "sent", now, None
            row.attempts += 1
        for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(failed))):
            row.attempts += 1
            row.last_error = error[:500]
            if row.attempts >= max_attempts:
                row.status = "failed"
            else:
                row.status = "pending"
                row.next_attempt_at = now + backoff(row.attempts)


def counts(db: Database) -> dict[tuple[str, str], int]:
    """(kind, status) -> how many: what an operator checks."""
    with db.read() as session:
        rows = session.execute(
            select(OutboxMessage.kind, OutboxMessage.status, func.count()).group_by(
                OutboxMessage.kind, OutboxMessage.status
            )
        ).all()
        return {(kind, status): n for kind, status, n in rows}


def pending(db: Database, now: datetime) -> int:
    """Messages that could be sent at `now`."""
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    or_(OutboxMessage.status == "pending", OutboxMessage.status == "sending"),
                    OutboxMessage.next_attempt_at <= now,
                )
            )
            or 0
        )


def messages(db: Database, kind: str | None = None) -> list[Message]:
    with db.read() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return [
            Message(r.id, r.kind, r.learner_id, dict(r.payload), r.attempts) for r in session.scalars(query)
        ]


def add_many(
    db: Database, kind: str, items: list[tuple[dict[str, Any], int | None, str | None]], now: datetime
) -> int:
    """Queue several messages (payload, learner id, dedupe key) in one transaction; those whose
    key was queued before are left out. Returns how many were queued."""
    if not items:
        return 0

    def work(session: Session) -> int:
        keys = [key for _, _, key in items if key is not None]
        known = set(
            session.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(keys)))
            if keys
            else ()
        )
        fresh = [(p, who, key) for p, who, key in items if key is None or key not in known]
        session.add_all(
            OutboxMessage(
                kind=kind,
                learner_id=who,
                dedupe_key=key,
                payload=payload,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for payload, who, key in fresh
        )
        return len(fresh)

    return db.write_retrying(work)


def learner_identity(db: Database, learner_id: int) -> tuple[str, str | None, str | None, bool] | None:
    """(name, e-mail, organisation login subject, is a trainer's stand-in) of a learner."""
    with db.read() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            return None
        return learner.name, learner.email, learner.oidc_subject, learner.preview_key is not None
