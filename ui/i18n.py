"""Interface texts in Dutch and English, kept in `ui/locales/<lang>.yaml`; the texts only one
kind of question uses are kept with its renderer (`ui/questions/`).

Course content has its own translations in `content/`; this is only for the
interface around it (buttons, headings, messages).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = {"nl": "Nederlands", "en": "English"}
DEFAULT = "nl"
_LOCALES = Path(__file__).with_name("locales")


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every interface text in `lang`: the locale file's, then the question renderers'."""
    return locale_file(lang) | renderer_texts(lang)


def locale_file(lang: str) -> dict[str, str]:
    with open(_LOCALES / f"{lang}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def renderer_texts(lang: str) -> dict[str, str]:
    # Imported here, not at the top: the renderers translate with `ui.state`, which imports
    # this module.
    from .questions import RENDERERS

    texts: dict[str, str] = {}
    for renderer in RENDERERS.values():
        texts |= renderer.texts.get(lang, {})
    return texts


def translate(lang: str, key: str, **params: object) -> str:
    """The text for `key` in `lang`, falling back to Dutch, then to the key itself."""
    text = catalog(lang if lang in LANGUAGES else DEFAULT).get(key) or catalog(DEFAULT).get(key, key)
    return text.format(**params) if params else text


def pick_language(requested: str | None) -> str:
    """An explicit, known choice, or Dutch: the course is Dutch first."""
    return requested if requested in LANGUAGES else DEFAULT  # type: ignore[return-value]
