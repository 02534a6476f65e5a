"""What every backend of the store shares: the typed seam between the store's SQL and SQLite or PostgreSQL.

`Connection` is what the store runs its statements on: sqlite3.Connection satisfies it as it is,
postgres.PgConnection adapts psycopg to it. `Dialect` names the few places where the two
databases' SQL differs, and how their errors read. Rows are read as `row["col"]`, `row[0]` or
`dict(row)`; their values are whatever the column holds (text, integers, None), hence `Any`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from coachlog.errors import StorageError, UsageError

SCHEMA_HEAD = "0011"  # the newest Alembic revision; a test keeps it equal to migrations' head
LOCK_WAIT_SECONDS = 10.0  # how long a command waits for another coachlog's write; COACHLOG_LOCK_TIMEOUT overrides
MAX_LOCK_WAIT_SECONDS = 86400  # a day: longer is a mistake (and past SQLite's busy_timeout in milliseconds)

Params = Mapping[str, object]


class Cursor(Protocol):
    """A statement's result, as sqlite3 and psycopg both give it."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...  # a row, or None

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """sqlite3.Connection satisfies it as is; postgres.PgConnection adapts psycopg."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, params: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Params], /) -> Cursor: ...

    def close(self) -> None: ...


class Dialect(Protocol):
    """What the store's SQL says where SQLite and PostgreSQL differ, and how their errors read."""

    name: str
    errors: tuple[type[BaseException], ...]
    integrity_errors: tuple[type[BaseException], ...]

    def sort_key(self, column: str) -> str:
        """`column` as ORDER BY should compare it: byte by byte, whatever the server's locale."""
        ...

    def same(self, column: str, param: str) -> str:
        """Null-safe equality of `column` and the parameter `:param`."""
        ...

    def not_indexed(self, column: str) -> str:
        """`column`, telling the planner not to look it up by its index (where the database can be told)."""
        ...

    def joined(self, column: str, order: str, source: str, separator: str | None = None) -> str:
        """`column` of the rows of `source` in `order`, joined by `separator` (char 31 unless told) in one text."""
        ...

    def distinct_ids(self, column: str) -> str:
        """The aggregate of the distinct integers of `column` in a group, as one text of ids joined by commas."""
        ...

    def listed_ids(self, column: str) -> str:
        """The aggregate of the integers (or texts of ids) of `column` in a group, joined by commas, repeats kept."""
        ...

    def insert_id(self, db: Connection, sql: str, params: Params) -> int: ...

    def start_write(self, db: Connection, owner: str) -> None: ...

    def used_entry_ids(self, db: Connection) -> int: ...

    def kept_id(self, db: Connection, table: str, row_id: int) -> None: ...

    def database_id(self, db: Connection, stored: str) -> str: ...

    def may_keep_ids(self, db: Connection) -> bool: ...

    def storage_error(self, exc: BaseException) -> StorageError: ...


def lock_wait_seconds() -> float:
    """How long to wait for another coachlog's write (or a team server): COACHLOG_LOCK_TIMEOUT, else 10 s."""
    text = os.environ.get("COACHLOG_LOCK_TIMEOUT")
    if not text:
        return LOCK_WAIT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= MAX_LOCK_WAIT_SECONDS:  # nan, inf and 1e309 too: SQLite takes whole milliseconds
        raise UsageError(
            f"invalid COACHLOG_LOCK_TIMEOUT '{text}': use a number of seconds from 0 to {MAX_LOCK_WAIT_SECONDS},"
            " such as 10"
        )
    return seconds
