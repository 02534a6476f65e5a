"""Opening coachlog's database file safely: create it private, refuse what is not ours,
upgrade old schemas, fall back to read-only; and SqliteDialect, SQLite's side of the store's SQL.

Nothing here is created, truncated or overwritten unless the file is known to be
coachlog's (or is new). Backups and restores are in backup.py.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from coachlog.errors import StorageError, UsageError
from coachlog.files import exists, is_dir, make_private_dir, new_private_file
from coachlog.storage.base import SCHEMA_HEAD, Connection, Params, lock_wait_seconds

if TYPE_CHECKING:
    from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"


def open_database(path: Path | str, owner: str | None = None) -> tuple[sqlite3.Connection, bool]:
    """A connection to the coachlog database at `path`, and whether it is read-only.

    A missing file is created (owner-only) with the newest schema; an older schema is
    backed up and upgraded; a file that is empty, damaged, not SQLite, or not
    coachlog's is refused untouched. A file we may not write is opened read-only, so
    reports and exports still work. `owner` names the coach a new or upgraded file's rows
    belong to (the login name when None). `path` as str(Path) writes it: the fast commands open their file
    without loading pathlib (files.path_text).
    """
    if is_dir(path):
        raise StorageError(f"{path} is a directory, not a coachlog database: point --db at a file")
    if not exists(path):
        from pathlib import Path

        _create_database(Path(path), owner)
    else:
        check_is_sqlite(path)
    read_only = not _writable(path)
    connection = connect(path, read_only)
    version = schema_version(connection, path)
    if version != SCHEMA_HEAD:
        connection.close()
        if read_only:
            raise StorageError(f"{path} needs a schema upgrade but is read-only: open it once where it can be written")
        from pathlib import Path

        _upgrade_existing(Path(path), version, owner)
        connection = connect(path, read_only)
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
        new_private_file(building)
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


def check_is_sqlite(path: Path | str) -> None:
    try:
        with open(path, "rb") as handle:
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


def _writable(path: Path | str) -> bool:
    """Whether we may write the file and create its -wal and -shm files beside it (`path` as str(Path) writes it:
    its folder is what comes before its last "/", or "." for a bare name, as Path.parent)."""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(path) or ".", os.W_OK)


def connect(path: Path | str, read_only: bool = False) -> sqlite3.Connection:
    wait = lock_wait_seconds()
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


def _connect_read_only(path: Path | str, wait: float) -> sqlite3.Connection:
    """Read-only; a WAL database in a folder we cannot write needs immutable=1 to be read at all."""
    uri = read_only_uri(path)
    connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=wait)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError:
        connection.close()
        connection = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, timeout=wait)
    return connection


def _use_wal(connection: sqlite3.Connection, path: Path | str) -> None:
    """WAL lets readers and a writer work at once; set only once the file is known to be ours."""
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) from None


def schema_version(connection: sqlite3.Connection, path: Path | str) -> str:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise StorageError(f"{path} is a SQLite database but not coachlog's: check the --db path") from None
        raise storage_error(exc, path) from None
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # the schema's text itself may not decode
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
        copy_database(path, path.with_name(f"{path.name}.before-upgrade-{stamp()}.bak"), numbered=True)

    try:
        migrate.upgrade(path, wait=lock_wait_seconds(), before=keep_a_copy, owner=owner)
    except sa.exc.DBAPIError as exc:
        raise storage_error(exc.orig or exc, path) from None


def storage_error(exc: BaseException, path: Path | str) -> StorageError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return StorageError(
            f"database {path} is locked by another program (waited {lock_wait_seconds():g} s);"
            " nothing was changed: try again in a moment"
        )
    if any(word in text for word in ("not a database", "malformed", "corrupt", "decode")):
        return damaged(path, text)
    if "readonly" in text or "read-only" in text:
        return StorageError(f"database {path} is read-only: nothing was changed")
    return StorageError(f"database {path}: {text}")


def damaged(path: Path | str, what: str) -> StorageError:
    """The one line for a damaged database file; `what` says what was found."""
    return StorageError(f"database {path} is damaged ({what}); nothing was changed: restore it from your newest backup")


def stamp() -> str:
    """Now, as backups and kept files are named: 20261123-150000 (COACHLOG_NOW fixes the clock, as for commands)."""
    now = datetime.now(UTC)
    if fixed := os.environ.get("COACHLOG_NOW"):
        with suppress(ValueError, OverflowError):  # the command itself refuses it, in its own words
            now = datetime.fromisoformat(fixed.replace("Z", "+00:00")).astimezone(UTC)
    return now.strftime("%Y%m%d-%H%M%S")


def private_file(target: Path, numbered: bool = False) -> Path:
    """Create `target` empty and owner-only (its folder 0700 if we make it); never overwrite a file there.

    `numbered`: a name taken already (a retry within the same second) gives NAME-2, NAME-3... instead of
    an error. The file made is returned.
    """
    make_private_dir(target.parent)
    for number in range(1, 10_000):
        name = target if number == 1 else target.with_name(f"{target.stem}-{number}{target.suffix}")
        try:
            new_private_file(name)
            return name
        except FileExistsError:
            if not numbered:
                break
    raise UsageError(f"{target} already exists: choose another name, coachlog never overwrites a backup") from None


def copy_database(path: Path, target: Path, numbered: bool = False) -> Path:
    """A consistent copy of the database at `path`, made with SQLite's online backup, owner-only; where it is.

    Other coachlog commands may go on reading and writing while it runs. `numbered`: see private_file.
    """
    try:
        target = private_file(target, numbered)
        source = sqlite3.connect(read_only_uri(path), uri=True)
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
        if "full" in str(exc):  # SQLITE_FULL: the copy's disk, the source is only read
            raise StorageError(f"cannot write a backup at {target}: the disk is full; nothing was written") from None
        raise storage_error(exc, path) from None
    return target


def read_only_uri(path: Path | str) -> str:
    from pathlib import Path
    from urllib.parse import quote

    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


class SqliteDialect:
    """What the store's SQL says where SQLite and PostgreSQL differ: the SQLite side."""

    name = "sqlite"
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

    def __init__(self, path: Path | str) -> None:
        self.path = path

    @staticmethod
    def sort_key(column: str) -> str:
        return column  # SQLite compares text byte by byte already

    @staticmethod
    def same(column: str, param: str) -> str:
        return f"{column} IS :{param}"

    @staticmethod
    def not_indexed(column: str) -> str:
        return f"+{column}"  # "+column": do not look this column up by its index

    @staticmethod
    def joined(column: str, order: str, source: str, separator: str | None = None) -> str:
        """`column` of the rows of `source` in `order`, joined by `separator` in one text."""
        sep = separator or "char(31)"
        return f"(SELECT group_concat(v, {sep}) FROM (SELECT {column} AS v FROM {source} ORDER BY {order}))"

    @staticmethod
    def distinct_ids(column: str) -> str:
        return f"group_concat(DISTINCT {column})"

    @staticmethod
    def listed_ids(column: str) -> str:
        return f"group_concat({column})"

    @staticmethod
    def insert_id(db: Connection, sql: str, params: Params) -> int:
        cursor = db.execute(sql, params)
        assert isinstance(cursor, sqlite3.Cursor)
        return int(cursor.lastrowid or 0)

    @staticmethod
    def start_write(db: Connection, owner: str) -> None:
        db.execute("BEGIN IMMEDIATE")

    @staticmethod
    def used_entry_ids(db: Connection) -> int:
        """The highest entry id ever handed out (deleted ones included)."""
        return int(
            db.execute(
                """
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0),
                           COALESCE((SELECT MAX(id) FROM entry), 0))
                """
            ).fetchone()[0]
        )

    @staticmethod
    def kept_id(db: Connection, table: str, row_id: int) -> None:
        """SQLite's AUTOINCREMENT moves past an id given explicitly by itself."""

    @staticmethod
    def database_id(db: Connection, stored: str) -> str:
        """The stored random id (setting 'database_id'): a copied file is the same database, pushed or not."""
        return stored

    @staticmethod
    def may_keep_ids(db: Connection) -> bool:
        """A personal file keeps the ids of coachlog's own export."""
        return True

    def storage_error(self, exc: BaseException) -> StorageError:
        return storage_error(exc, self.path)
