"""Start page: what the course is, start without an account, or resume with a code."""

import streamlit as st

from storage import learners
from storage.learners import InvalidLearnerInput
from ui import state
from ui.state import t


def render() -> None:
    course = state.course()
    about = course.about(state.lang())
    me = state.learner()

    st.title(about.title)
    st.write(about.tagline)

    new_code = st.session_state.get("new_resume_code")
    if me and new_code:
        st.success(t("start.welcome_new", name=me.name))
        st.subheader(t("start.your_code"))
        st.write(t("start.code_explained"))
        st.code(new_code, language=None)
        st.write(t("start.link_explained"))
        st.code(f"{state.settings().public_base_url}/?resume={new_code}", language=None)
        if st.button(t("start.code_saved"), type="primary", key="code_saved"):
            del st.session_state["new_resume_code"]
            st.switch_page("views/modules.py")
        return

    if me:
        st.success(t("start.welcome_back", name=me.name))
        st.page_link("views/modules.py", label=t("start.to_modules"), icon=":material/arrow_forward:")

    st.markdown(about.intro)

    st.subheader(t("start.modules_heading"))
    lang = state.lang()
    total_minutes = 0
    for number, bundle in enumerate(course.modules, start=1):
        module = bundle.in_language(lang)
        total_minutes += module.estimated_minutes
        st.markdown(f"{number}. **{module.title}** ({t('common.minutes', n=module.estimated_minutes)})")
    st.caption(t("start.total_time", hours=round(total_minutes / 60, 1)))

    if me:
        return

    st.header(t("start.begin_heading"))
    st.write(t("start.begin_explained"))
    with st.form("start_form"):
        name = st.text_input(t("start.name_label"), help=t("start.name_help"), max_chars=120)
        email = st.text_input(t("start.email_label"), help=t("start.email_help"), max_chars=254)
        workshop = st.text_input(t("start.workshop_label"), help=t("start.workshop_help"),
                                 value=st.query_params.get("workshop", ""), max_chars=20)
        started = st.form_submit_button(t("start.begin_button"), type="primary")
    if started:
        try:
            info, code = learners.register(
                state.database(), name, email=email, workshop_code=workshop, language=lang
            )
        except InvalidLearnerInput as problem:
            st.error(t(f"start.error.{problem.field}.{problem.code}"))
        else:
            state.sign_in(info)
            st.session_state["new_resume_code"] = code
            st.rerun()

    st.header(t("start.resume_heading"))
    if st.session_state.pop("resume_failed", False):
        st.error(t("start.resume_unknown"))
    with st.form("resume_form"):
        code = st.text_input(t("start.resume_label"), help=t("start.resume_help"), max_chars=40)
        resumed = st.form_submit_button(t("start.resume_button"))
    if resumed:
        found = learners.find_by_resume_code(state.database(), code)
        if found is None:
            st.error(t("start.resume_unknown"))
        else:
            state.sign_in(found)
            st.switch_page("views/modules.py")
