"""A learner's data under the AVG: export, erasure, retention; the same from the command line.

Issue 11, point 9: there was no export, no erasure and no retention, and erasing a learner
would have hit the diplomas' foreign key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from application import CourseApp, create_app
from cli.admin import main as storage_cli
from i18n import LANGUAGES, template
from storage import audit, learners, trainers
from storage.audit import record
from storage.db import Database
from storage.privacy import SECRET_COLUMNS, owned_tables
from storage.schema import (
    Attempt,
    AttemptItem,
    AuditEntry,
    Base,
    Diploma,
    DiplomaFile,
    Learner,
    LoginThrottle,
    OutboxMessage,
    utcnow,
)
from web.routes import routes

from .certificates_fixtures import MODULE, RIGHT, make_settings, take_quiz
from .test_pages import open_page, pass_module, signed_in, texts


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[CourseApp]:
    app = create_app(make_settings(tmp_path, database_url=db_url))
    yield app
    app.close()


def learner_with_diploma(app: CourseApp, name: str, email: str | None = None) -> tuple[int, str, str]:
    """A learner who read a lesson, passed and got a diploma: (id, resume code, diploma code)."""
    info, code = learners.register(app.db, name, email=email)
    app.learning.mark_lesson_read(info.id, "mini", MODULE.lessons[0].id)
    assert take_quiz(app, info.id, RIGHT).passed
    return info.id, code, app.diplomas.issue(info.id).code


def count(app: CourseApp, model: type, **where: object) -> int:
    with app.db.read() as session:
        query = select(func.count()).select_from(model).filter_by(**where)
        return int(session.scalar(query) or 0)


def test_the_export_holds_everything_of_the_learner_and_nothing_else(world: CourseApp):
    anna, anna_code, diploma_code = learner_with_diploma(world, "Anna de Vries", "anna@example.nl")
    learner_with_diploma(world, "Bert Jansen")
    export = world.privacy.export(anna)
    tables = export.tables
    assert (
        tables["learners"][0]["name"] == "Anna de Vries"
        and tables["learners"][0]["email"] == "anna@example.nl"
    )
    assert len(tables["lesson_reads"]) == 1 and len(tables["attempts"]) == 1
    assert {item["attempt_id"] for item in tables["attempt_items"]} == {tables["attempts"][0]["id"]}
    assert tables["module_results"][0]["passed"] is True
    assert tables["diplomas"][0]["code"] == diploma_code
    assert tables["diploma_files"][0]["pdf"].endswith("bytes)")  # described, not included
    document = json.loads(export.to_json())
    text = json.dumps(document)
    assert "Bert Jansen" not in text and anna_code not in text
    assert not any(column in row for rows in tables.values() for row in rows for column in SECRET_COLUMNS)
    page = export.to_html("nl").decode()
    assert "Anna de Vries" in page and '<html lang="nl">' in page


def test_every_table_of_a_learner_is_in_the_export():
    """A table added later with a learner_id is exported and erased without anyone listing it."""
    names = {table.name for table, _ in owned_tables()}
    assert {"learners", "lesson_reads", "attempts", "attempt_items", "module_results", "diplomas"} <= names
    assert {"trainers", "audit_log", "module_versions", "issuer_keys"}.isdisjoint(names)


def test_html_export_escapes_what_the_learner_typed(world: CourseApp):
    info, _ = learners.register(world.db, "Eve <script>alert(1)</script>")
    page = world.privacy.export(info.id).to_html("en").decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_erasing_a_learner_leaves_a_nameless_revoked_diploma(world: CourseApp):
    anna, anna_code, diploma_code = learner_with_diploma(world, "Anna de Vries", "anna@example.nl")
    bert, _, bert_diploma = learner_with_diploma(world, "Bert Jansen")
    items = count(world, AttemptItem)
    assert world.privacy.erase(anna) == [diploma_code]
    assert count(world, Learner, id=anna) == 0
    assert (
        count(world, Attempt, learner_id=anna) == 0 and 0 < count(world, AttemptItem) == items / 2
    )  # Bert's
    assert world.learners.resume(anna_code) is None
    diploma = world.diplomas.find(diploma_code)
    assert diploma.revoked and diploma.erased and diploma.name == "" and diploma.credential == {}
    assert diploma.learner_id is None
    with world.db.read() as session:
        assert session.scalar(select(DiplomaFile).where(DiplomaFile.diploma_id == diploma.id)) is None
        stored = session.scalar(select(Diploma).where(Diploma.code == diploma_code))
        assert "Anna" not in json.dumps([stored.name, stored.credential, stored.revoked_by])
    assert not world.diplomas.find(bert_diploma).revoked and count(world, Attempt, learner_id=bert) == 1
    entry = audit.recent(world.db)[0]
    assert entry.action == "learner_erase" and entry.detail["diplomas"] == [diploma_code]
    assert "Anna" not in json.dumps([entry.actor, entry.subject, entry.detail])


def test_an_erasure_that_fails_changes_nothing(world: CourseApp, monkeypatch: pytest.MonkeyPatch):
    anna, _, diploma_code = learner_with_diploma(world, "Anna de Vries")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("storage.privacy.record", broken)
    with pytest.raises(RuntimeError):
        world.privacy.erase(anna)
    assert count(world, Learner, id=anna) == 1 and count(world, Attempt, learner_id=anna) == 1
    assert world.diplomas.find(diploma_code).name == "Anna de Vries"


def test_retention_erases_inactive_learners_but_keeps_their_valid_diplomas(world: CourseApp):
    gone, _, gone_diploma = learner_with_diploma(world, "Oud Lid")
    kept, _, _ = learner_with_diploma(world, "Actief Lid")
    now = utcnow() + timedelta(days=round(24 * 365.25 / 12) + 2)
    with world.db.write() as session:  # the one kept came back yesterday
        session.get(Learner, kept).last_seen_at = now - timedelta(days=1)
    dry = world.privacy.purge(dry_run=True, now=now)
    assert dry.learners == 1 and count(world, Learner, id=gone) == 1  # a dry run writes nothing
    done = world.privacy.purge(now=now)
    assert done.learners == 1
    assert count(world, Learner, id=gone) == 0 and count(world, Learner, id=kept) == 1
    diploma = world.diplomas.find(gone_diploma)
    assert not diploma.revoked and diploma.name == "Oud Lid" and diploma.learner_id is None
    assert audit.recent(world.db)[0].action == "purge"


def test_retention_of_the_audit_log_and_failed_logins(world: CourseApp):
    trainers.add(world.db, "anna@example.nl", "een lange zin als wachtwoord")
    trainers.login(world.db, "niemand@example.nl", "fout", "192.0.2.1")
    now = utcnow()
    with world.db.write() as session:
        record(session, "anna@example.nl", "publish", "mini", None)
        session.flush()
        for entry in session.scalars(select(AuditEntry)):
            entry.at = now - timedelta(days=31)  # failed logins are past their 30 days
        for counter in session.scalars(select(LoginThrottle)):
            counter.updated_at = now - timedelta(days=31)
        record(session, "anna@example.nl", "upload", "mini", None)
        session.flush()
        session.scalars(select(AuditEntry).where(AuditEntry.action == "upload")).one().at = now - timedelta(
            days=round(5 * 365.25) + 1
        )
    done = world.privacy.purge(now=now)
    assert done.failed_logins == 1 and done.audit_entries == 1 and done.login_counters == 2
    left = [e.action for e in audit.recent(world.db)]
    assert "login_failed" not in left and "upload" not in left and "publish" in left


def test_the_privacy_officer_exports_and_erases_from_the_command_line(
    world: CourseApp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    anna, anna_code, diploma_code = learner_with_diploma(world, "Anna de Vries", "anna@example.nl")
    out = tmp_path / "anna.json"
    assert storage_cli(["learner", "export", "ANNA@example.nl", "--out", str(out)], app=world) == 0
    assert json.loads(out.read_text())["tables"]["learners"][0]["name"] == "Anna de Vries"
    assert storage_cli(["learner", "export", anna_code, "--out", str(tmp_path / "a.html")], app=world) == 0
    assert "Anna de Vries" in (tmp_path / "a.html").read_text()
    assert storage_cli(["learner", "export", anna_code, "--out", str(tmp_path / "a.pdf")], app=world) == 2
    assert storage_cli(["learner", "erase", "onbekend@example.nl", "--yes"], app=world) == 1
    assert storage_cli(["learner", "erase", diploma_code, "--yes"], app=world) == 0
    assert (
        f"learner {anna} erased; diplomas revoked without a name: {diploma_code}" in capsys.readouterr().out
    )
    assert world.diplomas.find(diploma_code).erased
    assert storage_cli(["purge", "--dry-run"], app=world) == 0
    assert "would remove 0 learner(s) inactive for more than 730 days" in capsys.readouterr().out


def test_erasing_from_the_command_line_asks_first(
    world: CourseApp, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    anna, anna_code, _ = learner_with_diploma(world, "Anna de Vries")
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    assert storage_cli(["learner", "erase", anna_code], app=world) == 2
    assert count(world, Learner, id=anna) == 1


def test_an_erased_learners_diploma_is_revoked_on_the_public_check_and_names_no_one(world: CourseApp):
    anna, _, diploma_code = learner_with_diploma(world, "Anna de Vries", "anna@example.nl")
    client = TestClient(Starlette(routes=routes(lambda: world)))
    assert "Anna de Vries" in client.get(f"/verify/{diploma_code}").text
    world.privacy.erase(anna)
    page = client.get(f"/verify/{diploma_code}")
    assert page.status_code == 200 and "Ingetrokken diploma" in page.text
    assert "Anna" not in page.text and "Vries" not in page.text and f"{diploma_code}.png" not in page.text
    answer = client.get(f"/verify/{diploma_code}.json").json()
    assert answer["status"] == "revoked" and "credential" not in answer and "Anna" not in json.dumps(answer)
    assert client.get(f"/verify/{diploma_code}.png").status_code == 404


# --- the learner's own page, the labels of the export, the public statements -------------------


def test_my_data_page_downloads_and_erases_after_confirmation(app: AppTest, database: Database):
    signed_in(app, database, name="Mila Jansen")
    learner_id = app.session_state["learner_id"]
    pass_module(learner_id)
    open_page(app, "mydata")
    assert "1 quizpogingen" in texts(app)
    downloads = {b.proto.label: b for b in app.get("download_button")}
    assert set(downloads) == {"Download als pagina (HTML)", "Download als JSON"}
    app.text_input[0].input("wissen")  # not the word asked for: nothing happens
    app.button(key="FormSubmitter:erase_form-Wis al mijn gegevens").click().run()
    assert app.error[0].value.startswith("Typ precies WISSEN") and learners.get(database, learner_id)
    app.text_input[0].input("WISSEN")
    app.button(key="FormSubmitter:erase_form-Wis al mijn gegevens").click().run()
    assert app.success[0].value.startswith("Je gegevens zijn gewist")
    assert learners.get(database, learner_id) is None and "learner_id" not in app.session_state


def test_every_exported_table_and_column_is_named_in_both_languages():
    missing = [
        (lang, key)
        for lang in LANGUAGES
        for table, _ in owned_tables()
        for key in [f"mydata.table.{table.name}"]
        + [f"mydata.column.{c.name}" for c in table.columns if c.name not in SECRET_COLUMNS]
        if template(lang, key) is None
    ]
    assert not missing


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/privacy", "nl", "Privacyverklaring"),
        ("/privacy?lang=en", "en", "Privacy statement"),
        ("/toegankelijkheid", "nl", "Toegankelijkheidsverklaring"),
        ("/accessibility?lang=en", "en", "Accessibility statement"),
    ],
)
def test_the_statements_are_public_pages_with_the_organisations_facts(
    course_app: CourseApp, path: str, lang: str, heading: str
):
    client = TestClient(Starlette(routes=routes(lambda: course_app)))
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-language"] == lang
    assert f"<h1>{heading}</h1>" in page.text and course_app.diplomas.issuer_name in page.text
    assert "{" not in page.text.split("<main>")[1]  # every placeholder filled in


def test_a_statement_shows_html_in_its_facts_as_text(course_app: CourseApp):
    from dataclasses import replace

    course_app.settings = replace(course_app.settings, privacy_contact='<img src="https://evil.example/x">')
    page = TestClient(Starlette(routes=routes(lambda: course_app))).get("/privacy")
    assert "&lt;img" in page.text and '<img src="https://evil.example' not in page.text
    assert "24 maanden" in page.text


def test_the_register_of_processing_lists_every_column(tmp_path: Path):
    register = (Path(__file__).parent.parent / "docs" / "privacy.md").read_text(encoding="utf-8")
    unlisted = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if f"`{table.name}.{column.name}`" not in register
    ]
    assert not unlisted, f"add to docs/privacy.md: {unlisted}"


def test_migration_0007_keeps_diplomas_and_lets_a_learner_go(db_url: str):
    """Upgrading an installation with learners and diplomas: the data stays, erasure works
    afterwards (the diploma's foreign key lets go), and the downgrade gives the old schema back."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from storage.db import MIGRATIONS

    def migrate(to: str, down: bool = False) -> None:
        engine = create_engine(db_url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, to)
        engine.dispose()

    migrate("0006")
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO learners (id, resume_code_hash, name, language, created_at, last_seen_at) "
                "VALUES (1, 'h', 'Anna', 'nl', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO diplomas (code, learner_id, course_id, course_version, name, language,"
                " course_title, modules, issuer_name, issued_at, issued_by, credential)"
                " VALUES ('D-1', 1, 'c', '1', 'Anna', 'nl', 'Cursus', '[]', 'Gemeente', CURRENT_TIMESTAMP,"
                " 'learner', '{}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO trainers (email, password_hash, role, disabled, created_at, failed_logins)"
                " VALUES ('t@example.nl', 'x', 'trainer', false, CURRENT_TIMESTAMP, 3)"
            )
        )
    engine.dispose()
    migrate("0007")
    db = Database(db_url)  # and on to the newest schema, where the app's own erasure runs
    try:
        from storage import privacy

        assert privacy.erase(db, 1, by="test") == ["D-1"]
        with db.read() as session:
            diploma = session.scalar(select(Diploma))
            assert diploma is not None and diploma.learner_id is None and diploma.revoked_at is not None
            assert session.scalar(select(func.count()).select_from(Learner)) == 0
    finally:
        db.dispose()
    migrate("0006", down=True)  # the erased learner's diploma has no owner to return to
    engine = create_engine(db_url)
    with engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM diplomas")).scalar() == 0
        assert connection.execute(text("SELECT failed_logins FROM trainers")).scalar() == 0
    engine.dispose()


