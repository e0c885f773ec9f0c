"""A diploma as it was issued: what the PDF, the verification page, the preview card and the
LinkedIn links show. Revoked diplomas stay records, with the date and the reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

# The reason of a diploma revoked because its holder was erased (AVG art. 17): it then keeps
# no name, credential or file, and the verification page says "revoked" and nothing more.
ERASED_REASON = "erased at the learner's request"
# The reason of a diploma replaced by a new one after a trainer corrected the name on it.
REPLACED_REASON = "replaced"


@dataclass(frozen=True)
class DiplomaRecord:
    id: int
    code: str
    learner_id: int | None  # None once the learner is erased
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
    country: str | None = None  # the course variant (nederland | vlaanderen) the learner took
    replaced_by: str | None = None  # the code of the diploma that replaces this one

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def erased(self) -> bool:
        return self.revoked_reason == ERASED_REASON
