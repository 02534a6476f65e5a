"""Alembic environment: runs coachlog's migrations on the connection migrate.py hands over."""

from alembic import context
from sqlmodel import SQLModel

import coachlog.storage.schema.models  # noqa: F401 - defines the tables on SQLModel.metadata

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: copy-and-move tables
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
