"""Alembic environment: run with the connection that reportedly.ledger.store passes in."""

from __future__ import annotations

from alembic import context

from reportedly.ledger.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line: build an engine from the configured URL
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url")).connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
