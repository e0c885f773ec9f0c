"""Command line for operators: trainer accounts.

    python -m storage trainer add EMAIL [--admin] [--password-stdin]
    python -m storage trainer list
    python -m storage trainer disable EMAIL
"""

from __future__ import annotations

import argparse
import getpass
import sys

from settings import Settings

from . import trainers
from .db import Database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storage")
    groups = parser.add_subparsers(dest="group", required=True)
    trainer = groups.add_parser("trainer", help="trainer accounts").add_subparsers(dest="command",
                                                                                   required=True)
    add = trainer.add_parser("add", help="create an account; asks for the password")
    add.add_argument("email")
    add.add_argument("--admin", action="store_true", help="may also manage trainers")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    trainer.add_parser("list", help="list accounts")
    disable = trainer.add_parser("disable", help="stop an account from logging in")
    disable.add_argument("email")
    args = parser.parse_args(argv)

    db = Database(Settings.load().database_url)
    if args.command == "add":
        return _add(db, args)
    if args.command == "list":
        for t in trainers.all_trainers(db):
            state = "disabled" if t.disabled else "active"
            print(f"{t.email}\t{t.role}\t{state}\tlast login: {t.last_login_at or '-'}")
        return 0
    match = [t for t in trainers.all_trainers(db) if t.email == args.email.strip().lower()]
    if not match:
        print(f"unknown trainer: {args.email}", file=sys.stderr)
        return 1
    trainers.set_disabled(db, match[0].id, True, actor="cli")
    print(f"{match[0].email} disabled")
    return 0


def _add(db: Database, args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Again: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return 2
    try:
        created = trainers.add(db, args.email, password, "admin" if args.admin else "trainer")
    except trainers.TrainerError as problem:
        print(f"error: {problem.code}", file=sys.stderr)
        return 2
    print(f"{created.email} added as {created.role}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
