"""A workshop day's crowd, on SQLite and on PostgreSQL: real threads at the same moment, and
nothing saved is lost or made twice."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from application import CourseApp
from application.roster import RosterEntry, issue_for
from modules.plan import AttemptPlan, DrawnQuestion
from storage import learners, progress, trainers
from storage.db import Database
from storage.schema import Diploma, Learner

PASSWORD = "een lange zin als wachtwoord"


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """`work(i)` in `count` threads released together; every exception is raised afterwards."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = work(i)
        except BaseException as exc:  # reported below, with every other thread's
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [], errors[:3]
    return results


def test_answers_saved_from_several_tabs_are_all_kept(db: Database):
    """Eight tabs of one learner save 160 answers to one attempt at the same time."""
    learner, _ = learners.register(db, "Twee Tabbladen")
    questions = [f"vraag-{i:03d}" for i in range(160)]
    plan = AttemptPlan(7, tuple(DrawnQuestion(q) for q in questions))
    attempt = progress.open_attempt(db, learner.id, "mini", 1, lambda seen: plan)

    def save_share(tab: int) -> None:
        for question in questions[tab::8]:
            progress.save_answer(db, attempt.id, learner.id, question, tab, 0)

    at_once(8, save_share)
    kept = progress.attempts(db, learner.id, "mini")[0].answers
    assert len(kept) == 160 and all(kept[q] == i % 8 for i, q in enumerate(questions))


def test_issuing_one_person_from_sixteen_threads_makes_one_learner_and_one_diploma(backend_app: CourseApp):
    """What `python -m certificates issue --name ...` does, run 16 times at once."""
    codes = at_once(16, lambda _: issue_for(backend_app, RosterEntry("Eén Persoon", "een@example.nl")).code)
    assert len(set(codes)) == 1
    with backend_app.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Learner)) == 1
        assert session.scalar(select(func.count()).select_from(Diploma)) == 1


def test_the_lock_out_holds_under_forty_parallel_wrong_passwords(db: Database):
    trainers.add(db, "anna@example.nl", PASSWORD)
    answers = at_once(40, lambda _: trainers.login(db, "anna@example.nl", "niet het wachtwoord").problem)
    assert answers.count("wrong") == trainers.MAX_FAILURES - 1  # every try counted, none twice
    assert answers.count("locked") == 40 - (trainers.MAX_FAILURES - 1)
    assert trainers.login(db, "anna@example.nl", PASSWORD).problem == "locked"  # even the right one, now


def test_checking_a_password_does_not_hold_the_database(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A password check (Argon2, tens of milliseconds) runs outside any write transaction, so a
    flood of logins never keeps learners' answers from being saved on SQLite."""
    url = f"sqlite:///{tmp_path / 'course.db'}"
    db = Database(url)
    trainers.add(db, "anna@example.nl", PASSWORD)
    writable_during_checks: list[bool] = []
    real_verify = trainers._verify

    def verify_and_probe(password_hash: str, password: str) -> bool:
        other = sqlite3.connect(make_url(url).database, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once while another write transaction is open
            other.execute("ROLLBACK")
            writable_during_checks.append(True)
        except sqlite3.OperationalError:
            writable_during_checks.append(False)
        finally:
            other.close()
        return real_verify(password_hash, password)

    monkeypatch.setattr(trainers, "_verify", verify_and_probe)
    for email, password in [
        ("anna@example.nl", "fout"),
        ("anna@example.nl", PASSWORD),
        ("nobody@example.nl", "x"),
    ]:
        trainers.login(db, email, password)
    assert writable_during_checks == [True, True, True]
    db.dispose()
