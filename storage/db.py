"""Database connection: SQLite by default, PostgreSQL by URL; migrations at start.

SQLite is tuned for an app with many readers and few writers: WAL, a busy
timeout, foreign keys on, and every writing transaction opened with
`BEGIN IMMEDIATE` so two writers queue instead of failing with "database is
locked" when a read turns into a write.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
MIGRATIONS = Path(__file__).with_name("migrations")
_READONLY = "course_readonly"


class Database:
    """The engine plus the two kinds of session the app uses: read and write."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(
            self.engine.execution_options(**{_READONLY: True}), expire_on_commit=False
        )
        # SQLite has one write lock per file; threads of this process queue for it here instead
        # of in SQLite's busy handler, which sleeps in steps of up to 100 ms while it waits.
        self._one_writer: AbstractContextManager[object] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )
        if migrate:
            upgrade(self.engine)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any error."""
        with self._one_writer, self._writer() as session, session.begin():
            yield session

    def write_retrying(self, work: Callable[[Session], T], *, attempts: int = 3) -> T:
        """`work` in a write transaction, run again in a fresh one when a unique constraint
        refuses it: another tab or replica did the same at the same moment, and the next
        try finds what it wrote (or draws another random code)."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return work(session)
            except IntegrityError:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")

    def lock(self, session: Session, name: str) -> None:
        """Hold a lock called `name` until `session`'s transaction ends, so find-or-create work
        on the same thing runs one at a time across connections and replicas. (On SQLite every
        write transaction already holds the database's one write lock.)"""
        if not self.is_sqlite:
            session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, isolation_level="READ COMMITTED")
    if parsed.database and parsed.database != ":memory:":
        _private_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _private_file(path: Path) -> None:
    """The database file readable by this user alone (SQLite gives its journal files the same
    mode), in a folder only this user can enter, both made so if they are new."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _configure_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Let SQLAlchemy's "begin" event decide how a transaction starts (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite(connection) -> None:  # type: ignore[no-untyped-def]
    if connection.get_execution_options().get(_READONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(engine: Engine) -> None:
    """Bring the schema to the latest migration. Safe to call from several replicas."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Replicas starting together take turns; the second finds nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(804221)"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
