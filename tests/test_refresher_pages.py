"""Refreshers on the pages (AppTest): "Opfrissers klaar" on the overview a week after passing,
the refresher taken with the quiz's feedback, "Mijn voortgang", and the trainer's retention view."""

from __future__ import annotations

from datetime import timedelta

from streamlit.testing.v1 import AppTest

from application import CourseApp
from storage import trainers
from storage.db import Database

from .test_pages import RIGHT, open_page, signed_in, take_quiz, texts
from .test_trainers import log_in
from .test_trainers import open_page as open_trainer_page

WRONG = {"vraag-1": 2, "vraag-2": [2], "vraag-3": [1, 2, 0], "vraag-4": [1]}


def answer_refresher_question(app: AppTest, refresher_id: int, answers: dict, course_app: CourseApp) -> None:
    """Answer the refresher question on screen through its widgets (as `test_pages` does for a quiz)."""
    widgets = -refresher_id  # the refresher screen keys its widgets apart from quiz attempts
    checkbox_keys = [c.key for c in app.checkbox if c.key and c.key.startswith(f"answer:{widgets}:")]
    if checkbox_keys:
        question_id = checkbox_keys[0].split(":")[2]
        for key in checkbox_keys:
            app.checkbox(key=key).set_value(int(key.split(":")[3]) in answers[question_id])
        return
    order_keys = [b.key for b in app.button if b.key and ":up:" in b.key]
    if order_keys:
        question_id = order_keys[0].split(":")[2]
        key = f"answer:{widgets}:{question_id}"
        target = answers[question_id]
        while app.session_state[key] != target:
            arrangement = app.session_state[key]
            position = next(
                i
                for i in range(1, len(target))
                if target.index(arrangement[i]) < target.index(arrangement[i - 1])
            )
            app.button(key=f"{key}:up:{position}").click().run()
        return
    radio_keys = [r.key for r in app.radio if r.key and r.key.startswith("answer:")]
    while radio_keys:
        key = radio_keys[0]
        question_id = key.split(":")[2]
        if key.count(":") == 3:  # a branching node: choose and confirm
            learner_id = app.session_state["learner_id"]
            path = course_app.refreshers.state(refresher_id, learner_id).answers.get(question_id, [])
            app.radio(key=key).set_value(answers[question_id][len(path)]).run()
            app.button(key=key.replace(f":{key.split(':')[3]}", f":choose:{key.split(':')[3]}")).click().run()
        else:
            app.radio(key=key).set_value(answers[question_id])
            return
        radio_keys = [r.key for r in app.radio if r.key and r.key.startswith("answer:")]


def _passed_and_a_week_later(app: AppTest, database: Database, course_app: CourseApp) -> int:
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    take_quiz(app, RIGHT)
    open_page(app, "modules")
    assert "Opfrissers klaar" not in texts(app)
    course_app.clock.advance(timedelta(days=7, hours=1))
    open_page(app, "modules")
    assert "Opfrissers klaar" in texts(app)
    (due,) = course_app.refreshers.overview(app.session_state["learner_id"]).due
    return due.id


def test_the_overview_shows_a_due_refresher_and_the_learner_takes_it(
    app: AppTest, database: Database, course_app: CourseApp
):
    refresher_id = _passed_and_a_week_later(app, database, course_app)
    links = [link for link in app.get("page_link") if "opfrisser 1" in link.proto.label]
    assert links and "refresher" in links[0].proto.query_string
    open_page(app, "refresher", refresher=str(refresher_id))
    assert app.title[0].value.startswith("Opfrisser: ")
    questions = len(course_app.refreshers.state(refresher_id, app.session_state["learner_id"]).plan.questions)
    assert 3 <= questions <= 4
    for _ in range(questions):
        answer_refresher_question(app, refresher_id, WRONG, course_app)
        app.button(key="next_question").click().run()
        assert not app.exception
    app.button(key="submit_attempt").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("Je had er 0 van de")
    assert "niets aan je resultaat of je diploma" in texts(app)
    # the same feedback as the quiz: every question with its verdict and explanation
    assert sum("Fout (0%)" in e.label for e in app.expander) == questions
    open_page(app, "modules")
    assert "Opfrissers klaar" not in texts(app)
    assert "Gehaald" in texts(app)  # still passed
    open_page(app, "progress")
    assert "Opfrissers" in [h.value for h in app.header]
    assert any(
        "opfrisser 1" in link.proto.label and "0% goed" in link.proto.label for link in app.get("page_link")
    )


def test_someone_elses_refresher_is_refused(app: AppTest, database: Database, course_app: CourseApp):
    refresher_id = _passed_and_a_week_later(app, database, course_app)
    signed_in(app, database, "Iemand Anders")
    open_page(app, "refresher", refresher=str(refresher_id))
    assert "bestaat niet of is niet van jou" in app.warning[0].value
    open_page(app, "refresher", refresher="abc")
    assert "bestaat niet of is niet van jou" in app.warning[0].value


def test_trainer_sees_retention_with_chart_table_and_forgotten_questions(
    app: AppTest, database: Database, course_app: CourseApp
):
    refresher_id = _passed_and_a_week_later(app, database, course_app)
    learner_id = app.session_state["learner_id"]
    state = course_app.refreshers.state(refresher_id, learner_id)
    for i, q in enumerate(state.plan.question_ids):
        course_app.refreshers.save_answer(refresher_id, learner_id, q, WRONG[q], i + 1)
    course_app.refreshers.submit(refresher_id, learner_id)

    trainers.add(database, "trainer@example.nl", "een lang wachtwoord 123")
    open_trainer_page(app, "trainer_home")
    log_in(app, "trainer@example.nl", "een lang wachtwoord 123")
    open_trainer_page(app, "trainer_retention")
    assert not app.exception
    assert app.title[0].value == "Onthouden"
    assert app.get("vega_lite_chart")  # the chart
    table = app.table[0].value
    assert list(table.index) == ["Eerste poging", "Na 7 dagen", "Na 30 dagen"]
    assert table.iloc[0, 1] == "100%" and table.iloc[1, 1] == "0%" and table.iloc[2, 1] == "–"
    forgotten = app.table[1].value
    assert len(forgotten) == len(state.plan.questions)
