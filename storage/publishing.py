"""Publications: each time a module version was made the one learners get, or a module
taken out of the course. The newest row per module decides; older rows are the history.

How the live course is composed from these rows, and how often a process looks, is the
application's (`application.catalog`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from . import audit
from .db import Database
from .errors import RefusedInput
from .schema import ModulePublication, ModuleVersion

_AUDIT_ACTIONS = {"publish": "module_published", "restore": "module_restored"}


class PublishRefused(RefusedInput):
    """A publication that cannot be made; `code` names why."""


@dataclass(frozen=True)
class Publication:
    module_id: str
    version: int | None
    action: str
    published_by: str
    published_at: datetime


def publish(db: Database, module_id: str, version: int, by: str, *, action: str = "publish") -> None:
    """Make `version` the one learners get (`action` "restore" for an earlier version)."""
    with db.write() as session:
        exists = session.scalar(
            select(ModuleVersion.id).where(
                ModuleVersion.module_id == module_id, ModuleVersion.version == version
            )
        )
        if exists is None:
            raise PublishRefused("unknown_version")
        session.add(ModulePublication(module_id=module_id, version=version, action=action, published_by=by))
        audit.record(session, by, _AUDIT_ACTIONS[action], module_id, {"version": version})


def withdraw(db: Database, module_id: str, by: str) -> None:
    """Take a module out of the course (its versions stay)."""
    with db.write() as session:
        session.add(ModulePublication(module_id=module_id, version=None, action="withdraw", published_by=by))
        audit.record(session, by, "module_withdrawn", module_id)


def publications(db: Database, module_id: str) -> list[Publication]:
    """The module's publication history, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ModulePublication)
            .where(ModulePublication.module_id == module_id)
            .order_by(ModulePublication.id.desc())
        ).all()
        return [Publication(r.module_id, r.version, r.action, r.published_by, r.published_at) for r in rows]


def revision(db: Database) -> tuple[int, int]:
    """(number of publications, newest id): changes with every publication. With the count
    too, a publication whose transaction commits after a later one is not missed."""
    with db.read() as session:
        count, newest = session.execute(select(func.count(), func.max(ModulePublication.id))).one()
    return count, newest or 0


def current(db: Database) -> tuple[dict[str, int | None], tuple[int, int]]:
    """Per module, the version of its newest publication (None: withdrawn), in the order the
    modules were first published; and the revision this was read at."""
    with db.read() as session:
        rows = session.execute(
            select(ModulePublication.id, ModulePublication.module_id, ModulePublication.version).order_by(
                ModulePublication.id
            )
        ).all()
    published: dict[str, int | None] = {}
    for _, module_id, version in rows:  # later rows overwrite earlier ones; first-seen order kept
        published[module_id] = version
    return published, (len(rows), max((row[0] for row in rows), default=0))
