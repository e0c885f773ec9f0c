"""My diploma: issue it once every module is passed, download it, put it on LinkedIn."""

from __future__ import annotations

import streamlit as st

from application import DiplomaRecord, InvalidLearnerInput, NameLocked, NotEligible
from certificates import linkedin
from i18n import long_date
from modules.safe_markdown import inert
from ui import state
from ui.components import download_when_clicked, plain, require_learner
from ui.pages import page
from ui.state import t


def render() -> None:
    me = require_learner()
    st.title(t("diploma.title"))
    diploma = state.app().diplomas.current(me.id)
    if diploma is None:
        _not_yet_issued(me.id, me.name)
    else:
        _show(diploma)


def _not_yet_issued(learner_id: int, name: str) -> None:
    service = state.app().diplomas
    missing = state.app().learning.progress(learner_id).missing
    if missing:
        st.info(t("diploma.not_yet", count=len(missing)))
        lang = state.lang()
        st.markdown(inert("\n".join(f"- {m.in_language(lang).title}" for m in missing)))
        st.page_link(page("views/modules.py"), label=t("nav.modules"), icon=":material/arrow_forward:")
        _own_name(learner_id, name)
        return
    st.success(t("diploma.ready"))
    st.write(t("diploma.name_check", name=plain(name)))
    _own_name(learner_id, name)
    if st.button(t("diploma.issue"), type="primary", key="issue_diploma"):
        try:
            service.issue(learner_id, language=state.lang())
        except NotEligible:
            st.error(t("diploma.not_eligible"))
            return
        st.rerun()


def _own_name(learner_id: int, name: str) -> None:
    """Before the diploma exists the learner corrects their own name (after it, a trainer)."""
    with st.expander(t("diploma.fix_name")), st.form("own_name"):
        new = st.text_input(t("start.name_label"), value=name, max_chars=120)
        saved = st.form_submit_button(t("diploma.fix_name_button"))
    if not saved:
        return
    try:
        info = state.app().learners.rename(learner_id, new)
    except InvalidLearnerInput as problem:
        st.error(t(f"start.error.{problem.field}.{problem.code}"))
        return
    except NameLocked:
        st.error(t("diploma.name_locked"))
        return
    state.sign_in(info, device_session=st.session_state.get(state.DEVICE_SESSION_KEY))
    st.rerun()


def _show(diploma: DiplomaRecord) -> None:
    service = state.app().diplomas
    url = service.verify_url(diploma.code)
    if diploma.revoked_at is not None:
        st.error(t("diploma.revoked", date=long_date(diploma.revoked_at, state.lang())))
    else:
        st.success(t("diploma.issued", date=long_date(diploma.issued_at, state.lang())))
    download_when_clicked(
        t("diploma.download"),
        data=lambda: service.pdf(diploma),
        file_name=f"diploma-{diploma.code}.pdf",
        mime="application/pdf",
        type="primary",
        icon=":material/download:",
        key="download_diploma",
    )
    st.markdown(t("diploma.verify_link", url=url))
    if diploma.revoked:
        return
    st.header(t("diploma.linkedin"))
    st.write(t("diploma.linkedin_explained"))
    organization_id = service.settings.linkedin_organization_id
    st.link_button(
        t("diploma.add_to_profile"),
        linkedin.add_to_profile_url(diploma, url, organization_id),
        type="primary",
    )
    st.link_button(t("diploma.share"), linkedin.share_url(url))
    st.subheader(t("diploma.post_heading"))
    st.code(linkedin.suggested_post(diploma, url, state.lang()), language=None, wrap_lines=True)
    with st.expander(t("diploma.by_hand")):
        st.write(t("diploma.by_hand_explained"))
        fields = linkedin.profile_fields(diploma, url, organization_id)
        for key in (
            "name",
            "organizationName",
            "organizationId",
            "issueYear",
            "issueMonth",
            "certUrl",
            "certId",
        ):
            if key in fields:
                st.caption(t(f"diploma.field.{key}"))
                st.code(fields[key], language=None, wrap_lines=True)
