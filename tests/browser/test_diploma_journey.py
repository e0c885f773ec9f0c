"""From passing the course to a diploma anyone can check, in a real browser.

A learner passes the (one-module) fixture course, makes the diploma, downloads the PDF,
follows the verification link and sees it valid; the same PDF is then checked on the
public "Diploma controleren" page. Every page is checked with axe.
"""

from __future__ import annotations

import re

import pytest

from .test_learner_journey import DESKTOP, NAME, Learner, T, fail_then_pass, read_lessons, sign_up

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser


def test_learner_gets_a_diploma_and_anyone_can_check_it(open_app, axe_audit, tmp_path) -> None:
    learner = Learner(open_app(**DESKTOP), touch=False)
    sign_up(learner)
    read_lessons(learner)
    fail_then_pass(learner, keyboard_for_right=False)
    app, main, page = learner.app, learner.main, learner.page

    learner.navigate(T("nav.diploma"))
    expect(main.get_by_text(T("diploma.ready"))).to_be_visible()
    app.axe("diploma: ready")
    learner.press(learner.button(T("diploma.issue")))
    expect(main.get_by_text(re.compile(r"^Je diploma is uitgegeven op"))).to_be_visible()
    app.axe("diploma: issued")

    with page.expect_download() as download_info:
        learner.press(main.get_by_role("button", name=T("diploma.download")))
    pdf_path = tmp_path / "diploma.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")

    add_link = main.get_by_role("link", name=T("diploma.add_to_profile"))
    expect(add_link).to_have_attribute("href", re.compile(r"^https://www\.linkedin\.com/profile/add\?"))
    verify = main.locator("a[href*='/verify/']")
    verify_url = verify.first.get_attribute("href")
    assert verify_url.startswith(app.base_url + "/verify/")

    # The verification page is plain HTML: it works without JavaScript, as a crawler sees it.
    crawler = open_app(**DESKTOP, java_script_enabled=False)
    crawler.page.goto(verify_url)
    expect(crawler.page.get_by_role("heading", name="Geldig diploma", level=1)).to_be_visible()
    expect(crawler.page.get_by_text(NAME, exact=True)).to_be_visible()
    og_title = crawler.page.locator("meta[property='og:title']").get_attribute("content")
    assert NAME in og_title
    # axe needs JavaScript: audit the same page in a normal tab (its CSP forbids page scripts).
    audited = open_app(**DESKTOP, bypass_csp=True)
    audited.page.goto(verify_url)
    axe_audit.check_plain(audited.page, "verification page")

    # A recruiter checks the PDF itself on the public page.
    learner.navigate(T("nav.check"))
    main.locator("input[type='file']").set_input_files(str(pdf_path))
    app.wait()
    expect(main.get_by_text(re.compile(r"^Echt en geldig"))).to_be_visible()
    expect(main.get_by_role("table")).to_contain_text(NAME)
    app.axe("check a diploma: valid")

    axe_audit.assert_clean()
