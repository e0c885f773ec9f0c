"""Module versions: every distinct content of a module gets a version number.

Attempts record the version they were taken on. The files of each version (YAML and
images) are kept in the database, so an old attempt can be reviewed exactly as it was
shown after the course has changed, and every replica sees the same versions. Which
version learners get is decided by the publications (`storage.publishing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from modules.files import is_yaml

from . import audit
from .db import Database
from .schema import ModulePublication, ModuleVersion, ModuleVersionImage


@dataclass(frozen=True)
class VersionRow:
    module_id: str
    version: int
    digest: str
    source: str  # builtin | upload
    created_at: datetime
    created_by: str | None


def save_version(
    db: Database, module_id: str, digest: str, files: Mapping[str, bytes], *, source: str, by: str
) -> tuple[int, bool]:
    """The version number of this content, stored now if it is new: (version, created).

    New built-in content (a first start, or changed files after an update of the app) is
    published in the same transaction, so the operator's update reaches learners as it
    always did; a new upload is written to the audit log and waits for a trainer.
    """

    def find_or_store(session: Session) -> tuple[int, bool]:
        existing = session.scalar(
            select(ModuleVersion.version).where(
                ModuleVersion.module_id == module_id, ModuleVersion.digest == digest
            )
        )
        if existing is not None:
            return existing, False
        version = _store(session, module_id, digest, files, source, by)
        if source == "builtin":
            session.add(
                ModulePublication(module_id=module_id, version=version, action="builtin", published_by=by)
            )
        else:
            audit.record(session, by, "module_uploaded", module_id, {"version": version})
        return version, True

    # Another replica may store the same content at the same moment: the retry finds it.
    return db.write_retrying(find_or_store)


def _store(
    session: Session, module_id: str, digest: str, files: Mapping[str, bytes], source: str, by: str
) -> int:
    latest = session.scalar(
        select(func.max(ModuleVersion.version)).where(ModuleVersion.module_id == module_id)
    )
    row = ModuleVersion(
        module_id=module_id,
        version=(latest or 0) + 1,
        digest=digest,
        source=source,
        created_by=by,
        files={name: data.decode("utf-8") for name, data in files.items() if is_yaml(name)},
    )
    session.add(row)
    session.flush()
    for name, data in files.items():
        if not is_yaml(name):
            session.add(ModuleVersionImage(module_version_id=row.id, path=name, data=data))
    return row.version


def version_files(db: Database, module_id: str, version: int) -> dict[str, bytes]:
    """Every file of a version (YAML and images), by path within the module folder;
    KeyError when there is no such version."""
    with db.read() as session:
        row = session.scalar(
            select(ModuleVersion).where(
                ModuleVersion.module_id == module_id, ModuleVersion.version == version
            )
        )
        if row is None:
            raise KeyError((module_id, version))
        files = {name: text.encode("utf-8") for name, text in row.files.items()}
        images = select(ModuleVersionImage.path, ModuleVersionImage.data).where(
            ModuleVersionImage.module_version_id == row.id
        )
        files.update((path, data) for path, data in session.execute(images))
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


def history(db: Database, module_id: str) -> list[VersionRow]:
    """Every stored version of a module, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(ModuleVersion)
            .where(ModuleVersion.module_id == module_id)
            .order_by(ModuleVersion.version.desc())
        ).all()
        return [
            VersionRow(r.module_id, r.version, r.digest, r.source, r.created_at, r.created_by) for r in rows
        ]
