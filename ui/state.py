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


def sign_in(info: LearnerInfo) -> None:
    st.session_state[LEARNER_KEY] = info.id
    st.session_state[LEARNER_INFO_KEY] = info
    if info.language in LANGUAGES:
        st.session_state[LANG_KEY] = info.language


def forget_learner_info() -> None:
    """Read the learner again on the next call (after a change such as their country)."""
    st.session_state.pop(LEARNER_INFO_KEY, None)


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]
