"""What the tests share besides fixtures: the clock, CLI results, table readers, the PostgreSQL test server.

Fixtures live in conftest.py; tests import these by name (`from helpers import Run`), since a
`conftest` import is ambiguous once test folders carry conftest files of their own.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent  # the checkout: README.md, src/, tests/

# A Monday afternoon in New York, a week after the clocks went back (2026-11-01).
NOW = "2026-11-23T15:00:00-05:00"


ZONE = "America/New_York"


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


NO_POSTGRES = "no PostgreSQL server: set COACHLOG_TEST_POSTGRES_URL (`.ci/postgres start DIR PORT` prints one)"


def postgres_admin_url() -> str:
    """The test server's superuser URL; skips the test without one (fails it with COACHLOG_REQUIRE_POSTGRES)."""
    admin_url = os.environ.get("COACHLOG_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("COACHLOG_REQUIRE_POSTGRES"):
            pytest.fail(f"COACHLOG_REQUIRE_POSTGRES is set, but {NO_POSTGRES}")
        pytest.skip(NO_POSTGRES)
    return admin_url


def postgres_admin(sql: str, url: str | None = None) -> None:
    """Run one statement as the superuser (on the server's database, or on `url`'s), outside a transaction."""
    import psycopg

    from coachlog.urls import libpq_url

    with psycopg.connect(libpq_url(url or postgres_admin_url()), autocommit=True) as connection:
        connection.execute(sql)


def with_database(url: str, name: str) -> str:
    """`url` (password included) naming the database `name` instead."""
    import sqlalchemy as sa

    return sa.make_url(url).set(database=name).render_as_string(hide_password=False)


@dataclass
class TeamDatabase:
    """A team database made by `coachlog team init` (tests/test_team_push.py, tests/test_team_load.py)."""

    admin_url: str
    prefix: str  # of the login roles this test makes; they are dropped afterwards

    def member(self, name: str, group: str = "coach") -> str:
        """A new login role in `group` (coach or coordinator); its URL, password included."""
        import secrets

        import sqlalchemy as sa

        role, password = f"{self.prefix}{name}", secrets.token_hex(10)
        postgres_admin(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}' IN ROLE {group}", self.admin_url)
        url = sa.make_url(self.admin_url).set(username=role, password=password)
        return url.render_as_string(hide_password=False)

    def sql(self, statement: str) -> list[tuple]:
        """One statement as the superuser on this database; its rows."""
        import psycopg

        from coachlog.urls import libpq_url

        with psycopg.connect(libpq_url(self.admin_url), autocommit=True) as connection:
            cursor = connection.execute(statement)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []


def log_hour(
    ok: Run, teachers: list[str], stance: str, at: str = "2026-11-02 10:00", activity: str | None = None
) -> None:
    """A 60-minute session with `teachers` (its own unit when alone at `at`: rounding leaves it exact)."""
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    ok("add", first, stance, "60m", *more, "--at", at, *(["-a", activity] if activity else []))


def names(prefix: str, count: int) -> list[str]:
    """prefix0 .. prefix{count-1}: teachers made up for a test."""
    return [f"{prefix}{i}" for i in range(count)]


def on_a_pty(
    argv: list[str], env: dict[str, str], columns: int, lines: int, cwd: Path | None = None
) -> tuple[int, str]:
    """Run `argv` with stdin, stdout and stderr on a pseudo-terminal of `columns` x `lines` (POSIX only): its exit
    code and everything it wrote there, as the terminal received it (line ends as \\r\\n)."""
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    import select
    import struct
    import subprocess

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    process = subprocess.Popen(argv, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    chunks = []
    while select.select([master], [], [], 60)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # the other end closed (Linux)
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(60), b"".join(chunks).decode()


def coachlog_command() -> list[str]:
    """The installed `coachlog` beside this interpreter (as CI installs it), else on PATH, else `python -m coachlog`."""
    found = shutil.which("coachlog", path=os.path.dirname(sys.executable)) or shutil.which("coachlog")
    return [found] if found else [sys.executable, "-m", "coachlog"]
