"""Checks that keep course content honest, as pure functions the tests (and a trainer's
script) can run on any module:

- copied text: a run of `RUN_LENGTH` or more consecutive words that also occurs in a source
  text (compared without case and punctuation): the course must say it in its own words;
- gameable answers: in single-choice questions, where the right option ranks by length and
  where it stands in the file;
- principles: which principle each question cites.

Why positions are checked although the app shuffles options: reviews, exports and printed
versions show the authored order, and a habit of writing the right answer first shows the
author's pattern to anyone who sees two questions side by side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, cast

from .model import Module
from .questions.single import SingleQuestion

RUN_LENGTH = 12
# No length rank and no position may hold the right answer in more than this share of the
# single-choice questions. With three or four options an unbiased author lands near 25-33%
# per rank; 40% leaves room for a small pool (7 questions: at most 2 at one rank) while a
# habit ("the right one is the second-longest", 62% in the first edition) fails.
MAX_SHARE = 0.4

_WORD = re.compile(r"\w+")

Gram = tuple[str, ...]


def words(text: str) -> list[str]:
    """The words of a text, lower case, without punctuation (digits count as words)."""
    return _WORD.findall(text.lower())


def ngrams(tokens: list[str], n: int = RUN_LENGTH) -> Iterator[Gram]:
    return (tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def source_ngrams(texts: Iterable[str], n: int = RUN_LENGTH) -> set[Gram]:
    """Every run of `n` words in the source texts."""
    found: set[Gram] = set()
    for text in texts:
        found.update(ngrams(words(text), n))
    return found


def copied_runs(text: str, sources: set[Gram], n: int = RUN_LENGTH) -> list[str]:
    """The longest runs of at least `n` words `text` shares with the sources, as text."""
    tokens = words(text)
    hits = [i for i, gram in enumerate(ngrams(tokens, n)) if gram in sources]
    runs: list[str] = []
    start = end = -1
    for i in hits:
        if start >= 0 and i <= end:  # overlaps or touches the run so far: extend it
            end = i + n
            continue
        if start >= 0:
            runs.append(" ".join(tokens[start:end]))
        start, end = i, i + n
    if start >= 0:
        runs.append(" ".join(tokens[start:end]))
    return runs


_CITED_TITLE = re.compile(r"^sources\[\d+\]\.title$")


def own_words(field: str) -> bool:
    """Whether a field must be in the course's own words: everything but the title of a cited
    source, which is quoted as its author wrote it."""
    return not _CITED_TITLE.match(field)


def texts_in(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every text in raw YAML data, variants included."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from texts_in(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from texts_in(value, f"{path}[{i + 1}]")


def single_choice(module: Module) -> list[SingleQuestion]:
    # `Question` is a union only at run time; the kind's name says which model it is.
    return [cast(SingleQuestion, q) for q in module.quiz.questions if q.kind == "single"]


def right_option(question: SingleQuestion) -> int:
    return next(i for i, option in enumerate(question.options) if option.correct)


def length_rank(question: SingleQuestion) -> int:
    """The right option's rank by length of its text: 1 is the longest (ties in file order)."""
    order = sorted(range(len(question.options)), key=lambda i: -len(question.options[i].text))
    return order.index(right_option(question)) + 1


def shares(values: Iterable[int]) -> dict[int, float]:
    """How often each value occurs, as a share of all values."""
    counted = Counter(values)
    total = sum(counted.values())
    return {value: count / total for value, count in sorted(counted.items())} if total else {}


def length_rank_shares(questions: Iterable[SingleQuestion]) -> dict[int, float]:
    return shares(length_rank(q) for q in questions)


def position_shares(questions: Iterable[SingleQuestion]) -> dict[int, float]:
    """How often the right option is the 1st, 2nd, ... option in the file."""
    return shares(right_option(q) + 1 for q in questions)


def too_frequent(found: dict[int, float], limit: float = MAX_SHARE) -> dict[int, float]:
    """The ranks or positions above the limit."""
    return {key: share for key, share in found.items() if share > limit}


def citations(module: Module) -> dict[str, str | None]:
    """Question id -> the principle it cites (None: none yet)."""
    return {q.id: q.principle for q in module.quiz.questions}
