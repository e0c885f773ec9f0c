"""Retention for trainers: per module and workshop, the share right at the first quiz attempt,
at the first refresher and at the second, as a chart and a table, and the questions forgotten
most (most often wrong in a refresher)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import state
from ui.components import html_table, percent
from ui.state import t
from ui.trainer_auth import require_trainer


def render() -> None:
    require_trainer()
    app = state.app()
    course = state.course()
    lang = state.lang()
    st.title(t("nav.trainer_retention"))
    days = app.settings.refresher_days
    st.caption(t("retention.explained", first=days[0], second=days[1]))
    titles = {m.id: m.in_language(lang).title for m in course.modules}
    workshops = {None: t("results.everyone")} | {w.code: f"{w.title} ({w.code})" for w in app.workshops.all()}
    module_column, workshop_column = st.columns(2)
    module_id = module_column.selectbox(
        t("results.module"), list(titles), format_func=lambda m: titles[m], key="retention_module"
    )
    workshop = workshop_column.selectbox(
        t("results.workshop"), list(workshops), format_func=lambda c: workshops[c], key="retention_workshop"
    )
    found = app.refreshers.retention(module_id, workshop)
    phase_names = {
        "first": t("retention.first"),
        "stage1": t("retention.stage", days=days[0]),
        "stage2": t("retention.stage", days=days[1]),
    }
    table = pd.DataFrame(
        [
            {"phase": phase_names.get(p.phase, p.phase), "answers": p.answers, "share": p.share}
            for p in found.phases
        ]
    )
    if table["answers"].sum() == 0:
        st.info(t("retention.nothing_yet"))
        return
    st.bar_chart(
        table.fillna(0), x="phase", y="share", x_label="", y_label=t("retention.share_right"), sort=False
    )
    html_table(
        table.rename(
            columns={
                "phase": t("retention.phase"),
                "answers": t("retention.answers"),
                "share": t("retention.share_right"),
            }
        ),
        {t("retention.share_right"): percent},
    )
    st.subheader(t("retention.forgotten"))
    if not found.forgotten:
        st.write(t("retention.none_forgotten"))
        return
    quiz = course.module(module_id).in_language(lang).quiz
    prompts = {q.id: q.prompt for q in quiz.questions}
    html_table(
        pd.DataFrame(
            [
                {
                    "id": f.question_id,
                    t("results.question"): prompts.get(f.question_id, f.question_id),
                    t("retention.wrong"): f"{f.wrong} / {f.refresher_answers}",
                    t("retention.share_wrong"): percent(f.share_wrong),
                }
                for f in found.forgotten
            ]
        )
    )
