"""The national roll-out, tested: two app processes on PostgreSQL behind Debian's nginx
(`deploy/replicas.sh`). A learner takes a quiz through nginx in a real browser while the
replicas are restarted one after the other; nothing they saved is lost. Then the workshop
benchmark runs through nginx."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from application import create_app
from storage import progress

from ..certificates_fixtures import require_tool
from ..conftest import settings_for
from .conftest import DESKTOP, ROOT
from .test_learner_journey import MODULE, Learner, T, answer, shown_question


@dataclass
class Deployment:
    url: str
    run: Path
    replica_ports: list[int]

    def restart(self, port: int) -> None:
        """Stop one replica as an operator would for an update; the script starts it again."""
        pid_file = self.run / f"replica-{port}.pid"
        old = pid_file.read_text().strip()
        os.kill(int(old), signal.SIGTERM)
        wait_until(lambda: pid_file.read_text().strip() != old, f"replica {port} started again")
        wait_until(lambda: healthy(f"http://127.0.0.1:{port}"), f"replica {port} healthy again")


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def consecutive_free_ports(count: int) -> int:
    """The first of `count` free ports in a row (the script numbers its replicas from one port)."""
    for start in range(20000, 60000, 97):
        try:
            with contextlib.ExitStack() as stack:
                for port in range(start, start + count):
                    s = stack.enter_context(socket.socket())
                    s.bind(("127.0.0.1", port))
            return start
        except OSError:
            continue
    raise RuntimeError("no free ports")


def healthy(url: str) -> bool:
    import httpx2 as httpx

    try:
        return httpx.get(f"{url}/_stcore/health", timeout=1).text == "ok"
    except httpx.HTTPError:
        return False


def wait_until(check, what: str, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting: {what}")
        time.sleep(0.2)


@pytest.fixture
def deployment(browser_available: None, postgres_url: str, tmp_path: Path) -> Iterator[Deployment]:
    require_tool("nginx")
    (port,), first = free_ports(1), consecutive_free_ports(2)
    url, run = f"http://127.0.0.1:{port}", tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "COURSE_", "DATABASE_"))}
    env |= {
        "DATABASE_URL": postgres_url,
        "COURSE_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "content"),
        "COURSE_DATA_DIR": str(tmp_path / "data"),
        "PUBLIC_BASE_URL": url,
        "RUN_DIR": str(run),
        "FIRST_PORT": str(first),
    }
    script = subprocess.Popen(
        ["bash", "deploy/replicas.sh", "2", str(port)], cwd=ROOT, env=env, start_new_session=True
    )
    deployment = Deployment(url, run, [first, first + 1])
    try:
        for address in [*(f"http://127.0.0.1:{p}" for p in deployment.replica_ports), url]:  # nginx last
            wait_until(lambda a=address: healthy(a), f"{address} healthy")
        yield deployment
    finally:
        os.killpg(script.pid, signal.SIGTERM)
        script.wait(timeout=30)
        for log in run.glob("*.log"):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")


def test_a_learner_keeps_every_answer_while_the_replicas_restart(
    deployment, open_app, tmp_path, postgres_url
):
    app = create_app(settings_for(tmp_path, database_url=postgres_url))
    me, code = app.learners.start("Noor Door-De-Proxy")
    learner = Learner(open_app(base_url=deployment.url, **DESKTOP), touch=False)
    learner.app.goto(f"/quiz?module=mini&resume={code}")
    learner.press(learner.button(T("quiz.start")))
    first = shown_question(learner)
    answer(learner, first, right=True)
    learner.press(learner.button(T("quiz.next")))
    expect(learner.main.get_by_text(T("quiz.question_of", number=2, total=MODULE.quiz.draw))).to_be_visible()
    saved = progress.attempts(app.db, me.id, "mini")[0].answers
    assert first.id in saved

    for port in deployment.replica_ports:  # a rolling restart: the learner's replica is one of them
        deployment.restart(port)

    learner.app.goto(f"/quiz?module=mini&resume={code}")  # back in, on whichever replica now
    expect(learner.main.get_by_text(T("quiz.question_of", number=2, total=MODULE.quiz.draw))).to_be_visible()
    assert progress.attempts(app.db, me.id, "mini")[0].answers == saved
    learner.press(learner.button(T("quiz.previous")))
    assert shown_question(learner).id == first.id
    app.close()


def test_the_workshop_benchmark_runs_through_nginx(deployment, postgres_url):
    done = subprocess.run(
        [sys.executable, "bench/workshop.py", "--learners", "12", "--ramp", "2", "--think", "0.1", "0.3",
         "--module", "mini", "--url", deployment.url, "--database-url", postgres_url, "--no-trivial"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "COURSE_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "content")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "errors: 0" in done.stdout, done.stdout
    assert "submit                   12" in done.stdout  # every learner handed in their quiz
