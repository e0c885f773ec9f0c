"""Small building blocks the pages share."""

from __future__ import annotations

import re

import streamlit as st

from modules.catalog import ModuleBundle
from storage.learners import LearnerInfo

from . import state
from .state import t

MEDIA_ROUTE = "/course-media"
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def markdown(text: str, bundle: ModuleBundle) -> None:
    """Course Markdown, with the module's own images served by the media route.

    Raw HTML stays escaped (Streamlit's default); validation already refuses it.
    """

    def to_route(match: re.Match[str]) -> str:
        alt, target = match.group(1), match.group(2)
        if bundle.image(target) is None:
            return alt
        return f"![{alt}]({MEDIA_ROUTE}/{bundle.id}/{bundle.digest}/{target})"

    st.markdown(_IMAGE.sub(to_route, text))


def require_learner() -> LearnerInfo:
    """The signed-in learner; otherwise a pointer to the start page and stop."""
    me = state.learner()
    if me is None:
        st.info(t("common.start_first"))
        st.page_link("views/start.py", label=t("common.to_start"), icon=":material/arrow_forward:")
        st.stop()
    return me


def module_from_query() -> ModuleBundle:
    """The module named by `?module=`, or the overview when it is missing or unknown."""
    module_id = st.query_params.get("module", "")
    try:
        return state.course().module(module_id)
    except KeyError:
        st.warning(t("common.unknown_module"))
        st.page_link("views/modules.py", label=t("nav.modules"), icon=":material/arrow_back:")
        st.stop()


def percent(score: float | None) -> str:
    return "–" if score is None else f"{round(score * 100)}%"
