"""E-mail to learners, when the organisation configured SMTP (nothing is sent, and the pages
promise nothing, otherwise): a sign-in link for who lost their resume code, "your diploma is
ready", and "your refresher is ready" (at most one per refresher, with a one-click unsubscribe).

Every mail is composed when it is queued (nl/en, plain text and HTML, texts in
`i18n/mails/`) and goes through the outbox, so the export shows exactly what was sent and a
mail server that is down never blocks a learner.
"""

from __future__ import annotations

import html
import smtplib
import ssl
import threading
from collections.abc import Callable
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from certificates.record import DiplomaRecord
from i18n import pick_language
from settings import Settings
from storage import outbox, refreshers, tokens
from storage.db import Database
from storage.outbox import Message
from storage.schema import Learner, Refresher

from .catalog import Catalog
from .clock import Clock
from .outbox import Outcome, Sender
from .refreshers import RefresherService

SIGNIN_VALID = timedelta(hours=1)
SIGNINS_PER_HOUR = 3  # per learner: more requests in an hour send nothing (same answer)
_MAILS = Path(__file__).resolve().parent.parent / "i18n" / "mails"
_texts: dict[str, dict[str, dict[str, str]]] = {}
_lock = threading.Lock()


def mail_texts(lang: str) -> dict[str, dict[str, str]]:
    """The mails of one language: name -> {subject, text, html}."""
    with _lock:
        if lang not in _texts:
            with open(_MAILS / f"{lang}.yaml", encoding="utf-8") as handle:
                _texts[lang] = dict(yaml.safe_load(handle))
        return _texts[lang]


def compose(
    name: str, lang: str, to: str, params: dict[str, str], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """A mail as the outbox keeps it: addressee, subject, plain text, HTML (values escaped)."""
    texts = mail_texts(pick_language(lang))[name]
    escaped = {key: html.escape(value) for key, value in params.items()}
    return {
        "mail": name,
        "to": to,
        "subject": texts["subject"].format(**params),
        "text": texts["text"].format(**params),
        "html": texts["html"].format(**escaped),
        "lang": pick_language(lang),
        "headers": headers or {},
    }


def to_message(payload: dict[str, Any], sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = payload["to"]
    message["Subject"] = payload["subject"]
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    for header, value in payload.get("headers", {}).items():
        message[header] = value
    message.set_content(payload["text"])
    message.add_alternative(
        f'<!doctype html><html lang="{payload.get("lang", "nl")}"><body>{payload["html"]}</body></html>',
        subtype="html",
    )
    # After the parts are made: making them moves every Content-* header into the first part.
    message["Content-Language"] = payload.get("lang", "nl")
    return message


class SmtpSender:
    """Sends a batch of mails over one SMTP connection (TLS as configured)."""

    def __init__(self, settings: Settings, timeout: float = 20.0) -> None:
        self.settings = settings
        self.timeout = timeout

    def send_batch(self, batch: list[Message], done: Callable[[int], object]) -> None:
        """Send each message, calling `done(id)` after each one the server accepted."""
        s = self.settings
        assert s.smtp_host and s.smtp_from
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_tls == "tls":
            smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=self.timeout)
        with smtp:
            if s.smtp_tls == "starttls":
                smtp.starttls(context=context)
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password or "")
            for message in batch:
                smtp.send_message(to_message(message.payload, s.smtp_from))
                done(message.id)


def smtp_sender(settings: Settings) -> Sender:
    """The outbox's sender of mails: one connection per batch; a mail the server refuses, and
    every mail after it in the batch, is tried again later (never a mail sent twice)."""
    smtp = SmtpSender(settings)

    def send(batch: list[Message]) -> Outcome:
        sent: list[int] = []
        try:
            smtp.send_batch(batch, sent.append)
        except (OSError, smtplib.SMTPException) as exc:
            return Outcome(sent, [m.id for m in batch if m.id not in sent], f"{type(exc).__name__}: {exc}")
        return Outcome(sent, [])

    return send


