"""A trainer previews one module version with the learner's own screens (lessons and quiz),
as a stand-in learner whose attempts never count in results."""

from __future__ import annotations

import streamlit as st

from application import LearnerInfo
from ui import state
from ui.components import COUNTRIES, ModuleLinks
from ui.pages import page
from ui.screens.lesson import show_lesson
from ui.screens.quiz import QuizScreen
from ui.state import t
from ui.trainer_auth import require_trainer

PAGE = "views/trainer_preview.py"


def render() -> None:
    trainer = require_trainer()
    app = state.app()
    module_id = st.query_params.get("module", "")
    try:
        version = int(st.query_params.get("version", ""))
        bundle = app.catalog.module_at(module_id, version)
    except (KeyError, ValueError):
        st.warning(t("preview.unknown"))
        st.page_link(
            page("views/trainer_versions.py"), label=t("nav.trainer_versions"), icon=":material/arrow_back:"
        )
        st.stop()
    params = {"module": module_id, "version": str(version)}
    links = ModuleLinks(PAGE, PAGE, "views/trainer_versions.py", params, {"part": "quiz"})
    me = app.learners.preview_learner(trainer.email, module_id, version)
    published = app.catalog.live().versions.get(module_id)
    status = t("preview.is_published") if published == version else t("preview.not_published")
    st.info(t("preview.banner", version=version, status=status), icon=":material/visibility:")
    me = _preview_country(me)
    lessons, quiz, back = st.columns(3)
    lessons.page_link(PAGE, label=t("preview.lessons"), icon=":material/menu_book:", query_params=params)
    quiz.page_link(PAGE, label=t("preview.quiz"), icon=":material/quiz:", query_params=links.quiz())
    back.page_link(
        "views/trainer_versions.py",
        label=t("nav.trainer_versions"),
        icon=":material/arrow_back:",
        query_params={"module": module_id},
    )
    if st.query_params.get("part") == "quiz":
        QuizScreen(me, bundle, links, version=version).show()
    else:
        show_lesson(me, bundle, links)


def _preview_country(me: LearnerInfo) -> LearnerInfo:
    """See the module as learners of one country get it (or the shared text only)."""
    options: list[str | None] = [None, *COUNTRIES]
    key = f"preview_country:{me.id}"
    if key not in st.session_state:  # the widget starts at the stand-in's country, then leads
        st.session_state[key] = me.country
    chosen = st.radio(
        t("preview.country"),
        options,
        key=key,
        format_func=lambda c: t(f"country.{c}") if c else t("preview.country_shared"),
        horizontal=True,
    )
    if chosen != me.country:
        state.app().learners.set_country(me.id, chosen or "")
        return LearnerInfo(me.id, me.name, me.email, me.workshop_code, me.language, chosen)
    return me
