"""The register of issued diplomas: one per learner per course version, found by code.

Codes (`inputs.DIPLOMA_CODES`) are never reused; a revoked diploma stays in the register
with its date and reason.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from certificates.record import REPLACED_REASON, DiplomaRecord

from .audit import record
from .db import Database
from .inputs import DIPLOMA_CODES
from .schema import Diploma, DiplomaFile, Learner, utcnow


class AlreadyIssued(Exception):
    """Another request issued this learner's diploma first; use that one."""


def find(db: Database, code: str) -> DiplomaRecord | None:
    canonical = DIPLOMA_CODES.normalize(code)
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
                Diploma.replaced_at.is_(None),
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
            # A diploma replaced after a name correction points to this one from now on.
            session.execute(
                update(Diploma)
                .where(
                    Diploma.learner_id == row.learner_id,
                    Diploma.course_id == row.course_id,
                    Diploma.course_version == row.course_version,
                    Diploma.replaced_at.is_not(None),
                    Diploma.replaced_by.is_(None),
                )
                .values(replaced_by=row.code)
            )
            return _record(row)
    except IntegrityError as exc:
        raise AlreadyIssued from exc


def pdf(db: Database, diploma_id: int) -> bytes:
    with db.read() as session:
        return session.scalars(select(DiplomaFile.pdf).where(DiplomaFile.diploma_id == diploma_id)).one()


def preview(db: Database, diploma_id: int) -> bytes | None:
    with db.read() as session:
        return session.scalar(select(DiplomaFile.preview_png).where(DiplomaFile.diploma_id == diploma_id))


def store_preview(db: Database, diploma_id: int, png: bytes) -> None:
    with db.write() as session:
        files = session.get_one(DiplomaFile, diploma_id)
        files.preview_png = png


def revoke(db: Database, code: str, reason: str, by: str) -> DiplomaRecord | None:
    """Mark a diploma revoked (once: a second revocation keeps the first date and reason)."""
    canonical = DIPLOMA_CODES.normalize(code)
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


def replace_in_force(session: Session, learner_id: int, by: str) -> str | None:
    """Revoke the learner's diplomas in force as "replaced" (their name was corrected), so a new
    one can be made at once; returns the code of the one replaced, if any."""
    now, code = utcnow(), None
    for row in session.scalars(
        select(Diploma)
        .where(Diploma.learner_id == learner_id, Diploma.replaced_at.is_(None), Diploma.revoked_at.is_(None))
        .with_for_update()
    ):
        row.revoked_at, row.revoked_reason, row.revoked_by = now, REPLACED_REASON, by
        row.replaced_at = now
        files = session.get(DiplomaFile, row.id)
        if files is not None:
            files.preview_png = None  # the card must now say "revoked"
        code = row.code
    return code


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
        country=row.country,
        replaced_by=row.replaced_by,
    )