def test_the_trainers_funnel_stays_consistent_after_an_erasure(world: CourseApp):
    anna, _, _ = learner_with_diploma(world, "Anna de Vries")
    learner_with_diploma(world, "Bert Janssens")
    before = dict(zip(*world.results.funnel().to_dict("list").values(), strict=True))
    assert before == {"started": 2, "read": 2, "attempted": 2, "passed": 2, "diploma": 2}
    world.privacy.erase(anna)
    after = dict(zip(*world.results.funnel().to_dict("list").values(), strict=True))
    assert after == {"started": 1, "read": 1, "attempted": 1, "passed": 1, "diploma": 1}
    assert [d.name for d in world.diplomas.search("")] == ["Bert Janssens", ""]  # the trainer's list


def test_retention_empties_what_left_in_sent_messages_but_keeps_the_record(world: CourseApp):
    anna, _, _ = learner_with_diploma(world, "Anna de Vries", "anna@example.nl")
    now = utcnow()
    with world.db.write() as session:
        for age, key in ((31, "old"), (2, "new")):
            session.add(
                OutboxMessage(
                    kind="mail",
                    learner_id=anna,
                    dedupe_key=key,
                    payload={"to": "anna@example.nl", "body": "Je opfrisser staat klaar"},
                    status="sent",
                    sent_at=now - timedelta(days=age),
                )
            )
    assert world.privacy.purge(now=now).sent_messages == 1
    with world.db.read() as session:
        payloads = {m.dedupe_key: m.payload for m in session.scalars(select(OutboxMessage))}
    assert payloads == {"old": {}, "new": {"to": "anna@example.nl", "body": "Je opfrisser staat klaar"}}
    assert world.privacy.purge(now=now).sent_messages == 0  # once is enough
