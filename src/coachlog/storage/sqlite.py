"""Opening coachlog's database file safely: create it private, refuse what is not ours,
upgrade old schemas, fall back to read-only, and back it up or restore it.

Nothing here is created, truncated or overwritten unless the file is known to be
coachlog's (or is new).
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from coachlog.errors import StorageError, UsageError

SCHEMA_HEAD = "0004"  # the newest Alembic revision; a test keeps it equal to migrations' head
SQLITE_MAGIC = b"SQLite format 3\x00"
LOCK_WAIT_SECONDS = 10.0  # how long a command waits for another coachlog's write; COACHLOG_LOCK_TIMEOUT overrides


# `scheme://`: a URL, never a file name (pgconnection.check_url takes PostgreSQL's and refuses the rest)
URL_PATTERN = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(target: object) -> bool:
    """Whether a --db value (or COACHLOG_DB, `push --to`, team.db) is a URL rather than a file."""
    return isinstance(target, str) and URL_PATTERN.match(target) is not None


def open_database(path: Path, owner: str | None = None) -> tuple[sqlite3.Connection, bool]:
    """A connection to the coachlog database at `path`, and whether it is read-only.

    A missing file is created (owner-only) with the newest schema; an older schema is
    backed up and upgraded; a file that is empty, damaged, not SQLite, or not
    coachlog's is refused untouched. A file we may not write is opened read-only, so
    reports and exports still work. `owner` names the coach a new or upgraded file's rows
    belong to (the login name when None).
    """
    if path.is_dir():
        raise StorageError(f"{path} is a directory, not a coachlog database: point --db at a file")
    if not path.exists():
        _create_database(path, owner)
    else:
        check_is_sqlite(path)
    read_only = not _writable(path)
    connection = _connect(path, read_only)
    version = schema_version(connection, path)
    if version != SCHEMA_HEAD:
        connection.close()
        if read_only:
            raise StorageError(f"{path} needs a schema upgrade but is read-only: open it once where it can be written")
        _upgrade_existing(path, version, owner)
        connection = _connect(path, read_only)
    if not read_only:
        _use_wal(connection, path)
    return connection, read_only


def _create_database(path: Path, owner: str | None) -> None:
    """Build the schema in a private file beside `path`, then link it into place in one step.

    Nothing is ever at `path` but a complete database: a process killed while creating
    leaves only its own temporary file, and when several processes create the same
    database at once, the first link wins and the others use it.
    """
    building = path.with_name(f".{path.name}.creating-{os.getpid()}")
    try:
        make_private_dir(path.parent)
        building.unlink(missing_ok=True)
        _new_private_file(building)
    except OSError as exc:
        raise StorageError(f"cannot create a database at {path}: {exc.strerror}") from None
    from coachlog.storage.schema import migrate

    try:
        migrate.upgrade(building, owner=owner)
        try:
            os.link(building, path)
        except FileExistsError:
            pass  # another coachlog created it first: use that one
        except OSError as exc:
            raise StorageError(f"cannot create a database at {path}: {exc.strerror}") from None
    finally:
        building.unlink(missing_ok=True)


def make_private_dir(folder: Path) -> None:
    """Create `folder` (0700) and any missing parents (0755), whatever the umask."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for parent in reversed(missing):
        parent.mkdir(exist_ok=True)
        os.chmod(parent, 0o700 if parent == folder else 0o755)


def _new_private_file(target: Path) -> None:
    """Create `target` empty and owner-only; FileExistsError if it is there already."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.chmod(target, 0o600)


def check_is_sqlite(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from None
    if not header:
        raise StorageError(
            f"{path} is empty (0 bytes), not a coachlog database: restore it from your newest backup,"
            " or remove it to start afresh"
        )
    if header != SQLITE_MAGIC:
        raise StorageError(f"{path} is not a SQLite database: check the --db path or COACHLOG_DB")


def _writable(path: Path) -> bool:
    """Whether we may write the file and create its -wal and -shm files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    wait = _lock_wait_seconds()
    try:
        if read_only:
            connection = _connect_read_only(path, wait)
        else:
            connection = sqlite3.connect(path, isolation_level=None, timeout=wait)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from None
    return connection


def _connect_read_only(path: Path, wait: float) -> sqlite3.Connection:
    """Read-only; a WAL database in a folder we cannot write needs immutable=1 to be read at all."""
    uri = _read_only_uri(path)
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=wait)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        connection.close()
        connection = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, timeout=wait)
    return connection


def lock_wait_seconds() -> float:
    """How long to wait for another coachlog's write (or a team server): COACHLOG_LOCK_TIMEOUT, else 10 s."""
    return _lock_wait_seconds()


