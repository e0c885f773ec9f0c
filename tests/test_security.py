"""What a security officer checks from outside: headers on every answer, the metrics closed,
rate limits with 429 and Retry-After, and no traceback for learners."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from application import CourseApp, current_app
from application.limits import RateLimiter
from storage.inputs import DIPLOMA_CODES
from web import security

from .conftest import ROOT, configured


@pytest.fixture
def client(server: TestClient, course_app: CourseApp) -> Iterator[TestClient]:
    with current_app.serving(course_app):
        yield server


@pytest.mark.parametrize(
    "path", ["/", "/trainer", "/verify/X", "/healthz", "/nergens/iets.js", "/_stcore/health"]
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str):
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers  # served over http here


def test_no_inline_script_but_streamlits_own(client: TestClient):
    policy = client.get("/").headers["content-security-policy"]
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "'sha256-" in scripts
    assert client.get("/assets/html-lang.js").headers["content-type"].startswith("text/javascript")


def test_hsts_when_the_public_address_is_https(server: TestClient, course_app: CourseApp):
    with configured(course_app, public_base_url="https://cursus.gemeente.nl", key_passphrase="wachtzin"):
        assert server.get("/healthz").headers["strict-transport-security"].startswith("max-age=31536000")


def test_the_metrics_are_only_for_this_machine(client: TestClient):
    assert client.get("/_stcore/metrics").status_code == 404  # TestClient is "testclient", not loopback
    assert client.get("/_stcore/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404


def test_six_hundred_quick_requests_get_429_after_the_limit(client: TestClient, monkeypatch):
    monkeypatch.setattr(security, "VERIFY_RATE", RateLimiter(per_minute=120, burst=60))
    statuses = [client.get(f"/verify/{DIPLOMA_CODES.new()}").status_code for _ in range(600)]
    assert statuses[:60] == [404] * 60  # unknown codes, answered
    assert statuses.count(429) >= 500
    refused = client.get("/verify/X")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "Too many requests" in refused.text and "x-frame-options" in refused.headers


def test_the_limit_is_per_client_address():
    limiter = RateLimiter(per_minute=60, burst=2)
    assert [limiter.wait("a", now=0), limiter.wait("a", now=0), limiter.wait("a", now=0)] == [0, 0, 1]
    assert limiter.wait("b", now=0) == 0  # someone else is not held up
    assert limiter.wait("a", now=1.0) == 0  # one per second comes back


def test_learners_never_see_a_traceback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


# --- keys and data at rest -------------------------------------------------------------------


def test_signing_keys_are_stored_encrypted_with_the_passphrase(tmp_path):
    from sqlalchemy import select

    from application import create_app
    from storage.schema import IssuerKey

    from .conftest import settings_for

    app = create_app(settings_for(tmp_path, key_passphrase="een lange wachtzin"))
    app.diplomas.keys  # noqa: B018 -- made now
    with app.db.read() as session:
        stored = list(session.scalars(select(IssuerKey.private_pem)))
    assert len(stored) == 2 and all(pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----") for pem in stored)
    app.close()
    restarted = create_app(settings_for(tmp_path, key_passphrase="een lange wachtzin"))
    assert restarted.diplomas.keys.public_key_multibase  # read back with the passphrase
    restarted.close()


def test_keys_stored_unencrypted_by_an_earlier_version_are_encrypted_on_first_use(tmp_path):
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from application import create_app
    from certificates import keys
    from storage import issuer_keys
    from storage.schema import IssuerKey

    from .conftest import settings_for

    app = create_app(settings_for(tmp_path, key_passphrase="wachtzin"))
    old = ed25519.Ed25519PrivateKey.generate()
    issuer_keys.stored_key(app.db, "credential", lambda: (keys.private_pem(old), None))
    assert app.diplomas.keys.credential_key.public_key() == old.public_key()  # the same key, kept
    with app.db.read() as session:
        assert session.get(IssuerKey, "credential").private_pem.startswith("-----BEGIN ENCRYPTED")
    app.close()


def test_production_without_a_passphrase_refuses_to_start(tmp_path):
    from application import create_app
    from application.passphrase import MissingPassphrase

    from .conftest import settings_for

    with pytest.raises(MissingPassphrase, match="KEY_PASSPHRASE"):
        create_app(settings_for(tmp_path, public_base_url="https://cursus.gemeente.nl"))


def test_on_a_laptop_a_passphrase_is_made_once_and_readable_by_its_owner_only(tmp_path):
    from application.passphrase import FILE_NAME, key_passphrase

    from .conftest import settings_for

    settings = settings_for(tmp_path)
    first = key_passphrase(settings)
    assert first == key_passphrase(settings) and len(first) >= 32
    assert (tmp_path / FILE_NAME).stat().st_mode & 0o777 == 0o600


def test_the_database_file_and_its_folder_are_private(tmp_path):
    from storage.db import Database

    db = Database(f"sqlite:///{tmp_path / 'nieuw' / 'course.db'}")
    db.dispose()
    assert (tmp_path / "nieuw" / "course.db").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "nieuw").stat().st_mode & 0o777 == 0o700


def test_a_pdf_larger_than_five_megabytes_is_refused_by_the_server(course_app: CourseApp):
    verdict = course_app.diplomas.verify_pdf(b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024))
    assert verdict.problem == "too_large" and not verdict.valid


def test_what_is_typed_for_an_unknown_account_is_not_kept(course_app: CourseApp):
    course_app.trainers.login("Welkom2026!mijnwachtwoord", "x")
    entry = course_app.trainers.audit_log()[0]
    assert entry.action == "login_failed" and "Welkom" not in entry.actor and entry.actor.startswith("?")
