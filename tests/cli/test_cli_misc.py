"""Help, version, config, demo, and damaged database files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from coachlog import __version__
from coachlog.cli.run import app
from helpers import Run, row_counts, table_dump

COMMANDS = [
    ["add"], ["duty"], ["start"], ["stop"], ["status"], ["cancel"],
    ["log"], ["edit"], ["delete"], ["undo"], ["report"], ["summary"], ["export"], ["import"], ["push"], ["demo"],
    ["backup"], ["restore"], ["reach"], ["due"], ["done"], ["check"], ["prep"],
    ["consent", "withdraw"], ["consent", "list"], ["consent", "where"],
    ["term", "add"], ["term", "list"], ["term", "remove"],
    ["teacher", "list"], ["teacher", "rename"], ["teacher", "merge"],
    ["cycle", "start"], ["cycle", "list"], ["cycle", "show"], ["cycle", "phase"], ["cycle", "close"], ["cycle", "edit"],
    ["cycle", "delete"],
    ["teacher", "import"], ["teacher", "add"], ["teacher", "leave"], ["teacher", "return"], ["teacher", "show"],
    ["config", "show"], ["config", "set"], ["config", "path"],
    ["team", "init"], ["team", "add-coach"], ["team", "add-coordinator"], ["team", "list"],
]  # fmt: skip


def test_every_command_is_covered_here() -> None:
    """The list above names every command the app has, so none goes without a help check."""
    import typer.main

    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        found += [[name, sub] for sub in subcommands] if subcommands else [[name]]
    assert sorted(found) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(ok: Run, command: list[str]) -> None:
    """`--help` works on every command and shows at least one example."""
    text = ok(*command, "--help").stdout
    assert "Example" in text
    assert "coachlog " + command[0] in text


def test_version(ok: Run) -> None:
    """--version prints the package version."""
    assert ok("--version").stdout.strip() == f"coachlog {__version__}"


def test_help_does_not_create_a_database(ok: Run, db_path: Path) -> None:
    """Asking for help touches no file."""
    ok("add", "--help")
    ok("--help")
    assert not db_path.exists()


def test_config_set_show_and_path(ok: Run, run: Run, isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings are validated, written owner-only, and shown back."""
    monkeypatch.delenv("COACHLOG_TIMEZONE")  # else `config show` names the zone in effect, from the environment
    assert ok("config", "path").stdout.strip() == str(isolated / "config.toml")
    ok("config", "set", "week_start", "sun")
    ok("config", "set", "coach", "Sam Lee")
    ok("config", "set", "timezone", "Europe/London")
    ok("config", "set", "activities", "walkthrough, Book Study")
    shown = ok("config", "show").stdout
    assert "week_start = sunday" in shown
    assert "coach = Sam Lee" in shown
    assert "timezone = Europe/London" in shown
    assert "walkthrough, book study" in shown
    assert stat.S_IMODE((isolated / "config.toml").stat().st_mode) == 0o600
    before = (isolated / "config.toml").read_bytes()
    for key, value in (("week_start", "tuesday"), ("timezone", "Mars/Olympus"), ("colour", "blue")):
        result = run("config", "set", key, value)
        assert result.exit_code == 2
        assert (value if key != "colour" else key) in result.stderr
        assert result.stderr.count("\n") == 1
    assert (isolated / "config.toml").read_bytes() == before


def test_configured_activity_is_accepted(ok: Run, run: Run) -> None:
    """An activity added in config can be logged; before that it is refused."""
    assert run("add", "Ms. Rivera", "coaching", "30", "-a", "walkthrough").exit_code == 2
    ok("config", "set", "activities", "walkthrough")
    ok("add", "Ms. Rivera", "coaching", "30", "-a", "walk")
    entries = json.loads(ok("log", "--format", "json").stdout)
    assert entries[0]["activity"] == "walkthrough"


