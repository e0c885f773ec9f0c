"""Tables and names on a phone (issue 12 point 6, issue 11 point 2): no column cut off, no word
broken in the middle, and a name that looks like Markdown shown as the text it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from application import create_app
from storage import trainers

from ..conftest import settings_for
from .conftest import running_app
from .test_learner_journey import DESKTOP, PHONE, Learner, T

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

EMAIL = "trainer@gemeente.example"
PASSWORD = "koffie bij de workshop om negen uur"
EVE = 'Eve ![p](https://evil.example/p.png) =HYPERLINK("https://evil.example","x")'
LONG = "Wilhelmina Crisiscommunicatiemedewerker-Vandenberghe"

# Words (split at spaces and hyphens) whose letters are drawn on more than one line.
BROKEN_WORDS = """selector => {
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
            for (const m of node.data.matchAll(/[^\\s\\-]+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(m[0]);
            }
        }
    }
    return broken;
}"""

# Table cells whose text does not fit (cut off or "…"), or tables wider than the screen.
CUT_CELLS = """() => {
    const cut = [];
    const width = document.documentElement.clientWidth;
    for (const table of document.querySelectorAll('[data-testid="stMain"] table')) {
        if (table.getBoundingClientRect().right > width + 1) cut.push('table wider than the screen');
        for (const cell of table.querySelectorAll('th, td')) {
            for (const e of [cell, ...cell.querySelectorAll('*')]) {
                if (e.scrollWidth > e.clientWidth + 1) { cut.push(cell.textContent); break; }
            }
        }
    }
    return cut;
}"""


@pytest.fixture(scope="module")
def eve_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("phone-tables")
    app = create_app(settings_for(data_dir))
    eve, code = app.learners.start(EVE)
    long_name, _ = app.learners.start(LONG)
    eve_diploma = app.diplomas.issue(eve.id, require_passed=False)
    long_diploma = app.diplomas.issue(long_name.id, require_passed=False)
    (data_dir / "eve.pdf").write_bytes(app.diplomas.pdf(eve_diploma))
    trainers.add(app.db, EMAIL, PASSWORD)
    app.close()
    with running_app(data_dir) as url:
        yield {
            "url": url,
            "resume": code,
            "eve_code": eve_diploma.code,
            "long_code": long_diploma.code,
            "pdf": str(data_dir / "eve.pdf"),
        }


def _shows_as_text(area: Any, text: str) -> None:
    """The text is on screen exactly as typed (word joiners that keep addresses from becoming
    links aside), with no link or image made of it."""
    cells = area.get_by_text(text.split("(")[0].strip(), exact=False)
    expect(cells.first).to_be_visible()
    shown = cells.first.inner_text().replace("\u2060", "")
    assert shown == text, shown
    assert cells.first.locator("a, img").count() == 0


def _no_evil(page: Any, requests: list[str]) -> None:
    images = page.evaluate("[...document.images].map(i => i.src).filter(s => s.includes('evil.example'))")
    assert images == [] and not [r for r in requests if "evil.example" in r], (images, requests)


def test_phone_tables_fit_and_names_stay_text(open_app, axe_audit, eve_app: dict[str, str]) -> None:
    learner = Learner(open_app(base_url=eve_app["url"], **PHONE), touch=True)
    page, main = learner.page, learner.main
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    # The public verification page: labels above values on a phone, no word broken in two.
    page.goto(f"{eve_app['url']}/verify/{eve_app['long_code']}")
    expect(page.get_by_text(LONG)).to_be_visible()
    assert page.evaluate(BROKEN_WORDS, "dl") == []
    axe_audit.check_plain(page, "verification page (phone)")

    # My progress, signed in as Eve: every column whole.
    learner.app.goto(f"/?resume={eve_app['resume']}")
    page.wait_for_function("() => true")  # the page swaps its claim for the session cookie ...
    for _ in range(50):  # ... before the next address is typed
        if any(c["name"] == "course_session" for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    learner.app.goto("/voortgang")
    expect(main.get_by_role("heading", name=T("progress.title"), level=1)).to_be_visible()
    assert page.evaluate(CUT_CELLS) == []
    assert page.evaluate(BROKEN_WORDS, '[data-testid="stMain"] table') == []
    learner.app.axe("progress (phone)")

    # Checking Eve's diploma: her name is shown as typed, and the code is whole.
    learner.app.goto("/controleren")
    main.locator("input[type=file]").set_input_files(eve_app["pdf"])
    learner.app.wait()
    _shows_as_text(main.get_by_test_id("stTable"), EVE)
    expect(main.get_by_test_id("stTable").get_by_text(eve_app["eve_code"], exact=True)).to_be_visible()
    assert page.evaluate(CUT_CELLS) == []
    _no_evil(page, requests)
    learner.app.axe("check a diploma (phone)")
    axe_audit.assert_clean()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_trainer_lists_show_a_markdown_name_as_text(open_app, axe_audit, eve_app, device) -> None:
    trainer = Learner(open_app(base_url=eve_app["url"], **(PHONE if device == "phone" else DESKTOP)), False)
    page, main = trainer.page, trainer.main
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    trainer.app.goto("/trainer-diplomas")
    main.get_by_label(T("trainer.email")).fill(EMAIL)
    main.get_by_label(T("trainer.password")).fill(PASSWORD)
    trainer.press(trainer.button(T("trainer.login")))
    _shows_as_text(main.get_by_test_id("stTable"), EVE)
    _no_evil(page, requests)
    trainer.app.axe(f"trainer diplomas ({device})")
    axe_audit.assert_clean()
