"""Module overview: every module with its progress and the way in."""

import streamlit as st

from modules.safe_markdown import inert
from storage import progress
from ui import state
from ui.components import percent, require_learner
from ui.state import t


def render() -> None:
    me = require_learner()
    lang = state.lang()
    course = state.course()
    mine = progress.progress(state.database(), me.id)

    st.title(t("modules.title"))
    passed = sum(1 for m in course.modules if m.id in mine and mine[m.id].passed)
    st.progress(
        passed / len(course.modules), text=t("modules.passed_count", passed=passed, total=len(course.modules))
    )

    for number, bundle in enumerate(course.modules, start=1):
        module = bundle.in_language(lang)
        done = mine.get(bundle.id)
        read = len(done.lessons_read & {lesson.id for lesson in module.lessons}) if done else 0
        with st.container(border=True):
            st.subheader(f"{number}. {module.title}")
            st.markdown(inert(module.summary))
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
