"""The audit log of trainer actions: who did what, to what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Database
from .schema import AuditEntry


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any] | None


def record(
    session: Session, actor: str, action: str, subject: str | None, detail: dict[str, Any] | None = None
) -> None:
    """Add an entry inside the caller's transaction, so the entry and the action land together."""
    session.add(AuditEntry(actor=actor, action=action, subject=subject, detail=detail))


def recent(db: Database, limit: int = 200) -> list[AuditRecord]:
    """The newest entries, newest first."""
    with db.read() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
        return [AuditRecord(e.at, e.actor, e.action, e.subject, e.detail) for e in rows]
