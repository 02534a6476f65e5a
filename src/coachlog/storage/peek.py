"""A glance at a database file's names for shell completion: read-only, at once, or nothing.

Completion runs on every Tab keystroke, so this never creates, upgrades or locks a file
and never waits: a missing, locked, damaged or foreign file gives no names, silently.
"""

from __future__ import annotations

from pathlib import Path


def known_names(path: Path) -> tuple[list[str], list[str], list[str]]:
    """The teachers' names (by name), the terms' names (by date) and the tags in use (by tag) in the database
    file at `path`."""
    import sqlite3

    from coachlog.storage.sqlite import SQLITE_MAGIC, read_only_uri

    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return [], [], []
        uri = read_only_uri(path)
        if not path.with_name(path.name + "-wal").exists():  # every row is in the file: read it without
            uri += "&immutable=1"  # the -shm and -wal files a WAL reader would otherwise leave beside it
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0.1)
    except (OSError, sqlite3.Error):
        return [], [], []
    try:
        connection.execute("PRAGMA query_only = ON")
        teachers = [row[0] for row in connection.execute("SELECT name FROM teacher ORDER BY name_key, name")]
        terms = [row[0] for row in connection.execute("SELECT name FROM term ORDER BY start_date, name")]
        tags = [row[0] for row in connection.execute("SELECT DISTINCT tag FROM entry_tag ORDER BY tag")]
    except sqlite3.Error:  # locked, damaged, or not coachlog's
        return [], [], []
    finally:
        connection.close()
    return _texts(teachers), _texts(terms), _texts(tags)


def _texts(values: list[object]) -> list[str]:
    return [value for value in values if isinstance(value, str)]
