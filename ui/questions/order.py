"""`order`: the steps with buttons to move each up or down; afterwards the learner's order
with each step's place marked, then the right order with the reason for each step."""

from __future__ import annotations

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.questions.base import is_index_list
from modules.questions.order import KIND, OrderQuestion
from modules.safe_markdown import inert

from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown, show_key_item, show_prompt


class OrderRenderer(QuestionRenderer[OrderQuestion]):
    kind = KIND.name
    texts = {
        "nl": {
            "quiz.order_help": "Zet de stappen in de juiste volgorde met de knoppen omhoog en omlaag.",
            "quiz.move_up": "Stap {n} omhoog",
            "quiz.move_down": "Stap {n} omlaag",
            "feedback.your_order": "Jouw volgorde:",
            "feedback.right_order": "De juiste volgorde, en waarom:",
        },
        "en": {
            "quiz.order_help": "Put the steps in the right order with the up and down buttons.",
            "quiz.move_up": "Move step {n} up",
            "quiz.move_down": "Move step {n} down",
            "feedback.your_order": "Your order:",
            "feedback.right_order": "The right order, and why:",
        },
    }

    def show_input(
        self,
        question: OrderQuestion,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        # The arrangement lives in session state under `key`: the buttons' callbacks swap in it.
        if key not in st.session_state:
            st.session_state[key] = list(stored) if is_index_list(stored) else list(drawn.display_order)
        arrangement: list[int] = st.session_state[key]

        def swap(a: int, b: int) -> None:
            arrangement[a], arrangement[b] = arrangement[b], arrangement[a]

        show_prompt(question)
        st.caption(t("quiz.order_help"))
        last = len(arrangement) - 1
        for position, step_index in enumerate(arrangement):
            with st.container(border=True):
                st.markdown(inert(f"**{position + 1}.** {question.steps[step_index].text}"))
                up, down = st.columns(2)
                up.button(
                    t("quiz.move_up", n=position + 1),
                    key=f"{key}:up:{position}",
                    disabled=position == 0,
                    on_click=swap,
                    args=(position, position - 1),
                    icon=":material/arrow_upward:",
                )
                down.button(
                    t("quiz.move_down", n=position + 1),
                    key=f"{key}:down:{position}",
                    disabled=position == last,
                    on_click=swap,
                    args=(position, position + 1),
                    icon=":material/arrow_downward:",
                )

    def current_answer(
        self, question: OrderQuestion, drawn: DrawnQuestion, stored: Answer, key: str
    ) -> Answer:
        return list(st.session_state.get(key, stored or drawn.display_order))

    def show_feedback(
        self, question: OrderQuestion, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        show_prompt(question)
        arrangement = answer if is_index_list(answer) else []
        st.markdown(inert(f"*{t('feedback.your_order')}*"))
        lines = []
        for position, step_index in enumerate(arrangement):
            mark = "✔" if step_index == position else "✘"
            lines.append(f"{position + 1}. {mark} {question.steps[step_index].text}")
        st.markdown(inert("\n".join(lines) or t("feedback.not_answered")))
        st.markdown(inert(f"*{t('feedback.right_order')}*"))
        for position, step in enumerate(question.steps):
            with st.container(border=True):
                st.markdown(inert(f"**{position + 1}.** {step.text}"))
                st.caption(inert(step.feedback))

    def show_answer_key(self, question: OrderQuestion) -> None:
        for step in question.steps:
            show_key_item(step.text, step.feedback)


RENDERER = OrderRenderer()
