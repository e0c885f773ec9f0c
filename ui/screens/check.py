"""Check a diploma PDF: for recruiters and colleagues; no account needed."""

from __future__ import annotations

from typing import cast

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from application import PdfVerdict
from i18n import long_date
from ui import state
from ui.components import table
from ui.state import t

MAX_PDF_MB = 5
CHECKED = "diploma_pdf_checked"


def render() -> None:
    st.title(t("check.title"))
    st.write(t("check.explained"))
    upload = st.file_uploader(t("check.upload"), type=["pdf"], max_upload_size=MAX_PDF_MB, key="diploma_pdf")
    st.caption(t("check.upload_limits", mb=MAX_PDF_MB))  # Streamlit's English line is hidden
    if upload is None:
        return
    service = state.app().diplomas
    lang = state.lang()
    result = _checked(upload)
    if result is None:
        return
    diploma = result.diploma
    revoked_on = long_date(diploma.revoked_at, lang) if diploma and diploma.revoked_at else ""
    message = t(f"verdict.{result.problem or 'valid'}", issuer=service.issuer_name, date=revoked_on)
    if result.valid:
        st.success(message, icon=":material/verified:")
    else:
        st.error(message, icon=":material/error:")
    if diploma:
        # One row per field, the label as row header: on a phone nothing is cut off.
        table(
            pd.DataFrame(
                {
                    "": [
                        t("check.name"),
                        t("check.course"),
                        t("check.date"),
                        t("check.issuer"),
                        t("check.code"),
                    ],
                    " ": [
                        diploma.name,
                        diploma.course_title,
                        long_date(diploma.issued_at, lang),
                        diploma.issuer_name,
                        diploma.code,
                    ],
                }
            ).set_index("")
        )
        st.markdown(t("diploma.verify_link", url=service.verify_url(diploma.code)))


def _checked(upload: UploadedFile) -> PdfVerdict | None:
    """The verdict on this upload: checked once (reruns of the page reuse it), and only
    within this client's allowance of checks."""
    done = st.session_state.get(CHECKED)
    if done and done[0] == upload.file_id:
        return cast(PdfVerdict, done[1])
    if not state.allowed(state.app().limits.pdf_check):
        return None
    result = state.app().diplomas.verify_pdf(upload.getvalue())
    st.session_state[CHECKED] = (upload.file_id, result)
    return result
