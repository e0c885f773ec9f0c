"""The Streamlit script behind `course_app.py`: page setup, language, navigation."""

import sys
from pathlib import Path

# `streamlit run` puts this folder, not the project root, on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from modules.catalog import ContentError  # noqa: E402
from storage import learners  # noqa: E402
from ui import state  # noqa: E402
from ui.i18n import LANGUAGES  # noqa: E402
from ui.state import t  # noqa: E402

st.set_page_config(page_title=t("app.title"), page_icon="🎓", layout="centered")
lang = state.lang()

try:
    state.course()
except ContentError as broken:  # an operator's edit broke the built-in course: say exactly where
    st.error(t("app.content_broken"))
    st.code("\n".join(p.format(lang) for p in broken.problems), language=None)
    st.stop()

# The page language follows the interface language (WCAG 3.1.1); Streamlit hard-codes "en".
st.html(f"<script>document.documentElement.lang = {lang!r};</script>", unsafe_allow_javascript=True)

resume = st.query_params.get("resume")
if resume:
    found = learners.find_by_resume_code(state.database(), resume)
    if found:
        state.sign_in(found)
    else:
        st.session_state["resume_failed"] = True
    del st.query_params["resume"]  # keep the code out of the address bar and history

pages = [
    st.Page("views/start.py", title=t("nav.start"), icon=":material/home:", default=True),
    st.Page("views/modules.py", title=t("nav.modules"), icon=":material/school:", url_path="modules"),
    st.Page("views/lesson.py", title=t("nav.lesson"), url_path="les", visibility="hidden"),
    st.Page("views/quiz.py", title=t("nav.quiz"), url_path="quiz", visibility="hidden"),
    st.Page("views/progress.py", title=t("nav.progress"), icon=":material/insights:",
            url_path="voortgang"),
]
page = st.navigation(pages, position="top")

with st.sidebar:
    choice = st.radio(
        "Taal / Language",
        list(LANGUAGES),
        index=list(LANGUAGES).index(lang),
        format_func=LANGUAGES.get,
        horizontal=True,
        key="language_choice",
    )
    if choice != lang:
        st.session_state[state.LANG_KEY] = choice
        me = state.learner()
        if me:
            learners.set_language(state.database(), me.id, choice)
        st.rerun()
    me = state.learner()
    if me:
        st.write(t("sidebar.signed_in_as", name=me.name))
        if st.button(t("sidebar.sign_out"), key="sign_out"):
            state.sign_out()
            st.switch_page("views/start.py")

page.run()
