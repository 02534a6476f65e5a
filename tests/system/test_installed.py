"""The installed `coachlog` command, run as a coach would run it, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers import coachlog_command


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("COACHLOG_")},
        "COACHLOG_CONFIG": str(tmp_path / "config.toml"),
        "COACHLOG_TIMEZONE": "America/New_York",
        "COACHLOG_NOW": "2026-11-23T15:00:00-05:00",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
    }


def coachlog(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*coachlog_command(), *args], capture_output=True, text=True, env=env, timeout=60)


def test_readme_first_command_works_end_to_end(env: dict[str, str], tmp_path: Path) -> None:
    """demo then report --term, as the README's first command does, with --db after the command name."""
    db = tmp_path / "demo.db"
    made = coachlog("demo", "--db", str(db), env=env)
    assert made.returncode == 0, made.stderr
    shown = coachlog("--db", str(db), "report", "--term", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "coaching" in shown.stdout and "Teachers reached" in shown.stdout
    assert "\x1b[" not in shown.stdout  # piped: no colour codes


def test_default_database_lives_in_the_data_directory(env: dict[str, str], tmp_path: Path) -> None:
    """Without --db or COACHLOG_DB the database is created owner-only in the user's data directory."""
    done = coachlog("add", "Ms. Rivera", "coaching", "30", env=env)
    assert done.returncode == 0, done.stderr
    database = tmp_path / "home" / "data" / "coachlog" / "coachlog.db"
    assert database.exists()
    assert database.stat().st_mode & 0o077 == 0


def test_errors_exit_two_without_traceback(env: dict[str, str], tmp_path: Path) -> None:
    """A bad stance exits 2 with one line on stderr in a real process, and nothing is written."""
    env = {**env, "COACHLOG_DB": str(tmp_path / "x.db")}
    assert coachlog("add", "Ms. Rivera", "coaching", "30", env=env).returncode == 0
    done = coachlog("add", "Ms. Rivera", "evaluating", "30", env=env)
    assert done.returncode == 2
    assert done.stderr.startswith("Error: unknown stance 'evaluating'") and done.stderr.count("\n") == 1
    listed = coachlog("export", "--format", "json", env=env)
    assert len(json.loads(listed.stdout)) == 1


def test_shell_completion_answers_without_opening_the_database(env: dict[str, str], tmp_path: Path) -> None:
    """Bash completion of `coachlog rep` offers report, and the keystroke opens no database."""
    db = tmp_path / "never.db"
    env = {**env, "COACHLOG_DB": str(db), "_COACHLOG_COMPLETE": "complete_bash", "COMP_WORDS": "coachlog rep"}
    done = subprocess.run(
        coachlog_command(), capture_output=True, text=True, env={**env, "COMP_CWORD": "1"}, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.split() == ["report"]
    assert not db.exists()


def test_delete_asks_in_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    """In a terminal, delete asks first: 'n' keeps the entry, 'y' deletes it."""
    import pty

    env = {**env, "COACHLOG_DB": str(tmp_path / "t.db")}
    assert coachlog("add", "Ms. Rivera", "coaching", "30", env=env).returncode == 0

    def answer(reply: bytes) -> tuple[int, str]:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [*coachlog_command(), "delete", "1"], stdin=follower, stdout=follower, stderr=follower, env=env
        )
        os.close(follower)
        seen = b""
        while b"[y/N]" not in seen:
            chunk = os.read(leader, 1024)
            assert chunk, seen
            seen += chunk
        os.write(leader, reply + b"\n")
        code = process.wait(timeout=60)
        try:
            while chunk := os.read(leader, 1024):
                seen += chunk
        except OSError:
            pass
        os.close(leader)
        return code, seen.decode()

    code, screen = answer(b"n")
    assert code == 1 and "Delete #1" in screen and "Nothing deleted" in screen
    assert len(json.loads(coachlog("export", "--format", "json", env=env).stdout)) == 1
    code, screen = answer(b"y")
    assert code == 0 and "Deleted #1" in screen
    assert json.loads(coachlog("export", "--format", "json", env=env).stdout) == []


def run_in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run coachlog with a pseudo-terminal as stdout, as when a coach types it; return code and screen."""
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([*coachlog_command(), *args], stdout=follower, stderr=follower, env=env)
    os.close(follower)
    screen = b""
    try:
        while chunk := os.read(leader, 4096):
            screen += chunk
    except OSError:  # the terminal closes when the process ends
        pass
    os.close(leader)
    return process.wait(timeout=60), screen.decode()


@pytest.mark.parametrize("no_color", [False, True])
def test_tables_in_a_terminal_are_drawn_by_rich(env: dict[str, str], tmp_path: Path, no_color: bool) -> None:
    """In a terminal, report and log are Rich tables; NO_COLOR leaves out every colour code."""
    env = {**env, "COACHLOG_DB": str(tmp_path / "t.db"), "COLUMNS": "150", "TERM": "xterm-256color"}
    if no_color:
        env["NO_COLOR"] = "1"
    assert coachlog("add", "Ms. Rivera", "coaching", "45", "--at", "2026-11-23 09:00", env=env).returncode == 0
    code, screen = run_in_terminal(["report"], env)
    assert code == 0
    assert "coaching" in screen and "█" in screen and "─" in screen, screen  # Rich's rule under the headings
    code, listing = run_in_terminal(["log"], env)
    assert code == 0 and "Ms. Rivera" in listing
    colours = [f"\x1b[{n}" for n in (*range(30, 38), *range(90, 98))]
    if no_color:
        assert not any(code in screen + listing for code in colours)


def test_big_export_shows_progress_in_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    """Exporting thousands of entries to a file shows a progress bar on a terminal, and writes them all."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from coachlog.domain.values import NewEntry, Stance
    from coachlog.storage import open_store

    database, target = tmp_path / "big.db", tmp_path / "all.csv"
    start = datetime(2024, 9, 2, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    entries = [
        NewEntry(
            kind="session",
            start=start + timedelta(hours=3 * n),
            minutes=30,
            local_date=(start + timedelta(hours=3 * n)).date(),
            time_known=True,
            teachers=(f"Teacher {n % 40}",),
            stance=Stance.COACHING,
        )
        for n in range(6000)
    ]
    with open_store(database) as store:
        store.imports.add_many(entries, start)
    code, screen = run_in_terminal(["export", "-o", str(target)], {**env, "COACHLOG_DB": str(database)})
    assert code == 0, screen
    assert "Exporting" in screen and "Wrote 6000 entries" in screen
    assert len(target.read_text().splitlines()) == 6001


def test_big_import_shows_progress_in_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    """Importing thousands of rows on a terminal shows a progress bar, and imports them all."""
    sheet = tmp_path / "big.csv"
    rows = [f"2025-{1 + n % 12:02}-{1 + n % 28:02},Teacher {n % 40},coaching,{5 + n % 60}" for n in range(6000)]
    sheet.write_text("date,teacher,stance,minutes\n" + "\n".join(rows) + "\n")
    database = tmp_path / "imported.db"
    code, screen = run_in_terminal(["import", str(sheet)], {**env, "COACHLOG_DB": str(database), "COLUMNS": "120"})
    assert code == 0, screen
    assert "Importing" in screen and "Imported 6000 entries" in screen, screen
    piped = coachlog("--db", str(tmp_path / "piped.db"), "import", str(sheet), env=env)
    assert piped.returncode == 0 and "Importing" not in piped.stderr + piped.stdout
