"""Module versions: every distinct content of a module gets a version number.

Attempts record the version they were taken on. The YAML of each version is kept
in the database, so an old attempt can be reviewed exactly as it was shown even
after the course has been edited, and every replica sees the same versions.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from modules.catalog import ContentError, Course, ModuleBundle, check_module

from .db import Database
from .schema import ModuleVersion


def register_course(db: Database, course: Course) -> dict[str, int]:
    """Make sure each module's current content has a version; returns module id -> version."""
    return {bundle.id: register_module(db, bundle) for bundle in course.modules}


def register_module(db: Database, bundle: ModuleBundle, source: str = "builtin") -> int:
    for _ in range(3):  # another replica may register the same content at the same moment
        try:
            with db.write() as session:
                existing = session.scalar(
                    select(ModuleVersion.version).where(
                        ModuleVersion.module_id == bundle.id, ModuleVersion.digest == bundle.digest
                    )
                )
                if existing is not None:
                    return existing
                latest = session.scalar(
                    select(func.max(ModuleVersion.version)).where(ModuleVersion.module_id == bundle.id)
                )
                version = (latest or 0) + 1
                yaml_files = {
                    name: data.decode("utf-8")
                    for name, data in bundle.files.items()
                    if name.endswith((".yaml", ".yml"))
                }
                session.add(ModuleVersion(module_id=bundle.id, version=version, digest=bundle.digest,
                                          files=yaml_files, source=source))
                return version
        except IntegrityError:
            continue
    raise RuntimeError(f"could not register a version of module {bundle.id}")


def module_at_version(db: Database, module_id: str, version: int) -> ModuleBundle:
    """The module as it was at `version` (raises KeyError when unknown)."""
    return _load_version(db, module_id, version)


@lru_cache(maxsize=256)
def _load_version(db: Database, module_id: str, version: int) -> ModuleBundle:
    # Versions never change once written, so parsing each once per process is enough.
    with db.read() as session:
        files = session.scalar(
            select(ModuleVersion.files).where(
                ModuleVersion.module_id == module_id, ModuleVersion.version == version
            )
        )
    if files is None:
        raise KeyError((module_id, version))
    bundle, problems = check_module({k: v.encode("utf-8") for k, v in files.items()})
    if bundle is None:
        raise ContentError(problems)
    return bundle
