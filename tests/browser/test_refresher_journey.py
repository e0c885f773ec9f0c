"""Refreshers, mail and xAPI in a real browser on a real server (issue 14, "done when").

A learner (with an e-mail address) passes the module on a phone; the server's clock is moved
seven days (CLOCK_OFFSET_FILE, not sleeping); the outbox command queues and sends the
"refresher ready" mail; the overview shows "Opfrissers klaar"; the learner takes the refresher;
the trainer's retention view shows it; the SMTP server (aiosmtpd, in this process) received
exactly one refresher mail, and the LRS (Ralph, started here) holds the statements. Then a
learner who lost their code asks for a link on the start page and signs in with it.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from ..test_xapi import PASSWORD as LRS_PASSWORD
from ..test_xapi import USER as LRS_USER
from ..test_xapi import Lrs, ralph_binary
from .conftest import FIXTURE_CONTENT, ROOT, app_with_trainer
from .test_learner_journey import MODULE, PHONE, Learner, T, answer, eventually, shown_question, take_quiz

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

LEARNER, ADDRESS = "Fatima El Amrani", "fatima@gemeente.example"
TRAINER, TRAINER_PASSWORD = "trainer@gemeente.example", "koffie bij de workshop om negen uur"
WEEK = 7 * 24 * 3600 + 3600


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(m["Subject"]) for m in self.messages]


@pytest.fixture(scope="module")
def world(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from aiosmtpd.controller import Controller

    from ..test_mail import free_port

    binary = ralph_binary()
    if binary is None:
        from ..conftest import skip_or_fail

        skip_or_fail("no Ralph LRS: run `bash scripts/ralph-venv.sh` or set RALPH", "REQUIRE_LRS")
    data_dir = tmp_path_factory.mktemp("refresher-journey")
    inbox, smtp_port = Inbox(), free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    lrs_dir = data_dir / "lrs"
    lrs_dir.mkdir()
    assert binary is not None
    lrs = Lrs(binary, lrs_dir)
    lrs.start()
    clock = data_dir / "clock-offset"
    clock.write_text("0")
    settings = {
        "COURSE_CONTENT_DIR": str(FIXTURE_CONTENT),
        "COURSE_DATA_DIR": str(data_dir),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_FROM": "cursus@gemeente.example",
        "SMTP_TLS": "none",
        "XAPI_ENDPOINT": lrs.endpoint,
        "XAPI_USERNAME": LRS_USER,
        "XAPI_PASSWORD": LRS_PASSWORD,
        "CLOCK_OFFSET_FILE": str(clock),
    }
    try:
        with app_with_trainer(data_dir, TRAINER, TRAINER_PASSWORD, extra_env=settings) as url:
            yield {
                "url": url,
                "inbox": inbox,
                "lrs": lrs,
                "clock": clock,
                "env": {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
                | settings
                | {"PUBLIC_BASE_URL": url},  # the server's own, for the outbox command
            }
    finally:
        lrs.stop()
        smtp.stop()


def sign_up_with_address(learner: Learner) -> None:
    main = learner.main
    learner.app.goto("/")
    main.get_by_role("textbox", name=T("start.name_label"), exact=True).fill(LEARNER)
    main.get_by_text(T("start.more_fields")).click()  # the address is optional, below the button
    main.get_by_role("textbox", name=T("start.email_label"), exact=True).fill(ADDRESS)
    learner.press(learner.button(T("start.begin_button")))
    learner.press(learner.button(T("start.code_saved")))
    expect(main.get_by_role("heading", name=T("modules.title"), level=1)).to_be_visible()


def test_refresher_after_a_week_with_mail_retention_and_xapi(open_app, axe_audit, world) -> None:
    learner = Learner(open_app(base_url=world["url"], **PHONE), touch=True)
    app, main = learner.app, learner.main
    sign_up_with_address(learner)
    expect(main.get_by_text(T("refresher.ready"))).to_have_count(0)
    learner.press(learner.link(T("modules.take_quiz")))
    learner.press(learner.button(T("quiz.start")))
    take_quiz(learner, right=True, seen=set())
    expect(main.get_by_text(re.compile(r"^Gehaald! Je score is 100%"))).to_be_visible()

    # A week later (the server's clock moved); the outbox run of cron queues and sends the mail.
    world["clock"].write_text(str(WEEK))
    subprocess.run(
        [sys.executable, "-m", "storage", "outbox", "run"],
        cwd=ROOT,
        env=world["env"],
        check=True,
        timeout=120,
    )
    inbox = world["inbox"]
    eventually(lambda: _assert(inbox.subjects() == [f"Even opfrissen: {MODULE.title}"]), 20)

    learner.navigate(T("nav.modules"))
    expect(main.get_by_role("heading", name=T("refresher.ready"))).to_be_visible()
    app.axe("modules: refreshers ready")
    learner.press(main.get_by_role("link", name=T("refresher.take", module=MODULE.title, stage=1)))
    expect(
        main.get_by_role("heading", name=T("refresher.title", module=MODULE.title), level=1)
    ).to_be_visible()
    app.axe("refresher: first question")
    total = len(MODULE.quiz.questions)  # the fixture pool is 4: the refresher takes all 4
    for number in range(1, total + 1):
        expect(main.get_by_text(T("quiz.question_of", number=number, total=total))).to_be_visible()
        answer(learner, shown_question(learner), right=True)
        learner.press(learner.button(T("quiz.next") if number < total else T("quiz.to_review")))
    learner.press(learner.button(T("quiz.submit")))
    expect(main.get_by_text(T("refresher.done", right=total, total=total, score="100%"))).to_be_visible()
    app.axe("refresher: feedback")
    learner.navigate(T("nav.progress"))
    expect(main.get_by_role("heading", name=T("refresher.heading"))).to_be_visible()

    # The trainer's retention view
    trainer = Learner(open_app(base_url=world["url"], viewport={"width": 1280, "height": 900}), touch=False)
    trainer.app.goto("/trainer")
    trainer.main.get_by_label(T("trainer.email")).fill(TRAINER)
    trainer.main.get_by_label(T("trainer.password")).fill(TRAINER_PASSWORD)
    trainer.press(trainer.button(T("trainer.login")))
    expect(trainer.main.get_by_role("heading", name=T("trainer.home_title"), level=1)).to_be_visible()
    trainer.press(trainer.link(T("nav.trainer_retention")))
    expect(trainer.main.get_by_role("heading", name=T("nav.trainer_retention"), level=1)).to_be_visible()
    row = trainer.main.get_by_role("row").filter(has_text=T("retention.stage", days=7))
    expect(row).to_contain_text("100%")
    expect(trainer.main.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    trainer.app.axe("trainer: retention")

    # Exactly one refresher mail, with its one-click unsubscribe
    refresher_mails = [m for m in inbox.messages if str(m["Subject"]).startswith("Even opfrissen")]
    assert len(refresher_mails) == 1
    assert refresher_mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The LRS holds the statements (sent by the server's background worker and by the command)
    lrs = world["lrs"]

    def statements_arrived() -> list[str]:
        verbs = sorted({s["verb"]["id"].rsplit("/", 1)[1] for s in lrs.statements()})
        _assert(verbs == ["answered", "completed", "launched", "passed"])
        refresher = [s for s in lrs.statements() if "category" in s["context"].get("contextActivities", {})]
        _assert(len(refresher) == total)
        return verbs

    eventually(statements_arrived, 30)
    axe_audit.assert_clean()


def test_a_lost_code_comes_back_by_mail(open_app, axe_audit, world) -> None:
    learner = Learner(open_app(base_url=world["url"], **PHONE), touch=True)
    main = learner.main
    learner.app.goto("/")
    learner.press(main.get_by_text(T("lostcode.heading"), exact=True))
    main.get_by_role("textbox", name=T("lostcode.email_label"), exact=True).fill(ADDRESS)
    learner.press(learner.button(T("lostcode.button")))
    expect(main.get_by_text(T("lostcode.sent"))).to_be_visible()
    learner.app.axe("start: lost code asked")
    inbox = world["inbox"]

    def the_link() -> str:
        mails = [m for m in inbox.messages if str(m["Subject"]) == "Je link om verder te gaan met de cursus"]
        _assert(len(mails) == 1)
        text = mails[0].get_body(preferencelist=("plain",)).get_content()
        return re.findall(r"https?://\S+\?signin=[\w%-]+", text)[0]

    link = eventually(the_link, 20)
    fresh = Learner(open_app(base_url=world["url"], **PHONE), touch=True)
    fresh.app.page.goto(link)
    fresh.app.wait()
    expect(fresh.main.get_by_text(T("start.welcome_back", name=LEARNER))).to_be_visible()
    fresh.navigate(T("nav.modules"))
    expect(fresh.main.get_by_text(T("modules.passed_count", passed=1, total=1))).to_be_visible()
    assert "signin=" not in fresh.app.page.url
    # used once: the same link a second time signs nobody in
    again = Learner(open_app(base_url=world["url"], **PHONE), touch=True)
    again.app.page.goto(link)
    again.app.wait()
    expect(again.main.get_by_text(T("lostcode.link_invalid"))).to_be_visible()
    axe_audit.assert_clean()


def _assert(condition: bool) -> None:
    assert condition
