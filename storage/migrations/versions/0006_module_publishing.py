"""publishing modules: which version learners get, uploaded images, trainers' preview learners

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "module_publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("published_by", sa.String(length=320), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_module_publications_module_id", "module_publications", ["module_id"])
    op.create_table(
        "module_version_images",
        sa.Column("module_version_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["module_version_id"], ["module_versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("module_version_id", "path"),
    )
    with op.batch_alter_table("module_versions") as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=320), nullable=True))
    with op.batch_alter_table("learners") as batch_op:
        batch_op.add_column(sa.Column("preview_key", sa.String(length=400), nullable=True))
        batch_op.create_unique_constraint("uq_learners_preview_key", ["preview_key"])
    # Until now the newest version of each module was the one served: keep it that way.
    op.execute("""
        INSERT INTO module_publications (module_id, version, action, published_by, published_at)
        SELECT module_id, MAX(version), 'builtin', 'system', CURRENT_TIMESTAMP
        FROM module_versions GROUP BY module_id ORDER BY module_id
    """)


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch_op:
        batch_op.drop_constraint("uq_learners_preview_key", type_="unique")
        batch_op.drop_column("preview_key")
    with op.batch_alter_table("module_versions") as batch_op:
        batch_op.drop_column("created_by")
    op.drop_table("module_version_images")
    op.drop_index("ix_module_publications_module_id", table_name="module_publications")
    op.drop_table("module_publications")
