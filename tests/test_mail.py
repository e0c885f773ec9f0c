"""E-mail through the outbox, against a real SMTP server in the test process (aiosmtpd), on
SQLite and PostgreSQL: the lost-code link, "diploma ready", "refresher ready" with one-click
unsubscribe, retries with backoff when the mail server is down, nothing at all when mail is
not configured."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from application import CourseApp, create_app
from application.mail import mail_texts
from application.outbox import backoff
from storage import outbox
from storage.schema import OutboxMessage
from web.routes import routes

from .certificates_fixtures import RIGHT, make_settings, take_quiz

ADDRESS = "sanne@example.nl"


class Inbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def mail_app(tmp_path: Path, db_url: str, port: int, **overrides: Any) -> CourseApp:
    mail = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_from": "cursus@gemeente.nl",
        "smtp_tls": "none",
    }
    return create_app(make_settings(tmp_path, database_url=db_url, **(mail | overrides)))


@pytest.fixture
def world(smtp: tuple[Inbox, int], db_url: str, tmp_path: Path) -> Iterator[tuple[CourseApp, Inbox]]:
    inbox, port = smtp
    app = mail_app(tmp_path, db_url, port)
    yield app, inbox
    app.close()


def body(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    assert part is not None, subtype
    return str(part.get_content())


def test_backoff_doubles_from_thirty_seconds_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)


def test_every_mail_exists_in_both_languages_with_the_same_placeholders():
    placeholders = re.compile(r"{(\w+)}")
    nl, en = mail_texts("nl"), mail_texts("en")
    assert nl.keys() == en.keys() == {"signin", "diploma", "refresher"}
    for name in nl:
        assert nl[name].keys() == en[name].keys() == {"subject", "text", "html"}
        for part in nl[name]:
            assert set(placeholders.findall(nl[name][part])) == set(placeholders.findall(en[name][part]))


def test_a_lost_code_link_arrives_signs_in_once_and_expires(world: tuple[CourseApp, Inbox]):
    app, inbox = world
    learner, _ = app.learners.start("Sanne de Vries", email=ADDRESS)
    app.mail.request_signin_link("  Sanne@Example.NL ")
    assert inbox.messages == []  # queued, not sent while the learner waits
    assert app.outbox.process_once().sent == 1
    (message,) = inbox.messages
    assert message["To"] == ADDRESS and message["From"] == "cursus@gemeente.nl"
    assert message["Subject"] == "Je link om verder te gaan met de cursus"
    text, page = body(message, "plain"), body(message, "html")
    links = re.findall(r"https?://\S+\?signin=[\w%-]+", text)
    assert len(links) == 1 and links[0] in page and "Sanne de Vries" in page
    token = links[0].split("signin=")[1]
    assert app.learners.sign_in_with_link(token) == learner
    assert app.learners.sign_in_with_link(token) is None  # single use
    # a fresh link is no good after an hour
    app.mail.request_signin_link(ADDRESS)
    app.outbox.process_once()
    second = re.findall(r"\?signin=([\w%-]+)", body(inbox.messages[1], "plain"))[0]
    app.clock.advance(timedelta(minutes=61))
    assert app.learners.sign_in_with_link(second) is None
    assert app.learners.sign_in_with_link("made-up") is None


def test_an_unknown_address_gets_nothing_and_requests_are_limited(world: tuple[CourseApp, Inbox]):
    app, inbox = world
    app.learners.start("Sanne de Vries", email=ADDRESS)
    app.mail.request_signin_link("onbekend@example.nl")
    app.mail.request_signin_link("geen adres")
    for _ in range(5):
        app.mail.request_signin_link(ADDRESS)
    app.outbox.drain()
    assert [m["To"] for m in inbox.messages] == [ADDRESS] * 3
    app.clock.advance(timedelta(hours=1, minutes=1))
    app.mail.request_signin_link(ADDRESS)
    app.outbox.drain()
    assert len(inbox.messages) == 4


def test_diploma_ready_mail_with_the_verification_link(world: tuple[CourseApp, Inbox]):
    app, inbox = world
    learner, _ = app.learners.start("Zoë Çelik", email=ADDRESS, language="en")
    take_quiz(app, learner.id, RIGHT)
    record = app.diplomas.issue(learner.id, language="en")
    app.diplomas.issue(learner.id, language="en")  # asking again mails nothing more
    app.outbox.drain()
    (message,) = inbox.messages
    assert message["Subject"] == "Your diploma is ready" and message["Content-Language"] == "en"
    assert f"/verify/{record.code}" in body(message, "plain")
    assert f'href="{app.settings.public_base_url}/verify/{record.code}"' in body(message, "html")
    assert "Zoë Çelik" in body(message, "plain")


def test_one_refresher_mail_and_a_one_click_unsubscribe_without_signing_in(world: tuple[CourseApp, Inbox]):
    app, inbox = world
    learner, _ = app.learners.start("Sanne de Vries", email=ADDRESS)
    without_address, _ = app.learners.start("Zonder Adres")
    for who in (learner, without_address):
        take_quiz(app, who.id, RIGHT)
    assert app.mail.queue_refresher_mails() == 0  # nothing due yet
    app.clock.advance(timedelta(days=7, hours=1))
    assert app.mail.queue_refresher_mails() == 1
    assert app.mail.queue_refresher_mails() == 0  # at most one mail per refresher
    app.outbox.drain()
    (message,) = inbox.messages
    assert message["Subject"] == "Even opfrissen: Titel van de module"
    unsubscribe = re.fullmatch(r"<(\S+)>", message["List-Unsubscribe"])
    assert unsubscribe and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.group(1) in body(message, "plain")
    assert "/opfrisser?refresher=" in body(message, "plain")

    client = TestClient(Starlette(routes=routes(lambda: app)))
    path = unsubscribe.group(1).removeprefix(app.settings.public_base_url)
    page = client.get(path)  # a mail scanner opening the link changes nothing
    assert page.status_code == 200 and "Afmelden" in page.text and 'method="post"' in page.text
    done = client.post(path, content="List-Unsubscribe=One-Click")  # RFC 8058, as a mail program does
    assert done.status_code == 200 and "Je bent afgemeld" in done.text
    assert client.post("/unsubscribe?token=verzonnen").status_code == 404
    # the 30-day refresher comes, but no mail
    app.clock.advance(timedelta(days=30))
    assert app.mail.queue_refresher_mails() == 0
    assert [r.stage for r in app.refreshers.overview(learner.id).due] == [1, 2]
    app.outbox.drain()
    assert len(inbox.messages) == 1


def test_a_mail_server_that_is_down_never_blocks_and_is_retried_with_backoff(
    db_url: str, tmp_path: Path, smtp: tuple[Inbox, int]
):
    inbox, port = smtp
    down = mail_app(tmp_path, db_url, free_port())  # nothing listens there
    try:
        learner, _ = down.learners.start("Sanne de Vries", email=ADDRESS)
        down.mail.request_signin_link(ADDRESS)
        assert down.outbox.process_once().failed == 1
        with down.db.read() as session:
            row = session.scalars(select(OutboxMessage)).one()
            assert row.status == "pending" and row.attempts == 1 and row.last_error
            assert row.next_attempt_at - down.clock.now() > timedelta(seconds=25)
        assert down.outbox.process_once().failed == 0  # not yet due again
    finally:
        down.close()
    up = mail_app(tmp_path, db_url, port)  # the mail server is back
    try:
        up.clock.advance(timedelta(seconds=31))
        assert up.outbox.drain().sent == 1
        assert up.outbox.drain().sent == 0
        assert len(inbox.messages) == 1  # exactly once
        assert up.outbox.counts() == {("mail", "sent"): 1}
    finally:
        up.close()


def test_without_smtp_nothing_is_queued_or_promised(db_url: str, tmp_path: Path):
    app = create_app(make_settings(tmp_path, database_url=db_url))
    try:
        assert not app.mail.configured
        learner, _ = app.learners.start("Sanne de Vries", email=ADDRESS)
        take_quiz(app, learner.id, RIGHT)
        app.mail.request_signin_link(ADDRESS)
        app.diplomas.issue(learner.id)
        app.clock.advance(timedelta(days=8))
        assert app.mail.queue_refresher_mails() == 0
        assert outbox.messages(app.db) == []
    finally:
        app.close()


def test_workers_on_two_replicas_never_claim_the_same_message(db_url: str, tmp_path: Path):
    """Two apps (replicas) on one database claim concurrently: every message goes to one only."""
    first = create_app(make_settings(tmp_path, database_url=db_url))
    second = create_app(make_settings(tmp_path, database_url=db_url))
    try:
        for n in range(200):
            outbox.add(first.db, "mail", {"n": n}, first.clock.now())
        claimed: list[list[int]] = [[], []]

        def claim(app: CourseApp, into: list[int]) -> None:
            while batch := outbox.claim(app.db, "mail", app.clock.now(), 7, timedelta(minutes=5)):
                into.extend(m.id for m in batch)

        threads = [
            threading.Thread(target=claim, args=(a, c)) for a, c in zip((first, second), claimed, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(claimed[0]) + len(claimed[1]) == 200
        assert not set(claimed[0]) & set(claimed[1])
    finally:
        first.close()
        second.close()


def test_the_start_page_offers_a_mailed_link_only_when_mail_is_configured(
    app: Any, course_app: CourseApp, smtp: tuple[Inbox, int]
):
    from .conftest import configured

    app.run()
    assert "Ik ben mijn code kwijt" not in [e.label for e in app.expander]
    inbox, port = smtp
    settings = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_from": "cursus@gemeente.nl",
        "smtp_tls": "none",
    }
    with configured(course_app, **settings) as mailing:
        mailing.learners.start("Sanne de Vries", email=ADDRESS)
        answers = []
        for address in ("onbekend@example.nl", ADDRESS):
            app.session_state["lost_code_asked"] = 0.0  # as a minute later
            app.run()
            assert "Ik ben mijn code kwijt" in [e.label for e in app.expander]
            field = next(f for f in app.text_input if f.label == "Het e-mailadres waarmee je begon")
            field.input(address)
            app.button(key="FormSubmitter:lost_code_form-Stuur me een link").click().run()
            answers.append([s.value for s in app.success])
        assert answers[0] == answers[1] and "Als dit adres bij ons bekend is" in answers[0][0]
        mailing.outbox.drain()
        (message,) = inbox.messages
        token = re.findall(r"\?signin=([\w%-]+)", body(message, "plain"))[0]
        app.query_params["signin"] = token
        app.run()
        assert app.session_state["learner_id"] and "signin" not in app.query_params


def test_the_outbox_from_the_command_line(world: tuple[CourseApp, Inbox], capsys: pytest.CaptureFixture[str]):
    from cli.admin import main as storage_cli

    app, inbox = world
    learner, _ = app.learners.start("Sanne de Vries", email=ADDRESS)
    take_quiz(app, learner.id, RIGHT)
    app.clock.advance(timedelta(days=8))
    assert storage_cli(["outbox", "run"], app=app) == 0
    assert "queued 1 refresher mail(s); sent 1, failed 0" in capsys.readouterr().out
    assert len(inbox.messages) == 1
    assert storage_cli(["outbox", "status"], app=app) == 0
    assert "mail\tsent\t1" in capsys.readouterr().out


def test_mail_and_lrs_settings():
    from settings import Settings

    loaded = Settings.load(
        environ={
            "SMTP_HOST": "smtp.gemeente.nl",
            "SMTP_FROM": "cursus@gemeente.nl",
            "SMTP_PASSWORD": "geheim",
        },
        secrets={"smtp_port": "465", "smtp_tls": "tls", "xapi_endpoint": "https://lrs.example/xAPI/"},
    )
    assert loaded.mail_configured and loaded.smtp_port == 465 and loaded.smtp_tls == "tls"
    assert loaded.xapi_configured and loaded.xapi_endpoint == "https://lrs.example/xAPI"
    assert "geheim" not in repr(loaded)  # passwords stay out of logs and tracebacks
    assert not Settings.load(environ={"SMTP_HOST": "smtp.gemeente.nl"}, secrets={}).mail_configured
    for name, bad in (("SMTP_TLS", "ssl3"), ("XAPI_ACTOR", "name"), ("OUTBOX_WORKER", "misschien")):
        with pytest.raises(ValueError, match=name):
            Settings.load(environ={name: bad}, secrets={})


def test_two_replicas_sweeping_at_once_queue_one_refresher_mail(
    db_url: str, tmp_path: Path, smtp: tuple[Inbox, int]
):
    inbox, port = smtp
    first, second = mail_app(tmp_path, db_url, port), mail_app(tmp_path, db_url, port)
    try:
        learner, _ = first.learners.start("Sanne de Vries", email=ADDRESS)
        take_quiz(first, learner.id, RIGHT)
        queued: list[int] = []
        for app in (first, second):
            app.clock.advance(timedelta(days=8))
        threads = [
            threading.Thread(target=lambda a=a: queued.append(a.mail.queue_refresher_mails()))
            for a in (first, second)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(queued) == [0, 1]
        first.outbox.drain()
        second.outbox.drain()
        assert len(inbox.messages) == 1
    finally:
        first.close()
        second.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    import ipaddress
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "smtp.pem", folder / "smtp.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def test_starttls_with_login_and_a_certificate_that_is_checked(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """SMTP_TLS=starttls (the default): the server requires STARTTLS before AUTH; the client
    checks the server's certificate against the trusted ones (here: SSL_CERT_FILE)."""
    import ssl

    from aiosmtpd.smtp import AuthResult

    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    logins: list[tuple[bytes, bytes]] = []

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        logins.append((data.login, data.password))
        return AuthResult(success=data.login == b"cursus" and data.password == b"geheim")

    inbox, port = Inbox(), free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_require_tls=True,
        authenticator=authenticate,
    )
    controller.start()
    try:
        untrusted = mail_app(
            tmp_path, db_url, port, smtp_tls="starttls", smtp_user="cursus", smtp_password="geheim"
        )
        try:
            untrusted.learners.start("Sanne de Vries", email=ADDRESS)
            untrusted.mail.request_signin_link(ADDRESS)
            outcome = untrusted.outbox.process_once()
            assert outcome.failed == 1 and inbox.messages == []  # an unknown certificate is refused
        finally:
            untrusted.close()
        monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
        trusted = mail_app(
            tmp_path, db_url, port, smtp_tls="starttls", smtp_user="cursus", smtp_password="geheim"
        )
        try:
            trusted.clock.advance(timedelta(minutes=1))
            assert trusted.outbox.drain().sent == 1
            assert len(inbox.messages) == 1 and logins == [(b"cursus", b"geheim")]
        finally:
            trusted.close()
    finally:
        controller.stop()


