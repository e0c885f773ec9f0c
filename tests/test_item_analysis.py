"""Item analysis checked against a small example computed by hand."""

import math

import pandas as pd
import pytest

from modules.item_analysis import option_frequencies

from .item_analysis_reference import first_attempts, item_statistics

# Four first attempts with three questions each (scores 0..1):
#            q1   q2   q3   total
#   a1        1    1    0     2
#   a2        1    0    0     1
#   a3        0    1    1     2
#   a4        1    1    1     3
SCORES = {"a1": (1, 1, 0), "a2": (1, 0, 0), "a3": (0, 1, 1), "a4": (1, 1, 1)}
ITEMS = pd.DataFrame(
    [
        {"attempt_id": a, "question_id": f"q{i + 1}", "score": float(s)}
        for a, scores in SCORES.items()
        for i, s in enumerate(scores)
    ]
)


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))


def test_facility_and_discrimination_by_hand():
    stats = item_statistics(ITEMS).set_index("question_id")
    # facility: q1 3/4, q2 3/4, q3 2/4
    assert stats.loc["q1", "facility"] == 0.75 and stats.loc["q3", "facility"] == 0.5
    # q1 against the rest of the test (q2 + q3): a1 1, a2 0, a3 2, a4 2
    assert stats.loc["q1", "discrimination"] == pytest.approx(pearson([1, 1, 0, 1], [1, 0, 2, 2]))
    # by hand: cov = -0.75/4, var(q1) = 0.75/4, var(rest) = 2.75/4 -> r = -0.75 / sqrt(0.75 * 2.75)
    assert stats.loc["q1", "discrimination"] == pytest.approx(-0.5222, abs=1e-4)
    # q3 against q1 + q2: a1 2, a2 1, a3 1, a4 2 -> r = 0
    assert stats.loc["q3", "discrimination"] == pytest.approx(pearson([0, 0, 1, 1], [2, 1, 1, 2]))
    assert stats.loc["q1", "flags"] == ["negative"]
    assert stats.loc["q3", "flags"] == ["weak"]
    assert (stats["attempts"] == 4).all()


def test_flags_for_too_easy_and_too_hard():
    easy = pd.DataFrame([{"attempt_id": i, "question_id": "e", "score": 1.0} for i in range(10)])
    hard = pd.DataFrame([{"attempt_id": i, "question_id": "h", "score": float(i == 0)} for i in range(10)])
    stats = item_statistics(pd.concat([easy, hard])).set_index("question_id")
    assert "too_easy" in stats.loc["e", "flags"] and stats.loc["e", "discrimination"] is None
    assert "too_hard" in stats.loc["h", "flags"]


def test_only_first_attempts_count():
    attempts = pd.DataFrame([{"attempt_id": "a1", "number": 1}, {"attempt_id": "a2", "number": 2}])
    assert set(first_attempts(ITEMS, attempts)["attempt_id"]) == {"a1"}


def test_option_frequencies():
    items = pd.DataFrame(
        [
            {"attempt_id": 1, "question_id": "s", "kind": "single", "answer": 0, "score": 1.0},
            {"attempt_id": 2, "question_id": "s", "kind": "single", "answer": 2, "score": 0.0},
            {"attempt_id": 3, "question_id": "s", "kind": "single", "answer": 0, "score": 1.0},
            {"attempt_id": 1, "question_id": "m", "kind": "multiple", "answer": [0, 1], "score": 1.0},
            {"attempt_id": 2, "question_id": "m", "kind": "multiple", "answer": [1, 2], "score": 0.0},
            {"attempt_id": 1, "question_id": "o", "kind": "order", "answer": [0, 1, 2], "score": 1.0},
        ]
    )
    freq = option_frequencies(items).set_index(["question_id", "option"])
    assert freq.loc[("s", 0), "chosen"] == 2 and freq.loc[("s", 0), "share"] == pytest.approx(2 / 3)
    assert freq.loc[("s", 2), "by_wrong"] == 1 and freq.loc[("s", 2), "by_right"] == 0
    assert freq.loc[("m", 1), "chosen"] == 2 and freq.loc[("m", 1), "share"] == 1.0
    assert "o" not in freq.index.get_level_values(0)


def test_option_frequencies_of_answers_counted_in_sql():
    """As `first_attempt_answers` gives them: pandas holds option indices with a missing
    answer among them as floats."""
    items = pd.DataFrame(
        {
            "question_id": ["s", "s", "s"],
            "kind": ["single", "single", "single"],
            "answer": [0, None, 2],
            "times": [2, 1, 1],
            "right_times": [2, 0, 0],
        }
    )
    assert items["answer"].dtype == float
    freq = option_frequencies(items).set_index(["question_id", "option"])
    assert freq.loc[("s", 0), "chosen"] == 2 and freq.loc[("s", 0), "share"] == pytest.approx(2 / 4)
    assert freq.loc[("s", 2), "by_wrong"] == 1 and len(freq) == 2


def test_sql_statistics_agree_with_the_reference_on_both_databases(db):
    """The dashboard's SQL aggregation gives the same figures as the plain pandas version."""
    from sqlalchemy import insert

    from storage import learners, results
    from storage.schema import Attempt, AttemptItem

    learner, _ = learners.register(db, "Piet")
    with db.write() as session:
        for number, scores in enumerate(SCORES.values(), start=1):
            row = Attempt(
                learner_id=learner.id,
                module_id=f"m{number}",
                module_version=1,
                number=1,
                seed=1,
                plan={},
                answers={},
                status="submitted",
                score=sum(scores) / 3,
                passed=False,
            )
            session.add(row)
            session.flush()
            session.execute(
                insert(AttemptItem),
                [
                    {
                        "attempt_id": row.id,
                        "position": i,
                        "question_id": f"q{i + 1}",
                        "kind": "single",
                        "answer": 0,
                        "score": float(s),
                    }
                    for i, s in enumerate(scores)
                ],
            )
    from_sql = results.item_statistics(db).set_index("question_id")
    reference = item_statistics(ITEMS).set_index("question_id")
    for question in ("q1", "q2", "q3"):
        assert from_sql.loc[question, "facility"] == pytest.approx(reference.loc[question, "facility"])
        assert from_sql.loc[question, "discrimination"] == pytest.approx(
            reference.loc[question, "discrimination"]
        )
        assert from_sql.loc[question, "flags"] == reference.loc[question, "flags"]


def test_results_for_a_workshop_and_a_period(db):
    from datetime import date, timedelta

    from storage import learners, results
    from storage.schema import Learner

    old, _ = learners.register(db, "Oud", workshop_code="GENT26")
    new, _ = learners.register(db, "Nieuw", workshop_code="GENT26")
    learners.register(db, "Elders")
    with db.write() as session:
        session.get(Learner, old.id).created_at -= timedelta(days=40)
    today = date.today()
    course = [f"module-{i}" for i in range(7)]
    started = lambda scope: results.funnel(db, course, scope).set_index("stage").loc["started", "learners"]  # noqa: E731
    assert started(results.Scope()) == 3
    assert started(results.Scope("GENT26")) == 2
    assert started(results.Scope("GENT26", since=today - timedelta(days=7))) == 1
    assert started(results.Scope(until=today - timedelta(days=30))) == 1
    assert results.modules(db, results.Scope("GENT26", since=today)).empty
