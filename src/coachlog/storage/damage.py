"""Whether a database file is damaged: asked when a command fails in a way coachlog did not expect.

A flipped byte can break SQLite's own structure (its pages, its indexes, the schema text) or
only a value inside a sound row (a date that no longer reads as one, a stance no one chose).
`damage(path)` looks for both without writing: SQLite's integrity check, then every stored
value against what its column must hold. A file that passes is sound, and the failure was a
bug of coachlog's: that one keeps its traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from coachlog.domain.values import STANCES
from coachlog.storage.sqlite import read_only_uri

# What a column must hold, by the type its table declares (SQLite stores anything anywhere).
_TEXT = ("VARCHAR", "TEXT", "DATE", "DATETIME")


def _is_date(value: object) -> bool:
    return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))


def _is_instant(value: object) -> bool:
    return isinstance(value, str) and len(value) == 19 and bool(datetime.fromisoformat(value))


# Columns holding dates and instants as text; a name ending so, in any table, is checked as one.
_SHAPES: dict[str, Callable[[object], bool]] = {
    "_date": _is_date,
    "_utc": _is_instant,
    "_at": _is_instant,
    "stance": lambda value: value in STANCES,
}


def damage(path: Path) -> str | None:
    """What is wrong with the database file at `path` (a few words), or None if it is sound. Never writes."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except (sqlite3.Error, OSError) as exc:
        return str(exc)
    try:
        verdict = str(connection.execute("PRAGMA integrity_check(1)").fetchone()[0])
        if verdict != "ok":
            return verdict.splitlines()[0]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            found = _bad_value(connection, table)
            if found:
                return found
    except (sqlite3.Error, ValueError, UnicodeError, OverflowError) as exc:  # text that no longer decodes
        return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    finally:
        connection.close()
    return None


def _bad_value(connection: sqlite3.Connection, table: str) -> str | None:
    """The first value of `table` that its column cannot hold, described; None if all can."""
    columns = connection.execute(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, type, notnull, ...
    for row in connection.execute(f'SELECT * FROM "{table}"'):
        for (_, name, declared, not_null, *_), value in zip(columns, row, strict=True):
            if value is None:
                if not_null:
                    return f"{table}.{name} is empty"
                continue
            kind = declared.upper().split("(")[0]
            wanted: type = str if kind in _TEXT else int if kind in ("INTEGER", "BOOLEAN") else object
            shape = next((check for end, check in _SHAPES.items() if name.endswith(end)), None)
            try:
                sound = isinstance(value, wanted) and (shape is None or shape(value))
            except ValueError:
                sound = False
            if not sound:
                return f"{table}.{name} holds {value!r}"
    return None
