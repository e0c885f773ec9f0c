"""Module overview: every module with its progress and the way in."""

import streamlit as st

from modules.safe_markdown import inert
from ui import state
from ui.components import content_language, in_content_language, percent, require_learner
from ui.state import t


def render() -> None:
    me = require_learner()
    lang = state.lang()
    mine = state.app().learning.progress(me.id)

    st.title(t("modules.title"))
    passed, total = len(mine.passed_modules), len(mine.modules)
    st.progress(passed / total, text=t("modules.passed_count", passed=passed, total=total))

    for number, bundle in enumerate(mine.modules, start=1):
        module = bundle.in_language(lang)
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
                "views/lesson.py",
                label=lesson_label,
                icon=":material/menu_book:",
                query_params={"module": bundle.id, "lesson": str(next_lesson + 1)},
            )
            quiz_label = t("modules.continue_quiz") if done and done.open_attempt else t("modules.take_quiz")
            st.page_link(
                "views/quiz.py", label=quiz_label, icon=":material/quiz:", query_params={"module": bundle.id}
            )
