"""The built-in course keeps the promises of the content issue, so later edits cannot
break them silently: enough lessons, words, questions, kinds, endings, and feedback
everywhere; and survey figures quoted exactly as the source gives them."""

import os
import re
from pathlib import Path

import pytest

from modules.catalog import load_course
from modules.model import Module
from modules.questions import kind_of
from modules.questions.branching import BranchingQuestion

from .conftest import ROOT

COURSE = load_course(ROOT / "content")
MODULES = [bundle.in_language("nl") for bundle in COURSE.modules]
SURVEY = "000_74e7895f94ac9ab7.txt"


def _seeds() -> Path | None:
    """The project's source texts (not part of this repository: they are others' articles).
    COURSE_SEEDS_DIR, or the team's shared folder next to the checkout."""
    for folder in (
        os.environ.get("COURSE_SEEDS_DIR"),
        ROOT.parent / "shared" / "seeds",
        "/work/shared/seeds",
    ):
        if folder and (Path(folder) / SURVEY).exists():
            return Path(folder)
    return None


SEEDS = _seeds()
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="source texts not found: set COURSE_SEEDS_DIR")


def test_the_seven_modules_in_order():
    assert COURSE.module_ids == [
        "spelregels",
        "boeiende-content",
        "strategie",
        "communitymanagement",
        "crisiscommunicatie",
        "negatieve-feedback",
        "privacygrenzen",
    ]


def test_the_opening_module_is_translated_into_english():
    english = COURSE.module("spelregels").translations["en"]
    assert english.title != COURSE.module("spelregels").translations["nl"].title
    assert "en" in COURSE.info


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_lessons(module: Module):
    assert module.objectives
    assert 3 <= len(module.lessons) <= 6
    for lesson in module.lessons:
        assert 300 <= len(lesson.body.split()) <= 900, lesson.id


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_cases_checklist_and_sources(module: Module):
    source_ids = {s.id for s in module.sources}
    assert module.cases and all(case.source in source_ids for case in module.cases)
    assert len(module.checklist) >= 5


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_quiz_pool(module: Module):
    quiz = module.quiz
    assert len(quiz.questions) >= 12 and quiz.draw == 8 and quiz.pass_threshold == 0.8
    assert len({q.kind for q in quiz.questions}) >= 3


def decisions_on_longest_path(question: BranchingQuestion, node_id: str) -> int:
    node = question.node(node_id)
    return max((1 + decisions_on_longest_path(question, c.next) for c in node.choices), default=0)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_branching_scenario_with_three_decisions_and_three_endings(module: Module):
    scenarios = [q for q in module.quiz.questions if isinstance(q, BranchingQuestion)]
    assert any(
        decisions_on_longest_path(q, q.start) >= 3 and sum(n.ending for n in q.nodes) >= 3 for q in scenarios
    )


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_feedback_on_every_option_step_and_choice(module: Module):
    for question in module.quiz.questions:
        feedback = kind_of(question).feedback(question)
        assert feedback and all(len(text.split()) >= 5 for text in feedback), question.id


@needs_seeds
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_seed_files_cited_exist(module: Module):
    for source in module.sources:
        if source.file:
            assert (SEEDS / source.file).exists(), source.file


# The survey's figures, as the source gives them: (words that identify the figure, number).
SURVEY_FIGURES = [
    ("boeiende content", 43),
    ("strategie", 35),
    ("op de hoogte", 29),
    ("vertrouwelijke informatie", 23),
    ("reputatieschade", 17),
    ("werktelefoon", 62),
    ("privételefoon", 61),
    ("laptop", 61),
    ("verbinding", 38),
    ("wachtwoord", 37),
    ("bij een gemeente", 49),
    ("bij een waterschap", 19),
    ("bij de provincie", 5),
]
PERCENT = re.compile(r"(\d+)\s?(?:%|procent)")


def sentences(text: str) -> list[str]:
    """Sentences of a Markdown text: wrapped lines joined, list items and headings kept apart."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:[-*#>]|\d+\.)\s)", text.replace("**", ""))
    joined = (" ".join(block.split()) for block in blocks)
    return [s for block in joined for s in re.split(r"(?<=[.!?;])\s+", block) if s.strip()]


@needs_seeds
def test_survey_table_matches_the_source():
    source = " ".join((SEEDS / SURVEY).read_text(encoding="utf-8").split()).lower()
    source = source.replace("procent", "%")
    for words, number in SURVEY_FIGURES:
        assert re.search(rf"\b{number} %[^.]*{words}|{words}[^.]*\b{number} %", source), (words, number)


def quoted_texts() -> list[tuple[str, str]]:
    """Every Dutch text of the course that a learner reads, with where it is."""
    texts = [("course intro", COURSE.about("nl").intro)]
    for module in MODULES:
        texts += [(f"{module.id}/{lesson.id}", lesson.body) for lesson in module.lessons]
        texts += [(f"{module.id}/case", case.body) for case in module.cases]
    return texts


@pytest.mark.parametrize(("words", "number"), SURVEY_FIGURES)
def test_figures_quoted_from_the_survey_match_it(words: str, number: int):
    for where, text in quoted_texts():
        for sentence in sentences(text):
            quoted = [int(n) for n in PERCENT.findall(sentence)]
            if quoted and words in sentence.lower() and number not in quoted:
                pytest.fail(
                    f"{where}: '{sentence.strip()}' quotes {quoted} near '{words}', the survey says {number}%"
                )
