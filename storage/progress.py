"""A learner's progress: lessons read, quiz attempts and the best result per module.

The quiz flow is: `open_attempt` (reuses the open attempt or stores a new draw),
`save_answer` after every question (nothing is lost when the browser closes),
`submit_attempt` (stores the grade of each item and keeps the best result). Drawing and
grading are the engine's (`modules`); they come in as functions, called inside the
transaction so that what is stored is exactly what was drawn and graded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from modules.attempts import AttemptPlan
from modules.grading import Grade
from modules.questions import Answer

from .db import Database
from .schema import Attempt, AttemptItem, LessonRead, ModuleResult, utcnow


@dataclass(frozen=True)
class AttemptState:
    id: int
    module_id: str
    module_version: int
    number: int
    plan: AttemptPlan
    answers: dict[str, Any]
    position: int
    submitted: bool
    score: float | None
    passed: bool | None
    item_scores: dict[str, float] = field(default_factory=dict)
    submitted_at: datetime | None = None
    country: str | None = None  # the course variant the attempt was drawn from


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    lessons_read: frozenset[str]
    attempts: int
    best_score: float | None
    best_version: int | None  # the module version of the best attempt
    passed: bool
    passed_at: datetime | None
    open_attempt: bool


def mark_lesson_read(db: Database, learner_id: int, module_id: str, lesson_id: str) -> None:
    with db.write() as session:
        if session.get(LessonRead, (learner_id, module_id, lesson_id)) is None:
            session.add(LessonRead(learner_id=learner_id, module_id=module_id, lesson_id=lesson_id))


def progress(db: Database, learner_id: int) -> dict[str, ModuleProgress]:
    """Progress per module the learner has touched."""
    with db.read() as session:
        reads: dict[str, set[str]] = {}
        for module_id, lesson_id in session.execute(
            select(LessonRead.module_id, LessonRead.lesson_id).where(LessonRead.learner_id == learner_id)
        ):
            reads.setdefault(module_id, set()).add(lesson_id)
        results = {
            r.module_id: r
            for r in session.scalars(select(ModuleResult).where(ModuleResult.learner_id == learner_id))
        }
        counts = dict(
            session.execute(
                select(Attempt.module_id, func.count())
                .where(Attempt.learner_id == learner_id, Attempt.status == "submitted")
                .group_by(Attempt.module_id)
            ).all()
        )
        open_modules = set(
            session.scalars(
                select(Attempt.module_id).where(Attempt.learner_id == learner_id, Attempt.status == "open")
            )
        )
    modules = set(reads) | set(results) | set(counts) | open_modules
    return {
        m: ModuleProgress(
            module_id=m,
            lessons_read=frozenset(reads.get(m, ())),
            attempts=counts.get(m, 0),
            best_score=results[m].best_score if m in results else None,
            best_version=results[m].module_version if m in results else None,
            passed=bool(results[m].passed) if m in results else False,
            passed_at=results[m].passed_at if m in results else None,
            open_attempt=m in open_modules,
        )
        for m in modules
    }


def open_attempt(
    db: Database,
    learner_id: int,
    module_id: str,
    version: int,
    draw: Callable[[list[str]], AttemptPlan],
    country: str | None = None,
) -> AttemptState:
    """The learner's open attempt on the module, or a new one on `version`.

    `draw` makes the new attempt's plan; it gets the questions of the learner's previous
    attempt, so that a retry can prefer questions not seen then.
    """

    def open_or_draw(session: Session) -> AttemptState:
        current = _open(session, learner_id, module_id)
        if current is not None:
            return _state(current)
        previous = _latest_submitted(session, learner_id, module_id)
        plan = draw(AttemptPlan.from_json(previous.plan).question_ids if previous else [])
        number = 1 + (
            session.scalar(
                select(func.count())
                .select_from(Attempt)
                .where(Attempt.learner_id == learner_id, Attempt.module_id == module_id)
            )
            or 0
        )
        attempt = Attempt(
            learner_id=learner_id,
            module_id=module_id,
            module_version=version,
            number=number,
            seed=plan.seed,
            country=country,
            plan=plan.to_json(),
            answers={},
        )
        session.add(attempt)
        session.flush()
        return _state(attempt)

    # A second tab may open the same attempt at the same moment: the retry finds it.
    return db.write_retrying(open_or_draw)


def save_answer(
    db: Database, attempt_id: int, learner_id: int, question_id: str, answer: Answer, position: int
) -> AttemptState:
    """Record an answer (or move to another question) on an open attempt. The attempt's row is
    locked meanwhile: two tabs saving at once must not overwrite each other's answers."""
    with db.write() as session:
        attempt = _owned(session, attempt_id, learner_id, for_update=True)
        if attempt.status == "open":
            if question_id in AttemptPlan.from_json(attempt.plan).question_ids:
                attempt.answers = {**attempt.answers, question_id: answer}
            attempt.position = max(0, min(position, len(attempt.plan["questions"])))
        return _state(attempt)


