"""Shared fixtures: every test runs against its own SQLite file and config in a temporary directory."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

# Pin the terminal before anything imports Rich or Typer.
os.environ["COLUMNS"] = "200"
os.environ["TERMINAL_WIDTH"] = "200"
for _name in ("FORCE_COLOR", "GITHUB_ACTIONS", "TYPER_USE_RICH"):
    os.environ.pop(_name, None)

from typer.testing import CliRunner  # noqa: E402

from coachlog.cli import app  # noqa: E402

# A Monday afternoon in New York, a week after the clocks went back (2026-11-01).
NOW = "2026-11-23T15:00:00-05:00"
ZONE = "America/New_York"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the database, config, home and data directories into tmp_path; fix the clock and zone."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("COACHLOG_DB", str(tmp_path / "coachlog.db"))
    monkeypatch.setenv("COACHLOG_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("COACHLOG_TIMEZONE", ZONE)
    monkeypatch.setenv("COACHLOG_NOW", NOW)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COACHLOG_TEAM_DB", raising=False)
    monkeypatch.delenv("TZ", raising=False)
    return tmp_path


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated / "coachlog.db"


class Result:
    """What a CLI run gave: exit code, stdout and stderr kept apart."""

    def __init__(self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    def __repr__(self) -> str:
        return f"Result(exit_code={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the real CLI in-process: run("add", "Ms. Rivera", "coaching", "45m")."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(app, list(args), input=input, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert "Traceback" not in result.stderr, result.stderr
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    return invoke


@pytest.fixture
def ok(run: Run) -> Run:
    """Like `run`, but the command must succeed."""

    def invoke(*args: str, **kwargs: object) -> Result:
        result = run(*args, **kwargs)
        assert result.exit_code == 0, result
        return result

    return invoke


def _tables(connection: sqlite3.Connection) -> list[str]:
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    return [row[0] for row in connection.execute(query)]


def row_counts(path: Path) -> dict[str, int]:
    """Rows in every coachlog table, read with plain sqlite3 (not through coachlog)."""
    if not path.exists():
        return {}
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in _tables(connection)
        }


def table_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a failed command changed nothing."""
    if not path.exists():
        return {}
    with closing(sqlite3.connect(path)) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in _tables(connection)
        }


def pipe_rows(text: str) -> list[list[str]]:
    """The cells of every table row: Markdown '| a | b |' lines, or the plain tables printed when piped."""
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("|") and not set(line) <= set("|-"):
            rows.append([cell.strip() for cell in line[1:-1].split("|")])
    return rows or [row for table in text_tables(text) for row in table]


def text_tables(text: str) -> list[list[list[str]]]:
    """The plain-text tables coachlog prints when piped: each a list of rows (heading row first).

    Columns are found from the dashed rule under the headings, so empty cells and cells
    with spaces in them parse right.
    """
    lines = text.splitlines()
    tables = []
    for index, line in enumerate(lines):
        if not line or set(line) - {"-", " "} or index == 0:
            continue
        spans = [(m.start(), m.end()) for m in re.finditer(r"-+", line)]
        # the last column runs to the end of the line (a long note may pass its rule)
        spans[-1] = (spans[-1][0], None)
        table = [[lines[index - 1][a:b].strip() for a, b in spans]]
        for row in lines[index + 1 :]:
            if not row.strip():
                break
            table.append([row[a:b].strip() for a, b in spans])
        tables.append(table)
    return tables
