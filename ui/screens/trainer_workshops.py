"""Workshops for trainers: open one with a join code (link and QR code for the projector),
see who joined, close it."""

from __future__ import annotations

import base64
import html
import io
from datetime import date
from functools import lru_cache

import pandas as pd
import qrcode
import streamlit as st

from application import WorkshopError
from ui import state
from ui.components import COUNTRIES, html_table
from ui.pages import page
from ui.state import t
from ui.trainer_auth import require_trainer, session_lapsed

REFRESH_SECONDS = 10


def render() -> None:
    trainer = require_trainer()
    workshops = state.app().workshops
    st.title(t("nav.trainer_workshops"))
    with st.form("new_workshop", clear_on_submit=True):
        st.subheader(t("workshop.new"))
        title = st.text_input(t("workshop.title"), max_chars=200)
        held_on = st.date_input(t("workshop.date"), value=date.today(), format="DD-MM-YYYY")
        country = st.radio(
            t("workshop.country"),
            [None, *COUNTRIES],
            format_func=lambda c: t(f"country.{c}") if c else t("workshop.country_free"),
            help=t("workshop.country_help"),
            horizontal=True,
        )
        created = st.form_submit_button(t("workshop.create"), type="primary")
    if created:
        try:
            workshop = workshops.open(title, held_on, by=trainer.email, country=country)
        except WorkshopError:
            st.error(t("workshop.error.title"))
        else:
            st.success(t("workshop.created", code=workshop.code))
    for workshop in workshops.all():
        status = t("workshop.open") if workshop.open else t("workshop.closed")
        # No count in the heading: it would not follow the live list below (one count, there).
        with st.expander(
            f"{workshop.title} · {workshop.held_on:%d-%m-%Y} · {workshop.code} · "
            + (f"{t(f'country.{workshop.country}')} · " if workshop.country else "")
            + status,
            expanded=workshop.open,
        ):
            if workshop.open:
                _join_panel(workshop.code)
                st.page_link(
                    page("views/trainer_projector.py"),
                    label=t("projector.open"),
                    icon=":material/fullscreen:",
                    query_params={"workshop": workshop.code},
                )
            st.toggle(
                t("workshop.testing_out"),
                value=workshop.testing_out,
                key=f"testing_out:{workshop.code}",
                help=t("workshop.testing_out_help"),
                on_change=_set_testing_out,
                args=(workshop.code, trainer.email),
            )
            if workshop.open and st.checkbox(t("workshop.close_confirm"), key=f"sure:{workshop.code}"):
                st.button(
                    t("workshop.close"),
                    key=f"close:{workshop.code}",
                    on_click=workshops.close,
                    args=(workshop.code, trainer.email),
                )
            if workshop.open:
                _live_progress(workshop.code)
            else:
                _progress(workshop.code)


@st.fragment(run_every=REFRESH_SECONDS)
def _live_progress(code: str) -> None:
    """Redrawn on its own every few seconds, so the projector shows who is how far."""
    if session_lapsed():  # the whole page then asks for the login again
        st.rerun(scope="app")
    _progress(code)
    st.caption(t("workshop.refreshes", seconds=REFRESH_SECONDS))


def _set_testing_out(code: str, by: str) -> None:
    state.app().workshops.set_testing_out(code, bool(st.session_state[f"testing_out:{code}"]), by)


def _progress(code: str) -> None:
    people = state.app().workshops.progress(code)
    if people.empty:
        st.write(t("workshop.nobody_yet"))
        return
    st.write(t("workshop.learners", count=len(people)))
    total = len(state.course().modules)
    html_table(
        pd.DataFrame(
            {
                t("workshop.name"): people["name"],
                t("workshop.country_column"): [t(f"country.{c}") if c else "–" for c in people["country"]],
                t("workshop.lessons_read"): people["lessons_read"],
                t("workshop.modules_passed"): [f"{n} / {total}" for n in people["modules_passed"]],
                t("workshop.diploma"): ["✔" if n else "" for n in people["diplomas"]],
            }
        )
    )


def _join_panel(code: str) -> None:
    link = state.app().workshops.join_link(code)
    st.markdown(t("workshop.join_explained", code=code))
    st.code(link, language=None, wrap_lines=True)
    # st.image writes no alt text (WCAG 1.1.1), so the code is drawn as our own <img>.
    caption = html.escape(t("workshop.qr_caption", code=code))
    alt = html.escape(t("workshop.qr_alt", code=code, link=link))
    st.html(
        f'<figure style="margin:0"><img src="data:image/png;base64,{_qr_png(link)}" alt="{alt}" '
        f'width="240" height="240"><figcaption>{caption}</figcaption></figure>'
    )


@lru_cache(maxsize=64)
def _qr_png(link: str) -> str:
    """The join link's QR code as base64 PNG, drawn once per link (the page reruns often)."""
    buffer = io.BytesIO()
    qrcode.make(link, border=2, box_size=8).save(buffer)  # PNG
    return base64.b64encode(buffer.getvalue()).decode("ascii")
