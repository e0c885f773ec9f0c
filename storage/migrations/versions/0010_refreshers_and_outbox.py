"""refreshers (spaced retrieval after a module is passed), an outbox for mail and xAPI
statements, learner tokens (sign-in by mail, unsubscribe) and mail preferences

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def _learner() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(
        "learner_id", sa.Integer(), sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "refreshers",
        sa.Column("id", sa.Integer(), primary_key=True),
        _learner(),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("submitted_at", UTC_TIME, nullable=True),
        sa.Column("mailed_at", UTC_TIME, nullable=True),
        sa.UniqueConstraint("learner_id", "module_id", "stage"),
    )
    op.create_index("ix_refreshers_learner_id", "refreshers", ["learner_id"])
    op.create_table(
        "refresher_items",
        sa.Column(
            "refresher_id",
            sa.Integer(),
            sa.ForeignKey("refreshers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index("ix_refresher_items_question_id", "refresher_items", ["question_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column(
            "learner_id", sa.Integer(), sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=True
        ),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True, unique=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_TIME, nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=True),
    )
    op.create_index("ix_outbox_learner_id", "outbox", ["learner_id"])
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])
    op.create_table(
        "learner_tokens",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        _learner(),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=True),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
    )
    op.create_index("ix_learner_tokens_learner_id", "learner_tokens", ["learner_id"])
    op.create_table(
        "mail_preferences",
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learners.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("refresher_mails", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mail_preferences")
    op.drop_index("ix_learner_tokens_learner_id", table_name="learner_tokens")
    op.drop_table("learner_tokens")
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_index("ix_outbox_learner_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_refresher_items_question_id", table_name="refresher_items")
    op.drop_table("refresher_items")
    op.drop_index("ix_refreshers_learner_id", table_name="refreshers")
    op.drop_table("refreshers")
