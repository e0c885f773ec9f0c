"""Learning: lessons read, quiz attempts, and how far a learner is in the course.

The one door for an attempt: `start_attempt` draws from the module as published (module and
version from one snapshot of the live course), `save_answer` keeps every answer at once, and
`submit` grades with the engine on the module version the attempt was drawn from, whatever
was published in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from modules.attempts import AttemptPlan, draw_attempt, new_seed
from modules.catalog import ModuleBundle
from modules.grading import grade
from modules.questions import Answer
from storage import learners, practice, progress, workshops
from storage.db import Database
from storage.practice import PracticeState
from storage.progress import AttemptState, ModuleProgress

from .catalog import Catalog


class LessonsFirst(Exception):
    """The module's quiz opens after its lessons were read (a course setting)."""


@dataclass(frozen=True)
class CourseProgress:
    """A learner's progress on every module of the live course. The one place that decides
    whether the course is complete (what a diploma needs)."""

    modules: tuple[ModuleBundle, ...]
    results: dict[str, ModuleProgress]

    def of(self, module_id: str) -> ModuleProgress | None:
        return self.results.get(module_id)

    def passed(self, module_id: str) -> bool:
        found = self.results.get(module_id)
        return found is not None and found.passed

    def lessons_read(self, module: ModuleBundle) -> int:
        """How many of the module's lessons the learner has read."""
        found = self.results.get(module.id)
        lessons = {lesson.id for lesson in module.in_language("nl").lessons}
        return len(found.lessons_read & lessons) if found else 0

    @property
    def passed_modules(self) -> list[ModuleBundle]:
        return [m for m in self.modules if self.passed(m.id)]

    @property
    def missing(self) -> list[ModuleBundle]:
        return [m for m in self.modules if not self.passed(m.id)]

    @property
    def complete(self) -> bool:
        return not self.missing


class LearningService:
    def __init__(self, db: Database, catalog: Catalog) -> None:
        self.db = db
        self.catalog = catalog
        # Told about what learners do (e.g. xAPI statements); they only queue, so they are quick.
        self.on_lesson_read: list[Callable[[int, str, str], None]] = []
        self.on_submitted: list[Callable[[int, AttemptState], None]] = []

    def mark_lesson_read(self, learner_id: int, module_id: str, lesson_id: str) -> None:
        progress.mark_lesson_read(self.db, learner_id, module_id, lesson_id)
        for listener in self.on_lesson_read:
            listener(learner_id, module_id, lesson_id)

    def progress(self, learner_id: int) -> CourseProgress:
        return CourseProgress(self.catalog.live().course.modules, progress.progress(self.db, learner_id))

    def quiz_open(self, learner_id: int, module_id: str) -> bool:
        """Whether the learner may start the module's quiz: its lessons were opened, unless the
        course lets anyone test out (`quiz_after_lessons: false`) or their workshop does."""
        course = self.catalog.live().course
        if not course.about("nl").quiz_after_lessons:
            return True
        bundle = course.module(module_id)
        if self.progress(learner_id).lessons_read(bundle) >= len(bundle.in_language("nl").lessons):
            return True
        return workshops.testing_out_for(self.db, learner_id)

    def start_attempt(self, learner_id: int, module_id: str, *, version: int | None = None) -> AttemptState:
        """The learner's open attempt on the module, or a new draw: from the published
        version, or from `version` (a trainer's preview of a version not yet published).
        LessonsFirst while the module's lessons are still to be read (see `quiz_open`)."""
        if version is None:
            if not self.quiz_open(learner_id, module_id):
                raise LessonsFirst(module_id)
            live = self.catalog.live()  # one snapshot: the module and its version belong together
            bundle, version = live.course.module(module_id), live.version(module_id)
        else:
            bundle = self.catalog.module_at(module_id, version)
        # Drawn from the learner's country: a question of the other country is never drawn.
        learner = learners.get(self.db, learner_id)
        country = learner.country if learner else None
        quiz = bundle.in_language("nl", country).quiz

        def draw(seen: list[str]) -> AttemptPlan:
            return draw_attempt(quiz, new_seed(), avoid=seen)

        return progress.open_attempt(self.db, learner_id, module_id, version, draw, country)

    def save_answer(
        self, attempt_id: int, learner_id: int, question_id: str, answer: Answer, position: int
    ) -> AttemptState:
        """Record an answer (or move to another question) on an open attempt."""
        return progress.save_answer(self.db, attempt_id, learner_id, question_id, answer, position)

    def submit(self, attempt_id: int, learner_id: int) -> AttemptState:
        """Grade the attempt on its own module version and keep the learner's best result."""
        module_id, version = progress.attempt_version(self.db, attempt_id, learner_id)
        quiz = self.catalog.module_at(module_id, version).in_language("nl").quiz
        submitted = progress.submit_attempt(
            self.db, attempt_id, learner_id, lambda attempt: grade(quiz, attempt.plan, attempt.answers)
        )
        for listener in self.on_submitted:
            listener(learner_id, submitted)
        return submitted

    def module_of(self, attempt: AttemptState) -> ModuleBundle:
        """The module as the attempt was drawn from it."""
        return self.catalog.module_at(attempt.module_id, attempt.module_version)

    def quiz_state(
        self, learner_id: int, module_id: str, requested: str | None = None
    ) -> tuple[AttemptState | None, AttemptState | None]:
        """What the quiz page shows: the open attempt, or the submitted attempt to review."""
        return progress.quiz_state(self.db, learner_id, module_id, requested)

    def attempts(self, learner_id: int, module_id: str) -> list[AttemptState]:
        """All the learner's attempts on a module, newest first."""
        return progress.attempts(self.db, learner_id, module_id)

    def practice(self, learner_id: int, module_id: str) -> PracticeState:
        """The learner's work on the module's practice exercise (empty before they start)."""
        return practice.get(self.db, learner_id, module_id)

    def save_practice(
        self, learner_id: int, module_id: str, text: str, checked: set[int] | frozenset[int]
    ) -> PracticeState:
        """Keep what the learner wrote and ticked; not graded."""
        return practice.save(self.db, learner_id, module_id, text, checked)
