"""Trainer accounts and their pages: Argon2id, lock-out, roles, login on every page, revoking."""

import base64
import re
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from application import CourseApp
from application.limits import RateLimiter, client_address
from storage import audit, learners, progress, results, trainers
from storage.db import Database
from storage.schema import Trainer, utcnow
from storage.trainers import TrainerError

from .certificates_fixtures import require_tool, run_tool
from .conftest import APP, configured

PASSWORD = "een lange zin als wachtwoord"


def test_passwords_are_argon2id_at_least_owasp_strength(db: Database):
    trainers.add(db, "Anna@Example.nl", PASSWORD)
    with db.read() as session:
        from storage.schema import Trainer

        stored = session.query(Trainer).one().password_hash
    assert stored.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2 and int(params["p"]) >= 1
    assert PASSWORD not in stored


def test_login_wrong_password_and_lock_out(db: Database):
    trainers.add(db, "anna@example.nl", PASSWORD)
    now = utcnow()
    here = "192.0.2.10"
    assert trainers.login(db, "ANNA@example.nl ", PASSWORD, here, now).trainer.email == "anna@example.nl"
    for _ in range(trainers.MAX_FAILURES - 1):
        assert trainers.login(db, "anna@example.nl", "fout", here, now).problem == "wrong"
    locked = trainers.login(db, "anna@example.nl", "fout", here, now)
    assert locked.problem == "locked" and locked.locked_until == now + trainers.LOCK_TIME
    assert trainers.login(db, "anna@example.nl", PASSWORD, here, now).problem == "locked"  # even when right
    later = now + trainers.LOCK_TIME + timedelta(seconds=1)
    assert trainers.login(db, "anna@example.nl", PASSWORD, here, later).trainer is not None
    actions = [e.action for e in audit.recent(db)]
    assert actions.count("login_failed") == trainers.MAX_FAILURES - 1 and "login_locked" in actions


def test_a_stranger_cannot_lock_a_trainer_out(db: Database):
    """Issue 11, point 6: five wrong passwords from elsewhere locked the account for everyone."""
    trainers.add(db, "anna@example.nl", PASSWORD)
    for _ in range(trainers.MAX_FAILURES):
        trainers.login(db, "anna@example.nl", "fout", "203.0.113.66")
    assert trainers.login(db, "anna@example.nl", PASSWORD, "203.0.113.66").problem == "locked"
    assert trainers.login(db, "anna@example.nl", PASSWORD, "192.0.2.10").trainer is not None


def test_a_client_that_tries_many_accounts_is_locked(db: Database):
    trainers.add(db, "anna@example.nl", PASSWORD)
    for i in range(trainers.MAX_CLIENT_FAILURES):
        trainers.login(db, f"gok{i}@example.nl", "fout", "203.0.113.66")
    assert trainers.login(db, "anna@example.nl", PASSWORD, "203.0.113.66").problem == "locked"
    assert trainers.login(db, "anna@example.nl", PASSWORD, "192.0.2.10").trainer is not None


def test_one_answer_for_unknown_disabled_and_locked(db: Database):
    """Issue 11, point 6: the answer (and its cost) told which accounts exist."""
    trainers.add(db, "anna@example.nl", PASSWORD)
    bert = trainers.add(db, "bert@example.nl", PASSWORD)
    trainers.set_disabled(db, bert.id, True, actor="beheer@example.nl")
    assert trainers.login(db, "niemand@example.nl", PASSWORD).problem == "wrong"
    assert trainers.login(db, "bert@example.nl", PASSWORD).problem == "wrong"
    assert trainers.login(db, "anna@example.nl", "fout").problem == "wrong"
    for address in ("niemand@example.nl", "anna@example.nl"):  # a lock-out alike for both
        for _ in range(trainers.MAX_FAILURES):
            trainers.login(db, address, "fout", "203.0.113.66")
        assert trainers.login(db, address, "fout", "203.0.113.66").problem == "locked"


