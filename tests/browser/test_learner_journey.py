"""A new learner's whole journey in a real browser, on a phone and on a desktop.

Start page -> name with accents -> resume code -> modules -> every lesson page (next and
previous) -> quiz: everything wrong on purpose -> review -> "Nog niet gehaald" -> new attempt:
everything right -> "Gehaald" -> progress. Then a fresh browser (no cookies, no session)
comes back with the resume code, typed in the form or opened as `/?resume=CODE`.

Every page on the way is checked with axe-core (WCAG 2.0/2.1 A and AA). On the desktop the
right answers are given with the keyboard only (Tab, Space, arrows, Enter), and the language
is switched to English (`<html lang>` must follow).

Options, steps and scenario choices are shuffled per attempt, so the test finds them by their
text, taken from the fixture course itself (`tests/fixtures/content/mini`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from i18n import translate
from modules.catalog import load_course
from modules.model import Question
from modules.questions.branching import BranchingQuestion
from modules.questions.multiple import MultipleQuestion
from modules.questions.order import OrderQuestion
from modules.questions.single import SingleQuestion
from ui import questions  # noqa: F401 -- its renderers register the texts T() looks up

from .conftest import StreamlitPage

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures in conftest.py skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"
COURSE = load_course(FIXTURE_CONTENT)
BUNDLE = COURSE.modules[0]
MODULE = BUNDLE.in_language("nl")
NAME = "Zoë Çelik-Ønstad"
CODE = re.compile(r"^[A-HJKMNP-TV-Z2-9]{4}(-[A-HJKMNP-TV-Z2-9]{4}){3}$")

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

if expect is not None:
    expect.set_options(timeout=10_000)


def T(key: str, lang: str = "nl", **params: object) -> str:  # noqa: N802
    return translate(lang, key, **params)


def eventually(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Retry a plain-Python check (an AssertionError means: not yet) until it passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# The label a screen reader would read, roughly: aria-label, or the text without hidden icons.
ACCESSIBLE_TEXT = """e => {
    const copy = e.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach(hidden => hidden.remove());
    return (e.getAttribute('aria-label') || copy.textContent).trim();
}"""


# --- acting like a person ----------------------------------------------------------------------


class Learner:
    """A person using one browser tab: taps on a phone, clicks on a desktop, or only the keyboard."""

    def __init__(self, app: Any, touch: bool) -> None:
        self.app = app
        self.page = app.page
        self.touch = touch
        self.keyboard = False
        self.keyboard_log: list[str] = []  # what was done with the keyboard only

    @property
    def main(self) -> Any:
        return self.app.main

    def press(self, target: Any, key: str = "Enter") -> None:
        """Activate a control: tap, click, or Tab to it and press `key`.

        Radio buttons and checkboxes are visually hidden inputs; a pointer hits their label.
        """
        if self.keyboard:
            self.tab_to(target)
            self.page.keyboard.press(key)
            self.keyboard_log.append(f"{key}: {target.evaluate(ACCESSIBLE_TEXT)}")
        else:
            if target.evaluate("e => e.matches('input[type=radio], input[type=checkbox]')"):
                target = target.locator("xpath=ancestor::label[1]")
            if self.touch:
                target.tap()
            else:
                target.click()
        self.app.wait()

    def tab_to(self, target: Any, limit: int = 80) -> None:
        """Press Tab until the focus is on (or inside) `target`; fail if it never gets there."""
        target.wait_for()
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if target.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
                return
        raise AssertionError(f"{target} cannot be reached with Tab ({limit} presses)")

    def button(self, name: str) -> Any:
        return self.main.get_by_role("button", name=name, exact=True)

    def link(self, name: str) -> Any:
        return self.main.get_by_role("link", name=name, exact=True)

    def navigate(self, name: str) -> None:
        """Use the app's page navigation: the top bar on a desktop, the collapsed sidebar on a phone."""
        expand = self.page.get_by_test_id("stExpandSidebarButton")
        if expand.is_visible():
            expand.tap() if self.touch else expand.click()
        link = (
            self.page.locator("[data-testid='stTopNav'], [data-testid='stSidebarNav']")
            .get_by_role("link", name=name, exact=True)
            .filter(visible=True)
        )
        if not link.count():  # a page of the trainer section: a menu in the top bar
            section = self.page.get_by_test_id("stTopNav").get_by_text(T("nav.section_trainer"), exact=True)
            section.tap() if self.touch else section.click()
            link = self.page.get_by_test_id("stTopNavPopover").get_by_role("menuitem", name=name, exact=True)
        self.press(link)
        # On a phone Streamlit leaves the sidebar open over the new page (its behaviour, not the
        # app's): close it the way a person would, with the "<<" button.
        sidebar = self.page.get_by_test_id("stSidebar")
        if self.touch and sidebar.get_attribute("data-collapsed") == "false":
            sidebar.get_by_role("button", name="Collapse sidebar").tap()
            expect(sidebar).to_have_attribute("data-collapsed", "true")

    def choose_radio(self, group_name: str, option: str) -> None:
        group = self.main.get_by_role("radiogroup", name=group_name, exact=True)
        radio = group.get_by_role("radio", name=option, exact=True)
        if not self.keyboard:
            self.press(radio)
        else:  # Tab into the group (one tab stop), arrows to the option, Space to select it
            self.tab_to(group)
            for _ in range(group.get_by_role("radio").count()):
                if radio.evaluate("e => e === document.activeElement"):
                    break
                self.page.keyboard.press("ArrowDown")
                self.app.wait()
            if not radio.is_checked():
                self.page.keyboard.press("Space")
                self.app.wait()
            self.keyboard_log.append(f"radio: {option}")
        expect(radio).to_be_checked()

    def check(self, option: str) -> None:
        box = self.main.get_by_role("checkbox", name=option, exact=True)
        self.press(box, key="Space")
        expect(box).to_be_checked()


