"""Exports a trainer opens in (Dutch) Excel: per table one CSV and one workbook for them all.

Pure: tables in, bytes out (no Streamlit, no database), so the pages and tests use the same
code. A CSV is UTF-8 with a byte order mark (Excel then reads the accents right), separated by
semicolons, with a decimal comma and whole percentages, as Dutch Excel expects. The workbook
holds real numbers with number formats, one sheet per table.

Every text cell that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab
or a carriage return) starts with an apostrophe instead: a learner's name such as
`=HYPERLINK("https://evil.example","x")` stays text (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from i18n import translate

Kind = Literal["text", "int", "decimal", "percent", "date", "yes_no"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_FORMATS: dict[Kind, str] = {
    "int": "0",
    "decimal": "0.0",
    "percent": "0%",
    "date": "dd-mm-yyyy",
}
YES_NO = {"nl": ("ja", "nee"), "en": ("yes", "no")}
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Column:
    key: str  # the row's key
    header: str  # as shown, in the reader's language
    kind: Kind = "text"
    digits: int = 1  # for decimals


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name and the CSV file's name (without .csv)
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]] = field(default_factory=list)


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _csv_cell(value: Any, column: Column, lang: str) -> str:
    kind = column.kind
    if _missing(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "decimal":
        return f"{float(value):.{column.digits}f}".replace(".", ",")
    if kind == "percent":
        return f"{round(float(value) * 100)}%"
    if kind == "date":
        return value.strftime("%d-%m-%Y") if isinstance(value, date | datetime) else neutralise(str(value))
    if kind == "yes_no":
        yes, no = YES_NO.get(lang, YES_NO["en"])
        return yes if value else no
    return neutralise(str(value))


def to_csv(table: Table, lang: str = "nl") -> bytes:
    """One table as a CSV for Dutch Excel: BOM, semicolons, decimal comma, whole percentages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c.header) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(row.get(c.key), c, lang) for c in table.columns])
    return buffer.getvalue().encode("utf-8-sig")


def _excel_value(value: Any, kind: Kind, lang: str) -> Any:
    if _missing(value):
        return None
    if kind == "int":
        return int(value)
    if kind in ("decimal", "percent"):
        return float(value)
    if kind == "date":
        return value if isinstance(value, date | datetime) else neutralise(str(value))
    if kind == "yes_no":
        yes, no = YES_NO.get(lang, YES_NO["en"])
        return yes if value else no
    return neutralise(str(value))


def _as_text(cell: Cell) -> None:
    """openpyxl reads a string that begins with '=' as a formula; a text cell must stay text."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def to_excel(tables: Iterable[Table], lang: str = "nl") -> bytes:
    """The tables as one workbook, a sheet per table, numbers as numbers with their format."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for table in tables:
        sheet = book.create_sheet(title=table.name[:31])  # Excel's limit for a sheet name
        sheet.append([neutralise(c.header) for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            _as_text(cell)
        for row in table.rows:
            sheet.append([_excel_value(row.get(c.key), c.kind, lang) for c in table.columns])
            for cell, column in zip(sheet[sheet.max_row], table.columns, strict=True):
                _as_text(cell)
                if column.kind in EXCEL_FORMATS and cell.value is not None:
                    decimals = "0." + "0" * column.digits if column.digits else "0"
                    cell.number_format = decimals if column.kind == "decimal" else EXCEL_FORMATS[column.kind]
        for index, column in enumerate(table.columns, start=1):
            width = max([len(column.header), *(len(str(r.get(column.key) or "")) for r in table.rows)])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def records(frame: Any) -> list[dict[str, Any]]:
    """A pandas frame's rows as plain dicts (the pages build tables from frames)."""
    return [dict(row) for row in frame.to_dict("records")]


# The tables of the results page, with headers in the reader's language.


def funnel_table(frame: Any, lang: str) -> Table:
    """`frame`: stage (already in words), learners."""
    return Table(
        translate(lang, "export.funnel"),
        [
            Column("stage", translate(lang, "results.stage")),
            Column("learners", translate(lang, "results.learners"), "int"),
        ],
        records(frame),
    )


def modules_table(frame: Any, titles: Mapping[str, str], lang: str) -> Table:
    """`frame`: per module (`module_id`) as `ResultsService.per_module` gives it; rows in the
    order of `titles` (the course's order)."""
    rows = sorted(
        records(frame), key=lambda r: list(titles).index(r["module_id"]) if r["module_id"] in titles else 99
    )
    for row in rows:
        row["module"] = titles.get(row["module_id"], row["module_id"])
    return Table(
        translate(lang, "export.modules"),
        [
            Column("module", translate(lang, "results.module")),
            Column("learners", translate(lang, "results.learners"), "int"),
            Column("pass_rate", translate(lang, "results.pass_rate"), "percent"),
            Column("median_score", translate(lang, "results.median_score"), "percent"),
            Column("attempts_to_pass", translate(lang, "results.attempts_to_pass"), "decimal"),
            Column("median_minutes", translate(lang, "results.minutes"), "decimal"),
        ],
        rows,
    )


def items_table(frame: Any, lang: str) -> Table:
    """`frame`: question_id, prompt, attempts, facility (share right), discrimination, flags."""
    return Table(
        translate(lang, "export.items"),
        [
            Column("question_id", "id"),
            Column("prompt", translate(lang, "results.question")),
            Column("attempts", translate(lang, "results.attempts"), "int"),
            Column("facility", translate(lang, "results.facility"), "percent"),
            Column("discrimination", translate(lang, "results.discrimination"), "decimal", digits=2),
            Column("flags", translate(lang, "results.flags")),
        ],
        records(frame),
    )


def participants_table(frame: Any, titles: Mapping[str, str], lang: str, *, name: str = "") -> Table:
    """`frame`: `ResultsService.participants`: one row per learner, best score per module."""
    name_col, started, *progress = _progress_columns(lang)
    best = [
        Column(f"best:{module_id}", translate(lang, "export.best", module=title), "percent")
        for module_id, title in titles.items()
    ]
    workshop = Column("workshop_code", translate(lang, "results.workshop"))
    return Table(
        name or translate(lang, "export.participants"),
        [name_col, workshop, started, *progress[:-1], *best, progress[-1]],
        _by_day(frame),
    )


def attendance_table(frame: Any, lang: str) -> Table:
    """A workshop's attendance list: who joined, when they started, how far they got."""
    return Table(translate(lang, "export.attendance"), _progress_columns(lang), _by_day(frame))


def _progress_columns(lang: str) -> list[Column]:
    """Who, since when, and how far: the columns a participant list and an attendance list share."""
    return [
        Column("name", translate(lang, "workshop.name")),
        Column("created_at", translate(lang, "export.started"), "date"),
        Column("lessons_read", translate(lang, "workshop.lessons_read"), "int"),
        Column("modules_passed", translate(lang, "workshop.modules_passed"), "int"),
        Column("diploma", translate(lang, "workshop.diploma"), "yes_no"),
    ]


def _by_day(frame: Any) -> list[dict[str, Any]]:
    return [{**row, "created_at": _day(row.get("created_at"))} for row in records(frame)]


def _day(moment: Any) -> Any:
    """The day (in the Netherlands and Flanders) a stored moment fell on."""
    if isinstance(moment, datetime):
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LOCAL_ZONE).date()
    if hasattr(moment, "to_pydatetime"):
        return _day(moment.to_pydatetime())
    return moment