def test_every_login_answer_costs_one_password_check(db: Database, monkeypatch: pytest.MonkeyPatch):
    trainers.add(db, "anna@example.nl", PASSWORD)
    bert = trainers.add(db, "bert@example.nl", PASSWORD)
    trainers.set_disabled(db, bert.id, True, actor="beheer@example.nl")
    for _ in range(trainers.MAX_FAILURES):
        trainers.login(db, "anna@example.nl", "fout", "203.0.113.66")
    checks: list[str] = []
    real = trainers._verify
    monkeypatch.setattr(trainers, "_verify", lambda h, p: checks.append(h) or real(h, p))
    for address, client in [
        ("niemand@example.nl", ""),
        ("bert@example.nl", ""),
        ("anna@example.nl", "203.0.113.66"),  # locked
        ("anna@example.nl", ""),
    ]:
        trainers.login(db, address, PASSWORD, client)
    assert len(checks) == 4 and all(h.startswith("$argon2id$") for h in checks)


def test_weak_hashes_are_upgraded_at_login(db: Database):
    anna = trainers.add(db, "anna@example.nl", PASSWORD)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with db.write() as session:
        from storage.schema import Trainer

        session.get(Trainer, anna.id).password_hash = weak
    assert trainers.login(db, "anna@example.nl", PASSWORD).trainer is not None
    with db.read() as session:
        from storage.schema import Trainer

        assert not trainers.HASHER.check_needs_rehash(session.get(Trainer, anna.id).password_hash)


@pytest.mark.parametrize(
    ("email", "password", "code"),
    [
        ("geen-adres", PASSWORD, "email"),
        ("a@example.nl", "kort", "password_short"),
        ("a@example.nl", "wachtwoord123", "password_common"),
    ],
)
def test_bad_accounts_are_refused(db: Database, email: str, password: str, code: str):
    with pytest.raises(TrainerError) as caught:
        trainers.add(db, email, password)
    assert caught.value.code == code
    assert trainers.all_trainers(db) == []


def test_the_same_address_twice(db: Database):
    trainers.add(db, "anna@example.nl", PASSWORD)
    with pytest.raises(TrainerError) as caught:
        trainers.add(db, "ANNA@example.nl", PASSWORD)
    assert caught.value.code == "exists"


# The pages


def open_page(app: AppTest, page: str) -> AppTest:
    app.run()
    app.switch_page(f"views/{page}.py")
    return app.run()


def log_in(app: AppTest, email: str, password: str) -> AppTest:
    app.text_input[0].input(email)
    app.text_input[1].input(password)
    return app.button(key="FormSubmitter:trainer_login-Inloggen").click().run()


@pytest.mark.parametrize(
    "page",
    [
        "trainer_home",
        "trainer_workshops",
        "trainer_upload",
        "trainer_versions",
        "trainer_preview",
        "trainer_results",
        "trainer_diplomas",
        "trainer_accounts",
    ],
)
def test_every_trainer_page_asks_for_a_login(app: AppTest, database: Database, page: str):
    learner, code = learners.register(database, "Leerling")
    app.query_params["resume"] = code  # a signed-in learner is no trainer
    open_page(app, page)
    assert not app.exception
    assert app.title[0].value == "Inloggen voor trainers"
    assert not app.dataframe and not app.table and len(app.text_input) == 2


def test_wrong_password_then_lock_out_on_the_page(app: AppTest, database: Database):
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_home")
    log_in(app, "anna@example.nl", "fout")
    assert app.error[0].value == "Dit e-mailadres of wachtwoord klopt niet."
    for _ in range(trainers.MAX_FAILURES - 1):
        log_in(app, "anna@example.nl", "fout")
    # The time is the clock of the Netherlands and Flanders, not UTC.
    until = (utcnow() + trainers.LOCK_TIME).astimezone(ZoneInfo("Europe/Amsterdam"))
    shown = re.search(r"opnieuw na (\d\d):(\d\d) uur", app.error[0].value)
    assert shown and abs(int(shown[1]) * 60 + int(shown[2]) - (until.hour * 60 + until.minute)) % 1440 <= 1


def test_idle_trainers_are_signed_out(app: AppTest, database: Database):
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_home")
    log_in(app, "anna@example.nl", PASSWORD)
    assert app.title[0].value == "Trainer"
    app.session_state["trainer_session"]["seen"] -= timedelta(minutes=31)
    app.run()
    assert app.title[0].value == "Inloggen voor trainers"
    assert "niet actief" in app.info[0].value


