"""Trainer accounts: Argon2id passwords, lock-out after repeated failures, roles, audit log.

Passwords are hashed with Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1); hashes made
with weaker settings are upgraded at the next successful login.

A login answers the same, at the same cost, for a wrong password, an unknown address and a
disabled account (every try runs Argon2), so it does not tell which accounts exist. Failures
are counted per account *and client address*: five in a row lock that pair for fifteen
minutes, so a stranger cannot lock a trainer out of their own computer; a client that fails
thirty times over any accounts is locked as a whole. Only hashes of addresses are kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .audit import record
from .db import Database
from .errors import RefusedInput
from .inputs import is_email
from .schema import LoginThrottle, Trainer, utcnow

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MAX_FAILURES = 5  # per account and client
MAX_CLIENT_FAILURES = 30  # per client, over all accounts
LOCK_TIME = timedelta(minutes=15)
FAILURES_FORGOTTEN = timedelta(hours=24)
MIN_PASSWORD = 12
ROLES = ("trainer", "admin")
_DUMMY_HASH = HASHER.hash("a password nobody has")
OIDC_ONLY = "!oidc"  # not an Argon2 hash: a password login can never match it
# The most common passwords (ASVS 6.2.4); a longer list belongs in a file if ever needed.
_COMMON = {
    "welkom01welkom",
    "wachtwoord123",
    "password1234",
    "qwertyuiop12",
    "123456789012",
    "welkomwelkom",
    "zomer2026zomer",
    "wachtwoordwachtwoord",
}


class TrainerError(RefusedInput):
    """A trainer account could not be made or changed; `code` says why."""


@dataclass(frozen=True)
class TrainerInfo:
    id: int
    email: str
    role: str
    disabled: bool
    last_login_at: datetime | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    trainer: TrainerInfo | None
    problem: str | None  # wrong (also: unknown address, disabled account) | locked
    locked_until: datetime | None = None


def add(db: Database, email: str, password: str, role: str = "trainer", actor: str = "cli") -> TrainerInfo:
    address = (email or "").strip().lower()
    if not is_email(address):
        raise TrainerError("email")
    if role not in ROLES:
        raise TrainerError("role")
    check_password(password)
    password_hash = HASHER.hash(password)  # before the transaction: it takes tens of milliseconds
    try:
        with db.write() as session:
            trainer = Trainer(email=address, password_hash=password_hash, role=role)
            session.add(trainer)
            session.flush()
            record(session, actor, "trainer_add", address, {"role": role})
            return _info(trainer)
    except IntegrityError as exc:
        raise TrainerError("exists") from exc


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise TrainerError("password_short")
    if password.lower() in _COMMON:
        raise TrainerError("password_common")


def login(
    db: Database, email: str, password: str, client: str = "", now: datetime | None = None
) -> LoginResult:
    """Check a password login from `client` (its address) and record its outcome.

    The password is checked before any write transaction opens (Argon2 takes tens of
    milliseconds, and on SQLite an open write would hold up every learner's answer), also when
    the account is unknown, disabled or locked, so every answer costs the same. The outcome is
    then written with the counters' rows locked, so a flood of tries in parallel counts each.
    """
    now = now or utcnow()
    address = (email or "").strip().lower()
    with db.read() as session:
        found = session.execute(
            select(Trainer.id, Trainer.password_hash).where(Trainer.email == address)
        ).first()
    checked_hash = found.password_hash if found else _DUMMY_HASH
    right = _verify(checked_hash, password)
    upgraded = HASHER.hash(password) if right and HASHER.check_needs_rehash(checked_hash) else None
    pair, whole = _throttle_key(address, client), _throttle_key("*", client)
    with db.write() as session:
        counters = [_counter(db, session, pair), _counter(db, session, whole)]  # in this order, always
        locked = [c.locked_until for c in counters if c.locked_until and c.locked_until > now]
        if locked:
            return LoginResult(None, "locked", max(locked))
        trainer = session.get(Trainer, found.id, with_for_update=True) if found else None
        if trainer is None or trainer.disabled or not right or trainer.password_hash != checked_hash:
            return _failed(session, address if trainer else unknown_address(address), counters, now)
        session.delete(counters[0])  # the client's failures on other accounts still count
        if upgraded:
            trainer.password_hash = upgraded
        trainer.last_login_at = now
        record(session, address, "login", None, None)
        return LoginResult(_info(trainer), None)


def unknown_address(address: str) -> str:
    """How a failed login for an address without an account is written down: a short hash, never
    what was typed (a password typed into the e-mail field by mistake must not be kept)."""
    return "?" + hashlib.sha256(address.encode()).hexdigest()[:12]


def _throttle_key(address: str, client: str) -> str:
    return hashlib.sha256(f"{address}\n{client}".encode()).hexdigest()


def _counter(db: Database, session: Session, key: str) -> LoginThrottle:
    """The failure counter for `key`, held for this transaction (made when new)."""
    db.lock(session, f"login:{key}")
    counter = session.get(LoginThrottle, key, populate_existing=True)
    if counter is None:
        counter = LoginThrottle(key=key, failures=0)
        session.add(counter)
    return counter


def _failed(session: Session, actor: str, counters: list[LoginThrottle], now: datetime) -> LoginResult:
    locked_until = None
    for counter, limit in zip(counters, (MAX_FAILURES, MAX_CLIENT_FAILURES), strict=True):
        if counter.updated_at is not None and counter.updated_at < now - FAILURES_FORGOTTEN:
            counter.failures = 0  # a typo last week does not count towards today's lock-out
        counter.failures += 1
        counter.updated_at = now
        if counter.failures >= limit:
            counter.failures = 0
            counter.locked_until = locked_until = now + LOCK_TIME
    record(session, actor, "login_locked" if locked_until else "login_failed", None, None)
    return LoginResult(None, "locked", locked_until) if locked_until else LoginResult(None, "wrong")


IDLE = timedelta(minutes=30)  # OWASP's session guidance for an account with these rights
ABSOLUTE = timedelta(hours=8)
SEEN_EVERY = timedelta(minutes=1)  # how often activity is written: at most once a minute


@dataclass(frozen=True)
class IdentitySignIn:
    trainer: TrainerInfo | None  # None: not allowed (disabled), or `expired`
    expired: bool = False  # idle or too long since the identity provider's login: log in again


def from_identity_provider(
    db: Database, email: str, role: str, signed_in_at: datetime | None, now: datetime | None = None
) -> IdentitySignIn:
    """The account of a trainer who signs in with the organisation's login (no password here).

    The identity provider's cookie lives for weeks, so the idle and absolute limits are kept
    here, per account, not per browser tab: `signed_in_at` is when the provider authenticated
    the trainer (the ID token's `iat`), and the last activity is in the database: the same
    token stays expired until the provider's next login gives a new `iat`.
    Created on first sign-in; its role follows the settings every time.
    """
    now = now or utcnow()
    address = email.strip().lower()

    def sign_in(session: Session) -> IdentitySignIn:
        trainer = session.scalar(select(Trainer).where(Trainer.email == address))
        if trainer is None:
            trainer = Trainer(email=address, password_hash=OIDC_ONLY, role=role)
            session.add(trainer)
        elif trainer.disabled:
            return IdentitySignIn(None)
        elif _identity_expired(trainer.last_seen_at, signed_in_at, now):
            if signed_in_at is None:  # no `iat` to tell a new login by: forget the activity
                trainer.last_seen_at = None
            return IdentitySignIn(None, expired=True)
        trainer.role = role
        trainer.last_login_at = trainer.last_seen_at = now
        session.flush()
        record(session, address, "login", None, {"via": "oidc"})
        return IdentitySignIn(_info(trainer))

    return db.write_retrying(sign_in)  # created by a parallel sign-in: the retry reads it


def _identity_expired(last_seen: datetime | None, signed_in_at: datetime | None, now: datetime) -> bool:
    if signed_in_at is not None and now - signed_in_at > ABSOLUTE:
        return True
    used_since_login = last_seen is not None and (signed_in_at is None or last_seen >= signed_in_at)
    return used_since_login and now - last_seen > IDLE  # type: ignore[operator]


def seen(db: Database, trainer_id: int, now: datetime | None = None) -> None:
    """Note a trainer's activity (for the idle limit of identity-provider sessions)."""
    now = now or utcnow()
    with db.write() as session:
        trainer = session.get(Trainer, trainer_id)
        if trainer is not None and (trainer.last_seen_at is None or now - trainer.last_seen_at >= SEEN_EVERY):
            trainer.last_seen_at = now


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def get(db: Database, trainer_id: int) -> TrainerInfo | None:
    with db.read() as session:
        trainer = session.get(Trainer, trainer_id)
        return _info(trainer) if trainer else None


def all_trainers(db: Database) -> list[TrainerInfo]:
    with db.read() as session:
        return [_info(t) for t in session.scalars(select(Trainer).order_by(Trainer.email))]


def set_disabled(db: Database, trainer_id: int, disabled: bool, actor: str) -> None:
    with db.write() as session:
        trainer = session.get(Trainer, trainer_id)
        if trainer is None:
            raise TrainerError("unknown")
        trainer.disabled = disabled
        record(session, actor, "trainer_disable" if disabled else "trainer_enable", trainer.email, None)


def _info(trainer: Trainer) -> TrainerInfo:
    return TrainerInfo(trainer.id, trainer.email, trainer.role, trainer.disabled, trainer.last_login_at)
