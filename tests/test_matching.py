"""The `matching` kind: partial credit per pair, its validation rules with file, line and field
in both languages, a reproducible shuffle, translations checked on its answer key, and when
an answer is complete."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules.attempts import draw_attempt, is_answered
from modules.catalog import check_content, read_folder
from modules.grading import score_question
from modules.model import Quiz
from modules.plan import AttemptPlan
from modules.questions import kind_of
from modules.questions.matching import KIND, MatchingQuestion, score_matching
from modules.validation import validate_text

from .conftest import FIXTURE_CONTENT, ROOT
from .test_validation import line_of

TEMPLATE = (ROOT / "docs" / "module-template.nl.yaml").read_text(encoding="utf-8")

# A fifth question for the template (and the fixture module), in the template's indentation.
MATCHING_YAML = """
    - id: vraag-5
      kind: matching
      prompt: Wat past bij welk doel?
      pairs:
        - item: De volledige regels nalezen
          match: De eigen website
          feedback: Daar staat de informatie die klopt.
        - item: Een nieuwe collega zoeken
          match: LinkedIn
          feedback: Het platform voor werk en loopbaan.
        - item: Snel afstemmen met de aannemer
          match: Een chatgroep met afspraken
          feedback: Snel, met vooraf gemaakte afspraken.
      distractors:
        - Een TikTok-account
        - Alle kanalen tegelijk
