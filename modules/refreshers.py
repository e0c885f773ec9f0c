"""Refreshers: short retrieval practice some days after a module was passed.

Pure rules, no clock and no database: the time is always passed in, so the schedule can be
tested (and a browser journey run) with a moved clock.

- Schedule: after a module is passed, stage 1 is due after `days[0]` days and stage 2 after
  `days[1]` (course settings, 7 and 30 by default). A stage never taken stays due; a later
  stage does not wait for an earlier one (a learner back after 40 days gets both).
- Selection: questions the learner last answered wrong first (spacing works best on what was
  not yet retrieved), then questions never seen, then the rest; 3 or 4 of them.
- Grading: as the quiz (`modules.grading.grade`), but the outcome is a share right, not a pass:
  a refresher never changes a module result or a diploma.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .grading import Grade, grade, is_fully_right
from .model import Quiz
from .plan import AttemptPlan
from .questions import Answer, kind_of

DEFAULT_DAYS = (7, 30)
REFRESHER_SIZE = 4  # questions; fewer when the pool is smaller (at least 3 when it can be)


@dataclass(frozen=True)
class DueStage:
    stage: int  # 1, 2, ...
    due_at: datetime


def schedule(passed_at: datetime, days: Sequence[int] = DEFAULT_DAYS) -> tuple[DueStage, ...]:
    """When each stage of a module passed at `passed_at` becomes due."""
    return tuple(DueStage(stage, passed_at + timedelta(days=d)) for stage, d in enumerate(days, start=1))


def due_stages(
    passed_at: datetime | None, now: datetime, taken: set[int], days: Sequence[int] = DEFAULT_DAYS
) -> list[DueStage]:
    """The stages due at `now` and not yet taken (none when the module is not passed)."""
    if passed_at is None:
        return []
    return [s for s in schedule(passed_at, days) if s.due_at <= now and s.stage not in taken]


def select_questions(
    quiz: Quiz,
    last_scores: Mapping[str, float],
    seed: int,
    size: int = REFRESHER_SIZE,
) -> AttemptPlan:
    """Draw a refresher: wrong first, then unseen, then the rest, each group shuffled.

    `last_scores`: question id -> the learner's latest score on it (quiz or refresher);
    a question missing there was never seen.
    """
    rng = random.Random(seed)
    pool = list(quiz.questions)
    rng.shuffle(pool)

    def rank(question_id: str) -> int:
        if question_id not in last_scores:
            return 1  # unseen
        return 0 if not is_fully_right(last_scores[question_id]) else 2

    pool.sort(key=lambda q: rank(q.id))  # stable: shuffled within each group
    chosen = pool[: max(1, size)]
    return AttemptPlan(seed, tuple(kind_of(q).shuffle(q, rng) for q in chosen))


@dataclass(frozen=True)
class RefresherGrade:
    grade: Grade

    @property
    def share_right(self) -> float:
        """The share of questions fully right (what the retention view compares)."""
        items = self.grade.items
        return sum(is_fully_right(i.score) for i in items) / len(items) if items else 0.0


def grade_refresher(quiz: Quiz, plan: AttemptPlan, answers: Mapping[str, Answer]) -> RefresherGrade:
    """Grade like the quiz; `passed` there is meaningless for a refresher and not used."""
    return RefresherGrade(grade(quiz, plan, answers))


PHASES = ("first", "stage1", "stage2")  # the first quiz attempt, then the refresher stages


@dataclass(frozen=True)
class AnswerRow:
    """One graded answer to count: in which phase, on which question, with which score."""

    phase: str
    question_id: str
    score: float


@dataclass(frozen=True)
class PhaseShare:
    phase: str
    answers: int
    right: int

    @property
    def share(self) -> float | None:
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True)
class Forgotten:
    question_id: str
    refresher_answers: int
    wrong: int

    @property
    def share_wrong(self) -> float:
        return self.wrong / self.refresher_answers


@dataclass(frozen=True)
class Retention:
    phases: tuple[PhaseShare, ...]
    forgotten: tuple[Forgotten, ...]  # most forgotten first


def retention(rows: Sequence[AnswerRow], top: int = 5) -> Retention:
    """Share right per phase, and the questions most often wrong in a refresher."""
    counts = {phase: [0, 0] for phase in PHASES}
    per_question: dict[str, list[int]] = {}
    for row in rows:
        right = is_fully_right(row.score)
        tally = counts.setdefault(row.phase, [0, 0])
        tally[0] += 1
        tally[1] += right
        if row.phase != "first":
            seen = per_question.setdefault(row.question_id, [0, 0])
            seen[0] += 1
            seen[1] += not right
    phases = tuple(PhaseShare(phase, n, r) for phase, (n, r) in counts.items())
    forgotten = sorted(
        (Forgotten(q, n, w) for q, (n, w) in per_question.items() if w),
        key=lambda f: (-f.share_wrong, -f.wrong, f.question_id),
    )
    return Retention(phases, tuple(forgotten[:top]))
