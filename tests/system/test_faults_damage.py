"""A damaged database file (issue 13): a flipped byte anywhere gives one line, never a traceback, never a write.

A real demo database is damaged at chosen places (the header, the schema page, an entry's date and
stance, an index page) and at random ones (a Hypothesis property). Every read command then either
works or says in one line that the file is damaged, exit 1; the file's bytes are never changed by it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from coachlog.cli.run import app
from helpers import NOW, ZONE, Run

READS = (
    ("log", "--all"),
    ("report", "--term"),
    ("summary", "--all"),
    ("export",),
    ("export", "--format", "json"),
    ("status",),
    ("teacher", "list"),
    ("term", "list"),
)
DAMAGED = "is damaged ("
RESTORE = "restore it from your newest backup"


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a demo database made by the real CLI (once for this module)."""
    folder = tmp_path_factory.mktemp("demo")
    env = {"COACHLOG_NOW": NOW, "COACHLOG_TIMEZONE": ZONE, "COACHLOG_CONFIG": str(folder / "none.toml")}
    result = CliRunner().invoke(app, ["--db", str(folder / "demo.db"), "demo"], env=env)
    assert result.exit_code == 0, result.output
    return (folder / "demo.db").read_bytes()


def inspect(data: bytes, sql: str, *params: str) -> tuple:
    """The first row of `sql` on a database holding `data` (read with plain sqlite3, from a file of its own)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inspected.db"
        path.write_bytes(data)
        with closing(sqlite3.connect(path)) as connection:
            return tuple(connection.execute(sql, params).fetchone())


def page_of(data: bytes, name: str) -> int:
    """Where the root page of table or index `name` starts in the file."""
    (page_size,) = inspect(data, "PRAGMA page_size")
    (root,) = inspect(data, "SELECT rootpage FROM sqlite_master WHERE name = ?", name)
    return (root - 1) * page_size


def damaged_copy(data: bytes, offset: int, mask: int, path: Path) -> Path:
    changed = bytearray(data)
    changed[offset] ^= mask
    path.write_bytes(bytes(changed))
    return path


def check_reads(run: Run, path: Path) -> list[str]:
    """Run every read command on `path`; each works or says one line and exits 1; none writes. Their stderr."""
    before = path.read_bytes()
    errors = []
    for command in READS:
        result = run("--db", str(path), *command)  # `run` fails the test on any traceback
        assert result.exit_code in (0, 1), (command, result)
        if result.exit_code:
            assert result.stderr.count("\n") == 1, (command, result)  # `status` says "No timer running."
        errors.append(result.stderr)
        assert path.read_bytes() == before, f"{command} wrote to a damaged file"
    return errors


def places(data: bytes) -> dict[str, int]:
    """Offsets worth damaging: SQLite's header, the schema's text, a stored date and stance, an index page."""
    kind, start, name = inspect(
        data, "SELECT kind, start_utc, (SELECT name FROM teacher LIMIT 1) FROM entry WHERE kind = 'session' LIMIT 1"
    )
    entry = data.index(f"{kind}{start}".encode()) + len(kind)  # in the row, the kind is followed by start_utc
    return {
        "header: page size": 16,
        "header: schema cookie": 40,
        "header: text encoding": 56,
        "schema page: CREATE TABLE text": data.index(b"CREATE TABLE") + 3,
        "schema page: a column's name": data.index(b"minutes INTEGER NOT NULL"),
        "data page: a start time": entry + 4,
        "data page: a local date": entry + 19 + 6,
        "data page: a stance": data.index(b"coaching", entry),
        "data page: a teacher's name": data.index(name.encode()),
        "index page: entry start times": page_of(data, "ix_entry_start_utc") + 200,
        "index page: teacher of an entry": page_of(data, "ix_entry_teacher_teacher_id") + 8,
        "table page header: entry's root": page_of(data, "entry") + 3,
    }


@pytest.mark.parametrize("mask", [0x01, 0x20, 0xFF])
def test_a_damaged_page_gives_one_line_or_works_and_never_writes(
    run: Run, demo_bytes: bytes, tmp_path: Path, mask: int
) -> None:
    for where, offset in places(demo_bytes).items():
        path = damaged_copy(demo_bytes, offset, mask, tmp_path / f"at-{offset}.db")
        for error in check_reads(run, path):
            assert error == "" or "Traceback" not in error, where


@pytest.mark.parametrize(
    ("where", "mask"),
    [
        ("data page: a start time", 0x40),
        ("data page: a local date", 0x40),
        ("data page: a stance", 0x20),
        ("schema page: a column's name", 0x01),
        ("schema page: a column's name", 0x80),  # no longer UTF-8: was a UnicodeDecodeError
    ],
)
def test_a_damaged_value_says_damaged_and_restore(
    run: Run, demo_bytes: bytes, tmp_path: Path, where: str, mask: int
) -> None:
    """A date or stance that no longer reads as one, a schema that no longer parses or decodes: the
    'damaged ... restore' line, not a ValueError or UnicodeDecodeError."""
    path = damaged_copy(demo_bytes, places(demo_bytes)[where], mask, tmp_path / "damaged.db")
    errors = [e for e in check_reads(run, path) if e.startswith("Error: ")]
    assert errors, f"no read command noticed the damage at {where}"
    assert all(DAMAGED in e and RESTORE in e for e in errors), errors


def test_a_stored_value_no_column_may_hold_is_damage_though_sqlite_finds_none(
    run: Run, demo_bytes: bytes, tmp_path: Path
) -> None:
    """SQLite's own check passes (the row is sound, the column not indexed), the value is not a date: damaged."""
    path = tmp_path / "value.db"
    path.write_bytes(demo_bytes)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE term SET end_date = '2027-13-08'")
    result = run("--db", str(path), "term", "list")
    assert result.exit_code == 1, result
    assert "term.end_date holds '2027-13-08'" in result.stderr and RESTORE in result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_byte_flips_never_give_a_traceback_or_a_write(
    run: Run, demo_bytes: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    """The property: wherever one bit flips, every read command works or says one line and exits 1."""
    offset = data.draw(st.integers(0, len(demo_bytes) - 1), label="offset")
    bit = data.draw(st.integers(0, 7), label="bit")
    path = damaged_copy(demo_bytes, offset, 1 << bit, tmp_path / "flipped.db")
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    check_reads(run, path)


BUG = """
import sys

import coachlog.render.entries as entries
from coachlog.cli.run import app


def broken(*args, **kwargs):
    raise ValueError("a bug of coachlog's own")


entries.render_log = broken  # cli/reports_run.py imports it when `log` runs
app(["--db", sys.argv[1], "log", "--all"], prog_name="coachlog")
"""


def test_a_bug_on_a_sound_database_keeps_its_traceback(ok: Run, db_path: Path) -> None:
    """The damage check only speaks when the file is damaged: coachlog's own bug is not blamed on the file."""
    import subprocess
    import sys

    ok("demo")
    result = subprocess.run([sys.executable, "-c", BUG, str(db_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result
    assert "Traceback" in result.stderr and "ValueError: a bug of coachlog's own" in result.stderr
    assert DAMAGED not in result.stderr