"""


def matching(pairs: int = 4, distractors: int = 2) -> MatchingQuestion:
    return MatchingQuestion.model_validate(
        {
            "id": "m",
            "kind": "matching",
            "prompt": "?",
            "pairs": [
                {"item": f"item {i}", "match": f"match {i}", "feedback": "omdat"} for i in range(pairs)
            ],
            "distractors": [f"afleider {i}" for i in range(distractors)],
        }
    )


def with_matching(text: str = TEMPLATE, edit=lambda yaml: yaml) -> str:
    return text + edit(MATCHING_YAML)


def problems(text: str):
    return validate_text("module.nl.yaml", text).problems


def only(text: str):
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]


# Scoring


def test_score_is_the_share_of_pairs_matched_right():
    q = matching()  # answers 0..3 are the matches, 4 and 5 the distractors
    assert q.options == ["match 0", "match 1", "match 2", "match 3", "afleider 0", "afleider 1"]
    assert score_matching(q, [0, 1, 2, 3]) == 1.0
    assert score_matching(q, [0, 1, 2, 4]) == 0.75  # a distractor for the last item
    assert score_matching(q, [1, 0, 2, None]) == 0.25
    assert score_matching(q, [5, 5, 5, 5]) == 0.0 and score_matching(q, []) == 0.0


def test_score_question_tolerates_missing_and_malformed_answers():
    q = matching()
    assert score_question(q, None) == 0 and score_question(q, 2) == 0
    assert score_question(q, [0, 1, 2, 3]) == 1
    assert score_question(q, [0, 1, 2, 3, 3]) == 1  # an extra pick has no item: ignored
    assert score_question(q, [0, 1]) == 0.5  # a short answer: the rest unanswered


@given(st.integers(2, 10), st.integers(0, 5), st.data())
def test_score_bounds_and_perfect(pairs, distractors, data):
    q = matching(pairs, distractors)
    answer = data.draw(st.lists(st.none() | st.integers(0, pairs + distractors - 1), max_size=pairs))
    assert 0 <= score_matching(q, answer) <= 1
    assert score_matching(q, list(range(pairs))) == 1


@given(st.integers(2, 8), st.data())
def test_shuffling_the_pairs_does_not_change_scores(pairs, data):
    """Re-authoring the pairs in another order, with the answer mapped along, scores the same."""
    perm = data.draw(st.permutations(range(pairs)))  # new pair i is old pair perm[i]
    answer = data.draw(st.lists(st.none() | st.integers(0, pairs - 1), min_size=pairs, max_size=pairs))
    moved = [None if answer[p] is None else perm.index(answer[p]) for p in perm]
    assert score_matching(matching(pairs), answer) == pytest.approx(score_matching(matching(pairs), moved))


def test_is_complete_only_with_an_answer_for_every_item():
    q = matching()
    assert is_answered(q, [0, 1, 2, 5]) and kind_of(q).is_complete(q, [3, 3, 3, 3])
    assert not is_answered(q, None) and not is_answered(q, [0, 1, 2, None])
    assert not is_answered(q, [0, 1, 2]) and not is_answered(q, [0, 1, 2, 6]) and not is_answered(q, 0)


def test_feedback_hook_and_answer_key():
    q = matching(3, 1)
    assert KIND.feedback(q) == ["omdat"] * 3
    assert KIND.answer_key(q) == (3, 1)
    assert KIND.option_labels(q) is None and KIND.chosen_options([0, 1, 2]) == []


# Shuffling


def test_shuffle_is_reproducible_from_the_seed_and_never_in_authored_order():
    q = matching()
    drawn = KIND.shuffle(q, random.Random(42))
    assert drawn == KIND.shuffle(q, random.Random(42))
    assert sorted(drawn.display_order) == list(range(6)) and drawn.choice_orders == {}
    orders = {KIND.shuffle(q, random.Random(seed)).display_order for seed in range(200)}
    assert len(orders) > 20 and tuple(range(6)) not in orders
    assert tuple(range(2)) not in {
        KIND.shuffle(matching(2, 0), random.Random(s)).display_order for s in range(50)
    }


def test_an_attempt_with_a_matching_question_is_reproducible_and_stored_as_json():
    quiz = Quiz.model_validate({"draw": 1, "questions": [matching().model_dump()]})
    plan = draw_attempt(quiz, 7)
    assert plan == draw_attempt(quiz, 7) and plan.question_ids == ["m"]
    assert AttemptPlan.from_json(plan.to_json()) == plan


# Validation: file, line and field, in Dutch and English


def test_a_valid_matching_question():
    checked = validate_text("module.nl.yaml", with_matching())
    assert checked.ok, [p.format() for p in checked.problems]
    assert isinstance(checked.model.quiz.question("vraag-5"), MatchingQuestion)


def test_too_few_pairs():
    text = with_matching(
        edit=lambda y: y.split("        - item: Een nieuwe collega")[0] + "      distractors: []\n"
    )
    found = only(text)
    assert found.code == "matching_too_few_pairs"
    assert (found.file, found.line) == ("module.nl.yaml", line_of(text, "pairs:"))
    assert found.message("nl") == (
        "quiz.questions[5].pairs: een 'matching'-vraag heeft minstens 2 paren nodig, dit zijn er 1; "
        "voeg een paar toe met 'item:', 'match:' en 'feedback:'"
    )
    assert found.message("en").startswith(
        "quiz.questions[5].pairs: a 'matching' question needs at least 2 pairs"
    )


def test_two_pairs_with_one_answer_differing_only_in_case():
    text = with_matching(edit=lambda y: y.replace("match: LinkedIn", "match: de eigen  Website"))
    found = only(text)
    assert found.code == "matching_duplicate_match" and found.line == line_of(
        text, "match: de eigen  Website"
    )
    assert found.message("nl").startswith("quiz.questions[5].pairs[2].match: 'de eigen  Website' is ook het")
    assert "is also pair 1's answer" in found.message("en")


def test_two_pairs_with_one_item():
    text = with_matching(edit=lambda y: y.replace("Een nieuwe collega zoeken", "De volledige regels nalezen"))
    found = only(text)
    assert found.code == "matching_duplicate_item"
    assert found.line == line_of(text, "item: De volledige regels nalezen", 2)
    assert "quiz.questions[5].pairs[2].item" in found.message("nl") and "pair 1's item" in found.message("en")


def test_a_distractor_that_is_also_a_match():
    text = with_matching(edit=lambda y: y.replace("- Alle kanalen tegelijk", "- linkedin"))
    found = only(text)
    assert found.code == "matching_distractor_is_match" and found.line == line_of(text, "- linkedin")
    assert found.message("nl").startswith(
        "quiz.questions[5].distractors[2]: de afleider 'linkedin' is ook het antwoord bij paar 2"
    )
    assert "a distractor must belong to no pair" in found.message("en")


def test_a_distractor_listed_twice():
    text = with_matching(edit=lambda y: y.replace("- Alle kanalen tegelijk", "- Een TikTok-account"))
    found = only(text)
    assert found.code == "matching_duplicate_distractor"
    assert found.line == line_of(text, "- Een TikTok-account", 2)
    assert "distractors[2]" in found.message("en")


def test_a_typo_in_a_pair_suggests_the_right_key():
    text = with_matching(edit=lambda y: y.replace("feedback: Het platform", "feedbak: Het platform"))
    typo = next(p for p in problems(text) if p.code == "unknown_key_suggest")
    assert typo.line == line_of(text, "feedbak:") and "bedoelde u 'feedback'?" in typo.message()


def test_the_example_in_the_format_reference_is_a_valid_question():
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    example = doc.split("### `matching`")[1].split("```\n")[1]
    checked = validate_text("module.nl.yaml", TEMPLATE + example)
    assert checked.ok, [p.format() for p in checked.problems]


# Translations


def content_with_a_translation(edit=lambda yaml: yaml) -> dict[str, bytes]:
    files = read_folder(FIXTURE_CONTENT)
    dutch = files["mini/module.nl.yaml"].decode() + MATCHING_YAML
    english = dutch.replace("Wat past bij welk doel?", "What fits which goal?").replace(
        "LinkedIn", "LinkedIn (EN)"
    )
    files["mini/module.nl.yaml"] = dutch.encode()
    files["mini/module.en.yaml"] = edit(english).encode()
    return files


def test_a_translation_with_other_texts_is_accepted():
    course, problems = check_content(content_with_a_translation())
    assert problems == []
    assert course.module("mini").in_language("en").quiz.question("vraag-5").options[1] == "LinkedIn (EN)"


def test_a_translation_with_a_distractor_more_or_a_pair_less_is_refused():
    extra = content_with_a_translation(lambda y: y + "        - One more wrong answer\n")
    _, problems = check_content(extra)
    assert [p.code for p in problems] == ["translation_mismatch"]
    assert problems[0].file == "mini/module.en.yaml" and "vraag-5" in problems[0].message()

    fewer = content_with_a_translation(
        lambda y: y.split("        - item: Snel afstemmen")[0] + "      distractors: []\n"
    )
    _, problems = check_content(fewer)
    assert [p.code for p in problems] == ["translation_mismatch"]
