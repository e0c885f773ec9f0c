"""Backups as the README tells an operator to make them, and a restore from each that the app
then serves: SQLite through `python -m storage backup`, PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import secrets
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from application import create_app
from cli.admin import main as storage_cli

from .certificates_fixtures import make_settings
from .conftest import POSTGRES_URL
from .test_privacy import learner_with_diploma


def test_an_sqlite_backup_restores_to_a_working_course(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    settings = make_settings(tmp_path)
    app = create_app(settings)
    _, code, diploma = learner_with_diploma(app, "Anna de Vries")
    target = tmp_path / "backups" / "course-2026-12-07.db"
    assert storage_cli(["backup", str(target)], app=app) == 0
    assert "backup written to" in capsys.readouterr().out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert storage_cli(["backup", str(target)], app=app) == 2  # never over an existing file
    app.close()

    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    shutil.copy(target, restored_dir / "course.db")  # the restore: put the file back, start the app
    restored = create_app(replace(settings, database_url=f"sqlite:///{restored_dir / 'course.db'}"))
    try:
        assert restored.learners.resume(code) is not None
        found = restored.diplomas.find(diploma)
        assert found is not None and found.name == "Anna de Vries" and not found.revoked
        assert restored.diplomas.verify_pdf(restored.diplomas.pdf(found)).valid  # same keys, same seal
    finally:
        restored.close()


def test_a_postgresql_dump_restores_to_a_working_course(postgres_url: str, tmp_path: Path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump not installed (apt-get install postgresql-client)")
    settings = make_settings(tmp_path, database_url=postgres_url)
    app = create_app(settings)
    _, code, diploma = learner_with_diploma(app, "Bert Janssens")
    app.close()
    schema = postgres_url.split("search_path%3D")[1]
    dump = tmp_path / "course.dump"
    server = POSTGRES_URL.replace("postgresql+psycopg", "postgresql")
    subprocess.run(["pg_dump", "-Fc", "-n", schema, "-f", str(dump), server], check=True, timeout=120)

    database = f"restore_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        target = server.rsplit("/", 1)[0] + f"/{database}"
        subprocess.run(["pg_restore", "--no-owner", "-d", target, str(dump)], check=True, timeout=120)
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{database}?options=-csearch_path%3D{schema}"
        restored = create_app(replace(settings, database_url=url))
        try:
            found = restored.learners.resume(code)
            assert found is not None and found.name == "Bert Janssens"
            assert restored.diplomas.find(diploma) is not None
        finally:
            restored.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{database}" WITH (FORCE)'))
        admin.dispose()
