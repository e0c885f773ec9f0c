"""Module versions for trainers: what learners get now, every earlier version, the
difference with the published one, preview, download, publish or restore, withdraw."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from application import LiveCourse, Publication, TrainerInfo, VersionInfo
from application.authoring import AuthoringService
from ui import state
from ui.components import download_when_clicked, html_table, local_time
from ui.pages import page
from ui.state import t
from ui.trainer_auth import require_trainer

MODULE_KEY = "versions_module"
DONE_KEY = "versions_published"


def render() -> None:
    trainer = require_trainer()
    st.title(t("nav.trainer_versions"))
    authoring = state.app().authoring
    live = state.app().catalog.live()
    choices = authoring.module_ids()
    requested = st.query_params.get("module")
    if requested in choices and MODULE_KEY not in st.session_state:
        st.session_state[MODULE_KEY] = requested
    module_id = st.selectbox(
        t("versions.module"),
        choices,
        key=MODULE_KEY,
        format_func=lambda m: _module_label(live, m),
        placeholder=t("common.choose"),
    )
    published = live.versions.get(module_id)
    if (done := st.session_state.pop(DONE_KEY, None)) is not None:
        st.success(t("versions.done", version=done))
    rows = authoring.history(module_id)
    st.write(t("versions.published", version=published) if published else t("versions.not_in_course"))
    html_table(
        pd.DataFrame(
            [
                {
                    t("versions.version"): v.version,
                    t("versions.title"): v.title,
                    t("versions.source"): t(f"versions.source_{v.source}"),
                    t("versions.created"): local_time(v.created_at),
                    t("versions.by"): v.created_by or "",
                    t("versions.status"): t("versions.live") if v.version == published else "",
                }
                for v in rows
            ]
        )
    )

    by_number = {v.version: v for v in rows}
    chosen = st.selectbox(
        t("versions.choose"),
        list(by_number),
        key=f"version:{module_id}",
        format_func=lambda n: f"v{n} – {by_number[n].title}",
        placeholder=t("common.choose"),
    )
    history = authoring.publications(module_id)
    if chosen is not None:
        _version_actions(authoring, trainer, by_number[chosen], published, history)
    _withdraw(authoring, trainer, module_id, published)
    with st.expander(t("versions.history")):
        html_table(
            pd.DataFrame(
                [
                    {
                        t("versions.when"): local_time(p.published_at),
                        t("versions.action"): t(f"versions.action_{p.action}"),
                        t("versions.version"): "–" if p.version is None else p.version,
                        t("versions.by"): p.published_by,
                    }
                    for p in history
                ]
            )
        )


def _module_label(live: LiveCourse, module_id: str) -> str:
    if module_id in live.versions:
        return f"{live.course.module(module_id).in_language(state.lang()).title} ({module_id})"
    return f"{module_id} ({t('versions.not_in_course_short')})"


def _version_actions(
    authoring: AuthoringService,
    trainer: TrainerInfo,
    chosen: VersionInfo,
    published: int | None,
    history: list[Publication],
) -> None:
    module_id, version = chosen.module_id, chosen.version
    st.page_link(
        page("views/trainer_preview.py"),
        label=t("versions.preview", version=version),
        icon=":material/visibility:",
        query_params={"module": module_id, "version": str(version)},
    )
    # Packed only when clicked, from the parsed version this process keeps anyway.
    download_when_clicked(
        t("versions.download", version=version),
        data=lambda: authoring.package(module_id, version),
        file_name=f"{module_id}-v{version}.zip",
        mime="application/zip",
        key=f"download:{module_id}:{version}",
    )
    if published is not None and version != published:
        change = authoring.diff(module_id, published, version)
        with st.expander(t("versions.diff", old=published, new=version), expanded=True):
            st.code(change.text or t("versions.no_text_change"), language="diff")
            if change.images:
                st.write(t("versions.images_changed", images=", ".join(change.images)))
    if version == published:
        return
    restore = any(p.version == version for p in history)
    with st.form(f"publish:{module_id}:{version}"):
        st.write(t("versions.publish_explained"))
        sure = st.checkbox(t("versions.confirm", version=version))
        clicked = st.form_submit_button(
            t("versions.restore" if restore else "versions.publish", version=version), type="primary"
        )
    if clicked:
        if not sure:
            st.error(t("versions.needs_confirmation"))
            return
        authoring.publish(module_id, version, trainer.email)
        st.session_state[DONE_KEY] = version  # said after the rerun that shows the new state
        st.rerun()


def _withdraw(
    authoring: AuthoringService, trainer: TrainerInfo, module_id: str, published: int | None
) -> None:
    """Only modules that exist as uploads can leave the course; the built-in ones stay."""
    if published is None or authoring.is_builtin(module_id):
        return
    with st.expander(t("versions.withdraw_title")):
        with st.form(f"withdraw:{module_id}"):
            st.write(t("versions.withdraw_explained"))
            sure = st.checkbox(t("versions.withdraw_confirm"))
            clicked = st.form_submit_button(t("versions.withdraw"))
        if clicked and sure:
            authoring.withdraw(module_id, trainer.email)
            st.rerun()
        elif clicked:
            st.error(t("versions.needs_confirmation"))
