"""Publishing uploaded modules: versions, the live course every replica serves, restore, diff,
and attempts that keep their version.

Each test runs on a real SQLite file and a real PostgreSQL database.
"""

import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from application import CourseApp, PublishRefused, create_app
from modules.catalog import load_course
from storage import audit, learners, publishing, versions
from storage.db import Database
from storage.schema import ModulePublication

from .conftest import FIXTURE_CONTENT, ROOT
from .test_storage import right_answer
from .test_upload import png, zip_of

BUILTIN = load_course(FIXTURE_CONTENT)
ORIGINAL = BUILTIN.module("mini").files["module.nl.yaml"]
RENAMED = ORIGINAL.replace(b"Titel van de les", b"Nieuwe titel")
TRAINER = "trainer@gemeente.example"


def upload(app: CourseApp, data: bytes, name: str = "module.nl.yaml") -> int:
    stored = app.authoring.upload(name, data, by=TRAINER)
    assert stored.version is not None and stored.created, stored.result.problems
    return stored.version


def test_a_new_database_serves_the_built_in_course(backend_app: CourseApp):
    live = backend_app.catalog.live()
    assert live.course.module_ids == ["mini"] and live.version("mini") == 1
    assert live.course.module("mini") is backend_app.catalog.builtin.module("mini")
    assert [(p.version, p.action) for p in backend_app.authoring.publications("mini")] == [(1, "builtin")]


def test_an_upload_is_a_version_but_learners_get_it_only_once_published(backend_app: CourseApp):
    version = upload(backend_app, RENAMED)
    assert version == 2
    backend_app.catalog.refresh()
    assert backend_app.catalog.live().version("mini") == 1  # uploaded, not yet published

    backend_app.authoring.publish("mini", version, TRAINER)
    live = backend_app.catalog.live()
    assert live.version("mini") == 2
    assert live.course.module("mini").in_language("nl").lessons[0].title == "Nieuwe titel"
    actions = [(e.actor, e.action, e.subject, e.detail) for e in audit.recent(backend_app.db)]
    assert actions[:2] == [
        (TRAINER, "module_published", "mini", {"version": 2}),
        (TRAINER, "module_uploaded", "mini", {"version": 2}),
    ]


# Version 2 makes another option of vraag-1 the right one: grading must follow the attempt's version.
SWAPPED = ORIGINAL.replace(b"Het beste antwoord\n          correct: true\n", b"Het beste antwoord\n").replace(
    b"Een aannemelijk maar onjuist antwoord\n",
    b"Een aannemelijk maar onjuist antwoord\n          correct: true\n",
)


def test_attempts_and_mid_attempt_learners_keep_their_version(backend_app: CourseApp):
    learning = backend_app.learning
    me, _ = learners.register(backend_app.db, "Noor")
    started = learning.start_attempt(me.id, "mini")
    version = upload(backend_app, SWAPPED)
    backend_app.authoring.publish("mini", version, TRAINER)
    now = backend_app.catalog.live().course.module("mini").in_language("nl")
    assert not now.quiz.question("vraag-1").options[0].correct

    resumed = learning.start_attempt(me.id, "mini")
    assert resumed.id == started.id and resumed.module_version == 1
    for i, question_id in enumerate(resumed.plan.question_ids):
        learning.save_answer(resumed.id, me.id, question_id, right_answer(question_id), i + 1)
    assert learning.module_of(resumed).in_language("nl").quiz.question("vraag-1").options[0].correct
    result = learning.submit(resumed.id, me.id)
    assert result.passed and result.score == 1.0 and result.module_version == 1
    assert learning.progress(me.id).of("mini").best_version == 1
    assert learning.start_attempt(me.id, "mini").module_version == 2  # the next attempt


