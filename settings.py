"""Runtime settings: environment variables, then Streamlit's secrets files, then defaults.

Everything has a default that works on a fresh machine: an SQLite file in `./data`, created
on first run. Operators change one thing at a time, e.g. `DATABASE_URL=postgresql+psycopg://...`
to move to PostgreSQL, as an environment variable or in lower case in `.streamlit/secrets.toml`.

The settings are read here and only here, the same way for the pages, the HTTP routes and
the command line: Streamlit's `st.secrets` would reach the pages alone.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent
SECRETS_FILE = Path(".streamlit") / "secrets.toml"


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
    # Encrypts the keys created on first run and kept in the database; required in production.
    key_passphrase: str | None = None
    # With the organisation's login (st.login, configured by an [auth] section in the secrets):
    # who may use the trainer pages, and who administers.
    oidc_enabled: bool = False
    trainer_emails: tuple[str, ...] = ()
    admin_emails: tuple[str, ...] = ()
    # Privacy (AVG): who learners write to about their data (the organisation's privacy
    # officer), and how long data is kept; `python -m storage purge` applies the periods.
    privacy_contact: str | None = None
    # Who signs the diploma (the person responsible for the course) and in which role.
    diploma_signer_name: str | None = None
    diploma_signer_role: str | None = None
    retain_learners_months: int = 24  # after a learner's last activity
    retain_audit_years: int = 5
    retain_failed_logins_days: int = 30
    retain_sent_messages_days: int = 30  # mails and xAPI statements that left: their content
    # Refreshers: days after passing a module when the first and second refresher are due.
    refresher_days: tuple[int, int] = (7, 30)
    # E-mail (resume links, "diploma ready", "refresher ready"): nothing is sent, and the pages
    # promise nothing, unless SMTP_HOST and SMTP_FROM are set.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_from: str | None = None
    smtp_tls: str = "starttls"  # starttls | tls (implicit, port 465) | none (a relay on this host)
    # xAPI statements to the organisation's Learning Record Store, when XAPI_ENDPOINT is set.
    xapi_endpoint: str | None = None
    xapi_username: str | None = None
    xapi_password: str | None = field(default=None, repr=False)
    xapi_actor: str = "account"  # account | mbox_sha1sum: how learners are identified to the LRS
    xapi_actor_name: bool = False  # also send the learner's name (only if the organisation wants it)
    # Send the outbox from a background thread of the server (off: run `python -m storage outbox`).
    outbox_worker: bool = True
    # Testing only: a file holding seconds to add to the clock (a browser journey moves time).
    clock_offset_file: Path | None = None

    @property
    def mail_configured(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)

    @property
    def xapi_configured(self) -> bool:
        return bool(self.xapi_endpoint)

    @property
    def production(self) -> bool:
        """Served to others: the public address is not this machine."""
        return urlsplit(self.public_base_url).hostname not in LOCAL_HOSTS

    @classmethod
    def load(
        cls, environ: Mapping[str, str] | None = None, secrets: Mapping[str, object] | None = None
    ) -> Settings:
        """Environment variables win over secrets; secrets over defaults.

        Without arguments: this process's environment and the secrets files Streamlit reads.
        """
        environ = os.environ if environ is None else environ
        secrets = read_secrets() if secrets is None else secrets

        def get(name: str, default: str = "") -> str:
            if name in environ:
                return environ[name]
            if name.lower() in secrets:
                return str(secrets[name.lower()])
            return default

        def optional_path(name: str) -> Path | None:
            return Path(get(name)) if get(name) else None

        def whole_number(name: str, default: int) -> int:
            text = get(name, str(default)).strip()
            if not text.isdigit() or int(text) < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, not {text!r}")
            return int(text)

        def addresses(name: str) -> tuple[str, ...]:
            return tuple(sorted({a.strip().lower() for a in get(name).split(",") if a.strip()}))

        def day_counts(name: str, default: tuple[int, int]) -> tuple[int, int]:
            text = get(name, ",".join(map(str, default)))
            parts = [p.strip() for p in text.split(",")]
            if len(parts) != 2 or not all(p.isdigit() and int(p) >= 1 for p in parts):
                raise ValueError(f"{name} must be two whole numbers of days, e.g. 7,30, not {text!r}")
            first, second = int(parts[0]), int(parts[1])
            if second <= first:
                raise ValueError(f"{name}: the second refresher must come after the first, not {text!r}")
            return first, second

        def choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
            text = get(name, default).strip().lower()
            if text not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {text!r}")
            return text

        def yes(name: str, default: bool) -> bool:
            return choice(name, "true" if default else "false", ("true", "false", "1", "0", "yes", "no")) in (
                "true",
                "1",
                "yes",
            )

        data_dir = Path(get("COURSE_DATA_DIR", str(PROJECT_ROOT / "data")))
        return cls(
            data_dir=data_dir,
            database_url=get("DATABASE_URL", f"sqlite:///{data_dir / 'course.db'}"),
            content_dir=Path(get("COURSE_CONTENT_DIR", str(PROJECT_ROOT / "content"))),
            public_base_url=get("PUBLIC_BASE_URL", "http://localhost:8501").rstrip("/"),
            issuer_name=get("ISSUER_NAME") or None,
            issuer_logo=optional_path("ISSUER_LOGO"),
            diploma_signer_name=get("DIPLOMA_SIGNER_NAME") or None,
            diploma_signer_role=get("DIPLOMA_SIGNER_ROLE") or None,
            linkedin_organization_id=get("LINKEDIN_ORGANIZATION_ID") or None,
            pdf_certificate=optional_path("PDF_CERTIFICATE"),
            pdf_private_key=optional_path("PDF_PRIVATE_KEY"),
            pdf_key_passphrase=get("PDF_KEY_PASSPHRASE") or None,
            credential_private_key=optional_path("CREDENTIAL_PRIVATE_KEY"),
            key_passphrase=get("KEY_PASSPHRASE") or None,
            oidc_enabled=isinstance(secrets.get("auth"), Mapping),
            trainer_emails=addresses("TRAINER_EMAILS"),
            admin_emails=addresses("ADMIN_EMAILS"),
            privacy_contact=get("PRIVACY_CONTACT") or None,
            retain_learners_months=whole_number("RETAIN_LEARNERS_MONTHS", cls.retain_learners_months),
            retain_audit_years=whole_number("RETAIN_AUDIT_YEARS", cls.retain_audit_years),
            retain_failed_logins_days=whole_number(
                "RETAIN_FAILED_LOGINS_DAYS", cls.retain_failed_logins_days
            ),
            retain_sent_messages_days=whole_number(
                "RETAIN_SENT_MESSAGES_DAYS", cls.retain_sent_messages_days
            ),
            refresher_days=day_counts("REFRESHER_DAYS", cls.refresher_days),
            clock_offset_file=optional_path("CLOCK_OFFSET_FILE"),
            smtp_host=get("SMTP_HOST") or None,
            smtp_port=whole_number("SMTP_PORT", cls.smtp_port),
            smtp_user=get("SMTP_USER") or None,
            smtp_password=get("SMTP_PASSWORD") or None,
            smtp_from=get("SMTP_FROM") or None,
            smtp_tls=choice("SMTP_TLS", cls.smtp_tls, ("starttls", "tls", "none")),
            xapi_endpoint=get("XAPI_ENDPOINT").rstrip("/") or None,
            xapi_username=get("XAPI_USERNAME") or None,
            xapi_password=get("XAPI_PASSWORD") or None,
            xapi_actor=choice("XAPI_ACTOR", cls.xapi_actor, ("account", "mbox_sha1sum")),
            xapi_actor_name=yes("XAPI_ACTOR_NAME", cls.xapi_actor_name),
            outbox_worker=yes("OUTBOX_WORKER", cls.outbox_worker),
        )


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def secrets_files() -> list[Path]:
    """Where Streamlit looks for secrets, later files winning: the user's, the working
    directory's and the app's own `.streamlit/secrets.toml`."""
    candidates = [Path.home() / SECRETS_FILE, Path.cwd() / SECRETS_FILE, PROJECT_ROOT / SECRETS_FILE]
    return list(dict.fromkeys(path.resolve() for path in candidates))


def read_secrets(files: list[Path] | None = None) -> dict[str, object]:
    """The merged contents of the secrets files that exist (a broken file is an error to fix,
    not something to run without: it would silently move the app to another database)."""
    merged: dict[str, object] = {}
    for path in secrets_files() if files is None else files:
        if path.is_file():
            with path.open("rb") as handle:
                merged.update(tomllib.load(handle))
    return merged
