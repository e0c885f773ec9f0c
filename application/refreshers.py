"""Refreshers: short quizzes 7 and 30 days (course settings) after a module was passed.

The rules are the engine's (`modules/refreshers.py`); this service gives them the time (its
clock), the live course and storage. A refresher never changes a module result or a diploma.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from modules.attempts import new_seed
from modules.catalog import ModuleBundle
from modules.plan import AttemptPlan
from modules.questions import Answer
from modules.refreshers import Retention, grade_refresher, retention, select_questions
from settings import Settings
from storage import refreshers
from storage.db import Database
from storage.progress import AttemptState
from storage.refreshers import RefresherInfo

from .catalog import Catalog
from .clock import Clock


@dataclass(frozen=True)
class RefresherOverview:
    """A learner's refreshers: the ones to take now, and the ones taken."""

    due: tuple[RefresherInfo, ...]
    taken: tuple[RefresherInfo, ...]


class RefresherService:
    def __init__(self, db: Database, catalog: Catalog, settings: Settings, clock: Clock) -> None:
        self.db = db
        self.catalog = catalog
        self.settings = settings
        self.clock = clock
        self.on_submitted: list[Callable[[int, AttemptState], None]] = []  # e.g. xAPI statements

    def _draw(self, module_id: str, scores: dict[str, float]) -> tuple[int, AttemptPlan] | None:
        live = self.catalog.live()
        if module_id not in live.course.module_ids:
            return None  # withdrawn from the course: nothing to refresh
        quiz = live.course.module(module_id).in_language("nl").quiz
        return live.version(module_id), select_questions(quiz, scores, new_seed())

    def make_due(self, learner_id: int | None = None) -> list[RefresherInfo]:
        """Make the refreshers due now (for one learner, or for all: the background sweep)."""
        return refreshers.make_due(
            self.db, self.clock.now(), self.settings.refresher_days, self._draw, learner_id
        )

    def overview(self, learner_id: int) -> RefresherOverview:
        """What the overview and "Mijn voortgang" show (due ones are made on the way)."""
        self.make_due(learner_id)
        mine = refreshers.of_learner(self.db, learner_id)
        return RefresherOverview(
            tuple(r for r in mine if not r.submitted), tuple(r for r in mine if r.submitted)
        )

    def state(self, refresher_id: int, learner_id: int) -> AttemptState:
        """The refresher as an attempt (number = stage), for the quiz screens. KeyError when
        it is not this learner's."""
        return refreshers.state(self.db, refresher_id, learner_id)

    def save_answer(
        self, refresher_id: int, learner_id: int, question_id: str, answer: Answer, position: int
    ) -> AttemptState:
        return refreshers.save_answer(self.db, refresher_id, learner_id, question_id, answer, position)

    def submit(self, refresher_id: int, learner_id: int) -> AttemptState:
        """Grade with the module version the refresher was drawn from; the same feedback as
        the quiz follows. Module results and diplomas stay as they are."""
        current = refreshers.state(self.db, refresher_id, learner_id)
        quiz = self.module_of(current).in_language("nl").quiz
        if current.submitted:
            return current
        submitted = refreshers.submit(
            self.db,
            refresher_id,
            learner_id,
            lambda r: grade_refresher(quiz, r.plan, r.answers),
            self.clock.now(),
        )
        for listener in self.on_submitted:
            listener(learner_id, submitted)
        return submitted

    def module_of(self, refresher: AttemptState) -> ModuleBundle:
        return self.catalog.module_at(refresher.module_id, refresher.module_version)

    def retention(self, module_id: str, workshop_code: str | None = None) -> Retention:
        """Share right at the first attempt and at each refresher, and the questions
        forgotten most, for everyone or one workshop."""
        return retention(refreshers.answer_rows(self.db, module_id, workshop_code))
