"""A learner's own data (AVG/GDPR): everything stored about them, their erasure, and the
retention periods that erase what is no longer needed.

What belongs to a learner is found from the tables themselves: every table with a foreign key
to `learners` (and the tables hanging off those), so a table added later is exported and
erased without anyone remembering to. Erasing deletes the learner's row; the database's
`ON DELETE CASCADE` takes their progress with it. Diplomas are the exception: their register
must keep answering for a code someone once shared, so an erased learner's diplomas stay as
revoked records without a name, credential or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, LargeBinary, Table, delete, func, or_, select
from sqlalchemy.orm import Session

from certificates.record import ERASED_REASON

from .audit import record
from .db import Database
from .inputs import DIPLOMA_CODES, RESUME_CODES, is_email
from .learners import hash_resume_code
from .schema import (
    Attempt,
    AuditEntry,
    Base,
    Diploma,
    DiplomaFile,
    Learner,
    LessonRead,
    LoginThrottle,
    OutboxMessage,
    utcnow,
)

# Columns never handed out, not even to the learner: hashes of their keys (the resume code,
# a device's session token), which would only help someone who steals the export.
SECRET_COLUMNS = frozenset(
    {"resume_code_hash", "token_hash", "ticket_hash", "ticket_expires_at", "preview_key"}
)
FAILED_LOGIN_ACTIONS = ("login_failed", "login_locked")


@dataclass(frozen=True)
class Retention:
    """How long each kind of data is kept (defaults: see `settings.Settings`)."""

    inactive_learners: timedelta
    audit_log: timedelta
    failed_logins: timedelta
    sent_messages: timedelta = timedelta(days=30)


@dataclass
class Purge:
    """What a purge removed (or, dry, would remove)."""

    learners: int = 0
    audit_entries: int = 0
    failed_logins: int = 0
    login_counters: int = 0
    sent_messages: int = 0
    expired: dict[str, int] = field(default_factory=dict)  # other rows past their end, by table


def owned_tables() -> list[tuple[Table, Table | None]]:
    """Each table that holds a learner's data, with the table through which it belongs to them
    (None: it has a `learner_id` itself), in an order that can be exported table by table."""
    learners = Base.metadata.tables["learners"]
    direct = [t for t in Base.metadata.sorted_tables if _refers_to(t, learners)]
    through = [
        (t, parent)
        for parent in direct
        for t in Base.metadata.sorted_tables
        if t not in direct and _refers_to(t, parent)
    ]
    own: list[tuple[Table, Table | None]] = [(learners, None), *((t, None) for t in direct)]
    return own + list(through)


def find_learners(db: Database, key: str) -> list[int]:
    """The learners a privacy officer means by `key`: a resume code, a diploma code, or an
    e-mail address (which may have started the course more than once). Trainers' preview
    stand-ins are no one's data and never match."""
    resume, diploma, address = (
        RESUME_CODES.normalize(key),
        DIPLOMA_CODES.normalize(key),
        (key or "").strip().lower(),
    )
    if resume is not None:
        condition = Learner.resume_code_hash == hash_resume_code(resume)
    elif diploma is not None:
        condition = Learner.id.in_(select(Diploma.learner_id).where(Diploma.code == diploma))
    elif address and is_email(address):
        condition = func.lower(Learner.email) == address
    else:
        return []
    with db.read() as session:
        query = select(Learner.id).where(condition, Learner.preview_key.is_(None)).order_by(Learner.id)
        return list(session.scalars(query))


def learner_data(db: Database, learner_id: int) -> dict[str, list[dict[str, Any]]]:
    """Everything stored about one learner, table by table (right of access, AVG art. 15).

    Binary columns (a diploma's PDF) are described, not included: the learner downloads
    those where they are shown.
    """
    data: dict[str, list[dict[str, Any]]] = {}
    with db.read() as session:
        for table, parent in owned_tables():
            query = select(table).where(_belongs_to(table, parent, learner_id)).order_by(*table.primary_key)
            data[table.name] = [_readable(table, row._mapping) for row in session.execute(query)]
    return data


def record_counts(db: Database, learner_id: int) -> dict[str, int]:
    """How many records each table holds about one learner: what a page can say without
    reading the records (a diploma's PDF among them)."""
    with db.read() as session:
        return {
            table.name: int(
                session.scalar(
                    select(func.count()).select_from(table).where(_belongs_to(table, parent, learner_id))
                )
                or 0
            )
            for table, parent in owned_tables()
        }


def erase(db: Database, learner_id: int, *, by: str, reason: str = "request") -> list[str]:
    """Erase a learner (right to erasure, AVG art. 17); returns the codes of their diplomas,
    which are now revoked and hold no name. Nothing is left half-done: one transaction."""
    with db.write() as session:
        learner = session.get(Learner, learner_id, with_for_update=True)
        if learner is None:
            return []
        codes = _strip_diplomas(session, learner_id, by)
        _forget(session, learner)
        record(session, by, "learner_erase", f"learner {learner_id}", {"reason": reason, "diplomas": codes})
        return codes


