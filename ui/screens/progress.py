"""My progress: every module's state, past attempts to review, and the resume code."""

import streamlit as st

from ui import state
from ui.components import local_time, percent, require_learner, table
from ui.pages import page
from ui.screens.modules import refreshers_due
from ui.state import t


def _refreshers(learner_id: int, lang: str) -> None:
    """Refreshers due and taken (the share right of each)."""
    mine = state.app().refreshers.overview(learner_id)
    if not mine.due and not mine.taken:
        return
    st.header(t("refresher.heading"))
    refreshers_due(learner_id, lang)
    for taken in mine.taken:
        when = local_time(taken.submitted_at) if taken.submitted_at else ""
        st.page_link(
            page("views/refresher.py"),
            label=t(
                "refresher.taken_line",
                module=_title(taken.module_id, lang),
                stage=taken.stage,
                when=when,
                score=percent(taken.score),
            ),
            query_params={"refresher": str(taken.id)},
        )


def _title(module_id: str, lang: str) -> str:
    course = state.course()
    return course.module(module_id).in_language(lang).title if module_id in course.module_ids else module_id


def render() -> None:
    me = require_learner()
    learning = state.app().learning
    lang = state.lang()
    mine = learning.progress(me.id)

    st.title(t("progress.title"))
    st.metric(t("progress.modules_passed"), f"{len(mine.passed_modules)} / {len(mine.modules)}")
    if mine.complete:
        st.success(t("progress.all_passed"), icon=":material/workspace_premium:")
        st.page_link(
            page("views/diploma.py"), label=t("progress.to_diploma"), icon=":material/workspace_premium:"
        )

    rows = []
    for bundle in mine.modules:
        module = bundle.in_language(lang)
        done = mine.of(bundle.id)
        read = mine.lessons_read(bundle)
        rows.append(
            {
                t("progress.module"): module.title,
                t("progress.lessons"): f"{read} / {len(module.lessons)}",
                t("progress.attempts"): done.attempts if done else 0,
                t("progress.best"): percent(done.best_score if done else None),
                t("progress.status"): t("progress.passed") if done and done.passed else t("progress.not_yet"),
            }
        )
    table(rows)

    st.header(t("progress.history"))
    any_attempts = False
    for bundle in mine.modules:
        history = [a for a in learning.attempts(me.id, bundle.id) if a.submitted]
        if not history:
            continue
        any_attempts = True
        st.subheader(bundle.in_language(lang).title)
        for attempt in history:
            when = local_time(attempt.submitted_at) if attempt.submitted_at else ""
            outcome = t("progress.passed") if attempt.passed else t("progress.not_passed")
            st.page_link(
                page("views/quiz.py"),
                label=t(
                    "progress.attempt_line",
                    number=attempt.number,
                    when=when,
                    score=percent(attempt.score),
                    outcome=outcome,
                ),
                query_params={"module": bundle.id, "attempt": str(attempt.id)},
            )
    if not any_attempts:
        st.write(t("progress.no_attempts"))

    _refreshers(me.id, lang)

    st.header(t("progress.resume_heading"))
    st.write(t("progress.resume_explained"))
    if st.button(t("progress.new_code"), key="new_code"):
        st.session_state["replaced_resume_code"] = state.app().learners.replace_resume_code(me.id)
    code = st.session_state.get("replaced_resume_code")
    if code:
        st.code(code, language=None)
        st.code(state.app().learners.resume_link(code), language=None, wrap_lines=True)
