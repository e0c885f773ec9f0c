"""The projector: a full-screen join view of one workshop (the large code, the QR code, the
link) and a live count of who joined, for the room to read from the back."""

from __future__ import annotations

import html

import streamlit as st

from ui import state
from ui.pages import page
from ui.state import t
from ui.trainer_auth import require_trainer, session_lapsed

from .trainer_workshops import _qr_png

REFRESH_SECONDS = 5
# Full screen: no menu, no sidebar, no Streamlit toolbar; large type that reads from afar.
_STYLE = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stTopNav'], [data-testid='stToolbar'], [data-testid='stExpandSidebarButton'] { display: none; }
.stApp [data-testid='stMainBlockContainer'] { max-width: 100%; padding-top: 1.5rem; }
.projector { text-align: center; }
.projector .code { font-size: clamp(3rem, 12vw, 9rem); font-weight: 700; letter-spacing: 0.1em; margin: 0; }
.projector .link { font-size: clamp(1.1rem, 2.5vw, 2rem); overflow-wrap: break-word; }
.projector img { width: min(60vh, 80vw); height: auto; image-rendering: pixelated; }
.projector .count { font-size: clamp(1.5rem, 4vw, 3rem); font-weight: 600; }
</style>"""


def render() -> None:
    require_trainer()
    code = st.query_params.get("workshop", "")
    found = next((w for w in state.app().workshops.all() if w.code == code), None)
    if found is None:
        st.title(t("projector.title"))
        st.warning(t("projector.unknown"))
        st.page_link(
            page("views/trainer_workshops.py"), label=t("nav.trainer_workshops"), icon=":material/arrow_back:"
        )
        return
    st.html(_STYLE)
    st.title(found.title)
    link = state.app().workshops.join_link(found.code)
    alt = html.escape(t("workshop.qr_alt", code=found.code, link=link))
    st.html(
        '<div class="projector">'
        f"<p>{html.escape(t('projector.go_to'))}</p>"
        f'<p class="code">{html.escape(found.code)}</p>'
        f'<p class="link">{html.escape(link)}</p>'
        f'<img src="data:image/png;base64,{_qr_png(link)}" alt="{alt}" width="480" height="480">'
        "</div>"
    )
    _count(found.code)
    st.page_link(page("views/trainer_workshops.py"), label=t("projector.back"), icon=":material/close:")


@st.fragment(run_every=REFRESH_SECONDS)
def _count(code: str) -> None:
    """Redrawn on its own: the number of people who joined (the same count as the list)."""
    if session_lapsed():
        st.rerun(scope="app")
    joined = len(state.app().workshops.progress(code))
    st.html(
        f'<p class="projector count" role="status">{html.escape(t("workshop.learners", count=joined))}</p>'
    )