# --- the fixture course's answers ----------------------------------------------------------------


def _best(question: BranchingQuestion, node_id: str) -> float:
    node = question.node(node_id)
    return max((c.points + _best(question, c.next) for c in node.choices), default=0.0)


def _worst(question: BranchingQuestion, node_id: str) -> float:
    node = question.node(node_id)
    return min((c.points + _worst(question, c.next) for c in node.choices), default=0.0)


def scenario_path(question: BranchingQuestion, right: bool) -> list[str]:
    """The choice texts along the best (or the worst) route through a scenario."""
    texts, node = [], question.node(question.start)
    while not node.ending:
        value = _best if right else _worst
        pick = (max if right else min)(node.choices, key=lambda c: c.points + value(question, c.next))
        texts.append(pick.text)
        node = question.node(pick.next)
    return texts


def shown_question(learner: Learner) -> Question:
    """Which fixture question is on screen (the draw and its order are random)."""
    return eventually(lambda: _shown_question(learner))


def _shown_question(learner: Learner) -> Question:
    main = learner.main
    found = []
    for q in MODULE.quiz.questions:
        if isinstance(q, SingleQuestion):
            marker = main.get_by_role("radio", name=q.options[0].text, exact=True)
        elif isinstance(q, MultipleQuestion):
            marker = main.get_by_role("checkbox", name=q.options[0].text, exact=True)
        else:
            marker = main.get_by_text(q.prompt, exact=True)
        if marker.count():
            found.append(q)
    assert len(found) == 1, f"expected one known question on screen, found {[q.id for q in found]}"
    return found[0]


def shown_order(learner: Learner, question: OrderQuestion) -> list[str]:
    steps = {s.text for s in question.steps}
    lines = learner.main.get_by_test_id("stMarkdownContainer").locator("p").all_inner_texts()
    order = []
    for line in lines:
        match = re.match(r"^(\d+)\.\s+(.*)$", line.strip())
        if match and match.group(2) in steps:
            assert int(match.group(1)) == len(order) + 1, lines
            order.append(match.group(2))
    return order


def _assert_equal(actual: object, expected: object) -> None:
    assert actual == expected, f"{actual!r} != {expected!r}"