def test_a_publication_between_draw_and_submit_is_not_graded_on(backend_app: CourseApp):
    """Another trainer (here: another replica) publishes while a learner is in the quiz: the
    attempt keeps the version it was drawn from, and that version's answer key grades it."""
    other_replica = create_app(backend_app.settings)
    learning = backend_app.learning
    me, _ = learners.register(backend_app.db, "Sem")
    drawn = learning.start_attempt(me.id, "mini")
    if "vraag-1" not in drawn.plan.question_ids:  # the question whose key changes: a retry draws it
        learning.submit(drawn.id, me.id)
        drawn = learning.start_attempt(me.id, "mini")
    assert "vraag-1" in drawn.plan.question_ids
    for i, question_id in enumerate(drawn.plan.question_ids):
        learning.save_answer(drawn.id, me.id, question_id, right_answer(question_id), i + 1)
    other_replica.authoring.publish("mini", upload(other_replica, SWAPPED), TRAINER)
    backend_app.catalog.refresh()
    assert backend_app.catalog.live().version("mini") == 2  # learners now get version 2 ...
    graded = learning.submit(drawn.id, me.id)
    assert (graded.module_version, graded.score, graded.passed) == (1, 1.0, True)  # ... this one: v1
    other_replica.close()


def test_restore_publishes_an_earlier_version_again(backend_app: CourseApp):
    authoring = backend_app.authoring
    version = upload(backend_app, RENAMED)
    authoring.publish("mini", version, TRAINER)
    authoring.publish("mini", 1, TRAINER)  # published before: a restore
    live = backend_app.catalog.live()
    assert live.version("mini") == 1 and live.course.module("mini").digest == BUILTIN.module("mini").digest
    assert [(p.version, p.action) for p in authoring.publications("mini")] == [
        (1, "restore"),
        (2, "publish"),
        (1, "builtin"),
    ]
    assert audit.recent(backend_app.db)[0].action == "module_restored"
    with pytest.raises(PublishRefused):
        authoring.publish("mini", 99, TRAINER)


def test_diff_between_versions(backend_app: CourseApp):
    authoring = backend_app.authoring
    version = upload(backend_app, RENAMED)
    change = authoring.diff("mini", 1, version)
    lines = change.text.splitlines()
    assert lines[:2] == ["--- v1/module.nl.yaml", "+++ v2/module.nl.yaml"]
    removed = [line for line in lines[2:] if line.startswith("-")]
    added = [line for line in lines[2:] if line.startswith("+")]
    assert len(removed) == len(added) == 1
    assert "Titel van de les" in removed[0] and added[0] == removed[0].replace("-", "+", 1).replace(
        "Titel van de les", "Nieuwe titel"
    )
    assert change.images == []
    assert authoring.diff("mini", 1, 1).text == ""
    assert [v.version for v in authoring.history("mini")] == [2, 1]
    assert authoring.history("mini")[0].source == "upload"


def test_images_of_an_uploaded_version_are_kept_in_the_database(backend_app: CourseApp):
    text_ = ORIGINAL.replace(b"Wat er gebeurde, en wat je ervan leert.", b"![Een grafiek](images/g.png)")
    data = zip_of({"mini/module.nl.yaml": text_, "mini/images/g.png": png()})
    stored = backend_app.authoring.upload("mini.zip", data, by=TRAINER)
    assert stored.result.ok and stored.version is not None
    files = versions.version_files(backend_app.db, "mini", stored.version)
    assert files["images/g.png"] == stored.result.bundle.image("images/g.png")
    other_replica = create_app(backend_app.settings)  # reads the version from the database
    again = other_replica.catalog.module_at("mini", stored.version)
    assert (
        again.digest == stored.result.bundle.digest and again.image("images/g.png") == files["images/g.png"]
    )
    assert backend_app.authoring.diff("mini", 1, stored.version).images == ["images/g.png"]
    other_replica.close()


def test_a_new_module_joins_the_course_and_can_be_withdrawn(backend_app: CourseApp):
    version = upload(backend_app, ORIGINAL.replace(b"id: mini", b"id: extra"))
    backend_app.authoring.publish("extra", version, TRAINER)
    assert backend_app.catalog.live().course.module_ids == ["mini", "extra"]
    backend_app.authoring.withdraw("extra", TRAINER)
    assert backend_app.catalog.live().course.module_ids == ["mini"]
    with pytest.raises(PublishRefused):
        backend_app.authoring.withdraw("mini", TRAINER)


def test_changed_built_in_content_is_published_on_the_next_start(backend_app: CourseApp, tmp_path: Path):
    updated = tmp_path / "updated-content"
    shutil.copytree(FIXTURE_CONTENT, updated)
    module = updated / "mini" / "module.nl.yaml"
    module.write_bytes(module.read_bytes().replace(b"Titel van de les", b"Bijgewerkt door de beheerder"))
    restarted = create_app(replace(backend_app.settings, content_dir=updated))  # the app, updated
    live = restarted.catalog.live()
    assert live.version("mini") == 2 and live.course.module("mini") is restarted.catalog.builtin.module(
        "mini"
    )
    assert [(p.version, p.action) for p in restarted.authoring.publications("mini")][0] == (2, "builtin")
    restarted.close()


