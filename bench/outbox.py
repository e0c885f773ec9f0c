"""Outbox costs, in one run (issue 14):

1. how fast 10,000 queued mails drain to a real SMTP server (aiosmtpd in this process);
2. how fast 10,000 queued xAPI statements drain to a real LRS (Ralph, when RALPH or
   .venv-lrs/bin/ralph exists; see scripts/ralph-venv.sh), in batches of 100;
3. whether a learner's clicks get slower with the outbox on: a whole quiz (start, answers,
   submit) and reading a lesson, timed with no LRS configured and with one configured (the
   statements are then queued in the learner's request; nothing is sent meanwhile).

    python bench/outbox.py [--messages 10000] [--learners 60] [--database URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from application import CourseApp, create_app  # noqa: E402
from settings import Settings  # noqa: E402
from storage import outbox  # noqa: E402

CONTENT = ROOT / "tests" / "fixtures" / "content"
RIGHT = {"vraag-1": 0, "vraag-2": [0, 1], "vraag-3": [0, 1, 2], "vraag-4": [0]}


class Counter:
    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received += 1
        return "250 OK"


def settings(data: Path, database: str | None, **overrides: Any) -> Settings:
    base = Settings.load(
        environ={"COURSE_DATA_DIR": str(data), "COURSE_CONTENT_DIR": str(CONTENT)}, secrets={}
    )
    if database:
        base = replace(base, database_url=database)
    return replace(base, **overrides)


def fresh_database(url: str | None) -> None:
    """An empty schema for a PostgreSQL run (the SQLite file is new in its temporary folder)."""
    if url and url.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()


def drain_mail(data: Path, database: str | None, messages: int) -> None:
    from tests.test_mail import free_port

    counter, port = Counter(), free_port()
    server = Controller(counter, hostname="127.0.0.1", port=port)
    server.start()
    app = create_app(
        settings(
            data, database, smtp_host="127.0.0.1", smtp_port=port, smtp_from="b@example.nl", smtp_tls="none"
        )
    )
    try:
        payload = {
            "to": "leerling@example.nl",
            "subject": "Test",
            "text": "Hallo",
            "html": "<p>Hallo</p>",
            "lang": "nl",
        }
        started = time.perf_counter()
        outbox.add_many(app.db, "mail", [(payload, None, None)] * messages, app.clock.now())
        queued = time.perf_counter() - started
        started = time.perf_counter()
        done = app.outbox.drain(limit=100)
        took = time.perf_counter() - started
        assert done.sent == messages == counter.received, (done, counter.received)
        print(
            f"mail: queued {messages} in {queued:.2f} s; drained in {took:.1f} s = {messages / took:.0f} mails/s"
        )
    finally:
        app.close()
        server.stop()


def drain_statements(data: Path, database: str | None, messages: int) -> None:
    from tests.test_xapi import PASSWORD, USER, Lrs, ralph_binary

    binary = ralph_binary()
    if binary is None:
        print("xapi: skipped (no Ralph: bash scripts/ralph-venv.sh, or set RALPH)")
        return
    folder = data / "lrs"
    folder.mkdir()
    lrs = Lrs(binary, folder)
    lrs.start()
    app = create_app(
        settings(data, database, xapi_endpoint=lrs.endpoint, xapi_username=USER, xapi_password=PASSWORD)
    )
    try:
        learner, _ = app.learners.start("Bench Leerling")
        app.outbox.drain()
        actor = app.xapi.statements.actor(learner.id, "", None, None)
        course = app.xapi.statements.course()
        now = app.clock.now()
        made = [
            app.xapi.statements.statement(f"bench|{n}", actor, "experienced", course, now)
            for n in range(messages)
        ]
        started = time.perf_counter()
        outbox.add_many(app.db, "xapi", [(s, learner.id, None) for s in made], now)
        queued = time.perf_counter() - started
        started = time.perf_counter()
        done = app.outbox.drain(limit=100)
        took = time.perf_counter() - started
        assert done.sent == messages and done.failed == 0, done
        print(
            f"xapi: queued {messages} in {queued:.2f} s; drained in {took:.1f} s = {messages / took:.0f} statements/s"
            " (batches of 100)"
        )
    finally:
        app.close()
        lrs.stop()


def learner_clicks(app: CourseApp, learners: int) -> tuple[float, float]:
    """Median ms of a whole quiz (start, 3 answers, submit) and of reading a lesson."""
    quiz, lesson = [], []
    for n in range(learners):
        learner, _ = app.learners.start(f"Leerling {n}")
        started = time.perf_counter()
        app.learning.mark_lesson_read(learner.id, "mini", "eerste-les")
        lesson.append(time.perf_counter() - started)
        started = time.perf_counter()
        attempt = app.learning.start_attempt(learner.id, "mini")
        for i, q in enumerate(attempt.plan.question_ids):
            app.learning.save_answer(attempt.id, learner.id, q, RIGHT[q], i + 1)
        app.learning.submit(attempt.id, learner.id)
        quiz.append(time.perf_counter() - started)
    return statistics.median(quiz) * 1000, statistics.median(lesson) * 1000


def interaction(data: Path, database: str | None, learners: int) -> None:
    results = {}
    for label, extra in (("off", {}), ("on", {"xapi_endpoint": "http://127.0.0.1:9/xAPI"})):
        fresh_database(database)
        folder = data / f"clicks-{label}"
        folder.mkdir()
        app = create_app(settings(folder, database, **extra))
        try:
            learner_clicks(app, 5)  # warm up
            results[label] = learner_clicks(app, learners)
            app.xapi.flush()
            queued = sum(n for (kind, _), n in app.outbox.counts().items() if kind == "xapi")
        finally:
            app.close()
        quiz, lesson = results[label]
        print(
            f"outbox {label:>3}: quiz {quiz:.1f} ms, lesson read {lesson:.2f} ms (median of {learners}); {queued} statements queued"
        )
    print(
        f"with the outbox on: quiz x{results['on'][0] / results['off'][0]:.2f}, "
        f"lesson x{results['on'][1] / results['off'][1]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--learners", type=int, default=60)
    parser.add_argument("--database", default=None, help="e.g. postgresql+psycopg://postgres@127.0.0.1/bench")
    parser.add_argument("--parts", default="mail,xapi,clicks", help="which of mail,xapi,clicks to run")
    args = parser.parse_args()
    print(f"database: {args.database or 'SQLite (a new file)'}")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        parts = set(args.parts.split(","))
        if "mail" in parts:
            fresh_database(args.database)
            (data / "mail").mkdir()
            drain_mail(data / "mail", args.database, args.messages)
        if "xapi" in parts:
            fresh_database(args.database)
            (data / "xapi").mkdir()
            drain_statements(data / "xapi", args.database, args.messages)
        if "clicks" in parts:
            interaction(data, args.database, args.learners)


if __name__ == "__main__":
    main()
