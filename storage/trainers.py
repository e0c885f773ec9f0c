"""Trainer accounts: Argon2id passwords, lock-out after repeated failures, roles, audit log.

Passwords are hashed with Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1); hashes made
with weaker settings are upgraded at the next successful login. After five failed logins
an account is locked for fifteen minutes. An unknown e-mail address costs as much time as
a wrong password, so the login does not reveal which addresses exist.
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
from .schema import Trainer, utcnow

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
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
    problem: str | None  # wrong | locked | disabled
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


def login(db: Database, email: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a password login and record its outcome.

    The password is checked before any write transaction opens (Argon2 takes tens of
    milliseconds, and on SQLite an open write would hold up every learner's answer); the
    outcome is then written with the account's row locked, so even a flood of wrong passwords
    in parallel counts every one and locks the account.
    """
    now = now or utcnow()
    address = (email or "").strip().lower()
    with db.read() as session:
        found = session.execute(
            select(Trainer.id, Trainer.password_hash).where(Trainer.email == address)
        ).first()
    checked_hash = found.password_hash if found else _DUMMY_HASH  # an unknown address costs the same
    right = _verify(checked_hash, password)
    upgraded = HASHER.hash(password) if right and HASHER.check_needs_rehash(checked_hash) else None
    with db.write() as session:
        trainer = session.get(Trainer, found.id, with_for_update=True) if found else None
        if trainer is None:
            record(session, unknown_address(address), "login_failed", None, {"reason": "unknown"})
            return LoginResult(None, "wrong")
        if trainer.disabled:
            return LoginResult(None, "disabled")
        if trainer.locked_until and trainer.locked_until > now:
            return LoginResult(None, "locked", trainer.locked_until)
        if not right or trainer.password_hash != checked_hash:  # also: changed while we checked
            return _failed(session, trainer, now)
        if upgraded:
            trainer.password_hash = upgraded
        trainer.failed_logins = 0
        trainer.locked_until = None
        trainer.last_login_at = now
        record(session, address, "login", None, None)
        return LoginResult(_info(trainer), None)


def unknown_address(address: str) -> str:
    """How a failed login for an address without an account is written down: a short hash, never
    what was typed (a password typed into the e-mail field by mistake must not be kept)."""
    return "?" + hashlib.sha256(address.encode()).hexdigest()[:12]


def _failed(session: Session, trainer: Trainer, now: datetime) -> LoginResult:
    trainer.failed_logins += 1
    if trainer.failed_logins >= MAX_FAILURES:
        trainer.locked_until = now + LOCK_TIME
        trainer.failed_logins = 0
        record(session, trainer.email, "login_locked", None, None)
        return LoginResult(None, "locked", trainer.locked_until)
    record(session, trainer.email, "login_failed", None, {"reason": "password"})
    return LoginResult(None, "wrong")


def from_identity_provider(db: Database, email: str, role: str) -> TrainerInfo | None:
    """The account of a trainer who signs in with the organisation's login (no password here);
    None when the account is disabled.

    Created on first sign-in; its role follows the settings every time.
    """
    address = email.strip().lower()

    def sign_in(session: Session) -> TrainerInfo | None:
        trainer = session.scalar(select(Trainer).where(Trainer.email == address))
        if trainer is None:
            trainer = Trainer(email=address, password_hash=OIDC_ONLY, role=role)
            session.add(trainer)
        elif trainer.disabled:
            return None
        trainer.role = role
        trainer.last_login_at = utcnow()
        session.flush()
        record(session, address, "login", None, {"via": "oidc"})
        return _info(trainer)

    return db.write_retrying(sign_in)  # created by a parallel sign-in: the retry reads it


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