def test_another_replica_sees_a_publication_within_a_second(backend_app: CourseApp):
    """Another process publishes; this one, which cached the course, picks it up."""
    catalog = backend_app.catalog
    catalog.max_age = 600.0
    assert catalog.live().version("mini") == 1
    version = upload(backend_app, RENAMED)
    script = (
        f"from storage.db import Database; from storage import publishing; "
        f"publishing.publish(Database({backend_app.db.url!r}), 'mini', {version}, 'other@replica')"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120)
    assert catalog.live().version("mini") == 1  # still the cached course
    catalog.max_age = 1.0
    time.sleep(1.1)
    assert catalog.live().version("mini") == version


def test_an_existing_installation_keeps_serving_its_newest_versions(tmp_path):
    """Upgrading from before publishing existed: the newest version of each module stays live."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    from alembic import command
    from alembic.config import Config

    from storage.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        for number in (1, 2):
            connection.execute(
                text(
                    "INSERT INTO module_versions (module_id, version, digest, files, source, created_at) "
                    "VALUES ('mini', :v, :d, '{}', 'builtin', CURRENT_TIMESTAMP)"
                ),
                {"v": number, "d": f"d{number}"},
            )
    engine.dispose()
    db = Database(url)
    with db.read() as session:
        rows = session.execute(select(ModulePublication.module_id, ModulePublication.version)).all()
    assert rows == [("mini", 2)]
    db.dispose()


def test_operators_upload_list_and_publish_from_the_command_line(course_app: CourseApp, tmp_path, capsys):
    from cli.admin import main

    broken = tmp_path / "kapot.nl.yaml"
    broken.write_bytes(ORIGINAL.replace(b"draw: 3 ", b"draw: 9 "))
    assert main(["module", "upload", str(broken), "--by", TRAINER], course_app) == 2
    assert "kapot.nl.yaml:" in capsys.readouterr().err

    changed = tmp_path / "module.nl.yaml"
    changed.write_bytes(RENAMED)
    assert main(["module", "upload", str(changed), "--by", TRAINER], course_app) == 0
    assert capsys.readouterr().out == "mini: version 2 stored\n"
    assert main(["module", "versions", "mini"], course_app) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2", "1"]
    assert lines[0].split("\t")[2:] == ["upload", TRAINER, "Titel van de module", ""]
    assert lines[1].split("\t")[-1] == "published"

    assert main(["module", "publish", "mini", "2", "--by", TRAINER], course_app) == 0
    assert main(["module", "publish", "mini", "1", "--by", TRAINER], course_app) == 0  # a restore
    assert main(["module", "publish", "mini", "7", "--by", TRAINER], course_app) == 1
    assert [(p.version, p.action) for p in publishing.publications(course_app.db, "mini")] == [
        (1, "restore"),
        (2, "publish"),
        (1, "builtin"),
    ]
    assert main(["module", "versions", "onbekend"], course_app) == 1


def test_item_analysis_per_module_version(backend_app: CourseApp):
    from .test_storage import wrong_answer

    learning, results = backend_app.learning, backend_app.results

    def take(name: str, answer) -> None:
        me, _ = learners.register(backend_app.db, name)
        attempt = learning.start_attempt(me.id, "mini")
        for i, question_id in enumerate(attempt.plan.question_ids):
            learning.save_answer(attempt.id, me.id, question_id, answer(question_id), i + 1)
        learning.submit(attempt.id, me.id)

    take("Anna", right_answer)
    version = upload(backend_app, RENAMED)
    backend_app.authoring.publish("mini", version, TRAINER)
    take("Bram", wrong_answer)

    assert results.versions_taken("mini") == [2, 1]
    assert set(results.items("mini", version=1)["facility"]) == {1.0}
    assert set(results.items("mini", version=2)["facility"]) == {0.0}
    everyone = results.items("mini")
    assert everyone["attempts"].sum() == 6  # both learners' three drawn questions
    from storage import results as stored_results

    answers = stored_results.first_attempt_answers(backend_app.db, "mini", version=2)
    assert set(answers["right_times"]) == {0}
