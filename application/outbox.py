"""Sending the outbox: mails and xAPI statements queued by the services, sent by one worker at
a time per message (see `storage/outbox.py` for the claiming), retried with exponential backoff.

A learner never waits for a mail server or an LRS: the services only queue (in the database),
and a background thread of the server (or `python -m storage outbox`) sends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from storage import outbox
from storage.db import Database
from storage.outbox import Message

from .clock import Clock

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # a claimed message is the claimer's this long
MAX_ATTEMPTS = 15  # with the backoff below: about 10 hours of trying before giving up
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)


def backoff(attempts: int, first: timedelta = FIRST_RETRY, longest: timedelta = LONGEST_WAIT) -> timedelta:
    """How long to wait after `attempts` failed tries: 30 s, 1 min, 2 min, ... at most an hour."""
    wait: timedelta = first * (2 ** max(0, attempts - 1))
    return min(wait, longest)


@dataclass(frozen=True)
class Outcome:
    sent: list[int]
    failed: list[int]
    error: str = ""


# A sender sends what it can of a batch and says which messages went and which did not.
Sender = Callable[[list[Message]], Outcome]


@dataclass
class Round:
    sent: int = 0
    failed: int = 0


class OutboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        self.senders: dict[str, Sender] = {}  # kind -> sender; only configured kinds are sent
        self.before_sending: list[Callable[[], object]] = []  # e.g. queue the noted xAPI events

    def process_once(self, limit: int = 100) -> Round:
        """Claim and send one batch of each kind; what fails is retried later."""
        done = Round()
        for prepare in self.before_sending:
            prepare()
        for kind, send in self.senders.items():
            batch = outbox.claim(self.db, kind, self.clock.now(), limit, LEASE)
            if not batch:
                continue
            try:
                outcome = send(batch)
            except Exception as exc:  # a sender must never take the worker down
                outcome = Outcome([], [m.id for m in batch], f"{type(exc).__name__}: {exc}")
            if outcome.error:
                log.warning("outbox: %d %s message(s) not sent: %s", len(outcome.failed), kind, outcome.error)
            outbox.finish(
                self.db, outcome.sent, outcome.failed, self.clock.now(), outcome.error, backoff, MAX_ATTEMPTS
            )
            done.sent += len(outcome.sent)
            done.failed += len(outcome.failed)
        return done

    def drain(self, limit: int = 100, rounds: int = 1_000_000) -> Round:
        """Send until nothing due is left (or a round sends nothing)."""
        total = Round()
        for _ in range(rounds):
            done = self.process_once(limit)
            total.sent += done.sent
            total.failed += done.failed
            if done.sent == 0:
                break
        return total

    def counts(self) -> dict[tuple[str, str], int]:
        return outbox.counts(self.db)


class OutboxWorker:
    """The server's background sender: every few seconds it sends what is due, and every minute
    it queues the mails of refreshers that became due."""

    def __init__(
        self,
        service: OutboxService,
        sweep: Callable[[], object],
        interval: float = 2.0,
        sweep_every: float = 60.0,
    ) -> None:
        self.service = service
        self.sweep = sweep
        self.interval = interval
        self.sweep_every = sweep_every
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Something was queued: send it now rather than at the next tick."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        since_sweep = self.sweep_every  # sweep at once on start
        while not self._stop.is_set():
            try:
                if since_sweep >= self.sweep_every:
                    self.sweep()
                    since_sweep = 0.0
                self.service.drain()
            except Exception:  # the database away for a moment: try again at the next tick
                log.exception("outbox worker round failed")
            self._wake.wait(self.interval)
            self._wake.clear()
            since_sweep += self.interval
