"""The trainer's module pages through AppTest: upload, publish, versions, diff, restore, and
the preview with the learner's own screens."""

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from application import CourseApp, current_app
from modules.catalog import load_course
from storage import progress, publishing, results, trainers
from storage.db import Database
from storage.schema import Learner, ModuleVersion

from .conftest import FIXTURE_CONTENT
from .test_trainers import PASSWORD, log_in, open_page

ORIGINAL = (FIXTURE_CONTENT / "mini" / "module.nl.yaml").read_bytes()
CHANGED = ORIGINAL.replace(b"Titel van de les", b"Nieuwe titel van de les")
TRAINER = "anna@example.nl"


@pytest.fixture
def database(database: Database) -> Database:
    """The app's database, with the trainer who uses these pages."""
    trainers.add(database, TRAINER, PASSWORD)
    return database


def signed_in_on(app: AppTest, page: str) -> AppTest:
    open_page(app, page)
    return log_in(app, TRAINER, PASSWORD)


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    return app.file_uploader(key="module_upload").upload(name, data, "application/yaml").run()


def stored_versions(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ModuleVersion))


def live_version() -> int:
    catalog = current_app().catalog
    catalog.refresh()
    return catalog.live().version("mini")


def stored_upload(app: CourseApp) -> int:
    upload = app.authoring.upload("module.nl.yaml", CHANGED, by=TRAINER)
    assert upload.version is not None
    return upload.version


def test_a_broken_file_names_its_lines_and_changes_nothing(app: AppTest, database: Database):
    signed_in_on(app, "trainer_upload")
    before = stored_versions(database)
    upload(app, "module.nl.yaml", ORIGINAL.replace(b"draw: 3 ", b"draw: 9 "))
    assert app.error[0].value.startswith("De module is niet in orde")
    assert app.code[0].value.startswith("module.nl.yaml:") and "draw is 9" in app.code[0].value
    assert stored_versions(database) == before


def test_upload_then_publish_after_confirming(app: AppTest, database: Database):
    signed_in_on(app, "trainer_upload")
    upload(app, "module.nl.yaml", CHANGED)
    assert not app.exception
    assert app.success[0].value == (
        "De module 'Titel van de module' is in orde en bewaard als versie 2. "
        "Deelnemers zien hem pas na publiceren."
    )
    changed_lines = [line for line in app.code[0].value.splitlines()[2:] if line[:1] in "+-"]
    assert len(changed_lines) == 2 and "Nieuwe titel van de les" in changed_lines[1]
    assert live_version() == 1

    app.button(key="FormSubmitter:publish_upload-Versie 2 publiceren").click().run()
    assert app.error[0].value == "Vink eerst aan dat je het zeker weet."
    assert live_version() == 1
    app.checkbox[0].check()
    app.button(key="FormSubmitter:publish_upload-Versie 2 publiceren").click().run()
    assert not app.exception
    assert live_version() == 2
    assert stored_versions(database) == 2  # reruns did not store the file again
    upload(app, "module.nl.yaml", CHANGED)
    assert app.info[0].value.startswith("De module 'Titel van de module' is in orde en is precies versie 2")

    app.switch_page("views/trainer_home.py")
    app.run()
    log = app.table[0].value.reset_index()
    assert list(log["Actie"])[:3] == ["module gepubliceerd (v2)", "module geüpload (v2)", "ingelogd"]
    assert list(log["Wie"])[:3] == [TRAINER] * 3 and list(log["Waarop"])[:2] == ["mini", "mini"]


def test_versions_page_shows_the_diff_and_restores(app: AppTest, course_app: CourseApp, database: Database):
    bundle = load_course(FIXTURE_CONTENT).module("mini")
    course_app.authoring.publish("mini", stored_upload(course_app), TRAINER)
    signed_in_on(app, "trainer_versions")
    assert not app.exception
    table = app.table[0].value.reset_index()
    assert list(table["Versie"]) == [2, 1] and list(table["Status"]) == ["gepubliceerd", ""]
    app.selectbox(key="version:mini").select(1).run()
    changed_lines = [line for line in app.code[0].value.splitlines()[2:] if line[:1] in "+-"]
    assert changed_lines[0].startswith("-") and "Nieuwe titel van de les" in changed_lines[0]
    app.checkbox[0].check()
    app.button(key="FormSubmitter:publish:mini:1-Versie 1 terugzetten").click().run()
    assert not app.exception
    assert app.success[0].value == "Versie 1 is gepubliceerd."
    assert list(app.table[0].value.reset_index()["Status"]) == ["", "gepubliceerd"]
    assert live_version() == 1
    assert bundle.digest == course_app.catalog.live().course.module("mini").digest
    assert [p.action for p in publishing.publications(database, "mini")][:2] == ["restore", "publish"]


def test_preview_uses_the_learners_screens_and_never_counts(
    app: AppTest, course_app: CourseApp, database: Database
):
    version = stored_upload(course_app)
    signed_in_on(app, "trainer_home")
    app.switch_page("views/trainer_preview.py")
    app.query_params.update({"module": "mini", "version": str(version)})
    app.run()
    assert not app.exception
    assert app.info[0].value.startswith("Voorbeeld van versie 2 (nog niet gepubliceerd)")
    assert app.title[0].value == "Nieuwe titel van de les"  # the lesson reader, on version 2

    app.query_params["part"] = "quiz"
    app.run()
    app.button(key="start_quiz").click().run()
    assert not app.exception and app.radio  # the learner's own question screen
    with database.read() as session:
        preview = session.scalars(select(Learner).where(Learner.preview_key.is_not(None))).one()
    assert preview.preview_key == f"{TRAINER}|mini|2"
    assert progress.quiz_state(database, preview.id, "mini")[0].module_version == 2
    funnel = results.funnel(database, ["mini"])
    assert funnel.set_index("stage")["learners"]["started"] == 0  # previews are not learners


def test_an_unknown_version_is_said_plainly(app: AppTest, database: Database):
    signed_in_on(app, "trainer_home")
    app.switch_page("views/trainer_preview.py")
    app.query_params.update({"module": "mini", "version": "99"})
    app.run()
    assert app.warning[0].value == "Deze moduleversie bestaat niet."


def test_the_whole_audit_log_downloads_as_csv(app: AppTest, database: Database):
    import io

    import pandas as pd

    from storage import audit
    from ui.screens.trainer_home import _audit_frame

    signed_in_on(app, "trainer_home")
    assert [b.proto.label for b in app.get("download_button")] == ["Het hele logboek downloaden (CSV)"]
    csv = _audit_frame(audit.recent(database), "nl").to_csv(index=False, sep=";")
    log = pd.read_csv(io.StringIO(csv), sep=";")
    assert list(log.columns) == ["Wanneer", "Wie", "Actie", "Waarop"]
    assert log.iloc[0]["Actie"] == "ingelogd" and log.iloc[0]["Wie"] == TRAINER


def test_a_broken_upload_says_numbers_count_from_one(app: AppTest, database: Database):
    """Issue 12 point 13: the problems list says how its numbers count."""
    signed_in_on(app, "trainer_upload")
    upload(app, "module.nl.yaml", CHANGED.replace(b"draw: 3 ", b"draw: 9 "))
    assert not app.exception and app.error
    assert any(c.value.startswith("Nummers tussen haken tellen vanaf 1") for c in app.caption)
