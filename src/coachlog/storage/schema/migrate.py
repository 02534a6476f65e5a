"""Schema creation and upgrades with Alembic. Imported only when the schema needs work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from coachlog.urls import psycopg_url


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "coachlog.storage.schema:migrations")
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(path: Path, wait: float = 10.0, before: Callable[[], None] | None = None, owner: str | None = None) -> None:
    """Bring the database at `path` to the newest schema (a new, empty file gets every table).

    The upgrade holds SQLite's write lock from its first read (BEGIN IMMEDIATE), so two
    coachlogs opening an old database at once upgrade it once: the second waits up to
    `wait` seconds, then finds it done. `before` runs under that lock when there is real
    work on an existing schema (the pre-upgrade backup); readers may still read meanwhile.
    `owner` is the coach the file's rows belong to (the login name when None).
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
            config.attributes["owner"] = owner
            command.upgrade(config, "head")
    finally:
        engine.dispose()


# Held while migrating a server database, so that two coachlogs upgrading at once do it one after the
# other (the second then finds nothing to do): "coachlog" in ASCII, as a 64-bit advisory lock key.
POSTGRES_LOCK_KEY = int.from_bytes(b"coachlog", "big")


def upgrade_url(url: str, revision: str = "head") -> None:
    """Bring the database at a SQLAlchemy URL to `revision` (the newest schema unless told).

    On PostgreSQL, whose DDL is transactional, the whole upgrade is one transaction: every
    migration applies or none does. A SQLite URL goes through `upgrade(path)` (write lock,
    foreign keys off for batch moves), which only goes to the newest schema.
    """
    target = sa.make_url(psycopg_url(url))
    if target.get_backend_name() == "sqlite":
        if revision != "head" or target.database in (None, "", ":memory:"):
            raise ValueError("a SQLite database is upgraded to head only, from a file: use upgrade(path)")
        upgrade(Path(target.database))
        return
    _migrate_url(target, lambda config: command.upgrade(config, revision))


def downgrade_url(url: str, revision: str) -> None:
    """Take the server database at a SQLAlchemy URL back to `revision` ("base": no tables), in one transaction."""
    target = sa.make_url(psycopg_url(url))
    if target.get_backend_name() == "sqlite":
        raise ValueError("downgrading a SQLite database is not supported")
    _migrate_url(target, lambda config: command.downgrade(config, revision))


def _migrate_url(url: sa.URL, action: Callable[[Config], None]) -> None:
    engine = sa.create_engine(url)
    config = alembic_config()
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(sa.select(sa.func.pg_advisory_xact_lock(POSTGRES_LOCK_KEY)))
            config.attributes["connection"] = connection
            action(config)
    finally:
        engine.dispose()
