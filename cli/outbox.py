"""`python -m storage outbox run|status`: send the outbox (mails, xAPI statements) from the
command line, e.g. from cron or a separate worker process when OUTBOX_WORKER is false."""

from __future__ import annotations

import argparse
import time

from application import CourseApp


def add_parsers(groups: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    outbox = groups.add_parser("outbox", help="mails and xAPI statements waiting to be sent").add_subparsers(
        dest="command", required=True
    )
    run = outbox.add_parser("run", help="queue due refresher mails and send what is due")
    run.add_argument("--forever", action="store_true", help="keep sending every few seconds (a worker)")
    outbox.add_parser("status", help="how many messages per kind and state")


def run(app: CourseApp, args: argparse.Namespace) -> int:
    if args.command == "status":
        for (kind, status), count in sorted(app.outbox.counts().items()):
            print(f"{kind}\t{status}\t{count}")
        return 0
    while True:
        queued = app.mail.queue_refresher_mails()
        done = app.outbox.drain()
        print(f"queued {queued} refresher mail(s); sent {done.sent}, failed {done.failed}", flush=True)
        if not args.forever:
            return 0
        time.sleep(5)
