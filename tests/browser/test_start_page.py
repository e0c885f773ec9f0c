"""The start page on a phone (issue 12 point 4): starting, continuing with a code and the
language switch are all on the first screen, without scrolling or opening the menu."""

from __future__ import annotations

import pytest

from .test_learner_journey import PHONE, T

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser


def test_both_ways_in_and_the_language_are_on_the_first_phone_screen(open_app, axe_audit) -> None:
    app = open_app(**PHONE)
    app.goto("/")
    main = app.main
    targets = {
        "begin": main.get_by_role("button", name=T("start.begin_button")),
        "name": main.get_by_role("textbox", name=T("start.name_label"), exact=True),
        "resume": main.get_by_role("button", name=T("start.resume_button")),
        "code": main.get_by_role("textbox", name=T("start.resume_label"), exact=True),
        "language": main.get_by_role("radiogroup", name="Taal / Language").get_by_text("English"),
    }
    for name, target in targets.items():
        expect(target, name).to_be_in_viewport(ratio=1)
    assert app.page.evaluate("window.scrollY") == 0
    app.axe("start (phone, first screen)")
    # The switch in the page works like the one in the menu.
    targets["language"].tap()
    app.wait()
    app.expected_lang = "en"
    expect(main.get_by_role("button", name=T("start.begin_button", "en"))).to_be_in_viewport(ratio=1)
    app.axe("start (phone, English)")
    axe_audit.assert_clean()


def test_dutch_content_on_an_english_page_is_marked_and_announced(open_app, axe_audit) -> None:
    """Issue 12 point 5 (WCAG 3.1.2): a module not yet translated is said to be Dutch before the
    learner starts, and its text carries lang="nl" on the English page."""
    from .test_learner_journey import DESKTOP, NAME, Learner

    learner = Learner(open_app(**DESKTOP), touch=False)
    app, main = learner.app, learner.main
    app.goto("/?lang=en")
    app.expected_lang = "en"
    main.get_by_role("textbox", name=T("start.name_label", "en"), exact=True).fill(NAME)
    learner.press(learner.button(T("start.begin_button", "en")))
    learner.press(learner.button(T("start.code_saved", "en")))
    expect(main.get_by_text(T("modules.not_translated", "en"))).to_be_visible()
    block = app.page.locator("[class*='st-key-content-module-mini-lang-nl']")
    expect(block).to_have_attribute("lang", "nl")
    app.axe("modules (English page, Dutch module)")
    learner.press(learner.link(T("modules.read_lessons", "en")))
    expect(app.page.locator("[class*='st-key-content-page-lang-nl']")).to_have_attribute("lang", "nl")
    app.axe("lesson (English page, Dutch module)")
    axe_audit.assert_clean()
