"""What a question renderer is: the screens of one kind of question.

Each module in this package draws one kind (`modules/questions/`) and defines `RENDERER`:
the answer input, the answer read back from its widgets, the feedback after the attempt and
the answer key a trainer checks after an upload. Widgets show items in the attempt's
shuffled order but always produce answers in authored indices.

Right and wrong are always said in words and icons, never by colour alone.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

import streamlit as st

from modules.fields import QuestionBase
from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.safe_markdown import inert

SaveAnswer = Callable[[Answer], None]
ShowMarkdown = Callable[[str], None]
Texts = dict[str, dict[str, str]]  # language -> interface text key -> text
Q = TypeVar("Q", bound=QuestionBase)


class QuestionRenderer(ABC, Generic[Q]):
    kind: ClassVar[str]  # the name of the engine's kind this renderer draws
    # Interface texts only this kind uses, in Dutch and English (registered with `i18n`).
    texts: ClassVar[Texts] = {"nl": {}, "en": {}}

    @abstractmethod
    def show_input(
        self,
        question: Q,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        """The widgets to answer with; their keys start with `key`. `save` stores an answer
        at once (for kinds that move on with every choice)."""

    def current_answer(self, question: Q, drawn: DrawnQuestion, stored: Answer, key: str) -> Answer:
        """The answer as the widgets hold it now (navigation callbacks save it)."""
        return stored

    @abstractmethod
    def show_feedback(
        self, question: Q, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        """What was right, why, and what the learner chose (between scenario and explanation)."""

    @abstractmethod
    def show_answer_key(self, question: Q) -> None:
        """The right answers with their feedback, for a trainer to check at a glance."""


def show_prompt(question: QuestionBase) -> None:
    st.markdown(inert(f"**{question.prompt}**"))


def show_option(text: str, feedback: str, labels: list[str]) -> None:
    """An option after the attempt: its text, what it was (chosen, right, ...) and why."""
    with st.container(border=True):
        st.markdown(inert(f"{text}\n\n*{' · '.join(labels)}*"))
        st.caption(inert(feedback))


def show_key_item(text: str, feedback: str, mark: str = "") -> None:
    """One line of the answer key: an option or step, its mark (e.g. "✔ ") and its feedback."""
    st.markdown(inert(f"- {mark}{text}  \n  *{feedback}*"))