def test_tz_is_honoured_when_no_zone_is_configured(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no timezone setting, TZ decides the local time a session is shown in."""
    monkeypatch.delenv("COACHLOG_TIMEZONE")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    entry = json.loads(ok("export", "--format", "json").stdout)[0]
    assert entry["start"] == "2026-11-20 09:00"
    assert "Asia/Tokyo" in ok("config", "show").stdout


def test_demo_fills_an_empty_database_once(ok: Run, run: Run, db_path: Path, tmp_path: Path) -> None:
    """demo adds a term of entries that report --term covers; a second demo is refused and changes nothing."""
    ok("demo")
    counts = row_counts(db_path)
    assert counts["entry"] > 100 and counts["term"] == 1
    data = json.loads(ok("report", "--term", "--format", "json").stdout)
    assert data["totals"]["sessions"] > 50 and data["totals"]["duty_minutes"] > 0
    before = table_dump(db_path)
    again = run("demo")
    assert again.exit_code == 1 and "already holds entries" in again.stderr
    assert table_dump(db_path) == before
    other = tmp_path / "other.db"
    ok("--db", str(other), "demo")
    assert ok("--db", str(other), "export").stdout == ok("export").stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty (0 bytes)"),
        (b"hello, I am a text file\n" * 10, "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
    ids=["empty", "text", "truncated"],
)
def test_damaged_database_gives_one_line_and_is_left_alone(
    run: Run, db_path: Path, content: bytes, message: str
) -> None:
    """A file that is not a usable coachlog database is named in one line, never altered."""
    db_path.write_bytes(content)
    for command in (["log"], ["add", "Ms. Rivera", "coaching", "30"]):
        result = run(*command)
        assert result.exit_code == 1
        assert message in result.stderr and str(db_path) in result.stderr
        assert result.stderr.count("\n") == 1
    assert db_path.read_bytes() == content


def test_sqlite_file_of_another_program_is_refused(run: Run, db_path: Path) -> None:
    """A SQLite database without coachlog's tables is refused and not modified."""
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    before = db_path.read_bytes()
    result = run("log")
    assert result.exit_code == 1 and "not coachlog's" in result.stderr
    assert db_path.read_bytes() == before


def test_directory_as_database_is_refused(run: Run, tmp_path: Path) -> None:
    """--db pointing at a folder is a clear error."""
    result = run("--db", str(tmp_path), "log")
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_system_zone_detection_never_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no TZ, no /etc/localtime link and a nameless zone from pendulum, the system zone is UTC."""
    import os as os_module

    import pendulum

    from coachlog import config

    monkeypatch.delenv("TZ", raising=False)

    def no_link(path: str) -> str:
        raise OSError("not a link")

    monkeypatch.setattr(os_module, "readlink", no_link)
    monkeypatch.setattr(pendulum, "local_timezone", lambda: object())
    assert config.system_timezone_name() == "UTC"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert config.system_timezone_name() == "Asia/Tokyo"


def test_dotted_settings_are_checked_saved_as_toml_tables_and_unset(ok: Run, run: Run, tmp_path: Path) -> None:
    """target.*, staff, privacy.min_group and calendar.* settings: validated, stored in tables, '' unsets."""
    ok("config", "set", "target.coaching", "40")
    ok("config", "set", "target.with_teachers", "72.5%")
    ok("config", "set", "staff", "48")
    ok("config", "set", "privacy.min_group", "6")
    ok("config", "set", "calendar.stances", "Debrief=coach, plan=collab")
    text = (tmp_path / "config.toml").read_text()
    assert "[target]\ncoaching = 40\nwith_teachers = 72.5\n" in text and "[privacy]\nmin_group = 6\n" in text
    shown = ok("config", "show").stdout
    assert "calendar.stances = debrief=coaching, plan=collaborating" in shown and "staff = 48" in shown
    for key, bad in (
        ("target.coaching", "140"),
        ("staff", "0"),
        ("privacy.min_group", "2.5"),
        ("calendar.stances", "x"),
    ):
        result = run("config", "set", key, bad)
        assert result.exit_code == 2 and f"'{bad}'" in result.stderr and result.stderr.count("\n") == 1
    assert (tmp_path / "config.toml").read_text() == text
    ok("config", "set", "target.coaching", "")
    ok("config", "set", "privacy.min_group", "")
    shown = ok("config", "show").stdout
    assert "target.coaching = \n" in shown and "privacy.min_group = 5" in shown


def test_config_show_names_the_zone_in_effect_and_where_it_comes_from(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review finding: `config show` said the system's zone while COACHLOG_TIMEZONE was in effect."""
    monkeypatch.setenv("COACHLOG_TIMEZONE", "Asia/Tokyo")
    ok("config", "set", "timezone", "Europe/Paris")
    assert "timezone = Asia/Tokyo (COACHLOG_TIMEZONE)" in ok("config", "show").stdout
    monkeypatch.delenv("COACHLOG_TIMEZONE")
    assert "timezone = Europe/Paris\n" in ok("config", "show").stdout
