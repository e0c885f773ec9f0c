"""Results for trainers: progress funnel, pass rates per module, and which questions
people miss and why (item analysis over first attempts), with CSV and Excel exports."""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from application import Scope
from application.results import ResultsService
from modules.catalog import Course
from modules.model import Quiz
from modules.questions import kind_of
from modules.safe_markdown import inert
from ui import state
from ui.components import html_table, percent
from ui.state import t
from ui.trainer_auth import require_trainer


def render() -> None:
    require_trainer()
    results = state.app().results
    course = state.course()
    st.title(t("nav.trainer_results"))
    scope = _scope()
    stages = _funnel(results, scope)
    shown = _per_module(results, course, scope)
    _item_analysis(results, course, scope, stages, shown)


def _scope() -> Scope:
    choices = {None: t("results.everyone")} | {
        w.code: f"{w.title} ({w.code})" for w in state.app().workshops.all()
    }
    workshop_column, period_column = st.columns(2)
    workshop = workshop_column.selectbox(
        t("results.workshop"), list(choices), format_func=lambda c: choices[c], key="results_workshop"
    )
    period = period_column.date_input(
        t("results.period"),
        value=[],  # a range, empty: every period
        format="DD-MM-YYYY",
        key="results_period",
        help=t("results.period_help"),
    )
    days = [day for day in period if day] if isinstance(period, tuple | list) else []
    return Scope(workshop, days[0] if days else None, days[-1] if days else None)


def _funnel(results: ResultsService, scope: Scope) -> pd.DataFrame:
    st.subheader(t("results.funnel"))
    stages = results.funnel(scope)
    stages["stage"] = stages["stage"].map(lambda s: t(f"results.stage.{s}"))
    st.bar_chart(
        stages,
        x="stage",
        y="learners",
        x_label="",
        y_label=t("results.learners"),
        horizontal=True,
        sort=False,
    )
    html_table(stages.rename(columns={"stage": t("results.stage"), "learners": t("results.learners")}))
    return stages


def _per_module(results: ResultsService, course: Course, scope: Scope) -> pd.DataFrame:
    st.subheader(t("results.per_module"))
    titles = _titles(course)
    summary = results.per_module(scope)
    summary["module_id"] = summary["module_id"].map(lambda m: titles.get(m, m))
    shown = summary.rename(
        columns={
            "module_id": t("results.module"),
            "learners": t("results.learners"),
            "pass_rate": t("results.pass_rate"),
            "median_score": t("results.median_score"),
            "attempts_to_pass": t("results.attempts_to_pass"),
            "median_minutes": t("results.minutes"),
        }
    )
    if not summary.empty:
        st.bar_chart(summary, x="module_id", y="pass_rate", x_label="", y_label=t("results.pass_rate"))
    html_table(
        shown,
        {
            t("results.pass_rate"): percent,
            t("results.median_score"): percent,
            t("results.attempts_to_pass"): _decimals(1),
            t("results.minutes"): _decimals(1),
        },
    )
    return shown


@st.fragment
def _item_analysis(
    results: ResultsService, course: Course, scope: Scope, stages: pd.DataFrame, shown: pd.DataFrame
) -> None:
    """A fragment: choosing another module or version reruns only this part, not the funnel
    and per-module figures above it (each an aggregate over every attempt)."""
    st.subheader(t("results.items"))
    st.caption(t("results.items_explained"))
    titles = _titles(course)
    module_column, version_column = st.columns(2)
    module_id = module_column.selectbox(
        t("results.module"),
        [m.id for m in course.modules],
        format_func=lambda m: titles[m],
        key="results_module",
    )
    versions: list[int | None] = [None, *results.versions_taken(module_id)]
    version = version_column.selectbox(
        t("results.version"),
        versions,
        key=f"results_version:{module_id}",
        format_func=lambda v: t("results.all_versions") if v is None else t("results.version_n", version=v),
    )
    quiz = results.module(module_id, version).in_language(state.lang()).quiz
    items = results.items(module_id, scope, version)
    items["prompt"] = items["question_id"].map(
        lambda q: next((x.prompt for x in quiz.questions if x.id == q), q)
    )
    items["flags"] = items["flags"].map(lambda f: ", ".join(t(f"results.flag.{x}") for x in f))
    html_table(
        items[["question_id", "prompt", "attempts", "facility", "discrimination", "flags"]].rename(
            columns={
                "question_id": "id",
                "prompt": t("results.question"),
                "attempts": t("results.attempts"),
                "facility": t("results.facility"),
                "discrimination": t("results.discrimination"),
                "flags": t("results.flags"),
            }
        ),
        {t("results.facility"): _decimals(2), t("results.discrimination"): _decimals(2)},
    )
    _option_choices(results.options(module_id, scope, version), quiz)
    _exports(stages, shown, items)


def _titles(course: Course) -> dict[str, str]:
    lang = state.lang()
    return {m.id: m.in_language(lang).title for m in course.modules}


def _option_choices(frequencies: pd.DataFrame, quiz: Quiz) -> None:
    with st.expander(t("results.options")):
        for question in quiz.questions:
            rows = frequencies[frequencies["question_id"] == question.id]
            labels = kind_of(question).option_labels(question)
            if rows.empty or labels is None:
                continue
            st.markdown(inert(f"**{question.prompt}**"))
            table = pd.DataFrame(
                {
                    t("results.option"): [text for text, _ in labels],
                    t("results.right_answer"): ["✔" if right else "" for _, right in labels],
                }
            )
            counts = rows.set_index("option")
            table[t("results.chosen")] = [
                percent(counts["share"].get(i)) if i in counts.index else "0%" for i in range(len(labels))
            ]
            html_table(table)


def _decimals(digits: int) -> Callable[[float], str]:
    def show(value: float) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if state.lang() == "nl" else text  # Dutch decimal comma

    return show


def _exports(stages: pd.DataFrame, modules: pd.DataFrame, items: pd.DataFrame) -> None:
    st.subheader(t("results.export"))
    sheets = {"funnel": stages, "modules": modules, "items": items}
    left, right = st.columns(2)
    left.download_button(
        t("results.csv"),
        data=lambda: _csv(sheets),
        file_name="resultaten.csv",
        mime="text/csv",
        key="export_csv",
    )
    right.download_button(
        t("results.excel"),
        data=lambda: _excel(sheets),
        file_name="resultaten.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export_excel",
    )


def _csv(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One CSV with a section per table (semicolons, as Dutch Excel expects)."""
    parts = [f"# {name}\n" + frame.to_csv(index=False, sep=";") for name, frame in sheets.items()]
    return "\n".join(parts).encode("utf-8-sig")


def _excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()
