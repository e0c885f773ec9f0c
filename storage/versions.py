"""Module versions: every distinct content of a module gets a version number.

Attempts record the version they were taken on. The files of each version (YAML and
images) are kept in the database, so an old attempt can be reviewed exactly as it was
shown after the course has changed, and every replica sees the same versions. Which
version learners get is decided by `storage.publishing`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from modules.catalog import ContentError, Course, ModuleBundle, check_module

from . import audit
from .db import Database
from .schema import ModulePublication, ModuleVersion, ModuleVersionImage

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class VersionInfo:
    module_id: str
    version: int
    digest: str
    source: str  # builtin | upload
    created_at: datetime
    created_by: str | None
    title: str


def register_course(db: Database, course: Course) -> dict[str, int]:
    """Make sure each built-in module's content has a version; returns module id -> version.

    Built-in content that is new (a first start, or changed files after an update) is
    published at once, so the operator's update reaches learners as it always did.
    """
    return {
        bundle.id: save_version(db, bundle, source="builtin", by="system")[0] for bundle in course.modules
    }


def save_version(db: Database, bundle: ModuleBundle, *, source: str, by: str) -> tuple[int, bool]:
    """The version number of this content, stored now if it is new: (version, created)."""

    def find_or_store(session: Session) -> tuple[int, bool]:
        existing = session.scalar(
            select(ModuleVersion.version).where(
                ModuleVersion.module_id == bundle.id, ModuleVersion.digest == bundle.digest
            )
        )
        if existing is not None:
            return existing, False
        version = _store(session, bundle, source, by)
        if source == "builtin":
            session.add(
                ModulePublication(module_id=bundle.id, version=version, action="builtin", published_by=by)
            )
        else:
            audit.record(session, by, "module_uploaded", bundle.id, {"version": version})
        return version, True

    # Another replica may store the same content at the same moment: the retry finds it.
    return db.write_retrying(find_or_store)


def _store(session: Session, bundle: ModuleBundle, source: str, by: str) -> int:
    latest = session.scalar(
        select(func.max(ModuleVersion.version)).where(ModuleVersion.module_id == bundle.id)
    )
    row = ModuleVersion(
        module_id=bundle.id,
        version=(latest or 0) + 1,
        digest=bundle.digest,
        source=source,
        created_by=by,
        files={
            name: data.decode("utf-8") for name, data in bundle.files.items() if name.endswith(YAML_SUFFIXES)
        },
    )
    session.add(row)
    session.flush()
    for name, data in bundle.files.items():
        if not name.endswith(YAML_SUFFIXES):
            session.add(ModuleVersionImage(module_version_id=row.id, path=name, data=data))
    return row.version


def module_at_version(db: Database, module_id: str, version: int) -> ModuleBundle:
    """The module as it was at `version` (raises KeyError when unknown)."""
    return _load_version(db, module_id, version)


@lru_cache(maxsize=256)
def _load_version(db: Database, module_id: str, version: int) -> ModuleBundle:
    # Versions never change once written, so parsing each once per process is enough.
    files = version_files(db, module_id, version)
    bundle, problems = check_module(files)
    if bundle is None:
        raise ContentError(problems)
    return bundle


def version_files(db: Database, module_id: str, version: int) -> dict[str, bytes]:
    """Every file of a version (YAML and images), by path within the module folder."""
    with db.read() as session:
        row = session.scalar(
            select(ModuleVersion).where(
                ModuleVersion.module_id == module_id, ModuleVersion.version == version
            )
        )
        if row is None:
            raise KeyError((module_id, version))
        files = {name: text.encode("utf-8") for name, text in row.files.items()}
        files.update(
            session.execute(
                select(ModuleVersionImage.path, ModuleVersionImage.data).where(
                    ModuleVersionImage.module_version_id == row.id
                )
            ).all()
        )
    return files


def version_by_digest(db: Database, module_id: str, digest: str) -> int | None:
    with db.read() as session:
        return session.scalar(
            select(ModuleVersion.version).where(
                ModuleVersion.module_id == module_id, ModuleVersion.digest == digest
            )
        )


def module_ids(db: Database) -> list[str]:
    """Every module that has a stored version (also uploads never published, or withdrawn)."""
    with db.read() as session:
        return list(
            session.scalars(select(ModuleVersion.module_id).distinct().order_by(ModuleVersion.module_id))
        )


def history(db: Database, module_id: str) -> list[VersionInfo]:
    """Every stored version of a module, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == module_id)
            .order_by(ModuleVersion.version.desc())
        ).all()
    return [
        VersionInfo(
            r.module_id,
            r.version,
            r.digest,
            r.source,
            r.created_at,
            r.created_by,
            module_at_version(db, module_id, r.version).in_language("nl").title,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class VersionDiff:
    text: str  # unified diff of the YAML files, "" when they are the same
    images: list[str]  # images added, removed or changed


def diff(db: Database, module_id: str, old: int, new: int) -> VersionDiff:
    """What changed from version `old` to version `new` (from the parsed versions kept per process)."""
    before = module_at_version(db, module_id, old).files
    after = module_at_version(db, module_id, new).files
    lines: list[str] = []
    images: list[str] = []
    for name in sorted(set(before) | set(after)):
        if name.endswith(YAML_SUFFIXES):
            lines.extend(
                difflib.unified_diff(
                    _lines(before.get(name)),
                    _lines(after.get(name)),
                    fromfile=f"v{old}/{name}",
                    tofile=f"v{new}/{name}",
                )
            )
        elif before.get(name) != after.get(name):
            images.append(name)
    return VersionDiff("".join(lines), images)


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8").splitlines(keepends=True)
