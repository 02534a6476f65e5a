"""Reports aggregate in SQL: the number of statements a command runs does not grow with the rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from coachlog.storage import sqlite as database
from helpers import Run


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the store's connections run, as SQLite traces them."""
    seen: list[str] = []
    original = database.connect

    def traced(path, read_only=False):  # type: ignore[no-untyped-def]
        connection: sqlite3.Connection = original(path, read_only)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(database, "connect", traced)
    yield seen


def statements_for(run: Run, seen: list[str], *args: str) -> list[str]:
    seen.clear()
    result = run(*args)
    assert result.exit_code == 0, result
    return [s for s in seen if not s.startswith("PRAGMA")]


COMMANDS = [
    ("report", "--term"),
    ("report", "--term", "--by", "teacher"),
    ("report", "--term", "--by", "activity"),
    ("report", "--all", "--format", "json"),
    ("log", "--all", "--format", "csv"),
    ("export",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_statement_count_does_not_grow_with_entries(
    ok: Run, statements: list[str], tmp_path, command: tuple[str, ...]
) -> None:
    """The same command runs the same number of statements on 3 entries and on a demo term."""
    small, large = tmp_path / "small.db", tmp_path / "large.db"
    ok("--db", str(large), "demo")
    ok("--db", str(small), "term", "add", "Now", "2026-09-01", "2026-12-31")
    for at in ("2026-11-02 09:00", "2026-11-03 09:00", "2026-11-10 09:00"):
        ok("--db", str(small), "add", "Ms. Rivera", "coaching", "30", "--at", at, "-a", "debrief")
    ok("--db", str(small), "prep", "30m", "--at", "2026-11-04 15:00")  # the demo has prep too
    few = statements_for(ok, statements, "--db", str(small), *command)
    many = statements_for(ok, statements, "--db", str(large), *command)
    entries = sum(1 for _ in sqlite3.connect(large).execute("SELECT id FROM entry"))
    assert entries > 100
    assert len(few) == len(many) <= 8, many
