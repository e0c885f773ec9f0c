"""Lesson reader: one lesson at a time, then the module's cases, checklist and sources."""

import streamlit as st

from application import LearnerInfo
from modules.catalog import ModuleBundle
from modules.model import Practice
from modules.safe_markdown import inert
from ui import state
from ui.components import (
    ModuleLinks,
    in_content_language,
    learner_links,
    markdown,
    module_from_query,
    posts,
    require_learner,
)
from ui.pages import page
from ui.state import t


def render() -> None:
    me = require_learner()
    bundle = module_from_query()
    show_lesson(me, bundle, learner_links(bundle.id))


def show_lesson(me: LearnerInfo, bundle: ModuleBundle, links: ModuleLinks) -> None:
    """The lesson named by `?lesson=` (the last page holds the practice material)."""
    with in_content_language(bundle):
        _show_lesson(me, bundle, links)


def _show_lesson(me: LearnerInfo, bundle: ModuleBundle, links: ModuleLinks) -> None:
    module = bundle.in_language(state.lang(), me.country)
    pages = len(module.lessons) + 1  # the last page holds cases, checklist and sources

    try:
        number = min(max(int(st.query_params.get("lesson", "1")), 1), pages)
    except ValueError:
        number = 1
    # A link to this same page with other parameters leaves the address bar as it was; write
    # it, so a reload (or a bookmark) opens this lesson and not the first.
    st.query_params["lesson"] = str(number)

    st.caption(module.title)
    st.progress(number / pages, text=t("lesson.position", number=number, total=pages))

    if number <= len(module.lessons):
        lesson = module.lessons[number - 1]
        st.title(lesson.title)
        markdown(lesson.body, bundle)
        posts(lesson.posts, bundle)
        read_key = f"read:{bundle.id}:{lesson.id}"
        if read_key not in st.session_state:  # one write per lesson, not one per rerun
            state.app().learning.mark_lesson_read(me.id, bundle.id, lesson.id)
            st.session_state[read_key] = True
    else:
        st.title(t("lesson.practice_title"))
        if module.practice:
            show_practice(me, bundle, module.practice)
        if module.cases:
            st.header(t("lesson.cases"))
            for case in module.cases:
                st.subheader(case.title)
                markdown(case.body, bundle)
                posts(case.posts, bundle)
        if module.checklist:
            st.header(t("lesson.checklist"))
            st.markdown(inert("\n".join(f"- {item}" for item in module.checklist)))
        st.header(t("lesson.sources"))
        for source in module.sources:
            line = f"[{source.title}]({source.url})" if source.url else source.title
            st.markdown(inert(f"- {line}" + (f" — {source.note}" if source.note else "")))

    previous, following = st.columns(2)
    with previous:
        if number > 1:
            st.page_link(
                page(links.lesson_page),
                label=t("lesson.previous"),
                icon=":material/arrow_back:",
                query_params=links.lesson(number - 1),
            )
    with following:
        if number < pages:
            st.page_link(
                page(links.lesson_page),
                label=t("lesson.next"),
                icon=":material/arrow_forward:",
                query_params=links.lesson(number + 1),
            )
        else:
            st.page_link(
                page(links.quiz_page),
                label=t("lesson.to_quiz"),
                icon=":material/quiz:",
                query_params=links.quiz(),
            )


def show_practice(me: LearnerInfo, bundle: ModuleBundle, practice: Practice) -> None:
    """Rewrite a weak post, then compare with a model answer and tick the self-check list.
    Not graded; what the learner wrote and ticked is kept."""
    learning = state.app().learning
    saved = learning.practice(me.id, bundle.id)
    st.header(t("practice.heading"))
    st.subheader(practice.title)
    markdown(practice.task, bundle)
    posts([practice.post], bundle)
    with st.form(f"practice:{bundle.id}"):
        text = st.text_area(t("practice.your_version"), value=saved.text, max_chars=5000, height=180)
        compared = st.form_submit_button(t("practice.compare"), type="primary")
    if compared:
        saved = learning.save_practice(me.id, bundle.id, text, saved.checked)
        st.success(t("practice.saved"), icon=":material/save:")
    if not saved.text.strip():
        st.caption(t("practice.not_graded"))
        return
    with st.container(border=True):
        st.markdown(f"**{t('practice.model_answer')}**")
        markdown(practice.model_answer, bundle)
    st.markdown(f"**{t('practice.self_check')}**")
    keys = [f"practice:{bundle.id}:{i}" for i in range(len(practice.self_check))]

    def keep_ticks() -> None:  # a callback: it runs before the rerun, with the new ticks
        ticked = {i for i, key in enumerate(keys) if st.session_state.get(key)}
        learning.save_practice(me.id, bundle.id, saved.text, ticked)

    for i, item in enumerate(practice.self_check):
        st.checkbox(inert(item), value=i in saved.checked, key=keys[i], on_change=keep_ticks)
    st.caption(t("practice.not_graded"))
