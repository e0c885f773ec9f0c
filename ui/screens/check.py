"""Check a diploma PDF: for recruiters and colleagues; no account needed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from i18n import long_date
from ui import state
from ui.components import table
from ui.state import t

MAX_PDF_MB = 5


def render() -> None:
    st.title(t("check.title"))
    st.write(t("check.explained"))
    upload = st.file_uploader(t("check.upload"), type=["pdf"], max_upload_size=MAX_PDF_MB, key="diploma_pdf")
    st.caption(t("check.upload_limits", mb=MAX_PDF_MB))  # Streamlit's English line is hidden
    if upload is None:
        return
    service = state.app().diplomas
    lang = state.lang()
    result = service.verify_pdf(upload.getvalue())
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
