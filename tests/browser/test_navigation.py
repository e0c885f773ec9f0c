"""Navigation (issue 12 point 11): the trainer's pages are one section ("Voor trainers")
instead of "4 more" in the top bar, and a deep link loads without 404s in the console."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import app_with_trainer
from .test_learner_journey import DESKTOP, PHONE, Learner, T

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

EMAIL = "trainer@gemeente.example"
PASSWORD = "koffie bij de workshop om negen uur"


@pytest.fixture(scope="module")
def trainer_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("navigation")
    with app_with_trainer(data_dir, EMAIL, PASSWORD) as url:
        yield url


def _record_problems(page: Any) -> list[str]:
    problems: list[str] = []
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    return problems


def _log_in(trainer: Learner) -> None:
    main = trainer.main
    main.get_by_label(T("trainer.email")).fill(EMAIL)
    main.get_by_label(T("trainer.password")).fill(PASSWORD)
    trainer.press(trainer.button(T("trainer.login")))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_deep_link_loads_cleanly_and_trainer_pages_are_one_section(
    open_app, axe_audit, trainer_app: str, device: str
) -> None:
    trainer = Learner(
        open_app(base_url=trainer_app, **(DESKTOP if device == "desktop" else PHONE)), device == "phone"
    )
    problems = _record_problems(trainer.page)
    trainer.app.goto("/trainer-results")
    _log_in(trainer)
    expect(trainer.main.get_by_role("heading", name=T("nav.trainer_results"), level=1)).to_be_visible()
    trainer.app.axe(f"results by deep link ({device})")
    assert problems == [], problems  # no /trainer-results/_stcore/health 404 and no other error

    if device == "desktop":
        top = trainer.page.get_by_test_id("stTopNav")
        expect(top).to_be_visible()
        assert not re.search(r"\d+\s+(more|meer)", top.inner_text()), top.inner_text()
        section = top.get_by_text(T("nav.section_trainer"), exact=True)
        expect(section).to_be_visible()
    trainer.navigate(T("nav.trainer_workshops"))
    expect(trainer.main.get_by_role("heading", name=T("nav.trainer_workshops"), level=1)).to_be_visible()
    trainer.navigate(T("nav.trainer_diplomas"))
    expect(trainer.main.get_by_role("heading", name=T("nav.trainer_diplomas"), level=1)).to_be_visible()
    trainer.app.axe(f"diplomas via the trainer section ({device})")
    assert problems == [], problems
    if device == "desktop":  # the projector (point 9): full screen, large code, no menu
        trainer.navigate(T("nav.trainer_workshops"))
        trainer.main.get_by_label(T("workshop.title")).fill("Workshop Leuven")
        trainer.press(trainer.button(T("workshop.create")))
        trainer.press(trainer.link(T("projector.open")))
        code = trainer.main.locator(".projector .code")
        expect(code).to_be_visible()
        assert code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 48
        expect(trainer.page.get_by_test_id("stTopNav")).to_be_hidden()
        expect(trainer.main.get_by_text(T("workshop.learners", count=0))).to_be_visible()
        trainer.app.axe("projector")
    axe_audit.assert_clean()