def test_only_administrators_manage_trainers(app: AppTest, database: Database):
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_accounts")
    log_in(app, "anna@example.nl", PASSWORD)
    assert app.error[0].value == "Deze pagina is alleen voor beheerders."


def test_administrator_adds_a_trainer(app: AppTest, database: Database):
    trainers.add(database, "beheer@example.nl", PASSWORD, role="admin")
    open_page(app, "trainer_accounts")
    log_in(app, "beheer@example.nl", PASSWORD)
    app.text_input[0].input("nieuw@example.nl")
    app.text_input[1].input(PASSWORD)
    app.button(key="FormSubmitter:add_trainer-Toevoegen").click().run()
    assert app.success[0].value == "nieuw@example.nl is toegevoegd."
    assert [e.actor for e in audit.recent(database) if e.action == "trainer_add"][0] == "beheer@example.nl"


def test_trainer_revokes_a_diploma_after_confirming(app: AppTest, course_app: CourseApp, database: Database):
    learner, _ = learners.register(database, "Piet Pietersen")
    service = course_app.diplomas
    diploma = service.issue(learner.id, require_passed=False)
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_diplomas")
    log_in(app, "anna@example.nl", PASSWORD)
    assert "Piet Pietersen" in app.table[0].value.to_string()
    reason = next(ti for ti in app.text_input if ti.label.startswith("Reden"))
    reason.input("Verkeerde persoon")
    app.button(key="FormSubmitter:revoke_form-Diploma intrekken").click().run()
    assert app.error[0].value == "Vink aan dat je het zeker weet."
    assert not service.find(diploma.code).revoked
    reason = next(ti for ti in app.text_input if ti.label.startswith("Reden"))
    reason.input("Verkeerde persoon")
    app.checkbox[0].check()
    app.button(key="FormSubmitter:revoke_form-Diploma intrekken").click().run()
    assert app.success[0].value == f"Diploma {diploma.code} is ingetrokken."
    # The list and the form follow at once: no "geldig", nothing left to revoke.
    listed = app.table[0].value.to_string()
    assert "ingetrokken op" in listed and "geldig" not in listed, listed
    assert not any(sb.label == "Code" for sb in app.selectbox)
    revoked = service.find(diploma.code)
    assert revoked.revoked and revoked.revoked_reason == "Verkeerde persoon"
    entry = next(e for e in audit.recent(database) if e.action == "revoke")
    assert (entry.actor, entry.subject) == ("anna@example.nl", diploma.code)


def test_workshops_open_join_and_close(db: Database):
    from datetime import date

    from storage import workshops

    workshop = workshops.create(db, "  Workshop   Utrecht ", date(2026, 12, 1), by="anna@example.nl")
    assert workshop.title == "Workshop Utrecht" and len(workshop.code) == 6
    assert workshops.find_open(db, workshop.code.lower()).id == workshop.id
    piet, _ = learners.register(db, "Piet", workshop_code=workshop.code)
    learners.register(db, "Buiten de workshop")
    learners.preview_learner(db, "anna@example.nl", "mini", 1)  # a trainer's preview: never counted
    progress.mark_lesson_read(db, piet.id, "mini", "les-1")
    people = results.learners_progress(db, ["mini"], results.Scope(workshop=workshop.code))
    assert people.to_dict("records") == [
        {"name": "Piet", "country": None, "lessons_read": 1, "modules_passed": 0, "diplomas": 0}
    ]
    assert list(results.learners_progress(db, ["mini"])["name"]) == ["Buiten de workshop", "Piet"]
    assert workshops.all_workshops(db)[0].learners == 1
    workshops.close(db, workshop.code, by="anna@example.nl")
    assert workshops.find_open(db, workshop.code) is None
    assert [e.action for e in audit.recent(db)][:2] == ["workshop_close", "workshop_create"]


