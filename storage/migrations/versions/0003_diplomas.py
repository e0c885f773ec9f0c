"""diplomas, their files, and issuer keys created on first run

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "diplomas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(length=64), nullable=False),
        sa.Column("course_version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("course_title", sa.String(length=300), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("issuer_name", sa.String(length=300), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("credential", sa.JSON(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=500), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
        sa.UniqueConstraint("learner_id", "course_id", "course_version"),
    )
    op.create_index("ix_diplomas_learner_id", "diplomas", ["learner_id"])
    op.create_table(
        "diploma_files",
        sa.Column("diploma_id", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("preview_png", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["diploma_id"], ["diplomas.id"]),
        sa.PrimaryKeyConstraint("diploma_id"),
    )
    op.create_table(
        "issuer_keys",
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("certificate_pem", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("purpose"),
    )


def downgrade() -> None:
    op.drop_table("issuer_keys")
    op.drop_table("diploma_files")
    op.drop_index("ix_diplomas_learner_id", table_name="diplomas")
    op.drop_table("diplomas")
