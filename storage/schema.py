"""Tables. Every change here needs a migration in `storage/migrations/versions/`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    pass


class Learner(Base):
    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Only a hash of the resume code is kept: the code itself is the learner's key.
    resume_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    workshop_code: Mapped[str | None] = mapped_column(String(40), index=True)
    language: Mapped[str] = mapped_column(String(8), default="nl")
    # nederland | vlaanderen: which country's variant of the course the learner gets (NULL until
    # chosen; a workshop may set it).
    country: Mapped[str | None] = mapped_column(String(16))
    # Set when the learner signs in with the organisation's identity provider (st.login).
    oidc_subject: Mapped[str | None] = mapped_column(String(255), unique=True)
    # Set for the stand-in learner a trainer previews a module version with; such learners
    # never count in results.
    preview_key: Mapped[str | None] = mapped_column(String(400), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ModuleVersion(Base):
    """A module's content as it was at one time, so old attempts can be reviewed."""

    __tablename__ = "module_versions"
    __table_args__ = (
        UniqueConstraint("module_id", "version"),
        UniqueConstraint("module_id", "digest"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    # YAML files of the module by relative path; images are in ModuleVersionImage.
    files: Mapped[dict[str, str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(20), default="builtin")  # builtin | upload
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(320))


class ModuleVersionImage(Base):
    """An image of an uploaded module version (re-encoded at upload)."""

    __tablename__ = "module_version_images"

    module_version_id: Mapped[int] = mapped_column(
        ForeignKey("module_versions.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(String(300), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ModulePublication(Base):
    """Each time a module version was made the one learners get (or the module withdrawn,
    version NULL). The newest row per module decides; older rows are the history."""

    __tablename__ = "module_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # builtin | publish | restore | withdraw
    published_by: Mapped[str] = mapped_column(String(320))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LessonRead(Base):
    __tablename__ = "lesson_reads"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        # At most one open attempt per learner and module, also under concurrent clicks.
        Index(
            "uq_attempts_open",
            "learner_id",
            "module_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64), index=True)
    module_version: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)  # 1 for the learner's first attempt on the module
    seed: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(16))  # the variant the attempt was drawn from
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    # question id -> answer, saved as the learner goes, so a closed browser loses nothing.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | submitted
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AttemptItem(Base):
    """One question of a submitted attempt: what was shown, answered and scored."""

    __tablename__ = "attempt_items"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    score: Mapped[float] = mapped_column(Float)


class ModuleResult(Base):
    """The best attempt per learner and module: what progress and diplomas look at."""

    __tablename__ = "module_results"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    best_score: Mapped[float] = mapped_column(Float)
    best_attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    module_version: Mapped[int] = mapped_column(Integer)
    country: Mapped[str | None] = mapped_column(String(16))  # the variant of the best attempt
    attempts: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Diploma(Base):
    """An issued diploma. Revoked diplomas stay as records; codes are never reused."""

    __tablename__ = "diplomas"
    __table_args__ = (
        # One diploma in force per learner and course version; a replaced one (a name
        # corrected) stays as a record next to its successor.
        Index(
            "uq_diplomas_in_force",
            "learner_id",
            "course_id",
            "course_version",
            unique=True,
            sqlite_where=text("replaced_at IS NULL"),
            postgresql_where=text("replaced_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    # NULL once the learner is erased (at their request or after the retention period); an
    # erased learner's diplomas are revoked and keep no name (see `storage.privacy`).
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"), index=True)
    course_id: Mapped[str] = mapped_column(String(64))
    course_version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))  # as printed (NFC)
    language: Mapped[str] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(16))  # the variant the learner took
    course_title: Mapped[str] = mapped_column(String(300))
    # [{"id", "title", "version"}] of the modules passed, in course order
    modules: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    issuer_name: Mapped[str] = mapped_column(String(300))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(40), default="learner")  # learner | cli | trainer
    credential: Mapped[dict[str, Any]] = mapped_column(JSON)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(500))
    revoked_by: Mapped[str | None] = mapped_column(String(200))
    # Set when a trainer corrected the name: the code of the diploma that replaces this one.
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_by: Mapped[str | None] = mapped_column(String(40))


class DiplomaFile(Base):
    """The signed PDF and the preview card, kept apart so listing diplomas stays light."""

    __tablename__ = "diploma_files"

    diploma_id: Mapped[int] = mapped_column(ForeignKey("diplomas.id"), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    preview_png: Mapped[bytes | None] = mapped_column(LargeBinary)


class IssuerKey(Base):
    """Signing keys created on first run when settings supply none, shared by all replicas."""

    __tablename__ = "issuer_keys"

    purpose: Mapped[str] = mapped_column(String(20), primary_key=True)  # credential | pdf
    kid: Mapped[str] = mapped_column(String(64))
    private_pem: Mapped[str] = mapped_column(Text)
    certificate_pem: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Trainer(Base):
    __tablename__ = "trainers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, parameters included
    role: Mapped[str] = mapped_column(String(20), default="trainer")  # trainer | admin
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # idle limit of OIDC sessions


class Workshop(Base):
    """A (voluntary) workshop: learners who start with its join code belong to it."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The course variant its learners start with (nederland | vlaanderen); NULL: they choose.
    country: Mapped[str | None] = mapped_column(String(16))
    # The trainer lets this workshop's learners take a quiz before reading its lessons.
    testing_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))


class PracticeAnswer(Base):
    """A learner's own version in a module's practice exercise and the self-check items they
    ticked: not graded, kept so they can come back to it."""

    __tablename__ = "practice_answers"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    checked: Mapped[list[int]] = mapped_column(JSON, default=list)  # indices of the self_check items
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LearnerSession(Base):
    """A device a learner stays signed in on: a random token in an HttpOnly cookie, of which
    only the hash is kept. Erasing the learner deletes their sessions (cascade)."""

    __tablename__ = "learner_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # NULL until the browser has exchanged the one-time claim for its cookie.
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(Base):
    """Failed password logins of one client address on one account (or on any account, for the
    client as a whole), keyed by a hash of the two: what the lock-out counts."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AuditEntry(Base):
    """Who did what and when, for trainer actions (login, upload, publish, revoke, ...)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Refresher(Base):
    """A refresher of one module for one learner: stage 1 (7 days after passing) or 2 (30 days).
    Made when due (drawn then), answered like a quiz; never touches `module_results`."""

    __tablename__ = "refreshers"
    __table_args__ = (UniqueConstraint("learner_id", "module_id", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64))
    module_version: Mapped[int] = mapped_column(Integer)
    stage: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | submitted
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the "your refresher is ready" mail was queued: at most one per refresher.
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RefresherItem(Base):
    """One question of a submitted refresher, graded (what the retention view counts)."""

    __tablename__ = "refresher_items"

    refresher_id: Mapped[int] = mapped_column(
        ForeignKey("refreshers.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(64), index=True)
    answer: Mapped[Any] = mapped_column(JSON, nullable=True)
    score: Mapped[float] = mapped_column(Float)


class OutboxMessage(Base):
    """A mail or xAPI statement waiting to be sent (or sent: the record of what left).

    A worker claims due rows one at a time across replicas (`FOR UPDATE SKIP LOCKED` on
    PostgreSQL), sends, and marks them sent or reschedules them with exponential backoff."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # mail | xapi
    # Whose data it is (erased with them); None for messages about no learner.
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    # Makes queueing idempotent, e.g. "refresher-mail:12": a second queue is a no-op.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LearnerToken(Base):
    """A single-use or standing link for a learner, kept as a hash: "sign in" (resume by mail,
    valid one hour, used once) or "unsubscribe" (refresher mails, works without signing in)."""

    __tablename__ = "learner_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # signin | unsubscribe
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailPreference(Base):
    """A learner who unsubscribed from refresher mails."""

    __tablename__ = "mail_preferences"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    refresher_mails: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


__all__ = [
    "Attempt",
    "AttemptItem",
    "AuditEntry",
    "Base",
    "Diploma",
    "DiplomaFile",
    "IssuerKey",
    "Learner",
    "LearnerSession",
    "LessonRead",
    "LoginThrottle",
    "ModulePublication",
    "ModuleResult",
    "ModuleVersion",
    "ModuleVersionImage",
    "PracticeAnswer",
    "MailPreference",
    "LearnerToken",
    "OutboxMessage",
    "Refresher",
    "RefresherItem",
    "Trainer",
    "Workshop",
    "utcnow",
]
