"""Staying signed in on a device (issue 12 point 1): a random token in an HttpOnly cookie,
stored hashed, sliding 30 days, revocable, and gone when the learner is erased."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from application import CourseApp
from application.sessions import COOKIE, LIFETIME
from storage import sessions
from storage.schema import LearnerSession, utcnow
from web.routes import routes


def _learner(app: CourseApp) -> tuple[int, str]:
    info, code = app.learners.start("Zoë Çelik")
    return info.id, code


def test_a_claim_becomes_a_hashed_sliding_session_once(backend_app: CourseApp) -> None:
    app = backend_app
    learner_id, code = _learner(app)
    claim, session_id = app.sessions.claim(learner_id)
    assert app.sessions.learner(claim) is None  # a claim is not a session yet
    token = app.sessions.redeem(claim)
    assert token and token != claim and code not in token
    assert app.sessions.redeem(claim) is None  # one time only
    found = app.sessions.learner(token)
    assert found is not None and found[0].id == learner_id and found[1] == session_id
    with app.db.read() as s:
        row = s.get_one(LearnerSession, session_id)
        assert token not in row.token_hash and claim not in row.token_hash and len(row.token_hash) == 64
        assert row.expires_at > utcnow() + LIFETIME - timedelta(minutes=1)

    # Sliding: a visit 20 days later extends it to 30 days from then; 31 idle days end it.
    later = utcnow() + timedelta(days=20)
    assert sessions.resolve(app.db, token, LIFETIME, now=later) is not None
    assert sessions.resolve(app.db, token, LIFETIME, now=later + timedelta(days=29)) is not None
    assert sessions.resolve(app.db, token, LIFETIME, now=later + timedelta(days=29 + 31)) is None


def test_an_old_claim_and_a_signed_out_session_sign_nobody_in(backend_app: CourseApp) -> None:
    app = backend_app
    learner_id, _ = _learner(app)
    claim, _ = sessions.create_claim(app.db, learner_id, now=utcnow() - timedelta(minutes=6))
    assert app.sessions.redeem(claim) is None
    claim, session_id = app.sessions.claim(learner_id)
    token = app.sessions.redeem(claim)
    assert token
    assert app.sessions.end_id(session_id)
    assert app.sessions.learner(token) is None


def test_erasing_a_learner_removes_their_sessions(backend_app: CourseApp) -> None:
    app = backend_app
    learner_id, _ = _learner(app)
    token = app.sessions.redeem(app.sessions.claim(learner_id)[0])
    assert token
    app.privacy.erase(learner_id, by="test")
    with app.db.read() as s:
        assert s.scalar(select(func.count()).select_from(LearnerSession)) == 0
    assert app.sessions.learner(token) is None


@pytest.fixture
def client(course_app: CourseApp) -> Iterator[TestClient]:
    with TestClient(Starlette(routes=routes(lambda: course_app)), base_url="http://testserver") as c:
        yield c


def _set_cookie(response: object) -> SimpleCookie:
    jar: SimpleCookie = SimpleCookie()
    jar.load(response.headers["set-cookie"])  # type: ignore[attr-defined]
    return jar


def test_the_claim_route_sets_an_httponly_lax_cookie_and_end_removes_it(
    course_app: CourseApp, client: TestClient
) -> None:
    learner_id, _ = _learner(course_app)
    claim, _ = course_app.sessions.claim(learner_id)
    assert client.post("/session/claim", content="nonsense").status_code == 403
    response = client.post("/session/claim", content=claim)
    assert response.status_code == 204
    cookie = _set_cookie(response)[COOKIE]
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) == 30 * 24 * 3600
    assert not cookie["secure"]  # served over http in this test
    assert course_app.sessions.learner(cookie.value) is not None
    assert client.post("/session/claim", content=claim).status_code == 403  # used

    refreshed = client.post("/session/refresh", cookies={COOKIE: cookie.value})
    assert _set_cookie(refreshed)[COOKIE].value == cookie.value

    ended = client.post("/session/end", cookies={COOKIE: cookie.value})
    assert _set_cookie(ended)[COOKIE]["max-age"] == "0"
    assert course_app.sessions.learner(cookie.value) is None


def test_the_cookie_is_secure_when_served_over_https(tmp_path, course_app: CourseApp) -> None:
    from dataclasses import replace

    from application import create_app

    app = create_app(
        replace(
            course_app.settings, public_base_url="https://leren.example.nl", key_passphrase="test passphrase"
        )
    )
    try:
        claim, _ = app.sessions.claim(_learner(app)[0])
        client = TestClient(Starlette(routes=routes(lambda: app)), base_url="https://testserver")
        assert _set_cookie(client.post("/session/claim", content=claim))[COOKIE]["secure"]
    finally:
        app.close()
