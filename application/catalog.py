"""The course as learners get it: the built-in content, trainers' uploads, and per module the
published version.

Every replica composes the live course from the publications in the database: the built-in
course's order, each module at its published version, then modules that exist only as
uploads in the order they were first published. A process checks for new publications at
most once per `max_age` seconds, so a publication reaches every replica within about a
second and a page rerun costs no query.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from modules.catalog import ContentError, Course, ModuleBundle, check_module
from storage import publishing, versions
from storage.db import Database

MAX_AGE = 1.0  # seconds a process trusts its composed course before checking again


@dataclass(frozen=True)
class LiveCourse:
    """One consistent view of the course: modules and the versions they are at."""

    course: Course
    versions: dict[str, int]  # module id -> the version learners get
    revision: tuple[int, int]  # of the publications it was composed from

    def version(self, module_id: str) -> int:
        return self.versions[module_id]


class Catalog:
    def __init__(self, db: Database, builtin: Course, *, max_age: float = MAX_AGE) -> None:
        """Give every built-in module's content a version (new content is published at
        once: an update of the app reaches learners), then compose the live course."""
        self.db = db
        self.builtin = builtin
        self.max_age = max_age
        self._builtin_versions = {
            bundle.id: versions.save_version(
                db, bundle.id, bundle.digest, bundle.files, source="builtin", by="system"
            )[0]
            for bundle in builtin.modules
        }
        self._parsed: dict[tuple[str, int], ModuleBundle] = {}
        self._lock = threading.Lock()
        self._live = self._compose()
        self._checked_at = time.monotonic()

    def live(self) -> LiveCourse:
        """The course as learners get it now (see `max_age`)."""
        with self._lock:  # one refresh at a time; every other call returns at once
            now = time.monotonic()
            if now - self._checked_at >= self.max_age:
                if publishing.revision(self.db) != self._live.revision:
                    self._live = self._compose()
                self._checked_at = now
            return self._live

    def refresh(self) -> None:
        """Look at the publications on the next call (this process just published)."""
        with self._lock:
            self._checked_at = float("-inf")

    def module_at(self, module_id: str, version: int) -> ModuleBundle:
        """The module as it was at `version` (KeyError when there is no such version).

        Versions never change once stored, so each is read and parsed once per process.
        """
        key = (module_id, version)
        bundle = self._parsed.get(key)
        if bundle is None:
            bundle = self._parsed[key] = self._parse(module_id, version)
        return bundle

    def module_with_digest(self, module_id: str, digest: str) -> ModuleBundle | None:
        """Any stored version of a module, found by its content digest (media URLs use it)."""
        live = self.live()
        if live.versions.get(module_id) is not None and live.course.module(module_id).digest == digest:
            return live.course.module(module_id)
        version = versions.version_by_digest(self.db, module_id, digest)
        return None if version is None else self.module_at(module_id, version)

    def _parse(self, module_id: str, version: int) -> ModuleBundle:
        if self._builtin_versions.get(module_id) == version:
            return self.builtin.module(module_id)
        bundle, problems = check_module(versions.version_files(self.db, module_id, version))
        if bundle is None:
            raise ContentError(problems)
        return bundle

    def _compose(self) -> LiveCourse:
        published, revision = publishing.current(self.db)
        order = self.builtin.module_ids + [m for m in published if m not in self._builtin_versions]
        bundles: list[ModuleBundle] = []
        live_versions: dict[str, int] = {}
        for module_id in order:
            version = published.get(module_id, self._builtin_versions.get(module_id))
            if version is None:  # withdrawn
                continue
            bundles.append(self.module_at(module_id, version))
            live_versions[module_id] = version
        return LiveCourse(Course(self.builtin.info, tuple(bundles)), live_versions, revision)