def test_trainer_opens_a_workshop_with_a_join_code(app: AppTest, database: Database):
    from storage import workshops

    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_workshops")
    log_in(app, "anna@example.nl", PASSWORD)
    app.text_input[0].input("Workshop Gent")
    app.button(key="FormSubmitter:new_workshop-Workshop openen").click().run()
    code = workshops.all_workshops(database)[0].code
    assert app.success[0].value == f"De workshop is geopend met code {code}."
    assert any(c.value.endswith(f"/?workshop={code}") for c in app.code)
    figure = next(h.proto.body for h in app.get("html") if "<figure" in h.proto.body)
    link = f"/?workshop={code}"
    assert re.search(
        rf'alt="QR-code met de link om mee te doen met code {code}: [^"]*{re.escape(link)}"', figure
    )
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', figure).group(1))
    require_tool("zbarimg")
    decoded = run_tool("zbarimg", "--quiet", "--raw", "-", input=png)
    assert decoded.stdout.decode().strip().endswith(link)

    from .test_pages import pass_module

    joined, _ = learners.register(database, "Noor Jansen", workshop_code=code)
    pass_module(joined.id)
    app.run()
    people = app.table[0].value.reset_index()
    assert people.to_dict("records") == [
        {"Naam": "Noor Jansen", "Land": "–", "Lessen gelezen": 0, "Modules gehaald": "1 / 1", "Diploma": ""}
    ]
    assert app.caption[-1].value == "Wordt elke 10 seconden bijgewerkt."
    # One count: the list says 1, and no heading says 0 (issue 12 point 9).
    assert any(m.value == "1 deelnemers" for m in app.markdown)
    assert not any("0 deelnemers" in e.label for e in app.expander)


def test_results_page_with_funnel_items_and_exports(app: AppTest, database: Database):
    from .test_pages import pass_module

    learner, _ = learners.register(database, "Piet")
    pass_module(learner.id)
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_results")
    log_in(app, "anna@example.nl", PASSWORD)
    assert not app.exception
    funnel = app.table[0].value.reset_index()
    assert list(funnel.iloc[:, 1]) == [1, 0, 1, 1, 0]  # started, read, attempted, passed, diploma
    modules = app.table[1].value.reset_index()
    assert modules.iloc[0, 0] == "Titel van de module" and modules.iloc[0, 2] == "100%"
    people = app.table[2].value.reset_index()
    assert people.iloc[0, 0] == "Piet" and people.iloc[0, 3] == "1 / 1"
    items = app.table[3].value.reset_index()
    assert list(items.columns)[3] == "Aandeel goed" and (items.iloc[:, 3] == "100%").all()
    # Charts: labels in full (no "Alle modules geh…"), the pass rate on a 0-100% axis.
    import json

    specs = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    assert len(specs) == 2
    for spec in specs:
        assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert specs[1]["encoding"]["x"]["axis"]["format"] == "%"
    assert specs[1]["encoding"]["x"]["scale"]["domain"] == [0, 1]
    # One workbook and one CSV per table
    labels = [b.label for b in app.get("download_button")]
    assert labels[0] == "Download als Excel"
    assert labels[1:] == ["CSV: Per deelnemer", "CSV: Voortgang", "CSV: Per module", "CSV: Vragen"]


def test_a_workshops_diplomas_as_one_zip(backend_app: CourseApp):
    import io
    import zipfile
    from datetime import date

    from storage import workshops

    db, service = backend_app.db, backend_app.diplomas
    workshop = workshops.create(db, "Workshop Gent", date(2026, 12, 1), by="anna@example.nl")
    codes = []
    for name in ("Els", "Jan"):
        learner, _ = learners.register(db, name, workshop_code=workshop.code)
        codes.append(service.issue(learner.id, require_passed=False).code)
    outsider, _ = learners.register(db, "Buiten")
    service.issue(outsider.id, require_passed=False)
    service.revoke(codes[1], "vergissing", by="anna@example.nl")
    count, data = service.workshop_zip(workshop.code)
    assert count == 1
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [f"diploma-{codes[0]}.pdf"]


def test_template_and_modules_can_be_downloaded(app: AppTest, database: Database):
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_upload")
    log_in(app, "anna@example.nl", PASSWORD)
    buttons = [b.proto.label for b in app.get("download_button")]
    assert buttons[0] == "Handleiding bij het cursusformaat downloaden"  # docs/content-format.md
    assert buttons[1] == "Sjabloon voor een nieuwe module" and "mini/module.nl.yaml" in buttons


