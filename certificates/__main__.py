"""Command line for operators and scripts.

    python -m certificates issue --name NAME [--email E] [--lang nl|en] --out FILE.pdf
    python -m certificates verify FILE.pdf
    python -m certificates revoke CODE --reason TEXT
    python -m certificates bulk ROSTER.csv --out DIPLOMAS.zip   (columns: name[,email[,lang]])

Settings (database, keys, public URL) come from the same environment variables as the app.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from settings import Settings
from storage import learners
from storage.db import Database
from storage.learners import InvalidLearnerInput

from .bulk import RosterEntry, issue_roster_zip
from .service import DiplomaService, service_for
from .texts import long_date, verdict


def main(argv: list[str] | None = None) -> int:
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

    settings = Settings.load()
    if args.command == "bulk":
        return _bulk(settings, args)
    service = service_for(Database(settings.database_url), settings)
    return {"issue": _issue, "verify": _verify, "revoke": _revoke}[args.command](service, args)


def _issue(service: DiplomaService, args: argparse.Namespace) -> int:
    try:
        learner = learners.find_or_register(service.db, args.name, email=args.email, language=args.lang)
    except InvalidLearnerInput as problem:
        print(f"error: {problem.field} is {problem.code}", file=sys.stderr)
        return 2
    diploma = service.issue(learner.id, language=args.lang, issued_by="cli", require_passed=False)
    args.out.write_bytes(service.pdf(diploma))
    print(diploma.code)
    return 0


def _verify(service: DiplomaService, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = service.verify_pdf(data)
    diploma = result.diploma
    date = long_date(diploma.revoked_at, args.lang) if diploma and diploma.revoked_at else ""
    print(verdict(args.lang, result.problem, issuer=service.issuer_name, date=date))
    if diploma:
        print(
            f"{diploma.code}  {diploma.name}  {diploma.course_title}  "
            f"{long_date(diploma.issued_at, args.lang)}"
        )
        if diploma.revoked_reason:
            print(f"reason: {diploma.revoked_reason}")
    return 0 if result.valid else 1


def _revoke(service: DiplomaService, args: argparse.Namespace) -> int:
    diploma = service.revoke(args.code, args.reason, by="cli")
    if diploma is None:
        print(f"unknown diploma code: {args.code}", file=sys.stderr)
        return 1
    print(f"{diploma.code} revoked on {diploma.revoked_at:%Y-%m-%d %H:%M} UTC: {diploma.revoked_reason}")
    return 0


def _bulk(settings: Settings, args: argparse.Namespace) -> int:
    with args.roster.open(newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if row and row[0].strip()]
    if rows and rows[0][0].strip().lower() in ("name", "naam"):
        rows = rows[1:]  # a header line
    roster = [
        RosterEntry(row[0], (row[1:2] or [None])[0] or None, (row[2:3] or ["nl"])[0] or "nl") for row in rows
    ]
    try:
        args.out.write_bytes(issue_roster_zip(settings, roster))
    except InvalidLearnerInput as problem:
        print(f"error: {problem.field} is {problem.code}", file=sys.stderr)
        return 2
    print(f"{len(roster)} diplomas in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
