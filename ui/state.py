"""What every page needs: the application, the learner, the language.

The application (database, course, services) is the process's one `CourseApp`, shared by
every session; per-browser things (who is learning, which language) live in session state.
"""

from __future__ import annotations

import streamlit as st

from application import CourseApp, LearnerInfo, current_app
from application.limits import RateLimiter, client_address
from i18n import LANGUAGES, pick_language, translate
from modules.catalog import Course

LEARNER_KEY = "learner_id"
LEARNER_INFO_KEY = "learner"
LANG_KEY = "lang"
DEVICE_SESSION_KEY = "device_session"  # the id of this browser's stay-signed-in session
DEVICE_CLAIM_KEY = "device_claim"  # the one-time claim the browser swaps for its cookie
DEVICE_ENDED_KEY = "device_ended"  # signed out: the browser drops its cookie


def app() -> CourseApp:
    return current_app()


def course() -> Course:
    """The course as learners get it now (the built-in modules and published uploads)."""
    return app().catalog.live().course


def oidc_subject() -> str | None:
    """A stable id for the account signed in with the organisation's login, if there is one."""
    if not app().settings.oidc_enabled or not st.user.get("is_logged_in", False):
        return None
    return f"{st.user.get('iss', '')}|{st.user.get('sub', '')}"


def client() -> str:
    """This browser's address (behind nginx on the same machine: the one nginx saw)."""
    direct = st.context.ip_address
    direct = direct if isinstance(direct, str) else ""  # unknown (AppTest has no connection)
    return client_address(direct, st.context.headers.get("X-Forwarded-For", ""))


def allowed(limiter: RateLimiter) -> bool:
    """Take one try from this client's allowance; when it is used up, say how long to wait."""
    wait = limiter.wait(client())
    if wait:
        st.error(t("limits.wait", seconds=wait), icon=":material/hourglass:")
    return not wait


def lang() -> str:
    chosen = st.session_state.get(LANG_KEY)  # one session-state read: t() calls this a lot
    if chosen is None:
        chosen = st.session_state[LANG_KEY] = pick_language(st.query_params.get("lang"))
    return chosen


def t(key: str, **params: object) -> str:
    return translate(lang(), key, **params)


def learner() -> LearnerInfo | None:
    """The signed-in learner, kept in the session so reruns need no database read."""
    learner_id = st.session_state.get(LEARNER_KEY)
    if not learner_id:
        return None
    info = st.session_state.get(LEARNER_INFO_KEY)
    if info is None or info.id != learner_id:
        info = app().learners.get(learner_id)
        st.session_state[LEARNER_INFO_KEY] = info
    return info


def sign_in(info: LearnerInfo, *, device_session: int | None = None) -> None:
    """Sign the learner in for this browser session and, unless the browser already carries a
    session cookie (`device_session`), begin one so a reload keeps them signed in."""
    st.session_state[LEARNER_KEY] = info.id
    st.session_state[LEARNER_INFO_KEY] = info
    if info.language in LANGUAGES:
        st.session_state[LANG_KEY] = info.language
    st.session_state.pop(DEVICE_ENDED_KEY, None)
    if device_session is None:
        claim, device_session = app().sessions.claim(info.id)
        st.session_state[DEVICE_CLAIM_KEY] = claim
    st.session_state[DEVICE_SESSION_KEY] = device_session


def sign_in_from_cookie() -> None:
    """A reload, a new tab or a return visit: the session cookie signs the learner in again."""
    if st.session_state.get(LEARNER_KEY) or st.session_state.get(DEVICE_ENDED_KEY):
        return
    token = st.context.cookies.get(app().sessions.cookie.name)
    found = app().sessions.learner(token) if isinstance(token, str) else None  # AppTest: no cookies
    if found is not None:
        info, session_id = found
        sign_in(info, device_session=session_id)


def forget_learner_info() -> None:
    """Read the learner again on the next call (after a change such as their country)."""
    st.session_state.pop(LEARNER_INFO_KEY, None)


def sign_out() -> None:
    """Sign out here and on this device: the session ends, and the browser drops its cookie."""
    session_id = st.session_state.get(DEVICE_SESSION_KEY)
    if session_id is not None:
        app().sessions.end_id(session_id)
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]
    st.session_state[DEVICE_ENDED_KEY] = True


def device_script_data() -> dict[str, str]:
    """What the page's session script does this run: swap a claim, end the cookie, or keep a
    live one fresh (nothing for a visitor who is not signed in)."""
    if claim := st.session_state.get(DEVICE_CLAIM_KEY):
        return {"claim": claim}
    if st.session_state.get(DEVICE_ENDED_KEY):
        return {"end": "1"}
    if st.session_state.get(DEVICE_SESSION_KEY) is not None:
        return {"refresh": "1"}
    return {}
