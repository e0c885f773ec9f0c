"""Command line for operators: trainer accounts, module versions, and a learner's data for the
privacy officer (`cli/privacy.py`).

    python -m storage trainer add EMAIL [--admin] [--password-stdin]
    python -m storage trainer list
    python -m storage trainer disable EMAIL
    python -m storage module upload FILE --by EMAIL [--publish] [--lang en]
    python -m storage module versions MODULE_ID
    python -m storage module publish MODULE_ID VERSION --by EMAIL
    python -m storage learner export CODE_OR_EMAIL --out FILE
    python -m storage learner erase CODE_OR_EMAIL [--yes]
    python -m storage purge [--dry-run]
    python -m storage backup FILE            (SQLite; PostgreSQL: pg_dump)

Exit codes: 0 done, 1 unknown trainer/module/version, 2 refused input.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from application import BackupRefused, CourseApp, PublishRefused, TrainerError, create_app
from i18n import translate

from . import outbox, privacy


def main(argv: list[str] | None = None, app: CourseApp | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage")
    groups = parser.add_subparsers(dest="group", required=True)
    trainer = groups.add_parser("trainer", help="trainer accounts").add_subparsers(
        dest="command", required=True
    )
    add = trainer.add_parser("add", help="create an account; asks for the password")
    add.add_argument("email")
    add.add_argument("--admin", action="store_true", help="may also manage trainers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    trainer.add_parser("list", help="list accounts")
    disable = trainer.add_parser("disable", help="stop an account from logging in")
    disable.add_argument("email")
    _module_parsers(groups)
    privacy.add_parsers(groups)
    backup = groups.add_parser("backup", help="a consistent copy of the SQLite database, while it runs")
    backup.add_argument("file", type=Path)
    outbox.add_parsers(groups)
    args = parser.parse_args(argv)

    app = app or create_app()  # also gives new built-in content its version, as a start of the app does
    if args.group == "module":
        return MODULE_COMMANDS[args.command](app, args)
    if args.group == "outbox":
        return outbox.run(app, args)
    if args.group in ("learner", "purge"):
        return privacy.run(app, args)
    if args.group == "backup":
        return _backup(app, args.file)
    if args.command == "add":
        return _add(app, args)
    if args.command == "list":
        for t in app.trainers.accounts():
            state = "disabled" if t.disabled else "active"
            print(f"{t.email}\t{t.role}\t{state}\tlast login: {t.last_login_at or '-'}")
        return 0
    match = [t for t in app.trainers.accounts() if t.email == args.email.strip().lower()]
    if not match:
        print(f"unknown trainer: {args.email}", file=sys.stderr)
        return 1
    app.trainers.set_disabled(match[0].id, True, by="cli")
    print(f"{match[0].email} disabled")
    return 0


def _backup(app: CourseApp, target: Path) -> int:
    try:
        size = app.backup(target)
    except BackupRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    print(f"backup written to {target} ({size // 1024} kB)")
    return 0


def _add(app: CourseApp, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    try:
        created = app.trainers.add(args.email, password, admin=args.admin, by="cli")
    except TrainerError as problem:
        # A sentence, not a code ("error: password_short"): the words of the trainer pages.
        print(f"error: {translate('en', f'trainer.error.{problem.code}')}", file=sys.stderr)
        return 2
    print(f"{created.email} added as {created.role}")
    return 0


def _module_parsers(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    module = groups.add_parser("module", help="module versions").add_subparsers(dest="command", required=True)
    upload = module.add_parser("upload", help="check a module file (YAML or ZIP) and store it as a version")
    upload.add_argument("file")
    upload.add_argument("--by", required=True, help="who uploads (for the audit log)")
    upload.add_argument("--publish", action="store_true", help="publish the version at once")
    upload.add_argument("--lang", default="nl", choices=["nl", "en"], help="language of the problems")
    versions_ = module.add_parser("versions", help="list a module's versions")
    versions_.add_argument("module_id")
    publish = module.add_parser("publish", help="make a stored version the one learners get")
    publish.add_argument("module_id")
    publish.add_argument("version", type=int)
    publish.add_argument("--by", required=True, help="who publishes (for the audit log)")


def _upload(app: CourseApp, args: argparse.Namespace) -> int:
    path = Path(args.file)
    upload = app.authoring.upload(path.name, path.read_bytes(), by=args.by)
    if upload.version is None or upload.result.bundle is None:
        for problem in upload.result.problems:
            print(problem.format(args.lang), file=sys.stderr)
        return 2
    module_id, version = upload.result.bundle.id, upload.version
    print(f"{module_id}: version {version} {'stored' if upload.created else 'already stored'}")
    if args.publish:
        app.authoring.publish(module_id, version, args.by)
        print(f"{module_id}: version {version} published")
    return 0


def _versions(app: CourseApp, args: argparse.Namespace) -> int:
    rows = app.authoring.history(args.module_id)
    if not rows:
        print(f"unknown module: {args.module_id}", file=sys.stderr)
        return 1
    published = app.catalog.live().versions.get(args.module_id)
    for v in rows:
        mark = "published" if v.version == published else ""
        print(
            f"{v.version}\t{v.created_at:%Y-%m-%d %H:%M}\t{v.source}\t{v.created_by or '-'}\t{v.title}\t{mark}"
        )
    return 0


def _publish(app: CourseApp, args: argparse.Namespace) -> int:
    try:
        app.authoring.publish(args.module_id, args.version, args.by)
    except PublishRefused:
        print(f"unknown version: {args.module_id} {args.version}", file=sys.stderr)
        return 1
    print(f"{args.module_id}: version {args.version} published")
    return 0


MODULE_COMMANDS = {"upload": _upload, "versions": _versions, "publish": _publish}
