"""Backups of coachlog's database file, checked, and restored without losing what they replace."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from coachlog.errors import StorageError, UsageError
from coachlog.storage.base import lock_wait_seconds
from coachlog.storage.sqlite import (
    check_is_sqlite,
    connect,
    copy_database,
    private_file,
    read_only_uri,
    schema_version,
    stamp,
    storage_error,
)


def default_backup_path(path: Path) -> Path:
    """Where `coachlog backup` puts a copy by default: a backups folder beside the database."""
    return path.parent / "backups" / f"{path.stem}-{stamp()}.db"


def backup_file(path: Path, target: Path, numbered: bool = False) -> Path:
    """A consistent copy of the database at `path`, made with SQLite's online backup, owner-only; where it is.

    Other coachlog commands may go on reading and writing while it runs. `numbered`: a name taken already
    gives NAME-2, NAME-3... (for names coachlog chooses; a name the coach gives is never overwritten).
    """
    return copy_database(path, target, numbered)


def check_backup(source: Path) -> int:
    """Check that `source` is a sound coachlog database this version can use; its number of entries."""
    if not source.is_file():
        raise UsageError(f"no backup file at {source}")
    check_is_sqlite(source)
    connection = connect(source, read_only=True)
    try:
        version = schema_version(connection, source)
        from coachlog.storage.schema import migrate

        if version not in migrate.known_revisions():
            raise StorageError(f"{source} was made by a newer coachlog (schema {version}): upgrade coachlog first")
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise StorageError(f"{source} is damaged ({verdict}): choose another backup")
        return int(connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0])
    except sqlite3.Error as exc:
        raise storage_error(exc, source) from None
    finally:
        connection.close()


def restore_file(source: Path, path: Path) -> tuple[int, Path | None]:
    """Replace the database at `path` with the backup `source`; the replaced file is kept as a backup.

    Returns the number of entries restored and where the replaced database went. A sound
    database is overwritten through SQLite's backup API, which takes SQLite's own locks,
    so a coachlog writing at that moment waits rather than being lost; a damaged file is
    kept byte for byte and replaced by a rename.
    """
    entries = check_backup(source)
    if not path.exists():
        copy_database(source, path)
        return entries, None
    kept = path.with_name(f"{path.name}.before-restore-{stamp()}.bak")
    if path.stat().st_size and check_is_sqlite_quietly(path):
        kept = copy_database(path, kept, numbered=True)
        try:
            incoming = sqlite3.connect(read_only_uri(source), uri=True)
            live = sqlite3.connect(path, timeout=lock_wait_seconds())
            try:
                incoming.backup(live)
            finally:
                live.close()
                incoming.close()
        except sqlite3.Error as exc:
            raise storage_error(exc, path) from None
        return entries, kept
    kept = private_file(kept, numbered=True)  # a damaged or empty file: keep its bytes as they are
    kept.write_bytes(path.read_bytes())
    incoming_path = path.with_name(f".{path.name}.restoring")
    incoming_path.unlink(missing_ok=True)
    copy_database(source, incoming_path)
    for suffix in ("-wal", "-shm"):  # a damaged file's journal must not be replayed into the new one
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming_path, path)
    return entries, kept


def check_is_sqlite_quietly(path: Path) -> bool:
    try:
        check_is_sqlite(path)
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except (StorageError, sqlite3.Error):
        return False
    return True
