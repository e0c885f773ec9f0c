"""A wrong name on a diploma can be fixed (issue 12 point 3): a trainer corrects it with a
reason (audit-logged without the names), the old diploma is revoked as replaced and links to
its successor, which the learner makes at once; before a diploma exists the learner corrects
the name themselves."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from application import CourseApp, InvalidLearnerInput, NameLocked
from storage import audit, trainers
from web.routes import routes

from .test_trainers import PASSWORD, log_in, open_page

OLD, NEW = "Jan Janssen", "Jan Jansen"


def test_a_trainer_corrects_a_name_and_the_diploma_is_replaced(backend_app: CourseApp) -> None:
    app = backend_app
    learner, _ = app.learners.start(OLD)
    old = app.diplomas.issue(learner.id, require_passed=False)
    with pytest.raises(InvalidLearnerInput):
        app.learners.correct_name(learner.id, NEW, reason=" ", by="anna@example.nl")

    replaced = app.learners.correct_name(learner.id, NEW, reason="typefout", by="anna@example.nl")
    assert replaced == old.code
    gone = app.diplomas.find(old.code)
    assert gone is not None and gone.revoked and gone.revoked_reason == "replaced"
    assert app.diplomas.current(learner.id) is None  # the learner can make a new one at once
    new = app.diplomas.issue(learner.id, require_passed=False)
    assert new.code != old.code and new.name == NEW and not new.revoked
    assert app.diplomas.find(old.code).replaced_by == new.code  # type: ignore[union-attr]

    entry = next(e for e in audit.recent(app.db) if e.action == "name_corrected")
    assert entry.actor == "anna@example.nl" and entry.subject == f"learner {learner.id}"
    assert entry.detail is not None and entry.detail["reason"] == "typefout"
    assert OLD not in repr(entry) and NEW not in repr(entry)  # no names in the log

    # The old verification page says where the new diploma is.
    client = TestClient(Starlette(routes=routes(lambda: app)))
    page = client.get(f"/verify/{old.code}").text
    assert "vervangen door" in page and f"/verify/{new.code}" in page


def test_a_learner_corrects_their_own_name_only_before_the_diploma(backend_app: CourseApp) -> None:
    app = backend_app
    learner, _ = app.learners.start(OLD)
    assert app.learners.rename(learner.id, NEW).name == NEW
    with pytest.raises(InvalidLearnerInput):
        app.learners.rename(learner.id, "  ")
    app.diplomas.issue(learner.id, require_passed=False)
    with pytest.raises(NameLocked):
        app.learners.rename(learner.id, "Iemand Anders")
    assert app.learners.get(learner.id).name == NEW  # type: ignore[union-attr]


def test_the_trainer_page_corrects_a_name(app: AppTest, course_app: CourseApp) -> None:
    learner, _ = course_app.learners.start(OLD)
    old = course_app.diplomas.issue(learner.id, require_passed=False)
    trainers.add(course_app.db, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_diplomas")
    log_in(app, "anna@example.nl", PASSWORD)
    next(ti for ti in app.text_input if ti.label == "Juiste naam").input(NEW)
    next(ti for ti in app.text_input if ti.label.startswith("Reden (komt in het logboek, zonder")).input(
        "typefout"
    )
    app.button(key="FormSubmitter:correct_form-Naam corrigeren").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("De naam is gecorrigeerd")
    assert "vervangen op" in app.table[0].value.to_string()
    assert course_app.learners.get(learner.id).name == NEW  # type: ignore[union-attr]
    assert course_app.diplomas.find(old.code).revoked  # type: ignore[union-attr]


def test_the_learner_page_lets_the_name_be_fixed_before_the_diploma(
    app: AppTest, course_app: CourseApp
) -> None:
    learner, code = course_app.learners.start(OLD)
    app.query_params["resume"] = code
    app.run()
    app.switch_page("views/diploma.py").run()
    box = next(ti for ti in app.text_input if ti.label.startswith("Je naam"))
    box.input(NEW)
    app.button(key="FormSubmitter:own_name-Naam opslaan").click().run()
    assert not app.exception
    assert course_app.learners.get(learner.id).name == NEW  # type: ignore[union-attr]
    assert any(NEW in m.value for m in app.sidebar.markdown)  # "Aangemeld als ..." follows
