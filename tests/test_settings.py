"""Settings are read once, the same way for pages, routes and the command line: environment
variables, then `.streamlit/secrets.toml`, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from application import AppHolder, create_app
from settings import Settings, read_secrets
from web.routes import routes

from .certificates_fixtures import issue_new
from .conftest import FIXTURE_CONTENT

NAMES = ["COURSE_DATA_DIR", "DATABASE_URL", "COURSE_CONTENT_DIR", "PUBLIC_BASE_URL", "TRAINER_EMAILS"]


def test_environment_wins_over_secrets_and_secrets_over_defaults(tmp_path: Path):
    secrets = {"database_url": "sqlite:///from-secrets.db", "public_base_url": "https://uit.secrets.nl/"}
    settings = Settings.load(environ={"DATABASE_URL": "sqlite:///from-env.db"}, secrets=secrets)
    assert settings.database_url == "sqlite:///from-env.db"
    assert settings.public_base_url == "https://uit.secrets.nl"
    assert settings.content_dir.name == "content" and not settings.oidc_enabled


def test_the_organisations_login_and_its_trainers_come_from_the_secrets():
    settings = Settings.load(
        environ={},
        secrets={"auth": {"client_id": "c"}, "trainer_emails": "Anna@Gemeente.nl, ,piet@gemeente.nl"},
    )
    assert settings.oidc_enabled
    assert settings.trainer_emails == ("anna@gemeente.nl", "piet@gemeente.nl")


def test_a_broken_secrets_file_is_an_error_not_another_database(tmp_path: Path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('database_url = "postgresql://', encoding="utf-8")
    with pytest.raises(ValueError):
        read_secrets([broken])


@pytest.fixture
def only_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose `.streamlit/secrets.toml` holds the database and content, as an
    operator who keeps settings out of the environment writes it; returns the data folder."""
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    data = tmp_path / "elders"
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        f'database_url = "sqlite:///{data / "uit-secrets.db"}"\n'
        f'course_content_dir = "{FIXTURE_CONTENT}"\n'
        f'course_data_dir = "{data}"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return data


def test_a_database_named_only_in_the_secrets_reaches_the_routes(only_secrets: Path):
    app = create_app()  # as a page would get it
    assert app.settings.database_url.endswith("uit-secrets.db")
    diploma = issue_new(app, "Alleen In Secrets")
    client = TestClient(Starlette(routes=routes(AppHolder())))  # as the server builds its routes
    assert client.get(f"/verify/{diploma.code}").status_code == 200
    assert client.get(f"/verify/{diploma.code}.json").json()["status"] == "valid"
    app.close()


def test_a_database_named_only_in_the_secrets_reaches_the_command_line(only_secrets: Path, capsys):
    from cli.diplomas import main

    app = create_app()
    pdf = only_secrets / "diploma.pdf"
    pdf.write_bytes(app.diplomas.pdf(issue_new(app, "Alleen In Secrets")))
    app.close()
    assert main(["verify", str(pdf)]) == 0  # builds its own app from the same settings
    assert "Alleen In Secrets" in capsys.readouterr().out
