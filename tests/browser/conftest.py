"""Real-browser fixtures: the app server, Debian's Chromium through Playwright, and axe-core.

The whole folder is skipped with a message when /usr/bin/chromium (or Playwright) is
missing, except when REQUIRE_BROWSER=1 (as in CI), where that is a failure.
Never run `playwright install`: we drive the system Chromium.

Screenshots of every open page are saved under `test-artifacts/` when a test fails,
together with the server log and the axe report of that test.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Nodes axe may not judge, each with the reason. Only Streamlit's own chrome that the app
# cannot change belongs here; everything the app renders must pass. Empty on purpose.
AXE_EXCLUDE: list[str] = []


# --- skipping -------------------------------------------------------------------------------


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright is not installed ({exc})"
    return None


@pytest.fixture(scope="session")
def browser_available() -> None:
    problem = _browser_problem()
    if problem is not None:
        skip_or_fail(f"browser tests need Chromium and Playwright: {problem}", "REQUIRE_BROWSER")


# --- failure reports ------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    return any(
        getattr(getattr(request.node, f"rep_{when}", None), "failed", False) for when in ("setup", "call")
    )


def _artifact_name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")


# --- the app server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_with_trainer(
    data_dir: Path, email: str, password: str, extra_env: dict[str, str] | None = None
) -> Iterator[str]:
    """`running_app` on a fresh SQLite file with one trainer account, made as an operator
    makes it (`python -m storage trainer add --password-stdin`), with `extra_env` settings on top."""
    env = {**os.environ, "COURSE_CONTENT_DIR": str(FIXTURE_CONTENT), "COURSE_DATA_DIR": str(data_dir)}
    env |= extra_env or {}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "storage", "trainer", "add", email, "--password-stdin"],
        input=password.encode(),
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    with running_app(data_dir, extra_env=extra_env) as url:
        yield url


@contextlib.contextmanager
def running_app(
    data_dir: Path,
    content: Path = FIXTURE_CONTENT,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[str]:
    """The real app (`streamlit run course_app.py`) on the fixture course (or `content`), its
    SQLite file in `data_dir`, with `extra_env` settings on top; yields the base URL."""
    import httpx2 as httpx

    port = port or _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("STREAMLIT_")}
    env.update(
        COURSE_CONTENT_DIR=str(content),
        COURSE_DATA_DIR=str(data_dir),
        PUBLIC_BASE_URL=url,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env or {})
    log_path = data_dir / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "course_app.py",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app server exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/_stcore/health", timeout=1).text == "ok":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app server not healthy after 30 s:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"browser-server-{data_dir.name}.log").write_bytes(log_path.read_bytes())


@pytest.fixture(scope="session")
def app_server(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app most browser tests share (learners only: nobody changes the course on it)."""
    with running_app(tmp_path_factory.mktemp("browser-data")) as url:
        yield url


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(browser_available: None) -> Iterator[Any]:
    # Module scope: Playwright's sync API keeps an event loop running in this thread while it is
    # open, and asyncio.run() (pyHanko's sync API, used by other tests) refuses to run then.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class StreamlitPage:
    """One browser tab on the app, with the waits and checks every test needs."""

    def __init__(self, page: Any, base_url: str, audit: AxeAudit) -> None:
        self.page = page
        self.base_url = base_url
        self.audit = audit
        self.expected_lang = "nl"

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.base_url + path)
        self.wait()

    def reload(self) -> None:
        """F5: a new Streamlit session in the same browser (its cookies stay)."""
        self.page.reload()
        self.wait()

    def wait(self) -> None:
        """Wait until Streamlit is connected and has finished the rerun (as Streamlit's e2e suite)."""
        self.page.wait_for_timeout(210)
        self.page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
            state="attached"
        )
        self.page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
            state="attached"
        )

    def html_lang(self) -> str:
        return self.page.evaluate("document.documentElement.lang")

    def expect_lang(self, lang: str) -> None:
        """The app sets <html lang> from a small script; give it a moment to run."""
        try:
            self.page.wait_for_function(
                "lang => document.documentElement.lang === lang", arg=lang, timeout=5000
            )
        except Exception as exc:
            raise AssertionError(f"<html lang> is {self.html_lang()!r}, expected {lang!r}") from exc

    @property
    def main(self) -> Any:
        return self.page.get_by_test_id("stMain")

    def click(self, locator: Any) -> None:
        locator.click()
        self.wait()

    def axe(self, label: str) -> None:
        self.audit.check(self, label)


class AxeAudit:
    """Runs axe-core on a page and collects violations; `assert_clean()` reports them all."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.script = Axe().axe_script
        self.pages: list[str] = []
        self.violations: list[dict[str, Any]] = []

    def check(self, app: StreamlitPage, label: str) -> None:
        app.expect_lang(app.expected_lang)  # axe reads <html lang>; the app sets it from a script
        self.check_plain(app.page, label)

    def check_plain(self, page: Any, label: str) -> None:
        """A page that is not the Streamlit app (e.g. the server-rendered verification page)."""
        if not page.evaluate("typeof window.axe === 'object'"):
            page.evaluate(self.script)
        found = page.evaluate(
            """async ([tags, exclude]) => {
                const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
                const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                                       resultTypes: ['violations']});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                              summary: n.failureSummary}))}));
            }""",
            [AXE_TAGS, AXE_EXCLUDE],
        )
        self.pages.append(label)
        for violation in found:
            self.violations.append({"page": label, "url": page.url, **violation})

    def report(self) -> str:
        lines = []
        for v in self.violations:
            lines.append(f"[{v['page']}] {v['id']} ({v['impact']}): {v['help']}  <{v['url']}>")
            for node in v["nodes"]:
                lines.append(f"    target: {node['target']}")
                lines.append(f"    html:   {node['html']}")
                lines.append("    " + (node["summary"] or "").replace("\n", "\n    "))
        return "\n".join(lines)

    def assert_clean(self) -> None:
        print(f"axe checked {len(self.pages)} pages: {'; '.join(self.pages)}")
        assert not self.violations, (
            f"axe ({', '.join(AXE_TAGS)}) found violations on "
            f"{len({v['page'] for v in self.violations})} of {len(self.pages)} pages:\n{self.report()}"
        )


@pytest.fixture
def axe_audit() -> AxeAudit:
    return AxeAudit()


@pytest.fixture
def open_app(
    browser: Any, app_server: str, axe_audit: AxeAudit, request: pytest.FixtureRequest
) -> Iterator[Callable[..., StreamlitPage]]:
    """open_app(**context_options) -> a new tab in a FRESH browser context (own cookies, own session).

    `base_url=` opens another running app than the shared one."""
    contexts: list[Any] = []
    pages: list[StreamlitPage] = []
    name = _artifact_name(request)
    for old in ARTIFACTS.glob(f"{name}-*"):  # no stale screenshots from an earlier run
        old.unlink()

    def open_(base_url: str = app_server, **options: Any) -> StreamlitPage:
        context = browser.new_context(locale="nl-NL", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        app = StreamlitPage(context.new_page(), base_url, axe_audit)
        pages.append(app)
        return app

    yield open_
    if _failed(request) or axe_audit.violations:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, app in enumerate(pages):
            try:
                app.page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=True)
            except Exception as exc:  # a crashed page must not hide the test's own failure
                print(f"screenshot {i} failed: {exc}")
        (ARTIFACTS / f"{name}-axe.json").write_text(
            json.dumps(
                {"pages": axe_audit.pages, "violations": axe_audit.violations}, indent=2, ensure_ascii=False
            ),
            encoding="utf-8",
        )
    for context in contexts:
        context.close()
