"""Alembic environment: runs on the connection handed in by satudata.db.migrate."""

from __future__ import annotations

from alembic import context

from satudata.db import models  # noqa: F401  (registers the tables)
from satudata.db.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
