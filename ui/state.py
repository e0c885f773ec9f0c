"""What every page needs: settings, the database, the course, the learner, the language.

Heavy things (database engine, parsed course) are created once per process and
shared; per-browser things (who is learning, which language) live in session state.
"""

from __future__ import annotations

import streamlit as st

from certificates.service import DiplomaService, service_for
from modules.catalog import Course, ModuleBundle, cached_course
from settings import Settings
from storage import learners
from storage.db import Database, shared_database
from storage.learners import LearnerInfo
from storage.publishing import LiveCourse, live_course
from storage.versions import module_at_version

from .i18n import LANGUAGES, pick_language, translate

LEARNER_KEY = "learner_id"
LEARNER_INFO_KEY = "learner"
LANG_KEY = "lang"


def settings() -> Settings:
    return Settings.load(_secrets())


@st.cache_resource(show_spinner=False)
def _secrets() -> dict[str, object]:
    """Parsed once per process (parsing on every rerun was a measurable cost)."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml, or a malformed one: run on environment and defaults
        return {}


def database() -> Database:
    return shared_database(settings().database_url)


def builtin_course() -> Course:
    """The course in the content folder, as the operator installed it."""
    return cached_course(str(settings().content_dir))


def live() -> LiveCourse:
    """The course as learners get it now: built-in modules and published uploads."""
    config = settings()
    return live_course(shared_database(config.database_url), cached_course(str(config.content_dir)))


def course() -> Course:
    return live().course


def current_version(module_id: str) -> int:
    return live().version(module_id)


def module_version(module_id: str, version: int) -> ModuleBundle:
    """The module as it was at a version (what learners get now comes from the live course)."""
    now = live()
    if now.versions.get(module_id) == version:
        return now.course.module(module_id)
    return module_at_version(database(), module_id, version)


def oidc_enabled() -> bool:
    """True when the organisation configured its identity provider for `st.login`."""
    return "auth" in _secrets()


def oidc_subject() -> str | None:
    """A stable id for the signed-in identity-provider account, if there is one."""
    if not oidc_enabled() or not st.user.get("is_logged_in", False):
        return None
    return f"{st.user.get('iss', '')}|{st.user.get('sub', '')}"


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
        info = learners.get(database(), learner_id)
        st.session_state[LEARNER_INFO_KEY] = info
    return info


def sign_in(info: LearnerInfo) -> None:
    st.session_state[LEARNER_KEY] = info.id
    st.session_state[LEARNER_INFO_KEY] = info
    if info.language in LANGUAGES:
        st.session_state[LANG_KEY] = info.language


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]


def diplomas() -> DiplomaService:
    """The diploma service (parsed keys, a ready sealer), shared by the whole process."""
    return service_for(database(), settings())
