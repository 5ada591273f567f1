"""Alembic environment: migrations run on a connection handed over by `Database.migrate`."""

from __future__ import annotations

from alembic import context

from generator.tracker.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `cnscd tracker migrate` (generator.tracker.db.Database.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
