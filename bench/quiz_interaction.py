"""Median time of one quiz interaction (answer + next) via AppTest, on the full built-in course,
next to a trivial one-button page in the same process.

    python bench/quiz_interaction.py [--rounds 200]

Both are measured interleaved, after a warm-up, so machine noise hits them alike.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from application import CourseApp, create_app, current_app  # noqa: E402
from modules.questions.single import SingleQuestion  # noqa: E402
from settings import Settings  # noqa: E402

TRIVIAL = """
import streamlit as st
st.button("Klik", key="b")
"""


def bench_app() -> CourseApp:
    """The app on the built-in course and a fresh SQLite file (whatever this shell's settings)."""
    defaults = Settings.load(environ={}, secrets={})
    return create_app(
        replace(defaults, database_url=f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/course.db")
    )


def quiz_app(app: CourseApp) -> tuple[AppTest, str, object]:
    """An AppTest on the quiz page of the first module, on a single-answer question."""
    learning = app.learning
    _, code = app.learners.start("Bench Mark")
    at = AppTest.from_file(str(ROOT / "ui" / "main.py"), default_timeout=60)
    at.query_params["resume"] = code
    at.run()
    module = app.catalog.live().course.modules[0]
    at.switch_page("views/quiz.py")
    at.query_params["module"] = module.id
    at.run()
    learner_id = at.session_state["learner_id"]
    quiz = module.in_language("nl").quiz
    # The most common interaction: a single-answer question followed by another one.
    # Draws are random, so draw again until an attempt has such a pair.
    while True:
        start = "start_quiz" if any(b.key == "start_quiz" for b in at.button) else "retry"
        at.button(key=start).click().run()
        attempt = next(a for a in learning.attempts(learner_id, module.id) if not a.submitted)
        ids = attempt.plan.question_ids
        pairs = [
            i
            for i in range(len(ids) - 1)
            if all(isinstance(quiz.question(q), SingleQuestion) for q in ids[i : i + 2])
        ]
        if pairs:
            break
        learning.submit(attempt.id, learner_id)
        at.run()
    position = pairs[0]
    learning.save_answer(attempt.id, learner_id, ids[position], None, position)
    at.run()
    question_id = attempt.plan.question_ids[position]

    def rewind() -> None:
        learning.save_answer(attempt.id, learner_id, question_id, None, position)

    return at, f"answer:{attempt.id}:{question_id}", rewind


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    app = bench_app()
    with current_app.serving(app):
        measure(app, args.rounds)


def measure(app: CourseApp, rounds: int) -> None:
    quiz, key, rewind = quiz_app(app)
    trivial = AppTest.from_string(TRIVIAL).run()
    options = quiz.radio(key=key).options

    def quiz_interaction(i: int) -> float:
        quiz.radio(key=key).set_value(options[i % len(options)])
        start = time.perf_counter()
        quiz.button(key="next_question").click().run()  # saves the answer, shows the next question
        elapsed = time.perf_counter() - start
        rewind()  # not timed: back to the same question for the next round
        quiz.run()
        return elapsed

    def trivial_interaction(_: int) -> float:
        start = time.perf_counter()
        trivial.button(key="b").click().run()
        return time.perf_counter() - start

    for i in range(20):  # warm-up
        quiz_interaction(i)
        trivial_interaction(i)
    quiz_times, trivial_times = [], []
    for i in range(rounds):
        quiz_times.append(quiz_interaction(i))
        trivial_times.append(trivial_interaction(i))
    q, t = statistics.median(quiz_times) * 1000, statistics.median(trivial_times) * 1000
    print(f"quiz interaction (answer + next, full course), median: {q:.2f} ms  (n={rounds})")
    print(f"trivial one-button page, median:                     {t:.2f} ms")
    print(f"ratio: {q / t:.2f}x   (goal: <= 15 ms and <= 4x)")


if __name__ == "__main__":
    main()
