"""A refresher: 3-4 questions of a passed module, a week or a month later, one at a time as in
the quiz and with the same feedback. The result is a share right, never a pass or a fail: a
refresher does not touch the module result or the diploma."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from application import AttemptState, LearnerInfo
from modules.grading import is_fully_right
from modules.model import Module
from modules.questions import Answer
from ui import state
from ui.components import learner_links, percent, require_learner
from ui.pages import page
from ui.questions import show_feedback, verdict
from ui.screens.quiz import QuizScreen, _headline
from ui.state import t


def render() -> None:
    me = require_learner()
    shown = _requested(me)
    RefresherScreen(me, shown).show()


def _requested(me: LearnerInfo) -> AttemptState:
    requested = st.query_params.get("refresher", "")
    try:
        return state.app().refreshers.state(int(requested), me.id)
    except (KeyError, ValueError):
        st.warning(t("refresher.unknown"))
        st.page_link(page("views/modules.py"), label=t("nav.modules"), icon=":material/arrow_back:")
        st.stop()


class RefresherScreen(QuizScreen):
    def __init__(self, me: LearnerInfo, refresher: AttemptState) -> None:
        service = state.app().refreshers
        super().__init__(me, service.module_of(refresher), learner_links(refresher.module_id))
        self.refresher_id = refresher.id
        self.service = service

    def show(self) -> None:
        st.title(t("refresher.title", module=self.bundle.in_language(self.lang).title))
        # Widgets are keyed by the attempt's id; refreshers count their ids apart from quiz
        # attempts, so they show under a negative one: no widget state of a quiz attempt with
        # the same number can leak into the refresher (the service is asked by refresher id).
        current = replace(self.service.state(self.refresher_id, self.me.id), id=-self.refresher_id)
        if current.submitted:
            self.results(current)
        elif current.position >= len(current.plan.questions):
            self.review(current)
        else:
            if current.position == 0 and not current.answers:
                st.caption(t("refresher.intro", count=len(current.plan.questions)))
            self.question(current)

    def save_answer(self, attempt: AttemptState, question_id: str, answer: Answer, position: int) -> None:
        self.service.save_answer(self.refresher_id, self.me.id, question_id, answer, position)

    def module_for(self, attempt: AttemptState, lang: str) -> Module:
        return self.service.module_of(attempt).in_language(lang)

    def submit(self, attempt: AttemptState) -> None:
        self.service.submit(self.refresher_id, self.me.id)

    def results(self, attempt: AttemptState) -> None:
        module = self.module_for(attempt, self.lang)
        right = sum(is_fully_right(s) for s in attempt.item_scores.values())
        st.success(
            t("refresher.done", right=right, total=len(attempt.plan.questions), score=percent(attempt.score)),
            icon=":material/psychology:",
        )
        st.caption(t("refresher.no_effect_on_diploma"))
        for number, drawn in enumerate(attempt.plan.questions):
            question = module.quiz.question(drawn.question_id)
            score = attempt.item_scores.get(question.id, 0.0)
            label = f"{number + 1}. {verdict(score)} ({percent(score)}): {_headline(question)}"
            with st.expander(label, expanded=not is_fully_right(score)):
                show_feedback(question, drawn, attempt.answers.get(question.id), self.show_markdown)
        st.page_link(page("views/modules.py"), label=t("quiz.back_to_modules"), icon=":material/arrow_back:")
