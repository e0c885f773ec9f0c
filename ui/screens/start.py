"""Start page: what the course is, start without an account, or resume with a code."""

from __future__ import annotations

import time

import streamlit as st

from application import InvalidLearnerInput
from modules.safe_markdown import inert
from ui import state
from ui.components import COUNTRIES, language_switch, plain
from ui.pages import page
from ui.state import t

NEW_CODE = "new_resume_code"


def render() -> None:
    about = state.course().about(state.lang())
    me = state.learner()
    st.title(about.title)
    st.markdown(inert(about.tagline))
    if me and NEW_CODE in st.session_state:
        _show_new_code(me.name, st.session_state[NEW_CODE])
        return
    if me:
        st.success(t("start.welcome_back", name=plain(me.name)))
        st.page_link(page("views/modules.py"), label=t("start.to_modules"), icon=":material/arrow_forward:")
        st.markdown(inert(about.intro))
        _course_outline()
        return
    # On a phone both ways in and the language come first, on the first screen; what the
    # course is about follows.
    language_switch("start_language")
    if state.app().settings.oidc_enabled:
        _identity_provider()
    _start_form()
    _resume_form()
    if state.app().mail.configured:  # without mail, nothing is promised
        _lost_code_form()
    st.markdown(inert(about.intro))
    _course_outline()


def _show_new_code(name: str, code: str) -> None:
    st.success(t("start.welcome_new", name=plain(name)))
    st.subheader(t("start.your_code"))
    st.write(t("start.code_explained"))
    st.code(code, language=None)
    st.write(t("start.link_explained"))
    st.code(state.app().learners.resume_link(code), language=None, wrap_lines=True)
    if st.button(t("start.code_saved"), type="primary", key="code_saved"):
        del st.session_state[NEW_CODE]
        st.switch_page("views/modules.py")


def _course_outline() -> None:
    lang = state.lang()
    st.subheader(t("start.modules_heading"))
    me = state.learner()
    modules = [bundle.in_language(lang, me.country if me else None) for bundle in state.course().modules]
    st.markdown(
        inert(
            "\n".join(
                f"{number}. **{module.title}** ({t('common.minutes', n=module.estimated_minutes)})"
                for number, module in enumerate(modules, start=1)
            )
        )
    )
    hours = round(sum(module.estimated_minutes for module in modules) / 60, 1)
    shown = f"{hours:g}".replace(".", ",") if lang == "nl" else f"{hours:g}"  # "5,2 uur"
    st.caption(t("start.total_time", hours=shown))


def _identity_provider() -> None:
    """With the organisation's login, the account replaces the resume code."""
    if st.user.get("is_logged_in", False):
        st.info(t("start.oidc_confirm_name"))
    else:
        st.header(t("start.oidc_heading"))
        st.button(t("start.oidc_button"), key="oidc_login", on_click=st.login, type="primary")
        st.write(t("start.oidc_or_without"))


def _start_form() -> None:
    st.subheader(t("start.begin_heading"))
    suggested_name = st.user.get("name", "") if state.oidc_subject() else ""
    joined = st.query_params.get("workshop", "")
    with st.form("start_form"):
        name = st.text_input(
            t("start.name_label"), value=suggested_name, help=t("start.name_help"), max_chars=120
        )
        if joined:  # came by a workshop's link or QR code: show which
            workshop = st.text_input(
                t("start.workshop_label"), help=t("start.workshop_help"), value=joined, max_chars=20
            )
        started = st.form_submit_button(t("start.begin_button"), type="primary")
        # Optional fields below the button, so the first screen holds both ways in.
        with st.expander(t("start.more_fields")):
            st.caption(t("start.begin_explained"))
            country = st.radio(
                t("country.label"),
                COUNTRIES,
                index=None,
                format_func=lambda c: t(f"country.{c}"),
                help=t("country.help"),
                horizontal=True,
            )
            email = st.text_input(t("start.email_label"), help=t("start.email_help"), max_chars=254)
            if not joined:
                workshop = st.text_input(
                    t("start.workshop_label"), help=t("start.workshop_help"), max_chars=20
                )
    if not started:
        return
    try:
        info, code = state.app().learners.start(
            name or "",
            email=email,
            workshop_code=workshop,
            language=state.lang(),
            oidc_subject=state.oidc_subject(),
            country=country,
        )
    except InvalidLearnerInput as problem:
        st.error(t(f"start.error.{problem.field}.{problem.code}"))
        return
    state.sign_in(info)
    st.session_state[NEW_CODE] = code
    st.rerun()


def _resume_form() -> None:
    st.subheader(t("start.resume_heading"))
    if st.session_state.pop("resume_failed", False):
        st.error(t("start.resume_unknown"))
    with st.form("resume_form"):
        code = st.text_input(t("start.resume_label"), help=t("start.resume_help"), max_chars=40)
        resumed = st.form_submit_button(t("start.resume_button"))
    if not resumed or not state.allowed(state.app().limits.resume):
        return
    found = state.app().learners.resume(code)
    if found is None:
        st.error(t("start.resume_unknown"))
        return
    state.sign_in(found)
    st.switch_page("views/modules.py")


LOST_CODE_ASKED = "lost_code_asked"


def _lost_code_form() -> None:
    """ "Ik ben mijn code kwijt": a sign-in link by mail. The answer is the same whether the
    address is known or not; one request per session a minute (and a few an hour per learner)."""
    if st.session_state.pop("signin_failed", False):
        st.error(t("lostcode.link_invalid"))
    with st.expander(t("lostcode.heading")):
        with st.form("lost_code_form"):
            address = st.text_input(t("lostcode.email_label"), max_chars=254, autocomplete="email")
            asked = st.form_submit_button(t("lostcode.button"))
        if asked:
            last = st.session_state.get(LOST_CODE_ASKED, 0.0)
            now = time.monotonic()
            if now - last >= 60:  # a second click within a minute sends nothing more
                st.session_state[LOST_CODE_ASKED] = now
                state.app().mail.request_signin_link(address or "", state.lang())
            st.success(t("lostcode.sent"), icon=":material/mail:")
