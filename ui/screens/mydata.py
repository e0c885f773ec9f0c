"""My data: what the course keeps about the learner, to download or to erase (AVG/GDPR
articles 15, 17 and 20). The work is done by `app.privacy`; this page asks and shows."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.components import download_when_clicked
from ui.pages import page
from ui.state import t

ERASED = "mydata_erased"


def render() -> None:
    st.title(t("mydata.title"))
    if st.session_state.pop(ERASED, False):
        st.success(t("mydata.erased"), icon=":material/check_circle:")
        return
    me = state.learner()
    if me is None:
        st.info(t("mydata.sign_in_first"))
        st.page_link(page("views/start.py"), label=t("common.to_start"), icon=":material/arrow_forward:")
        return
    st.markdown(t("mydata.intro"))
    privacy, lang = state.app().privacy, state.lang()
    kept = privacy.counts(me.id)
    st.write(
        t(
            "mydata.summary",
            lessons=kept.get("lesson_reads", 0),
            attempts=kept.get("attempts", 0),
            diplomas=kept.get("diplomas", 0),
        )
    )

    st.header(t("mydata.download_heading"))
    st.write(t("mydata.download_text"))
    # Made when clicked, not on every rerun of the page: the export reads every table.
    download_when_clicked(
        t("mydata.download_html"),
        lambda: privacy.export(me.id).to_html(lang),
        file_name="mijn-gegevens.html",
        mime="text/html",
        icon=":material/download:",
    )
    download_when_clicked(
        t("mydata.download_json"),
        lambda: privacy.export(me.id).to_json(),
        file_name="mijn-gegevens.json",
        mime="application/json",
        icon=":material/data_object:",
    )

    st.header(t("mydata.erase_heading"))
    st.write(t("mydata.erase_text"))
    with st.form("erase_form"):
        typed = st.text_input(t("mydata.erase_confirm"), autocomplete="off")
        erase = st.form_submit_button(t("mydata.erase_button"), type="primary")
    if not erase:
        return
    if typed.strip() != t("mydata.erase_word"):
        st.error(t("mydata.erase_mismatch"))
        return
    state.app().privacy.erase(me.id)
    state.sign_out()
    st.session_state[ERASED] = True
    st.rerun()
