"""Small building blocks the pages share."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from application import LearnerInfo
from i18n import LANGUAGES
from modules.catalog import DEFAULT_LANGUAGE, ModuleBundle
from modules.fields import PostCard
from modules.safe_markdown import inert
from ui.pages import page

from . import state
from .post_cards import show_posts
from .state import t

MEDIA_ROUTE = "/course-media"
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")  # the Netherlands and Flanders keep the same time
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def markdown(text: str, bundle: ModuleBundle) -> None:
    """Course Markdown, with the module's own images served by the media route.

    Raw HTML stays escaped (Streamlit's default); validation already refuses it.
    """

    def to_route(match: re.Match[str]) -> str:
        alt, target = match.group(1), match.group(2)
        if bundle.image(target) is None:
            return alt
        return f"![{alt}]({MEDIA_ROUTE}/{bundle.id}/{bundle.digest}/{target})"

    st.markdown(inert(_IMAGE.sub(to_route, text)))


def image_route(bundle: ModuleBundle) -> Callable[[str], str | None]:
    """Where the browser gets one of the module's images (None: the module has no such image)."""

    def url(target: str) -> str | None:
        return f"{MEDIA_ROUTE}/{bundle.id}/{bundle.digest}/{target}" if bundle.image(target) else None

    return url


def posts(items: Sequence[PostCard], bundle: ModuleBundle) -> None:
    """Post cards drawn from the content, with the module's own images."""
    show_posts(items, image_route(bundle))


@dataclass(frozen=True)
class ModuleLinks:
    """Where the lesson reader and the quiz link to: the learner's own pages, or a trainer's
    preview of one version (the same screens on another page)."""

    lesson_page: str
    quiz_page: str
    back_page: str
    params: dict[str, str]  # carried by every link (the module, and for a preview the version)
    quiz_params: dict[str, str] = field(default_factory=dict)

    def lesson(self, number: int) -> dict[str, str]:
        return {**self.params, "lesson": str(number)}

    def quiz(self) -> dict[str, str]:
        return {**self.params, **self.quiz_params}


def learner_links(module_id: str) -> ModuleLinks:
    return ModuleLinks("views/lesson.py", "views/quiz.py", "views/modules.py", {"module": module_id})


def language_switch(key: str) -> None:
    """ "Taal / Language" as two radio buttons (in the sidebar, and at the top of the start page
    where a phone shows it without opening the menu)."""

    def switch() -> None:
        choice = st.session_state[key]
        st.session_state[state.LANG_KEY] = choice
        me = state.learner()
        if me:
            state.app().learners.set_language(me.id, choice)

    st.session_state[key] = state.lang()  # signing in can change the language between runs
    st.radio(
        "Taal / Language",
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        horizontal=True,
        key=key,
        on_change=switch,
    )


def content_language(bundle: ModuleBundle) -> str | None:
    """The language the module's content is shown in when it is not the interface language
    (a module not yet translated falls back to Dutch), else None."""
    lang = state.lang()
    return None if lang in bundle.translations else DEFAULT_LANGUAGE


def in_content_language(bundle: ModuleBundle, name: str = "page") -> AbstractContextManager[Any]:
    """A block for a module's content that carries its own language (WCAG 3.1.2): Dutch text
    on an English page is marked lang="nl" (by /assets/nav-lists.js, from the block's key)."""
    other = content_language(bundle)
    if other is None:
        return nullcontext()
    return st.container(key=f"content-{name}-lang-{other}")


def download_when_clicked(
    label: str, data: Callable[[], bytes | str], file_name: str, mime: str, **options: Any
) -> None:
    """A download whose file is made only when clicked, not on every run of the page. The click
    does not rerun the page: a rerun racing the file would remount the button and drop the
    download."""
    st.download_button(label, data, file_name=file_name, mime=mime, on_click="ignore", **options)


def require_learner() -> LearnerInfo:
    """The signed-in learner; otherwise a pointer to the start page and stop."""
    me = state.learner()
    if me is None:
        st.info(t("common.start_first"))
        st.page_link(page("views/start.py"), label=t("common.to_start"), icon=":material/arrow_forward:")
        st.stop()
    return me


def module_from_query() -> ModuleBundle:
    """The module named by `?module=`, or the overview when it is missing or unknown."""
    module_id = st.query_params.get("module", "")
    try:
        return state.course().module(module_id)
    except KeyError:
        st.warning(t("common.unknown_module"))
        st.page_link(page("views/modules.py"), label=t("nav.modules"), icon=":material/arrow_back:")
        st.stop()


# What st.table's cells would read as Markdown (it renders them as such): links and images
# ([...], ![...](...), <...>), emphasis, code, strikethrough, tables, maths, and Streamlit's
# :shortcodes: and :colour[...] (a colon before a letter or a slash).
_MARKDOWN = re.compile(r"([\\`*_\[\]<>~|$])|:(?=[A-Za-z/])")


# Streamlit also turns bare addresses into links (after Markdown, so escapes do not help): an
# invisible word joiner inside "://" and after "www" keeps them text.
_ADDRESS = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: str) -> str:
    """Text that st.table (and st.markdown) shows as it is: every character Markdown would act
    on escaped, and addresses kept from becoming links."""
    return _ADDRESS.sub(WORD_JOINER, _MARKDOWN.sub(lambda m: "\\" + m.group(0), text))


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells, headers and index show as plain text (names are people's input)."""
    shown = frame.copy()
    for column in shown.columns:
        if not pd.api.types.is_numeric_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: plain(v) if isinstance(v, str) else v)
    shown.columns = [plain(c) if isinstance(c, str) else c for c in shown.columns]
    if not pd.api.types.is_numeric_dtype(shown.index):
        shown.index = shown.index.map(lambda v: plain(v) if isinstance(v, str) else v)
    return shown