def test_trainers_by_the_organisations_login(app: AppTest, course_app: CourseApp, database: Database):
    from settings import Settings

    listed = Settings.load(
        environ={"TRAINER_EMAILS": "anna@gemeente.nl", "ADMIN_EMAILS": "Beheer@Gemeente.nl"}
    )
    app.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "c",
        "client_secret": "s",
        "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
    }
    with configured(
        course_app, oidc_enabled=True, trainer_emails=listed.trainer_emails, admin_emails=listed.admin_emails
    ):
        open_page(app, "trainer_accounts")
        assert any(b.key == "trainer_oidc_login" for b in app.button)
        app.user = {"is_logged_in": True, "email": "iemand@gemeente.nl", "sub": "1", "iss": "https://idp"}
        app.run()
        assert app.warning[0].value.startswith("Je bent ingelogd via je organisatie, maar")
        app.user = {"is_logged_in": True, "email": "beheer@gemeente.nl", "sub": "2", "iss": "https://idp"}
        app.run()
        assert app.title[0].value == "Trainers" and not app.exception
        admin = [t for t in trainers.all_trainers(database) if t.email == "beheer@gemeente.nl"][0]
        assert admin.role == "admin"
        assert trainers.login(database, "beheer@gemeente.nl", "!oidc").problem == "wrong"


def test_a_trainer_page_reads_the_account_once_per_run(app: AppTest, database: Database, monkeypatch):
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_workshops")
    log_in(app, "anna@example.nl", PASSWORD)
    reads = []
    real_get = trainers.get
    monkeypatch.setattr(
        trainers, "get", lambda db, trainer_id: reads.append(trainer_id) or real_get(db, trainer_id)
    )
    app.run()
    assert app.title[0].value == "Workshops" and len(reads) == 1  # navigation and page guard share it


