"""Runtime settings, from environment variables or Streamlit secrets.

Everything has a default that works on a fresh machine: an SQLite file in
`./data`, created on first run. Operators change one thing at a time, e.g.
`DATABASE_URL=postgresql+psycopg://...` to move to PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    content_dir: Path
    public_base_url: str
    # Diplomas: who issues them (default: the course's organisation) and with which keys.
    issuer_name: str | None = None
    issuer_logo: Path | None = None
    linkedin_organization_id: str | None = None
    # The organisation's own PDF-signing certificate and key (PEM); otherwise a self-signed
    # P-256 certificate is created on first run and kept in the database.
    pdf_certificate: Path | None = None
    pdf_private_key: Path | None = None
    pdf_key_passphrase: str | None = None
    # An Ed25519 key (PEM) for the Open Badges credential proof; otherwise created on first run.
    credential_private_key: Path | None = None
    # With the organisation's login (st.login): who may use the trainer pages, and who administers.
    trainer_emails: tuple[str, ...] = ()
    admin_emails: tuple[str, ...] = ()

    @classmethod
    def load(cls, secrets: Mapping[str, object] | None = None) -> Settings:
        """Environment variables win over secrets; secrets over defaults.

        Pages call this several times per rerun: only the raw values are read each time.
        """

        def get(name: str) -> str | None:
            if name in os.environ:
                return os.environ[name]
            if secrets and name.lower() in secrets:
                return str(secrets[name.lower()])
            return None

        return _build(tuple(get(name) for name in _NAMES))


_NAMES = (
    "COURSE_DATA_DIR",
    "DATABASE_URL",
    "COURSE_CONTENT_DIR",
    "PUBLIC_BASE_URL",
    "ISSUER_NAME",
    "ISSUER_LOGO",
    "LINKEDIN_ORGANIZATION_ID",
    "PDF_CERTIFICATE",
    "PDF_PRIVATE_KEY",
    "PDF_KEY_PASSPHRASE",
    "CREDENTIAL_PRIVATE_KEY",
    "TRAINER_EMAILS",
    "ADMIN_EMAILS",
)


@lru_cache(maxsize=32)
def _build(raw: tuple[str | None, ...]) -> Settings:
    value = dict(zip(_NAMES, raw, strict=True))

    def get(name: str, default: str = "") -> str:
        found = value[name]
        return default if found is None else found

    def addresses(name: str) -> tuple[str, ...]:
        return tuple(sorted({a.strip().lower() for a in get(name).split(",") if a.strip()}))

    def optional_path(name: str) -> Path | None:
        return Path(get(name)) if get(name) else None

    data_dir = Path(get("COURSE_DATA_DIR", str(PROJECT_ROOT / "data")))
    return Settings(
        data_dir=data_dir,
        database_url=get("DATABASE_URL", f"sqlite:///{data_dir / 'course.db'}"),
        content_dir=Path(get("COURSE_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
        public_base_url=get("PUBLIC_BASE_URL", "http://localhost:8501").rstrip("/"),
        issuer_name=get("ISSUER_NAME") or None,
        issuer_logo=optional_path("ISSUER_LOGO"),
        linkedin_organization_id=get("LINKEDIN_ORGANIZATION_ID") or None,
        pdf_certificate=optional_path("PDF_CERTIFICATE"),
        pdf_private_key=optional_path("PDF_PRIVATE_KEY"),
        pdf_key_passphrase=get("PDF_KEY_PASSPHRASE") or None,
        credential_private_key=optional_path("CREDENTIAL_PRIVATE_KEY"),
        trainer_emails=addresses("TRAINER_EMAILS"),
        admin_emails=addresses("ADMIN_EMAILS"),
    )
