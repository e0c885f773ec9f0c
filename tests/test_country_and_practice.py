"""Country and practice in storage, on SQLite and PostgreSQL: the country a learner chose (or
their workshop set) is kept and recorded on attempts, results and the diploma; a practice
exercise's text and ticks are kept, and go with the learner when they are erased."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from application import CourseApp, create_app
from storage import learners
from storage.inputs import InvalidLearnerInput
from storage.schema import Attempt, ModuleResult, PracticeAnswer

from .certificates_fixtures import RIGHT, make_settings, take_quiz


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[CourseApp]:
    app = create_app(make_settings(tmp_path, database_url=db_url))
    yield app
    app.close()


def test_a_workshop_sets_the_country_and_the_learner_can_change_it(world: CourseApp):
    workshop = world.workshops.open(
        "Gent, januari", date(2027, 1, 12), "trainer@example.org", country="vlaanderen"
    )
    assert workshop.country == "vlaanderen"
    info, _ = world.learners.start("Lies", workshop_code=workshop.code)
    assert info.country == "vlaanderen"
    world.learners.set_country(info.id, "nederland")
    assert world.learners.get(info.id).country == "nederland"
    chosen, _ = world.learners.start("Piet", workshop_code=workshop.code, country="nederland")
    assert chosen.country == "nederland"
    alone, _ = world.learners.start("Ann")
    assert alone.country is None


def test_an_unknown_country_is_refused(world: CourseApp):
    with pytest.raises(InvalidLearnerInput) as refused:
        world.learners.start("Lies", country="belgie")
    assert refused.value.field == "country"
    info, _ = world.learners.start("Lies")
    with pytest.raises(InvalidLearnerInput):
        world.learners.set_country(info.id, "frankrijk")
    assert world.learners.get(info.id).country is None


def test_attempt_result_and_diploma_record_the_country(world: CourseApp):
    info, _ = learners.register(world.db, "Lies", country="vlaanderen")
    attempt = take_quiz(world, info.id, RIGHT)
    assert attempt.passed and attempt.country == "vlaanderen"
    with world.db.read() as session:
        assert session.scalar(select(Attempt.country).where(Attempt.id == attempt.id)) == "vlaanderen"
        assert (
            session.scalar(select(ModuleResult.country).where(ModuleResult.learner_id == info.id))
            == "vlaanderen"
        )
    diploma = world.diplomas.issue(info.id)
    assert diploma.country == "vlaanderen"
    assert world.diplomas.find(diploma.code).country == "vlaanderen"


def test_practice_is_kept_and_erased_with_the_learner(world: CourseApp):
    info, _ = learners.register(world.db, "Lies")
    assert world.learning.practice(info.id, "mini").text == ""
    world.learning.save_practice(info.id, "mini", "Mijn eerste versie", {0})
    saved = world.learning.save_practice(info.id, "mini", "Mijn tweede versie", {0, 2})
    assert saved.text == "Mijn tweede versie" and saved.checked == {0, 2}
    again = world.learning.practice(info.id, "mini")
    assert again == saved
    assert world.learning.save_practice(info.id, "mini", "x" * 9000, set()).text == "x" * 5000
    exported = world.privacy.export(info.id)
    assert "practice_answers" in exported.tables
    world.privacy.erase(info.id)
    with world.db.read() as session:
        assert session.scalars(select(PracticeAnswer)).all() == []
