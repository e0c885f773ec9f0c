"""The passphrase that encrypts the signing keys the app keeps in its database.

In production (a public address other than this machine) it must come from the settings
(`KEY_PASSPHRASE`, e.g. from the organisation's secret store): the app refuses to start
without one. On a laptop it is made once and kept next to the database, readable by the
owner alone, with a warning that this is for trying the app only.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from settings import Settings

FILE_NAME = "key-passphrase"
_LOG = logging.getLogger(__name__)


class MissingPassphrase(RuntimeError):
    """Production without KEY_PASSPHRASE: the keys would lie in the database unprotected."""


def key_passphrase(settings: Settings) -> bytes:
    if settings.key_passphrase:
        return settings.key_passphrase.encode()
    if settings.production:
        raise MissingPassphrase(
            f"KEY_PASSPHRASE is not set: the app at {settings.public_base_url} needs one to protect "
            "its signing keys (set it as an environment variable or in .streamlit/secrets.toml)"
        )
    return _local_passphrase(settings.data_dir / FILE_NAME)


def _local_passphrase(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made earlier, or by another replica at this moment
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(secrets.token_urlsafe(32).encode())
    _LOG.warning("made %s to encrypt the signing keys; for production set KEY_PASSPHRASE instead", path)
    return path.read_bytes().strip()
