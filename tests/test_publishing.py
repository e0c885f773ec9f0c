"""Publishing uploaded modules: versions, the live course every replica serves, restore, diff.

Each test runs on a real SQLite file and a real PostgreSQL database.
"""

import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, select, text

from modules.catalog import check_module, load_course
from modules.upload import read_upload
from storage import audit, learners, progress, publishing, versions
from storage.db import Database
from storage.publishing import PublishRefused, live_course
from storage.schema import ModulePublication

from .conftest import FIXTURE_CONTENT, ROOT
from .test_storage import right_answer
from .test_upload import png, zip_of

BUILTIN = load_course(FIXTURE_CONTENT)
ORIGINAL = BUILTIN.module("mini").files["module.nl.yaml"]
TRAINER = "trainer@gemeente.example"


def edited(old: bytes, new: bytes, source: bytes = ORIGINAL):
    bundle, problems = check_module({"module.nl.yaml": source.replace(old, new)})
    assert bundle is not None, problems
    return bundle


def upload(db: Database, bundle) -> int:
    version, created = versions.save_version(db, bundle, source="upload", by=TRAINER)
    assert created
    return version


def test_a_new_database_serves_the_built_in_course(db):
    live = live_course(db, BUILTIN)
    assert live.course.module_ids == ["mini"] and live.version("mini") == 1
    assert live.course.module("mini") is BUILTIN.module("mini")
    assert [(p.version, p.action) for p in publishing.publications(db, "mini")] == [(1, "builtin")]


def test_an_upload_is_a_version_but_learners_get_it_only_once_published(db):
    live_course(db, BUILTIN)
    version = upload(db, edited(b"Titel van de les", b"Nieuwe titel"))
    assert version == 2
    publishing.forget_cached_course()
    assert live_course(db, BUILTIN).version("mini") == 1  # uploaded, not yet published

    publishing.publish(db, "mini", version, TRAINER)
    live = live_course(db, BUILTIN)
    assert live.version("mini") == 2
    assert live.course.module("mini").in_language("nl").lessons[0].title == "Nieuwe titel"
    actions = [(e.actor, e.action, e.subject, e.detail) for e in audit.recent(db)]
    assert actions[:2] == [
        (TRAINER, "module_published", "mini", {"version": 2}),
        (TRAINER, "module_uploaded", "mini", {"version": 2}),
    ]


def test_attempts_and_mid_attempt_learners_keep_their_version(db):
    live_course(db, BUILTIN)
    me, _ = learners.register(db, "Noor")
    started = progress.open_attempt(db, me.id, BUILTIN.module("mini").in_language("nl"), 1)
    # Version 2 makes another option of vraag-1 the right one: grading must stay on version 1.
    first_not_right = ORIGINAL.replace(
        b"Het beste antwoord\n          correct: true\n", b"Het beste antwoord\n"
    )
    swapped = edited(
        b"Een aannemelijk maar onjuist antwoord\n",
        b"Een aannemelijk maar onjuist antwoord\n          correct: true\n",
        first_not_right,
    )
    version = upload(db, swapped)
    publishing.publish(db, "mini", version, TRAINER)
    now = live_course(db, BUILTIN).course.module("mini").in_language("nl")
    assert not now.quiz.question("vraag-1").options[0].correct

    resumed = progress.open_attempt(db, me.id, now, version)
    assert resumed.id == started.id and resumed.module_version == 1
    for i, question_id in enumerate(resumed.plan.question_ids):
        progress.save_answer(db, resumed.id, me.id, question_id, right_answer(question_id), i + 1)
    taken_on = versions.module_at_version(db, "mini", resumed.module_version).in_language("nl")
    assert taken_on.quiz.question("vraag-1").options[0].correct
    result = progress.submit_attempt(db, resumed.id, me.id, taken_on)
    assert result.passed and result.score == 1.0 and result.module_version == 1
    assert progress.passed_versions(db, me.id) == {"mini": 1}
    assert progress.open_attempt(db, me.id, now, version).module_version == 2  # the next attempt


def test_restore_publishes_an_earlier_version_again(db):
    live_course(db, BUILTIN)
    version = upload(db, edited(b"Titel van de les", b"Nieuwe titel"))
    publishing.publish(db, "mini", version, TRAINER)
    publishing.publish(db, "mini", 1, TRAINER, action="restore")
    live = live_course(db, BUILTIN)
    assert live.version("mini") == 1 and live.course.module("mini").digest == BUILTIN.module("mini").digest
    assert [(p.version, p.action) for p in publishing.publications(db, "mini")] == [
        (1, "restore"),
        (2, "publish"),
        (1, "builtin"),
    ]
    assert audit.recent(db)[0].action == "module_restored"
    with pytest.raises(PublishRefused):
        publishing.publish(db, "mini", 99, TRAINER)


def test_diff_between_versions(db):
    live_course(db, BUILTIN)
    version = upload(db, edited(b"Titel van de les", b"Nieuwe titel"))
    change = versions.diff(db, "mini", 1, version)
    lines = change.text.splitlines()
    assert lines[:2] == ["--- v1/module.nl.yaml", "+++ v2/module.nl.yaml"]
    removed = [line for line in lines[2:] if line.startswith("-")]
    added = [line for line in lines[2:] if line.startswith("+")]
    assert len(removed) == len(added) == 1
    assert "Titel van de les" in removed[0] and added[0] == removed[0].replace("-", "+", 1).replace(
        "Titel van de les", "Nieuwe titel"
    )
    assert change.images == []
    assert versions.diff(db, "mini", 1, 1).text == ""
    assert [v.version for v in versions.history(db, "mini")] == [2, 1]
    assert versions.history(db, "mini")[0].source == "upload"


