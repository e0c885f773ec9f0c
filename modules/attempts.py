"""Drawing an attempt from a question pool, reproducibly.

An attempt is fully described by its plan (`modules.plan`): which questions, in which
order, and how the options of each were shuffled. The plan is derived from a seed and
stored with the attempt, so the attempt can be reviewed later exactly as it was shown.
"""

from __future__ import annotations

import random
from collections.abc import Collection

from .model import Quiz
from .plan import AttemptPlan, DrawnQuestion
from .questions import Answer, Question, kind_of

# The plan's classes lived here before `modules.plan`; storage still imports them from here.
__all__ = ["AttemptPlan", "DrawnQuestion", "draw_attempt", "is_answered", "new_seed"]


def draw_attempt(quiz: Quiz, seed: int, avoid: Collection[str] = ()) -> AttemptPlan:
    """Draw `quiz.draw` questions, preferring those not in `avoid` (e.g. the last attempt)."""
    rng = random.Random(seed)
    pool = list(quiz.questions)
    rng.shuffle(pool)
    pool.sort(key=lambda q: q.id in avoid)  # stable: fresh questions first, still shuffled
    chosen = pool[: quiz.draw]
    rng.shuffle(chosen)
    return AttemptPlan(seed, tuple(kind_of(q).shuffle(q, rng) for q in chosen))


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def is_answered(question: Question, answer: Answer) -> bool:
    """Whether an answer is complete enough to grade as the learner meant it."""
    return answer is not None and kind_of(question).is_complete(question, answer)
