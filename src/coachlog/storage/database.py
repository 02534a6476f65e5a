"""Database: the one handle the sub-stores share: a connection, its dialect, and the coach who writes.

Every write runs in one transaction (`write()`): all of it is written, or none of it. Reads
outside a write go through `read()` or `reading()`, which say what failed in one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from coachlog.errors import StorageError
from coachlog.storage.base import Connection, Dialect, Params

if TYPE_CHECKING:
    from pathlib import Path


class Database:
    """A connection to one coachlog database; `owner` is the coach whose rows it writes.

    `path` names it in messages: the file, or a team database's URL without its password.
    """

    def __init__(self, connection: Connection, dialect: Dialect, owner: str, path: Path | str) -> None:
        self.connection = connection
        self.d = dialect
        self.owner = owner
        self.path = path

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One IMMEDIATE transaction: all of it is written, or none of it."""
        connection, d = self.connection, self.d
        try:
            d.start_write(connection, self.owner)
        except d.errors as exc:
            self.rollback()
            raise d.storage_error(exc) from None
        try:
            yield connection
            connection.execute("COMMIT")
        except d.integrity_errors as exc:
            self.rollback()
            first = str(exc).strip().splitlines()[0]
            raise StorageError(f"refused by the database ({first}); nothing was changed") from None
        except d.errors as exc:
            self.rollback()
            raise d.storage_error(exc) from None
        except BaseException:
            self.rollback()
            raise

    def rollback(self) -> None:
        try:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
        except self.d.errors:
            pass  # the connection is gone: the server rolled back already

    def read(self, sql: str, params: Params | None = None) -> list[Any]:
        """The rows of one query (values as the columns hold them)."""
        try:
            return self.connection.execute(sql, params or {}).fetchall()
        except self.d.errors as exc:
            raise self.d.storage_error(exc) from None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """The connection, for reads of several statements; the database's errors as one line."""
        try:
            yield self.connection
        except self.d.errors as exc:
            raise self.d.storage_error(exc) from None
