"""`multiple`: one checkbox per option; afterwards every option, right or not, and why."""

from __future__ import annotations

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.questions.multiple import KIND, MultipleQuestion
from modules.safe_markdown import inert

from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown, show_key_item, show_option, show_prompt


class MultipleRenderer(QuestionRenderer[MultipleQuestion]):
    kind = KIND.name
    texts = {
        "nl": {"quiz.pick_all": "Kies alle antwoorden die juist zijn."},
        "en": {"quiz.pick_all": "Choose all answers that are right."},
    }

    def show_input(
        self,
        question: MultipleQuestion,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        chosen = set(stored) if isinstance(stored, list) else set()
        show_prompt(question)
        st.caption(t("quiz.pick_all"))
        for i in drawn.display_order:
            st.checkbox(inert(question.options[i].text), value=i in chosen, key=f"{key}:{i}")

    def current_answer(
        self, question: MultipleQuestion, drawn: DrawnQuestion, stored: Answer, key: str
    ) -> Answer:
        if f"{key}:{drawn.display_order[0]}" not in st.session_state:
            return stored
        return sorted(i for i in drawn.display_order if st.session_state.get(f"{key}:{i}"))

    def show_feedback(
        self, question: MultipleQuestion, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        show_prompt(question)
        chosen = set(answer) if isinstance(answer, list) else set()
        if not chosen:
            st.warning(t("feedback.not_answered"))
        for i in drawn.display_order:
            option = question.options[i]
            labels = [t("feedback.your_choice")] if i in chosen else []
            if option.correct:
                labels.append("✔ " + t("feedback.correct_option"))
            else:
                labels.append("✘ " + t("feedback.wrong_option"))
            show_option(option.text, option.feedback, labels)

    def show_answer_key(self, question: MultipleQuestion) -> None:
        for option in question.options:
            show_key_item(option.text, option.feedback, "✔ " if option.correct else "")


RENDERER = MultipleRenderer()
