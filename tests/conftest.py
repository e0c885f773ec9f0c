"""Shared fixtures: content, databases (SQLite and PostgreSQL), and the app's settings.

Storage tests take the `db` fixture and run once per backend. PostgreSQL is
skipped with a message when none is reachable, except when REQUIRE_POSTGRES=1
(as in CI), where that is a failure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from application import CourseApp, create_app, current_app
from settings import Settings
from storage.db import Database

# Property tests judge results, not speed: a busy machine must not fail them on a deadline.
hypothesis_settings.register_profile("course", deadline=None)
hypothesis_settings.load_profile("course")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
APP = str(ROOT / "ui" / "main.py")  # the Streamlit entry that AppTest runs
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_problem() -> str | None:
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: no PostgreSQL here
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


def skip_or_fail(message: str, required_by: str) -> NoReturn:
    """Skip the test, unless the environment variable `required_by` is 1 (as in CI): then fail."""
    if os.environ.get(required_by) == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_available() -> None:
    problem = _postgres_problem()
    if problem is not None:
        skip_or_fail(f"PostgreSQL not reachable at {POSTGRES_URL} ({problem})", "REQUIRE_POSTGRES")


@pytest.fixture
def postgres_url(postgres_available: None) -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a fresh schema, dropped afterwards."""
    schema = f"test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'course.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


def settings_for(data_dir: Path, content_dir: Path = FIXTURE_CONTENT, **overrides: Any) -> Settings:
    """Settings of a test: the given content, an SQLite file in `data_dir`, nothing from the
    environment or a secrets file."""
    environ = {"COURSE_DATA_DIR": str(data_dir), "COURSE_CONTENT_DIR": str(content_dir)}
    return replace(Settings.load(environ=environ, secrets={}), **overrides)


@pytest.fixture
def backend_app(db_url: str, tmp_path: Path) -> Iterator[CourseApp]:
    """The application on the fixture course, once on SQLite and once on PostgreSQL."""
    app = create_app(settings_for(tmp_path, database_url=db_url))
    yield app
    app.close()


@pytest.fixture
def course_app(tmp_path: Path) -> Iterator[CourseApp]:
    """The application on the small fixture course and a fresh SQLite file."""
    app = create_app(settings_for(tmp_path))
    yield app
    app.close()


@pytest.fixture
def app(course_app: CourseApp) -> Iterator[AppTest]:
    """The whole Streamlit app in AppTest, on `course_app`."""
    with current_app.serving(course_app):
        yield AppTest.from_file(APP, default_timeout=30)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole server (`course_app.app`: Streamlit, the routes, the middleware) in one test
    client for the session: Streamlit's runtime starts once per process. It serves whichever app
    `current_app.serving(...)` installs; it starts on an app of its own."""
    import course_app

    app = create_app(settings_for(tmp_path_factory.mktemp("server")))
    with current_app.serving(app), TestClient(course_app.app) as client:
        yield client
    app.close()


@contextmanager
def configured(course_app: CourseApp, **overrides: Any) -> Iterator[CourseApp]:
    """`course_app` with some settings changed (same database), served to AppTest meanwhile:
    e.g. `oidc_enabled=True` for an organisation that configured its login."""
    app = create_app(replace(course_app.settings, **overrides))
    try:
        with current_app.serving(app):
            yield app
    finally:
        app.close()


@pytest.fixture
def database(course_app: CourseApp) -> Database:
    """The database the app in `app` uses."""
    return course_app.db
