"""A --db, `push --to` or team.db value that looks like a URL is never a file, and never prints its password.

`scheme://…` is a URL whatever the scheme: PostgreSQL's spellings (postgresql, postgres, and SQLAlchemy's
postgresql+psycopg, +psycopg2, +asyncpg, +pg8000, all meaning psycopg 3 here) open the team database; any
other scheme is refused in one line, exit 2, with nothing created. A malformed URL is a usage error (exit 2)
named without its password, never a traceback. The tests marked with the server need
COACHLOG_TEST_POSTGRES_URL (see conftest.pg_databases); the others run anywhere.
"""

from __future__ import annotations

import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.urls import display_url, is_url, libpq_url, sqlalchemy_url
from helpers import Run, TeamDatabase

SECRET = "TOPSECRET9"
POSTGRES_SPELLINGS = (
    "postgresql",
    "postgres",
    "postgresql+psycopg",
    "postgresql+psycopg2",
    "postgresql+asyncpg",
    "postgresql+pg8000",
)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def one_line(result: object, code: int) -> str:
    """The single stderr line of a failed run with exit `code` (and nothing on stdout)."""
    assert result.exit_code == code, result  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.stdout == "" and stderr.startswith("Error: ") and stderr.count("\n") == 1, result
    return str(stderr)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql+psycopg2://ana:x@h/db",
        "POSTGRESQL+ASYNCPG://ana@h/db",
        "mysql://ana:x@h/db",
        "sqlite:///coach.db",
        "x.y-z+w://",
    ],
)
def test_anything_with_a_scheme_is_a_url(text: str) -> None:
    """Whatever the scheme, `scheme://` makes a URL, not a file name."""
    assert is_url(text)


@pytest.mark.parametrize("text", ["coach.db", "./postgresql/x.db", "C:\\coachlog\\coach.db", "1http://x", "a b://c"])
def test_paths_are_not_urls(text: str) -> None:
    """Paths, including ones that contain a scheme-like word later on, stay files."""
    assert not is_url(text)


@pytest.mark.parametrize("scheme", POSTGRES_SPELLINGS)
def test_every_postgres_spelling_means_psycopg_3(scheme: str) -> None:
    """libpq reads `postgresql://…`, SQLAlchemy `postgresql+psycopg://…`, whichever spelling was typed."""
    url = f"{scheme}://ana:{SECRET}@db.school.org:5433/coaching?sslmode=require"
    assert libpq_url(url) == f"postgresql://ana:{SECRET}@db.school.org:5433/coaching?sslmode=require"
    assert sqlalchemy_url(url) == f"postgresql+psycopg://ana:{SECRET}@db.school.org:5433/coaching?sslmode=require"
    assert display_url(url) == "postgresql://ana@db.school.org:5433/coaching"


