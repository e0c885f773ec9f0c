"""The second edition in the learner's pages (AppTest, on the built-in course): the country
choice and what it changes, post cards as escaped, labelled HTML, and the practice exercise
whose text and ticks are kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from application import CourseApp, create_app, current_app
from modules.fields import PostCard
from storage import learners
from storage.db import Database
from ui.post_cards import post_card_html

from .conftest import APP, ROOT, settings_for
from .test_pages import open_page, texts

SPELREGELS_LESSONS = 6  # the practice page is the one after the last lesson


@pytest.fixture
def edition(tmp_path: Path) -> Iterator[CourseApp]:
    app = create_app(settings_for(tmp_path, content_dir=ROOT / "content"))
    yield app
    app.close()


@pytest.fixture
def page(edition: CourseApp) -> Iterator[AppTest]:
    with current_app.serving(edition):
        yield AppTest.from_file(APP, default_timeout=60)


def signed_in(page: AppTest, db: Database, country: str | None = None) -> int:
    info, code = learners.register(db, "Lies Peeters", country=country)
    page.query_params["resume"] = code
    page.run()
    return info.id


def html_of(page: AppTest) -> list[str]:
    return [h.proto.body for h in page.get("html")]


def test_a_learner_without_a_country_chooses_one_and_gets_its_rules(page: AppTest, edition: CourseApp):
    learner_id = signed_in(page, edition.db)
    open_page(page, "modules")
    assert "Kies eerst voor welk land" in texts(page)
    page.radio[0].set_value("vlaanderen")
    page.button[0].click().run()
    assert edition.learners.get(learner_id).country == "vlaanderen"
    assert "Je volgt de cursus voor **Vlaanderen**." in texts(page)
    open_page(page, "lesson", module="spelregels", lesson="2")
    assert page.title[0].value == "De regels in Vlaanderen"
    assert "spreekplicht" in texts(page) and "Ambtenarenwet" not in texts(page)


def test_a_dutch_learner_gets_the_dutch_rules(page: AppTest, edition: CourseApp):
    signed_in(page, edition.db, country="nederland")
    open_page(page, "lesson", module="spelregels", lesson="2")
    assert page.title[0].value == "De regels in Nederland"
    assert "Ambtenarenwet" in texts(page) and "spreekplicht" not in texts(page)


def test_practice_shows_the_post_keeps_the_text_and_the_ticks(page: AppTest, edition: CourseApp):
    learner_id = signed_in(page, edition.db, country="nederland")
    open_page(page, "lesson", module="spelregels", lesson=str(SPELREGELS_LESSONS + 1))
    cards = [h for h in html_of(page) if h.startswith("<article")]
    assert len(cards) == 1 and 'aria-label="Bericht van Anouk Verbeek"' in cards[0]
    assert "EINDELIJK!!!" in cards[0]
    assert "Een voorbeeld van een goede versie" not in texts(page)  # only after writing
    page.text_area[0].input("Trots op onze buurtbatterij! (persoonlijk account)")
    page.button[0].click().run()
    assert "Een voorbeeld van een goede versie" in texts(page)
    assert edition.learning.practice(learner_id, "spelregels").text.startswith("Trots op onze")
    page.checkbox[0].check().run()
    page.checkbox[2].check().run()
    assert edition.learning.practice(learner_id, "spelregels").checked == {0, 2}
    fresh = AppTest.from_file(APP, default_timeout=60)  # another device: the work is still there
    fresh.query_params["resume"] = learners.replace_resume_code(edition.db, learner_id)
    fresh.run()
    open_page(fresh, "lesson", module="spelregels", lesson=str(SPELREGELS_LESSONS + 1))
    assert fresh.text_area[0].value.startswith("Trots op onze")
    assert [c.value for c in fresh.checkbox][:3] == [True, False, True]


def test_a_post_card_escapes_content_and_reads_as_text():
    post = PostCard(
        author='Gemeente <script>alert("x")</script>',
        text="Lees <b>meer</b> & reageer",
        likes=3,
        replies=[{"author": "Jan", "text": "<img src=x onerror=alert(1)>"}],
    )
    card = post_card_html(post)
    assert "<script>" not in card and "<b>" not in card and "<img" not in card
    assert "Lees &lt;b&gt;meer&lt;/b&gt; &amp; reageer" in card
    assert card.startswith('<article class="post-card" aria-label="Bericht van Gemeente &lt;script&gt;')
    assert (
        '<span class="post-avatar" aria-hidden="true">G</span>' in card
    )  # initials, hidden: the name is read
    assert "3 vind-ik-leuks" in card and 'aria-label="Reactie van Jan"' in card


def test_a_trainer_opens_a_workshop_for_flanders(app: AppTest, database: Database):
    from storage import trainers, workshops

    from .test_trainers import PASSWORD, log_in
    from .test_trainers import open_page as open_trainer_page

    trainers.add(database, "anna@example.nl", PASSWORD)
    open_trainer_page(app, "trainer_workshops")
    log_in(app, "anna@example.nl", PASSWORD)
    app.text_input[0].input("Workshop Gent")
    app.radio[0].set_value("vlaanderen")
    app.button(key="FormSubmitter:new_workshop-Workshop openen").click().run()
    opened = workshops.all_workshops(database)[0]
    assert opened.country == "vlaanderen"
    assert any("Vlaanderen" in e.label for e in app.expander)


def test_an_upload_citing_an_unknown_principle_is_refused(edition: CourseApp):
    original = (ROOT / "content" / "spelregels" / "module.nl.yaml").read_text(encoding="utf-8")
    wrong = original.replace("principle: ken-je-richtlijn", "principle: ken-je-richtlijnen", 1)
    upload = edition.authoring.upload("module.nl.yaml", wrong.encode(), by="anna@example.org")
    assert upload.version is None
    assert [p.code for p in upload.result.problems] == ["unknown_principle"]
    problem = upload.result.problems[0]
    assert problem.line == wrong[: wrong.index("principle: ken-je-richtlijnen")].count("\n") + 1
    assert "ken-je-richtlijnen" in problem.message("nl")
    assert edition.authoring.upload("module.nl.yaml", original.encode(), by="anna@example.org").result.ok


def test_a_trainer_previews_each_countrys_variant(page: AppTest, edition: CourseApp):
    from storage import trainers

    from .test_trainers import PASSWORD, log_in
    from .test_trainers import open_page as open_trainer_page

    trainers.add(edition.db, "anna@example.nl", PASSWORD)
    open_trainer_page(page, "trainer_home")
    log_in(page, "anna@example.nl", PASSWORD)
    page.switch_page("views/trainer_preview.py")
    version = edition.catalog.live().version("spelregels")
    page.query_params.update({"module": "spelregels", "version": str(version), "lesson": "2"})
    page.run()
    assert page.title[0].value == "De regels in jouw land"  # the shared text
    page.radio[0].set_value("vlaanderen").run()
    assert page.title[0].value == "De regels in Vlaanderen"
    page.radio[0].set_value("nederland").run()
    assert page.title[0].value == "De regels in Nederland"


def test_a_post_card_counts_one_in_the_singular():
    card = post_card_html(PostCard(author="Gemeente Dijkwater", text="Zwembad dicht", likes=1, comments=1))
    assert "1 reactie" in card and "1 reacties" not in card and "1 vind-ik-leuks" not in card
