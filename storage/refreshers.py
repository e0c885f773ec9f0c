"""Refreshers as stored: made when due, answered like a quiz attempt, counted for retention.

The rules (when due, which questions, grading) are the engine's (`modules.refreshers`); they
come in as functions and values, and the time is always passed in. Nothing here touches
`module_results`: a refresher never changes a module result or a diploma.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from modules.plan import AttemptPlan
from modules.questions import Answer
from modules.refreshers import AnswerRow, RefresherGrade, due_stages

from .db import Database
from .progress import AttemptState
from .schema import Attempt, AttemptItem, Learner, ModuleResult, Refresher, RefresherItem

# module id, the learner's latest score per question -> (module version, plan); None when the
# module is no longer in the course.
Draw = Callable[[str, dict[str, float]], tuple[int, AttemptPlan] | None]


@dataclass(frozen=True)
class RefresherInfo:
    id: int
    learner_id: int
    module_id: str
    stage: int
    due_at: datetime
    submitted: bool
    score: float | None
    submitted_at: datetime | None


def make_due(
    db: Database, now: datetime, days: Sequence[int], draw: Draw, learner_id: int | None = None
) -> list[RefresherInfo]:
    """Make the refreshers that are due at `now` (for one learner, or all) and not made yet;
    returns the new ones. Safe on several replicas at once: a refresher is unique per learner,
    module and stage, and a clash is retried (the retry finds it made)."""

    def work(session: Session) -> list[RefresherInfo]:
        query = (
            select(ModuleResult.learner_id, ModuleResult.module_id, ModuleResult.passed_at)
            .join(Learner, Learner.id == ModuleResult.learner_id)
            .where(ModuleResult.passed.is_(True), Learner.preview_key.is_(None))
        )
        if learner_id is not None:
            query = query.where(ModuleResult.learner_id == learner_id)
        made = []
        for owner, module_id, passed_at in session.execute(query).all():
            taken = set(
                session.scalars(
                    select(Refresher.stage).where(
                        Refresher.learner_id == owner, Refresher.module_id == module_id
                    )
                )
            )
            for due in due_stages(passed_at, now, taken, days):
                drawn = draw(module_id, latest_scores(session, owner, module_id))
                if drawn is None:
                    break
                version, plan = drawn
                refresher = Refresher(
                    learner_id=owner,
                    module_id=module_id,
                    module_version=version,
                    stage=due.stage,
                    due_at=due.due_at,
                    plan=plan.to_json(),
                    answers={},
                    position=0,
                    status="open",
                    created_at=now,
                )
                session.add(refresher)
                session.flush()
                made.append(_info(refresher))
        return made

    if not _anything_due(db, now, days, learner_id):
        return []  # the usual case on every overview: a read, no write lock taken
    return db.write_retrying(work)


def _anything_due(db: Database, now: datetime, days: Sequence[int], learner_id: int | None) -> bool:
    with db.read() as session:
        query = (
            select(ModuleResult.learner_id, ModuleResult.module_id, ModuleResult.passed_at)
            .join(Learner, Learner.id == ModuleResult.learner_id)
            .where(ModuleResult.passed.is_(True), Learner.preview_key.is_(None))
        )
        made = select(Refresher.learner_id, Refresher.module_id, Refresher.stage)
        if learner_id is not None:
            query = query.where(ModuleResult.learner_id == learner_id)
            made = made.where(Refresher.learner_id == learner_id)
        taken: dict[tuple[int, str], set[int]] = {}
        for owner, module_id, stage in session.execute(made):
            taken.setdefault((owner, module_id), set()).add(stage)
        return any(
            due_stages(passed_at, now, taken.get((owner, module_id), set()), days)
            for owner, module_id, passed_at in session.execute(query)
        )


def latest_scores(session: Session, learner_id: int, module_id: str) -> dict[str, float]:
    """The learner's latest score per question of the module, in quizzes and refreshers."""
    quiz = session.execute(
        select(AttemptItem.question_id, AttemptItem.score, Attempt.submitted_at)
        .join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.learner_id == learner_id, Attempt.module_id == module_id)
    ).all()
    refreshed = session.execute(
        select(RefresherItem.question_id, RefresherItem.score, Refresher.submitted_at)
        .join(Refresher, Refresher.id == RefresherItem.refresher_id)
        .where(Refresher.learner_id == learner_id, Refresher.module_id == module_id)
    ).all()
    latest: dict[str, tuple[datetime, float]] = {}
    for question_id, score, at in [*quiz, *refreshed]:
        if at is not None and (question_id not in latest or latest[question_id][0] <= at):
            latest[question_id] = (at, score)
    return {q: score for q, (_, score) in latest.items()}


