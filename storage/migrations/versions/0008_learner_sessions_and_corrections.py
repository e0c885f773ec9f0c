"""learners stay signed in on a device (learner_sessions); a diploma can be replaced after a
name correction; a workshop may let its learners test out of the lessons

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# SQLite keeps the unique constraint of 0003 without a name: batch mode names it by this
# convention when it copies the table, so it can be dropped by name.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
IN_FORCE = "uq_diplomas_in_force"
WHERE = sa.text("replaced_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "learner_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_learner_sessions_learner_id", "learner_sessions", ["learner_id"])
    op.create_index("ix_learner_sessions_expires_at", "learner_sessions", ["expires_at"])
    with op.batch_alter_table("workshops") as batch_op:
        batch_op.add_column(
            sa.Column("testing_out", sa.Boolean(), nullable=False, server_default=sa.text("false"))
        )
    _drop_old_unique()
    with op.batch_alter_table("diplomas") as batch_op:
        batch_op.add_column(sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("replaced_by", sa.String(length=40), nullable=True))
    op.create_index(
        IN_FORCE,
        "diplomas",
        ["learner_id", "course_id", "course_version"],
        unique=True,
        sqlite_where=WHERE,
        postgresql_where=WHERE,
    )


def downgrade() -> None:
    op.drop_index(IN_FORCE, table_name="diplomas")
    op.execute(
        "DELETE FROM diploma_files WHERE diploma_id IN (SELECT id FROM diplomas WHERE replaced_at IS NOT NULL)"
    )
    op.execute("DELETE FROM diplomas WHERE replaced_at IS NOT NULL")  # one per learner again
    with op.batch_alter_table("diplomas") as batch_op:
        batch_op.drop_column("replaced_by")
        batch_op.drop_column("replaced_at")
        batch_op.create_unique_constraint(
            "uq_diplomas_learner_id", ["learner_id", "course_id", "course_version"]
        )
    with op.batch_alter_table("workshops") as batch_op:
        batch_op.drop_column("testing_out")
    op.drop_index("ix_learner_sessions_expires_at", table_name="learner_sessions")
    op.drop_index("ix_learner_sessions_learner_id", table_name="learner_sessions")
    op.drop_table("learner_sessions")


def _drop_old_unique() -> None:
    bind = op.get_bind()
    columns = ["learner_id", "course_id", "course_version"]
    current = next(
        (
            uq["name"]
            for uq in sa.inspect(bind).get_unique_constraints("diplomas")
            if uq["column_names"] == columns
        ),
        "",
    )
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("diplomas", naming_convention=SQLITE_NAMES if sqlite else None) as batch_op:
        batch_op.drop_constraint(current or "uq_diplomas_learner_id", type_="unique")
