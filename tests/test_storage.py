"""Storage on a real SQLite file and a real PostgreSQL database (each test runs on both), and
the learning service on top of it."""

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from application import CourseApp
from modules.attempts import AttemptPlan, draw_attempt, new_seed
from modules.catalog import check_module, load_course
from modules.grading import grade
from storage import learners, progress, versions
from storage.db import MIGRATIONS, Database
from storage.inputs import InvalidLearnerInput
from storage.schema import Attempt, AttemptItem, Base, Learner, ModuleVersion

from .conftest import FIXTURE_CONTENT

COURSE = load_course(FIXTURE_CONTENT)
MINI = COURSE.module("mini")
MODULE = MINI.in_language("nl")


def right_answer(question_id: str):
    return {"vraag-1": 0, "vraag-2": [0, 1], "vraag-3": [0, 1, 2], "vraag-4": [0]}[question_id]


def wrong_answer(question_id: str):
    return {"vraag-1": 2, "vraag-2": [2], "vraag-3": [1, 2, 0], "vraag-4": [1]}[question_id]


def take(app: CourseApp, learner_id: int, answer) -> progress.AttemptState:
    """A whole attempt on the fixture module through the learning service, as the quiz page does."""
    attempt = app.learning.start_attempt(learner_id, "mini")
    for i, question_id in enumerate(attempt.plan.question_ids):
        app.learning.save_answer(attempt.id, learner_id, question_id, answer(question_id), i + 1)
    return app.learning.submit(attempt.id, learner_id)


def draw(seen: list[str]) -> AttemptPlan:
    return draw_attempt(MODULE.quiz, new_seed(), avoid=seen)


def open_attempt(db: Database, learner_id: int, version: int = 1) -> progress.AttemptState:
    return progress.open_attempt(db, learner_id, "mini", version, draw)


def test_migrations_create_the_schema(db: Database):
    with db.read() as session:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    Database(db.url).dispose()  # running the migrations again is harmless


def test_migrations_match_the_table_definitions(db: Database):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_connection_settings(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_register_and_resume(db: Database):
    info, code = learners.register(
        db, "  Zoë   Çelik-Ønstad ", email="zoe@example.nl", workshop_code=" ws-2026 ", language="nl"
    )
    assert info.name == "Zoë Çelik-Ønstad" and info.workshop_code == "WS-2026"
    typed = code.lower().replace("-", " ")
    assert learners.find_by_resume_code(db, typed) == info
    assert learners.find_by_resume_code(db, "AAAA-BBBB-CCCC-DDDD") is None
    assert learners.find_by_resume_code(db, "nonsense") is None
    with db.read() as session:  # only a hash of the code is stored
        stored = session.scalar(select(Learner.resume_code_hash))
    assert code not in stored and code.replace("-", "") not in stored


def test_learner_linked_to_an_identity_provider_account(db: Database):
    info, _ = learners.register(db, "Fatima El Amrani", oidc_subject="https://idp.example|abc123")
    assert learners.find_by_subject(db, "https://idp.example|abc123") == info
    assert learners.find_by_subject(db, "https://idp.example|other") is None
    with pytest.raises(IntegrityError):
        learners.register(db, "Iemand anders", oidc_subject="https://idp.example|abc123")


def test_names_are_stored_in_nfc(db: Database):
    info, _ = learners.register(db, "Zoe\u0308")
    assert info.name == "Zo\u00eb"


@pytest.mark.parametrize(
    ("name", "email", "workshop", "field"),
    [
        ("", None, None, "name"),
        ("x" * 121, None, None, "name"),
        ("Piet\x00", None, None, "name"),
        ("Piet", "geen-adres", None, "email"),
        ("Piet", None, "a b", "workshop"),
    ],
)
def test_bad_learner_input_changes_nothing(db: Database, name, email, workshop, field):
    with pytest.raises(InvalidLearnerInput) as caught:
        learners.register(db, name, email=email, workshop_code=workshop)
    assert caught.value.field == field
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Learner)) == 0


def test_new_resume_code_replaces_the_old_one(db: Database):
    info, old = learners.register(db, "Piet")
    new = learners.replace_resume_code(db, info.id)
    assert learners.find_by_resume_code(db, old) is None
    assert learners.find_by_resume_code(db, new).id == info.id


def test_lessons_read_are_kept_once(db: Database):
    info, _ = learners.register(db, "Piet")
    for _ in range(2):
        progress.mark_lesson_read(db, info.id, "mini", "eerste-les")
    assert progress.progress(db, info.id)["mini"].lessons_read == {"eerste-les"}


def test_attempt_is_resumed_where_it_was_left(db: Database):
    info, _ = learners.register(db, "Piet")
    attempt = open_attempt(db, info.id)
    first = attempt.plan.question_ids[0]
    progress.save_answer(db, attempt.id, info.id, first, right_answer(first), 1)
    again = open_attempt(db, info.id)
    assert again.id == attempt.id and again.position == 1
    assert again.answers == {first: right_answer(first)}
    assert again.plan == attempt.plan


