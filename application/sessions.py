"""Staying signed in on a device: a learner who reloads the page, opens a second tab or comes
back a week later is still signed in, until they sign out or 30 days pass without a visit.

The cookie holds a random session token, never the resume code; the database keeps only its
hash (`storage.sessions`). The page cannot set cookies, so it hands the browser a one-time
claim that an HTTP route (`web.routes`) swaps for the cookie.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from settings import Settings
from storage import sessions
from storage.db import Database
from storage.learners import LearnerInfo

COOKIE = "course_session"
LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class CookieSpec:
    """How the session cookie is set: the attributes the route puts on it."""

    name: str
    max_age: int
    secure: bool
    httponly: bool = True
    samesite: str = "lax"
    path: str = "/"


class SessionService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    @property
    def cookie(self) -> CookieSpec:
        secure = self.settings.public_base_url.startswith("https://")
        return CookieSpec(COOKIE, int(LIFETIME.total_seconds()), secure)

    def claim(self, learner_id: int) -> tuple[str, int]:
        """A one-time claim for a new session of this learner (the page gives it to the browser)
        and the session's id."""
        return sessions.create_claim(self.db, learner_id)

    def redeem(self, claim: str) -> str | None:
        """The cookie's session token for a fresh claim; None for a used, old or unknown one."""
        return sessions.redeem_claim(self.db, claim, LIFETIME)

    def learner(self, token: str | None) -> tuple[LearnerInfo, int] | None:
        """Who this session token signs in, and the session's id, if it is live (each visit
        extends it to 30 days)."""
        return sessions.resolve(self.db, token, LIFETIME) if token else None

    def end(self, token: str) -> bool:
        """Sign out on the device with this token."""
        return sessions.revoke(self.db, token)

    def end_id(self, session_id: int) -> bool:
        """Sign out the session with this id (the page's own, as it knows it)."""
        return sessions.revoke_id(self.db, session_id)

    def end_all(self, learner_id: int) -> int:
        """Sign out on every device (the resume code was replaced: it may have leaked)."""
        return sessions.revoke_all(self.db, learner_id)
