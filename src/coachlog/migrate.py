"""Schema creation and upgrades with Alembic. Imported only when the schema needs work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "coachlog:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(path: Path, wait: float = 10.0, before: Callable[[], None] | None = None) -> None:
    """Bring the database at `path` to the newest schema (a new, empty file gets every table).

    The upgrade holds SQLite's write lock from its first read (BEGIN IMMEDIATE), so two
    coachlogs opening an old database at once upgrade it once: the second waits up to
    `wait` seconds, then finds it done. `before` runs under that lock when there is real
    work on an existing schema (the pre-upgrade backup); readers may still read meanwhile.
    """
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": wait})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # batch moves copy tables

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    config = alembic_config()
    try:
        with engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            if current == head_revision():
                return  # another coachlog upgraded it while we waited for the lock
            if current is not None and before is not None:
                before()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