def test_answers_to_questions_outside_the_attempt_are_ignored(db: Database):
    info, _ = learners.register(db, "Piet")
    attempt = open_attempt(db, info.id)
    outside = next(q.id for q in MODULE.quiz.questions if q.id not in attempt.plan.question_ids)
    state = progress.save_answer(db, attempt.id, info.id, outside, 0, 0)
    assert state.answers == {}


def test_someone_elses_attempt_is_refused(db: Database):
    owner, _ = learners.register(db, "Piet")
    other, _ = learners.register(db, "Klaas")
    attempt = open_attempt(db, owner.id)
    with pytest.raises(KeyError):
        progress.save_answer(db, attempt.id, other.id, "vraag-1", 0, 0)


def test_fail_then_pass_with_other_questions_and_the_best_attempt_counts(backend_app: CourseApp):
    db = backend_app.db
    info, _ = learners.register(db, "Piet")
    failed = take(backend_app, info.id, wrong_answer)
    assert failed.submitted and not failed.passed and failed.score == 0
    assert set(failed.item_scores) == set(failed.plan.question_ids)
    passed = take(backend_app, info.id, right_answer)
    assert passed.passed and passed.score == 1 and passed.number == 2
    unseen = {q.id for q in MODULE.quiz.questions} - set(failed.plan.question_ids)
    assert unseen <= set(passed.plan.question_ids)  # the retry brings the unseen question
    take(backend_app, info.id, wrong_answer)  # a worse attempt later does not undo the pass
    mine = progress.progress(db, info.id)["mini"]
    assert (mine.passed, mine.best_score, mine.attempts) == (True, 1.0, 3)
    with db.read() as session:
        items = session.scalars(select(AttemptItem).where(AttemptItem.attempt_id == passed.id)).all()
    assert [i.question_id for i in items] == passed.plan.question_ids
    assert all(i.score == 1 for i in items) and items[0].answer == right_answer(items[0].question_id)


def test_submitting_twice_changes_nothing(backend_app: CourseApp):
    db = backend_app.db
    info, _ = learners.register(db, "Piet")
    done = take(backend_app, info.id, right_answer)
    again = backend_app.learning.submit(done.id, info.id)
    assert again.score == done.score
    assert progress.progress(db, info.id)["mini"].attempts == 1


def test_one_open_attempt_even_when_two_tabs_start_at_once(db: Database):
    info, _ = learners.register(db, "Piet")
    results, errors = [], []

    def start():
        try:
            results.append(open_attempt(db, info.id).id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(results)) == 1
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_a_failed_write_leaves_nothing_half_written(db: Database):
    info, _ = learners.register(db, "Piet")
    attempt = open_attempt(db, info.id)
    broken = MODULE.quiz.model_copy(update={"questions": []})  # grading fails half-way
    with pytest.raises(KeyError):
        progress.submit_attempt(db, attempt.id, info.id, lambda a: grade(broken, a.plan, a.answers))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(AttemptItem)) == 0
        assert session.get(Attempt, attempt.id).status == "open"


def test_versions_follow_the_content(backend_app: CourseApp):
    db = backend_app.db
    assert backend_app.catalog.live().versions == {"mini": 1}
    assert versions.save_version(db, "mini", MINI.digest, MINI.files, source="builtin", by="system") == (
        1,
        False,
    )
    changed_yaml = MINI.files["module.nl.yaml"].replace(b"Titel van de les", b"Nieuwe titel")
    changed, _ = check_module({"module.nl.yaml": changed_yaml})

    def save():
        return versions.save_version(
            db, "mini", changed.digest, changed.files, source="upload", by="t@example.nl"
        )

    assert save() == (2, True)
    assert save() == (2, False)
    old = backend_app.catalog.module_at("mini", 1)
    assert old.in_language("nl").lessons[0].title == "Titel van de les"
    assert backend_app.catalog.module_at("mini", 2).in_language("nl").lessons[0].title == "Nieuwe titel"
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ModuleVersion)) == 2


def test_attempts_keep_the_version_they_were_taken_on(db: Database):
    info, _ = learners.register(db, "Piet")
    attempt = open_attempt(db, info.id, version=1)
    open_attempt(db, info.id, version=2)  # the course changed meanwhile
    assert progress.attempts(db, info.id, "mini")[0].module_version == 1
    assert attempt.module_version == 1


def test_a_write_refused_by_a_unique_constraint_runs_again(db: Database):
    learners.register(db, "Eerste")
    with db.read() as session:
        taken = session.scalar(select(Learner.resume_code_hash))
    tries: list[str] = []

    def add(hashes):
        def work(session):
            tries.append(hashes[min(len(tries), len(hashes) - 1)])
            session.add(Learner(resume_code_hash=tries[-1], name="Tweede"))
            session.flush()
            return len(tries)

        return work

    assert db.write_retrying(add([taken, "vrij"])) == 2  # the clash rolled back, the retry landed
    tries.clear()
    with pytest.raises(IntegrityError):
        db.write_retrying(add([taken]), attempts=2)
    assert len(tries) == 2
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Learner)) == 2
