"""The only place that speaks SQL: open_store(target, owner) gives the Store of a file or a PostgreSQL URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from coachlog.storage.store import Store


def open_store(target: Path | str, owner: str | None = None) -> Store:
    """Open (or create) the coachlog database at `target`; see sqlite.open_database.

    `owner` names the coach of a file created or upgraded now; a file keeps the owner it has.
    A PostgreSQL URL opens a team database instead (see postgres.open_postgres), where
    the owner is the role that logs in.
    """
    from coachlog.storage.database import Database
    from coachlog.storage.store import Store
    from coachlog.urls import check_url, display_url, is_url

    if is_url(target):
        from coachlog.storage.postgres import open_postgres

        pg, dialect, role = open_postgres(check_url(str(target)))
        return Store(Database(pg, dialect, role, display_url(str(target))), read_only=False)
    import sqlite3

    from coachlog.errors import StorageError
    from coachlog.files import user_path_text
    from coachlog.storage.sqlite import SqliteDialect, open_database, storage_error

    # a name (the fast commands' --db) stays the text str(Path(target).expanduser()) writes, without pathlib
    path = user_path_text(target) if isinstance(target, str) else target.expanduser()
    connection, read_only = open_database(path, owner)
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = 'owner'").fetchone()
    except sqlite3.Error as exc:
        connection.close()
        raise storage_error(exc, target) from None
    if row is None:
        connection.close()
        raise StorageError(f"{target} names no owner (an unfinished setup?): restore it from your newest backup")
    return Store(Database(connection, SqliteDialect(path), str(row[0]), path), read_only)
