"""A consistent copy of an SQLite database while the app runs (SQLite's online backup), for
an organisation on the embedded default. PostgreSQL has its own tools: `pg_dump -Fc`, then
`pg_restore` (see the README's "Running it for real")."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .db import Database


class BackupRefused(Exception):
    """Not possible here; the message says what to do instead."""


def backup_sqlite(db: Database, target: Path) -> int:
    """Copy the database to `target` (a new file, kept 0600 like the original); returns its
    size in bytes. Learners may keep answering meanwhile: the copy is of one moment."""
    if not db.is_sqlite:
        raise BackupRefused("this database is PostgreSQL: use pg_dump -Fc (see the README)")
    if target.exists():
        raise BackupRefused(f"{target} exists already: choose a new file name")
    source_path = db.engine.url.database
    if not source_path:
        raise BackupRefused("this SQLite database lives in memory only")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.touch(mode=0o600)
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    os.chmod(target, 0o600)
    return target.stat().st_size
