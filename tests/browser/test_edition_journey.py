"""The second edition in a real browser on a phone (390x844), on the built-in course: a
Flemish and a Dutch learner choose their country at the start and get their own rules; the
practice exercise shows its post card as real text that fits the screen; an English learner
gets the English variant. axe-core checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from i18n import translate

from .conftest import PHONE, ROOT, running_app

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures in conftest.py skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

PRACTICE_PAGE = 7  # spelregels: six lessons, then the page with the practice exercise


def T(key: str, lang: str = "nl", **params: Any) -> str:
    return translate(lang, key, **params)


@pytest.fixture(scope="module")
def edition_server(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("edition-data"), ROOT / "content") as url:
        yield url


def start(open_app: Any, server: str, name: str, country: str, lang: str = "nl") -> Any:
    app = open_app(base_url=server, **PHONE)
    app.expected_lang = lang
    app.goto("/" if lang == "nl" else f"/?lang={lang}")
    main = app.main
    box = main.get_by_role("textbox", name=T("start.name_label", lang), exact=True)
    box.tap()
    box.fill(name)
    main.get_by_text(T("start.more_fields", lang)).tap()  # optional: else the overview asks
    group = main.get_by_role("radiogroup", name=T("country.label", lang))
    label_of(group.get_by_role("radio", name=T(f"country.{country}", lang), exact=True)).tap()
    app.axe(f"start ({country})")
    main.get_by_role("button", name=T("start.begin_button", lang), exact=True).tap()
    app.wait()
    main.get_by_role("button", name=T("start.code_saved", lang), exact=True).tap()
    app.wait()
    current = T("country.current", lang, country=T(f"country.{country}", lang)).replace("**", "")
    expect(main.get_by_text(current, exact=True)).to_be_visible()
    return app


def label_of(control: Any) -> Any:
    """Radio buttons and checkboxes are visually hidden inputs; a finger hits their label."""
    return control.locator("xpath=ancestor::label[1]")


def lesson(app: Any, number: int) -> None:
    """Page `number` of the first module (spelregels), through the app's own links: a new page
    load would start a new session."""
    lang = app.expected_lang
    main = app.main
    if not main.get_by_role("link", name=T("lesson.next", lang), exact=True).count():
        main.get_by_role("link", name=T("modules.read_lessons", lang), exact=True).first.tap()
        app.wait()
    position = main.get_by_test_id("stProgress").first
    while True:
        shown = int(position.inner_text().split()[1])
        if shown == number:
            return
        main.get_by_role("link", name=T("lesson.next", lang), exact=True).tap()
        app.wait()


def test_a_flemish_learner_gets_the_flemish_rules_and_practises_on_a_phone(
    open_app: Any, edition_server: str, axe_audit: Any
):
    app = start(open_app, edition_server, "Lies Peeters", "vlaanderen")
    main = app.main
    app.axe("modules (vlaanderen)")
    lesson(app, 2)
    expect(main.get_by_role("heading", name="De regels in Vlaanderen", level=1)).to_be_visible()
    expect(main.get_by_text("Spreekrecht en spreekplicht")).to_be_visible()
    expect(main.get_by_text("Ambtenarenwet")).to_have_count(0)
    app.axe("lesson: de regels in Vlaanderen")

    lesson(app, PRACTICE_PAGE)
    card = main.get_by_role("article", name="Bericht van Anouk Verbeek")
    expect(card).to_be_visible()
    expect(card).to_contain_text("EINDELIJK!!!")
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 390
    text = main.get_by_role("textbox", name=T("practice.your_version"))
    text.tap()
    text.fill("Trots! Vandaag opende de buurtbatterij, een project waaraan ik twee jaar meewerkte.")
    main.get_by_role("button", name=T("practice.compare"), exact=True).tap()
    app.wait()
    expect(main.get_by_text(T("practice.model_answer"))).to_be_visible()
    check = main.get_by_role("checkbox", name="Staat erin wie ik ben en in welke rol ik schrijf?")
    label_of(check).tap()
    app.wait()
    expect(check).to_be_checked()
    app.axe("practice with post card")
    axe_audit.assert_clean()


def test_a_dutch_learner_gets_the_dutch_rules(open_app: Any, edition_server: str, axe_audit: Any):
    app = start(open_app, edition_server, "Sanne de Vries", "nederland")
    lesson(app, 2)
    expect(app.main.get_by_role("heading", name="De regels in Nederland", level=1)).to_be_visible()
    expect(app.main.get_by_text("Wet open overheid", exact=False).first).to_be_visible()
    app.axe("lesson: de regels in Nederland")
    axe_audit.assert_clean()


def test_an_english_learner_in_flanders(open_app: Any, edition_server: str, axe_audit: Any):
    app = start(open_app, edition_server, "Anna Smith", "vlaanderen", lang="en")
    lesson(app, 2)
    expect(app.main.get_by_role("heading", name="The rules in Flanders", level=1)).to_be_visible()
    app.axe("lesson: the rules in Flanders")
    axe_audit.assert_clean()
