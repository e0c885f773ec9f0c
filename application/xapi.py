"""xAPI statements to the organisation's Learning Record Store, when XAPI_ENDPOINT is set.

What is sent (ADL verbs; activity ids are stable IRIs under PUBLIC_BASE_URL, `/xapi/...`):

| when | verb | object |
|---|---|---|
| a learner starts or comes back | launched | the course |
| a lesson is read | experienced | the lesson |
| a quiz is submitted | answered, per question (response, score, success) | the question |
| ... and then | passed / failed (scaled score, mastery score) | the module |
| the last module is passed | completed | the course |
| a refresher is submitted | answered, per question, in the refresher's context | the question |
| a diploma is issued | earned (TinCan registry: ADL has no such verb) | the diploma |

The actor is the learner as the organisation chose (XAPI_ACTOR): an `account` on the course's
address (the organisation login's subject, or an opaque learner number), or `mbox_sha1sum` of
their address; the name only with XAPI_ACTOR_NAME. Statement ids are derived from what they
describe (uuid5), so a statement sent again is the same statement and the LRS keeps it once.
Statements go through the outbox (batched, retried with backoff, never blocking a learner).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from certificates.record import DiplomaRecord
from modules.grading import is_fully_right
from settings import Settings
from storage import outbox
from storage.db import Database
from storage.outbox import Message
from storage.progress import AttemptState

from .catalog import Catalog
from .clock import Clock
from .outbox import Outcome, Sender

log = logging.getLogger(__name__)
XAPI_VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi"
VERBS = {
    "launched": (f"{ADL}/verbs/launched", "gestart"),
    "experienced": (f"{ADL}/verbs/experienced", "gelezen"),
    "answered": (f"{ADL}/verbs/answered", "beantwoord"),
    "passed": (f"{ADL}/verbs/passed", "gehaald"),
    "failed": (f"{ADL}/verbs/failed", "niet gehaald"),
    "completed": (f"{ADL}/verbs/completed", "voltooid"),
    "earned": ("http://id.tincanapi.com/verb/earned", "behaald"),
}
ACTIVITY_TYPES = {
    "course": f"{ADL}/activities/course",
    "module": f"{ADL}/activities/module",
    "lesson": f"{ADL}/activities/lesson",
    "question": f"{ADL}/activities/cmi.interaction",
    "assessment": f"{ADL}/activities/assessment",
    "diploma": "http://id.tincanapi.com/activitytype/certificate",
}
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
_NAMESPACE = uuid.UUID("a3f4c2b0-6c1e-4f53-9d2e-5b7f0c8e1d42")


class Statements:
    """Builds statements (pure: the time and the learner's identity come in)."""

    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.settings = settings
        self.catalog = catalog
        self.base = settings.public_base_url

    def iri(self, *parts: str) -> str:
        return "/".join([self.base, "xapi", *parts])

    def actor(self, learner_id: int, name: str, email: str | None, subject: str | None) -> dict[str, Any]:
        agent: dict[str, Any] = {"objectType": "Agent"}
        if self.settings.xapi_actor == "mbox_sha1sum" and email:
            agent["mbox_sha1sum"] = hashlib.sha1(f"mailto:{email.strip().lower()}".encode()).hexdigest()  # noqa: S324 (the xAPI IFI is SHA-1 by definition)
        else:
            agent["account"] = {"homePage": self.base, "name": subject or f"learner-{learner_id}"}
        if self.settings.xapi_actor_name:
            agent["name"] = name
        return agent

    def verb(self, name: str) -> dict[str, Any]:
        iri, dutch = VERBS[name]
        return {"id": iri, "display": {"en-US": name, "nl-NL": dutch}}

    def activity(self, kind: str, iri: str, names: dict[str, str]) -> dict[str, Any]:
        return {
            "objectType": "Activity",
            "id": iri,
            "definition": {"type": ACTIVITY_TYPES[kind], "name": names},
        }

    def _titles(self, module_id: str) -> dict[str, str]:
        course = self.catalog.live().course
        if module_id not in course.module_ids:
            return {"nl-NL": module_id}
        bundle = course.module(module_id)
        return {"nl-NL": bundle.in_language("nl").title, "en-US": bundle.in_language("en").title}

    def course(self) -> dict[str, Any]:
        about = self.catalog.builtin
        names = {"nl-NL": about.about("nl").title, "en-US": about.about("en").title}
        return self.activity("course", self.iri("course"), names)

    def module(self, module_id: str) -> dict[str, Any]:
        return self.activity("module", self.iri("modules", module_id), self._titles(module_id))

    def statement(
        self,
        key: str,
        actor: dict[str, Any],
        verb: str,
        obj: dict[str, Any],
        at: datetime,
        result: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        made: dict[str, Any] = {
            "id": str(uuid.uuid5(_NAMESPACE, f"{self.base}|{key}")),
            "actor": actor,
            "verb": self.verb(verb),
            "object": obj,
            "timestamp": at.isoformat(),
            "context": {
                "platform": "Sociale media voor jonge ambtenaren",
                "contextActivities": {"grouping": [{"id": self.iri("course")}]},
                **(context or {}),
            },
        }
        if result is not None:
            made["result"] = result
        return made

    def answers(
        self, actor: dict[str, Any], attempt: AttemptState, at: datetime, *, refresher: bool
    ) -> list[dict[str, Any]]:
        """One "answered" per question of a graded attempt or refresher."""
        kind = "refresher" if refresher else "attempt"
        parent = (
            self.iri("modules", attempt.module_id, "refreshers", str(attempt.number)) if refresher else None
        )
        made = []
        for drawn in attempt.plan.questions:
            q = drawn.question_id
            score = attempt.item_scores.get(q, 0.0)
            parents = [{"id": self.iri("modules", attempt.module_id)}]
            if parent:
                parents.insert(0, {"id": parent})
            made.append(
                self.statement(
                    f"answered|{kind}|{attempt.id}|{q}",
                    actor,
                    "answered",
                    self.activity(
                        "question", self.iri("modules", attempt.module_id, "questions", q), {"nl-NL": q}
                    ),
                    at,
                    result={
                        "score": {"scaled": round(score, 4), "raw": round(score, 4), "min": 0, "max": 1},
                        "success": is_fully_right(score),
                        "response": json.dumps(attempt.answers.get(q), ensure_ascii=False),
                    },
                    context={
                        "contextActivities": {
                            "parent": parents,
                            "grouping": [{"id": self.iri("course")}],
                            **({"category": [{"id": self.iri("refresher")}]} if refresher else {}),
                        },
                        "extensions": {self.iri("extensions", "module-version"): attempt.module_version},
                    },
                )
            )
        return made


class XapiService:
    """Queues statements when an LRS is configured (the app only listens when it is).

    A learner's click only notes what happened (in memory, microseconds); a background thread
    of this process builds the statements and writes them to the outbox twice a second, in one
    transaction (`flush`; the outbox worker flushes before it sends). A process that dies loses
    at most the last half second of statements, never a learner's own data."""

    FLUSH_EVERY = 0.5  # seconds

    def __init__(self, db: Database, settings: Settings, catalog: Catalog, clock: Clock) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.statements = Statements(settings, catalog)
        self.catalog = catalog
        self.course_complete: Callable[[int], bool] = lambda _learner_id: False
        self._noted: list[Callable[[], None]] = []
        self._made: list[tuple[dict[str, Any], int | None, str | None]] = []
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def stop(self) -> None:
        """Queue what is noted and end the background thread (the app is closing)."""
        self._stopped = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(5)
        self.flush()

    def _note(self, event: Callable[[], None]) -> None:
        with self._lock:
            self._noted.append(event)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="xapi-flush", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stopped:
            self._wake.wait(self.FLUSH_EVERY)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # the database away for a moment: the events wait for the next round
                log.exception("xapi: could not queue statements")

    def flush(self) -> int:
        """Build the noted statements and queue them in the outbox; returns how many."""
        with self._flushing:
            with self._lock:
                noted, self._noted = self._noted, []
            for event in noted:
                event()  # appends to self._made
            made, self._made = self._made, []
            if made:
                try:
                    outbox.add_many(self.db, "xapi", made, self.clock.now())
                except Exception:
                    self._made = made + self._made  # try again at the next flush
                    raise
            return len(made)

    @property
    def configured(self) -> bool:
        return self.settings.xapi_configured

    def _actor(self, learner_id: int) -> dict[str, Any] | None:
        found = outbox.learner_identity(self.db, learner_id)
        if found is None:
            return None
        name, email, subject, preview = found
        if preview:
            return None  # a trainer's stand-in is nobody's learning
        return self.statements.actor(learner_id, name, email, subject)

    def _queue(self, learner_id: int, statements: Iterable[dict[str, Any]]) -> None:
        self._made.extend((s, learner_id, f"xapi:{s['id']}") for s in statements)

    def launched(self, learner_id: int) -> None:
        now = self.clock.now()
        self._note(lambda: self._launched(learner_id, now))

    def _launched(self, learner_id: int, now: datetime) -> None:
        actor = self._actor(learner_id)
        if actor is None:
            return
        key = f"launched|{learner_id}|{now.isoformat()}"
        self._queue(
            learner_id, [self.statements.statement(key, actor, "launched", self.statements.course(), now)]
        )

    def lesson_read(self, learner_id: int, module_id: str, lesson_id: str) -> None:
        now = self.clock.now()
        self._note(lambda: self._lesson_read(learner_id, module_id, lesson_id, now))

    def _lesson_read(self, learner_id: int, module_id: str, lesson_id: str, now: datetime) -> None:
        actor = self._actor(learner_id)
        if actor is None:
            return
        s = self.statements
        lesson = s.activity("lesson", s.iri("modules", module_id, "lessons", lesson_id), {"nl-NL": lesson_id})
        statement = s.statement(
            f"experienced|{learner_id}|{module_id}|{lesson_id}",
            actor,
            "experienced",
            lesson,
            now,
            context={
                "contextActivities": {
                    "parent": [{"id": s.iri("modules", module_id)}],
                    "grouping": [{"id": s.iri("course")}],
                }
            },
        )
        self._queue(learner_id, [statement])

    def attempt_submitted(self, learner_id: int, attempt: AttemptState) -> None:
        self._note(lambda: self._attempt_submitted(learner_id, attempt))

    def _attempt_submitted(self, learner_id: int, attempt: AttemptState) -> None:
        actor = self._actor(learner_id)
        if actor is None or attempt.score is None:
            return
        s, now = self.statements, attempt.submitted_at or self.clock.now()
        made = s.answers(actor, attempt, now, refresher=False)
        threshold = (
            self.catalog.module_at(attempt.module_id, attempt.module_version)
            .in_language("nl")
            .quiz.pass_threshold
        )
        made.append(
            s.statement(
                f"module|{attempt.id}",
                actor,
                "passed" if attempt.passed else "failed",
                s.module(attempt.module_id),
                now,
                result={
                    "score": {
                        "scaled": round(attempt.score, 4),
                        "raw": round(attempt.score, 4),
                        "min": 0,
                        "max": 1,
                    },
                    "success": bool(attempt.passed),
                    "completion": True,
                },
                context={"extensions": {MASTERY_SCORE: threshold}},
            )
        )
        if attempt.passed and self.course_complete(learner_id):
            made.append(
                s.statement(
                    f"completed|{learner_id}",
                    actor,
                    "completed",
                    s.course(),
                    now,
                    result={"completion": True},
                )
            )
        self._queue(learner_id, made)

    def refresher_submitted(self, learner_id: int, refresher: AttemptState) -> None:
        self._note(lambda: self._refresher_submitted(learner_id, refresher))

    def _refresher_submitted(self, learner_id: int, refresher: AttemptState) -> None:
        actor = self._actor(learner_id)
        if actor is None:
            return
        now = refresher.submitted_at or self.clock.now()
        self._queue(learner_id, self.statements.answers(actor, refresher, now, refresher=True))

    def diploma_issued(self, record: DiplomaRecord) -> None:
        now = self.clock.now()
        self._note(lambda: self._diploma_issued(record, now))

    def _diploma_issued(self, record: DiplomaRecord, now: datetime) -> None:
        if record.learner_id is None:
            return
        actor = self._actor(record.learner_id)
        if actor is None:
            return
        s = self.statements
        diploma = s.activity(
            "diploma", f"{self.settings.public_base_url}/verify/{record.code}", {"nl-NL": record.course_title}
        )
        self._queue(
            record.learner_id,
            [s.statement(f"earned|{record.code}", actor, "earned", diploma, now)],
        )


def lrs_sender(settings: Settings, timeout: float = 20.0) -> Sender:
    """The outbox's sender of statements: one POST per batch to the LRS's statements resource.
    The statements carry their ids, so a batch sent twice is stored once."""
    assert settings.xapi_endpoint
    url = f"{settings.xapi_endpoint}/statements"
    credentials = f"{settings.xapi_username or ''}:{settings.xapi_password or ''}".encode()
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
        "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii"),
    }

    def send(batch: list[Message]) -> Outcome:
        body = json.dumps([m.payload for m in batch]).encode("utf-8")
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (an https/http URL from settings)
        ids = [m.id for m in batch]
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                answer.read()
        except urllib.error.HTTPError as refused:
            if refused.code == 409:  # already stored (same ids): nothing left to send
                return Outcome(ids, [])
            return Outcome([], ids, f"LRS answered {refused.code}: {refused.read()[:200]!r}")
        except (OSError, TimeoutError) as exc:
            return Outcome([], ids, f"{type(exc).__name__}: {exc}")
        return Outcome(ids, [])

    return send