def test_unsubscribe_through_the_whole_server(world: tuple[CourseApp, Inbox], server: Any):
    """The real server (st.App with its routes and middleware): the one-click POST works, with
    the security headers every answer gets."""
    from application import current_app

    app, inbox = world
    learner, _ = app.learners.start("Sanne de Vries", email=ADDRESS)
    take_quiz(app, learner.id, RIGHT)
    app.clock.advance(timedelta(days=8))
    app.mail.queue_refresher_mails()
    app.outbox.drain()
    link = re.fullmatch(r"<(\S+)>", inbox.messages[0]["List-Unsubscribe"])
    assert link
    path = link.group(1).removeprefix(app.settings.public_base_url)
    with current_app.serving(app):
        page = server.get(path)
        assert page.status_code == 200 and page.headers["X-Content-Type-Options"] == "nosniff"
        assert server.post(path, content="List-Unsubscribe=One-Click").status_code == 200
        assert server.get("/unsubscribe?token=nep").status_code == 404
    app.clock.advance(timedelta(days=30))
    assert app.mail.queue_refresher_mails() == 0


def test_spent_and_expired_sign_in_links_are_forgotten_a_day_later(world: tuple[CourseApp, Inbox]):
    from storage.schema import LearnerToken

    app, _ = world
    app.learners.start("Sanne de Vries", email=ADDRESS)
    app.mail.request_signin_link(ADDRESS)
    app.mail.queue_refresher_mails()
    with app.db.read() as session:
        assert session.scalars(select(LearnerToken)).all()  # still valid: kept
    app.clock.advance(timedelta(days=1, hours=2))
    app.mail.queue_refresher_mails()  # the worker's sweep
    with app.db.read() as session:
        assert session.scalars(select(LearnerToken)).all() == []
