"""The scenario quiz: one question at a time, a review before submitting, then feedback.

Where the learner is lives in the database (the open attempt and its position),
so a reload or a return days later lands on the same question.
"""

import streamlit as st

from modules.attempts import is_answered
from modules.grading import Answer
from storage import progress
from storage.progress import AttemptState
from ui import state
from ui.components import markdown, module_from_query, percent, require_learner
from ui.quiz_feedback import show_feedback, verdict
from ui.quiz_inputs import current_answer, show_input
from ui.state import t

me = require_learner()
bundle = module_from_query()
db = state.database()
lang = state.lang()


def show_markdown(text: str) -> None:
    markdown(text, bundle)


def start_attempt() -> None:
    progress.open_attempt(db, me.id, bundle.in_language("nl"), state.current_version(bundle.id))
    st.session_state.pop("review_attempt", None)


def intro() -> None:
    quiz = bundle.in_language(lang).quiz
    st.write(t("quiz.intro", count=quiz.draw, threshold=percent(quiz.pass_threshold)))
    st.button(t("quiz.start"), type="primary", on_click=start_attempt, key="start_quiz")


def question_page(attempt: AttemptState) -> None:
    module = state.module_version(bundle.id, attempt.module_version).in_language(lang)
    total = len(attempt.plan.questions)
    position = attempt.position
    drawn = attempt.plan.questions[position]
    question = module.quiz.question(drawn.question_id)
    stored: Answer = attempt.answers.get(question.id)

    def save(answer: Answer, target: int = position) -> None:
        progress.save_answer(db, attempt.id, me.id, question.id, answer, target)

    def move(target: int) -> None:
        save(current_answer(question, drawn, stored, attempt.id), target)

    st.progress(position / total, text=t("quiz.question_of", number=position + 1, total=total))
    if question.scenario:
        with st.container(border=True):
            show_markdown(question.scenario)
    show_input(question, drawn, stored, attempt.id, save, show_markdown)

    back, forward = st.columns(2)
    back.button(t("quiz.previous"), key="previous_question", disabled=position == 0,
                on_click=move, args=(position - 1,), icon=":material/arrow_back:")
    label = t("quiz.next") if position < total - 1 else t("quiz.to_review")
    forward.button(label, key="next_question", type="primary", on_click=move, args=(position + 1,),
                   icon=":material/arrow_forward:")


def review_page(attempt: AttemptState) -> None:
    module = state.module_version(bundle.id, attempt.module_version)
    quiz = module.in_language(lang).quiz
    st.subheader(t("quiz.review_title"))
    st.write(t("quiz.review_explained"))
    open_questions = 0
    for number, drawn in enumerate(attempt.plan.questions):
        question = quiz.question(drawn.question_id)
        answered = is_answered(question, attempt.answers.get(question.id))
        open_questions += not answered
        status = t("quiz.answered") if answered else t("quiz.not_answered")
        row_text, row_button = st.columns([3, 1], vertical_alignment="center")
        row_text.markdown(f"**{number + 1}.** {question.prompt}  \n*{status}*")
        row_button.button(t("quiz.change", n=number + 1), key=f"change:{number}",
                          on_click=progress.save_answer,
                          args=(db, attempt.id, me.id, question.id, attempt.answers.get(question.id),
                                number))
    if open_questions:
        st.warning(t("quiz.open_questions", count=open_questions))
    st.button(t("quiz.submit"), type="primary", key="submit_attempt", on_click=submit,
              args=(attempt,), icon=":material/send:")


def submit(attempt: AttemptState) -> None:
    module = state.module_version(bundle.id, attempt.module_version).in_language("nl")
    progress.submit_attempt(db, attempt.id, me.id, module)
    st.session_state["review_attempt"] = attempt.id


def results_page(attempt: AttemptState) -> None:
    module = state.module_version(bundle.id, attempt.module_version).in_language(lang)
    score = attempt.score or 0
    st.subheader(t("quiz.result_title", number=attempt.number))
    message = t("quiz.passed" if attempt.passed else "quiz.failed", score=percent(score),
                threshold=percent(module.quiz.pass_threshold))
    (st.success if attempt.passed else st.error)(message, icon=":material/check_circle:"
                                                  if attempt.passed else ":material/info:")
    for number, drawn in enumerate(attempt.plan.questions):
        question = module.quiz.question(drawn.question_id)
        item = attempt.item_scores.get(question.id, 0.0)
        label = f"{number + 1}. {verdict(item)} ({percent(item)}): {question.prompt}"
        with st.expander(label, expanded=item < 0.999):
            show_feedback(question, drawn, attempt.answers.get(question.id), show_markdown)
    if attempt.passed:
        st.page_link("views/modules.py", label=t("quiz.back_to_modules"), icon=":material/arrow_back:")
        st.button(t("quiz.practice_again"), key="retry", on_click=start_attempt)
    else:
        st.write(t("quiz.retry_explained"))
        st.button(t("quiz.retry"), key="retry", type="primary", on_click=start_attempt,
                  icon=":material/refresh:")
        st.page_link("views/lesson.py", label=t("quiz.reread"), icon=":material/menu_book:",
                     query_params={"module": bundle.id, "lesson": "1"})


st.title(t("quiz.title", module=bundle.in_language(lang).title))
history = progress.attempts(db, me.id, bundle.id)
open_attempt = next((a for a in history if not a.submitted), None)
submitted = [a for a in history if a.submitted]
requested = st.query_params.get("attempt")
shown = next((a for a in submitted if str(a.id) in (requested, str(st.session_state.get("review_attempt")))),
             None)

if open_attempt is not None:
    if open_attempt.position >= len(open_attempt.plan.questions):
        review_page(open_attempt)
    else:
        question_page(open_attempt)
elif shown is not None or submitted:
    results_page(shown or submitted[0])
else:
    intro()
