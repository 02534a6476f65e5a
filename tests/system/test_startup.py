"""Start-up stays lean: `coachlog --help` and `coachlog add` import none of the heavy modules.

Each check runs in a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "rich.table", "pendulum", "icalendar", "recurring_ical_events", "psycopg")

PROBE = """
import json, sys
from coachlog.cli.run import main
sys.argv = ["coachlog", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def imported_by(args: list[str], tmp_path: Path) -> set[str]:
    env = {
        **os.environ,
        "COACHLOG_DB": str(tmp_path / "startup.db"),
        "COACHLOG_CONFIG": str(tmp_path / "config.toml"),
        "COACHLOG_TIMEZONE": "America/New_York",
        "COACHLOG_NOW": "2026-11-23T15:00:00-05:00",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, env=env, check=True
    )
    line = done.stdout.rsplit("MODULES ", 1)[1]
    return set(json.loads(line))


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    """`coachlog --help` loads neither SQLAlchemy, SQLModel, Alembic, Rich tables nor pendulum."""
    modules = imported_by(["--help"], tmp_path)
    assert "coachlog.cli" in modules  # the probe really ran the app
    assert not [m for m in HEAVY if m in modules]


@pytest.mark.parametrize("args", [["add", "--help"], ["report", "--help"], ["import", "--help"]])
def test_command_help_imports_no_heavy_module(tmp_path: Path, args: list[str]) -> None:
    """Help for a command does not open the database or load its libraries."""
    modules = imported_by(args, tmp_path)
    assert not [m for m in HEAVY if m in modules]
    assert not (tmp_path / "startup.db").exists()


def test_add_on_an_existing_database_imports_no_heavy_module(tmp_path: Path) -> None:
    """Once the database exists, `coachlog add` writes through sqlite3 alone."""
    imported_by(["add", "Ms. Rivera", "coaching", "30"], tmp_path)  # creates the schema (Alembic may load)
    modules = imported_by(["add", "Ms. Rivera", "coaching", "45m", "--at", "yesterday 10:00"], tmp_path)
    assert "coachlog.storage.store" in modules  # it did write
    assert not [m for m in HEAVY if m in modules]
    import sqlite3

    with sqlite3.connect(tmp_path / "startup.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 2


def test_check_imports_no_heavy_module(tmp_path: Path) -> None:
    """`coachlog check` (run by a shell prompt or cron) costs what `add` does: sqlite3 and the standard library."""
    imported_by(["add", "Ms. Rivera", "coaching", "30", "--next", "x", "--by", "today"], tmp_path)
    modules = imported_by(["check"], tmp_path)
    assert "coachlog.services.check" in modules  # it did check
    assert not [m for m in HEAVY if m in modules]
