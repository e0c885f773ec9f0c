"""A matching question on the learner's quiz page through AppTest: one select box per item
with the answers in the attempt's order, then feedback on every pair in words and icons."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from application import CourseApp, create_app, current_app
from storage import learners, progress, trainers
from storage.db import Database

from .conftest import APP, FIXTURE_CONTENT, settings_for
from .test_matching import MATCHING_YAML
from .test_pages import open_page, texts
from .test_trainers import PASSWORD, log_in


@pytest.fixture
def content(tmp_path: Path) -> Iterator[CourseApp]:
    """An app on a course of one module whose quiz draws only a matching question, served to
    AppTest."""
    folder = tmp_path / "content"
    (folder / "koppelen").mkdir(parents=True)
    (folder / "course.nl.yaml").write_text(
        (FIXTURE_CONTENT / "course.nl.yaml").read_text(encoding="utf-8").replace("- mini", "- koppelen"),
        encoding="utf-8",
    )
    module = (FIXTURE_CONTENT / "mini" / "module.nl.yaml").read_text(encoding="utf-8")
    module = module.replace("id: mini ", "id: koppelen ").replace("draw: 3 ", "draw: 1 ")
    questions = module.index("    - id: vraag-1")  # keep only the matching question
    (folder / "koppelen" / "module.nl.yaml").write_text(module[:questions] + MATCHING_YAML.lstrip("\n"))
    app = create_app(settings_for(tmp_path, content_dir=folder))
    with current_app.serving(app):
        yield app
    app.close()


def learner_on_the_quiz(content: CourseApp, lang: str = "nl") -> tuple[AppTest, Database, int]:
    database = content.db
    info, code = learners.register(database, "Sanne de Vries", language=lang)
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["resume"] = code
    app.run()
    open_page(app, "quiz", module="koppelen")
    app.button(key="start_quiz").click().run()
    assert not app.exception
    return app, database, info.id


def test_matching_question_answered_and_fed_back_per_pair(content: CourseApp):
    question = content.catalog.builtin.module("koppelen").in_language("nl").quiz.question("vraag-5")
    app, database, learner_id = learner_on_the_quiz(content)
    attempt = progress.attempts(database, learner_id, "koppelen")[0]
    key = f"answer:{attempt.id}:vraag-5"
    shown = attempt.plan.questions[0].display_order

    boxes = [app.selectbox(key=f"{key}:{item}") for item in range(3)]
    assert [box.label for box in boxes] == [pair.item for pair in question.pairs]
    assert all(box.options == [question.options[i] for i in shown] for box in boxes)  # shuffled
    assert all(box.value is None and box.proto.placeholder == "Kies een antwoord" for box in boxes)
    assert "Er zijn meer antwoorden dan onderdelen" in texts(app)

    boxes[0].set_value(0)  # right
    boxes[1].set_value(4)  # a distractor: wrong
    boxes[2].set_value(2)  # right
    app.button(key="next_question").click().run()
    assert progress.attempts(database, learner_id, "koppelen")[0].answers == {"vraag-5": [0, 4, 2]}
    assert "beantwoord" in texts(app) and "nog niet beantwoord" not in texts(app)
    app.button(key="change:0").click().run()  # back to the question: the choices are still there
    assert [app.selectbox(key=f"{key}:{item}").value for item in range(3)] == [0, 4, 2]
    app.button(key="next_question").click().run()
    app.button(key="submit_attempt").click().run()
    assert not app.exception

    assert app.expander[0].label.startswith("1. Deels goed (67%): Wat past bij welk doel?")
    shown_text = texts(app)
    assert "Je koppelde **2** van de **3** onderdelen goed." in shown_text
    assert "**De volledige regels nalezen**\n\n✔ Jouw keuze: De eigen website · juist" in shown_text
    assert (
        "**Een nieuwe collega zoeken**\n\n✘ Jouw keuze: Alle kanalen tegelijk · niet juist  \n"
        "Het juiste antwoord: LinkedIn"
    ) in shown_text
    assert "✔ Jouw keuze: Een chatgroep met afspraken · juist" in shown_text
    assert [c.value for c in app.caption if c.value in {p.feedback for p in question.pairs}] == [
        pair.feedback for pair in question.pairs
    ]


def test_an_item_left_open_is_named_and_the_interface_speaks_english(content: CourseApp):
    app, database, learner_id = learner_on_the_quiz(content, lang="en")
    attempt = progress.attempts(database, learner_id, "koppelen")[0]
    key = f"answer:{attempt.id}:vraag-5"
    assert app.selectbox(key=f"{key}:0").proto.placeholder == "Choose an answer"
    app.selectbox(key=f"{key}:0").set_value(0)
    app.button(key="next_question").click().run()
    assert "*not answered yet*" in texts(app)  # two items are still open
    assert app.warning[0].value.startswith("1 question is not (fully) answered.")
    app.button(key="submit_attempt").click().run()
    shown_text = texts(app)
    assert "You matched **1** of the **3** parts right." in shown_text
    assert "✘ You chose nothing here.  \nThe right answer: LinkedIn" in shown_text


def test_the_answer_key_after_an_upload_shows_the_pairs_and_the_distractors(app: AppTest, database: Database):
    trainers.add(database, "anna@example.nl", PASSWORD)
    app.run()
    app.switch_page("views/trainer_upload.py")
    log_in(app.run(), "anna@example.nl", PASSWORD)
    module = (FIXTURE_CONTENT / "mini" / "module.nl.yaml").read_bytes() + MATCHING_YAML.encode()
    app.file_uploader(key="module_upload").upload("module.nl.yaml", module, "application/yaml").run()
    assert not app.exception
    shown_text = texts(app)
    assert "**vraag-5** (matching): Wat past bij welk doel?" in shown_text
    assert (
        "- De volledige regels nalezen → De eigen website  \n  *Daar staat de informatie die klopt.*"
        in shown_text
    )
    assert "Antwoorden die nergens bij horen: Een TikTok-account, Alle kanalen tegelijk" in shown_text
