"""Command line for the privacy officer (FG/DPO): a learner's data and the retention periods.

    python -m storage learner export CODE_OR_EMAIL --out FILE   (.json or .html)
    python -m storage learner erase CODE_OR_EMAIL [--yes]
    python -m storage purge [--dry-run]

CODE_OR_EMAIL is the learner's resume code, one of their diploma codes, or the e-mail address
they gave (which may have started the course more than once: then each is exported or erased).
Exit codes: 0 done, 1 no such learner, 2 refused (unknown file type, not confirmed).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from application import CourseApp

EXPORT_TYPES = (".json", ".html")


def add_parsers(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    learner = groups.add_parser("learner", help="a learner's own data (AVG)").add_subparsers(
        dest="command", required=True
    )
    export = learner.add_parser("export", help="everything stored about a learner, to a file")
    export.add_argument("key", metavar="CODE_OR_EMAIL")
    export.add_argument("--out", required=True, help="FILE.json (machine-readable) or FILE.html (readable)")
    export.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of the HTML file")
    erase = learner.add_parser("erase", help="erase a learner; their diplomas are revoked without a name")
    erase.add_argument("key", metavar="CODE_OR_EMAIL")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    purge = groups.add_parser("purge", help="remove what is past its retention period (run daily)")
    purge.add_argument("--dry-run", action="store_true", help="only count what would be removed")


def run(app: CourseApp, args: argparse.Namespace) -> int:
    if args.group == "purge":
        return _purge(app, args)
    found = app.privacy.find(args.key)
    if not found:
        print(f"no learner with this code or e-mail address: {args.key}", file=sys.stderr)
        return 1
    return _export(app, found, args) if args.command == "export" else _erase(app, found, args)


def _export(app: CourseApp, learners: list[int], args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix not in EXPORT_TYPES:
        print(f"error: the file must end in {' or '.join(EXPORT_TYPES)}", file=sys.stderr)
        return 2
    for number, learner_id in enumerate(learners, start=1):
        export = app.privacy.export(learner_id)
        target = out if len(learners) == 1 else out.with_stem(f"{out.stem}-{number}")
        target.write_bytes(export.to_json() if out.suffix == ".json" else export.to_html(args.lang))
        print(f"learner {learner_id}: {target}")
    return 0


def _erase(app: CourseApp, learners: list[int], args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input(f"Erase {len(learners)} learner(s) and revoke their diplomas? Type 'erase': ")
        if answer.strip() != "erase":
            print("nothing erased", file=sys.stderr)
            return 2
    for learner_id in learners:
        codes = app.privacy.erase(learner_id, by="cli")
        revoked = f"; diplomas revoked without a name: {', '.join(codes)}" if codes else ""
        print(f"learner {learner_id} erased{revoked}")
    return 0


def _purge(app: CourseApp, args: argparse.Namespace) -> int:
    done = app.privacy.purge(dry_run=args.dry_run)
    retention = app.privacy.retention
    verb = "would remove" if args.dry_run else "removed"
    print(f"{verb} {done.learners} learner(s) inactive for more than {retention.inactive_learners.days} days")
    print(f"{verb} {done.audit_entries} audit log entries older than {retention.audit_log.days} days")
    print(f"{verb} {done.failed_logins} failed logins older than {retention.failed_logins.days} days")
    print(
        f"{verb} the content of {done.sent_messages} sent message(s) older than {retention.sent_messages.days} days"
    )
    print(f"{verb} {done.login_counters} login counters and {sum(done.expired.values())} expired sessions")
    return 0
