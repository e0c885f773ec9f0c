"""The application's clock: what "now" is for refreshers and the outbox.

Time is read here and passed into the rules, never read inside them, so tests move it:
`clock.advance(timedelta(days=7))` in-process, or, for a browser journey against a real server,
the setting `CLOCK_OFFSET_FILE` (a file holding a number of seconds to add; testing only).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path


class Clock:
    def __init__(self, offset_file: Path | None = None) -> None:
        self._offset = timedelta()
        self._offset_file = offset_file

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset + self._file_offset()

    def advance(self, by: timedelta) -> None:
        self._offset += by

    def _file_offset(self) -> timedelta:
        if self._offset_file is None:
            return timedelta()
        try:
            return timedelta(seconds=float(self._offset_file.read_text().strip() or 0))
        except (OSError, ValueError):
            return timedelta()