def test_images_of_an_uploaded_version_are_kept_in_the_database(db):
    live_course(db, BUILTIN)
    text_ = ORIGINAL.replace(b"Wat er gebeurde, en wat je ervan leert.", b"![Een grafiek](images/g.png)")
    result = read_upload("mini.zip", zip_of({"mini/module.nl.yaml": text_, "mini/images/g.png": png()}))
    assert result.ok
    version = upload(db, result.bundle)
    stored = versions.version_files(db, "mini", version)
    assert stored["images/g.png"] == result.bundle.image("images/g.png")
    versions._load_version.cache_clear()  # as another process would: read from the database
    again = versions.module_at_version(db, "mini", version)
    assert again.digest == result.bundle.digest and again.image("images/g.png") == stored["images/g.png"]
    assert versions.diff(db, "mini", 1, version).images == ["images/g.png"]


def test_a_new_module_joins_the_course_and_can_be_withdrawn(db):
    live_course(db, BUILTIN)
    extra = edited(b"id: mini", b"id: extra")
    version = upload(db, extra)
    publishing.publish(db, "extra", version, TRAINER)
    assert live_course(db, BUILTIN).course.module_ids == ["mini", "extra"]
    publishing.withdraw(db, "extra", BUILTIN, TRAINER)
    assert live_course(db, BUILTIN).course.module_ids == ["mini"]
    with pytest.raises(PublishRefused):
        publishing.withdraw(db, "mini", BUILTIN, TRAINER)


def test_changed_built_in_content_is_published_on_the_next_start(db):
    live_course(db, BUILTIN)
    changed = load_course(FIXTURE_CONTENT)
    bundle = edited(b"Titel van de les", b"Bijgewerkt door de beheerder")
    updated = type(changed)(changed.info, (bundle,))
    live = live_course(db, updated)
    assert live.version("mini") == 2 and live.course.module("mini") is bundle
    assert [(p.version, p.action) for p in publishing.publications(db, "mini")][0] == (2, "builtin")


def test_another_replica_sees_a_publication_within_a_second(db, monkeypatch):
    """Another process publishes; this one, which cached the course, picks it up."""
    monkeypatch.setattr(publishing, "MAX_AGE", 600.0)
    assert live_course(db, BUILTIN).version("mini") == 1
    version = upload(db, edited(b"Titel van de les", b"Nieuwe titel"))
    script = (
        f"from storage.db import Database; from storage import publishing; "
        f"publishing.publish(Database({db.url!r}), 'mini', {version}, 'other@replica')"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=120)
    monkeypatch.setattr(publishing, "MAX_AGE", 600.0)  # starting Python took longer than a second
    assert live_course(db, BUILTIN).version("mini") == 1  # still the cached course
    monkeypatch.setattr(publishing, "MAX_AGE", 1.0)
    time.sleep(1.1)
    assert live_course(db, BUILTIN).version("mini") == version


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


def test_operators_upload_list_and_publish_from_the_command_line(app_env, tmp_path, capsys):
    from settings import Settings
    from storage.__main__ import main

    broken = tmp_path / "kapot.nl.yaml"
    broken.write_bytes(ORIGINAL.replace(b"draw: 3 ", b"draw: 9 "))
    assert main(["module", "upload", str(broken), "--by", TRAINER]) == 2
    assert "kapot.nl.yaml:" in capsys.readouterr().err

    changed = tmp_path / "module.nl.yaml"
    changed.write_bytes(ORIGINAL.replace(b"Titel van de les", b"Nieuwe titel"))
    assert main(["module", "upload", str(changed), "--by", TRAINER]) == 0
    assert capsys.readouterr().out == "mini: version 2 stored\n"
    assert main(["module", "versions", "mini"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["2", "1"]
    assert lines[0].split("\t")[2:] == ["upload", TRAINER, "Titel van de module", ""]
    assert lines[1].split("\t")[-1] == "published"

    assert main(["module", "publish", "mini", "2", "--by", TRAINER]) == 0
    assert main(["module", "publish", "mini", "1", "--by", TRAINER]) == 0  # a restore
    assert main(["module", "publish", "mini", "7", "--by", TRAINER]) == 1
    db = Database(Settings.load().database_url)
    assert [(p.version, p.action) for p in publishing.publications(db, "mini")] == [
        (1, "restore"),
        (2, "publish"),
        (1, "builtin"),
    ]
    assert main(["module", "versions", "onbekend"]) == 1


def test_item_analysis_per_module_version(db):
    from storage import results

    from .test_storage import wrong_answer

    def take(name: str, version: int, answer) -> None:
        me, _ = learners.register(db, name)
        module = versions.module_at_version(db, "mini", version).in_language("nl")
        attempt = progress.open_attempt(db, me.id, module, version)
        for i, question_id in enumerate(attempt.plan.question_ids):
            progress.save_answer(db, attempt.id, me.id, question_id, answer(question_id), i + 1)
        progress.submit_attempt(db, attempt.id, me.id, module)

    live_course(db, BUILTIN)
    take("Anna", 1, right_answer)
    version = upload(db, edited(b"Titel van de les", b"Nieuwe titel"))
    publishing.publish(db, "mini", version, TRAINER)
    take("Bram", version, wrong_answer)

    assert results.versions_taken(db, "mini") == [2, 1]
    assert set(results.item_statistics(db, "mini", version=1)["facility"]) == {1.0}
    assert set(results.item_statistics(db, "mini", version=2)["facility"]) == {0.0}
    everyone = results.item_statistics(db, "mini")
    assert everyone["attempts"].sum() == 6  # both learners' three drawn questions
    answers = results.first_attempt_answers(db, "mini", version=2)
    assert set(answers["right_times"]) == {0}
