"""Every text of the interface, in Dutch and English: one catalog per language.

The catalogs are `i18n/nl.yaml` and `i18n/en.yaml` (the pages, the diploma and its
verification page, the preview card, the problems found in course files). A question kind
brings its own texts (`register`), so a new kind is one file with everything of its own.
The course itself has its translations in `content/`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import yaml

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"
_FOLDER = Path(__file__).parent
_registered: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
_catalogs: dict[str, dict[str, str]] = {}
_lock = threading.Lock()


def register(texts: Mapping[str, Mapping[str, str]], prefix: str = "") -> None:
    """Add texts that live with their code (e.g. a question kind's), per language; `prefix` is
    put before every key (e.g. "problem." for validation messages)."""
    with _lock:
        for lang, entries in texts.items():
            _registered.setdefault(lang, {}).update({prefix + key: text for key, text in entries.items()})
        _catalogs.clear()


def catalog(lang: str) -> dict[str, str]:
    """Every text in `lang`: the language's file, then the registered ones."""
    found = _catalogs.get(lang)
    if found is None:
        with _lock, open(_FOLDER / f"{lang}.yaml", encoding="utf-8") as handle:
            found = _catalogs[lang] = dict(yaml.safe_load(handle)) | _registered.get(lang, {})
    return found


def template(lang: str, key: str) -> str | None:
    """The text for `key` in `lang` as written, placeholders and all; Dutch when `lang` has
    none; None when no language has it."""
    return catalog(lang if lang in LANGUAGES else DEFAULT).get(key) or catalog(DEFAULT).get(key)


def translate(lang: str, key: str, **params: object) -> str:
    """The text for `key` in `lang` with its placeholders filled in, falling back to Dutch,
    then to the key itself."""
    text = template(lang, key) or key
    return text.format(**params) if params else text


def pick_language(requested: str | None) -> str:
    """An explicit, known choice, or Dutch: the course is Dutch first."""
    return requested if requested is not None and requested in LANGUAGES else DEFAULT


def long_date(moment: datetime, lang: str) -> str:
    """A date as people write it: "7 december 2026", "7 December 2026"."""
    return f"{moment.day} {translate(lang, f'date.month_{moment.month}')} {moment.year}"