def answer(learner: Learner, question: Question, right: bool) -> None:
    """Answer the question on screen, completely right or completely wrong (0 points)."""
    if isinstance(question, SingleQuestion):
        option = next(o for o in question.options if (o.correct if right else o.score == 0))
        learner.choose_radio(question.prompt, option.text)
    elif isinstance(question, MultipleQuestion):
        for option in question.options:
            if option.correct == right:
                learner.check(option.text)
    elif isinstance(question, OrderQuestion):
        authored = [s.text for s in question.steps]
        target = authored if right else authored[1:] + authored[:1]  # wrong: no step in place
        for position, text in enumerate(target):
            current = shown_order(learner, question)
            where = current.index(text)
            while where > position:  # move it up one place at a time
                learner.press(learner.button(T("quiz.move_up", n=where + 1)))
                where -= 1
                eventually(lambda w=where, x=text: _assert_equal(shown_order(learner, question)[w], x))
        eventually(lambda: _assert_equal(shown_order(learner, question), target))
    elif isinstance(question, BranchingQuestion):
        for text in scenario_path(question, right):
            learner.choose_radio(T("quiz.your_choice"), text)
            learner.press(learner.button(T("quiz.choose")))
            chosen = f"{T('quiz.you_chose')} {text}"
            expect(learner.main.get_by_text(chosen, exact=True).last).to_be_visible()
        expect(learner.main.get_by_text(T("quiz.scenario_done"))).to_be_visible()


def take_quiz(learner: Learner, right: bool, seen: set[str]) -> list[str]:
    """Answer every drawn question, check the review and hand in. Returns the question ids."""
    app, asked = learner.app, []
    total = MODULE.quiz.draw
    for number in range(1, total + 1):
        expect(learner.main.get_by_text(T("quiz.question_of", number=number, total=total))).to_be_visible()
        question = shown_question(learner)
        if number == 2 and not right:  # a reload mid-quiz: signed in, on the same question
            app.reload()
            expect(
                learner.main.get_by_text(T("quiz.question_of", number=number, total=total))
            ).to_be_visible()
            assert shown_question(learner) == question
        asked.append(question.id)
        state = "right" if right else "wrong"
        if question.kind not in seen:
            app.axe(f"quiz question: {question.kind}")
        answer(learner, question, right)
        if question.kind not in seen:
            app.axe(f"quiz question: {question.kind}, answered {state}")
            seen.add(question.kind)
        learner.press(learner.button(T("quiz.next") if number < total else T("quiz.to_review")))

    expect(learner.main.get_by_role("heading", name=T("quiz.review_title"))).to_be_visible()
    expect(learner.main.get_by_text(T("quiz.answered"), exact=True)).to_have_count(total)
    expect(learner.main.get_by_text(T("quiz.not_answered"), exact=True)).to_have_count(0)
    app.axe(f"review ({'right' if right else 'wrong'} answers)")
    learner.press(learner.button(T("quiz.submit")))
    return asked


# --- the journey ---------------------------------------------------------------------------------


def sign_up(learner: Learner) -> str:
    """Read the start page, start with a name with accents; returns the resume code shown."""
    app, main = learner.app, learner.main
    app.goto("/")
    app.expect_lang("nl")
    about = COURSE.about("nl")
    expect(main.get_by_role("heading", name=about.title, level=1)).to_be_visible()
    expect(main.get_by_text(about.intro.strip())).to_be_visible()
    expect(main.get_by_text(MODULE.title)).to_be_visible()
    app.axe("start")

    name_box = main.get_by_role("textbox", name=T("start.name_label"), exact=True)
    if learner.touch:
        name_box.tap()
    name_box.fill(NAME)
    learner.press(learner.button(T("start.begin_button")))

    expect(main.get_by_text(T("start.welcome_new", name=NAME))).to_be_visible()
    expect(main.get_by_role("heading", name=T("start.your_code"))).to_be_visible()
    codes = main.get_by_test_id("stCode")
    expect(codes.first).to_have_text(CODE)
    code = codes.first.inner_text().strip()
    expect(codes.nth(1)).to_have_text(re.compile(rf"/\?resume={re.escape(code)}$"))
    app.axe("start: your resume code")

    learner.press(learner.button(T("start.code_saved")))
    expect(main.get_by_role("heading", name=T("modules.title"), level=1)).to_be_visible()
    return code


