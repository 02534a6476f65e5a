"""Shared fixtures: every test runs against its own SQLite file and config in a temporary directory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
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
from helpers import (  # noqa: E402
    NOW,
    ZONE,
    Result,
    Run,
    TeamDatabase,
    postgres_admin,
    postgres_admin_url,
    with_database,
)


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


# ---- a real PostgreSQL server (tests/test_postgres_store.py) ------------------------------------


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
