"""The registry of question kinds: every kind is found, complete, and drawn by a renderer;
the rest of the engine and the interface ask the registry instead of naming kinds."""

from pathlib import Path

import pytest
from pydantic import BaseModel

from i18n import catalog
from modules import messages
from modules.catalog import load_course
from modules.questions import KINDS, get, kind_of, option_kinds
from modules.validation import validate_text
from ui.questions import RENDERERS

from .conftest import FIXTURE_CONTENT, ROOT
from .test_i18n import language_file

GENERAL_PROBLEMS = {key.removeprefix("problem.") for key in language_file("nl") if key.startswith("problem.")}


def renderer_texts(lang: str) -> dict[str, str]:
    return {key: text for renderer in RENDERERS.values() for key, text in renderer.texts[lang].items()}


QUIZ = load_course(FIXTURE_CONTENT).module("mini").in_language("nl").quiz


def test_every_kind_has_a_renderer_and_every_renderer_a_kind():
    assert set(KINDS) == set(RENDERERS)
    assert all(renderer.kind == name for name, renderer in RENDERERS.items())


def test_the_kinds_are_found_in_a_stable_order():
    assert {"single", "multiple", "order", "branching"} <= set(KINDS)
    assert list(KINDS) == sorted(KINDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_each_kind_is_complete(name: str):
    kind = get(name)
    assert kind.name == name
    assert kind.model.model_fields["kind"].annotation.__args__ == (name,)  # Literal[name]
    for list_name, item_model in kind.item_models.items():
        assert list_name in kind.model.model_fields or any(
            list_name in model.model_fields for model in kind.item_models.values()
        )
        assert issubclass(item_model, BaseModel)
    assert set(kind.texts) == {"nl", "en"} and set(kind.texts["nl"]) == set(kind.texts["en"])
    assert not set(kind.texts["nl"]) & GENERAL_PROBLEMS, "a kind's code hides a general one"


def test_no_two_kinds_share_a_message_code():
    codes = [code for kind in KINDS.values() for code in kind.texts["nl"]]
    assert len(codes) == len(set(codes))


def test_a_kinds_message_is_rendered_in_both_languages():
    assert messages.render("multiple_all_correct", "en", {}) == (
        "all options are correct; a 'multiple' question needs at least one wrong option"
    )
    assert (
        messages.render("unknown_node", "nl", {"node": "x"}) == "er is geen knoop met id 'x' in dit scenario"
    )
    assert messages.render("no_such_code", "nl", {"field": "quiz"}) == "no_such_code (quiz)"


def test_renderer_texts_are_in_both_languages_and_not_in_the_locale_files():
    assert set(renderer_texts("nl")) == set(renderer_texts("en"))
    assert not set(renderer_texts("nl")) & set(language_file("nl"))
    keys = [key for renderer in RENDERERS.values() for key in renderer.texts["nl"]]
    assert len(keys) == len(set(keys)), "two renderers define the same text"
    assert catalog("en")["quiz.move_up"] == "Move step {n} up"  # translate finds them


def test_kind_of_every_question():
    assert [kind_of(q).name for q in QUIZ.questions] == [q.kind for q in QUIZ.questions]
    assert set(option_kinds()) == {"single", "multiple"}


def test_feedback_hook_lists_every_feedback_text():
    single, multiple, order, branching = (QUIZ.question(f"vraag-{i}") for i in range(1, 5))
    assert kind_of(single).feedback(single) == [o.feedback for o in single.options]
    assert kind_of(order).feedback(order) == [s.feedback for s in order.steps]
    assert len(kind_of(branching).feedback(branching)) == 2


def test_option_labels_for_the_item_analysis():
    single, multiple, order, _ = (QUIZ.question(f"vraag-{i}") for i in range(1, 5))
    assert kind_of(single).option_labels(single)[0] == (single.options[0].text, True)
    assert [right for _, right in kind_of(multiple).option_labels(multiple)] == [True, True, False]
    assert kind_of(order).option_labels(order) is None
    assert kind_of(single).chosen_options(2) == [2] and kind_of(multiple).chosen_options([0, 2]) == [0, 2]
    assert kind_of(order).chosen_options([0, 1, 2]) == []


def test_unknown_kind_lists_the_registered_kinds():
    template = (ROOT / "docs" / "module-template.nl.yaml").read_text(encoding="utf-8")
    problems = validate_text("module.nl.yaml", template.replace("kind: order ", "kind: ordering ")).problems
    assert [p.code for p in problems] == ["unknown_kind"]
    assert problems[0].message("en").endswith("use 'kind:' with one of: " + ", ".join(KINDS))


def test_no_kind_names_outside_the_kind_modules():
    """validation, catalog, messages, item analysis and results ask the registry instead."""
    for relative in (
        "modules/validation.py",
        "modules/catalog.py",
        "modules/messages.py",
        "modules/item_analysis.py",
        "modules/grading.py",
        "modules/attempts.py",
        "modules/model.py",
        "storage/results.py",
    ):
        text = Path(ROOT / relative).read_text(encoding="utf-8")
        for name in KINDS:
            assert f"'{name}'" not in text and f'"{name}"' not in text, (relative, name)
