"""Trainer sessions: login form, lock-out messages, idle and absolute timeouts, roles.

Timeouts are enforced on the server: 30 minutes idle, 8 hours at most (OWASP's session
guidance), per session for a password login; for the organisation's login, whose cookie lives
for weeks, per account (see `storage.trainers.from_identity_provider`), and an expired one is
logged out of the organisation's login too. Every rerun re-reads the account, so disabling it
ends the session at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from application import TrainerInfo

from . import state
from .components import local_time
from .state import t

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=8)
SESSION = "trainer_session"
CHECKED = "trainer_checked_this_run"


def current_trainer(now: datetime | None = None) -> TrainerInfo | None:
    session = st.session_state.get(SESSION)
    if not session:
        return _from_identity_provider()
    now = now or datetime.now(UTC)
    if now - session["seen"] > IDLE or now - session["started"] > ABSOLUTE:
        sign_out()
        st.session_state["trainer_expired"] = True
        if session.get("oidc"):
            st.logout()  # else the organisation's cookie would sign the trainer in afresh
        return None
    trainer = state.app().trainers.get(session["id"])
    if trainer is None or trainer.disabled:
        sign_out()
        return None
    session["seen"] = now
    if session.get("oidc"):
        state.app().trainers.seen(trainer.id)  # the idle limit holds across this trainer's tabs
    return trainer


def session_lapsed(now: datetime | None = None) -> bool:
    """True when the session is over its idle or absolute limit. Unlike `current_trainer` this
    does not count as activity: a page refreshing itself must not keep a session alive."""
    session = st.session_state.get(SESSION)
    now = now or datetime.now(UTC)
    return not session or now - session["seen"] > IDLE or now - session["started"] > ABSOLUTE


def _from_identity_provider() -> TrainerInfo | None:
    """A trainer signed in with the organisation's login and listed in the settings."""
    email = st.user.get("email") if state.oidc_subject() else None
    if not email:
        return None
    signed_in_at = _token_time(st.user.get("iat"))
    result = state.app().trainers.sign_in_with_identity(str(email), signed_in_at)
    if result.expired:
        st.session_state["trainer_expired"] = True
        st.logout()
    if result.trainer is not None:
        now = datetime.now(UTC)
        started = signed_in_at or now
        st.session_state[SESSION] = {"id": result.trainer.id, "started": started, "seen": now, "oidc": True}
    return result.trainer


def _token_time(claim: object) -> datetime | None:
    """When the identity provider authenticated the trainer (the ID token's `iat`)."""
    return datetime.fromtimestamp(claim, UTC) if isinstance(claim, int | float) else None


def check_session() -> TrainerInfo | None:
    """The session checked once per page run: the shell calls this before it builds the
    navigation, and `require_trainer` uses the answer instead of reading the account again."""
    trainer = st.session_state[CHECKED] = current_trainer()
    return trainer


def require_trainer(admin: bool = False) -> TrainerInfo:
    """The signed-in trainer; otherwise the login form, and nothing else of the page."""
    trainer = st.session_state[CHECKED] if CHECKED in st.session_state else current_trainer()
    if trainer is None:
        login_form()
        st.stop()
    if admin and not trainer.is_admin:
        st.error(t("trainer.admin_only"))
        st.stop()
    return trainer


def login_form() -> None:
    st.title(t("trainer.login_title"))
    if st.session_state.pop("trainer_expired", False):
        st.info(t("trainer.expired"))
    if state.app().settings.oidc_enabled:
        if state.oidc_subject():
            st.warning(t("trainer.oidc_not_listed"))
        else:
            st.button(t("start.oidc_button"), key="trainer_oidc_login", on_click=st.login, type="primary")
    with st.form("trainer_login"):
        email = st.text_input(t("trainer.email"), autocomplete="username")
        password = st.text_input(t("trainer.password"), type="password", autocomplete="current-password")
        submitted = st.form_submit_button(t("trainer.login"), type="primary")
    if not submitted or not state.allowed(state.app().limits.login):
        return
    result = state.app().trainers.login(email, password, state.client())
    if result.trainer is None:
        until = local_time(result.locked_until, "%H:%M") if result.locked_until else ""
        st.error(t(f"trainer.login_{result.problem}", until=until))
        return
    now = datetime.now(UTC)
    st.session_state[SESSION] = {"id": result.trainer.id, "started": now, "seen": now}
    st.rerun()


def sign_out() -> None:
    st.session_state.pop(SESSION, None)
    st.session_state.pop(CHECKED, None)
