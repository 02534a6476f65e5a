"""A PostgreSQL database (a team's) behind the same small interface the store uses for SQLite.

The store talks to sqlite3: `execute(sql, params)` with named `:params`, rows read as
`row["col"]`, `row[0]` or `dict(row)`, and its own BEGIN/COMMIT/ROLLBACK/SAVEPOINT
statements. `PgConnection` gives it the same over psycopg 3 (in autocommit mode, so those
statements control the transactions), so the store keeps one set of queries. `date`
values come back as ISO text, as SQLite returns them. `open_postgres` connects, checks the schema (creating or
upgrading it when this role may) and maps psycopg's failures to the one-line messages the SQLite path gives.
Imported only for a URL: psycopg stays out of `coachlog add` on a file.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from coachlog.errors import StorageError, UsageError
from coachlog.storage.base import SCHEMA_HEAD, Connection, Cursor, Params, lock_wait_seconds
from coachlog.storage.postgres_errors import connection_error, postgres_error
from coachlog.storage.team_login import one_row, refuse_the_administrator, use_own_schema
from coachlog.urls import display_url, libpq_url, parts, redact, sqlalchemy_url, where_of

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

INSTALL_HINT = "a PostgreSQL database needs psycopg: pip install 'coachlog[postgres]'"
# Writers of one coach queue on this advisory lock (with the coach's role as the second key), as
# SQLite's BEGIN IMMEDIATE makes them queue: `add` reads, then writes, and must not race itself.
WRITE_LOCK_CLASS = 0x636C  # "cl"


# libpq's words for an option value it cannot use ('invalid sslmode value: "x"', 'invalid port number: "x"', ...)
_BAD_OPTION = re.compile(r"invalid (?:integer value|port number|[a-z_]+ value)\b.*", re.IGNORECASE)


# ---- SQL: `:name` parameters become psycopg's `%(name)s`, once per statement ----------------

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|::|:([A-Za-z_]\w*)|%")


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """`:name` -> `%(name)s` and `%` -> `%%`, leaving quoted text and `::casts` alone."""

    def replace(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.group(1):
            return f"%({match.group(1)})s"
        return "%%" if text == "%" else text

    return _TOKENS.sub(replace, sql)


class Row(tuple[Any, ...]):
    """A result row as sqlite3.Row reads: by position, by column name, `keys()` and `dict(row)`."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


