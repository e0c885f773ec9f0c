"""Tests that keep the course content honest (issue 13, point 6): its own words, no answer
pattern a learner can game, principles that exist, and every country variant and
translation valid. The rules are pure functions in `modules/quality.py`."""

from __future__ import annotations

from pathlib import Path

import pytest

from modules.catalog import load_course
from modules.fields import COUNTRIES as COUNTRIES_ALL
from modules.model import Module
from modules.quality import (
    MAX_SHARE,
    copied_runs,
    length_rank,
    length_rank_shares,
    own_words,
    position_shares,
    single_choice,
    source_ngrams,
    texts_in,
    too_frequent,
)
from modules.questions.single import ChoiceOption, SingleQuestion
from modules.yamlsafe import load_located

from .conftest import ROOT
from .test_content import SEEDS

CONTENT = ROOT / "content"
COURSE = load_course(CONTENT)
MODULE_FILES = sorted(CONTENT.glob("*/module.*.yaml"))
SOURCES = source_ngrams(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")) if SEEDS else set()


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# The rules themselves


def test_a_copied_run_is_found_across_case_and_punctuation():
    sources = source_ngrams(
        ["Je bent ook online ambtenaar, en dat weet iedereen die je profiel bekijkt vandaag."]
    )
    found = copied_runs(
        "Let op: JE BENT OOK ONLINE AMBTENAAR en dat weet iedereen die je profiel bekijkt!", sources
    )
    assert found == ["je bent ook online ambtenaar en dat weet iedereen die je profiel bekijkt"]
    assert (
        copied_runs(
            "Je bent ook online ambtenaar, en dat weet bijna iedereen die je profiel bekijkt.", sources
        )
        == []
    )


def test_only_a_cited_title_may_quote_its_source():
    assert not own_words("sources[2].title")
    assert own_words("sources[2].note") and own_words("lessons[1].title") and own_words("cases[1].body")


def _question(*texts: str, right: int) -> SingleQuestion:
    options = [ChoiceOption(text=t, feedback="f", correct=i == right) for i, t in enumerate(texts)]
    return SingleQuestion(id="q", kind="single", prompt="?", options=options)


def test_length_rank_and_position_shares():
    second_longest = [_question("aaaa", "aaa", "a", right=1), _question("bb", "b", "bbbbbb", right=0)]
    assert [length_rank(q) for q in second_longest] == [2, 2]
    assert too_frequent(length_rank_shares(second_longest)) == {2: 1.0}
    assert position_shares(second_longest) == {1: 0.5, 2: 0.5}
    assert too_frequent({1: 0.4, 2: 0.35, 3: 0.25}) == {}


# The course


@pytest.mark.skipif(SEEDS is None, reason="source texts not found (../shared/seeds): set COURSE_SEEDS_DIR")
@pytest.mark.parametrize("path", MODULE_FILES, ids=_id)
def test_no_run_of_twelve_words_copied_from_a_source(path: Path):
    data = load_located(path.read_bytes()).data
    copied = [
        f"{field}: …{run}…"
        for field, text in texts_in(data)
        if own_words(field)
        for run in copied_runs(text, SOURCES)
    ]
    assert not copied, "say it in the course's own words:\n" + "\n".join(copied)


def _variants() -> list[tuple[str, Module]]:
    """Every module as learners get it: each language and each country."""
    return [
        (f"{bundle.id}.{lang}.{country}", bundle.in_language(lang, country))
        for bundle in COURSE.modules
        for lang in sorted(bundle.translations)
        for country in COUNTRIES_ALL
    ]


def _languages() -> list[tuple[str, Module]]:
    """Every module in each course language (the country does not change citations)."""
    return [(f"{b.id}.{lang}", b.in_language(lang)) for b in COURSE.modules for lang in ("nl", "en")]


@pytest.mark.parametrize(("name", "module"), _variants(), ids=[n for n, _ in _variants()])
def test_no_length_rank_holds_the_right_answer_too_often(name: str, module: Module):
    questions = single_choice(module)
    found = too_frequent(length_rank_shares(questions))
    assert not found, (
        f"{name}: the right answer is the option of length rank (1 = longest) {found} in more than "
        f"{MAX_SHARE:.0%} of {len(questions)} single-choice questions; vary which option is longest"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_right_options_position_is_close_to_uniform_over_the_course(lang: str):
    """Over the course, no position (1st, 2nd, ... option in the file) holds the right
    answer in more than 40% of single-choice questions (uniform over 3-4 options: 25-33%)."""
    questions = [q for bundle in COURSE.modules for q in single_choice(bundle.in_language(lang))]
    found = too_frequent(position_shares(questions))
    assert not found, f"right answer by position {position_shares(questions)}; too often: {found}"


@pytest.mark.parametrize(("name", "module"), _languages(), ids=[n for n, _ in _languages()])
def test_every_cited_principle_exists(name: str, module: Module):
    lang = name.rsplit(".", 1)[1]
    known = {p.id for p in COURSE.principles[lang].principles}
    unknown = {q.id: q.principle for q in module.quiz.questions if q.principle and q.principle not in known}
    assert not unknown


def test_principles_in_both_languages():
    assert [p.id for p in COURSE.principles["nl"].principles] == [
        p.id for p in COURSE.principles["en"].principles
    ]


@pytest.mark.parametrize(("name", "module"), _languages(), ids=[n for n, _ in _languages()])
def test_every_question_cites_a_principle_in_both_languages(name: str, module: Module):
    """One canonical position per situation: every question of every module names the
    principle it tests, in Dutch and in English (the validator keeps the two identical)."""
    missing = [q.id for q in module.quiz.questions if not q.principle]
    assert not missing, f"{name}: questions without `principle:`: {missing}"


@pytest.mark.parametrize(("name", "module"), _variants(), ids=[n for n, _ in _variants()])
def test_every_country_variant_and_translation_validates(name: str, module: Module):
    """What a learner of each country gets, in each language, is itself a valid module."""
    again = Module.model_validate(module.model_dump())
    assert again == module
    assert not any(getattr(x, "variants", None) for x in module.lessons + module.quiz.questions)
