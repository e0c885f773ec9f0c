"""The trainer's start page: what there is to do, and the latest entries of the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from application import AuditRecord, reports
from i18n import translate
from ui import state
from ui.components import download_when_clicked, html_table, local_time
from ui.pages import page
from ui.state import t
from ui.trainer_auth import require_trainer, sign_out

AUDIT_SHOWN = 25
AUDIT_EXPORTED = 100_000


def render() -> None:
    trainer = require_trainer()
    st.title(t("trainer.home_title"))
    st.write(t("trainer.signed_in", email=trainer.email, role=t(f"trainer.role.{trainer.role}")))
    if state.app().address_is_local:
        st.warning(
            t("trainer.local_address", url=state.app().settings.public_base_url), icon=":material/warning:"
        )
    st.page_link(
        page("views/trainer_workshops.py"), label=t("nav.trainer_workshops"), icon=":material/groups:"
    )
    st.page_link(
        page("views/trainer_upload.py"), label=t("nav.trainer_upload"), icon=":material/upload_file:"
    )
    st.page_link(
        page("views/trainer_versions.py"), label=t("nav.trainer_versions"), icon=":material/history:"
    )
    st.page_link(
        page("views/trainer_results.py"), label=t("nav.trainer_results"), icon=":material/monitoring:"
    )
    st.page_link(
        page("views/trainer_retention.py"), label=t("nav.trainer_retention"), icon=":material/psychology:"
    )
    st.page_link(
        page("views/trainer_diplomas.py"),
        label=t("nav.trainer_diplomas"),
        icon=":material/workspace_premium:",
    )
    if trainer.is_admin:
        st.page_link(
            page("views/trainer_accounts.py"), label=t("nav.trainer_accounts"), icon=":material/group:"
        )
    if st.button(t("trainer.sign_out"), key="trainer_sign_out"):
        sign_out()
        if state.oidc_subject():
            st.logout()  # otherwise the organisation's login would sign the trainer in again
        st.rerun()
    st.subheader(t("trainer.audit_title"))
    trainers, lang = state.app().trainers, state.lang()
    entries = trainers.audit_log(limit=AUDIT_SHOWN)
    if entries:
        html_table(_audit_frame(entries, lang))
    # Made only when clicked (outside the page run: hence the service and lang bound here, no session state).
    download_when_clicked(
        t("trainer.audit_download"),
        key="audit_csv",
        file_name="logboek.csv",
        mime="text/csv",
        data=lambda: _audit_csv(trainers.audit_log(limit=AUDIT_EXPORTED), lang),
    )


def _audit_frame(entries: list[AuditRecord], lang: str) -> pd.DataFrame:
    def words(key: str) -> str:
        return translate(lang, key)

    return pd.DataFrame(
        [
            {
                words("trainer.audit_when"): local_time(e.at),
                words("trainer.audit_who"): e.actor,
                words("trainer.audit_what"): _action(e.action, e.detail, lang),
                words("trainer.audit_subject"): e.subject or "",
            }
            for e in entries
        ]
    )


def _audit_csv(entries: list[AuditRecord], lang: str) -> bytes:
    """The log for Dutch Excel; a subject that looks like a formula stays text."""
    frame = _audit_frame(entries, lang)
    columns = [reports.Column(str(name), str(name)) for name in frame.columns]
    return reports.to_csv(reports.Table("logboek", columns, reports.records(frame)), lang)


def _action(action: str, detail: dict[str, object] | None, lang: str) -> str:
    """The action in the reader's language, with the module version where there is one."""
    key = f"audit.{action}"
    words = action if translate(lang, key) == key else translate(lang, key)
    return f"{words} (v{detail['version']})" if detail and "version" in detail else words
