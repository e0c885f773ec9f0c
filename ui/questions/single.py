"""`single`: one radio group; afterwards every option with what it was worth and why."""

from __future__ import annotations

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.questions.single import KIND, SingleQuestion
from modules.safe_markdown import inert

from ..components import percent
from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown, show_key_item, show_option, show_prompt


class SingleRenderer(QuestionRenderer[SingleQuestion]):
    kind = KIND.name
    texts = {
        "nl": {"feedback.partial_option": "deels juist ({score})"},
        "en": {"feedback.partial_option": "partly right ({score})"},
    }

    def show_input(
        self,
        question: SingleQuestion,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        options = list(drawn.display_order)
        st.radio(
            inert(question.prompt),
            options,
            key=key,
            format_func=lambda i: inert(question.options[i].text),
            index=options.index(stored) if isinstance(stored, int) and stored in options else None,
        )

    def current_answer(
        self, question: SingleQuestion, drawn: DrawnQuestion, stored: Answer, key: str
    ) -> Answer:
        chosen: Answer = st.session_state.get(key, stored)
        return chosen

    def show_feedback(
        self, question: SingleQuestion, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        show_prompt(question)
        if not isinstance(answer, int):
            st.warning(t("feedback.not_answered"))
        for i in drawn.display_order:
            option = question.options[i]
            labels = [t("feedback.your_choice")] if i == answer else []
            if option.correct:
                labels.append("✔ " + t("feedback.correct_option"))
            elif option.credit:
                labels.append(t("feedback.partial_option", score=percent(option.credit)))
            else:
                labels.append("✘ " + t("feedback.wrong_option"))
            show_option(option.text, option.feedback, labels)

    def show_answer_key(self, question: SingleQuestion) -> None:
        for option in question.options:
            show_key_item(option.text, option.feedback, "✔ " if option.correct else "")


RENDERER = SingleRenderer()