@pytest.mark.parametrize("scheme", POSTGRES_SPELLINGS[1:])
def test_a_postgres_spelling_is_never_a_local_file(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    """`--db 'postgresql+asyncpg://…' log` and `push --to 'postgresql+psycopg2://…'` go to the server (here: one
    that is down, exit 1), never into a SQLite file at a path made of the URL; the password is never printed
    and the entries are not recorded as pushed."""
    monkeypatch.chdir(isolated)
    local = isolated / "a.db"
    assert run("--db", str(local), "add", "Ms. Rivera", "coaching", "45m").exit_code == 0
    before = files_under(isolated)
    url = f"{scheme}://ana:{SECRET}@127.0.0.1:{closed_port()}/db"
    for args in (("--db", url, "log"), ("--db", str(local), "push", "--to", url)):
        line = one_line(run(*args), 1)
        assert "cannot reach the team database at 127.0.0.1/db" in line
        assert SECRET not in line
    assert files_under(isolated) == before
    with closing(sqlite3.connect(local)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM pushed").fetchone() == (0,)


@pytest.mark.parametrize("url", [f"mysql://ana:{SECRET}@127.0.0.1/db", "sqlite:///coach.db", f"http://ana:{SECRET}@x/"])
def test_another_scheme_is_refused_in_one_line_and_creates_nothing(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    """A URL of another kind of database is refused, exit 2, one line without the password, by --db, by
    `push --to` and by `config set team.db`; nothing is created and nothing recorded as pushed."""
    monkeypatch.chdir(isolated)
    local = isolated / "a.db"
    assert run("--db", str(local), "add", "Ms. Rivera", "coaching", "45m").exit_code == 0
    before = files_under(isolated)
    for args in (
        ("--db", url, "log"),
        ("--db", url, "add", "Ms. Rivera", "coaching", "45m"),
        ("--db", str(local), "push", "--to", url),
        ("config", "set", "team.db", url),
    ):
        line = one_line(run(*args), 2)
        assert SECRET not in line
        assert "PostgreSQL" in line
    assert files_under(isolated) == before
    with closing(sqlite3.connect(local)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM pushed").fetchone() == (0,)


MALFORMED = (
    (f"postgresql://ana:{SECRET}@[::1/db", "]"),
    (f"postgresql+psycopg://ana:{SECRET}@127.0.0.1:notaport/db", "notaport"),
    (f"postgresql://ana:{SECRET}@127.0.0.1:99999/db", "99999"),
    (f"postgresql://ana:{SECRET}@127.0.0.1/db?sslmode=bogus", "bogus"),
    (f"postgresql://ana:{SECRET}@127.0.0.1/db?nosuchoption=1", "nosuchoption"),
    (f"postgresql://ana:{SECRET}@127.0.0.1/d%zzb", "d%zzb"),
    (f"postgresql://ana:{SECRET}@127.0.0.1:{{port}}/db?target_session_attrs=bogus", "target_session_attrs"),
    (f"postgresql://ana:{SECRET}%zz@127.0.0.1/db", "percent"),
)


@pytest.mark.parametrize(("url", "named"), MALFORMED)
def test_a_malformed_url_is_a_usage_error_without_the_password(
    run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch, url: str, named: str
) -> None:
    """A URL libpq cannot read (an unclosed IPv6 bracket, a port that is no port, an unknown sslmode or
    option, bad %-escapes) is one line naming the URL without its password and what is wrong, exit 2, no
    traceback, for --db, `push --to` and `config set team.db` (which checks what it can without connecting);
    nothing is created."""
    monkeypatch.chdir(isolated)
    url = url.replace("{port}", str(closed_port()))
    local = isolated / "a.db"
    assert run("--db", str(local), "add", "Ms. Rivera", "coaching", "45m").exit_code == 0
    before = files_under(isolated)
    uses = [("--db", url, "log"), ("--db", str(local), "push", "--to", url)]
    if "target_session_attrs" not in url:  # libpq checks that option's value only when it connects
        uses.append(("config", "set", "team.db", url))
    for args in uses:
        line = one_line(run(*args), 2)
        assert line.startswith("Error: invalid database URL postgresql://ana@"), line
        assert SECRET not in line and named in line, line
    assert files_under(isolated) == before


@given(st.text())
def test_display_url_never_fails(rest: str) -> None:
    """Whatever follows the scheme, display_url gives text (it names a URL in the very error about it)."""
    for scheme in ("postgresql", "mysql"):
        assert display_url(f"{scheme}://{rest}").startswith(f"{scheme}://")


@given(
    st.text(st.characters(blacklist_characters="@/?", blacklist_categories=("Cs",)), min_size=1),
    st.text(st.characters(blacklist_characters="@/?#", blacklist_categories=("Cs",))),
)
def test_display_url_leaves_the_password_out(password: str, tail: str) -> None:
    """However odd the password (':', '#', '[' …), display_url shows the user, host and database, not it."""
    url = f"postgresql://ana:\x00{password}@db.school.org:5432/coaching?x={tail}"
    shown = display_url(url)
    assert "\x00" not in shown
    assert shown == "postgresql://ana@db.school.org:5432/coaching"


def test_config_team_db_takes_every_postgres_spelling(ok: Run) -> None:
    """`config set team.db` accepts each PostgreSQL spelling and shows it without the password."""
    for scheme in POSTGRES_SPELLINGS:
        ok("config", "set", "team.db", f"{scheme}://kim:{SECRET}@db.district.org/coaching")
        shown = ok("config", "show").stdout
        assert "postgresql://kim@db.district.org/coaching" in shown and SECRET not in shown


@pytest.mark.parametrize("scheme", POSTGRES_SPELLINGS[1:])
def test_every_postgres_spelling_pushes_to_the_real_team_database(
    run: Run, ok: Run, team_database: TeamDatabase, isolated: Path, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    """A coach URL spelt postgresql+psycopg2://, +asyncpg:// … pushes to the real team database and reads it back."""
    monkeypatch.chdir(isolated)  # were it taken for a path, the file would land here
    coach = team_database.member("kim")
    spelt = f"{scheme}://{coach.split('://', 1)[1]}"
    ok("add", "Ms. Rivera", "coaching", "45m", "-n", "private")
    sent = ok("push", "--to", spelt).stdout
    assert sent.startswith("Sent 1 new entry, 0 changed, 0 deleted"), sent
    assert coach.split(":")[2].split("@")[0] not in sent  # the password
    assert "Ms. Rivera" in ok("--db", spelt, "log", "--all").stdout
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(1,)]
    assert not list(isolated.glob("postgres*"))
