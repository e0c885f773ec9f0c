"""Command line for operators and scripts.

    python -m certificates issue --name NAME [--email E] [--lang nl|en] --out FILE.pdf
    python -m certificates verify FILE.pdf
    python -m certificates revoke CODE --reason TEXT
    python -m certificates bulk ROSTER.csv --out DIPLOMAS.zip   (columns: name[,email[,lang]])

Settings (database, keys, public URL) are the app's: environment, then secrets, then defaults.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from application import CourseApp, InvalidLearnerInput, create_app
from application.roster import RosterEntry, issue_for, issue_roster_zip
from i18n import long_date, translate


def main(argv: list[str] | None = None, app: CourseApp | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m certificates", description="Diplomas.")
    commands = parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue", help="issue a diploma (idempotent per learner and course version)")
    issue.add_argument("--name", required=True, help="the name as it must be printed")
    issue.add_argument("--email", help="identifies the learner together with the name")
    issue.add_argument("--lang", choices=("nl", "en"), default="nl")
    issue.add_argument("--out", required=True, type=Path, help="where to write the PDF")
    verify = commands.add_parser("verify", help="check a diploma PDF; exit 0 only when valid")
    verify.add_argument("file", type=Path)
    verify.add_argument("--lang", choices=("nl", "en"), default="nl")
    revoke = commands.add_parser("revoke", help="revoke a diploma issued in error")
    revoke.add_argument("code")
    revoke.add_argument("--reason", required=True)
    bulk = commands.add_parser("bulk", help="issue diplomas for a roster (CSV: name,email,lang) into a ZIP")
    bulk.add_argument("roster", type=Path)
    bulk.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)

    app = app or create_app()
    return {"issue": _issue, "verify": _verify, "revoke": _revoke, "bulk": _bulk}[args.command](app, args)


def _issue(app: CourseApp, args: argparse.Namespace) -> int:
    try:
        diploma = issue_for(app, RosterEntry(args.name, args.email, args.lang))
    except InvalidLearnerInput as problem:
        print(f"error: {translate('en', f'start.error.{problem.field}.{problem.code}')}", file=sys.stderr)
        return 2
    args.out.write_bytes(app.diplomas.pdf(diploma))
    print(diploma.code)
    return 0


def _verify(app: CourseApp, args: argparse.Namespace) -> int:
    service = app.diplomas
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = service.verify_pdf(data)
    diploma = result.diploma
    date = long_date(diploma.revoked_at, args.lang) if diploma and diploma.revoked_at else ""
    print(translate(args.lang, f"verdict.{result.problem or 'valid'}", issuer=service.issuer_name, date=date))
    if diploma:
        print(
            f"{diploma.code}  {diploma.name}  {diploma.course_title}  "
            f"{long_date(diploma.issued_at, args.lang)}"
        )
        if diploma.revoked_reason:
            print(f"reason: {diploma.revoked_reason}")
    return 0 if result.valid else 1


def _revoke(app: CourseApp, args: argparse.Namespace) -> int:
    diploma = app.diplomas.revoke(args.code, args.reason, by="cli")
    if diploma is None:
        print(f"unknown diploma code: {args.code}", file=sys.stderr)
        return 1
    print(f"{diploma.code} revoked on {diploma.revoked_at:%Y-%m-%d %H:%M} UTC: {diploma.revoked_reason}")
    return 0


def _column(row: list[str], index: int) -> str:
    return row[index].strip() if len(row) > index else ""


def _bulk(app: CourseApp, args: argparse.Namespace) -> int:
    with args.roster.open(newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in ("name", "naam"):
        rows = rows[1:]  # a header line
    roster = [RosterEntry(row[0], _column(row, 1) or None, _column(row, 2) or "nl") for row in rows]
    try:
        args.out.write_bytes(issue_roster_zip(app, roster))
    except InvalidLearnerInput as problem:
        print(f"error: {translate('en', f'start.error.{problem.field}.{problem.code}')}", file=sys.stderr)
        return 2
    print(f"{len(roster)} diplomas in {args.out}")
    return 0
