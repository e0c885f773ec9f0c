"""Every learner page through Streamlit's AppTest, on the small fixture course."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from application import current_app
from modules.catalog import load_course
from storage import learners, progress
from storage.db import Database

from .conftest import APP, FIXTURE_CONTENT, configured

MODULE = load_course(FIXTURE_CONTENT).module("mini").in_language("nl")
RIGHT = {"vraag-1": 0, "vraag-2": [0, 1], "vraag-3": [0, 1, 2], "vraag-4": [0]}


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "caption",
            "success",
            "error",
            "warning",
            "info",
        )
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def signed_in(app: AppTest, database: Database, name: str = "Sanne de Vries") -> AppTest:
    info, code = learners.register(database, name)
    app.query_params["resume"] = code
    app.run()
    assert app.session_state["learner_id"] == info.id
    return app


def open_page(app: AppTest, page: str, **params: str) -> AppTest:
    app.switch_page(f"views/{page}.py")
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def test_start_page_explains_the_course(app: AppTest):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Testcursus"
    assert "Deze cursus bestaat alleen voor de tests." in texts(app)
    assert [t.label for t in app.text_input][:3] == [
        "Je naam zoals die op je diploma moet staan",
        "E-mailadres (niet verplicht)",
        "Workshopcode (niet verplicht)",
    ]


def test_starting_without_a_name_is_refused(app: AppTest, database: Database):
    app.run()
    app.button(key="FormSubmitter:start_form-Start de cursus").click().run()
    assert app.error[0].value == "Vul je naam in; die komt op je diploma."
    assert "learner_id" not in app.session_state


def test_starting_shows_the_resume_code_and_link(app: AppTest, database: Database):
    from datetime import date

    from storage import workshops

    workshop = workshops.create(database, "Workshop Utrecht", date(2026, 12, 1), by="anna@example.nl")
    app.run()
    app.text_input[0].input("Zoë Çelik-Ønstad")
    app.text_input[2].input(workshop.code.lower())
    app.button(key="FormSubmitter:start_form-Start de cursus").click().run()
    code, link = (c.value for c in app.code)
    assert link.endswith(f"/?resume={code}")
    me = learners.find_by_resume_code(database, code)
    assert me.name == "Zoë Çelik-Ønstad" and me.workshop_code == workshop.code
    app.button(key="code_saved").click().run()
    assert app.title[0].value == "Modules"


def test_an_unknown_workshop_code_is_refused(app: AppTest, database: Database):
    app.run()
    app.text_input[0].input("Piet")
    app.text_input[2].input("NOPE99")
    app.button(key="FormSubmitter:start_form-Start de cursus").click().run()
    assert app.error[0].value.startswith("Er is geen open workshop met deze code")
    assert "learner_id" not in app.session_state


def test_resume_with_a_code(app: AppTest, database: Database):
    _, code = learners.register(database, "Piet")
    app.run()
    app.text_input[3].input(code.lower())
    app.button(key="FormSubmitter:resume_form-Verder waar ik was").click().run()
    assert app.title[0].value == "Modules"


def test_unknown_resume_code(app: AppTest):
    app.run()
    app.text_input[3].input("ABCD-EFGH-JKMN-PQRS")
    app.button(key="FormSubmitter:resume_form-Verder waar ik was").click().run()
    assert "Deze hervatcode kennen we niet" in app.error[0].value


def test_resume_link_signs_in_and_leaves_the_address_bar(app: AppTest, database: Database):
    signed_in(app, database)
    assert "resume" not in app.query_params
    assert "Welkom terug, Sanne de Vries." in texts(app)


def test_pages_ask_to_start_first(app: AppTest):
    for page in ("modules", "lesson", "quiz", "progress"):
        open_page(app, page, module="mini")
        assert not app.exception
        assert "Begin eerst op de startpagina" in app.info[0].value


def test_modules_overview_shows_progress(app: AppTest, database: Database):
    signed_in(app, database)
    progress.mark_lesson_read(database, app.session_state["learner_id"], "mini", "eerste-les")
    open_page(app, "modules")
    assert not app.exception
    assert "1. Titel van de module" in texts(app)
    assert "1 van 1 lessen gelezen" in texts(app)
    assert "0 van 1 modules gehaald" in app.get("progress")[0].proto.text


def test_lesson_reader_marks_lessons_read_and_ends_with_practice(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "lesson", module="mini", lesson="1")
    assert app.title[0].value == "Titel van de les"
    assert "Deel 1 van 2" in app.get("progress")[0].proto.text
    mine = progress.progress(database, app.session_state["learner_id"])
    assert mine["mini"].lessons_read == {"eerste-les"}
    open_page(app, "lesson", module="mini", lesson="2")
    assert app.title[0].value == "In de praktijk"
    assert {"Voorbeelden", "Checklist", "Bronnen"} <= {h.value for h in app.header}


def test_lesson_reader_copes_with_bad_parameters(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "lesson", module="mini", lesson="abc")
    assert app.title[0].value == "Titel van de les"
    open_page(app, "lesson", module="bestaat-niet")
    assert "Deze module bestaat niet" in app.warning[0].value


def answer_current_question(app: AppTest, attempt_id: int, answers: dict) -> None:
    """Answer the question on screen through its widgets, like a learner would."""
    radio_keys = [r.key for r in app.radio if r.key and r.key.startswith("answer:")]
    checkbox_keys = [c.key for c in app.checkbox if c.key and c.key.startswith("answer:")]
    if checkbox_keys:  # multiple
        question_id = checkbox_keys[0].split(":")[2]
        for key in checkbox_keys:
            app.checkbox(key=key).set_value(int(key.split(":")[3]) in answers[question_id])
        return
    order_keys = [b.key for b in app.button if b.key and ":up:" in b.key]
    if order_keys:  # order: sort with the up buttons until it matches
        question_id = order_keys[0].split(":")[2]
        key = f"answer:{attempt_id}:{question_id}"
        target = answers[question_id]
        while app.session_state[key] != target:
            arrangement = app.session_state[key]
            position = next(
                i
                for i in range(1, len(target))
                if target.index(arrangement[i]) < target.index(arrangement[i - 1])
            )
            app.button(key=f"{key}:up:{position}").click().run()
        return
    while radio_keys:
        key = radio_keys[0]
        question_id = key.split(":")[2]
        if key.count(":") == 3:  # a branching node: choose and confirm
            path_so_far = progress.attempts(database_of(app), app.session_state["learner_id"], "mini")[
                0
            ].answers.get(question_id, [])
            app.radio(key=key).set_value(answers[question_id][len(path_so_far)]).run()
            app.button(key=key.replace(f":{key.split(':')[3]}", f":choose:{key.split(':')[3]}")).click().run()
        else:
            app.radio(key=key).set_value(answers[question_id])
            return
        radio_keys = [r.key for r in app.radio if r.key and r.key.startswith("answer:")]


def database_of(app: AppTest) -> Database:
    return current_app().db  # the database of the app AppTest runs


def take_quiz(app: AppTest, answers: dict) -> None:
    start = (
        app.button(key="start_quiz")
        if any(b.key == "start_quiz" for b in app.button)
        else app.button(key="retry")
    )
    start.click().run()
    learner_id = app.session_state["learner_id"]
    for _ in range(3):
        attempt = next(a for a in progress.attempts(database_of(app), learner_id, "mini") if not a.submitted)
        answer_current_question(app, attempt.id, answers)
        app.button(key="next_question").click().run()
        assert not app.exception
    assert app.subheader[0].value == "Controleer je antwoorden"
    app.button(key="submit_attempt").click().run()
    assert not app.exception


def test_quiz_fail_feedback_then_pass_with_a_new_draw(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    assert "Je krijgt 3 situaties uit de praktijk" in texts(app)
    wrong = {"vraag-1": 2, "vraag-2": [2], "vraag-3": [1, 2, 0], "vraag-4": [1]}
    take_quiz(app, wrong)
    assert app.error[0].value.startswith("Nog niet gehaald: je score is 0%")
    labels = [e.label for e in app.expander]
    assert all(": " in label and "Fout (0%)" in label for label in labels if label[0].isdigit())
    assert "Waarom dit niet werkt." in texts(app) or "Waarom deze stap niet hoort." in texts(app)
    first = progress.attempts(database, app.session_state["learner_id"], "mini")[0]
    take_quiz(app, RIGHT)
    assert app.success[0].value.startswith("Gehaald! Je score is 100%")
    second = progress.attempts(database, app.session_state["learner_id"], "mini")[0]
    assert second.number == 2
    unseen = {q.id for q in MODULE.quiz.questions} - set(first.plan.question_ids)
    assert unseen <= set(second.plan.question_ids)


def test_review_lists_unanswered_questions_and_can_go_back(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    app.button(key="start_quiz").click().run()
    for _ in range(3):
        app.button(key="next_question").click().run()
    assert "nog niet beantwoord" in texts(app)
    assert "niet (volledig) beantwoord" in app.warning[0].value
    app.button(key="change:0").click().run()
    assert "Vraag 1 van 3" in app.get("progress")[0].proto.text


def test_quiz_resumes_on_the_same_question_after_leaving(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    app.button(key="start_quiz").click().run()
    app.button(key="next_question").click().run()
    fresh = AppTest.from_file(APP, default_timeout=30)
    _, code = learners.register(database, "Ander")  # another learner meanwhile changes nothing
    fresh.query_params["resume"] = code
    fresh.run()
    open_page(app, "modules")
    open_page(app, "quiz", module="mini")
    assert "Vraag 2 van 3" in app.get("progress")[0].proto.text


def test_progress_page_lists_results_and_attempts(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    take_quiz(app, RIGHT)
    open_page(app, "progress")
    assert not app.exception
    assert app.metric[0].value == "1 / 1"
    assert "Je hebt alle modules gehaald" in app.success[0].value
    table = app.table[0].value
    assert list(table.iloc[0])[1:] == ["0 / 1", 1, "100%", "gehaald"]


def test_progress_page_can_replace_the_resume_code(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "progress")
    app.button(key="new_code").click().run()
    code = app.code[0].value
    assert learners.find_by_resume_code(database, code).name == "Sanne de Vries"


def test_english_interface(app: AppTest):
    app.query_params["lang"] = "en"
    app.run()
    assert app.text_input[0].label == "Your name as it should appear on your diploma"
    app.sidebar.radio[0].set_value("nl").run()
    assert app.text_input[0].label == "Je naam zoals die op je diploma moet staan"


def test_every_interface_text_exists_in_both_languages():
    import re

    from i18n import catalog
    from ui import questions  # noqa: F401 -- its renderers bring texts of their own

    assert set(catalog("nl")) == set(catalog("en"))
    used = set()
    for path in (Path(APP).parent).rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text()))
    assert used - set(catalog("nl")) == set()


def test_organisation_login_when_an_identity_provider_is_configured(app: AppTest, course_app, database):
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "c",
        "client_secret": "s",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    with configured(course_app, oidc_enabled=True):
        app.run()
        assert any(b.key == "oidc_login" for b in app.button)
        app.user = {"is_logged_in": True, "name": "Fatima El Amrani", "sub": "abc", "iss": "https://idp"}
        app.run()
        assert app.text_input[0].value == "Fatima El Amrani"
        app.button(key="FormSubmitter:start_form-Start de cursus").click().run()
        assert learners.find_by_subject(database, "https://idp|abc").name == "Fatima El Amrani"
        again = AppTest.from_file(APP, default_timeout=30)  # a new session: signed in by the account
        again.secrets["auth"] = app.secrets["auth"]
        again.user = app.user
        again.run()
        assert "Welkom terug, Fatima El Amrani." in texts(again)


def pass_module(learner_id: int) -> None:
    """The learner passes the fixture module, through the app AppTest runs."""
    learning = current_app().learning
    attempt = learning.start_attempt(learner_id, "mini")
    for i, question_id in enumerate(attempt.plan.question_ids):
        learning.save_answer(attempt.id, learner_id, question_id, RIGHT[question_id], i + 1)
    learning.submit(attempt.id, learner_id)


def test_diploma_page_before_every_module_is_passed(app: AppTest, database: Database):
    signed_in(app, database)
    open_page(app, "diploma")
    assert not app.exception
    assert "Nog te gaan (1)" in app.info[0].value
    assert "Titel van de module" in texts(app)
    assert not any(b.key == "issue_diploma" for b in app.button)


def test_diploma_is_issued_and_ready_for_linkedin(app: AppTest, database: Database):
    from urllib.parse import parse_qs, urlsplit

    signed_in(app, database, name="Zoë Çelik-Ønstad")
    pass_module(app.session_state["learner_id"])
    open_page(app, "diploma")
    assert "Op je diploma komt: **Zoë Çelik-Ønstad**" in texts(app)
    app.button(key="issue_diploma").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("Je diploma is uitgegeven op")
    assert app.get("download_button")[0].proto.label == "Download je diploma (PDF)"
    links = {b.proto.label: b.proto.url for b in app.get("link_button")}
    add = urlsplit(links["Toevoegen aan mijn LinkedIn-profiel"])
    assert add.netloc == "www.linkedin.com" and parse_qs(add.query)["name"] == ["Testcursus"]
    code = parse_qs(add.query)["certId"][0]
    assert parse_qs(urlsplit(links["Delen in een LinkedIn-bericht"]).query)["url"] == [
        f"http://localhost:8501/verify/{code}"
    ]
    assert code in texts(app) or any(code in c.value for c in app.code)


def test_checking_a_diploma_pdf(app: AppTest, course_app, database: Database):
    info, _ = learners.register(database, "Piet Pietersen")
    pass_module(info.id)
    service = course_app.diplomas
    pdf = service.pdf(service.issue(info.id))
    app.run()  # no learner needed: the page is public
    open_page(app, "check")
    app.file_uploader(key="diploma_pdf").upload("diploma.pdf", pdf, "application/pdf").run()
    assert not app.exception
    assert app.success[0].value.startswith("Echt en geldig")
    assert "Piet Pietersen" in app.table[0].value.to_string()
    app.file_uploader(key="diploma_pdf").upload("nep.pdf", b"%PDF-1.4 nep", "application/pdf").run()
    assert app.error[0].value.startswith("Dit PDF-bestand is niet digitaal ondertekend") or app.error[
        0
    ].value.startswith("Dit is geen leesbaar PDF-bestand")


def test_times_are_shown_on_the_dutch_and_flemish_clock():
    from datetime import UTC, datetime

    from ui.components import local_time

    assert local_time(datetime(2026, 11, 21, 10, 0, tzinfo=UTC)) == "21-11-2026 11:00"  # CET
    assert local_time(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "02-07-2026 00:30"  # CEST


def test_a_publication_while_the_quiz_page_is_open_draws_from_one_version(app: AppTest, course_app, database):
    """The page was drawn on version 1; a trainer publishes version 2 (other questions) before the
    learner clicks "start": the attempt is drawn from version 2 and stamped with it, never a draw
    of one version stamped with another (graded against the wrong key)."""
    signed_in(app, database)
    open_page(app, "quiz", module="mini")
    assert any(b.key == "start_quiz" for b in app.button)  # the intro, rendered on version 1
    renamed = (
        course_app.catalog.builtin.module("mini")
        .files["module.nl.yaml"]
        .replace(b"id: vraag-", b"id: nieuw-")
    )
    upload = course_app.authoring.upload("module.nl.yaml", renamed, by="anna@example.nl")
    course_app.authoring.publish("mini", upload.version, "anna@example.nl")
    app.button(key="start_quiz").click().run()
    assert not app.exception
    attempt = progress.attempts(database, app.session_state["learner_id"], "mini")[0]
    assert attempt.module_version == 2
    assert all(q.startswith("nieuw-") for q in attempt.plan.question_ids)
