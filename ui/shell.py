"""The frame around every page: page setup, language, sign-in by resume link, navigation."""

from __future__ import annotations

import hashlib
import html

import streamlit as st

from modules.catalog import ContentError
from ui import pages, state
from ui.components import language_switch, plain
from ui.post_cards import STYLE as POST_CARD_STYLE
from ui.state import t
from ui.trainer_auth import check_session

_STYLE = """<style>
/* st.caption draws text at 60% opacity: 3.9:1 on white, below WCAG 1.4.3's 4.5:1 (axe). */
.stApp [data-testid='stCaptionContainer'] { opacity: 0.8; }
/* Long Dutch compounds ("Socialemediastrategie") must break with a hyphen on a phone. */
.stApp h1, .stApp h2, .stApp h3 { hyphens: auto; overflow-wrap: break-word; }
/* Tables wrap their text at spaces and hyphens instead of cutting columns off on a phone. */
.stApp [data-testid='stTable'] table { width: 100%; }
.stApp [data-testid='stTable'] th, .stApp [data-testid='stTable'] td {
  white-space: normal; overflow-wrap: break-word; hyphens: auto; }
.stApp [data-testid='stTable'] th * , .stApp [data-testid='stTable'] td * {
  white-space: normal; text-overflow: clip; overflow: visible; }
/* Streamlit's English line in an upload box ("200MB per file • PDF"); the page says it instead. */
.stApp [data-testid='stFileUploaderDropzoneInstructions'] { display: none; }
/* Subheadings inside lesson text should not compete with the page title. */
.stApp [data-testid='stMarkdownContainer'] h3 { font-size: 1.25rem; }
</style>"""
_STYLE = _STYLE.replace("</style>", POST_CARD_STYLE + "</style>")


def run() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon="🎓", layout="centered")
    st.html(_STYLE)
    if not _course_loads(state.lang()):
        return
    _sign_in_from_resume_link()
    _sign_in_from_mailed_link()
    state.sign_in_from_cookie()
    _sign_in_from_identity_provider()
    lang = state.lang()  # after signing in, which switches to the learner's own language
    scripts = _scripts(lang)
    # Streamlit runs an HTML element's scripts when it first draws it, not when its content
    # changes: a container named after the content is a new element whenever it changes.
    with st.container(key=f"page_scripts_{hashlib.sha256(scripts.encode()).hexdigest()[:12]}"):
        st.html(scripts, unsafe_allow_javascript=True)
    page = st.navigation(pages.navigation(lang, check_session()), position="top")
    _sidebar(lang)
    page.run()
    _footer(lang)


def _footer(lang: str) -> None:
    """On every page: the learner's own data, and the statements an organisation must publish."""
    st.divider()
    st.page_link(pages.page("views/mydata.py"), label=t("nav.mydata"), icon=":material/person:")
    st.markdown(
        f"[{t('statement.privacy')}](/privacy?lang={lang}) · "
        f"[{t('statement.toegankelijkheid')}](/toegankelijkheid?lang={lang})"
    )


def _scripts(lang: str) -> str:
    """The page language follows the interface language (WCAG 3.1.1; Streamlit hard-codes
    "en"), and the browser's session cookie follows the sign-in (a page cannot set cookies).
    One element, so the page has one gap for both."""
    device = "".join(
        f' data-{name}="{html.escape(value)}"' for name, value in state.device_script_data().items()
    )
    session = f'<script src="/assets/session.js"{device}></script>' if device else ""
    # Mends the list markup of the menu's sections and makes a sideways-scrolling table reachable.
    fixes = '<script src="/assets/nav-lists.js"></script>'
    return f'<script src="/assets/html-lang.js" data-lang="{lang}"></script>{session}{fixes}'


def _course_loads(lang: str) -> bool:
    try:
        state.app()  # built on the first page run: reads the course, opens the database
        return True
    except ContentError as broken:  # an operator's edit broke the built-in course: say where
        st.error(t("app.content_broken"))
        st.code("\n".join(p.format(lang) for p in broken.problems), language=None)
        return False


def _sign_in_from_resume_link() -> None:
    resume = st.query_params.get("resume")
    if not resume or not state.allowed(state.app().limits.resume):
        return
    found = state.app().learners.resume(resume)
    if found:
        state.sign_in(found)
    else:
        st.session_state["resume_failed"] = True
    del st.query_params["resume"]  # keep the code out of the address bar and history


def _sign_in_from_mailed_link() -> None:
    """A sign-in link from "Ik ben mijn code kwijt": valid one hour, used once."""
    token = st.query_params.get("signin")
    if not token:
        return
    found = state.app().learners.sign_in_with_link(token)
    if found:
        state.sign_in(found)
    else:
        st.session_state["signin_failed"] = True
    del st.query_params["signin"]  # keep the token out of the address bar and history


def _sign_in_from_identity_provider() -> None:
    subject = state.oidc_subject()
    if subject and state.learner() is None:
        found = state.app().learners.by_identity(subject)
        if found:
            state.sign_in(found)


def _sidebar(lang: str) -> None:
    with st.sidebar:
        language_switch("language_choice")
        me = state.learner()
        if me:
            st.write(t("sidebar.signed_in_as", name=plain(me.name)))
            if st.button(t("sidebar.sign_out"), key="sign_out"):
                state.sign_out()
                if state.oidc_subject():
                    st.logout()
                st.switch_page("views/start.py")
