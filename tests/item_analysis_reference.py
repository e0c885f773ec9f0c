"""A plain pandas implementation of the item statistics, the reference the SQL in
`storage.results` is checked against (and the hand-computed example checks this)."""

from __future__ import annotations

import pandas as pd

from modules.item_analysis import flags


def item_statistics(items: pd.DataFrame) -> pd.DataFrame:
    """Per question: attempts, facility, discrimination and flags.

    `items` has one row per question in an attempt: attempt_id, question_id, score.
    Pass only first attempts (see `first_attempts`).
    """
    if items.empty:
        return pd.DataFrame(columns=["question_id", "attempts", "facility", "discrimination", "flags"])
    totals = items.groupby("attempt_id")["score"].transform("sum")
    frame = items.assign(rest=totals - items["score"])
    rows = []
    for question_id, group in frame.groupby("question_id", sort=True):
        discrimination = _correlation(group["score"], group["rest"])
        facility = float(group["score"].mean())
        rows.append(
            {
                "question_id": question_id,
                "attempts": int(len(group)),
                "facility": facility,
                "discrimination": discrimination,
                "flags": flags(facility, discrimination),
            }
        )
    return pd.DataFrame(rows)


def _correlation(a: pd.Series, b: pd.Series) -> float | None:
    """Pearson correlation, or None when either side does not vary (it is undefined then)."""
    if len(a) < 2 or a.std(ddof=0) == 0 or b.std(ddof=0) == 0:
        return None
    return float(a.corr(b))


def first_attempts(items: pd.DataFrame, attempts: pd.DataFrame) -> pd.DataFrame:
    """Only the items of each learner's first attempt per module (`attempts.number == 1`)."""
    first = attempts.loc[attempts["number"] == 1, "attempt_id"]
    return items[items["attempt_id"].isin(first)]
