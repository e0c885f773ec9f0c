"""Scoring rules of each kind and of attempts, checked on examples and as properties over
generated questions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modules.catalog import load_course
from modules.grading import (
    FULLY_RIGHT,
    GradedItem,
    attempt_score,
    grade,
    is_fully_right,
    is_pass,
    score_question,
)
from modules.plan import AttemptPlan, DrawnQuestion
from modules.questions.branching import BranchingQuestion, best_path_points, score_branching
from modules.questions.multiple import MultipleQuestion, score_multiple
from modules.questions.order import OrderQuestion, score_order
from modules.questions.single import SingleQuestion, score_single

from .conftest import FIXTURE_CONTENT

MODULE = load_course(FIXTURE_CONTENT).module("mini").in_language("nl")


def single(credits: list[float], correct: int) -> SingleQuestion:
    options = [
        {
            "text": f"optie {i}",
            "feedback": "omdat",
            "correct": i == correct,
            **({"credit": c} if i != correct and c else {}),
        }
        for i, c in enumerate(credits)
    ]
    return SingleQuestion.model_validate({"id": "q", "kind": "single", "prompt": "?", "options": options})


def multiple(flags: list[bool]) -> MultipleQuestion:
    options = [{"text": f"optie {i}", "feedback": "omdat", "correct": f} for i, f in enumerate(flags)]
    return MultipleQuestion.model_validate({"id": "q", "kind": "multiple", "prompt": "?", "options": options})


def order(n: int) -> OrderQuestion:
    steps = [{"text": f"stap {i}", "feedback": "omdat"} for i in range(n)]
    return OrderQuestion.model_validate({"id": "q", "kind": "order", "prompt": "?", "steps": steps})


def test_single_examples():
    q = single([0, 0.5, 0], correct=0)
    assert [score_single(q, i) for i in range(3)] == [1.0, 0.5, 0.0]
    assert score_single(q, None) == 0 and score_single(q, 7) == 0


def test_multiple_formula_from_the_issue():
    q = multiple([True, True, False, False, False])  # k = 2, n - k = 3
    assert score_multiple(q, [0, 1]) == 1.0
    assert score_multiple(q, [0]) == 0.5
    assert abs(score_multiple(q, [0, 1, 2]) - (1 - 1 / 3)) < 1e-9
    assert score_multiple(q, [0, 2, 3]) == 0.0  # 1/2 - 2/3 clamps at 0
    assert score_multiple(q, list(range(5))) == 0.0


def test_order_share_in_place():
    q = order(4)
    assert score_order(q, [0, 1, 2, 3]) == 1.0
    assert score_order(q, [1, 0, 2, 3]) == 0.5
    assert score_order(q, [3, 2, 1, 0]) == 0.0


SCENARIO = {
    "id": "s",
    "kind": "branching",
    "prompt": "?",
    "start": "a",
    "nodes": [
        {
            "id": "a",
            "text": "A",
            "choices": [
                {"text": "goed", "next": "b", "points": 2, "feedback": "f"},
                {"text": "matig", "next": "c", "points": 1, "feedback": "f"},
            ],
        },
        {
            "id": "b",
            "text": "B",
            "choices": [
                {"text": "goed", "next": "good", "points": 2, "feedback": "f"},
                {"text": "fout", "next": "bad", "points": 0, "feedback": "f"},
            ],
        },
        {
            "id": "c",
            "text": "C",
            "choices": [{"text": "herstel", "next": "good", "points": 2, "feedback": "f"}],
        },
        {"id": "good", "text": "Goed einde", "ending": True},
        {"id": "bad", "text": "Slecht einde", "ending": True},
    ],
}


def test_branching_path_points_over_best_path():
    q = BranchingQuestion.model_validate(SCENARIO)
    assert best_path_points(q) == 4
    assert score_branching(q, [0, 0]) == 1.0
    assert score_branching(q, [1, 0]) == 0.75
    assert score_branching(q, [0, 1]) == 0.5
    assert score_branching(q, []) == 0.0


def test_attempt_score_and_pass_threshold():
    assert attempt_score([1, 0.5, 0, 1]) == 0.625
    assert attempt_score([]) == 0
    assert is_pass(0.8, 0.8) and is_pass(4 / 5, 0.8) and not is_pass(0.79, 0.8)


# Properties

credits = st.lists(st.sampled_from([0, 0, 0.25, 0.5, 0.75]), min_size=2, max_size=8)


@given(credits, st.data())
def test_single_bounds_and_perfect(values, data):
    correct = data.draw(st.integers(0, len(values) - 1))
    q = single(values, correct)
    choice = data.draw(st.integers(-1, len(values)))
    assert 0 <= score_single(q, choice) <= 1
    assert score_single(q, correct) == 1


flags = st.lists(st.booleans(), min_size=3, max_size=10).filter(lambda f: any(f) and not all(f))


@given(flags, st.data())
def test_multiple_bounds_and_perfect(values, data):
    q = multiple(values)
    picks = data.draw(st.sets(st.integers(0, len(values) - 1)))
    assert 0 <= score_multiple(q, sorted(picks)) <= 1
    assert score_multiple(q, [i for i, f in enumerate(values) if f]) == 1


@given(st.integers(3, 10), st.randoms(use_true_random=False))
def test_order_bounds_and_perfect(n, rnd):
    q = order(n)
    arrangement = list(range(n))
    rnd.shuffle(arrangement)
    assert 0 <= score_order(q, arrangement) <= 1
    assert score_order(q, list(range(n))) == 1


@given(flags, st.data())
def test_shuffling_options_does_not_change_scores(values, data):
    """Re-authoring the options in another order, with the answer mapped along, scores the same."""
    perm = data.draw(st.permutations(range(len(values))))
    picks = sorted(data.draw(st.sets(st.integers(0, len(values) - 1))))
    original = multiple(values)
    shuffled = multiple([values[p] for p in perm])  # new option i is old option perm[i]
    moved = sorted(perm.index(p) for p in picks)
    assert abs(score_multiple(original, picks) - score_multiple(shuffled, moved)) < 1e-9


@given(credits, st.data())
def test_shuffling_single_options_does_not_change_scores(values, data):
    correct = data.draw(st.integers(0, len(values) - 1))
    perm = data.draw(st.permutations(range(len(values))))
    choice = data.draw(st.integers(0, len(values) - 1))
    original = single(values, correct)
    shuffled = single([values[p] for p in perm], perm.index(correct))
    assert score_single(original, choice) == score_single(shuffled, perm.index(choice))


@st.composite
def scenarios(draw):
    """Random acyclic scenarios: node i only leads to later nodes; the last ones are endings."""
    size = draw(st.integers(3, 9))
    endings = draw(st.integers(1, 3))
    nodes = []
    for i in range(size - endings):
        targets = draw(st.lists(st.integers(i + 1, size - 1), min_size=1, max_size=3))
        choices = [
            {"text": f"c{j}", "next": f"n{t}", "feedback": "f", "points": draw(st.integers(0, 3))}
            for j, t in enumerate(targets)
        ]
        nodes.append({"id": f"n{i}", "text": "x", "choices": choices})
    nodes += [{"id": f"n{i}", "text": "einde", "ending": True} for i in range(size - endings, size)]
    return BranchingQuestion.model_validate(
        {"id": "s", "kind": "branching", "prompt": "?", "start": "n0", "nodes": nodes}
    )


@given(scenarios(), st.lists(st.integers(0, 2), max_size=10))
def test_branching_bounds_and_best_path_scores_one(question, path):
    best = best_path_points(question)
    score = score_branching(question, path)
    assert 0 <= score <= 1
    if best > 0:
        # follow the best choice at every node: that must score exactly 1
        nodes, current, best_path = question.node_map, question.start, []
        memo = {}

        def value(node_id):
            if node_id not in memo:
                memo[node_id] = max((c.points + value(c.next) for c in nodes[node_id].choices), default=0)
            return memo[node_id]

        while nodes[current].choices:
            options = nodes[current].choices
            index = max(range(len(options)), key=lambda k: options[k].points + value(options[k].next))
            best_path.append(index)
            current = options[index].next
        assert score_branching(question, best_path) == 1


def test_score_question_dispatches_and_tolerates_missing_answers():
    q = single([0, 0.5], correct=0)
    assert score_question(q, None) == 0 and score_question(q, 0) == 1
    assert score_question(order(3), [0, 1, 2]) == 1
    assert score_question(multiple([True, False, False]), [0]) == 1


# Grading an attempt


def test_grade_an_attempt_item_by_item():
    plan = AttemptPlan(1, tuple(DrawnQuestion(q) for q in ("vraag-1", "vraag-3", "vraag-4")))
    result = grade(MODULE.quiz, plan, {"vraag-1": 0, "vraag-3": [1, 0, 2]})
    assert result.items == (
        GradedItem(0, "vraag-1", "single", 0, 1.0),
        GradedItem(1, "vraag-3", "order", [1, 0, 2], 1 / 3),
        GradedItem(2, "vraag-4", "branching", None, 0.0),
    )
    assert result.score == pytest.approx(4 / 9) and not result.passed
    assert result.item_scores == {"vraag-1": 1.0, "vraag-3": 1 / 3, "vraag-4": 0.0}
    right = grade(MODULE.quiz, plan, {"vraag-1": 0, "vraag-3": [0, 1, 2], "vraag-4": [0]})
    assert right.score == 1 and right.passed


def test_what_storage_records_is_the_grade(backend_app):
    """Submitting stores exactly what `grade` gives for the attempt as it was drawn and answered."""
    from storage import learners

    learning = backend_app.learning
    learner, _ = learners.register(backend_app.db, "Piet")
    attempt = learning.start_attempt(learner.id, "mini")
    answers = {"vraag-1": 1, "vraag-2": [0, 2], "vraag-3": [0, 2, 1], "vraag-4": [1]}
    for i, question_id in enumerate(attempt.plan.question_ids):
        learning.save_answer(attempt.id, learner.id, question_id, answers[question_id], i + 1)
    submitted = learning.submit(attempt.id, learner.id)
    graded = grade(MODULE.quiz, attempt.plan, answers)
    assert graded.item_scores == submitted.item_scores
    assert (graded.score, graded.passed) == (submitted.score, submitted.passed)


def test_one_threshold_for_fully_right():
    assert is_fully_right(1.0) and is_fully_right(1 / 3 + 2 / 3) and is_fully_right(FULLY_RIGHT)
    assert not is_fully_right(0.999)