def read_lessons(learner: Learner) -> None:
    """Every lesson page of the module, forwards with 'Volgende' and back with 'Vorige'."""
    app, main = learner.app, learner.main
    expect(
        main.get_by_text(T("modules.lessons_read", read=0, total=len(MODULE.lessons)), exact=False)
    ).to_be_visible()
    app.axe("modules")
    learner.press(learner.link(T("modules.read_lessons")))
    pages = len(MODULE.lessons) + 1
    titles = [lesson.title for lesson in MODULE.lessons] + [T("lesson.practice_title")]

    def on_page(number: int) -> None:
        expect(main.get_by_role("heading", name=titles[number - 1], level=1)).to_be_visible()
        expect(main.get_by_text(T("lesson.position", number=number, total=pages))).to_be_visible()

    for number in range(1, pages + 1):
        on_page(number)
        if number == 2:  # a reload mid-module keeps the learner signed in, on this page
            app.reload()
            on_page(number)
            expect(main.get_by_text(T("common.start_first"))).to_have_count(0)
        app.axe(f"lesson page {number} of {pages}")
        if number < pages:
            learner.press(learner.link(T("lesson.next")))
    for case in MODULE.cases:
        expect(main.get_by_role("heading", name=case.title)).to_be_visible()
    for item in MODULE.checklist:
        expect(main.get_by_text(item, exact=True)).to_be_visible()
    for source in MODULE.sources:
        expect(main.get_by_role("link", name=source.title)).to_have_attribute("href", source.url)
    learner.press(learner.link(T("lesson.previous")))
    on_page(pages - 1)
    learner.press(learner.link(T("lesson.next")))
    on_page(pages)
    learner.press(learner.link(T("lesson.to_quiz")))


def fail_then_pass(learner: Learner, keyboard_for_right: bool) -> None:
    app, main = learner.app, learner.main
    seen: set[str] = set()
    expect(main.get_by_role("heading", name=T("quiz.title", module=MODULE.title), level=1)).to_be_visible()
    app.axe("quiz intro")
    learner.press(learner.button(T("quiz.start")))

    first = take_quiz(learner, right=False, seen=seen)
    expect_result_on_top(learner, T("quiz.result_title", number=1), "Nog niet gehaald")
    expect(main.get_by_text("Nog niet gehaald")).to_be_visible()
    expect(main.get_by_text(re.compile(r"^Nog niet gehaald: je score is 0% \(nodig: 80%\)"))).to_be_visible()
    for number in range(1, len(first) + 1):
        expect(main.get_by_text(re.compile(rf"^{number}\. {T('feedback.wrong')} \(0%\): "))).to_be_visible()
    app.axe("results: not passed")
    learner.press(learner.button(T("quiz.retry")))

    learner.keyboard = keyboard_for_right
    second = take_quiz(learner, right=True, seen=seen)
    learner.keyboard = False
    expect_result_on_top(learner, T("quiz.result_title", number=2), "Gehaald!")
    assert set(first) | set(second) == {q.id for q in MODULE.quiz.questions}, (first, second)
    expect(main.get_by_text(re.compile(r"^Gehaald! Je score is 100%"))).to_be_visible()
    for number in range(1, len(second) + 1):
        expect(main.get_by_text(re.compile(rf"^{number}\. {T('feedback.right')} \(100%\): "))).to_be_visible()
    app.axe("results: passed")
    learner.press(learner.link(T("quiz.back_to_modules")))
    expect_module_passed(learner)


def expect_result_on_top(learner: Learner, heading: str, verdict: str) -> None:
    """After "Inleveren" the result opens at its top: the heading has the focus (screen readers
    read it) and the verdict with the score is on screen, not scrolled past."""
    title = learner.main.get_by_role("heading", name=heading)
    expect(title).to_be_focused()
    expect(title).to_be_in_viewport()
    expect(learner.main.get_by_test_id("stAlert").filter(has_text=verdict)).to_be_in_viewport()


