"""Answer widgets per question kind, and reading back what the learner has entered.

Widgets show options in the attempt's shuffled order but always produce answers
in authored indices (see `modules.questions.base`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer, Question
from modules.questions.branching import BranchingQuestion, walk_path
from modules.questions.multiple import MultipleQuestion
from modules.questions.order import OrderQuestion
from modules.questions.single import SingleQuestion
from modules.safe_markdown import inert

from .state import t

SaveAnswer = Callable[[Answer], None]


def widget_key(attempt_id: int, question_id: str) -> str:
    return f"answer:{attempt_id}:{question_id}"


def show_input(
    question: Question,
    drawn: DrawnQuestion,
    stored: Answer,
    attempt_id: int,
    save: SaveAnswer,
    show_markdown: Callable[[str], None],
) -> None:
    key = widget_key(attempt_id, question.id)
    if isinstance(question, SingleQuestion):
        options = list(drawn.display_order)
        st.radio(
            inert(question.prompt),
            options,
            key=key,
            format_func=lambda i: inert(question.options[i].text),
            index=options.index(stored) if isinstance(stored, int) and stored in options else None,
        )
    elif isinstance(question, MultipleQuestion):
        chosen = set(stored) if isinstance(stored, list) else set()
        st.markdown(inert(f"**{question.prompt}**"))
        st.caption(t("quiz.pick_all"))
        for i in drawn.display_order:
            st.checkbox(inert(question.options[i].text), value=i in chosen, key=f"{key}:{i}")
    elif isinstance(question, OrderQuestion):
        _order_input(question, drawn, stored, key)
    elif isinstance(question, BranchingQuestion):
        _branching_input(question, drawn, stored, key, save, show_markdown)


def current_answer(question: Question, drawn: DrawnQuestion, stored: Answer, attempt_id: int) -> Answer:
    """The answer as the widgets hold it now (used by navigation callbacks)."""
    key = widget_key(attempt_id, question.id)
    if isinstance(question, SingleQuestion):
        return st.session_state.get(key, stored)
    if isinstance(question, MultipleQuestion):
        if f"{key}:{drawn.display_order[0]}" not in st.session_state:
            return stored
        return sorted(i for i in drawn.display_order if st.session_state.get(f"{key}:{i}"))
    if isinstance(question, OrderQuestion):
        return list(st.session_state.get(key, stored or drawn.display_order))
    return stored  # branching choices are saved the moment they are made


def _order_input(question: OrderQuestion, drawn: DrawnQuestion, stored: Answer, key: str) -> None:
    if key not in st.session_state:
        st.session_state[key] = list(stored) if isinstance(stored, list) else list(drawn.display_order)
    arrangement: list[int] = st.session_state[key]

    def swap(a: int, b: int) -> None:
        arrangement[a], arrangement[b] = arrangement[b], arrangement[a]

    st.markdown(inert(f"**{question.prompt}**"))
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


def _branching_input(
    question: BranchingQuestion,
    drawn: DrawnQuestion,
    stored: Answer,
    key: str,
    save: SaveAnswer,
    show_markdown: Callable[[str], None],
) -> None:
    path = list(stored) if isinstance(stored, list) else []
    visited, _ = walk_path(question, path)
    st.markdown(inert(f"**{question.prompt}**"))
    for step, node_id in enumerate(visited[:-1]):
        node = question.node(node_id)
        choice = node.choices[path[step]]
        with st.container(border=True):
            show_markdown(node.text)
            st.markdown(inert(f"**{t('quiz.you_chose')}** {choice.text}"))
            st.info(choice.feedback, icon=":material/subdirectory_arrow_right:")
    current = question.node(visited[-1])
    with st.container(border=True):
        show_markdown(current.text)
        if current.ending:
            st.success(t("quiz.scenario_done"), icon=":material/flag:")
            return
        order = list(drawn.choice_orders.get(current.id, range(len(current.choices))))
        picked = st.radio(
            t("quiz.your_choice"),
            order,
            index=None,
            key=f"{key}:{current.id}",
            format_func=lambda i: inert(current.choices[i].text),
        )
        st.button(
            t("quiz.choose"),
            key=f"{key}:choose:{current.id}",
            disabled=picked is None,
            on_click=save,
            args=([*path, picked],),
            type="primary",
        )
