"""Lessons before the quiz (issue 12 point 7): by default a module's quiz opens once its lessons
were opened, so nobody passes with 0 lessons read; a trainer may let a workshop test out; a
course may switch it off (the fixture course does, for the other tests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from application import CourseApp, LessonsFirst, create_app, current_app
from storage import workshops

from .conftest import APP, FIXTURE_CONTENT, settings_for


@pytest.fixture
def strict_app(tmp_path: Path) -> Iterator[CourseApp]:
    """The fixture course with the default setting: quiz after the lessons."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    course = content / "course.nl.yaml"
    course.write_text(course.read_text().replace("quiz_after_lessons: false\n", ""))
    app = create_app(settings_for(tmp_path / "data", content_dir=content))
    assert app.catalog.live().course.about("nl").quiz_after_lessons
    yield app
    app.close()


def test_the_quiz_opens_after_the_lessons(strict_app: CourseApp) -> None:
    app = strict_app
    learner, _ = app.learners.start("Piet")
    module = app.catalog.live().course.modules[0]
    assert not app.learning.quiz_open(learner.id, module.id)
    with pytest.raises(LessonsFirst):
        app.learning.start_attempt(learner.id, module.id)
    for lesson in module.in_language("nl").lessons:
        app.learning.mark_lesson_read(learner.id, module.id, lesson.id)
    assert app.learning.quiz_open(learner.id, module.id)
    assert app.learning.start_attempt(learner.id, module.id).position == 0


def test_a_workshop_may_test_out(strict_app: CourseApp) -> None:
    app = strict_app
    workshop = app.workshops.open("Snelle groep", date.today(), by="anna@example.nl")
    learner, _ = app.learners.start("Noor", workshop_code=workshop.code)
    module_id = app.catalog.live().course.modules[0].id
    assert not app.learning.quiz_open(learner.id, module_id)
    app.workshops.set_testing_out(workshop.code, True, by="anna@example.nl")
    assert app.learning.quiz_open(learner.id, module_id)
    assert app.learning.start_attempt(learner.id, module_id)
    assert workshops.all_workshops(app.db)[0].testing_out


def test_the_quiz_page_sends_the_learner_to_the_lessons_first(strict_app: CourseApp) -> None:
    _, code = strict_app.learners.start("Piet")
    module_id = strict_app.catalog.live().course.modules[0].id
    with current_app.serving(strict_app):
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["resume"] = code
        at.run()
        at.switch_page("views/quiz.py")
        at.query_params["module"] = module_id
        at.run()
        assert not at.exception
        assert at.info[0].value == "De quiz van deze module gaat open als je de lessen hebt gelezen."
        assert not [b for b in at.button if b.key == "start_quiz"]
