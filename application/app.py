"""The application object: everything one process needs, built once from settings.

    app = create_app(settings)      # or create_app(): environment, then secrets, then defaults
    app.learning.start_attempt(learner_id, "spelregels")

Pages, HTTP routes, command-line tools, the bulk-issuing workers and the benchmarks all ask
a `CourseApp` for what they need; none of them builds a database or reads settings itself.
In the server, `current_app` holds the process's one app, built on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from modules.catalog import load_course
from settings import Settings
from storage.backup import backup_sqlite
from storage.db import Database

from .authoring import AuthoringService
from .catalog import Catalog
from .clock import Clock
from .diplomas import DiplomaService
from .learners import LearnerService
from .learning import LearningService
from .limits import PageLimits
from .mail import MailService, smtp_sender
from .outbox import OutboxService, OutboxWorker
from .passphrase import key_passphrase
from .privacy import PrivacyService
from .refreshers import RefresherService
from .results import ResultsService
from .sessions import SessionService
from .trainers import TrainerService
from .workshops import WorkshopService
from .xapi import XapiService, lrs_sender

log = logging.getLogger(__name__)


class CourseApp:
    def __init__(self, settings: Settings, *, migrate: bool = True) -> None:
        """Start up: read the built-in course (ContentError names every problem), open the
        database and bring its schema up to date, give the built-in modules their versions.
        Signing keys are read or made on first use, encrypted with the key passphrase."""
        self.settings = settings
        key_passphrase(settings)  # production without KEY_PASSPHRASE: refuse to start (MissingPassphrase)
        builtin = load_course(settings.content_dir)
        self.db = Database(settings.database_url, migrate=migrate)
        self.catalog = Catalog(self.db, builtin)
        self.clock = Clock(settings.clock_offset_file)
        self.learners = LearnerService(self.db, settings, self.clock)
        self.learning = LearningService(self.db, self.catalog)
        self.authoring = AuthoringService(self.db, self.catalog)
        self.diplomas = DiplomaService(self.db, settings, self.catalog, self.learning)
        self.trainers = TrainerService(self.db, settings)
        self.workshops = WorkshopService(self.db, settings, self.catalog)
        self.results = ResultsService(self.db, self.catalog)
        self.privacy = PrivacyService(self.db, settings)
        self.limits = PageLimits()
        self.sessions = SessionService(self.db, settings)
        self.refreshers = RefresherService(self.db, self.catalog, settings, self.clock)
        self.outbox = OutboxService(self.db, self.clock)
        self.mail = MailService(self.db, settings, self.catalog, self.clock, self.refreshers)
        if settings.mail_configured:
            self.outbox.senders["mail"] = smtp_sender(settings)
            self.diplomas.on_issued.append(self.mail.diploma_ready)
        self.xapi = XapiService(self.db, settings, self.catalog, self.clock)
        if settings.xapi_configured:
            self.outbox.senders["xapi"] = lrs_sender(settings)
            self.learners.on_launched.append(self.xapi.launched)
            self.learning.on_lesson_read.append(self.xapi.lesson_read)
            self.learning.on_submitted.append(self.xapi.attempt_submitted)
            self.refreshers.on_submitted.append(self.xapi.refresher_submitted)
            self.diplomas.on_issued.append(self.xapi.diploma_issued)
            self.xapi.course_complete = lambda learner_id: self.learning.progress(learner_id).complete
            self.outbox.before_sending.append(self.xapi.flush)
        self._worker: OutboxWorker | None = None
        if self.address_is_local:
            log.warning(
                "PUBLIC_BASE_URL is %s: QR codes, resume links and LinkedIn links will point to this "
                "machine; set PUBLIC_BASE_URL to the address learners use",
                settings.public_base_url,
            )

    @property
    def address_is_local(self) -> bool:
        """The public address is this machine (localhost): fine on a laptop, wrong in a room."""
        return not self.settings.production

    def backup(self, target: Path) -> int:
        """Copy the SQLite database to `target` while serving (BackupRefused on PostgreSQL:
        pg_dump does that); returns the copy's size in bytes."""
        return backup_sqlite(self.db, target)

    def start_outbox_worker(self) -> None:
        """Send mails and statements from a background thread (the server does this at start
        when something is configured to send to)."""
        if self._worker is None:
            self._worker = OutboxWorker(self.outbox, self.mail.queue_refresher_mails)
            self._worker.start()

    def close(self) -> None:
        if self.settings.xapi_configured:
            self.xapi.stop()  # what learners did last reaches the outbox
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        self.db.dispose()


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> CourseApp:
    """An app on `settings`, or on the settings of this process (environment, secrets, defaults)."""
    return CourseApp(settings if settings is not None else Settings.load(), migrate=migrate)


class AppHolder:
    """The process's app, built on first use (then shared by every page and route), or one
    installed for a while with `serving` (tests and tools that built their own)."""

    def __init__(self) -> None:
        self._app: CourseApp | None = None
        self._lock = threading.Lock()

    def __call__(self) -> CourseApp:
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None:
                    self._app = create_app()
                app = self._app
        return app

    @contextmanager
    def serving(self, app: CourseApp) -> Iterator[CourseApp]:
        with self._lock:
            previous, self._app = self._app, app
        try:
            yield app
        finally:
            with self._lock:
                self._app = previous


current_app = AppHolder()
