"""Drawing attempts: reproducible from the seed, shuffled, and fresh questions on a retry."""

from modules.attempts import AttemptPlan, draw_attempt, is_answered
from modules.catalog import load_course
from modules.model import Quiz

from .conftest import FIXTURE_CONTENT


def quiz(pool: int = 12, draw: int = 8) -> Quiz:
    questions = [
        {
            "id": f"q{i}",
            "kind": "single",
            "prompt": "?",
            "options": [
                {"text": "a", "feedback": "f", "correct": True},
                {"text": "b", "feedback": "f"},
                {"text": "c", "feedback": "f"},
                {"text": "d", "feedback": "f"},
            ],
        }
        for i in range(pool)
    ]
    return Quiz.model_validate({"draw": draw, "questions": questions})


def test_same_seed_same_attempt():
    assert draw_attempt(quiz(), 42) == draw_attempt(quiz(), 42)
    assert draw_attempt(quiz(), 42) != draw_attempt(quiz(), 43)


def test_plan_round_trips_through_json():
    plan = draw_attempt(load_course(FIXTURE_CONTENT).module("mini").in_language("nl").quiz, 7)
    assert AttemptPlan.from_json(plan.to_json()) == plan


def test_draws_the_configured_number_of_distinct_questions():
    plan = draw_attempt(quiz(), 1)
    assert len(plan.questions) == 8 and len(set(plan.question_ids)) == 8
    assert all(sorted(q.display_order) == [0, 1, 2, 3] for q in plan.questions)


def test_options_are_shuffled_across_seeds():
    orders = {draw_attempt(quiz(), seed).questions[0].display_order for seed in range(30)}
    assert len(orders) > 5


def test_retry_prefers_questions_not_seen_last_time():
    first = draw_attempt(quiz(), 5)
    second = draw_attempt(quiz(), 6, avoid=first.question_ids)
    unseen = set(q.id for q in quiz().questions) - set(first.question_ids)
    assert unseen <= set(second.question_ids)  # all 4 unseen ones come back first


def test_order_questions_never_start_in_the_right_order():
    course_quiz = load_course(FIXTURE_CONTENT).module("mini").in_language("nl").quiz
    for seed in range(200):
        plan = draw_attempt(course_quiz, seed)
        for drawn in plan.questions:
            if drawn.question_id == "vraag-3":
                assert list(drawn.display_order) != sorted(drawn.display_order)


def test_is_answered():
    course_quiz = load_course(FIXTURE_CONTENT).module("mini").in_language("nl").quiz
    single, multiple, order, branching = (course_quiz.question(f"vraag-{i}") for i in range(1, 5))
    assert is_answered(single, 0) and not is_answered(single, None)
    assert is_answered(multiple, [1]) and not is_answered(multiple, [])
    assert is_answered(order, [2, 0, 1]) and not is_answered(order, [0, 0, 1])
    assert is_answered(branching, [0]) and not is_answered(branching, [])
