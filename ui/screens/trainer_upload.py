"""Upload a module file (YAML, or a ZIP of the module folder with images).

A file with problems is listed with file, line and explanation, and nothing is stored. A
valid file is kept as a new version (not yet published): the trainer previews it with the
learner's own screens, sees what changed, and publishes it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from application import TrainerInfo, Upload
from modules.catalog import ModuleBundle
from modules.files import is_yaml
from modules.safe_markdown import inert
from modules.upload import MAX_UPLOAD, UPLOAD_SUFFIXES
from settings import PROJECT_ROOT
from ui import state
from ui.components import markdown
from ui.pages import page
from ui.questions import show_answer_key
from ui.state import t
from ui.trainer_auth import require_trainer

TEMPLATE = PROJECT_ROOT / "docs" / "module-template.nl.yaml"
FORMAT_GUIDE = PROJECT_ROOT / "docs" / "content-format.md"
CHECKED = "upload_checked"  # (file id, upload): a file is read and stored once, not per rerun


def render() -> None:
    trainer = require_trainer()
    st.title(t("nav.trainer_upload"))
    st.write(t("upload.explained"))
    _downloads()
    uploaded = st.file_uploader(
        t("upload.choose"),
        type=[suffix.lstrip(".") for suffix in UPLOAD_SUFFIXES],
        max_upload_size=MAX_UPLOAD >> 20,
        key="module_upload",
    )
    # Streamlit's own line in the box is English ("200MB per file • YAML, YML, ZIP"): hidden
    # (shell.py), said here instead.
    st.caption(t("upload.limits", mb=MAX_UPLOAD >> 20))
    if uploaded is None:
        return
    upload = _checked_and_kept(uploaded, trainer)
    if upload.result.bundle is None or upload.version is None:
        st.error(t("upload.problems", count=len(upload.result.problems)))
        st.caption(t("upload.numbering"))
        lang = state.lang()
        st.code("\n".join(p.format(lang) for p in upload.result.problems), language=None, wrap_lines=True)
        return
    _saved_version(trainer, upload.result.bundle, upload.version)


def _checked_and_kept(uploaded: UploadedFile, trainer: TrainerInfo) -> Upload:
    """The file validated, and stored as a version when valid: once per uploaded file (ticking
    a box reruns the page, and a ZIP of images is not re-read and re-encoded for that)."""
    memo = st.session_state.get(CHECKED)
    if memo is None or memo[0] != uploaded.file_id:
        upload = state.app().authoring.upload(uploaded.name, uploaded.getvalue(), by=trainer.email)
        memo = st.session_state[CHECKED] = (uploaded.file_id, upload)
    return memo[1]


def _saved_version(trainer: TrainerInfo, bundle: ModuleBundle, version: int) -> None:
    authoring = state.app().authoring
    title = bundle.in_language("nl").title
    published = state.app().catalog.live().versions.get(bundle.id)
    if published == version:
        st.info(t("upload.already_published", module=title, version=version))
        return
    st.success(t("upload.saved", module=title, version=version))
    if published is None:
        st.warning(t("upload.new_module"))
    st.page_link(
        page("views/trainer_preview.py"),
        label=t("versions.preview", version=version),
        icon=":material/visibility:",
        query_params={"module": bundle.id, "version": str(version)},
    )
    if published is not None:
        change = authoring.diff(bundle.id, published, version)
        with st.expander(t("versions.diff", old=published, new=version)):
            st.code(change.text or t("versions.no_text_change"), language="diff")
    with st.expander(t("upload.answer_key")):
        _answer_key(bundle)
    with st.form("publish_upload"):
        st.write(t("versions.publish_explained"))
        sure = st.checkbox(t("versions.confirm", version=version))
        clicked = st.form_submit_button(t("versions.publish", version=version), type="primary")
    if clicked and not sure:
        st.error(t("versions.needs_confirmation"))
    elif clicked:
        authoring.publish(bundle.id, version, trainer.email)
        st.success(t("versions.done", version=version))
        st.page_link(
            page("views/trainer_versions.py"),
            label=t("nav.trainer_versions"),
            icon=":material/history:",
            query_params={"module": bundle.id},
        )


def _answer_key(bundle: ModuleBundle) -> None:
    """Every lesson and question with the right answers marked, to check at a glance."""
    lang = st.radio(
        t("upload.preview_language"), list(bundle.translations), horizontal=True, key="preview_language"
    )
    module = bundle.in_language(lang)
    st.header(module.title)
    st.markdown(inert(module.summary))
    for lesson in module.lessons:
        st.subheader(lesson.title)
        markdown(lesson.body, bundle)
    st.subheader(t("upload.quiz", count=len(module.quiz.questions), draw=module.quiz.draw))
    for question in module.quiz.questions:
        st.markdown(inert(f"**{question.id}** ({question.kind}): {question.prompt}"))
        if question.scenario:
            markdown(question.scenario, bundle)
        show_answer_key(question)


def _downloads() -> None:
    """The template for a new module, and every current module as its file, to edit."""
    st.download_button(
        t("upload.format_guide"),
        data=FORMAT_GUIDE.read_bytes(),
        file_name="cursusformaat.md",
        mime="text/markdown",
        key="format_guide",
        icon=":material/description:",
    )
    with st.expander(t("upload.downloads")):
        st.download_button(
            t("upload.template"),
            data=TEMPLATE.read_bytes(),
            file_name="module.nl.yaml",
            mime="application/yaml",
            key="template",
        )
        for bundle in state.course().modules:
            for name, data in sorted(bundle.files.items()):
                if is_yaml(name):
                    st.download_button(
                        f"{bundle.id}/{name}",
                        data=data,
                        file_name=f"{bundle.id}-{name}",
                        mime="application/yaml",
                        key=f"download:{bundle.id}:{name}",
                    )
