"""The trainer's workshop day in a real browser, on its own app server (it changes the course).

A trainer (made with the CLI) logs in, opens a workshop, uploads a changed module, previews
it and publishes it; a learner on a phone joins with the workshop link, reads the new text
and passes the quiz; the trainer's workshop page, left alone, shows the learner's progress
by itself, and the workshop's results show the learner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from .conftest import FIXTURE_CONTENT, app_with_trainer
from .test_learner_journey import DESKTOP, MODULE, PHONE, Learner, T, take_quiz

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or, with REQUIRE_BROWSER=1, fail)
    expect = None

pytestmark = pytest.mark.browser

EMAIL = "trainer@gemeente.example"
PASSWORD = "koffie bij de workshop om negen uur"
NEW_TITLE = "Sociale media in de praktijk"
NEW_LESSON = "Eerst luisteren, dan posten"
UPLOAD = (
    (FIXTURE_CONTENT / "mini" / "module.nl.yaml")
    .read_bytes()
    .replace(b"Titel van de module", NEW_TITLE.encode())
    .replace(b"Titel van de les", NEW_LESSON.encode())
)
LEARNER = "Fatima El Amrani"


@pytest.fixture(scope="module")
def own_app(browser_available: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("trainer-journey")
    with app_with_trainer(data_dir, EMAIL, PASSWORD) as url:
        yield url


def test_trainer_workshop_upload_publish_learner_result(open_app, axe_audit, own_app) -> None:
    trainer = Learner(open_app(base_url=own_app, **DESKTOP), touch=False)
    app, main = trainer.app, trainer.main

    app.goto("/trainer")
    main.get_by_label(T("trainer.email")).fill(EMAIL)
    main.get_by_label(T("trainer.password")).fill(PASSWORD)
    trainer.press(trainer.button(T("trainer.login")))
    expect(main.get_by_role("heading", name=T("trainer.home_title"), level=1)).to_be_visible()

    # A workshop with a join code
    trainer.press(trainer.link(T("nav.trainer_workshops")))
    main.get_by_label(T("workshop.title")).fill("Workshop sociale media, Utrecht")
    trainer.press(trainer.button(T("workshop.create")))
    created = main.get_by_text(re.compile(r"^De workshop is geopend met code [A-Z0-9]{6}\.$"))
    expect(created).to_be_visible()
    code = re.search(r"code ([A-Z0-9]{6})", created.inner_text()).group(1)
    join_link = main.get_by_test_id("stCode").filter(has_text=f"/?workshop={code}")
    expect(join_link).to_be_visible()
    expect(main.get_by_text(T("workshop.qr_caption", code=code))).to_be_visible()
    qr = main.get_by_role("img", name=f"code {code}:")
    expect(qr).to_be_visible()
    assert qr.get_attribute("alt").endswith(f"{own_app}/?workshop={code}")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 100  # drawn, not stripped
    app.axe("workshops")

    # Upload, preview, publish
    trainer.navigate(T("nav.trainer_upload"))
    main.locator("input[type=file]").set_input_files(
        {"name": "module.nl.yaml", "mimeType": "application/yaml", "buffer": UPLOAD}
    )
    app.wait()
    expect(main.get_by_text(T("upload.saved", module=NEW_TITLE, version=2))).to_be_visible()
    app.axe("upload: valid module kept as version 2")
    preview_link = trainer.link(T("versions.preview", version=2))
    preview = Learner(open_app(base_url=own_app, **DESKTOP), touch=False)
    href = preview_link.get_attribute("href")  # relative, as Streamlit writes page links
    assert href.startswith("trainer-preview?module=mini&version=2"), href
    preview.app.goto("/" + href)
    preview.main.get_by_label(T("trainer.email")).fill(EMAIL)  # a new tab is a new session
    preview.main.get_by_label(T("trainer.password")).fill(PASSWORD)
    preview.press(preview.button(T("trainer.login")))
    expect(preview.main.get_by_role("heading", name=NEW_LESSON, level=1)).to_be_visible()
    expect(
        preview.main.get_by_text(re.compile(r"^Voorbeeld van versie 2 \(nog niet gepubliceerd\)"))
    ).to_be_visible()
    preview.app.axe("preview of version 2")

    trainer.check(T("versions.confirm", version=2))
    trainer.press(trainer.button(T("versions.publish", version=2)))
    expect(main.get_by_text(T("versions.done", version=2))).to_be_visible()
    # The trainer puts the workshop on the projector and leaves it there
    trainer.navigate(T("nav.trainer"))
    trainer.press(trainer.link(T("nav.trainer_workshops")))
    expect(main.get_by_text(T("workshop.nobody_yet"))).to_be_visible()

    # A learner on a phone joins with the workshop link and takes the new version
    learner = Learner(open_app(base_url=own_app, **PHONE), touch=True)
    learner.app.goto(f"/?workshop={code}")
    expect(learner.main.get_by_role("textbox", name=T("start.workshop_label"))).to_have_value(code)
    name_box = learner.main.get_by_role("textbox", name=T("start.name_label"), exact=True)
    name_box.tap()
    name_box.fill(LEARNER)
    learner.press(learner.button(T("start.begin_button")))
    learner.press(learner.button(T("start.code_saved")))
    expect(learner.main.get_by_text(NEW_TITLE).first).to_be_visible()
    learner.press(learner.link(T("modules.read_lessons")))
    expect(learner.main.get_by_role("heading", name=NEW_LESSON, level=1)).to_be_visible()
    for _ in range(len(MODULE.lessons)):
        learner.press(learner.link(T("lesson.next")))
    learner.press(learner.link(T("lesson.to_quiz")))
    expect(
        learner.main.get_by_role("heading", name=T("quiz.title", module=NEW_TITLE), level=1)
    ).to_be_visible()
    learner.press(learner.button(T("quiz.start")))
    take_quiz(learner, right=True, seen=set())
    expect(learner.main.get_by_text(re.compile(r"^Gehaald! Je score is 100%"))).to_be_visible()

    # Without touching anything, the trainer's page shows the learner's progress
    row = main.get_by_test_id("stTable").get_by_role("row").filter(has_text=LEARNER)
    expect(row).to_contain_text("1 / 1", timeout=15_000)  # modules passed, of the one module
    app.axe("workshop with its learner's progress")

    # ... and the results of the workshop
    trainer.navigate(T("nav.trainer"))
    trainer.press(trainer.link(T("nav.trainer_results")))
    workshop_box = main.get_by_role("combobox", name=T("results.workshop"))
    workshop_box.click()
    trainer.press(app.page.get_by_role("option", name=re.compile(re.escape(f"({code})"))))
    tables = main.get_by_test_id("stTable")
    funnel = tables.nth(0).get_by_role("row")
    for stage in ("started", "read", "attempted", "passed"):  # one learner, through every stage
        expect(funnel.filter(has_text=T(f"results.stage.{stage}"))).to_contain_text("1")
    expect(funnel.filter(has_text=T("results.stage.diploma"))).to_contain_text("0")
    per_module = tables.nth(1).get_by_role("row").filter(has_text=NEW_TITLE)
    expect(per_module).to_contain_text("100")  # pass rate and median score
    # Item analysis of the version the learner took (a fragment: only that part reruns)
    version_box = main.get_by_role("combobox", name=T("results.version"))
    version_box.fill(T("results.version_n", version=2))  # a selectbox can be typed in
    version_box.press("Enter")
    app.wait()
    expect(version_box).to_have_value(T("results.version_n", version=2))
    items = tables.nth(3).get_by_role("row")  # after the funnel, per module and per participant
    expect(items).to_have_count(1 + MODULE.quiz.draw)  # header and the questions drawn
    expect(tables.nth(0)).to_contain_text(T("results.stage.passed"))  # the funnel stays on the page
    app.axe("results of the workshop")

    # The audit log says who published what, also in the whole log as CSV
    trainer.navigate(T("nav.trainer"))
    log = main.get_by_test_id("stTable").get_by_role("row")
    expect(log.filter(has_text=T("audit.module_published") + " (v2)")).to_contain_text(EMAIL)
    with app.page.expect_download(timeout=30_000) as download:  # made on the server when clicked
        trainer.press(main.get_by_role("button", name=T("trainer.audit_download")))
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert (
        f"{T('audit.module_published')} (v2);mini" in csv and f"{T('audit.module_uploaded')} (v2);mini" in csv
    )
    app.axe("trainer home with the audit log")
    axe_audit.assert_clean()