def _plain(value: object) -> object:
    """Values as SQLite gives them back: dates as ISO text (booleans stay booleans, which are ints)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    return value


def _row_factory(cursor: psycopg.Cursor[Any]) -> Callable[[Sequence[object]], Row]:
    description = cursor.description
    if description is None:
        return Row  # a statement that returns no rows
    names = tuple(column.name for column in description)
    row_type = type("Row", (Row,), {"names": names, "__slots__": ()})

    def make(values: Sequence[object]) -> Row:
        row: Row = row_type(_plain(value) for value in values)
        return row

    return make


class PgConnection:
    """A psycopg connection that the store can use as it uses a sqlite3 connection."""

    def __init__(self, connection: psycopg.Connection[Row]) -> None:
        self._connection = connection

    def execute(self, sql: str, params: Params | None = None, /) -> Cursor:
        return self._connection.execute(translate(sql), dict(params or {}))

    def executemany(self, sql: str, rows: Iterable[Params], /) -> Cursor:
        cursor = self._connection.cursor()
        cursor.executemany(translate(sql), list(rows))
        return cursor

    @property
    def in_transaction(self) -> bool:
        import psycopg

        return self._connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def close(self) -> None:
        self._connection.close()


class PostgresDialect:
    """What differs between SQLite and PostgreSQL in store.py's SQL, and how errors read."""

    name = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.where = where_of(url)
        self.role = parts(url).user or "this role"  # current_user, once connected
        self.errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.integrity_errors: tuple[type[BaseException], ...] = (psycopg.IntegrityError,)

    @staticmethod
    def sort_key(column: str) -> str:
        return f'{column} COLLATE "C"'  # text sorts byte by byte, as in SQLite, whatever the server's locale

    @staticmethod
    def same(column: str, param: str) -> str:
        return f"{column} IS NOT DISTINCT FROM :{param}"

    @staticmethod
    def not_indexed(column: str) -> str:
        return column  # SQLite's "+column" (do not use this column's index) does not exist here

    def joined(self, column: str, order: str, source: str, separator: str | None = None) -> str:
        """`column` of the rows of `source` in `order`, joined by `separator` (chr(31) unless told) in one text."""
        sep = separator or "chr(31)"
        return f"(SELECT string_agg(({column})::text, {sep} ORDER BY {order}) FROM {source})"

    @staticmethod
    def distinct_ids(column: str) -> str:
        return f"string_agg(DISTINCT ({column})::text, ',')"

    @staticmethod
    def listed_ids(column: str) -> str:
        return f"string_agg(({column})::text, ',')"

    def insert_id(self, db: Connection, sql: str, params: Params) -> int:
        return int(db.execute(sql + " RETURNING id", params).fetchone()[0])

    def start_write(self, db: Connection, owner: str) -> None:
        db.execute("BEGIN")
        db.execute("SELECT pg_advisory_xact_lock(:cls, hashtext(:owner))", {"cls": WRITE_LOCK_CLASS, "owner": owner})

    def used_entry_ids(self, db: Connection) -> int:
        """The highest entry id ever handed out (deleted ones included)."""
        row = db.execute(
            """
            SELECT GREATEST(COALESCE((SELECT MAX(id) FROM entry), 0),
                            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM entry_id_seq))
            """
        ).fetchone()
        return int(row[0])

    def kept_id(self, db: Connection, table: str, row_id: int) -> None:
        """After a row went in with an id of its own, make sure the sequence never hands that id out again.

        The sequence moves only when it could still hand `row_id` out: setval() needs UPDATE on it, which a
        coach does not have (one coach could reset a sequence all coaches share). Ids that undo restores came
        from the sequence, so they never move it; ids above it are kept only where `may_keep_ids` says so.
        """
        db.execute(
            f"""
            SELECT setval('{table}_id_seq', :id) FROM {table}_id_seq
            WHERE :id >= last_value + CASE WHEN is_called THEN 1 ELSE 0 END
            """,
            {"id": row_id},
        )

    def database_id(self, db: Connection, stored: str) -> str:
        """The stored 'database_id' mixed with this database's oid, so that a copy made by the server (CREATE
        DATABASE ... TEMPLATE, pg_dump and restore) is another database to `push`, though the setting came along.

        A UUID, 36 characters, as pushed.remote holds. pg_database is readable by every role.
        """
        oid = db.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()[0]
        try:
            base = uuid.UUID(stored)
        except ValueError:  # pragma: no cover - migrations store a uuid4
            base = uuid.uuid5(uuid.NAMESPACE_OID, stored)
        return str(uuid.uuid5(base, str(oid)))

    def may_keep_ids(self, db: Connection) -> bool:
        """Whether an import may give new entries ids of their own above the sequence (it then moves the sequence).

        Only a role that may move the sequence: on a team database ids are shared by all coaches anyway, and the
        sequence chooses them.
        """
        return bool(db.execute("SELECT has_sequence_privilege('entry_id_seq', 'UPDATE')").fetchone()[0])

    def storage_error(self, exc: BaseException) -> StorageError:
        return postgres_error(exc, self.where, self.role)


# ---- opening ------------------------------------------------------------------------------


def connect(url: str) -> psycopg.Connection[Row]:
    """A psycopg connection in autocommit mode, with the lock and connect waits of COACHLOG_LOCK_TIMEOUT."""
    try:
        import psycopg
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    wait = lock_wait_seconds()
    try:
        connection = psycopg.connect(
            libpq_url(url),
            autocommit=True,
            connect_timeout=max(2, int(wait + 0.999)),
            row_factory=_row_factory,
            application_name="coachlog",
        )
    except psycopg.Error as exc:
        bad_option = _BAD_OPTION.search(str(exc))  # a value libpq checks only now: the URL is wrong, not the server
        if bad_option:
            raise UsageError(f"invalid database URL {display_url(url)}: {redact(bad_option.group(0), url)}") from None
        raise connection_error(exc, where_of(url)) from None
    except ValueError as exc:  # a malformed URL that check_url let through
        raise UsageError(f"invalid database URL {display_url(url)}: {redact(str(exc), url)}") from None
    try:
        # PostgreSQL reads 0 as "wait for ever"; a wait of 0 here means "do not wait", as on SQLite.
        connection.execute(f"SET lock_timeout = {max(1, int(wait * 1000))}")
    except psycopg.Error as exc:
        connection.close()
        raise postgres_error(exc, where_of(url)) from None
    return connection


