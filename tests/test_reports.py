"""Exports that Dutch Excel reads right (issue 12 point 8) and that never run a formula
(issue 11 point 3): per table one CSV (BOM, ';', decimal comma, whole percentages) and one
workbook with real numbers, also for a learner named like a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import load_workbook

from application import CourseApp, reports
from application.reports import Column, Table
from storage import learners

from .test_pages import pass_module

EVIL = '=HYPERLINK("https://evil.example","x")'


def _table() -> Table:
    return Table(
        "Per module",
        [
            Column("name", "Naam"),
            Column("rate", "Geslaagd", "percent"),
            Column("minutes", "Minuten", "decimal"),
            Column("count", "Aantal", "int"),
            Column("day", "Datum", "date"),
            Column("diploma", "Diploma", "yes_no"),
        ],
        [
            {
                "name": "Zoë",
                "rate": 0.53125,
                "minutes": 5.26,
                "count": 3,
                "day": date(2026, 12, 7),
                "diploma": True,
            },
            {"name": EVIL, "rate": None, "minutes": 2.0, "count": 0, "day": None, "diploma": False},
            {"name": "+31 6 1234", "rate": 1.0, "minutes": 0.0, "count": 1, "day": None, "diploma": False},
            {"name": "-1", "rate": 0.0, "minutes": 0.0, "count": 1, "day": None, "diploma": False},
            {"name": "@SUM(A1)", "rate": 0.0, "minutes": 0.0, "count": 1, "day": None, "diploma": False},
            {"name": "\tTab", "rate": 0.0, "minutes": 0.0, "count": 1, "day": None, "diploma": False},
        ],
    )


def test_csv_is_for_dutch_excel_and_neutralises_formulas() -> None:
    data = reports.to_csv(_table(), "nl")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Naam", "Geslaagd", "Minuten", "Aantal", "Datum", "Diploma"]
    assert rows[1] == ["Zoë", "53%", "5,3", "3", "07-12-2026", "ja"]  # 0.53125: no raw fraction
    assert rows[2] == ["'" + EVIL, "", "2,0", "0", "", "nee"]
    assert [r[0] for r in rows[3:]] == ["'+31 6 1234", "'-1", "'@SUM(A1)", "'\tTab"]


def test_workbook_has_a_sheet_per_table_with_numbers_and_no_formulas() -> None:
    other = Table(
        "Voortgang",
        [Column("stage", "Stap"), Column("n", "Deelnemers", "int")],
        [{"stage": "Begonnen", "n": 2}],
    )
    book = load_workbook(io.BytesIO(reports.to_excel([_table(), other], "nl")))
    assert book.sheetnames == ["Per module", "Voortgang"]
    sheet = book["Per module"]
    rate, minutes, count, day = sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"]
    assert rate.value == 0.53125 and rate.number_format == "0%"
    assert minutes.value == 5.26 and minutes.number_format == "0.0"
    assert count.value == 3 and count.number_format == "0"
    assert day.value.date() == date(2026, 12, 7) and day.number_format == "dd-mm-yyyy"
    evil = sheet["A3"]
    assert evil.value == "'" + EVIL and evil.data_type == "s"  # text, not a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_per_participant_and_attendance(course_app: CourseApp) -> None:
    piet, _ = learners.register(course_app.db, "Piet")
    evil, _ = learners.register(course_app.db, EVIL)
    from application import current_app

    with current_app.serving(course_app):
        pass_module(piet.id)
    people = course_app.results.participants()
    titles = {m.id: m.in_language("nl").title for m in course_app.catalog.live().course.modules}
    table = reports.participants_table(people, titles, "nl")
    rows = list(csv.reader(io.StringIO(reports.to_csv(table, "nl").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Naam",
        "Workshop",
        "Begonnen op",
        "Lessen gelezen",
        "Modules gehaald",
        "Beste score Titel van de module",
        "Diploma",
    ]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Piet"][4:] == ["1", "100%", "nee"]
    assert "'" + EVIL in by_name  # neutralised
    attendance = reports.attendance_table(people, "nl")
    assert [c.header for c in attendance.columns][:2] == ["Naam", "Begonnen op"]


def test_the_audit_log_csv_neutralises_a_formula_subject() -> None:
    from datetime import UTC, datetime

    from application import AuditRecord
    from ui.screens.trainer_home import _audit_csv

    entry = AuditRecord(
        at=datetime(2026, 12, 7, 12, tzinfo=UTC),
        actor="anna@example.nl",
        action="revoke",
        subject=EVIL,
        detail=None,
    )
    text = _audit_csv([entry], "nl").decode("utf-8-sig")
    assert "'" + EVIL.replace('"', '""') in text and ";" in text.splitlines()[0]