def table(frame: pd.DataFrame | dict[str, list[Any]] | list[dict[str, Any]]) -> None:
    """st.table with its cells as plain text; an empty table is a sentence, not "empty"."""
    data = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    if data.empty:
        st.caption(t("common.no_rows"))
        return
    st.table(plain_frame(data))


def html_table(frame: pd.DataFrame, formats: dict[str, Callable[[Any], str]] | None = None) -> None:
    """A real HTML table, the first column as row headers: screen readers and phones read it
    (st.dataframe draws on a canvas). `formats` turns a column's values into text."""
    shown = frame.copy()
    for column, show in (formats or {}).items():
        shown[column] = shown[column].map(lambda v, show=show: "–" if pd.isna(v) else show(v))
    if shown.empty:
        st.caption(t("common.no_rows"))
        return
    table(shown.set_index(shown.columns[0]))


def focus_heading(text: str) -> None:
    """Scroll the page to its top and put the keyboard and screen-reader focus on the heading
    with this text (WCAG 2.4.3: after an action that replaces the page's content)."""
    st.html(
        f'<script src="/assets/focus.js" data-heading="{html.escape(text)}"></script>',
        unsafe_allow_javascript=True,
    )


def local_time(moment: datetime, pattern: str = "%d-%m-%Y %H:%M") -> str:
    """A stored (UTC) moment as the clock in the Netherlands and Flanders shows it."""
    return moment.astimezone(LOCAL_ZONE).strftime(pattern)


def percent(score: float | None) -> str:
    return "–" if score is None else f"{round(score * 100)}%"


COUNTRIES = ("nederland", "vlaanderen")


def country_choice(me: LearnerInfo) -> LearnerInfo:
    """The learner's country: asked for when not chosen yet (a workshop may have set it), and
    changeable. Returns the learner as they are now."""
    if me.country is None:
        st.info(t("country.choose_first"), icon=":material/public:")
        return _country_form(me, expanded=True)
    st.markdown(t("country.current", country=t(f"country.{me.country}")))
    with st.expander(t("country.change")):
        return _country_form(me, expanded=False)


def _country_form(me: LearnerInfo, *, expanded: bool) -> LearnerInfo:
    with st.form(f"country_form:{expanded}"):
        chosen = st.radio(
            t("country.label"),
            COUNTRIES,
            index=COUNTRIES.index(me.country) if me.country in COUNTRIES else None,
            format_func=lambda c: t(f"country.{c}"),
            help=t("country.help"),
            horizontal=True,
        )
        saved = st.form_submit_button(t("country.save"), type="primary" if expanded else "secondary")
    if saved and chosen and chosen != me.country:
        state.app().learners.set_country(me.id, chosen)
        state.forget_learner_info()
        st.rerun()
    return me
