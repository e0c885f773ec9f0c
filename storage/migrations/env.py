"""Alembic environment: migrations run on the connection `storage.db.upgrade` passes in."""

from alembic import context

from storage.schema import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs table copies to ALTER
)
with context.begin_transaction():
    context.run_migrations()
