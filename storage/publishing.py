"""Which version of each module learners get, and the course they are served.

Publishing appends a row to `module_publications`; the newest row per module decides.
Every replica composes the live course from those rows: the built-in course's order,
each module at its published version, then modules that exist only as uploads in the
order they were first published. A process checks for new publications at most once a
second (`MAX_AGE`), so a publication reaches every replica within about a second and a
page rerun costs no query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from modules.catalog import Course, ModuleBundle

from . import audit
from .db import Database
from .errors import RefusedInput
from .schema import ModulePublication, ModuleVersion
from .versions import module_at_version, register_course

_AUDIT_ACTIONS = {"publish": "module_published", "restore": "module_restored"}
MAX_AGE = 1.0  # seconds a process trusts its composed course before checking again


class PublishRefused(RefusedInput):
    """A publication that cannot be made; `code` names why."""


@dataclass(frozen=True)
class LiveCourse:
    course: Course
    versions: dict[str, int]  # module id -> the version learners get
    # (number of publications, newest id) taken into account: with the count too, a
    # publication whose transaction commits after a later one is not missed.
    revision: tuple[int, int]

    def version(self, module_id: str) -> int:
        return self.versions[module_id]


@dataclass(frozen=True)
class Publication:
    module_id: str
    version: int | None
    action: str
    published_by: str
    published_at: datetime


def live_course(db: Database, builtin: Course) -> LiveCourse:
    """The course as learners get it now (cached per process, see MAX_AGE)."""
    key = (db.url, _fingerprint(builtin))
    with _lock:  # one refresh at a time; every other call returns at once
        entry = _cache.get(key)
        now = time.monotonic()
        if entry is None:  # first use in this process: make sure the built-in content has versions
            builtin_versions = register_course(db, builtin)
            entry = _cache[key] = _Entry(_compose(db, builtin, builtin_versions), now, builtin_versions)
        elif now - entry.checked_at >= MAX_AGE:
            if _revision(db) != entry.live.revision:
                entry.live = _compose(db, builtin, entry.builtin_versions)
            entry.checked_at = now
        return entry.live


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
    forget_cached_course()


def withdraw(db: Database, module_id: str, builtin: Course, by: str) -> None:
    """Take a module that exists only as an upload out of the course (built-in modules stay)."""
    if module_id in builtin.module_ids:
        raise PublishRefused("builtin_module")
    with db.write() as session:
        session.add(ModulePublication(module_id=module_id, version=None, action="withdraw", published_by=by))
        audit.record(session, by, "module_withdrawn", module_id)
    forget_cached_course()


def published_version(db: Database, module_id: str) -> int | None:
    """The version learners get according to the newest publication (None: not in the course)."""
    with db.read() as session:
        return session.scalar(
            select(ModulePublication.version)
            .where(ModulePublication.module_id == module_id)
            .order_by(ModulePublication.id.desc())
            .limit(1)
        )


def publications(db: Database, module_id: str) -> list[Publication]:
    """The module's publication history, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ModulePublication)
            .where(ModulePublication.module_id == module_id)
            .order_by(ModulePublication.id.desc())
        ).all()
    return [Publication(r.module_id, r.version, r.action, r.published_by, r.published_at) for r in rows]


def forget_cached_course() -> None:
    """Check the database on the next call (this process just published something)."""
    with _lock:
        for entry in _cache.values():
            entry.checked_at = float("-inf")


@dataclass
class _Entry:
    live: LiveCourse
    checked_at: float  # time.monotonic() of the last look at the publications
    builtin_versions: dict[str, int]


_lock = threading.Lock()
_cache: dict[tuple[str, tuple[str, ...]], _Entry] = {}


def _fingerprint(course: Course) -> tuple[str, ...]:
    return tuple(f"{m.id}:{m.digest}" for m in course.modules)


def _revision(db: Database) -> tuple[int, int]:
    with db.read() as session:
        count, newest = session.execute(select(func.count(), func.max(ModulePublication.id))).one()
    return count, newest or 0


def _compose(db: Database, builtin: Course, builtin_versions: dict[str, int]) -> LiveCourse:
    with db.read() as session:
        rows = session.execute(
            select(ModulePublication.id, ModulePublication.module_id, ModulePublication.version).order_by(
                ModulePublication.id
            )
        ).all()
    published: dict[str, int | None] = {}
    for _, module_id, version in rows:  # later rows overwrite earlier ones; first-seen order kept
        published[module_id] = version
    order = builtin.module_ids + [m for m in published if m not in builtin_versions]
    bundles: list[ModuleBundle] = []
    versions: dict[str, int] = {}
    for module_id in order:
        version = published.get(module_id, builtin_versions.get(module_id))
        if version is None:  # withdrawn
            continue
        if builtin_versions.get(module_id) == version:
            bundles.append(builtin.module(module_id))
        else:
            bundles.append(module_at_version(db, module_id, version))
        versions[module_id] = version
    revision = (len(rows), max((row[0] for row in rows), default=0))
    return LiveCourse(Course(builtin.info, tuple(bundles)), versions, revision)
