"""The scenario quiz: one question at a time, a review before submitting, then feedback.

Where the learner is lives in the database (the open attempt and its position),
so a reload or a return days later lands on the same question.
"""

from __future__ import annotations

import streamlit as st

from application import AttemptState, LearnerInfo, LessonsFirst
from modules.attempts import is_answered
from modules.catalog import ModuleBundle
from modules.grading import is_fully_right
from modules.model import Module
from modules.questions import Answer, Question
from modules.safe_markdown import inert
from ui import state
from ui.components import (
    ModuleLinks,
    focus_heading,
    in_content_language,
    learner_links,
    markdown,
    module_from_query,
    percent,
    posts,
    require_learner,
)
from ui.pages import page
from ui.questions import current_answer, show_feedback, show_input, verdict
from ui.state import t

REVIEWED = "review_attempt"  # the attempt whose results to show after submitting
JUST_SUBMITTED = "just_submitted"  # open the results at their top, focus on their heading


def render() -> None:
    bundle = module_from_query()
    QuizScreen(require_learner(), bundle, learner_links(bundle.id)).show()


class QuizScreen:
    def __init__(
        self, me: LearnerInfo, bundle: ModuleBundle, links: ModuleLinks, version: int | None = None
    ) -> None:
        """`version`: what new attempts are drawn from (default: the published version)."""
        self.me = me
        self.bundle = bundle
        self.links = links
        self.version = version
        self.learning = state.app().learning
        self.lang = state.lang()

    def show(self) -> None:
        with in_content_language(self.bundle):
            self._show()

    def _show(self) -> None:
        st.title(t("quiz.title", module=self.bundle.in_language(self.lang, self.me.country).title))
        requested = st.query_params.get("attempt") or st.session_state.get(REVIEWED)
        open_attempt, shown = self.learning.quiz_state(self.me.id, self.bundle.id, requested)
        if open_attempt is not None:
            if open_attempt.position >= len(open_attempt.plan.questions):
                self.review(open_attempt)
            else:
                self.question(open_attempt)
        elif shown is not None:
            self.results(shown)
        else:
            self.intro()

    def save_answer(self, attempt: AttemptState, question_id: str, answer: Answer, position: int) -> None:
        """Keep an answer at once and go to `position` (a callback: it runs before the rerun)."""
        self.learning.save_answer(attempt.id, self.me.id, question_id, answer, position)

    def show_markdown(self, text: str) -> None:
        markdown(text, self.bundle)

    def module_for(self, attempt: AttemptState, lang: str) -> Module:
        """The module as the attempt was drawn from it: its version and its country."""
        return self.learning.module_of(attempt).in_language(lang, attempt.country)

    def start_attempt(self) -> None:
        # By module id only: the service takes the module and its version from one snapshot.
        try:
            self.learning.start_attempt(self.me.id, self.bundle.id, version=self.version)
        except LessonsFirst:  # the intro then says to read the lessons first
            return
        st.session_state.pop(REVIEWED, None)
        st.query_params.pop("attempt", None)

    def intro(self) -> None:
        quiz = self.bundle.in_language(self.lang, self.me.country).quiz
        if self.version is None and not self.learning.quiz_open(self.me.id, self.bundle.id):
            st.info(t("quiz.lessons_first"), icon=":material/menu_book:")
            st.page_link(
                page(self.links.lesson_page),
                label=t("modules.read_lessons"),
                icon=":material/menu_book:",
                query_params=self.links.lesson(1),
            )
            return
        st.write(t("quiz.intro", count=quiz.draw, threshold=percent(quiz.pass_threshold)))
        st.button(t("quiz.start"), type="primary", on_click=self.start_attempt, key="start_quiz")

    def question(self, attempt: AttemptState) -> None:
        quiz = self.module_for(attempt, self.lang).quiz
        total = len(attempt.plan.questions)
        position = attempt.position
        drawn = attempt.plan.questions[position]
        question = quiz.question(drawn.question_id)
        stored: Answer = attempt.answers.get(question.id)

        def save(answer: Answer, target: int = position) -> None:
            self.save_answer(attempt, question.id, answer, target)

        def move(target: int) -> None:
            save(current_answer(question, drawn, stored, attempt.id), target)

        st.progress(position / total, text=t("quiz.question_of", number=position + 1, total=total))
        if question.scenario or question.posts:
            with st.container(border=True):
                if question.scenario:
                    self.show_markdown(question.scenario)
                posts(question.posts, self.bundle)
        show_input(question, drawn, stored, attempt.id, save, self.show_markdown)

        back, forward = st.columns(2)
        back.button(
            t("quiz.previous"),
            key="previous_question",
            disabled=position == 0,
            on_click=move,
            args=(position - 1,),
            icon=":material/arrow_back:",
        )
        label = t("quiz.next") if position < total - 1 else t("quiz.to_review")
        forward.button(
            label,
            key="next_question",
            type="primary",
            on_click=move,
            args=(position + 1,),
            icon=":material/arrow_forward:",
        )

    def review(self, attempt: AttemptState) -> None:
        quiz = self.module_for(attempt, self.lang).quiz
        st.subheader(t("quiz.review_title"))
        st.write(t("quiz.review_explained"))
        unanswered = 0
        for number, drawn in enumerate(attempt.plan.questions):
            question = quiz.question(drawn.question_id)
            answer = attempt.answers.get(question.id)
            answered = is_answered(question, answer)
            unanswered += not answered
            status = t("quiz.answered") if answered else t("quiz.not_answered")
            text, button = st.columns([3, 1], vertical_alignment="center")
            text.markdown(inert(f"**{number + 1}.** {question.prompt}  \n*{status}*"))
            button.button(
                t("quiz.change", n=number + 1),
                key=f"change:{number}",
                on_click=self.save_answer,
                args=(attempt, question.id, answer, number),
            )
        if unanswered:
            st.warning(
                t("quiz.open_question") if unanswered == 1 else t("quiz.open_questions", count=unanswered)
            )
        st.button(
            t("quiz.submit"),
            type="primary",
            key="submit_attempt",
            on_click=self.submit,
            args=(attempt,),
            icon=":material/send:",
        )

    def submit(self, attempt: AttemptState) -> None:
        self.learning.submit(attempt.id, self.me.id)
        st.session_state[REVIEWED] = str(attempt.id)
        st.session_state[JUST_SUBMITTED] = True

    def results(self, attempt: AttemptState) -> None:
        module = self.module_for(attempt, self.lang)
        heading = t("quiz.result_title", number=attempt.number)
        st.subheader(heading)
        if st.session_state.pop(JUST_SUBMITTED, False):
            focus_heading(heading)
        message = t(
            "quiz.passed" if attempt.passed else "quiz.failed",
            score=percent(attempt.score),
            threshold=percent(module.quiz.pass_threshold),
        )
        if attempt.passed:
            st.success(message, icon=":material/check_circle:")
        else:
            st.error(message, icon=":material/info:")
        for number, drawn in enumerate(attempt.plan.questions):
            question = module.quiz.question(drawn.question_id)
            score = attempt.item_scores.get(question.id, 0.0)
            label = f"{number + 1}. {verdict(score)} ({percent(score)}): {_headline(question)}"
            with st.expander(label, expanded=not is_fully_right(score)):
                show_feedback(question, drawn, attempt.answers.get(question.id), self.show_markdown)
        if attempt.passed:
            st.page_link(
                page(self.links.back_page), label=t("quiz.back_to_modules"), icon=":material/arrow_back:"
            )
            st.button(t("quiz.practice_again"), key="retry", on_click=self.start_attempt)
        else:
            st.write(t("quiz.retry_explained"))
            st.button(
                t("quiz.retry"),
                key="retry",
                type="primary",
                on_click=self.start_attempt,
                icon=":material/refresh:",
            )
            st.page_link(
                page(self.links.lesson_page),
                label=t("quiz.reread"),
                icon=":material/menu_book:",
                query_params=self.links.lesson(1),
            )


def _headline(question: Question) -> str:
    """The prompt, with the start of the scenario so that two "Wat doe je?" rows differ."""
    if not question.scenario:
        return question.prompt
    first = " ".join(question.scenario.replace("*", "").split())
    return f"{question.prompt} ({first[:60]}{'…' if len(first) > 60 else ''})"