def open_postgres(url: str) -> tuple[PgConnection, PostgresDialect, str]:
    """A connection to the team database at `url` with the newest schema, its dialect and the role (the owner).

    An empty database gets the schema, and an older schema is upgraded, when this role may
    do it; otherwise the administrator is asked to (`coachlog team init`). A newer schema is
    refused.
    """
    raw = connect(url)  # first: without psycopg, this says what to install
    import psycopg

    dialect = PostgresDialect(url)
    try:
        version = _schema_version(raw, dialect.where)
        if version != SCHEMA_HEAD:
            raw.close()
            _upgrade(url, version, dialect.where)
            raw = connect(url)
            version = _schema_version(raw, dialect.where)
            if version != SCHEMA_HEAD:  # pragma: no cover - upgrade_url reached head or raised
                raise StorageError(f"the team database at {dialect.where} has schema {version}, not {SCHEMA_HEAD}")
        role = str(one_row(raw, "SELECT session_user")[0])  # the login: what the coach policies check
        dialect.role = role
        refuse_the_administrator(raw, role)
        use_own_schema(raw, dialect.where)
    except psycopg.Error as exc:
        raw.close()
        raise postgres_error(exc, dialect.where, dialect.role) from None
    except BaseException:
        if not raw.closed:
            raw.close()
        raise
    return PgConnection(raw), dialect, role


def _schema_version(raw: psycopg.Connection[Row], where: str) -> str | None:
    """The stored Alembic revision; None for a database with no tables at all."""
    import psycopg

    try:
        if not one_row(raw, "SELECT to_regclass('alembic_version') IS NOT NULL")[0]:
            tables = one_row(
                raw, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            )[0]
            if tables:
                raise StorageError(f"the database at {where} is not coachlog's: check the --db URL or COACHLOG_DB")
            return None
        row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except psycopg.Error as exc:
        raise postgres_error(exc, where, "this role") from None
    if row is None:
        raise StorageError(f"the team database at {where} has no schema version (an unfinished setup?)")
    return str(row[0])


def _upgrade(url: str, version: str | None, where: str) -> None:
    from coachlog.storage.schema import migrate

    if version is not None and version not in migrate.known_revisions():
        raise StorageError(
            f"the team database at {where} was made by a newer coachlog (schema {version}):"
            " upgrade coachlog to use it; it was left unchanged"
        )
    import sqlalchemy as sa
    from psycopg import errors

    shown = "none" if version is None else version
    ask = (
        f"the team database at {where} has schema {shown}; the administrator runs `coachlog team init` to"
        f" {'set it up' if version is None else 'upgrade it'}"
    )
    try:
        migrate.upgrade_url(sqlalchemy_url(url))
    except sa.exc.DBAPIError as exc:
        if isinstance(exc.orig, errors.InsufficientPrivilege):  # a coach, or a coordinator: not the tables' owner
            raise StorageError(ask) from None
        raise postgres_error(exc.orig or exc, where) from None
    from coachlog.storage.team_schemas import upgrade_team

    with connect_admin(url) as db:  # as the role that migrated: on a team database, each coach's schema follows
        upgrade_team(db, where)


def require_psycopg() -> None:
    """Refuse team work in one line, before it starts, when the `postgres` extra (psycopg) is not installed."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StorageError("a team database needs psycopg: pip install 'coachlog[postgres]'") from None


@contextmanager
def connect_admin(url: str) -> Iterator[psycopg.Connection[TupleRow]]:
    """A plain psycopg connection for the team's administration (transactions, tuples), closed afterwards;
    failures as one-line errors."""
    require_psycopg()
    import psycopg

    try:
        connection = psycopg.connect(libpq_url(url), connect_timeout=10)
    except psycopg.Error as exc:
        raise connection_error(exc, where_of(url)) from None
    try:
        yield connection
    finally:
        connection.close()
