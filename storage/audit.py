"""The audit log of trainer actions: who did what, to what, and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Database
from .schema import AuditEntry


def record(
    session: Session, actor: str, action: str, subject: str | None, detail: dict[str, Any] | None = None
) -> None:
    """Add an entry inside the caller's transaction, so the entry and the action land together."""
    session.add(AuditEntry(actor=actor, action=action, subject=subject, detail=detail))


def recent(db: Database, limit: int = 200) -> list[AuditEntry]:
    with db.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