def test_item_analysis_of_one_module_version_on_the_page(app: AppTest, database: Database):
    from .test_pages import pass_module

    learner, _ = learners.register(database, "Piet")
    pass_module(learner.id)
    trainers.add(database, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_results")
    log_in(app, "anna@example.nl", PASSWORD)
    assert app.selectbox(key="results_version:mini").options == ["Alle versies", "Versie 1"]
    app.selectbox(key="results_version:mini").select(1).run()
    assert not app.exception
    assert app.selectbox(key="results_version:mini").value == 1
    assert app.table[3].value.reset_index()["Pogingen"].astype(int).sum() == 3  # version 1's items


def test_the_organisations_login_keeps_the_idle_and_absolute_limits(database: Database):
    now = utcnow()
    login = now - timedelta(hours=1)
    first = trainers.from_identity_provider(database, "anna@gemeente.nl", "trainer", login, now)
    assert first.trainer is not None and not first.expired
    trainers.seen(database, first.trainer.id, now + timedelta(minutes=20))
    # a new tab 25 minutes later: still within 30 minutes of the last activity
    later = now + timedelta(minutes=45)
    assert trainers.from_identity_provider(database, "anna@gemeente.nl", "trainer", login, later).trainer
    # 31 minutes without activity: the provider's weeks-long cookie does not sign her in again
    idle = trainers.from_identity_provider(
        database, "anna@gemeente.nl", "trainer", login, later + timedelta(minutes=31)
    )
    assert idle.expired and idle.trainer is None
    # after logging in again at the provider (a new `iat`) she is in
    again = later + timedelta(minutes=32)
    assert trainers.from_identity_provider(database, "anna@gemeente.nl", "trainer", again, again).trainer
    # eight hours after the provider's login, however active: log in again
    busy = trainers.from_identity_provider(
        database, "anna@gemeente.nl", "trainer", again, again + timedelta(hours=8, minutes=1)
    )
    assert busy.expired


def test_an_idle_organisation_login_is_logged_out_in_a_new_tab(course_app: CourseApp, database: Database):
    address = "anna@gemeente.nl"
    user = {
        "is_logged_in": True,
        "email": address,
        "sub": "1",
        "iss": "https://idp",
        "iat": int(time.time()) - 7200,  # she logged in at the provider two hours ago
    }
    with configured(course_app, oidc_enabled=True, trainer_emails=(address,)):
        first = AppTest.from_file(APP, default_timeout=30)
        first.user = user
        open_page(first, "trainer_workshops")
        assert first.title[0].value == "Workshops"
        with database.write() as session:  # she went for lunch
            session.execute(
                update(Trainer)
                .values(last_seen_at=utcnow() - timedelta(minutes=31))
                .where(Trainer.email == address)
            )
        second = AppTest.from_file(APP, default_timeout=30)
        second.user = user
        open_page(second, "trainer_workshops")
        assert second.title[0].value != "Workshops"
        assert any("bent daarom afgemeld" in i.value for i in second.info), second.info


def test_a_client_trying_too_often_is_asked_to_wait(app: AppTest, course_app: CourseApp):
    object.__setattr__(course_app.limits, "resume", RateLimiter(per_minute=1, burst=2))
    app.run()
    answers = []
    for attempt in range(3):
        next(t for t in app.text_input if t.label == "Je hervatcode").input(f"ABCD-EFGH-JKLM-NPQ{attempt}")
        app.button(key="FormSubmitter:resume_form-Verder waar ik was").click().run()
        answers.append([e.value for e in app.error])
    assert all("Wacht" not in e for e in answers[0] + answers[1])
    assert any("Wacht" in e and "seconden" in e for e in answers[2]), answers


def test_the_client_address_behind_nginx():
    assert client_address("127.0.0.1", "203.0.113.9, 10.0.0.4") == "10.0.0.4"  # the hop nginx saw
    assert client_address("198.51.100.7", "203.0.113.9") == "198.51.100.7"  # a header from outside: ignored
    assert client_address("127.0.0.1") == "127.0.0.1"


def test_a_local_public_address_is_warned_about(
    app: AppTest, course_app: CourseApp, database: Database, caplog
):
    """Issue 12 point 14: PUBLIC_BASE_URL on localhost goes into QR codes; say so in the log and
    on the trainer's start page, and not once it is a real address."""
    import logging

    from application import create_app

    trainers.add(database, "anna@example.nl", PASSWORD)
    assert course_app.address_is_local
    open_page(app, "trainer_home")
    log_in(app, "anna@example.nl", PASSWORD)
    assert "PUBLIC_BASE_URL" in app.warning[0].value and "localhost" in app.warning[0].value
    with caplog.at_level(logging.WARNING, logger="application.app"):
        create_app(course_app.settings).close()
    assert any("PUBLIC_BASE_URL is http://localhost" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with (
        configured(
            course_app, public_base_url="https://leren.example.nl", key_passphrase="een geheim"
        ) as public,
        caplog.at_level(logging.WARNING, logger="application.app"),
    ):
        assert not public.address_is_local
        app.run()
        assert not [w for w in app.warning if "PUBLIC_BASE_URL" in w.value]
    assert not any("PUBLIC_BASE_URL" in r.getMessage() for r in caplog.records)


def test_the_cli_says_what_is_wrong_in_a_sentence(course_app: CourseApp, capsys, monkeypatch):
    """Issue 12 point 13: `error: password_short` becomes a sentence."""
    import io

    from cli.admin import main

    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    assert main(["trainer", "add", "a@example.nl", "--password-stdin"], app=course_app) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: The password must have at least 12 characters.", err


def test_the_projector_shows_code_qr_link_and_a_live_count(
    app: AppTest, course_app: CourseApp, database: Database
):
    """Issue 12 point 9: a full-screen join view for the room."""
    from datetime import date

    trainers.add(database, "anna@example.nl", PASSWORD)
    workshop = course_app.workshops.open("Workshop Gent", date.today(), by="anna@example.nl")
    open_page(app, "trainer_workshops")
    log_in(app, "anna@example.nl", PASSWORD)
    link = next(p for p in app.get("page_link") if p.proto.label == "Op de beamer tonen (volledig scherm)")
    assert link.proto.page.endswith("trainer_projector.py") or "trainer-projector" in link.proto.page
    app.switch_page("views/trainer_projector.py")
    app.query_params["workshop"] = workshop.code
    app.run()
    assert not app.exception
    body = "".join(h.proto.body for h in app.get("html"))
    assert f'<p class="code">{workshop.code}</p>' in body
    assert f"/?workshop={workshop.code}" in body and 'src="data:image/png;base64,' in body
    assert "0 deelnemers" in body and "display: none" in body  # no menu on the projector
    learners.register(database, "Noor", workshop_code=workshop.code)
    app.run()
    assert "1 deelnemers" in "".join(h.proto.body for h in app.get("html"))