def _lock_wait_seconds() -> float:
    text = os.environ.get("COACHLOG_LOCK_TIMEOUT")
    if not text:
        return LOCK_WAIT_SECONDS
    try:
        return max(0.0, float(text))
    except ValueError:
        raise UsageError(f"invalid COACHLOG_LOCK_TIMEOUT '{text}': use a number of seconds such as 10") from None


def _use_wal(connection: sqlite3.Connection, path: Path) -> None:
    """WAL lets readers and a writer work at once; set only once the file is known to be ours."""
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from None


def schema_version(connection: sqlite3.Connection, path: Path) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise StorageError(f"{path} is a SQLite database but not coachlog's: check the --db path") from None
        raise storage_error(exc, path) from None
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from None
    if row is None:
        raise StorageError(f"{path} has no schema version (an unfinished setup?): restore it from your newest backup")
    return str(row[0])


def _upgrade_existing(path: Path, version: str, owner: str | None) -> None:
    from coachlog.storage.schema import migrate

    if version not in migrate.known_revisions():
        raise StorageError(
            f"{path} was made by a newer coachlog (schema {version}): upgrade coachlog to use it; it was left unchanged"
        )
    import sqlalchemy as sa

    def keep_a_copy() -> None:
        backup_file(path, path.with_name(f"{path.name}.before-upgrade-{_stamp()}.bak"))

    try:
        migrate.upgrade(path, wait=_lock_wait_seconds(), before=keep_a_copy, owner=owner)
    except sa.exc.DBAPIError as exc:
        raise storage_error(exc.orig, path) from None


def storage_error(exc: sqlite3.Error, path: Path) -> StorageError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StorageError(
            f"database {path} is locked by another program (waited {_lock_wait_seconds():g} s);"
            " nothing was changed: try again in a moment"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"database {path} is damaged ({text}); nothing was changed: restore it from your newest backup"
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(f"database {path} is read-only: nothing was changed")
    return StorageError(f"database {path}: {text}")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def default_backup_path(path: Path) -> Path:
    """Where `coachlog backup` puts a copy by default: a backups folder beside the database."""
    return path.parent / "backups" / f"{path.stem}-{_stamp()}.db"


def _private_file(target: Path) -> None:
    """Create `target` empty and owner-only (its folder 0700 if we make it); refuse to overwrite."""
    make_private_dir(target.parent)
    try:
        _new_private_file(target)
    except FileExistsError:
        raise UsageError(f"{target} already exists: choose another name, coachlog never overwrites a backup") from None


def backup_file(path: Path, target: Path) -> Path:
    """A consistent copy of the database at `path`, made with SQLite's online backup, owner-only.

    Other coachlog commands may go on reading and writing while it runs.
    """
    try:
        _private_file(target)
        source = sqlite3.connect(_read_only_uri(path), uri=True)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise StorageError(f"cannot write a backup at {target}: {exc.strerror}") from None
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise storage_error(exc, path) from None
    return target


def check_backup(source: Path) -> int:
    """Check that `source` is a sound coachlog database this version can use; its number of entries."""
    if not source.is_file():
        raise UsageError(f"no backup file at {source}")
    check_is_sqlite(source)
    connection = _connect(source, read_only=True)
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
        backup_file(source, path)
        return entries, None
    kept = path.with_name(f"{path.name}.before-restore-{_stamp()}.bak")
    if path.stat().st_size and check_is_sqlite_quietly(path):
        backup_file(path, kept)
        try:
            incoming = sqlite3.connect(_read_only_uri(source), uri=True)
            live = sqlite3.connect(path, timeout=_lock_wait_seconds())
            try:
                incoming.backup(live)
            finally:
                live.close()
                incoming.close()
        except sqlite3.Error as exc:
            raise storage_error(exc, path) from None
        return entries, kept
    _private_file(kept)  # a damaged or empty file: keep its bytes as they are
    kept.write_bytes(path.read_bytes())
    incoming_path = path.with_name(f".{path.name}.restoring")
    incoming_path.unlink(missing_ok=True)
    backup_file(source, incoming_path)
    for suffix in ("-wal", "-shm"):  # a damaged file's journal must not be replayed into the new one
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(incoming_path, path)
    return entries, kept


def _read_only_uri(path: Path) -> str:
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def check_is_sqlite_quietly(path: Path) -> bool:
    try:
        check_is_sqlite(path)
        connection = sqlite3.connect(_read_only_uri(path), uri=True)
        try:
            connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except (StorageError, sqlite3.Error):
        return False
    return True
