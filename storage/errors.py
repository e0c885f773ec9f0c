"""A request the storage layer refuses, with a short code the pages translate for the user."""

from __future__ import annotations


class RefusedInput(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