def submit_attempt(
    db: Database, attempt_id: int, learner_id: int, grade: Callable[[AttemptState], Grade]
) -> AttemptState:
    """Store the attempt's grade, each item, and the learner's best result.

    `grade` grades the attempt as stored (on its own module version). Submitting twice
    is harmless: the first grade stays.
    """
    with db.write() as session:
        attempt = _owned(session, attempt_id, learner_id, for_update=True)
        if attempt.status == "submitted":
            return _state(attempt, _item_scores(session, attempt.id))
        graded = grade(_state(attempt))
        for item in graded.items:
            session.add(
                AttemptItem(
                    attempt_id=attempt.id,
                    position=item.position,
                    question_id=item.question_id,
                    kind=item.kind,
                    answer=item.answer,
                    score=item.score,
                )
            )
        attempt.score = graded.score
        attempt.passed = graded.passed
        attempt.status = "submitted"
        attempt.submitted_at = utcnow()
        _keep_best(session, attempt)
        return _state(attempt, {item.question_id: item.score for item in graded.items})


def attempt_version(db: Database, attempt_id: int, learner_id: int) -> tuple[str, int]:
    """The module and the module version an attempt of the learner was drawn from."""
    with db.read() as session:
        attempt = _owned(session, attempt_id, learner_id)
        return attempt.module_id, attempt.module_version


def attempts(db: Database, learner_id: int, module_id: str) -> list[AttemptState]:
    """All the learner's attempts on a module, newest first."""
    with db.read() as session:
        rows = session.scalars(
            select(Attempt)
            .where(Attempt.learner_id == learner_id, Attempt.module_id == module_id)
            .order_by(Attempt.number.desc())
        ).all()
        return [_state(a, _item_scores(session, a.id)) for a in rows]


def quiz_state(
    db: Database, learner_id: int, module_id: str, requested: str | None = None
) -> tuple[AttemptState | None, AttemptState | None]:
    """What the quiz page shows: the open attempt, and the submitted attempt to review
    (the requested one if it is the learner's, else the latest)."""
    with db.read() as session:
        current = _open(session, learner_id, module_id)
        if current is not None:
            return _state(current), None
        shown = None
        if requested and requested.isdigit():
            shown = session.get(Attempt, int(requested))
            if shown is None or (shown.learner_id, shown.module_id, shown.status) != (
                learner_id,
                module_id,
                "submitted",
            ):
                shown = None
        shown = shown or _latest_submitted(session, learner_id, module_id)
        return None, (_state(shown, _item_scores(session, shown.id)) if shown else None)


def _keep_best(session: Session, attempt: Attempt) -> None:
    result = session.get(ModuleResult, (attempt.learner_id, attempt.module_id))
    assert attempt.score is not None and attempt.passed is not None
    if result is None:
        session.add(
            ModuleResult(
                learner_id=attempt.learner_id,
                module_id=attempt.module_id,
                best_score=attempt.score,
                best_attempt_id=attempt.id,
                module_version=attempt.module_version,
                country=attempt.country,
                attempts=1,
                passed=attempt.passed,
                passed_at=attempt.submitted_at if attempt.passed else None,
            )
        )
        return
    result.attempts += 1
    result.updated_at = utcnow()
    if attempt.score > result.best_score:
        result.best_score = attempt.score
        result.best_attempt_id = attempt.id
        result.module_version = attempt.module_version
        result.country = attempt.country
    if attempt.passed and not result.passed:
        result.passed = True
        result.passed_at = attempt.submitted_at


def _open(session: Session, learner_id: int, module_id: str) -> Attempt | None:
    return session.scalar(
        select(Attempt).where(
            Attempt.learner_id == learner_id, Attempt.module_id == module_id, Attempt.status == "open"
        )
    )


def _latest_submitted(session: Session, learner_id: int, module_id: str) -> Attempt | None:
    return session.scalar(
        select(Attempt)
        .where(
            Attempt.learner_id == learner_id, Attempt.module_id == module_id, Attempt.status == "submitted"
        )
        .order_by(Attempt.number.desc())
        .limit(1)
    )


def _owned(session: Session, attempt_id: int, learner_id: int, *, for_update: bool = False) -> Attempt:
    attempt = session.get(Attempt, attempt_id, with_for_update=for_update)
    if attempt is None or attempt.learner_id != learner_id:
        raise KeyError(attempt_id)
    return attempt


def _item_scores(session: Session, attempt_id: int) -> dict[str, float]:
    return dict(
        session.execute(
            select(AttemptItem.question_id, AttemptItem.score).where(AttemptItem.attempt_id == attempt_id)
        ).all()
    )


def _state(attempt: Attempt, item_scores: dict[str, float] | None = None) -> AttemptState:
    return AttemptState(
        id=attempt.id,
        module_id=attempt.module_id,
        module_version=attempt.module_version,
        number=attempt.number,
        plan=AttemptPlan.from_json(attempt.plan),
        answers=dict(attempt.answers or {}),
        position=attempt.position or 0,
        submitted=attempt.status == "submitted",
        score=attempt.score,
        passed=attempt.passed,
        item_scores=item_scores or {},
        submitted_at=attempt.submitted_at,
        country=attempt.country,
    )