def expect_module_passed(learner: Learner) -> None:
    main = learner.main
    expect(main.get_by_role("heading", name=T("modules.title"), level=1)).to_be_visible()
    expect(main.get_by_text(T("modules.passed_count", passed=1, total=1))).to_be_visible()
    expect(main.get_by_test_id("stAlert").filter(has_text=T("modules.passed"))).to_be_visible()
    expect(main.get_by_text(re.compile(re.escape(T("modules.best_score", score="100%"))))).to_be_visible()


def expect_progress_passed(learner: Learner, lang: str = "nl") -> None:
    main = learner.main
    expect(main.get_by_role("heading", name=T("progress.title", lang), level=1)).to_be_visible()
    expect(main.get_by_test_id("stMetric")).to_contain_text("1 / 1")
    expect(main.get_by_text(T("progress.all_passed", lang))).to_be_visible()
    row = main.get_by_role("row").filter(has_text=MODULE.title)
    expect(row).to_contain_text(T("progress.passed", lang))
    expect(row).to_contain_text("100%")
    outcome = {False: T("progress.not_passed", lang), True: T("progress.passed", lang)}
    for number, score, passed in ((1, "0%", False), (2, "100%", True)):
        line = T(
            "progress.attempt_line", lang, number=number, when="WHEN", score=score, outcome=outcome[passed]
        )
        pattern = "^" + re.escape(line).replace("WHEN", r"\d\d-\d\d-\d{4} \d\d:\d\d") + "$"
        expect(main.get_by_role("link", name=re.compile(pattern))).to_be_visible()


def expect_english(learner: Learner) -> None:
    """The interface, <html lang> and the language switch all say English."""
    learner.app.expected_lang = "en"
    learner.app.expect_lang("en")
    switch = learner.page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Taal / Language")
    expect(switch.get_by_role("radio", name="English", exact=True)).to_be_checked()
    expect(learner.page.get_by_role("link", name=T("nav.progress", "en"), exact=True)).to_be_attached()


# --- the tests -----------------------------------------------------------------------------------


def test_phone_learner_fails_passes_and_resumes_with_code(open_app, axe_audit) -> None:
    """A phone: the whole journey by touch, then a fresh browser types the resume code."""
    learner = Learner(open_app(**PHONE), touch=True)
    code = sign_up(learner)
    read_lessons(learner)
    fail_then_pass(learner, keyboard_for_right=False)

    # A fresh browser: no cookies, no session. Typed carelessly: lower case, spaces for dashes.
    again = Learner(open_app(**PHONE), touch=True)
    again.app.goto("/")
    box = again.main.get_by_role("textbox", name=T("start.resume_label"), exact=True)
    box.tap()
    box.fill(code.lower().replace("-", " "))
    again.press(again.button(T("start.resume_button")))
    expect_module_passed(again)
    again.app.axe("modules (resumed, passed)")
    again.navigate(T("nav.progress"))
    expect_progress_passed(again)
    again.app.axe("progress")

    # A second tab on the same phone opens a deep link signed in (the session cookie).
    tab = StreamlitPage(again.page.context.new_page(), again.app.base_url, again.app.audit)
    tab.goto("/voortgang")
    expect_progress_passed(Learner(tab, touch=True))

    # A lost code can be replaced; the new one and its link are shown.
    again.press(again.button(T("progress.new_code")))
    codes = again.main.get_by_test_id("stCode")
    expect(codes.first).to_have_text(CODE)
    assert codes.first.inner_text().strip() != code
    expect(codes.nth(1)).to_contain_text("/?resume=")
    again.app.axe("progress: new resume code")

    # An earlier attempt can be looked at again from the progress page.
    again.press(again.main.get_by_role("link", name=re.compile(r"^Poging 1 · ")))
    expect(again.main.get_by_text(re.compile(r"^Nog niet gehaald"))).to_be_visible()
    again.app.axe("results of an earlier attempt")

    axe_audit.assert_clean()


