"""What a learner feels: one learner in a real browser (Debian's Chromium) on the real server
(`streamlit run course_app.py`), milliseconds from a click on "next" or "previous" in a quiz
until the page has finished its rerun, next to a one-button app served and clicked the same
way in the same run.

    python bench/quiz_in_browser.py [--rounds 40] [--root CHECKOUT]

`--root` serves another checkout of the app (e.g. an older commit) with this same driver, so
two versions can be compared click for click. Needs /usr/bin/chromium and Playwright.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TRIVIAL = """
import streamlit as st
st.session_state.clicks = st.session_state.get("clicks", 0) + st.button("Klik", key="b")
st.write(f"Geklikt: {st.session_state.clicks}")
"""
REGISTER = (
    "from settings import Settings; from storage.db import Database; from storage import learners; "
    "print(learners.register(Database(Settings.load().database_url), 'Bench Mark')[1])"
)


@contextlib.contextmanager
def served(script: str, cwd: Path, env: dict[str, str]) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.address", "127.0.0.1"]
    command += [
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/_stcore/health", timeout=1).text == "ok":
                    break
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def settled(page: Any) -> None:
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")


def click_until(page: Any, button: str, shown: str) -> float:
    """Seconds from a click until `shown` is on the page and the rerun has finished."""
    start = time.perf_counter()
    page.locator(f".st-key-{button} button").click()
    page.get_by_text(shown, exact=False).first.wait_for()
    settled(page)
    return time.perf_counter() - start


def quiz_clicks(browser: Any, root: Path, rounds: int) -> list[float]:
    data = tempfile.mkdtemp(prefix="bench-browser-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "DATABASE_", "COURSE_"))}
    env |= {"COURSE_DATA_DIR": data, "PYTHONUNBUFFERED": "1"}
    code = subprocess.run(
        [sys.executable, "-c", REGISTER], cwd=root, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    with served("course_app.py", root, env) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"{url}/quiz?module=spelregels&resume={code}")
        settled(page)
        page.locator(".st-key-start_quiz button").click()
        page.get_by_text("Vraag 1 van", exact=False).first.wait_for()
        settled(page)
        times = []
        for i in range(rounds + 5):  # the first five warm up
            forward = i % 2 == 0
            took = click_until(
                page,
                "next_question" if forward else "previous_question",
                "Vraag 2 van" if forward else "Vraag 1 van",
            )
            if i >= 5:
                times.append(took)
        page.close()
    return times


def trivial_clicks(browser: Any, rounds: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-trivial-"))
    (folder / "trivial.py").write_text(TRIVIAL, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    with served("trivial.py", folder, env) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url)
        settled(page)
        times = [click_until(page, "b", f"Geklikt: {n}") for n in range(1, rounds + 6)]
        page.close()
    return times[5:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to serve")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        quiz = statistics.median(quiz_clicks(browser, args.root.resolve(), args.rounds)) * 1000
        trivial = statistics.median(trivial_clicks(browser, args.rounds)) * 1000
        browser.close()
    print(f"quiz click in a browser, real server ({args.root}), median: {quiz:.0f} ms  (n={args.rounds})")
    print(f"one-button app, same browser and server, median:        {trivial:.0f} ms")
    print(f"ratio: {quiz / trivial:.2f}x")


if __name__ == "__main__":
    main()
