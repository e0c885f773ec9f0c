"""Item analysis over first attempts, as Moodle's quiz statistics do it.

The statistics are aggregated in SQL (`storage.results`); this module holds what they are
judged by and the answer frequencies. A plain pandas version, the tests' reference, is in
`tests/item_analysis_reference.py`.

- facility: the mean score on the item divided by its maximum (1 here);
- discrimination: the correlation between the item's score and the rest of the attempt
  (the attempt's total without this item): good questions are answered better by
  learners who do better overall;
- option frequencies: how often each option was chosen, and by how many of those who
  got the item right or wrong.

Flags follow common practice: facility above 0.9 (too easy) or below 0.3 (too hard),
discrimination below 0.2 (discriminates badly) or negative.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .grading import is_fully_right
from .questions import get, option_kinds

TOO_EASY, TOO_HARD, WEAK = 0.9, 0.3, 0.2


def flags(facility: float, discrimination: float | None) -> list[str]:
    """What a trainer should look at: too_easy, too_hard, weak or negative discrimination."""
    found = []
    if facility > TOO_EASY:
        found.append("too_easy")
    if facility < TOO_HARD:
        found.append("too_hard")
    if discrimination is not None and not pd.isna(discrimination) and discrimination < WEAK:
        found.append("negative" if discrimination < 0 else "weak")
    return found


def option_frequencies(items: pd.DataFrame) -> pd.DataFrame:
    """How often each option was chosen, for the kinds with options to count.

    `items` has question_id, kind, answer (as stored) and score, one row per answer; or,
    already counted, `times` and `right_times` per distinct answer.
    """
    chosen = items[items["kind"].isin(option_kinds())].copy()
    if chosen.empty:
        return pd.DataFrame(columns=["question_id", "option", "chosen", "share", "by_right", "by_wrong"])
    if "times" not in chosen:
        chosen["times"] = 1
        chosen["right_times"] = chosen["score"].map(is_fully_right).astype(int)
    chosen["option"] = [
        get(kind).chosen_options(_as_stored(answer))
        for kind, answer in zip(chosen["kind"], chosen["answer"], strict=True)
    ]
    answered = chosen.groupby("question_id")["times"].sum()
    exploded = chosen.explode("option").dropna(subset=["option"])
    counts = exploded.groupby(["question_id", "option"]).agg(
        chosen=("times", "sum"), by_right=("right_times", "sum")
    )
    counts["by_wrong"] = counts["chosen"] - counts["by_right"]
    counts["share"] = counts["chosen"] / answered.reindex(counts.index.get_level_values(0)).to_numpy()
    result = counts.reset_index()
    result["option"] = result["option"].astype(int)
    return result[["question_id", "option", "chosen", "share", "by_right", "by_wrong"]]


def _as_stored(answer: Any) -> Any:
    """The answer as it was stored: pandas turns a column of indices with gaps into floats."""
    if isinstance(answer, float):
        return int(answer) if answer.is_integer() else None
    return answer