def of_learner(db: Database, learner_id: int) -> list[RefresherInfo]:
    """All the learner's refreshers, open and taken, by due date."""
    with db.read() as session:
        rows = session.scalars(
            select(Refresher)
            .where(Refresher.learner_id == learner_id)
            .order_by(Refresher.due_at, Refresher.id)
        ).all()
        return [_info(r) for r in rows]


def state(db: Database, refresher_id: int, learner_id: int) -> AttemptState:
    """The refresher as an attempt (its number is the stage), for the quiz screens."""
    with db.read() as session:
        refresher = _owned(session, refresher_id, learner_id)
        return _state(refresher, _item_scores(session, refresher.id))


def save_answer(
    db: Database, refresher_id: int, learner_id: int, question_id: str, answer: Answer, position: int
) -> AttemptState:
    with db.write() as session:
        refresher = _owned(session, refresher_id, learner_id, for_update=True)
        if refresher.status == "open":
            if question_id in AttemptPlan.from_json(refresher.plan).question_ids:
                refresher.answers = {**refresher.answers, question_id: answer}
            refresher.position = max(0, min(position, len(refresher.plan["questions"])))
        return _state(refresher)


def submit(
    db: Database,
    refresher_id: int,
    learner_id: int,
    grade: Callable[[AttemptState], RefresherGrade],
    now: datetime,
) -> AttemptState:
    """Store the refresher's grade and its items; a second submit changes nothing."""
    with db.write() as session:
        refresher = _owned(session, refresher_id, learner_id, for_update=True)
        if refresher.status == "submitted":
            return _state(refresher, _item_scores(session, refresher.id))
        graded = grade(_state(refresher)).grade
        for item in graded.items:
            session.add(
                RefresherItem(
                    refresher_id=refresher.id,
                    position=item.position,
                    question_id=item.question_id,
                    answer=item.answer,
                    score=item.score,
                )
            )
        refresher.score = graded.score
        refresher.status = "submitted"
        refresher.submitted_at = now
        return _state(refresher, graded.item_scores)


def answer_rows(db: Database, module_id: str, workshop_code: str | None = None) -> list[AnswerRow]:
    """What the retention view counts: every item of learners' first quiz attempt on the module
    and of their refreshers, per stage (preview learners never count)."""
    with db.read() as session:
        learners = select(Learner.id).where(Learner.preview_key.is_(None))
        if workshop_code is not None:
            learners = learners.where(Learner.workshop_code == workshop_code)
        first = session.execute(
            select(AttemptItem.question_id, AttemptItem.score)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .where(Attempt.module_id == module_id, Attempt.number == 1, Attempt.learner_id.in_(learners))
        ).all()
        later = session.execute(
            select(Refresher.stage, RefresherItem.question_id, RefresherItem.score)
            .join(Refresher, Refresher.id == RefresherItem.refresher_id)
            .where(Refresher.module_id == module_id, Refresher.learner_id.in_(learners))
        ).all()
    return [AnswerRow("first", q, s) for q, s in first] + [
        AnswerRow(f"stage{stage}", q, s) for stage, q, s in later
    ]


def unmailed(db: Database) -> list[int]:
    """Open refreshers whose "ready" mail was not queued yet."""
    with db.read() as session:
        return list(
            session.scalars(
                select(Refresher.id)
                .where(Refresher.status == "open", Refresher.mailed_at.is_(None))
                .order_by(Refresher.id)
            )
        )


def _owned(session: Session, refresher_id: int, learner_id: int, *, for_update: bool = False) -> Refresher:
    refresher = session.get(Refresher, refresher_id, with_for_update=for_update)
    if refresher is None or refresher.learner_id != learner_id:
        raise KeyError(refresher_id)
    return refresher


def _item_scores(session: Session, refresher_id: int) -> dict[str, float]:
    return dict(
        session.execute(
            select(RefresherItem.question_id, RefresherItem.score).where(
                RefresherItem.refresher_id == refresher_id
            )
        ).all()
    )


def _info(refresher: Refresher) -> RefresherInfo:
    return RefresherInfo(
        id=refresher.id,
        learner_id=refresher.learner_id,
        module_id=refresher.module_id,
        stage=refresher.stage,
        due_at=refresher.due_at,
        submitted=refresher.status == "submitted",
        score=refresher.score,
        submitted_at=refresher.submitted_at,
    )


def _state(refresher: Refresher, item_scores: dict[str, float] | None = None) -> AttemptState:
    return AttemptState(
        id=refresher.id,
        module_id=refresher.module_id,
        module_version=refresher.module_version,
        number=refresher.stage,
        plan=AttemptPlan.from_json(refresher.plan),
        answers=dict(refresher.answers or {}),
        position=refresher.position or 0,
        submitted=refresher.status == "submitted",
        score=refresher.score,
        passed=None,
        item_scores=item_scores or {},
        submitted_at=refresher.submitted_at,
    )
