"""Time to compute and render the trainer's results dashboard over 100,000 generated attempts.

    python bench/results_dashboard.py [--attempts 100000]

Generates learners, attempts (8 items each) and results on the built-in course in a fresh
SQLite file, then times (a) the SQL/pandas aggregation alone and (b) a full AppTest run of
the results page for a signed-in trainer (median of 5 each).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from application import CourseApp, create_app, current_app  # noqa: E402
from modules.catalog import Course  # noqa: E402
from settings import Settings  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.schema import Attempt, AttemptItem, Learner, ModuleResult, utcnow  # noqa: E402

PASSWORD = "een lange zin als wachtwoord"


def generate(db: Database, course: Course, attempts: int) -> None:
    rng = random.Random(7)
    learners = max(1, attempts // 10)
    now = utcnow()
    with db.write() as session:
        session.execute(
            insert(Learner),
            [
                {
                    "id": i + 1,
                    "resume_code_hash": f"{i:064d}",
                    "name": f"Deelnemer {i}",
                    "language": "nl",
                    "created_at": now,
                    "last_seen_at": now,
                }
                for i in range(learners)
            ],
        )
        attempt_rows, item_rows, best = [], [], {}
        for a in range(attempts):
            learner = a % learners + 1
            module = course.modules[(a // learners) % len(course.modules)]
            quiz = module.in_language("nl").quiz
            drawn = rng.sample(quiz.questions, quiz.draw)
            ability = (learner % 10) / 10
            scores = [1.0 if rng.random() < 0.35 + 0.6 * ability else rng.choice([0.0, 0.5]) for _ in drawn]
            score = sum(scores) / len(scores)
            number = a // (learners * len(course.modules)) + 1
            attempt_rows.append(
                {
                    "id": a + 1,
                    "learner_id": learner,
                    "module_id": module.id,
                    "module_version": 1,
                    "number": number,
                    "seed": a,
                    "plan": {},
                    "answers": {},
                    "position": 0,
                    "status": "submitted",
                    "score": score,
                    "passed": score >= 0.8,
                    "started_at": now - timedelta(minutes=12),
                    "submitted_at": now,
                }
            )
            item_rows += [
                {
                    "attempt_id": a + 1,
                    "position": i,
                    "question_id": q.id,
                    "kind": q.kind,
                    "answer": 0 if q.kind == "single" else None,
                    "score": s,
                }
                for i, (q, s) in enumerate(zip(drawn, scores, strict=True))
            ]
            key = (learner, module.id)
            if key not in best or score > best[key]["best_score"]:
                best[key] = {
                    "learner_id": learner,
                    "module_id": module.id,
                    "best_score": score,
                    "best_attempt_id": a + 1,
                    "module_version": 1,
                    "attempts": number,
                    "passed": score >= 0.8,
                    "passed_at": now if score >= 0.8 else None,
                    "updated_at": now,
                }
        for start in range(0, len(attempt_rows), 20_000):
            session.execute(insert(Attempt), attempt_rows[start : start + 20_000])
        for start in range(0, len(item_rows), 50_000):
            session.execute(insert(AttemptItem), item_rows[start : start + 50_000])
        session.execute(insert(ModuleResult), list(best.values()))


def median_time(function, rounds: int = 5) -> float:  # noqa: ANN001
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    args = parser.parse_args()
    defaults = Settings.load(environ={}, secrets={})
    data = tempfile.mkdtemp(prefix="bench-results-")
    course_app = create_app(replace(defaults, database_url=f"sqlite:///{data}/course.db"))
    with current_app.serving(course_app):
        measure(course_app, args.attempts)


def measure(course_app: CourseApp, attempts: int) -> None:
    course, results = course_app.catalog.live().course, course_app.results
    start = time.perf_counter()
    generate(course_app.db, course, attempts)
    print(f"generated {attempts} attempts ({attempts * 8} items) in {time.perf_counter() - start:.1f} s")
    first = course.modules[0].id

    def aggregate() -> None:
        results.funnel()
        results.per_module()
        results.items(first)
        results.options(first)

    print(f"aggregation (funnel, modules, item statistics, answers), median: {median_time(aggregate):.3f} s")

    course_app.trainers.add("bench@example.nl", PASSWORD, by="bench")
    app = AppTest.from_file(str(ROOT / "ui" / "main.py"), default_timeout=120).run()
    app.switch_page("views/trainer_results.py").run()
    app.text_input[0].input("bench@example.nl")
    app.text_input[1].input(PASSWORD)
    app.button(key="FormSubmitter:trainer_login-Inloggen").click().run()
    assert not app.exception, app.exception
    rendered = median_time(lambda: app.run())
    print(f"results page computed and rendered (AppTest), median: {rendered:.3f} s  (goal: < 1 s)")


if __name__ == "__main__":
    main()
