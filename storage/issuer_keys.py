"""Signing keys created on the first run (when settings supply none), kept in the database
so that every replica signs with the same ones."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from .db import Database
from .schema import IssuerKey

# A new key as PEM: (private key, certificate or None).
PemPair = tuple[str, str | None]


def stored_key(db: Database, purpose: str, create: Callable[[], PemPair]) -> PemPair:
    """The key kept for `purpose` ("credential" or "pdf"), made by `create` if there is none yet."""

    def load_or_create(session: Session) -> PemPair:
        row = session.get(IssuerKey, purpose)
        if row is not None:
            return row.private_pem, row.certificate_pem
        private_pem, certificate_pem = create()
        session.add(
            IssuerKey(purpose=purpose, kid=purpose, private_pem=private_pem, certificate_pem=certificate_pem)
        )
        return private_pem, certificate_pem

    return db.write_retrying(load_or_create)  # another replica created it first: the retry uses it


def replace_private_pem(db: Database, purpose: str, private_pem: str) -> None:
    """Store a key's PEM anew (the same key, now encrypted)."""
    with db.write() as session:
        session.get_one(IssuerKey, purpose).private_pem = private_pem
