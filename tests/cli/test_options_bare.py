"""Bare `coachlog`: a short status (the running timer, this week's split), exit 0; `--help` keeps the full help
(issue 16). The clock is Monday 2026-11-23 15:00 in New York (see conftest.py)."""

from __future__ import annotations

from pathlib import Path

from helpers import Run


def test_bare_coachlog_on_a_new_machine_says_how_to_start(ok: Run, db_path: Path) -> None:
    result = ok()
    assert "coachlog add" in result.stdout and "coachlog --help" in result.stdout
    assert len(result.stdout.splitlines()) <= 5
    assert not db_path.exists()  # looking creates no database


def test_bare_coachlog_shows_the_timer_and_the_week(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    ok("duty", "cover", "30m", "--at", "10:00")
    lines = ok().stdout.splitlines()
    assert lines[0] == "No timer running."
    assert lines[1].startswith("This week (from 2026-11-23): ") and "coaching 45m (100%)" in lines[1]
    assert lines[1].endswith("duties 30m")
    ok("start", "Mr. Okafor", "consulting", "--at", "14:30")
    assert ok().stdout.startswith("Running: Mr. Okafor, consulting")


def test_help_is_still_the_full_help(ok: Run) -> None:
    text = ok("--help").stdout
    assert "Usage: coachlog" in text and "report" in text and "summary" in text and "export" in text
