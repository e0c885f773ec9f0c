"""privacy: a learner can be erased while their diplomas stay as (revoked) records; failed
logins counted per account and client address instead of per account; the last activity
of a trainer, for the idle limit of sessions from the organisation's login

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# SQLite keeps the foreign key of 0003 without a name: batch mode names it by this convention
# when it copies the table, so it can be dropped by name.
SQLITE_NAMES = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
DIPLOMA_LEARNER_FK = "fk_diplomas_learner_id_learners"


def upgrade() -> None:
    _diploma_learner_key(nullable=True, ondelete="SET NULL")
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_login_throttles_updated_at", "login_throttles", ["updated_at"])
    with op.batch_alter_table("trainers") as batch_op:  # counted in login_throttles now
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")
        batch_op.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trainers") as batch_op:
        batch_op.drop_column("last_seen_at")
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.drop_index("ix_login_throttles_updated_at", table_name="login_throttles")
    op.drop_table("login_throttles")
    op.execute(
        "DELETE FROM diploma_files WHERE diploma_id IN (SELECT id FROM diplomas WHERE learner_id IS NULL)"
    )
    op.execute("DELETE FROM diplomas WHERE learner_id IS NULL")  # of erased learners: no owner to point at
    _diploma_learner_key(nullable=False, ondelete=None)


def _diploma_learner_key(*, nullable: bool, ondelete: str | None) -> None:
    bind = op.get_bind()
    current = next(
        fk["name"]
        for fk in sa.inspect(bind).get_foreign_keys("diplomas")
        if fk["constrained_columns"] == ["learner_id"]
    )
    sqlite = bind.dialect.name == "sqlite"
    with op.batch_alter_table("diplomas", naming_convention=SQLITE_NAMES if sqlite else None) as batch_op:
        batch_op.drop_constraint(current or DIPLOMA_LEARNER_FK, type_="foreignkey")
        batch_op.alter_column("learner_id", existing_type=sa.Integer(), nullable=nullable)
        batch_op.create_foreign_key(DIPLOMA_LEARNER_FK, "learners", ["learner_id"], ["id"], ondelete=ondelete)
