"""Trainer pages are closed to everyone else, also when the address is typed in directly."""

from __future__ import annotations

import pytest

from .test_learner_journey import DESKTOP, T

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    [
        "/trainer",
        "/trainer-workshops",
        "/trainer-upload",
        "/trainer-versions",
        "/trainer-preview?module=mini&version=1",
        "/trainer-results",
        "/trainer-diplomas",
        "/trainer-accounts",
    ],
)
def test_direct_urls_of_trainer_pages_show_the_login(open_app, axe_audit, path: str) -> None:
    app = open_app(**DESKTOP)
    app.goto(path)
    expect(app.main.get_by_role("heading", name=T("trainer.login_title"), level=1)).to_be_visible()
    expect(app.main.get_by_role("table")).to_have_count(0)
    expect(app.main.get_by_label(T("trainer.password"))).to_be_visible()
    app.axe(f"trainer login at {path}")
    axe_audit.assert_clean()
