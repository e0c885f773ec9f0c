"""The screens of each kind of question, found the way the engine finds its kinds.

Every module in this package (except `base`) draws one kind and defines `RENDERER`. The quiz
screens call the functions below and never test for a kind themselves.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import i18n
from modules.grading import is_fully_right
from modules.plan import DrawnQuestion
from modules.plugins import each_defined
from modules.questions import Answer, Question, kind_of

from ..post_cards import show_posts
from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown


def _discover() -> dict[str, QuestionRenderer[Any]]:
    """Each renderer module's `RENDERER`, by the name of the kind it draws."""
    found: dict[str, QuestionRenderer[Any]] = {}
    for renderer in each_defined(__path__, __name__, "RENDERER"):
        if renderer.kind in found:
            raise RuntimeError(f"two renderers draw the question kind {renderer.kind!r}")
        found[renderer.kind] = renderer
        i18n.register(renderer.texts)
    return found


RENDERERS: dict[str, QuestionRenderer[Any]] = _discover()


def renderer_for(question: Question) -> QuestionRenderer[Any]:
    return RENDERERS[kind_of(question).name]


def widget_key(attempt_id: int, question_id: str) -> str:
    return f"answer:{attempt_id}:{question_id}"


def show_input(
    question: Question,
    drawn: DrawnQuestion,
    stored: Answer,
    attempt_id: int,
    save: SaveAnswer,
    show_markdown: ShowMarkdown,
) -> None:
    key = widget_key(attempt_id, question.id)
    renderer_for(question).show_input(question, drawn, stored, key, save, show_markdown)


def current_answer(question: Question, drawn: DrawnQuestion, stored: Answer, attempt_id: int) -> Answer:
    """The answer as the widgets hold it now (used by navigation callbacks)."""
    return renderer_for(question).current_answer(question, drawn, stored, widget_key(attempt_id, question.id))


def verdict(score: float) -> str:
    if is_fully_right(score):
        return t("feedback.right")
    return t("feedback.partly") if score > 0 else t("feedback.wrong")


def show_feedback(
    question: Question, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
) -> None:
    """Per-question feedback after an attempt: what was right, why, and what the learner chose."""
    if question.scenario:
        show_markdown(question.scenario)
    show_posts(question.posts)
    renderer_for(question).show_feedback(question, drawn, answer, show_markdown)
    if question.explanation:
        st.info(question.explanation, icon=":material/lightbulb:")


def show_answer_key(question: Question) -> None:
    """A question's right answers with their feedback (its prompt and scenario come before)."""
    renderer_for(question).show_answer_key(question)
