"""Upload a module file (YAML, or a ZIP of the module folder with images): every problem with
file, line and explanation; a valid module is shown exactly as a learner will see it.

Publishing (versions kept on attempts and diplomas, restore, diff) is the next step of the
trainer-area issue; nothing here changes the course yet.
"""

from __future__ import annotations

import streamlit as st

from modules.catalog import ModuleBundle
from modules.upload import MAX_UPLOAD, read_upload
from settings import PROJECT_ROOT
from ui import state
from ui.components import markdown
from ui.state import t
from ui.trainer_auth import require_trainer

TEMPLATE = PROJECT_ROOT / "docs" / "module-template.nl.yaml"


def render() -> None:
    require_trainer()
    st.title(t("nav.trainer_upload"))
    st.write(t("upload.explained"))
    _downloads()
    uploaded = st.file_uploader(t("upload.choose"), type=["yaml", "yml", "zip"],
                                max_upload_size=MAX_UPLOAD >> 20, key="module_upload")
    if uploaded is None:
        return
    result = read_upload(uploaded.name, uploaded.getvalue())
    if not result.ok:
        st.error(t("upload.problems", count=len(result.problems)))
        lang = state.lang()
        st.code("\n".join(p.format(lang) for p in result.problems), language=None, wrap_lines=True)
        return
    assert result.bundle is not None
    st.success(t("upload.valid", module=result.bundle.in_language("nl").title))
    _preview(result.bundle)


def _preview(bundle: ModuleBundle) -> None:
    lang = st.radio(t("upload.preview_language"), list(bundle.translations), horizontal=True,
                    key="preview_language")
    module = bundle.in_language(lang)
    st.header(module.title)
    st.write(module.summary)
    for lesson in module.lessons:
        with st.expander(lesson.title):
            markdown(lesson.body, bundle)
    st.subheader(t("upload.quiz", count=len(module.quiz.questions), draw=module.quiz.draw))
    for question in module.quiz.questions:
        with st.expander(f"{question.id} ({question.kind}): {question.prompt}"):
            if question.scenario:
                markdown(question.scenario, bundle)
            for option in getattr(question, "options", []) or getattr(question, "steps", []):
                mark = "✔ " if getattr(option, "correct", False) else ""
                st.markdown(f"- {mark}{option.text}  \n  *{option.feedback}*")
            for node in getattr(question, "nodes", []):
                st.markdown(f"**{node.id}**: {node.text}")
                for choice in node.choices:
                    st.markdown(f"- {choice.text} → {choice.next} ({choice.points:g})  \n  *{choice.feedback}*")


def _downloads() -> None:
    """The template for a new module, and every current module as its file, to edit."""
    with st.expander(t("upload.downloads")):
        st.download_button(t("upload.template"), data=TEMPLATE.read_bytes(),
                           file_name="module.nl.yaml", mime="application/yaml", key="template")
        for bundle in state.course().modules:
            for name, data in sorted(bundle.files.items()):
                if name.endswith((".yaml", ".yml")):
                    st.download_button(f"{bundle.id}/{name}", data=data, file_name=f"{bundle.id}-{name}",
                                       mime="application/yaml", key=f"download:{bundle.id}:{name}")
