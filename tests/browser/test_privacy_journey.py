"""A learner's own data, on a phone: download it, erase it, and see that nothing personal is
left where it was (the resume code, the diploma's public page); the statements every page
links to pass axe."""

from __future__ import annotations

import json
import re

import pytest

from .test_learner_journey import NAME, PHONE, Learner, T, fail_then_pass, read_lessons, sign_up

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser


def test_phone_learner_downloads_and_erases_their_data(open_app, axe_audit, tmp_path) -> None:
    learner = Learner(open_app(**PHONE), touch=True)
    code = sign_up(learner)
    read_lessons(learner)
    fail_then_pass(learner, keyboard_for_right=False)
    app, main, page = learner.app, learner.main, learner.page
    learner.navigate(T("nav.diploma"))
    learner.press(learner.button(T("diploma.issue")))
    verify_url = main.locator("a[href*='/verify/']").first.get_attribute("href")

    # Every page ends with the way to one's own data and the two statements.
    learner.press(learner.link(T("nav.mydata")))
    expect(main.get_by_role("heading", name=T("mydata.title"), level=1)).to_be_visible()
    expect(main.get_by_text(re.compile(r"2 quizpogingen en 1 diploma"))).to_be_visible()
    app.axe("my data")
    downloads = {}
    for label, suffix in ((T("mydata.download_json"), "json"), (T("mydata.download_html"), "html")):
        with page.expect_download() as download:
            learner.press(main.get_by_role("button", name=label))
        downloads[suffix] = tmp_path / f"mine.{suffix}"
        download.value.save_as(downloads[suffix])
    exported = json.loads(downloads["json"].read_text(encoding="utf-8"))
    assert exported["tables"]["learners"][0]["name"] == NAME and len(exported["tables"]["attempts"]) == 2
    assert NAME in downloads["html"].read_text(encoding="utf-8")

    box = main.get_by_role("textbox", name=T("mydata.erase_confirm"))
    box.tap()
    box.fill("WISSEN")
    learner.press(main.get_by_role("button", name=T("mydata.erase_button")))
    expect(main.get_by_text(T("mydata.erased"))).to_be_visible()
    app.axe("my data: erased")

    # The resume code leads nowhere now.
    again = Learner(open_app(**PHONE), touch=True)
    again.app.goto("/")
    box = again.main.get_by_role("textbox", name=T("start.resume_label"), exact=True)
    box.tap()
    box.fill(code)
    again.press(again.button(T("start.resume_button")))
    expect(again.main.get_by_text(T("start.resume_unknown"))).to_be_visible()

    # The shared diploma link says "revoked" and names no one.
    public = open_app(**PHONE, bypass_csp=True)
    public.page.goto(verify_url)
    expect(public.page.get_by_role("heading", name="Ingetrokken diploma", level=1)).to_be_visible()
    assert "Çelik" not in public.page.content() and "Zoë" not in public.page.content()

    for path, heading in (
        ("/privacy", "Privacyverklaring"),
        ("/toegankelijkheid", "Toegankelijkheidsverklaring"),
    ):
        public.page.goto(app.base_url + path)
        expect(public.page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        axe_audit.check_plain(public.page, f"{path} on a phone")
    axe_audit.assert_clean()
