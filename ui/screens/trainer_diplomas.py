"""Diplomas for trainers: search, and revoke one issued in error (with a reason, confirmed)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from application import DiplomaRecord, InvalidLearnerInput
from certificates.record import REPLACED_REASON
from i18n import long_date
from ui import state
from ui.components import download_when_clicked, html_table
from ui.state import t
from ui.trainer_auth import require_trainer

SHOWN = 25  # newest first; searching finds the others
DONE = "trainer_diplomas_done"  # what the last action did, shown once after the page is redrawn


def render() -> None:
    trainer = require_trainer()
    st.title(t("nav.trainer_diplomas"))
    if done := st.session_state.pop(DONE, None):
        st.success(done)
    service = state.app().diplomas
    query = st.text_input(t("trainer.diploma_search"), key="diploma_search")
    found = service.search(query)
    lang = state.lang()
    if found:
        html_table(
            pd.DataFrame(
                [
                    {
                        t("check.code"): d.code,
                        t("check.name"): d.name,
                        t("check.date"): long_date(d.issued_at, lang),
                        t("trainer.status"): _status(d, lang),
                    }
                    for d in found[:SHOWN]
                ]
            )
        )
    if len(found) > SHOWN:
        st.caption(t("trainer.diplomas_more", shown=SHOWN, count=len(found)))
    _workshop_download()
    active = [d for d in found if not d.revoked]
    if not active:
        return
    _revoke(active, trainer.email)
    _correct_name(active, trainer.email)


def _revoke(active: list[DiplomaRecord], by: str) -> None:
    service = state.app().diplomas
    st.subheader(t("trainer.revoke_title"))
    with st.form("revoke_form"):
        code = st.selectbox(
            t("check.code"),
            [d.code for d in active],
            format_func=lambda c: f"{c} – {next(d.name for d in active if d.code == c)}",
            placeholder=t("common.choose"),
        )
        reason = st.text_input(t("trainer.revoke_reason"), max_chars=500)
        sure = st.checkbox(t("trainer.revoke_confirm"))
        submitted = st.form_submit_button(t("trainer.revoke_button"))
    if not submitted:
        return
    if not reason.strip():
        st.error(t("trainer.revoke_needs_reason"))
    elif not sure:
        st.error(t("trainer.revoke_needs_confirmation"))
    else:
        service.revoke(code, reason.strip(), by=by)
        # Draw the page again, so the list says "ingetrokken" and the form no longer offers it.
        st.session_state[DONE] = t("trainer.revoked", code=code)
        st.rerun()


def _correct_name(active: list[DiplomaRecord], by: str) -> None:
    """A wrong name on a diploma: correct the learner's name (with a reason, in the audit log);
    the diploma is revoked as replaced and the learner makes the new one at once."""
    owned = [d for d in active if d.learner_id is not None]
    if not owned:
        return
    st.subheader(t("trainer.correct_title"))
    st.write(t("trainer.correct_explained"))
    with st.form("correct_form"):
        code = st.selectbox(
            t("check.code"),
            [d.code for d in owned],
            format_func=lambda c: f"{c} – {next(d.name for d in owned if d.code == c)}",
            key="correct_code",
            placeholder=t("common.choose"),
        )
        name = st.text_input(t("trainer.correct_name"), max_chars=120)
        reason = st.text_input(t("trainer.correct_reason"), max_chars=500)
        submitted = st.form_submit_button(t("trainer.correct_button"))
    if not submitted:
        return
    diploma = next(d for d in owned if d.code == code)
    if not reason.strip():
        st.error(t("trainer.correct_needs_reason"))
        return
    try:
        state.app().learners.correct_name(diploma.learner_id or 0, name, reason=reason, by=by)
    except InvalidLearnerInput as problem:
        st.error(t(f"start.error.{problem.field}.{problem.code}"))
        return
    st.session_state[DONE] = t("trainer.corrected", code=code)
    st.rerun()


def _status(diploma: DiplomaRecord, lang: str) -> str:
    if diploma.revoked_at is None:
        return t("trainer.valid")
    if diploma.replaced_by or diploma.revoked_reason == REPLACED_REASON:
        return t("trainer.replaced_on", date=long_date(diploma.revoked_at, lang))
    return t("trainer.revoked_on", date=long_date(diploma.revoked_at, lang))


def _workshop_download() -> None:
    """All diplomas of one workshop as a ZIP, e.g. to hand out or archive after the day."""
    service = state.app().diplomas
    options = {w.code: f"{w.title} ({w.code})" for w in state.app().workshops.all()}
    if not options:
        return
    with st.expander(t("trainer.workshop_zip")):
        code = st.selectbox(
            t("results.workshop"),
            list(options),
            format_func=lambda c: options[c],
            key="zip_workshop",
            placeholder=t("common.choose"),
        )
        download_when_clicked(
            t("trainer.workshop_zip_button"),
            data=lambda: service.workshop_zip(code)[1],
            file_name=f"diplomas-{code}.zip",
            mime="application/zip",
            key="workshop_zip",
        )
