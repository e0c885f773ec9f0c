"""The app's pages: which exist, which a visitor sees listed, and each page's object for links."""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

from application import TrainerInfo
from ui.state import t


def navigation(lang: str, trainer: TrainerInfo | None) -> dict[str, list[st.Page]]:
    """This run's pages: copies of pages built once per process for each language and trainer
    role. Building a page resolves its file on disk, which every click of every learner would
    otherwise pay for (a third of the server's time under load); a copy per run keeps one
    session's navigation from touching another's."""
    key = (lang, trainer is not None, trainer is not None and trainer.is_admin)
    if key not in _BUILT:
        # A signed-in trainer gets their pages as one section (a menu in the top bar). Others
        # get one flat list: Streamlit draws sections in the phone's menu as list markup that
        # axe rejects (ul > div > li), which no learner's page should carry.
        if trainer is None:
            _BUILT[key] = {"": _pages() + _trainer_pages(None)}
        else:
            _BUILT[key] = {"": _pages(), t("nav.section_trainer"): _trainer_pages(trainer)}
    return {section: [copy.copy(page) for page in pages] for section, pages in _BUILT[key].items()}


_BUILT: dict[tuple[str, bool, bool], dict[str, list[st.Page]]] = {}


def page(file: str) -> st.Page | str:
    """The page built from `file` ("views/modules.py"), for st.page_link and st.switch_page.
    Given a file name they resolve it on disk, one system call per folder, on every run; under
    load each call releases the interpreter lock and waits to get it back. (Before the first
    navigation of the process, the file name itself.)"""
    return _BY_FILE.get(file, file)


_BY_FILE: dict[str, st.Page] = {}


def _page(file: str, **options: Any) -> st.Page:
    built = st.Page(file, **options)
    _BY_FILE.setdefault(file, built)
    return built


def _pages() -> list[st.Page]:
    """The learner's pages; the trainer's are a section of their own (one menu in the top bar)."""
    return [
        _page("views/start.py", title=t("nav.start"), icon=":material/home:", default=True),
        _page("views/modules.py", title=t("nav.modules"), icon=":material/school:", url_path="modules"),
        _page("views/lesson.py", title=t("nav.lesson"), url_path="les", visibility="hidden"),
        _page("views/quiz.py", title=t("nav.quiz"), url_path="quiz", visibility="hidden"),
        _page("views/refresher.py", title=t("nav.refresher"), url_path="opfrisser", visibility="hidden"),
        _page("views/progress.py", title=t("nav.progress"), icon=":material/insights:", url_path="voortgang"),
        _page(
            "views/diploma.py",
            title=t("nav.diploma"),
            icon=":material/workspace_premium:",
            url_path="diploma",
        ),
        _page("views/check.py", title=t("nav.check"), icon=":material/verified:", url_path="controleren"),
        _page("views/mydata.py", title=t("nav.mydata"), url_path="mijn-gegevens", visibility="hidden"),
    ]


# The trainer's pages after the home page: views/<name>.py at /<name with dashes>, its title, and
# who sees it listed in the menu (all are routable, so a direct URL reaches the page's login guard).
_TRAINER_PAGES = [
    ("trainer_workshops", "nav.trainer_workshops", "trainers"),
    ("trainer_upload", "nav.trainer_upload", "trainers"),
    ("trainer_versions", "nav.trainer_versions", "trainers"),
    ("trainer_projector", "projector.title", "nobody"),
    ("trainer_preview", "nav.trainer_preview", "nobody"),
    ("trainer_results", "nav.trainer_results", "trainers"),
    ("trainer_retention", "nav.trainer_retention", "trainers"),
    ("trainer_diplomas", "nav.trainer_diplomas", "trainers"),
    ("trainer_accounts", "nav.trainer_accounts", "admins"),
]


def _trainer_pages(trainer: TrainerInfo | None) -> list[st.Page]:
    """Always routable, so a direct URL reaches the page's own login guard; listed once signed in."""
    listed = {
        "trainers": trainer is not None,
        "admins": trainer is not None and trainer.is_admin,
        "nobody": False,
    }
    home = _page("views/trainer_home.py", title=t("nav.trainer"), icon=":material/badge:", url_path="trainer")
    return [home] + [
        _page(
            f"views/{name}.py",
            title=t(title),
            url_path=name.replace("_", "-"),
            visibility="visible" if listed[who] else "hidden",
        )
        for name, title, who in _TRAINER_PAGES
    ]
