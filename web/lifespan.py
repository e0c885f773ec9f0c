"""What the server does once when it starts, before the first learner arrives."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, suppress
from typing import Any

from application import ContentError, CourseApp
from web.nodelay import send_small_writes_at_once


def lifespan(app: Callable[[], CourseApp]) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """Send each message at once (`web/nodelay.py`), build the application at start-up, so
    nobody waits for it, then move everything made so far out of the garbage collector's way
    (`gc.freeze`): the course, the libraries and the app live as long as the process, and a full
    collection would otherwise walk them all while every session waits."""

    @asynccontextmanager
    async def start_up(_server: Any) -> AsyncIterator[None]:
        send_small_writes_at_once()
        with suppress(ContentError):  # a broken course: the pages say which file and line
            started = app()
            settings = started.settings
            if settings.outbox_worker and (settings.mail_configured or settings.xapi_configured):
                started.start_outbox_worker()  # mails and statements leave from a background thread
        gc.freeze()
        yield

    return start_up
