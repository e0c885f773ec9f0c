"""The trainer's start page: what there is to do, and the latest entries of the audit log."""

from __future__ import annotations

import streamlit as st

from storage import audit
from ui import state
from ui.components import local_time
from ui.state import t
from ui.trainer_auth import require_trainer, sign_out


def render() -> None:
    trainer = require_trainer()
    st.title(t("trainer.home_title"))
    st.write(t("trainer.signed_in", email=trainer.email, role=t(f"trainer.role.{trainer.role}")))
    st.page_link("views/trainer_workshops.py", label=t("nav.trainer_workshops"), icon=":material/groups:")
    st.page_link("views/trainer_upload.py", label=t("nav.trainer_upload"), icon=":material/upload_file:")
    st.page_link("views/trainer_versions.py", label=t("nav.trainer_versions"), icon=":material/history:")
    st.page_link("views/trainer_results.py", label=t("nav.trainer_results"), icon=":material/monitoring:")
    st.page_link("views/trainer_diplomas.py", label=t("nav.trainer_diplomas"), icon=":material/workspace_premium:")
    if trainer.is_admin:
        st.page_link("views/trainer_accounts.py", label=t("nav.trainer_accounts"), icon=":material/group:")
    if st.button(t("trainer.sign_out"), key="trainer_sign_out"):
        sign_out()
        if state.oidc_subject():
            st.logout()  # otherwise the organisation's login would sign the trainer in again
        st.rerun()
    st.subheader(t("trainer.audit_title"))
    entries = audit.recent(state.database(), limit=50)
    st.dataframe(
        [{t("trainer.audit_when"): local_time(e.at), t("trainer.audit_who"): e.actor,
          t("trainer.audit_what"): _action(e.action, e.detail), t("trainer.audit_subject"): e.subject or ""} for e in entries],
        hide_index=True, use_container_width=True)


def _action(action: str, detail: dict[str, object] | None) -> str:
    """The action in the reader's language, with the module version where there is one."""
    key = f"audit.{action}"
    words = action if t(key) == key else t(key)
    return f"{words} (v{detail['version']})" if detail and "version" in detail else words
