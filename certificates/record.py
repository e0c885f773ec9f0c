"""A diploma as it was issued: what the PDF, the verification page, the preview card and the
LinkedIn links show. Revoked diplomas stay records, with the date and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
    modules: list[dict[str, Any]]  # {"id", "title", "version"} of the modules, in course order
    issuer_name: str
    issued_at: datetime
    issued_by: str
    credential: dict[str, Any]
    revoked_at: datetime | None
    revoked_reason: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
