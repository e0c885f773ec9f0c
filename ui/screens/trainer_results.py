"""Results for trainers: progress funnel, pass rates per module, and which questions
people miss and why (item analysis over first attempts), with CSV and Excel exports."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from application import Scope, reports
from application.results import ResultsService
from modules.catalog import Course
from modules.model import Quiz
from modules.questions import kind_of
from modules.safe_markdown import inert
from ui import state
from ui.components import download_when_clicked, html_table, percent
from ui.state import t
from ui.trainer_auth import require_trainer


def render() -> None:
    require_trainer()
    results = state.app().results
    course = state.course()
    st.title(t("nav.trainer_results"))
    scope = _scope()
    stages = _funnel(results, scope)
    summary = _per_module(results, course, scope)
    people = _participants(results, course, scope)
    _item_analysis(results, course, scope, stages, summary, people)


def _scope() -> Scope:
    choices = {None: t("results.everyone")} | {
        w.code: f"{w.title} ({w.code})" for w in state.app().workshops.all()
    }
    workshop_column, period_column = st.columns(2)
    workshop = workshop_column.selectbox(
        t("results.workshop"),
        list(choices),
        format_func=lambda c: choices[c],
        key="results_workshop",
        placeholder=t("common.choose"),
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
    st.altair_chart(_bars(stages, "stage", "learners", t("results.learners")), width="stretch")
    html_table(stages.rename(columns={"stage": t("results.stage"), "learners": t("results.learners")}))
    return stages


def _per_module(results: ResultsService, course: Course, scope: Scope) -> pd.DataFrame:
    st.subheader(t("results.per_module"))
    titles = _titles(course)
    order = list(titles)
    summary = results.per_module(scope)
    summary = summary.sort_values(
        "module_id", key=lambda ids: ids.map(lambda m: order.index(m) if m in order else 999)
    )
    raw = summary.copy()
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
        chart = _bars(summary, "module_id", "pass_rate", t("results.pass_rate"), percent_axis=True)
        st.altair_chart(chart, width="stretch")
    html_table(
        shown,
        {
            t("results.pass_rate"): percent,
            t("results.median_score"): percent,
            t("results.attempts_to_pass"): _decimals(1),
            t("results.minutes"): _decimals(1),
        },
    )
    return raw


def _participants(results: ResultsService, course: Course, scope: Scope) -> pd.DataFrame:
    """Per learner: what a trainer is asked for most (also exported)."""
    st.subheader(t("results.participants"))
    people = results.participants(scope)
    titles = _titles(course)
    shown = pd.DataFrame(
        {
            t("workshop.name"): people["name"],
            t("results.workshop"): people["workshop_code"].fillna(""),
            t("workshop.lessons_read"): people["lessons_read"],
            t("workshop.modules_passed"): [f"{n} / {len(titles)}" for n in people["modules_passed"]],
            t("workshop.diploma"): ["✔" if d else "" for d in people["diploma"]],
        }
    )
    html_table(shown)
    return people


def _bars(
    frame: pd.DataFrame, label: str, value: str, title: str, *, percent_axis: bool = False
) -> alt.Chart:
    """Horizontal bars with their labels in full (Streamlit's own chart cuts them off) and, for
    rates, a percentage axis from 0 to 100%."""
    axis = alt.Axis(format="%", title=title) if percent_axis else alt.Axis(title=title, tickMinStep=1)
    scale = alt.Scale(domain=[0, 1]) if percent_axis else alt.Undefined
    chart: alt.Chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort=None, title=None, axis=alt.Axis(labelLimit=0)),
            x=alt.X(f"{value}:Q", axis=axis, scale=scale),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=" "),
                alt.Tooltip(f"{value}:Q", title=title, format="%" if percent_axis else "d"),
            ],
        )
    )
    return chart


@st.fragment
def _item_analysis(
    results: ResultsService,
    course: Course,
    scope: Scope,
    stages: pd.DataFrame,
    summary: pd.DataFrame,
    people: pd.DataFrame,
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
        placeholder=t("common.choose"),
    )
    versions: list[int | None] = [None, *results.versions_taken(module_id)]
    version = version_column.selectbox(
        t("results.version"),
        versions,
        key=f"results_version:{module_id}",
        format_func=lambda v: t("results.all_versions") if v is None else t("results.version_n", version=v),
        placeholder=t("common.choose"),
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
        {t("results.facility"): percent, t("results.discrimination"): _decimals(2)},
    )
    _option_choices(results.options(module_id, scope, version), quiz)
    _exports(scope, stages, summary, items, people, titles)


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


def _exports(
    scope: Scope,
    stages: pd.DataFrame,
    summary: pd.DataFrame,
    items: pd.DataFrame,
    people: pd.DataFrame,
    titles: dict[str, str],
) -> None:
    """Per table a CSV for Dutch Excel and one workbook with a sheet per table; with a workshop
    chosen, also its attendance list. Made when clicked."""
    st.subheader(t("results.export"))
    lang = state.lang()
    tables = [
        reports.participants_table(people, titles, lang),
        reports.funnel_table(stages, lang),
        reports.modules_table(summary, titles, lang),
        reports.items_table(items, lang),
    ]
    if scope.workshop:
        tables.insert(0, reports.attendance_table(people, lang))
    download_when_clicked(
        t("results.excel"),
        data=lambda: reports.to_excel(tables, lang),
        file_name="resultaten.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="export_excel",
        icon=":material/download:",
    )
    for number, table in enumerate(tables):
        download_when_clicked(
            t("export.csv_of", table=table.name),
            data=partial(reports.to_csv, table, lang),
            file_name=f"{_file_name(table.name)}.csv",
            mime="text/csv",
            key=f"export_csv_{number}",
        )


def _file_name(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
