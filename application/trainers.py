"""Trainers: signing in (password, or the organisation's login for those the settings list),
accounts for administrators, and the audit log of what trainers did."""

from __future__ import annotations

from datetime import datetime

from settings import Settings
from storage import audit, trainers
from storage.audit import AuditRecord
from storage.db import Database
from storage.trainers import IdentitySignIn, LoginResult, TrainerInfo


class TrainerService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def login(self, email: str, password: str, client: str = "") -> LoginResult:
        """Check a password login from `client`, an address (lock-out after repeated failures
        per account and client; see `storage.trainers`)."""
        return trainers.login(self.db, email, password, client)

    def sign_in_with_identity(self, email: str, signed_in_at: datetime | None) -> IdentitySignIn:
        """The trainer signed in with the organisation's login, when the settings list the
        address (as trainer or administrator), the account is not disabled and the login is
        within the idle and absolute limits (`expired` otherwise: log out and in again)."""
        address = email.strip().lower()
        if not address or address not in self.settings.trainer_emails + self.settings.admin_emails:
            return IdentitySignIn(None)
        role = "admin" if address in self.settings.admin_emails else "trainer"
        return trainers.from_identity_provider(self.db, address, role, signed_in_at)

    def seen(self, trainer_id: int) -> None:
        """Note activity of a trainer signed in with the organisation's login."""
        trainers.seen(self.db, trainer_id)

    def get(self, trainer_id: int) -> TrainerInfo | None:
        return trainers.get(self.db, trainer_id)

    def accounts(self) -> list[TrainerInfo]:
        return trainers.all_trainers(self.db)

    def add(self, email: str, password: str, *, admin: bool = False, by: str) -> TrainerInfo:
        """A new account (TrainerError says why not: e-mail, password too short or common, exists)."""
        return trainers.add(self.db, email, password, "admin" if admin else "trainer", actor=by)

    def set_disabled(self, trainer_id: int, disabled: bool, by: str) -> None:
        trainers.set_disabled(self.db, trainer_id, disabled, by)

    def audit_log(self, limit: int = 200) -> list[AuditRecord]:
        """What trainers did, newest first."""
        return audit.recent(self.db, limit)
