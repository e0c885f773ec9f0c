"""Issuing many diplomas at once (e.g. a workshop's roster) into one ZIP, on every core.

Each diploma costs about 25 ms of CPU, mostly the PAdES seal (pyHanko builds the CMS in
pure Python), so a roster is spread over worker processes. Each worker builds its own app
(a connection inherited through fork must never be shared); issuing stays idempotent in
the database, so a roster issued twice gives the same diplomas.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from certificates.record import DiplomaRecord
from settings import Settings
from storage import learners

from .app import CourseApp, create_app


@dataclass(frozen=True)
class RosterEntry:
    name: str
    email: str | None = None
    language: str = "nl"


def issue_roster_zip(app: CourseApp, roster: Iterable[RosterEntry], workers: int | None = None) -> bytes:
    """Issue (or find) a diploma for everyone on the roster; return them as one ZIP."""
    entries = list(roster)
    workers = workers or os.cpu_count() or 1
    app.diplomas.keys  # noqa: B018 -- here first, so the keys exist before any worker starts
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
        if workers == 1 or len(entries) < 8:
            for name, pdf in (_issue(app, entry) for entry in entries):
                archive.writestr(name, pdf)
        else:
            with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(app.settings,)) as pool:
                for name, pdf in pool.map(_issue_in_worker, entries, chunksize=8):
                    archive.writestr(name, pdf)
    return buffer.getvalue()


def issue_for(app: CourseApp, entry: RosterEntry) -> DiplomaRecord:
    """The diploma of the learner with exactly this name and e-mail address (created if new,
    so the same command twice issues once), whether or not they passed: an operator's call."""
    learner = learners.find_or_register(app.db, entry.name, email=entry.email, language=entry.language)
    return app.diplomas.issue(learner.id, language=entry.language, issued_by="cli", require_passed=False)


def _issue(app: CourseApp, entry: RosterEntry) -> tuple[str, bytes]:
    diploma = issue_for(app, entry)
    return f"diploma-{diploma.code}.pdf", app.diplomas.pdf(diploma)


_worker_app: CourseApp | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_app
    _worker_app = create_app(settings, migrate=False)


def _issue_in_worker(entry: RosterEntry) -> tuple[str, bytes]:
    assert _worker_app is not None
    return _issue(_worker_app, entry)
