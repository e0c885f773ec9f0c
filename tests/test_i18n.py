"""One catalog of texts per language (`i18n/`): complete in both languages, placeholders alike."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest
import yaml

import i18n
from modules import questions  # noqa: F401 -- registers the kinds' texts
from ui import questions as renderers  # noqa: F401 -- registers the renderers' texts

from .conftest import ROOT


@cache
def language_file(lang: str) -> dict[str, str]:
    return yaml.safe_load(Path(ROOT / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_every_text():
    assert set(language_file("nl")) == set(language_file("en"))
    assert set(i18n.catalog("nl")) == set(i18n.catalog("en"))  # also what kinds and renderers bring


@pytest.mark.parametrize("key", sorted(i18n.catalog("nl")))
def test_a_translation_has_the_same_placeholders(key: str):
    assert placeholders(i18n.catalog("nl")[key]) == placeholders(i18n.catalog("en")[key]), key


def test_unknown_languages_fall_back_to_dutch_and_unknown_keys_to_themselves():
    assert i18n.translate("fr", "nav.start") == i18n.translate("nl", "nav.start")
    assert i18n.translate("en", "no.such.text") == "no.such.text"
    assert (
        i18n.pick_language("en") == "en"
        and i18n.pick_language("de") == "nl"
        and i18n.pick_language(None) == "nl"
    )


def test_dates_are_written_out():
    moment = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    assert i18n.long_date(moment, "nl") == "7 december 2026"
    assert i18n.long_date(moment, "en") == "7 December 2026"
