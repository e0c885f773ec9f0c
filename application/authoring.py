"""Authoring: a trainer's module file becomes a version, is previewed, and is published,
restored or withdrawn. The one door for the upload page, the versions page and the CLI.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from modules.catalog import citation_problems
from modules.files import is_yaml
from modules.upload import UploadResult, pack_module
from storage import publishing, versions
from storage.db import Database
from storage.publishing import Publication, PublishRefused
from storage.versions import VersionRow

from .catalog import Catalog
from .isolation import read_upload_limited


@dataclass(frozen=True)
class Upload:
    """A checked upload; `version` is set when it was valid and is kept."""

    result: UploadResult
    version: int | None = None
    created: bool = False


@dataclass(frozen=True)
class VersionInfo(VersionRow):
    title: str  # the module's title in this version


@dataclass(frozen=True)
class VersionDiff:
    text: str  # unified diff of the YAML files, "" when they are the same
    images: list[str]  # images added, removed or changed


class AuthoringService:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self.db = db
        self.catalog = catalog

    def upload(self, file_name: str, data: bytes, by: str) -> Upload:
        """Check a module file (YAML, or a ZIP of the module folder) and keep it as a new
        version when it is valid, not yet published. A bad file changes nothing."""
        result = read_upload_limited(file_name, data)
        if not result.ok or result.bundle is None:
            return Upload(result)
        # Citations need the course's list of principles, which the worker does not have; the
        # files are valid (small, shallow) by now, so reading them again here costs little.
        cited = citation_problems(result.files, self.catalog.builtin.principles)
        if cited:
            return Upload(UploadResult(None, cited, result.files))
        bundle = result.bundle
        version, created = versions.save_version(
            self.db, bundle.id, bundle.digest, bundle.files, source="upload", by=by
        )
        return Upload(result, version, created)

    def publish(self, module_id: str, version: int, by: str) -> None:
        """Make `version` the one learners get; written to the audit log as a restore when
        it was published before. PublishRefused when there is no such version."""
        earlier = any(p.version == version for p in publishing.publications(self.db, module_id))
        publishing.publish(self.db, module_id, version, by, action="restore" if earlier else "publish")
        self.catalog.refresh()

    def withdraw(self, module_id: str, by: str) -> None:
        """Take a module that exists only as an upload out of the course (built-in ones stay)."""
        if self.is_builtin(module_id):
            raise PublishRefused("builtin_module")
        publishing.withdraw(self.db, module_id, by)
        self.catalog.refresh()

    def is_builtin(self, module_id: str) -> bool:
        return module_id in self.catalog.builtin.module_ids

    def module_ids(self) -> list[str]:
        """The live course's modules, then those that exist only as stored versions."""
        return list(dict.fromkeys(self.catalog.live().course.module_ids + versions.module_ids(self.db)))

    def history(self, module_id: str) -> list[VersionInfo]:
        """Every stored version of a module, newest first."""
        return [
            VersionInfo(
                **vars(row), title=self.catalog.module_at(module_id, row.version).in_language("nl").title
            )
            for row in versions.history(self.db, module_id)
        ]

    def publications(self, module_id: str) -> list[Publication]:
        """The module's publication history, newest first."""
        return publishing.publications(self.db, module_id)

    def diff(self, module_id: str, old: int, new: int) -> VersionDiff:
        """What changed from version `old` to version `new`."""
        before = self.catalog.module_at(module_id, old).files
        after = self.catalog.module_at(module_id, new).files
        lines: list[str] = []
        images: list[str] = []
        for name in sorted(set(before) | set(after)):
            if is_yaml(name):
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

    def package(self, module_id: str, version: int) -> bytes:
        """A version as a ZIP of its module folder: the form an upload takes back."""
        return pack_module(module_id, self.catalog.module_at(module_id, version).files)


def _lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8").splitlines(keepends=True)
