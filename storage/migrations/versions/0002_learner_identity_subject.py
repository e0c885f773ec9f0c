"""learners.oidc_subject: the organisation's identity-provider account, when st.login is used

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("learners") as batch_op:
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint("uq_learners_oidc_subject", ["oidc_subject"])


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch_op:
        batch_op.drop_constraint("uq_learners_oidc_subject", type_="unique")
        batch_op.drop_column("oidc_subject")
