"""The register of issued diplomas: one per learner per course version, found by code.

Codes have 140 bits from the operating system's CSPRNG, in Crockford base32,
printed in groups of four: `7K3M-PQ9X-...`. Codes are never reused; a revoked
diploma stays in the register with its date and reason.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.audit import record
from storage.db import Database
from storage.schema import Diploma, DiplomaFile, Learner, utcnow

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 28  # 28 x 5 = 140 bits
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


@dataclass(frozen=True)
class DiplomaRecord:
    id: int
    code: str
    learner_id: int
    course_id: str
    course_version: int
    course_title: str
    name: str
    language: str
    modules: list[dict[str, Any]]
    issuer_name: str
    issued_at: datetime
    issued_by: str
    credential: dict[str, Any]
    revoked_at: datetime | None
    revoked_reason: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class AlreadyIssued(Exception):
    """Another request issued this learner's diploma first; use that one."""


def new_code() -> str:
    return format_code("".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)))


def format_code(compact: str) -> str:
    return "-".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def normalize_code(text: str) -> str | None:
    """The canonical code from what someone typed or a URL held, or None when malformed."""
    compact = re.sub(r"[\s-]", "", text or "").upper().translate(_CONFUSABLE)
    if len(compact) != CODE_LENGTH or any(c not in ALPHABET for c in compact):
        return None
    return format_code(compact)


def find(db: Database, code: str) -> DiplomaRecord | None:
    canonical = normalize_code(code)
    if canonical is None:
        return None
    with db.read() as session:
        row = session.scalar(select(Diploma).where(Diploma.code == canonical))
        return _record(row) if row else None


def for_learner(db: Database, learner_id: int, course_id: str, course_version: int) -> DiplomaRecord | None:
    with db.read() as session:
        row = session.scalar(
            select(Diploma).where(
                Diploma.learner_id == learner_id,
                Diploma.course_id == course_id,
                Diploma.course_version == course_version,
            )
        )
        return _record(row) if row else None


def add(db: Database, fields: dict[str, Any], pdf: bytes) -> DiplomaRecord:
    """Store a new diploma and its PDF together; AlreadyIssued if the learner has one."""
    try:
        with db.write() as session:
            row = Diploma(**fields)
            session.add(row)
            session.flush()
            session.add(DiplomaFile(diploma_id=row.id, pdf=pdf))
            return _record(row)
    except IntegrityError as exc:
        raise AlreadyIssued from exc


def pdf(db: Database, diploma_id: int) -> bytes:
    with db.read() as session:
        return session.scalar(select(DiplomaFile.pdf).where(DiplomaFile.diploma_id == diploma_id))


def preview(db: Database, diploma_id: int) -> bytes | None:
    with db.read() as session:
        return session.scalar(select(DiplomaFile.preview_png).where(DiplomaFile.diploma_id == diploma_id))


def store_preview(db: Database, diploma_id: int, png: bytes) -> None:
    with db.write() as session:
        session.get(DiplomaFile, diploma_id).preview_png = png


def revoke(db: Database, code: str, reason: str, by: str) -> DiplomaRecord | None:
    """Mark a diploma revoked (once: a second revocation keeps the first date and reason)."""
    canonical = normalize_code(code)
    if canonical is None:
        return None
    with db.write() as session:
        row = session.scalar(select(Diploma).where(Diploma.code == canonical))
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            row.revoked_reason = reason
            row.revoked_by = by
            files = session.get(DiplomaFile, row.id)
            if files is not None:
                files.preview_png = None  # the card must now say "revoked"
            record(session, by, "revoke", row.code, {"reason": reason})
        return _record(row)


def search(db: Database, text: str = "", limit: int = 500) -> list[DiplomaRecord]:
    """Diplomas whose name or code contains `text`, newest first."""
    query = select(Diploma).order_by(Diploma.issued_at.desc()).limit(limit)
    if text.strip():
        pattern = f"%{text.strip()}%"
        query = query.where(Diploma.name.ilike(pattern) | Diploma.code.ilike(pattern))
    with db.read() as session:
        return [_record(row) for row in session.scalars(query)]


def workshop_zip(db: Database, workshop_code: str) -> tuple[int, bytes]:
    """The stored PDFs of a workshop's valid diplomas in one ZIP (count, bytes)."""
    query = (
        select(Diploma.code, DiplomaFile.pdf)
        .join(DiplomaFile, DiplomaFile.diploma_id == Diploma.id)
        .join(Learner, Learner.id == Diploma.learner_id)
        .where(Learner.workshop_code == workshop_code, Diploma.revoked_at.is_(None))
        .order_by(Diploma.name)
    )
    buffer = io.BytesIO()
    count = 0
    with db.read() as session, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for code, pdf_bytes in session.execute(query):
            archive.writestr(f"diploma-{code}.pdf", pdf_bytes)
            count += 1
    return count, buffer.getvalue()


def _record(row: Diploma) -> DiplomaRecord:
    return DiplomaRecord(
        id=row.id,
        code=row.code,
        learner_id=row.learner_id,
        course_id=row.course_id,
        course_version=row.course_version,
        course_title=row.course_title,
        name=row.name,
        language=row.language,
        modules=list(row.modules),
        issuer_name=row.issuer_name,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        credential=dict(row.credential),
        revoked_at=row.revoked_at,
        revoked_reason=row.revoked_reason,
    )
