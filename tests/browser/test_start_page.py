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
