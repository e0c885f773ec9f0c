"""Refreshers: the pure rules (schedule, selection, grading, retention) with the time passed in,
and the service on real SQLite and PostgreSQL with the app's clock moved instead of waited for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from application import CourseApp
from modules.catalog import load_course
from modules.refreshers import (
    AnswerRow,
    due_stages,
    grade_refresher,
    retention,
    schedule,
    select_questions,
)
from storage.schema import ModuleResult

from .conftest import FIXTURE_CONTENT
from .test_storage import right_answer, take, wrong_answer

QUIZ = load_course(FIXTURE_CONTENT).module("mini").in_language("nl").quiz
PASSED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ALL = ["vraag-1", "vraag-2", "vraag-3", "vraag-4"]


# --- the rules, pure -------------------------------------------------------------------------


def test_the_schedule_follows_the_course_settings():
    assert [s.due_at for s in schedule(PASSED, (7, 30))] == [
        PASSED + timedelta(days=7),
        PASSED + timedelta(days=30),
    ]
    assert [s.due_at - PASSED for s in schedule(PASSED, (3, 10))] == [timedelta(days=3), timedelta(days=10)]


def test_nothing_is_due_before_seven_days_or_for_a_module_not_passed():
    assert due_stages(PASSED, PASSED + timedelta(days=6, hours=23), set()) == []
    assert due_stages(None, PASSED + timedelta(days=100), set()) == []


def test_stages_become_due_and_stay_due_until_taken():
    assert [s.stage for s in due_stages(PASSED, PASSED + timedelta(days=7), set())] == [1]
    assert [s.stage for s in due_stages(PASSED, PASSED + timedelta(days=29), set())] == [1]
    assert [s.stage for s in due_stages(PASSED, PASSED + timedelta(days=40), set())] == [1, 2]
    assert [s.stage for s in due_stages(PASSED, PASSED + timedelta(days=40), {1})] == [2]
    assert due_stages(PASSED, PASSED + timedelta(days=40), {1, 2}) == []


@pytest.mark.parametrize("seed", range(20))
def test_wrong_answers_come_first_then_unseen_ones(seed: int):
    # vraag-3 was wrong, vraag-1 right; vraag-2 and vraag-4 never seen.
    plan = select_questions(QUIZ, {"vraag-1": 1.0, "vraag-3": 0.5}, seed, size=3)
    ids = plan.question_ids
    assert ids[0] == "vraag-3"
    assert set(ids[1:]) == {"vraag-2", "vraag-4"}


def test_right_answers_fill_up_the_refresher_last():
    plan = select_questions(QUIZ, dict.fromkeys(ALL, 1.0) | {"vraag-2": 0.0}, seed=3, size=4)
    assert plan.question_ids[0] == "vraag-2" and sorted(plan.question_ids) == ALL


def test_the_draw_is_reproducible_from_its_seed():
    assert select_questions(QUIZ, {}, 11) == select_questions(QUIZ, {}, 11)


def test_a_refresher_is_graded_like_the_quiz():
    plan = select_questions(QUIZ, {}, seed=5, size=4)
    answers = {q: right_answer(q) for q in plan.question_ids}
    answers[plan.question_ids[0]] = wrong_answer(plan.question_ids[0])
    graded = grade_refresher(QUIZ, plan, answers)
    assert graded.share_right == 0.75
    assert graded.grade.item_scores[plan.question_ids[0]] < 1


def test_retention_counts_share_right_per_phase_and_the_most_forgotten_questions():
    rows = [
        AnswerRow("first", "a", 1.0),
        AnswerRow("first", "b", 1.0),
        AnswerRow("first", "c", 0.0),
        AnswerRow("first", "a", 1.0),
        AnswerRow("stage1", "a", 0.0),
        AnswerRow("stage1", "b", 1.0),
        AnswerRow("stage1", "a", 0.0),
        AnswerRow("stage2", "b", 0.0),
        AnswerRow("stage2", "c", 1.0),
    ]
    found = retention(rows)
    shares = {p.phase: p.share for p in found.phases}
    assert shares == {"first": 0.75, "stage1": pytest.approx(1 / 3), "stage2": 0.5}
    assert [(f.question_id, f.wrong, f.refresher_answers) for f in found.forgotten] == [
        ("a", 2, 2),
        ("b", 1, 2),
    ]
    assert {p.phase: p.share for p in retention([]).phases} == dict.fromkeys(("first", "stage1", "stage2"))


# --- the service, on both databases ----------------------------------------------------------


def _passed_learner(app: CourseApp, name: str = "Refresher Ria", answer=right_answer, **kw) -> int:
    learner, _ = app.learners.start(name, **kw)
    take(app, learner.id, answer)
    return learner.id


def _take_refresher(app: CourseApp, learner_id: int, refresher_id: int, answer) -> None:
    state = app.refreshers.state(refresher_id, learner_id)
    for i, q in enumerate(state.plan.question_ids):
        app.refreshers.save_answer(refresher_id, learner_id, q, answer(q), i + 1)
    app.refreshers.submit(refresher_id, learner_id)


def test_a_refresher_is_due_seven_days_after_passing(backend_app: CourseApp):
    learner_id = _passed_learner(backend_app)
    assert backend_app.refreshers.overview(learner_id).due == ()
    backend_app.clock.advance(timedelta(days=7, minutes=1))
    due = backend_app.refreshers.overview(learner_id).due
    assert [(r.module_id, r.stage) for r in due] == [("mini", 1)]
    # asking again makes nothing new
    assert backend_app.refreshers.overview(learner_id).due == due


def test_a_learner_who_did_not_pass_gets_no_refresher(backend_app: CourseApp):
    learner_id = _passed_learner(backend_app, answer=wrong_answer)
    backend_app.clock.advance(timedelta(days=40))
    assert backend_app.refreshers.overview(learner_id) == backend_app.refreshers.overview(learner_id)
    assert backend_app.refreshers.overview(learner_id).due == ()


def test_taking_a_refresher_badly_never_takes_the_diploma_away(backend_app: CourseApp):
    learner_id = _passed_learner(backend_app)
    backend_app.clock.advance(timedelta(days=8))
    (refresher,) = backend_app.refreshers.overview(learner_id).due
    _take_refresher(backend_app, learner_id, refresher.id, wrong_answer)
    done = backend_app.refreshers.state(refresher.id, learner_id)
    assert done.submitted and done.score is not None and done.score < 0.5
    assert backend_app.learning.progress(learner_id).complete  # the module stays passed
    with backend_app.db.read() as session:
        result = session.scalars(select(ModuleResult)).one()
        assert result.passed and result.attempts == 1
    overview = backend_app.refreshers.overview(learner_id)
    assert overview.due == () and [r.stage for r in overview.taken] == [1]
    # submitting twice changes nothing
    assert backend_app.refreshers.submit(refresher.id, learner_id).score == done.score


def test_the_second_refresher_draws_what_was_wrong_in_the_first(backend_app: CourseApp):
    learner_id = _passed_learner(backend_app)
    backend_app.clock.advance(timedelta(days=8))
    (first,) = backend_app.refreshers.overview(learner_id).due
    drawn = backend_app.refreshers.state(first.id, learner_id).plan.question_ids
    wrong = drawn[0]
    _take_refresher(
        backend_app, learner_id, first.id, lambda q: wrong_answer(q) if q == wrong else right_answer(q)
    )
    backend_app.clock.advance(timedelta(days=30))
    (second,) = backend_app.refreshers.overview(learner_id).due
    assert second.stage == 2
    assert backend_app.refreshers.state(second.id, learner_id).plan.question_ids[0] == wrong


def test_someone_elses_refresher_is_not_found(backend_app: CourseApp):
    learner_id = _passed_learner(backend_app)
    other, _ = backend_app.learners.start("Ander")
    backend_app.clock.advance(timedelta(days=8))
    (refresher,) = backend_app.refreshers.overview(learner_id).due
    with pytest.raises(KeyError):
        backend_app.refreshers.state(refresher.id, other.id)
    with pytest.raises(KeyError):
        backend_app.refreshers.submit(refresher.id, other.id)


def test_retention_per_module_and_workshop(backend_app: CourseApp):
    code = backend_app.workshops.open("Workshop A", datetime(2026, 1, 5).date(), by="trainer@example.nl").code
    in_workshop = _passed_learner(backend_app, "In workshop", workshop_code=code)
    elsewhere = _passed_learner(backend_app, "Elders")
    backend_app.clock.advance(timedelta(days=8))
    for learner_id, answer in ((in_workshop, wrong_answer), (elsewhere, right_answer)):
        (refresher,) = backend_app.refreshers.overview(learner_id).due
        _take_refresher(backend_app, learner_id, refresher.id, answer)
    everyone = {p.phase: p.share for p in backend_app.refreshers.retention("mini").phases}
    assert everyone["first"] == 1.0 and everyone["stage1"] == 0.5 and everyone["stage2"] is None
    workshop = backend_app.refreshers.retention("mini", code)
    assert {p.phase: p.share for p in workshop.phases}["stage1"] == 0.0
    assert {f.share_wrong for f in workshop.forgotten} == {1.0} and workshop.forgotten


def test_erasing_a_learner_leaves_none_of_their_refreshers_mails_or_tokens(backend_app: CourseApp):
    """The erasure (storage/privacy.py) deletes the learner and relies on cascades; the export
    finds the new tables by their foreign key without anyone listing them."""
    from storage.privacy import owned_tables
    from storage.schema import LearnerToken, MailPreference, OutboxMessage, Refresher, RefresherItem

    names = {table.name for table, _ in owned_tables()}
    assert {"refreshers", "refresher_items", "outbox", "learner_tokens", "mail_preferences"} <= names
    gone = _passed_learner(backend_app, "Weg Ermee", email="weg@example.nl")
    stays = _passed_learner(backend_app, "Blijft", email="blijft@example.nl")
    backend_app.clock.advance(timedelta(days=8))
    for learner_id in (gone, stays):
        (refresher,) = backend_app.refreshers.overview(learner_id).due
        _take_refresher(backend_app, learner_id, refresher.id, right_answer)
        with backend_app.db.write() as session:
            session.add(OutboxMessage(kind="mail", learner_id=learner_id, payload={"to": "x"}))
            session.add(
                LearnerToken(token_hash=f"{learner_id:064d}", learner_id=learner_id, purpose="signin")
            )
            session.add(MailPreference(learner_id=learner_id, refresher_mails=False))
    exported = backend_app.privacy.export(gone).tables
    assert len(exported["refreshers"]) == 1 and len(exported["outbox"]) == 1
    assert exported["learner_tokens"] and "token_hash" not in exported["learner_tokens"][0]
    backend_app.privacy.erase(gone)
    with backend_app.db.read() as session:
        for model in (Refresher, OutboxMessage, LearnerToken, MailPreference):
            owners = set(session.scalars(select(model.learner_id)))
            assert owners == {stays}, model.__tablename__
        assert session.scalars(select(RefresherItem.refresher_id)).all()  # the other learner's stay
        assert {r.learner_id for r in session.scalars(select(Refresher))} == {stays}


def test_refresher_days_are_a_setting():
    from settings import Settings

    assert Settings.load(environ={}, secrets={}).refresher_days == (7, 30)
    assert Settings.load(environ={"REFRESHER_DAYS": "3, 14"}, secrets={}).refresher_days == (3, 14)
    assert Settings.load(environ={}, secrets={"refresher_days": "5,20"}).refresher_days == (5, 20)
    for bad in ("7", "30,7", "a,b", "0,5", "7,30,60"):
        with pytest.raises(ValueError, match="REFRESHER_DAYS"):
            Settings.load(environ={"REFRESHER_DAYS": bad}, secrets={})
