"""`matching`: pair each item on the left with its match on the right (e.g. a goal with the
channel that fits it); optional distractors are answers that fit no item.

Score: the share of items matched right (partial credit per pair).
Answer: per item, in authored order, the authored index of the chosen answer or null. The
answers are numbered as `MatchingQuestion.options` lists them: the pairs' matches, then the
distractors. Each attempt shuffles the answers; the items keep their authored order.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import Annotated, Literal

from pydantic import Field

from ..fields import QuestionBase, ShortText, Strict, Text
from ..plan import DrawnQuestion
from ..yamlsafe import Path
from .base import Answer, QuestionKind, Reporter, permutation

MIN_PAIRS = 2


class Pair(Strict):
    item: ShortText  # the left side: what the learner matches
    match: ShortText  # the right side: the answer that belongs to it
    feedback: Text  # why this match is the right one


class MatchingQuestion(QuestionBase):
    kind: Literal["matching"]
    pairs: Annotated[list[Pair], Field(max_length=10)]
    distractors: Annotated[list[ShortText], Field(max_length=5)] = []

    @property
    def options(self) -> list[str]:
        """The answers to choose from, in authored order: the matches, then the distractors."""
        return [pair.match for pair in self.pairs] + list(self.distractors)


def score_matching(question: MatchingQuestion, chosen: Sequence[int | None]) -> float:
    if not question.pairs:
        return 0.0
    right = sum(1 for item, pick in enumerate(chosen[: len(question.pairs)]) if pick == item)
    return right / len(question.pairs)


class MatchingKind(QuestionKind[MatchingQuestion]):
    name = "matching"
    model = MatchingQuestion
    item_models = {"pairs": Pair}
    texts = {
        "nl": {
            "matching_too_few_pairs": "{field}: een 'matching'-vraag heeft minstens {minimum} paren nodig, dit zijn er {count}; voeg een paar toe met 'item:', 'match:' en 'feedback:'",
            "matching_duplicate_item": "{field}: '{text}' staat ook bij paar {first}; geef elk paar een eigen item, anders weet de deelnemer niet welk antwoord waar hoort",
            "matching_duplicate_match": "{field}: '{text}' is ook het antwoord bij paar {first}; elk paar heeft een eigen antwoord nodig (een antwoord kiest de deelnemer maar bij één item goed)",
            "matching_distractor_is_match": "{field}: de afleider '{text}' is ook het antwoord bij paar {pair}; een afleider mag bij geen enkel paar horen, haal hem weg of kies een ander antwoord",
            "matching_duplicate_distractor": "{field}: de afleider '{text}' staat er al eerder; laat er één over",
        },
        "en": {
            "matching_too_few_pairs": "{field}: a 'matching' question needs at least {minimum} pairs, this one has {count}; add a pair with 'item:', 'match:' and 'feedback:'",
            "matching_duplicate_item": "{field}: '{text}' is also pair {first}'s item; give every pair an item of its own, or learners cannot tell which answer goes where",
            "matching_duplicate_match": "{field}: '{text}' is also pair {first}'s answer; every pair needs an answer of its own (a learner can match an answer to one item only)",
            "matching_distractor_is_match": "{field}: the distractor '{text}' is also pair {pair}'s answer; a distractor must belong to no pair, so remove it or choose another answer",
            "matching_duplicate_distractor": "{field}: the distractor '{text}' is listed before; keep one",
        },
    }

    def check(self, question: MatchingQuestion, path: Path, report: Reporter) -> None:
        pairs_path = (*path, "pairs")
        if len(question.pairs) < MIN_PAIRS:
            report.add(pairs_path, "matching_too_few_pairs", minimum=MIN_PAIRS, count=len(question.pairs))
        _report_repeats(
            [p.item for p in question.pairs], pairs_path, "item", "matching_duplicate_item", report
        )
        matches = _report_repeats(
            [p.match for p in question.pairs], pairs_path, "match", "matching_duplicate_match", report
        )
        seen: set[str] = set()
        for k, distractor in enumerate(question.distractors):
            same = _same(distractor)
            if same in matches:
                report.add(
                    (*path, "distractors", k),
                    "matching_distractor_is_match",
                    text=distractor,
                    pair=matches[same],
                )
            elif same in seen:
                report.add((*path, "distractors", k), "matching_duplicate_distractor", text=distractor)
            seen.add(same)

    def shuffle(self, question: MatchingQuestion, rng: random.Random) -> DrawnQuestion:
        # The answers in authored order would line up with the items and give them away.
        return DrawnQuestion(question.id, permutation(len(question.options), rng, avoid_identity=True))

    def is_complete(self, question: MatchingQuestion, answer: Answer) -> bool:
        answers = len(question.options)
        return (
            isinstance(answer, list)
            and len(answer) == len(question.pairs)
            and all(isinstance(pick, int) and 0 <= pick < answers for pick in answer)
        )

    def score(self, question: MatchingQuestion, answer: Answer) -> float:
        return score_matching(question, answer) if isinstance(answer, list) else 0.0

    def answer_key(self, question: MatchingQuestion) -> Hashable:
        # Pair i's match is answer i: grading depends only on how many there are of each.
        return (len(question.pairs), len(question.distractors))

    def feedback(self, question: MatchingQuestion) -> list[str]:
        return [pair.feedback for pair in question.pairs]


def _same(text: str) -> str:
    """Texts a learner cannot tell apart in a list (case and spacing aside) count as the same."""
    return " ".join(text.casefold().split())


def _report_repeats(
    texts: list[str], pairs_path: Path, key: str, code: str, report: Reporter
) -> dict[str, int]:
    """Report each text that an earlier pair already has; returns each text's first pair (from 1)."""
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        same = _same(text)
        if same in first:
            report.add((*pairs_path, i, key), code, text=text, first=first[same])
        else:
            first[same] = i + 1
    return first


KIND = MatchingKind()