def test_desktop_learner_keyboard_language_and_resume_link(open_app, axe_audit) -> None:
    """A desktop: right answers by keyboard only, English interface, then the resume link."""
    learner = Learner(open_app(**DESKTOP), touch=False)
    code = sign_up(learner)
    expect(learner.page.get_by_test_id("stSidebar")).to_contain_text(
        T("sidebar.signed_in_as", name=NAME).replace("**", "")
    )
    read_lessons(learner)
    fail_then_pass(learner, keyboard_for_right=True)
    log = learner.keyboard_log
    assert any(e.startswith("radio: ") for e in log), log
    assert any(
        e.startswith(f"Enter: {T('quiz.next')}") or e.startswith(f"Enter: {T('quiz.to_review')}") for e in log
    ), log
    assert any(e.startswith(f"Enter: {T('quiz.submit')}") for e in log), log

    learner.navigate(T("nav.progress"))
    expect_progress_passed(learner)
    learner.app.axe("progress")

    # Switch the interface to English: texts and <html lang> follow.
    language = learner.page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Taal / Language")
    learner.press(language.get_by_role("radio", name="English", exact=True))
    expect_english(learner)
    expect_progress_passed(learner, lang="en")
    learner.app.axe("progress (English)")
    learner.app.reload()  # still signed in, still in English
    expect_english(learner)
    expect_progress_passed(learner, lang="en")

    # A fresh browser opens the resume link: signed in, in the language chosen, code out of the URL.
    again = Learner(open_app(**DESKTOP), touch=False)
    again.app.goto(f"/?resume={code}")
    expect(again.main.get_by_text(T("start.welcome_back", "en", name=NAME))).to_be_visible()
    assert "resume" not in again.page.url, again.page.url
    expect_english(again)
    again.app.axe("start (resumed by link, English)")
    again.press(again.main.get_by_role("link", name=T("start.to_modules", "en"), exact=True))
    expect(again.main.get_by_text(T("modules.passed_count", "en", passed=1, total=1))).to_be_visible()
    expect_english(again)

    # Another fresh browser types the code in the (Dutch) start page: it switches to English too.
    third = Learner(open_app(**DESKTOP), touch=False)
    third.app.goto("/")
    third.app.expect_lang("nl")
    third.main.get_by_role("textbox", name=T("start.resume_label"), exact=True).fill(code)
    third.press(third.button(T("start.resume_button")))
    expect(third.main.get_by_text(T("modules.passed_count", "en", passed=1, total=1))).to_be_visible()
    expect_english(third)
    # ... and back to Dutch with the switch.
    switch = third.page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Taal / Language")
    third.press(switch.get_by_role("radio", name="Nederlands", exact=True))
    third.app.expected_lang = "nl"
    third.app.expect_lang("nl")
    expect(switch.get_by_role("radio", name="Nederlands", exact=True)).to_be_checked()
    expect(third.main.get_by_text(T("modules.passed_count", passed=1, total=1))).to_be_visible()
    # Signing out ends the session on this device: a reload does not sign in again.
    third.press(third.page.get_by_test_id("stSidebar").get_by_role("button", name=T("sidebar.sign_out")))
    expect(third.main.get_by_role("button", name=T("start.begin_button"))).to_be_visible()
    third.app.reload()
    expect(third.main.get_by_role("button", name=T("start.begin_button"))).to_be_visible()
    third.app.goto("/modules")
    expect(third.main.get_by_text(T("common.start_first"))).to_be_visible()

    # A wrong code in the link signs nobody in and says so.
    stranger = Learner(open_app(**DESKTOP), touch=False)
    stranger.app.goto("/?resume=AAAA-BBBB-CCCC-DDDD")
    expect(stranger.main.get_by_text(T("start.resume_unknown"))).to_be_visible()
    expect(stranger.main.get_by_role("button", name=T("start.begin_button"))).to_be_visible()
    assert "resume" not in stranger.page.url, stranger.page.url

    axe_audit.assert_clean()
