"""second edition: the country a learner takes the course for (learners, workshops, attempts,
results and diplomas record it) and the answers of the practice exercises

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COUNTRY_TABLES = ("learners", "workshops", "attempts", "module_results", "diplomas")


def upgrade() -> None:
    for table in COUNTRY_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("country", sa.String(length=16), nullable=True))
    op.create_table(
        "practice_answers",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("checked", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id", "module_id"),
    )


def downgrade() -> None:
    op.drop_table("practice_answers")
    for table in reversed(COUNTRY_TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("country")
