"""Per-question feedback after an attempt: what was right, why, and what the learner chose.

Right and wrong are always said in words and icons, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from modules.grading import is_fully_right
from modules.plan import DrawnQuestion
from modules.questions import Answer, Question
from modules.questions.branching import BranchingQuestion, best_path_points, walk_path
from modules.questions.multiple import MultipleQuestion
from modules.questions.order import OrderQuestion
from modules.questions.single import SingleQuestion
from modules.safe_markdown import inert

from .components import percent
from .state import t


def verdict(score: float) -> str:
    if is_fully_right(score):
        return t("feedback.right")
    return t("feedback.partly") if score > 0 else t("feedback.wrong")


def show_feedback(
    question: Question, drawn: DrawnQuestion, answer: Answer, show_markdown: Callable[[str], None]
) -> None:
    if question.scenario:
        show_markdown(question.scenario)
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        _options(question, drawn, answer)
    elif isinstance(question, OrderQuestion):
        _order(question, answer)
    elif isinstance(question, BranchingQuestion):
        _branching(question, answer, show_markdown)
    if question.explanation:
        st.info(question.explanation, icon=":material/lightbulb:")


def _options(question: SingleQuestion | MultipleQuestion, drawn: DrawnQuestion, answer: Answer) -> None:
    st.markdown(inert(f"**{question.prompt}**"))
    chosen = {answer} if isinstance(answer, int) else set(answer or [])
    if not chosen:
        st.warning(t("feedback.not_answered"))
    for i in drawn.display_order:
        option = question.options[i]
        credit = getattr(option, "credit", None)
        labels = []
        if i in chosen:
            labels.append(t("feedback.your_choice"))
        if option.correct:
            labels.append("✔ " + t("feedback.correct_option"))
        elif credit:
            labels.append(t("feedback.partial_option", score=percent(credit)))
        else:
            labels.append("✘ " + t("feedback.wrong_option"))
        with st.container(border=True):
            st.markdown(inert(f"{option.text}\n\n*{' · '.join(labels)}*"))
            st.caption(inert(option.feedback))


def _order(question: OrderQuestion, answer: Answer) -> None:
    st.markdown(inert(f"**{question.prompt}**"))
    arrangement = answer if isinstance(answer, list) else []
    st.markdown(inert(f"*{t('feedback.your_order')}*"))
    lines = []
    for position, step in enumerate(arrangement):
        mark = "✔" if step == position else "✘"
        lines.append(f"{position + 1}. {mark} {question.steps[step].text}")
    st.markdown(inert("\n".join(lines) or t("feedback.not_answered")))
    st.markdown(inert(f"*{t('feedback.right_order')}*"))
    for position, step in enumerate(question.steps):
        with st.container(border=True):
            st.markdown(inert(f"**{position + 1}.** {step.text}"))
            st.caption(inert(step.feedback))


def _branching(question: BranchingQuestion, answer: Answer, show_markdown: Callable[[str], None]) -> None:
    path = answer if isinstance(answer, list) else []
    visited, points = walk_path(question, path)
    st.markdown(inert(f"**{question.prompt}**"))
    for step, node_id in enumerate(visited[:-1]):
        node = question.node(node_id)
        choice = node.choices[path[step]]
        best = max(c.points for c in node.choices)
        with st.container(border=True):
            show_markdown(node.text)
            mark = (
                "✔ " + t("feedback.best_choice")
                if choice.points >= best
                else t("feedback.points", points=f"{choice.points:g}", best=f"{best:g}")
            )
            st.markdown(inert(f"**{t('quiz.you_chose')}** {choice.text}\n\n*{mark}*"))
            st.caption(inert(choice.feedback))
            others = [c for c in node.choices if c is not choice]
            if others:
                with st.expander(t("feedback.other_choices")):
                    for other in others:
                        worth = t("feedback.points_short", points=f"{other.points:g}")
                        st.markdown(inert(f"- **{other.text}** ({worth}): {other.feedback}"))
    end = question.node(visited[-1])
    with st.container(border=True):
        show_markdown(end.text)
    st.markdown(t("feedback.scenario_points", points=f"{points:g}", best=f"{best_path_points(question):g}"))
