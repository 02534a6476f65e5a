"""Shared fixtures: every test runs against its own SQLite file and config in a temporary directory."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run derandomized in the suite, so a run on a clean clone is repeatable: the same
# examples, no example database carried between runs. `HYPOTHESIS_PROFILE=explore` (README,
# Development) searches with fresh random seeds instead; what it finds becomes an explicit @example.
settings.register_profile("suite", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

# Pin the terminal before anything imports Rich or Typer.
os.environ["COLUMNS"] = "200"
os.environ["TERMINAL_WIDTH"] = "200"
for _name in ("FORCE_COLOR", "GITHUB_ACTIONS", "TYPER_USE_RICH"):
    os.environ.pop(_name, None)

from typer.testing import CliRunner  # noqa: E402

from coachlog.cli.run import app  # noqa: E402

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


# ---- a real PostgreSQL server (tests/test_postgres_store.py) ------------------------------------

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


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A database at the newest schema, migrated once per session; tests copy it (CREATE DATABASE ... TEMPLATE)."""
    import secrets

    from coachlog.storage.schema import migrate

    admin_url = postgres_admin_url()
    name = f"pgstore_tmpl_{secrets.token_hex(4)}"
    try:  # a collation that sorts unlike bytes (as most servers do), to show that coachlog's order does not move
        postgres_admin(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
            " LOCALE 'C.utf8'"
        )
    except Exception:  # a server without ICU
        postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        migrate.upgrade_url(with_database(admin_url, name))
        yield name
    finally:
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_databases(pg_template: str) -> Iterator[Callable[..., str]]:
    """Make new databases on the test server: make() a copy of the migrated template, make(empty=True) an
    empty one. Each is the superuser's URL; every one is dropped after the test."""
    import secrets

    made: list[str] = []
    admin_url = postgres_admin_url()

    def make(empty: bool = False) -> str:
        name = f"pgstore_{secrets.token_hex(5)}"
        template = "template0" if empty else pg_template
        postgres_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        made.append(name)
        return with_database(admin_url, name)

    yield make
    for name in made:
        postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


@pytest.fixture
def team_database(pg_databases: Callable[..., str], run: Run) -> Iterator[TeamDatabase]:
    """An empty database set up by `coachlog team init`; the roles the test adds are dropped afterwards."""
    import secrets

    url = pg_databases(empty=True)
    result = run("--db", url, "team", "init")
    assert result.exit_code == 0, result
    team = TeamDatabase(url, f"t_{secrets.token_hex(3)}_")
    yield team
    roles = team.sql(f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{team.prefix}%'")
    postgres_admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    for (role,) in roles:
        postgres_admin(f'DROP ROLE IF EXISTS "{role}"')
