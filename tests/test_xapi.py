"""xAPI statements through the outbox to a real LRS started by the test: Ralph (`ralph
runserver -b fs`, basic auth from a users file), read back through its own /xAPI/statements.

Ralph pins an old Starlette that Streamlit cannot run with, so it lives in a virtualenv of its
own (`bash scripts/ralph-venv.sh`, requirements-lrs.txt); the test finds it through the RALPH
environment variable or `.venv-lrs/bin/ralph`. Without it the test is skipped with a message
(a failure when REQUIRE_LRS=1, as in CI).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from application import CourseApp, create_app
from application.xapi import Statements
from storage.schema import OutboxMessage

from .certificates_fixtures import MODULE, RIGHT, make_settings, take_quiz
from .conftest import ROOT, skip_or_fail
from .test_storage import right_answer

USER, PASSWORD = "cursus", "een-lang-lrs-wachtwoord"
# Ralph's LRS app as `ralph runserver -b fs` starts it, without the reloader, and with one change:
# Ralph 5.1's file backend writes with operation "create", so it makes its one file at the first
# POST and refuses every later one ("already exists and overwrite is not allowed"); it supports
# "append", which is what an LRS on a file needs.
LAUNCH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend
FSDataBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
"""


def ralph_binary() -> Path | None:
    for candidate in (os.environ.get("RALPH"), str(ROOT / ".venv-lrs" / "bin" / "ralph")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


class Lrs:
    def __init__(self, binary: Path, folder: Path) -> None:
        self.binary, self.folder = binary, folder
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI"
        self.process: subprocess.Popen[bytes] | None = None
        python = binary.parent / "python"
        hashed = subprocess.run(
            [
                str(python),
                "-c",
                f"import bcrypt; print(bcrypt.hashpw(b'{PASSWORD}', bcrypt.gensalt(4)).decode())",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        users = [
            {"agent": {"mbox": "mailto:lrs@example.nl"}, "scopes": ["all"], "hash": hashed, "username": USER}
        ]
        (folder / "auth.json").write_text(json.dumps(users))

    def start(self) -> None:
        env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
        }
        log = open(self.folder / "ralph.log", "ab")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(
            [str(self.binary.parent / "python"), "-c", LAUNCH, "127.0.0.1", str(self.port)],
            cwd=self.folder,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.statements()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Ralph did not start: {(self.folder / 'ralph.log').read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
            self.process = None

    def statements(self) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            f"{self.endpoint}/statements?limit=500",
            headers={"X-Experience-API-Version": "1.0.3", "Authorization": _basic()},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
            return list(json.load(answer)["statements"])


def _basic() -> str:
    import base64

    return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[Lrs]:
    binary = ralph_binary()
    if binary is None:
        skip_or_fail("no Ralph LRS: run `bash scripts/ralph-venv.sh` or set RALPH", "REQUIRE_LRS")
    folder = tmp_path / "lrs"
    folder.mkdir()
    server = Lrs(binary, folder)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def world(lrs: Lrs, db_url: str, tmp_path: Path) -> Iterator[CourseApp]:
    app = create_app(
        make_settings(
            tmp_path,
            database_url=db_url,
            xapi_endpoint=lrs.endpoint,
            xapi_username=USER,
            xapi_password=PASSWORD,
        )
    )
    yield app
    app.close()


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def test_a_learners_journey_arrives_in_the_lrs(world: CourseApp, lrs: Lrs):
    base = world.settings.public_base_url
    learner, _ = world.learners.start("Sanne de Vries", email="sanne@example.nl")
    world.learning.mark_lesson_read(learner.id, "mini", MODULE.lessons[0].id)
    attempt = take_quiz(world, learner.id, RIGHT)
    world.diplomas.issue(learner.id)
    world.clock.advance(timedelta(days=8))
    (refresher,) = world.refreshers.overview(learner.id).due
    plan = world.refreshers.state(refresher.id, learner.id).plan
    for i, q in enumerate(plan.question_ids):
        world.refreshers.save_answer(refresher.id, learner.id, q, right_answer(q), i + 1)
    world.refreshers.submit(refresher.id, learner.id)
    assert lrs.statements() == []  # queued only: nobody waited for the LRS
    sent = world.outbox.drain()
    assert sent.failed == 0 and sent.sent == 1 + 1 + 3 + 1 + 1 + 1 + len(plan.question_ids)

    stored = lrs.statements()
    assert sorted(verbs(stored)) == sorted(
        [
            "launched",
            "experienced",
            *["answered"] * (3 + len(plan.question_ids)),
            "passed",
            "completed",
            "earned",
        ]
    )
    account = {"homePage": base, "name": f"learner-{learner.id}"}
    assert all(s["actor"]["account"] == account and "name" not in s["actor"] for s in stored)
    assert all(s["object"]["id"].startswith(f"{base}/") for s in stored)
    passed = next(s for s in stored if verbs([s]) == ["passed"])
    assert passed["object"]["id"] == f"{base}/xapi/modules/mini"
    assert passed["result"]["score"]["scaled"] == 1 and passed["result"]["success"] is True
    assert (
        passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8
    )
    answered = [s for s in stored if verbs([s]) == ["answered"]]
    in_quiz = [s for s in answered if "category" not in s["context"]["contextActivities"]]
    assert {s["object"]["id"].rsplit("/", 1)[1] for s in in_quiz} == set(attempt.plan.question_ids)
    assert all(
        json.loads(s["result"]["response"]) == RIGHT[s["object"]["id"].rsplit("/", 1)[1]] for s in in_quiz
    )
    in_refresher = [s for s in answered if "category" in s["context"]["contextActivities"]]
    assert len(in_refresher) == len(plan.question_ids)
    assert (
        in_refresher[0]["context"]["contextActivities"]["parent"][0]["id"]
        == f"{base}/xapi/modules/mini/refreshers/1"
    )
    # sending again stores nothing twice: the statements carry their own ids
    with world.db.write() as session:
        for row in session.query(OutboxMessage):
            row.status = "pending"
    assert world.outbox.drain().failed == 0
    assert len(lrs.statements()) == len(stored)
    # and what comes later arrives in a batch of its own
    world.learning.mark_lesson_read(learner.id, "mini", MODULE.lessons[0].id)  # the same statement again
    world.learners.resume("X")  # unknown code: nobody launched
    assert world.outbox.drain().sent == 0 and len(lrs.statements()) == len(stored)
    world.learners.start("Tweede Leerling")
    assert world.outbox.drain().sent == 1 and len(lrs.statements()) == len(stored) + 1


def test_statements_survive_the_lrs_being_down(world: CourseApp, lrs: Lrs):
    learner, _ = world.learners.start("Sanne de Vries")
    lrs.stop()
    take_quiz(world, learner.id, RIGHT)
    failed = 0
    for _ in range(3):  # a minute of the app's time, with real failed tries against a closed port
        failed += world.outbox.process_once().failed
        world.clock.advance(timedelta(seconds=20))
    assert failed > 0 and world.outbox.counts().get(("xapi", "sent"), 0) == 0
    lrs.start()
    world.clock.advance(timedelta(minutes=2))  # past the backoff
    assert world.outbox.drain().failed == 0
    assert sorted(verbs(lrs.statements())) == ["answered"] * 3 + ["completed", "launched", "passed"]


def test_the_actor_is_what_the_organisation_chose(tmp_path: Path):
    settings = make_settings(tmp_path, xapi_endpoint="http://lrs.example/xAPI")
    app = create_app(settings)
    try:
        by_account = Statements(settings, app.catalog).actor(7, "Sanne", "Sanne@Example.nl", None)
        assert by_account == {
            "objectType": "Agent",
            "account": {"homePage": settings.public_base_url, "name": "learner-7"},
        }
        by_login = Statements(settings, app.catalog).actor(7, "Sanne", None, "oidc-subject-123")
        assert by_login["account"]["name"] == "oidc-subject-123"
        hashed = Statements(replace(settings, xapi_actor="mbox_sha1sum"), app.catalog).actor(
            7, "Sanne", "Sanne@Example.nl", None
        )
        assert hashed == {
            "objectType": "Agent",
            "mbox_sha1sum": hashlib.sha1(b"mailto:sanne@example.nl").hexdigest(),
        }
        named = Statements(replace(settings, xapi_actor_name=True), app.catalog).actor(7, "Sanne", None, None)
        assert named["name"] == "Sanne"
    finally:
        app.close()


def test_without_an_lrs_nothing_is_queued(tmp_path: Path):
    app = create_app(make_settings(tmp_path))
    try:
        learner, _ = app.learners.start("Sanne de Vries")
        take_quiz(app, learner.id, RIGHT)
        assert app.outbox.counts() == {}
    finally:
        app.close()
