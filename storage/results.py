"""Results for trainers, aggregated in SQL (the same statements on SQLite and PostgreSQL):
the progress funnel, per-module pass rates and scores, and item statistics over first
attempts. Nothing here loops over attempts in Python, so 100,000 attempts stay fast.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import text

from modules.grading import FULLY_RIGHT
from modules.item_analysis import flags
from modules.questions import option_kinds

from .db import Database


@dataclass(frozen=True)
class Scope:
    """Whose results: one workshop's learners or everyone, optionally only those who started
    in a period (from `since` up to and including `until`)."""

    workshop: str | None = None
    since: date | None = None
    until: date | None = None

    def params(self) -> dict[str, Any]:
        def moment(day: date | None) -> str | None:
            return f"{day.isoformat()} 00:00:00" if day else None

        end = self.until + timedelta(days=1) if self.until else None
        return {"workshop": self.workshop, "since": moment(self.since), "before": moment(end)}


def _learners(db: Database) -> str:
    """The learners in scope, as a subquery (parameters :workshop, :since, :before).
    Trainers' preview learners are never in scope."""
    stamp = "CAST({} AS TIMESTAMPTZ)" if db.engine.dialect.name == "postgresql" else "{}"
    since, before = stamp.format(":since"), stamp.format(":before")
    return (
        "SELECT id FROM learners "
        "WHERE preview_key IS NULL "
        "AND (CAST(:workshop AS VARCHAR(40)) IS NULL OR workshop_code = :workshop) "
        f"AND ({since} IS NULL OR created_at >= {since}) "
        f"AND ({before} IS NULL OR created_at < {before})"
    )


EVERYONE = Scope()


