"""`matching`: one select box per item, with the answers in the attempt's shuffled order;
afterwards every pair with the learner's choice marked right or wrong, the right answer and why."""

from __future__ import annotations

import streamlit as st

from modules.plan import DrawnQuestion
from modules.questions import Answer
from modules.questions.matching import KIND, MatchingQuestion
from modules.safe_markdown import inert

from ..state import t
from .base import QuestionRenderer, SaveAnswer, ShowMarkdown, show_key_item, show_prompt


class MatchingRenderer(QuestionRenderer[MatchingQuestion]):
    kind = KIND.name
    texts = {
        "nl": {
            "matching.help": "Kies bij elk onderdeel het antwoord dat erbij hoort.",
            "matching.help_distractors": "Kies bij elk onderdeel het antwoord dat erbij hoort. Er zijn meer antwoorden dan onderdelen: niet elk antwoord hoort ergens bij.",
            "matching.placeholder": "Kies een antwoord",
            "matching.your_match": "Jouw keuze: {match}",
            "matching.no_match": "Je koos hier niets.",
            "matching.right_match": "Het juiste antwoord: {match}",
            "matching.pairs_right": "Je koppelde **{right}** van de **{total}** onderdelen goed.",
            "matching.distractors": "Antwoorden die nergens bij horen: {answers}",
        },
        "en": {
            "matching.help": "Choose the answer that belongs with each part.",
            "matching.help_distractors": "Choose the answer that belongs with each part. There are more answers than parts: not every answer belongs somewhere.",
            "matching.placeholder": "Choose an answer",
            "matching.your_match": "Your choice: {match}",
            "matching.no_match": "You chose nothing here.",
            "matching.right_match": "The right answer: {match}",
            "matching.pairs_right": "You matched **{right}** of the **{total}** parts right.",
            "matching.distractors": "Answers that belong nowhere: {answers}",
        },
    }

    def show_input(
        self,
        question: MatchingQuestion,
        drawn: DrawnQuestion,
        stored: Answer,
        key: str,
        save: SaveAnswer,
        show_markdown: ShowMarkdown,
    ) -> None:
        show_prompt(question)
        st.caption(t("matching.help_distractors" if question.distractors else "matching.help"))
        order = list(drawn.display_order)
        options = question.options
        for item, pair in enumerate(question.pairs):
            pick = _pick(stored, item)
            st.selectbox(
                inert(pair.item),
                order,
                index=order.index(pick) if pick in order else None,
                key=f"{key}:{item}",
                format_func=lambda i: inert(options[i]),
                placeholder=t("matching.placeholder"),
            )

    def current_answer(
        self, question: MatchingQuestion, drawn: DrawnQuestion, stored: Answer, key: str
    ) -> Answer:
        keys = [f"{key}:{item}" for item in range(len(question.pairs))]
        if keys[0] not in st.session_state:
            return stored
        return [st.session_state.get(k) for k in keys]

    def show_feedback(
        self, question: MatchingQuestion, drawn: DrawnQuestion, answer: Answer, show_markdown: ShowMarkdown
    ) -> None:
        show_prompt(question)
        picks = [_pick(answer, item) for item in range(len(question.pairs))]
        if all(pick is None for pick in picks):
            st.warning(t("feedback.not_answered"))
        else:
            right = sum(1 for item, pick in enumerate(picks) if pick == item)
            st.markdown(t("matching.pairs_right", right=right, total=len(question.pairs)))
        options = question.options
        for item, (pair, pick) in enumerate(zip(question.pairs, picks, strict=True)):
            if pick == item:
                verdict = f"✔ {t('matching.your_match', match=pair.match)} · {t('feedback.correct_option')}"
            elif pick is None or not 0 <= pick < len(options):
                verdict = f"✘ {t('matching.no_match')}  \n{t('matching.right_match', match=pair.match)}"
            else:
                chosen = t("matching.your_match", match=options[pick])
                verdict = f"✘ {chosen} · {t('feedback.wrong_option')}  \n{t('matching.right_match', match=pair.match)}"
            with st.container(border=True):
                st.markdown(inert(f"**{pair.item}**\n\n{verdict}"))
                st.caption(inert(pair.feedback))

    def show_answer_key(self, question: MatchingQuestion) -> None:
        for pair in question.pairs:
            show_key_item(f"{pair.item} → {pair.match}", pair.feedback)
        if question.distractors:
            st.markdown(inert(t("matching.distractors", answers=", ".join(question.distractors))))


def _pick(answer: Answer, item: int) -> int | None:
    """The answer chosen for an item, if any."""
    if isinstance(answer, list) and item < len(answer) and isinstance(answer[item], int):
        return answer[item]
    return None


RENDERER = MatchingRenderer()
