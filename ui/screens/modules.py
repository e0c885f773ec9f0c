"""Module overview: every module with its progress and the way in."""

import streamlit as st

from modules.safe_markdown import inert
from ui import state
from ui.components import content_language, country_choice, in_content_language, percent, require_learner
from ui.pages import page
from ui.state import t


def refreshers_due(learner_id: int, lang: str) -> None:
    """ "Opfrissers klaar": the refreshers due now, each one click away."""
    due = state.app().refreshers.overview(learner_id).due
    if not due:
        return
    with st.container(border=True):
        st.subheader(t("refresher.ready"), anchor=False)
        st.write(t("refresher.ready_explained"))
        course = state.course()
        for refresher in due:
            title = (
                course.module(refresher.module_id).in_language(lang).title
                if refresher.module_id in course.module_ids
                else refresher.module_id
            )
            st.page_link(
                page("views/refresher.py"),
                label=t("refresher.take", module=title, stage=refresher.stage),
                icon=":material/psychology:",
                query_params={"refresher": str(refresher.id)},
            )


def render() -> None:
    me = require_learner()
    lang = state.lang()
    mine = state.app().learning.progress(me.id)

    st.title(t("modules.title"))
    me = country_choice(me)
    passed, total = len(mine.passed_modules), len(mine.modules)
    st.progress(passed / total, text=t("modules.passed_count", passed=passed, total=total))
    refreshers_due(me.id, lang)

    for number, bundle in enumerate(mine.modules, start=1):
        module = bundle.in_language(lang, me.country)
        done = mine.of(bundle.id)
        read = mine.lessons_read(bundle)
        with st.container(border=True):
            with in_content_language(bundle, f"module-{bundle.id}"):
                st.subheader(f"{number}. {module.title}")
                st.markdown(inert(module.summary))
            if content_language(bundle):  # said before the learner starts
                st.caption(t("modules.not_translated"))
            facts = [
                t("common.minutes", n=module.estimated_minutes),
                t("modules.lessons_read", read=read, total=len(module.lessons)),
            ]
            if done and done.attempts:
                facts.append(t("modules.best_score", score=percent(done.best_score)))
            st.caption(" · ".join(facts))
            if done and done.passed:
                st.success(t("modules.passed"), icon=":material/check_circle:")
            with st.expander(t("modules.objectives")):
                st.markdown(inert("\n".join(f"- {objective}" for objective in module.objectives)))
            lesson_label = (
                t("modules.continue_reading") if 0 < read < len(module.lessons) else t("modules.read_lessons")
            )
            next_lesson = next(
                (
                    i
                    for i, lesson in enumerate(module.lessons)
                    if not done or lesson.id not in done.lessons_read
                ),
                0,
            )
            st.page_link(
                page("views/lesson.py"),
                label=lesson_label,
                icon=":material/menu_book:",
                query_params={"module": bundle.id, "lesson": str(next_lesson + 1)},
            )
            quiz_label = t("modules.continue_quiz") if done and done.open_attempt else t("modules.take_quiz")
            st.page_link(
                page("views/quiz.py"),
                label=quiz_label,
                icon=":material/quiz:",
                query_params={"module": bundle.id},
            )