def _one_of(name: str, values: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """`(:name0, :name1, ...)` and its parameters: an IN list that works through the driver's
    own cursor too (see `_frame`)."""
    params: dict[str, Any] = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + (", ".join(f":{key}" for key in params) or "NULL") + ")", params


def funnel(db: Database, module_ids: Sequence[str], scope: Scope = EVERYONE) -> pd.DataFrame:
    """How many learners reached each stage: started, read a lesson, took a quiz, passed
    every module of the course (`module_ids`), have a diploma."""
    in_scope = _learners(db)
    course, course_params = _one_of("module", module_ids)
    sql = text(f"""
        SELECT
          (SELECT COUNT(*) FROM ({in_scope}) l) AS started,
          (SELECT COUNT(DISTINCT learner_id) FROM lesson_reads WHERE learner_id IN ({in_scope})) AS read,
          (SELECT COUNT(DISTINCT learner_id) FROM attempts
             WHERE status = 'submitted' AND learner_id IN ({in_scope})) AS attempted,
          (SELECT COUNT(*) FROM (SELECT learner_id FROM module_results
             WHERE passed AND module_id IN {course} AND learner_id IN ({in_scope})
             GROUP BY learner_id HAVING COUNT(*) = :modules) p) AS passed,
          (SELECT COUNT(*) FROM diplomas WHERE revoked_at IS NULL AND learner_id IN ({in_scope}))
             AS diploma
    """)
    with db.read() as session:
        row = session.execute(sql, {**scope.params(), **course_params, "modules": len(module_ids)}).one()
    return pd.DataFrame({"stage": list(row._fields), "learners": list(row)})


def versions_taken(db: Database, module_id: str) -> list[int]:
    """The versions of a module that have submitted attempts, newest first."""
    frame = _frame(
        db,
        """SELECT DISTINCT module_version FROM attempts
                          WHERE module_id = :module AND status = 'submitted'
                          ORDER BY module_version DESC""",
        {"module": module_id},
    )
    return [int(v) for v in frame["module_version"]]


def learners_progress(db: Database, module_ids: Sequence[str], scope: Scope = EVERYONE) -> pd.DataFrame:
    """Per learner in scope, by name: the country they take the course for, lessons read,
    modules of the course (`module_ids`) passed, and whether they hold a valid diploma (what a
    trainer follows during a workshop)."""
    course, course_params = _one_of("module", module_ids)
    return _frame(
        db,
        f"""
        SELECT l.name, l.country,
          (SELECT COUNT(*) FROM lesson_reads r WHERE r.learner_id = l.id) AS lessons_read,
          (SELECT COUNT(*) FROM module_results m
             WHERE m.learner_id = l.id AND m.passed AND m.module_id IN {course}) AS modules_passed,
          (SELECT COUNT(*) FROM diplomas d WHERE d.learner_id = l.id AND d.revoked_at IS NULL) AS diplomas
        FROM learners l WHERE l.id IN ({_learners(db)})
        ORDER BY l.name, l.id
    """,
        {**scope.params(), **course_params},
    )


def participants(db: Database, module_ids: Sequence[str], scope: Scope = EVERYONE) -> pd.DataFrame:
    """Per learner in scope (what a trainer is asked for most): id, name, workshop, when they
    started, lessons read, modules of the course passed, and whether they hold a valid diploma."""
    course, course_params = _one_of("module", module_ids)
    return _frame(
        db,
        f"""
        SELECT l.id, l.name, l.workshop_code, l.created_at,
          (SELECT COUNT(*) FROM lesson_reads r WHERE r.learner_id = l.id) AS lessons_read,
          (SELECT COUNT(*) FROM module_results m
             WHERE m.learner_id = l.id AND m.passed AND m.module_id IN {course}) AS modules_passed,
          (SELECT COUNT(*) FROM diplomas d WHERE d.learner_id = l.id AND d.revoked_at IS NULL) AS diplomas
        FROM learners l WHERE l.id IN ({_learners(db)})
        ORDER BY l.name, l.id
    """,
        {**scope.params(), **course_params},
    )


def best_scores(db: Database, scope: Scope = EVERYONE) -> pd.DataFrame:
    """Each learner's best score per module (learner_id, module_id, best_score)."""
    return _frame(
        db,
        f"SELECT learner_id, module_id, best_score FROM module_results WHERE learner_id IN ({_learners(db)})",
        scope.params(),
    )


def modules(db: Database, scope: Scope = EVERYONE) -> pd.DataFrame:
    """Per module: learners who tried, pass rate, median score of submitted attempts,
    median attempts until the first pass, median minutes per attempt."""
    minutes = {
        "postgresql": "EXTRACT(EPOCH FROM (submitted_at - started_at)) / 60.0",
    }.get(db.engine.dialect.name, "(julianday(submitted_at) - julianday(started_at)) * 1440.0")
    per_attempt = _frame(
        db,
        f"""
        SELECT module_id, learner_id, number, score, passed, {minutes} AS minutes
        FROM attempts
        WHERE status = 'submitted' AND learner_id IN ({_learners(db)})
    """,
        scope.params(),
    )
    if per_attempt.empty:
        return pd.DataFrame(
            columns=[
                "module_id",
                "learners",
                "pass_rate",
                "median_score",
                "attempts_to_pass",
                "median_minutes",
            ]
        )
    passed = per_attempt[per_attempt["passed"].astype(bool)]
    grouped = per_attempt.groupby("module_id")
    learners = grouped["learner_id"].nunique()
    passers = passed.groupby("module_id")["learner_id"].nunique()
    first_pass = passed.groupby(["module_id", "learner_id"])["number"].min()
    return pd.DataFrame(
        {
            "learners": learners,
            "pass_rate": passers.reindex(learners.index).fillna(0) / learners,
            "median_score": grouped["score"].median(),
            "attempts_to_pass": first_pass.groupby("module_id").median().reindex(learners.index),
            "median_minutes": grouped["minutes"].median(),
        }
    ).reset_index()


def _frame(db: Database, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    """A query's rows as a DataFrame. On SQLite pandas reads the driver's cursor directly,
    which is several times faster for 100,000 rows than building SQLAlchemy rows."""
    with db.read() as session:
        connection = session.connection()
        if db.is_sqlite:
            driver: Any = connection.connection.driver_connection
            return pd.read_sql(sql, driver, params=params)
        return pd.read_sql(text(sql), connection, params=params)


def item_statistics(
    db: Database, module_id: str | None = None, scope: Scope = EVERYONE, version: int | None = None
) -> pd.DataFrame:
    """Facility and discrimination (item vs. rest of the attempt) per question, first attempts only
    (on one module version when `version` is given: a question may change between versions)."""
    sql = f"""
        WITH first_items AS (
          SELECT i.question_id, i.score,
                 SUM(i.score) OVER (PARTITION BY i.attempt_id) - i.score AS rest
          FROM attempt_items i JOIN attempts a ON a.id = i.attempt_id
          WHERE a.number = 1 AND a.status = 'submitted'
            AND (CAST(:module AS VARCHAR(64)) IS NULL OR a.module_id = :module)
            AND (CAST(:version AS INTEGER) IS NULL OR a.module_version = :version)
            AND a.learner_id IN ({_learners(db)})
        )
        SELECT question_id, COUNT(*) AS n, SUM(score) AS sx, SUM(rest) AS sy,
               SUM(score * score) AS sxx, SUM(rest * rest) AS syy, SUM(score * rest) AS sxy
        FROM first_items GROUP BY question_id ORDER BY question_id
    """
    sums = _frame(db, sql, {"module": module_id, "version": version, **scope.params()})
    n = sums["n"].astype(float)
    cov = sums["sxy"] / n - (sums["sx"] / n) * (sums["sy"] / n)
    var_x = sums["sxx"] / n - (sums["sx"] / n) ** 2
    var_y = sums["syy"] / n - (sums["sy"] / n) ** 2
    denominator = (var_x * var_y).pow(0.5)
    result = pd.DataFrame(
        {
            "question_id": sums["question_id"],
            "attempts": sums["n"].astype(int),
            "facility": sums["sx"] / n,
            "discrimination": (cov / denominator).where(denominator > 1e-12),
        }
    )
    result["flags"] = [flags(f, d) for f, d in zip(result["facility"], result["discrimination"], strict=True)]
    return result


def first_attempt_answers(
    db: Database, module_id: str, scope: Scope = EVERYONE, version: int | None = None
) -> pd.DataFrame:
    """The answers of first attempts on one module (for option frequencies), counted in SQL:
    one row per distinct answer with how many chose it and how many of them were right."""
    # The kinds with options, one bound parameter each (expanded here: on SQLite `_frame`
    # hands the statement to the driver, which knows no expanding parameters).
    kinds = {f"kind_{i}": kind for i, kind in enumerate(option_kinds())}
    grouped = _frame(
        db,
        f"""
        SELECT i.question_id, i.kind, CAST(i.answer AS TEXT) AS answer, COUNT(*) AS times,
               SUM(CASE WHEN i.score >= :fully_right THEN 1 ELSE 0 END) AS right_times
        FROM attempt_items i JOIN attempts a ON a.id = i.attempt_id
        WHERE a.number = 1 AND a.status = 'submitted' AND a.module_id = :module
          AND (CAST(:version AS INTEGER) IS NULL OR a.module_version = :version)
          AND i.kind IN ({", ".join(":" + name for name in kinds) or "NULL"})
          AND a.learner_id IN ({_learners(db)})
        GROUP BY i.question_id, i.kind, CAST(i.answer AS TEXT)
    """,
        {"module": module_id, "version": version, "fully_right": FULLY_RIGHT, **kinds, **scope.params()},
    )
    grouped["answer"] = grouped["answer"].map(lambda a: json.loads(a) if isinstance(a, str) else a)
    return grouped