def purge(db: Database, retention: Retention, *, now: datetime | None = None, dry_run: bool = False) -> Purge:
    """Remove what is past its retention period, in one transaction (rolled back when dry).

    A learner inactive for longer than the period is erased; their diplomas stay valid (a
    diploma is the learner's proof, shared publicly on purpose) but no longer point at them.
    """
    now = now or utcnow()
    done = Purge()
    try:
        with db.write() as session:
            _purge(session, retention, now, done)
            if dry_run:
                raise _RollBack
            record(session, "purge", "purge", None, _counts(done))
    except _RollBack:
        pass
    return done


class _RollBack(Exception):
    """Leaves a dry run's transaction without writing anything."""


def _purge(session: Session, retention: Retention, now: datetime, done: Purge) -> None:
    for learner in session.scalars(select(Learner).where(_inactive_since(now - retention.inactive_learners))):
        _forget(session, learner)
        done.learners += 1
    old_failures = AuditEntry.action.in_(FAILED_LOGIN_ACTIONS) & (
        AuditEntry.at < now - retention.failed_logins
    )
    done.failed_logins = _delete(session, AuditEntry, old_failures)
    done.audit_entries = _delete(session, AuditEntry, AuditEntry.at < now - retention.audit_log)
    done.login_counters = _delete(
        session,
        LoginThrottle,
        (LoginThrottle.updated_at < now - retention.failed_logins)
        & or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < now),
    )
    # What left is a record of sending, not a copy to keep: the address and text go, the row
    # and its dedupe key stay, so the same mail is never queued twice.
    sent = (OutboxMessage.status == "sent") & (OutboxMessage.sent_at < now - retention.sent_messages)
    for message in session.scalars(select(OutboxMessage).where(sent)):
        if message.payload:
            message.payload = {}
            done.sent_messages += 1
    for table in Base.metadata.sorted_tables:  # e.g. a device's session past its end
        if "expires_at" in table.c:
            done.expired[table.name] = _delete_rows(session, table, table.c.expires_at < now)


def _counts(done: Purge) -> dict[str, int]:
    counts = {
        name: getattr(done, name)
        for name in ("learners", "audit_entries", "failed_logins", "login_counters", "sent_messages")
    }
    return counts | {f"expired_{table}": n for table, n in done.expired.items() if n}


def _strip_diplomas(session: Session, learner_id: int, by: str) -> list[str]:
    """Revoke the learner's diplomas as erased and drop what names them: the name, the signed
    credential (it holds the name) and the files. The code, course and dates stay, so the
    verification page can still say "revoked"."""
    codes = []
    for diploma in session.scalars(select(Diploma).where(Diploma.learner_id == learner_id).with_for_update()):
        diploma.revoked_at = diploma.revoked_at or utcnow()
        diploma.revoked_reason = ERASED_REASON
        diploma.revoked_by = by
        diploma.name = ""
        diploma.credential = {}
        session.execute(delete(DiplomaFile).where(DiplomaFile.diploma_id == diploma.id))
        codes.append(diploma.code)
    return codes


def _forget(session: Session, learner: Learner) -> None:
    session.delete(learner)
    session.flush()  # the cascade deletes their progress; diplomas keep learner_id NULL


def _inactive_since(cutoff: datetime) -> ColumnElement[bool]:
    """Learners with no sign of life since `cutoff`: no visit, no lesson read, no quiz answer."""
    return (
        (Learner.last_seen_at < cutoff)
        & (Learner.created_at < cutoff)
        & ~select(LessonRead.learner_id)
        .where(LessonRead.learner_id == Learner.id, LessonRead.read_at >= cutoff)
        .exists()
        & ~select(Attempt.id)
        .where(
            Attempt.learner_id == Learner.id,
            (Attempt.started_at >= cutoff)
            | (func.coalesce(Attempt.submitted_at, Attempt.started_at) >= cutoff),
        )
        .exists()
    )


def _delete(session: Session, model: type[Base], condition: ColumnElement[bool]) -> int:
    return _delete_rows(session, model.__table__, condition)  # type: ignore[arg-type]


def _delete_rows(session: Session, table: Table, condition: ColumnElement[bool]) -> int:
    result = session.execute(delete(table).where(condition))
    return int(result.rowcount)  # type: ignore[attr-defined]


def _refers_to(table: Table, target: Table) -> bool:
    return any(fk.column.table is target for fk in table.foreign_keys)


def _belongs_to(table: Table, parent: Table | None, learner_id: int) -> ColumnElement[bool]:
    if table.name == "learners":
        return table.c.id == learner_id
    if parent is None:
        return table.c.learner_id == learner_id
    (link,) = [fk for fk in table.foreign_keys if fk.column.table is parent]
    return link.parent.in_(select(parent.c.id).where(parent.c.learner_id == learner_id))


def _readable(table: Table, row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name in SECRET_COLUMNS:
            continue
        value = row[column.name]
        if isinstance(column.type, LargeBinary) and value is not None:
            value = f"({len(value)} bytes)"
        out[column.name] = value
    return out