class MailService:
    def __init__(
        self, db: Database, settings: Settings, catalog: Catalog, clock: Clock, refreshers: RefresherService
    ) -> None:
        self.db = db
        self.settings = settings
        self.catalog = catalog
        self.clock = clock
        self.refreshers = refreshers

    @property
    def configured(self) -> bool:
        """Whether mail is sent at all (the pages offer mail only then)."""
        return self.settings.mail_configured

    def _course(self, lang: str) -> str:
        return self.catalog.builtin.about(pick_language(lang)).title

    def request_signin_link(self, address: str, lang: str = "nl") -> None:
        """Mail a one-hour, single-use sign-in link to the learner with this address, if there
        is one and they asked fewer than SIGNINS_PER_HOUR times this hour. The caller learns
        nothing either way: the page gives the same answer whether the address is known."""
        if not self.configured or "@" not in (address or ""):
            return
        now = self.clock.now()

        def work(session: Any) -> None:
            learner = tokens.learner_by_address(session, address)
            if (
                learner is None
                or tokens.signins_since(session, learner.id, now - timedelta(hours=1)) >= SIGNINS_PER_HOUR
            ):
                return
            token = tokens.issue(session, learner.id, tokens.SIGNIN, now, now + SIGNIN_VALID)
            params = {
                "name": learner.name,
                "course": self._course(learner.language),
                "link": f"{self.settings.public_base_url}/?signin={quote(token)}",
            }
            assert learner.email is not None
            outbox.enqueue(
                session,
                "mail",
                compose("signin", learner.language, learner.email, params),
                now,
                learner_id=learner.id,
            )

        with self.db.write() as session:
            work(session)

    def diploma_ready(self, record: DiplomaRecord) -> None:
        """Queue "your diploma is ready" with its verification link (once per diploma)."""
        if not self.configured or record.learner_id is None:
            return
        now = self.clock.now()
        with self.db.write() as session:
            learner = session.get(Learner, record.learner_id)
            if learner is None or not learner.email or learner.preview_key is not None:
                return
            params = {
                "name": learner.name,
                "course": self._course(record.language),
                "verify_link": f"{self.settings.public_base_url}/verify/{record.code}",
            }
            outbox.enqueue(
                session,
                "mail",
                compose("diploma", record.language, learner.email, params),
                now,
                learner_id=learner.id,
                dedupe_key=f"diploma-mail:{record.code}",
            )

    def queue_refresher_mails(self) -> int:
        """Make the refreshers due now and queue one "ready" mail for each open refresher not
        mailed yet, to learners with an address who did not unsubscribe. Returns how many."""
        if not self.configured:
            return 0
        self.refreshers.make_due()
        now = self.clock.now()
        tokens.forget_spent(self.db, now - timedelta(days=1))
        queued = 0
        for refresher_id in refreshers.unmailed(self.db):
            with self.db.write() as session:
                refresher = session.get(Refresher, refresher_id, with_for_update=True)
                if refresher is None or refresher.mailed_at is not None:
                    continue
                refresher.mailed_at = now  # claimed: at most one mail per refresher
                learner = session.get(Learner, refresher.learner_id)
                if (
                    learner is None
                    or not learner.email
                    or not tokens.wants_refresher_mails(session, learner.id)
                ):
                    continue
                queued += self._refresher_mail(session, learner, refresher, now)
        return queued

    def _refresher_mail(self, session: Any, learner: Learner, refresher: Refresher, now: Any) -> int:
        assert learner.email is not None
        base = self.settings.public_base_url
        unsubscribe = (
            f"{base}/unsubscribe?token={quote(tokens.issue(session, learner.id, tokens.UNSUBSCRIBE, now))}"
        )
        lang = pick_language(learner.language)
        live = self.catalog.live().course
        module = (
            live.module(refresher.module_id).in_language(lang).title
            if refresher.module_id in live.module_ids
            else refresher.module_id
        )
        params = {
            "name": learner.name,
            "module": module,
            "link": f"{base}/opfrisser?refresher={refresher.id}",
            "unsubscribe_link": unsubscribe,
        }
        headers = {  # RFC 2369 and RFC 8058: one-click unsubscribe from the mail program itself
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        return int(
            outbox.enqueue(
                session,
                "mail",
                compose("refresher", lang, learner.email, params, headers),
                now,
                learner_id=learner.id,
                dedupe_key=f"refresher-mail:{refresher.id}",
            )
        )

    def unsubscribe(self, token: str) -> bool:
        """Stop refresher mails for the learner of this link (no sign-in needed)."""
        return tokens.unsubscribe(self.db, token, self.clock.now())

    def is_unsubscribe_link(self, token: str) -> bool:
        return tokens.is_unsubscribe_token(self.db, token)
