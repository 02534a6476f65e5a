"""The timer (`start`, `stop`, `status`, `cancel`, and `undo` of them) through the real CLI.

The clock is moved between commands with COACHLOG_NOW; the zone is America/New_York,
where the clocks went back at 2026-11-01 02:00.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.domain.timeparse import elapsed_minutes, parse_instant
from coachlog.errors import UsageError
from helpers import Result, Run, table_dump

NEW_YORK = ZoneInfo("America/New_York")


def clock(monkeypatch: pytest.MonkeyPatch, local: str) -> None:
    """Set the clock to a New York wall time such as '2026-11-23 09:05' (or with seconds)."""
    instant = datetime.fromisoformat(local).replace(tzinfo=NEW_YORK)
    monkeypatch.setenv("COACHLOG_NOW", instant.isoformat())


def entries(ok: Run) -> list[dict]:
    """Every saved entry, from the JSON export."""
    return json.loads(ok("export", "--format", "json", "--all").stdout)


def timer_rows(db_path: Path) -> list[tuple]:
    """The timer table as plain sqlite3 sees it."""
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute("SELECT * FROM timer").fetchall()


def one_error(result: Result, code: int, *words: str) -> None:
    """The command failed with `code`, saying one line on stderr that holds every word, and printed nothing."""
    assert result.exit_code == code, result
    assert result.stdout == "", result
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# ---- the round trip -----------------------------------------------------------------------------


def test_start_status_stop_round_trip(ok: Run, run: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """start at 09:05, status at 09:47 says 42m, stop saves a 42-minute session and prints it like add."""
    clock(monkeypatch, "2026-11-23 09:05")
    started = ok("start", "Ms. Rivera", "coaching")
    assert started.stdout == "Started: Ms. Rivera, coaching, at 09:05 (`coachlog stop` saves it)\n"
    assert started.stderr == "new teacher 'Ms. Rivera' (added when the timer stops)\n"
    assert entries(ok) == []
    clock(monkeypatch, "2026-11-23 09:47")
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, since 09:05 (42m)\n"
    stopped = ok("stop")
    assert stopped.stdout.splitlines() == [
        "Logged #1  Mon 2026-11-23 09:05-09:47  Ms. Rivera  coaching  42m",
        "This week (from 2026-11-23): consulting 0m (0%) · collaborating 0m (0%) · coaching 42m (100%) · duties 0m",
    ]
    assert stopped.stderr == "new teacher 'Ms. Rivera'\n"
    [entry] = entries(ok)
    assert (entry["date"], entry["start"], entry["minutes"], entry["teachers"]) == (
        "2026-11-23",
        "2026-11-23 09:05",
        42,
        ["Ms. Rivera"],
    )
    assert timer_rows(db_path) == []
    result = run("status")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "No timer running.\n")


def test_everything_given_at_start_and_stop_reaches_the_session(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """--with, --activity, --note and --tag from start, and stop's note, tags, answer and story, are all saved."""
    clock(monkeypatch, "2026-11-23 10:00")
    ok(
        "start", "Mr. Okafor", "collab", "--with", "Dana Whitfield", "-a", "co-teach",
        "-n", "goal: wait time", "-t", "cycle-2", "--tag", "Grade 3",
    )  # fmt: skip
    clock(monkeypatch, "2026-11-23 10:50")
    assert ok("status").stdout == "Running: Mr. Okafor, Dana Whitfield, collaborating, co-teaching, since 10:00 (50m)\n"
    ok("stop", "-n", "she will try it Thursday", "-t", "follow-up", "--helpful", "the timer idea", "--shareable")
    [entry] = entries(ok)
    assert entry["teachers"] == ["Mr. Okafor", "Dana Whitfield"]
    assert (entry["stance"], entry["activity"], entry["minutes"]) == ("collaborating", "co-teaching", 50)
    assert entry["note"] == "goal: wait time\nshe will try it Thursday"
    assert entry["tags"] == ["cycle-2", "follow-up", "grade 3"]
    assert (entry["helpful"], entry["shareable"]) == ("the timer idea", True)


def test_stop_can_change_the_activity(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A planned observation that became a debrief: stop --activity replaces the activity given at start."""
    clock(monkeypatch, "2026-11-23 10:00")
    ok("start", "Ms. Rivera", "coaching", "-a", "observing")
    clock(monkeypatch, "2026-11-23 10:20")
    ok("stop", "-a", "debrief")
    assert entries(ok)[0]["activity"] == "debrief"


def test_a_known_teacher_typed_loosely_is_kept_by_their_name(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """`start rivera` means the known Ms. Rivera: no new-teacher note, and her name everywhere."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "mon 08:00")
    clock(monkeypatch, "2026-11-23 10:00")
    started = ok("start", "rivera", "coach")
    assert started.stderr == ""
    assert "Ms. Rivera, coaching" in started.stdout
    clock(monkeypatch, "2026-11-23 10:30")
    stopped = ok("stop")
    assert stopped.stderr == ""
    assert [e["teachers"] for e in entries(ok)] == [["Ms. Rivera"], ["Ms. Rivera"]]


def test_new_teacher_like_a_known_one_gets_a_hint_at_start(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A misspelt name is pointed out at start, while the coach can still cancel and start again."""
    ok("add", "Dana Whitfield", "coaching", "30", "--at", "mon 08:00")
    clock(monkeypatch, "2026-11-23 10:00")
    result = ok("start", "Dana Whitfeld", "coaching")
    assert (
        result.stderr == "new teacher 'Dana Whitfeld' (added when the timer stops) — did you mean 'Dana Whitfield'?\n"
    )


# ---- --at ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "since", "minutes"),
    [
        (["--at", "9:05"], "09:05", 55),
        (["--at", "-10m"], "09:50", 10),
        (["--at=-10m"], "09:50", 10),
        (["--at", "-1h30m"], "08:30", 90),
        (["--at", "25m ago"], "09:35", 25),
        (["--at", "yesterday 23:30"], "yesterday 23:30", 630),
    ],
)
def test_start_at_a_time_or_a_time_ago(
    ok: Run, monkeypatch: pytest.MonkeyPatch, at: list[str], since: str, minutes: int
) -> None:
    """--at takes a time today, a day and time, or a time ago (-10m is not taken for a negative number)."""
    clock(monkeypatch, "2026-11-23 10:00")
    ok("start", "Ms. Rivera", "coaching", *at)
    assert ok("status").stdout.startswith(f"Running: Ms. Rivera, coaching, since {since} (")
    ok("stop")
    assert entries(ok)[0]["minutes"] == minutes


def test_start_in_the_future_is_refused(run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """A start later than now is an error that says what now is and how to mean yesterday."""
    ok("log")  # creates the database
    before = table_dump(db_path)
    clock(monkeypatch, "2026-11-23 00:10")
    one_error(run("start", "Ms. Rivera", "coaching", "--at", "23:50"), 2, "'23:50'", "future", "yesterday 23:50")
    assert table_dump(db_path) == before


def test_start_more_than_twelve_hours_ago_is_refused(run: Run, ok: Run, db_path: Path) -> None:
    """A timer that would already be over 12 hours is refused at start, pointing to `add`."""
    ok("log")
    before = table_dump(db_path)
    one_error(run("start", "Ms. Rivera", "coaching", "--at", "-13h"), 2, "-13h", "coachlog add")
    assert table_dump(db_path) == before


def test_stop_at_an_end_time(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """stop --at 15:30 (or -5m) ends the session then, not now."""
    clock(monkeypatch, "2026-11-23 14:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 16:00")
    assert "14:00-15:30" in ok("stop", "--at", "15:30").stdout
    ok("start", "Ms. Rivera", "coaching", "--at", "-30m")
    assert "15:30-15:55" in ok("stop", "--at", "-5m").stdout
    assert [e["minutes"] for e in entries(ok)] == [90, 25]


def test_stop_before_the_start_names_both(run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """An end before the start is refused, naming both times; the timer keeps running."""
    clock(monkeypatch, "2026-11-23 14:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 14:30")
    before = table_dump(db_path)
    one_error(run("stop", "--at", "13:45"), 2, "13:45", "14:00", "before")
    assert table_dump(db_path) == before


# ---- real minutes -------------------------------------------------------------------------------


def test_timer_across_midnight_is_dated_by_its_start(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """A session from 23:40 to 00:25 is 45 minutes on the day it started."""
    clock(monkeypatch, "2026-11-22 23:40")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 00:25")
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, since yesterday 23:40 (45m)\n"
    assert "Sun 2026-11-22 23:40-00:25" in ok("stop").stdout
    [entry] = entries(ok)
    assert (entry["date"], entry["minutes"]) == ("2026-11-22", 45)


def test_timer_across_the_dst_change_counts_real_minutes(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """23:30 EDT to 03:00 EST is 4h30m of real time (the clocks went back an hour at 02:00), not 3h30m."""
    clock(monkeypatch, "2026-10-31 23:30")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-01 03:00")
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, since yesterday 23:30 (4h30m)\n"
    stopped = ok("stop")
    assert "Sat 2026-10-31 23:30-03:00" in stopped.stdout
    assert "4h30m is a long session" in stopped.stderr
    [entry] = entries(ok)
    assert (entry["date"], entry["minutes"]) == ("2026-10-31", 270)


def test_a_time_ago_across_the_dst_change_is_real_time(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 02:30 EST on the night the clocks went back, --at -2h is 01:30 EDT: two real hours, not three."""
    clock(monkeypatch, "2026-11-01 02:30")
    ok("start", "Ms. Rivera", "coaching", "--at", "-2h")
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, since 01:30 (2h)\n"
    ok("stop")
    assert entries(ok)[0]["minutes"] == 120


@pytest.mark.parametrize(
    ("stop_at", "minutes"),
    [("09:41:29", 41), ("09:41:30", 42), ("09:00:30", 1), ("09:00:59", 1), ("09:01:31", 2)],
)
def test_minutes_are_rounded_half_up(ok: Run, monkeypatch: pytest.MonkeyPatch, stop_at: str, minutes: int) -> None:
    """Seconds round to the nearest minute, half a minute up."""
    clock(monkeypatch, "2026-11-23 09:00:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, f"2026-11-23 {stop_at}")
    ok("stop")
    assert entries(ok)[0]["minutes"] == minutes


def test_under_a_minute_is_not_saved(run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """Stopping within half a minute saves nothing and suggests cancel; the timer keeps running."""
    clock(monkeypatch, "2026-11-23 09:00:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 09:00:29")
    before = table_dump(db_path)
    one_error(run("stop"), 2, "under a minute", "coachlog cancel")
    assert table_dump(db_path) == before
    ok("cancel")
    assert timer_rows(db_path) == [] and entries(ok) == []


# ---- one timer at a time ------------------------------------------------------------------------


def test_one_timer_at_a_time(run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """A second start names the running timer and changes nothing."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 09:47")
    before = table_dump(db_path)
    one_error(run("start", "Mr. Okafor", "consulting"), 1, "Ms. Rivera, coaching, since 09:05 (42m)", "--switch")
    assert table_dump(db_path) == before


def test_switch_saves_the_running_timer_and_starts_the_new_one(
    ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """--switch ends the running session where the new one starts, saves it, and one undo reverts both."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching", "-a", "debrief")
    clock(monkeypatch, "2026-11-23 09:50")
    before = table_dump(db_path)
    result = ok("start", "Mr. Okafor", "consulting", "--switch", "--at", "-5m")
    assert result.stdout.splitlines()[:2] == [
        "Logged #1  Mon 2026-11-23 09:05-09:45  Ms. Rivera  coaching  40m  debrief",
        "Started: Mr. Okafor, consulting, at 09:45 (`coachlog stop` saves it)",
    ]
    assert ok("status").stdout == "Running: Mr. Okafor, consulting, since 09:45 (5m)\n"
    assert [e["minutes"] for e in entries(ok)] == [40]
    undone = ok("undo").stdout
    assert undone.startswith("Undid the switch from the timer for Ms. Rivera, coaching, debrief, saved as #1,")
    after = table_dump(db_path)
    assert {k: v for k, v in after.items() if k != "undo_step"} == {k: v for k, v in before.items() if k != "undo_step"}
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, debrief, since 09:05 (45m)\n"


def test_switch_within_a_minute_discards_the_mistaken_timer(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started the wrong teacher by mistake: --switch straight away saves nothing for it."""
    clock(monkeypatch, "2026-11-23 09:05:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 09:05:20")
    result = ok("start", "Mr. Okafor", "coaching", "--switch")
    assert "ran under a minute: not saved" in result.stderr
    assert entries(ok) == []
    assert ok("status").stdout.startswith("Running: Mr. Okafor, coaching, since 09:05")


def test_switch_to_a_start_before_the_running_one_is_refused(
    run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """The new timer cannot start before the running one did: that would end it before it began."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 09:30")
    before = table_dump(db_path)
    one_error(run("start", "Mr. Okafor", "coaching", "--switch", "--at", "9:00"), 2, "09:00", "09:05")
    assert table_dump(db_path) == before


# ---- left running -------------------------------------------------------------------------------


def test_timer_left_running_is_refused_off_a_terminal(
    run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """Over 12 hours, stop without --at refuses in one line (exit 2) and changes nothing; --at saves it."""
    clock(monkeypatch, "2026-11-22 14:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 08:00")
    status = ok("status")
    assert status.stdout == "Running: Ms. Rivera, coaching, since yesterday 14:00 (18h)\n"
    assert "stop --at TIME" in status.stderr
    before = table_dump(db_path)
    one_error(run("stop"), 2, "18h", "coachlog stop --at TIME")
    one_error(run("stop", "--at", "06:00"), 2, "16h", "over 12h")  # still too long: refused too
    one_error(run("start", "Mr. Okafor", "coaching", "--switch"), 2, "18h", "coachlog stop --at TIME")
    assert table_dump(db_path) == before
    assert "Sun 2026-11-22 14:00-14:50" in ok("stop", "--at", "yesterday 14:50").stdout
    assert [e["minutes"] for e in entries(ok)] == [50]


def test_timer_left_running_asks_for_the_end_in_a_terminal(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a terminal, stop asks when the session ended (again after a bad answer) and saves that."""
    import pty

    clock(monkeypatch, "2026-11-22 14:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 08:00")
    controller, terminal = pty.openpty()
    try:
        os.write(controller, b"13:00\nyesterday 14:50\n")  # typed ahead: the terminal keeps it for stop to read
        done = subprocess.run(
            [sys.executable, "-m", "coachlog", "stop"],
            stdin=terminal,
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged #1  Sun 2026-11-22 14:00-14:50  Ms. Rivera  coaching  50m\n")
    assert "When did the session end?" in done.stderr
    assert "Error: end time '13:00' is in the future" in done.stderr
    assert [e["minutes"] for e in entries(ok)] == [50]


def test_left_running_in_a_terminal_an_empty_answer_keeps_it_running(
    ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """An empty answer saves nothing and leaves the timer as it was (exit 1)."""
    import pty

    clock(monkeypatch, "2026-11-22 14:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 08:00")
    before = table_dump(db_path)
    controller, terminal = pty.openpty()
    try:
        os.write(controller, b"\n")
        done = subprocess.run(
            [sys.executable, "-m", "coachlog", "stop"],
            stdin=terminal,
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr.endswith("Nothing saved; the timer is still running.\n")
    assert table_dump(db_path) == before


# ---- undo ---------------------------------------------------------------------------------------


def test_undo_of_stop_start_and_cancel(ok: Run, run: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """Undo of a stop deletes the session and restarts the timer; of a cancel brings it back; of a start removes it."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching", "-t", "cycle-2")
    running = timer_rows(db_path)
    clock(monkeypatch, "2026-11-23 09:47")
    ok("stop")
    assert ok("undo").stdout.splitlines()[0] == "Undid the stop of the timer for Ms. Rivera, coaching that saved #1."
    assert entries(ok) == [] and timer_rows(db_path) == running
    assert run("teacher", "list").stdout.count("Ms. Rivera") == 0  # created by the stop, gone with it
    assert ok("status").stdout == "Running: Ms. Rivera, coaching, since 09:05 (42m)\n"
    ok("cancel")
    assert timer_rows(db_path) == []
    assert ok("undo").stdout.splitlines()[0] == "Undid the cancel of the timer for Ms. Rivera, coaching."
    assert timer_rows(db_path) == running
    assert ok("undo").stdout.splitlines()[0] == "Undid the start of the timer for Ms. Rivera, coaching."
    assert timer_rows(db_path) == []
    assert run("status").exit_code == 1
    clock(monkeypatch, "2026-11-23 10:00")
    ok("start", "Ms. Rivera", "coaching")  # a timer can start again after all that
    clock(monkeypatch, "2026-11-23 10:30")
    assert "Ms. Rivera  coaching  30m" in ok("stop").stdout
    assert [e["id"] for e in entries(ok)] == [2]  # ids are never reused


def test_undo_of_an_add_leaves_the_running_timer_alone(ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    """Undo steps without a timer (add, edit...) never touch it: the timer keeps running."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching")
    running = timer_rows(db_path)
    ok("add", "Mr. Okafor", "consulting", "20", "--at", "08:00")
    assert ok("undo").stdout.splitlines()[0] == "Undid the add of session #1."
    assert timer_rows(db_path) == running


def test_an_undo_step_written_before_the_timer_still_undoes(ok: Run, db_path: Path) -> None:
    """A step stored without the "timer" key (as older versions wrote them) undoes as before."""
    ok("add", "Ms. Rivera", "coaching", "30")
    with closing(sqlite3.connect(db_path)) as connection, connection:
        [(before,)] = connection.execute("SELECT before FROM undo_step").fetchall()
        assert "timer" not in json.loads(before)
        connection.execute(
            "INSERT INTO timer (owner, start_utc, stance, teachers, tags, created_at) VALUES"
            " ((SELECT value FROM setting WHERE key = 'owner'), '2026-11-23 19:00:00', 'coaching',"
            " '[\"Mr. Okafor\"]', '[]', '2026-11-23 19:00:00')"
        )
    assert ok("undo").stdout.splitlines()[0] == "Undid the add of session #1."
    assert entries(ok) == []
    assert len(timer_rows(db_path)) == 1


# ---- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["start", "...", "coaching"], ["'...'"]),
        (["start", "Ms. Rivera", "evaluating"], ["'evaluating'", "consulting"]),
        (["start", "Ms. Rivera", "co"], ["ambiguous", "'co'"]),
        (["start", "Ms. Rivera", "coaching", "-w", "  "], ["invalid teacher name"]),
        (["start", "okafor", "coaching"], ["'Mr. Okafor' or 'Ms. Okafor'"]),
        (["start", "Ms. Rivera", "coaching", "-a", "lunch"], ["'lunch'"]),
        (["start", "Ms. Rivera", "coaching", "-t", ""], ["invalid tag"]),
        (["start", "Ms. Rivera", "coaching", "--at", "25:00"], ["'25:00'"]),
        (["start", "Ms. Rivera", "coaching", "--at", "soon"], ["'soon'", "-10m"]),
        (["start", "Ms. Rivera", "coaching", "--at", "yesterday"], ["'yesterday'", "time of day"]),
        (["start", "Ms. Rivera", "coaching", "--at", "-10x"], ["'-10x'"]),
        (["start", "Ms. Rivera", "coaching", "--at", "16:00"], ["future"]),
        (["start", "Ms. Rivera", "coaching", "--at", "2026-03-08 02:30"], ["does not exist"]),
        (["start", "Ms. Rivera", "coaching", "-10m"], ["'-10m'"]),
    ],
)
def test_bad_start_is_one_line_exit_2_and_changes_nothing(
    run: Run, ok: Run, db_path: Path, args: list[str], words: list[str]
) -> None:
    """A bad teacher, stance, activity, tag or --at: one line naming it, exit 2, the database as it was."""
    ok("add", "Mr. Okafor", "coaching", "30", "--at", "mon 08:00")
    ok("add", "Ms. Okafor", "coaching", "30", "--at", "mon 09:00")
    before = table_dump(db_path)
    one_error(run(*args), 2, *words)
    assert table_dump(db_path) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["stop", "--at", "later"], ["'later'"]),
        (["stop", "--at", "16:00"], ["future"]),
        (["stop", "--at", "11:00"], ["11:00", "12:00", "before"]),
        (["stop", "-a", "lunch"], ["'lunch'"]),
        (["stop", "-t", ""], ["invalid tag"]),
    ],
)
def test_bad_stop_is_one_line_exit_2_and_keeps_the_timer(
    run: Run, ok: Run, db_path: Path, args: list[str], words: list[str]
) -> None:
    """A bad --at (or activity, tag) on stop changes nothing: the timer keeps running."""
    ok("start", "Ms. Rivera", "coaching", "--at", "12:00")
    before = table_dump(db_path)
    one_error(run(*args), 2, *words)
    assert table_dump(db_path) == before


@pytest.mark.parametrize(("command", "words"), [("stop", "coachlog start"), ("cancel", "nothing to cancel")])
def test_stop_or_cancel_with_nothing_running(run: Run, ok: Run, db_path: Path, command: str, words: str) -> None:
    """With no timer, stop and cancel say so in one line and exit 1."""
    ok("add", "Ms. Rivera", "coaching", "30")
    before = table_dump(db_path)
    one_error(run(command), 1, "no timer is running", words)
    assert table_dump(db_path) == before


# ---- the timer lives in the database ------------------------------------------------------------


def test_the_timer_survives_the_process_that_started_it(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started in one process, seen by `python -m coachlog status` in another, and stopped in a third."""
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching", "-a", "debrief")
    clock(monkeypatch, "2026-11-23 09:47")
    done = subprocess.run(
        [sys.executable, "-m", "coachlog", "status"], capture_output=True, text=True, env=dict(os.environ), check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "Running: Ms. Rivera, coaching, debrief, since 09:05 (42m)\n",
        "",
    )
    assert ok("stop").stdout.startswith("Logged #1  Mon 2026-11-23 09:05-09:47  Ms. Rivera  coaching  42m  debrief")


def test_status_works_on_a_read_only_database(ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database we may not write still answers status (and refuses stop in one line)."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to drop the capability that lets root write anything")
    drop = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    folder = tmp_path / "readonly"
    folder.mkdir()
    database = folder / "coachlog.db"
    monkeypatch.setenv("COACHLOG_DB", str(database))
    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23 09:47")
    before = table_dump(database)
    database.chmod(0o400)
    folder.chmod(0o500)
    try:
        status = subprocess.run(
            [*drop, sys.executable, "-m", "coachlog", "status"], capture_output=True, text=True, env=dict(os.environ)
        )
        stop = subprocess.run(
            [*drop, sys.executable, "-m", "coachlog", "stop"], capture_output=True, text=True, env=dict(os.environ)
        )
    finally:
        folder.chmod(0o700)
        database.chmod(0o600)
    assert (status.returncode, status.stdout) == (0, "Running: Ms. Rivera, coaching, since 09:05 (42m)\n")
    assert stop.returncode == 1 and "read-only" in stop.stderr and stop.stderr.count("\n") == 1
    assert table_dump(database) == before


def test_a_timer_changed_by_another_process_meanwhile_is_not_saved(
    ok: Run, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    """The store saves, switches or cancels only the timer the command read: if another coachlog replaced it
    in between, the write is refused whole and the new timer is left as it is."""
    from coachlog.domain.values import Stance, Timer
    from coachlog.errors import CoachlogError
    from coachlog.services.session import Session as AppState
    from coachlog.services.timer import entry_of
    from coachlog.storage import open_store

    clock(monkeypatch, "2026-11-23 09:05")
    ok("start", "Ms. Rivera", "coaching")
    with open_store(db_path) as store:
        seen = store.timer.running()
        assert seen is not None
        clock(monkeypatch, "2026-11-23 09:30")
        ok("start", "Mr. Okafor", "consulting", "--switch")  # another terminal, meanwhile
        before = table_dump(db_path)
        now = datetime(2026, 11, 23, 14, 40, tzinfo=UTC)
        with pytest.raises(CoachlogError, match="the timer changed while this command ran"):
            store.timer.stop(seen, entry_of(AppState(), seen, 35), now)
        with pytest.raises(CoachlogError, match="the timer changed while this command ran"):
            store.timer.cancel(seen)
        with pytest.raises(CoachlogError, match="the timer changed while this command ran"):
            store.timer.start(Timer(start=now, stance=Stance.COACHING, teachers=("Dana Whitfield",)), now, running=seen)
        with pytest.raises(CoachlogError, match="the timer changed while this command ran"):
            store.timer.start(Timer(start=now, stance=Stance.COACHING, teachers=("Dana Whitfield",)), now)
    assert table_dump(db_path) == before


# ---- the arithmetic, as properties --------------------------------------------------------------

ZONES = st.sampled_from([ZoneInfo(z) for z in ("America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC")])
INSTANTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC))


@given(start=INSTANTS, micros=st.integers(0, 13 * 3600 * 10**6), zone_a=ZONES, zone_b=ZONES)
@example(start=datetime(2026, 11, 1, 3, 30, tzinfo=UTC), micros=270 * 60 * 10**6, zone_a=NEW_YORK, zone_b=NEW_YORK)
@example(start=datetime(2026, 1, 1, tzinfo=UTC), micros=29_999_999, zone_a=NEW_YORK, zone_b=NEW_YORK)
@example(start=datetime(2026, 1, 1, tzinfo=UTC), micros=30_000_000, zone_a=NEW_YORK, zone_b=NEW_YORK)
def test_elapsed_minutes_is_real_time_rounded_half_up(
    start: datetime, micros: int, zone_a: ZoneInfo, zone_b: ZoneInfo
) -> None:
    """Whole minutes of real time between the two ends, each taken to its nearest minute (half up) first,
    whatever zones (and DST changes) the ends are in; never more than a minute from the exact time."""
    end = start + timedelta(microseconds=micros)

    def minute_number(instant: datetime) -> int:  # minutes since the epoch, half up, in integers
        since = instant - datetime(1970, 1, 1, tzinfo=UTC)
        return (2 * (since // timedelta(microseconds=1)) + 60 * 10**6) // (120 * 10**6)

    got = elapsed_minutes(start.astimezone(zone_a), end.astimezone(zone_b))
    assert got == minute_number(end) - minute_number(start)
    assert abs(got * 60 * 10**6 - micros) <= 60 * 10**6


@given(start=INSTANTS, a=st.integers(0, 10**11), b=st.integers(0, 10**11), zone=ZONES)
def test_elapsed_minutes_never_decreases_as_the_end_moves_on(start: datetime, a: int, b: int, zone: ZoneInfo) -> None:
    """A later end never gives fewer minutes, and never more than a minute more per minute of time."""
    earlier, later = sorted((a, b))
    first = elapsed_minutes(start.astimezone(zone), (start + timedelta(microseconds=earlier)).astimezone(zone))
    second = elapsed_minutes(start.astimezone(zone), (start + timedelta(microseconds=later)).astimezone(zone))
    assert first <= second <= first + (later - earlier) // (60 * 10**6) + 1


@given(now=INSTANTS, minutes=st.integers(0, 24 * 60), zone=ZONES, form=st.sampled_from(["-{}m", "{} min ago", "-{}"]))
@example(now=datetime(2026, 11, 1, 7, 30, tzinfo=UTC), minutes=120, zone=NEW_YORK, form="-{}m")  # back across fall-back
@example(
    now=datetime(2026, 3, 8, 8, 0, tzinfo=UTC), minutes=90, zone=NEW_YORK, form="-{}m"
)  # back across spring-forward
def test_a_time_ago_counts_back_real_minutes(now: datetime, minutes: int, zone: ZoneInfo, form: str) -> None:
    """-10m is exactly ten minutes of real time before now, across any DST change."""
    local_now = now.astimezone(zone)
    got = parse_instant(form.format(minutes), local_now)
    assert got.astimezone(UTC) == now - timedelta(minutes=minutes)
    assert elapsed_minutes(got, local_now) == minutes


@given(text=st.text(max_size=30), now=INSTANTS, zone=ZONES)
def test_parse_instant_is_never_in_the_future(text: str, now: datetime, zone: ZoneInfo) -> None:
    """Any text gives an instant no later than now, or a UsageError: never another exception."""
    local_now = now.astimezone(zone)
    try:
        got = parse_instant(text, local_now)
    except UsageError as exc:
        assert "\n" not in str(exc) or "\n" in text
        return
    assert got <= local_now


def test_a_switch_at_a_clock_with_seconds_leaves_no_gap_and_no_overlap(
    ok: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sessions are stored to the minute: the one a switch ends and the one it starts meet on the same minute,
    and an end given with --at is the end saved (found by a review: 09:30:40 made them overlap)."""
    clock(monkeypatch, "2026-11-23T09:00:00")
    ok("start", "Ms. Rivera", "coaching")
    clock(monkeypatch, "2026-11-23T09:30:40")
    switched = ok("start", "Mr. Okafor", "collab", "--switch")
    assert "overlaps" not in switched.stderr
    clock(monkeypatch, "2026-11-23T10:00:00")
    ok("stop")
    clock(monkeypatch, "2026-11-23T10:05:37")
    ok("start", "Dana Lee", "consulting")
    clock(monkeypatch, "2026-11-23T16:00:00")
    ok("stop", "--at", "15:30")
    assert [(e["start"], e["end"], e["minutes"]) for e in entries(ok)] == [
        ("2026-11-23 09:00", "2026-11-23 09:31", 31),
        ("2026-11-23 09:31", "2026-11-23 10:00", 29),
        ("2026-11-23 10:06", "2026-11-23 15:30", 324),
    ]


def test_in_the_repeated_hour_a_start_is_the_most_recent_past_one(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 01:40 EST on 2026-11-01 (the second 01:xx), --at 1:35 is five minutes ago, not 1h05m; and at 01:20
    EST, --at 1:50 is the first 01:50 (EDT), half an hour ago, not 'in the future' (found by a review)."""
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-01T01:40:00-05:00")
    assert "(5m)" in ok("start", "Ms. Rivera", "coaching", "--at", "1:35").stdout + ok("status").stdout
    ok("cancel")
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-01T01:20:00-05:00")
    ok("start", "Ms. Rivera", "coaching", "--at", "1:50")
    assert "(30m)" in ok("status").stdout


def test_a_namesake_added_while_the_timer_runs_does_not_block_stop(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """'rivera' was new at start; Ms. and Mr. Rivera logged meanwhile would make it ambiguous, but the timer
    keeps the name it started with and stop saves it (found by a review: stop refused, only cancel was left)."""
    clock(monkeypatch, "2026-11-23T09:00:00")
    ok("start", "rivera", "coaching")
    ok("add", "Ms. Rivera", "consulting", "10", "--at", "2026-11-22 10:00")
    ok("add", "Mr. Rivera", "consulting", "10", "--at", "2026-11-22 11:00")
    clock(monkeypatch, "2026-11-23T09:40:00")
    ok("stop")
    assert entries(ok)[-1]["teachers"] == ["rivera"]


def test_a_teacher_renamed_or_merged_while_the_timer_runs_is_followed(ok: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """rename (and merge) update the running timer, so stop saves the session under the new name and
    creates nobody; undo of the rename puts the timer's name back too (found by a review)."""
    ok("add", "Ms. Rivera", "consulting", "10", "--at", "2026-11-20 10:00")
    ok("add", "Mr. Okafor", "consulting", "10", "--at", "2026-11-20 11:00")
    clock(monkeypatch, "2026-11-23T09:00:00")
    ok("start", "rivera", "coaching", "--with", "okafor")
    ok("teacher", "rename", "Ms. Rivera", "Ana Rivera")
    assert "Ana Rivera" in ok("status").stdout
    ok("undo")
    assert "Ms. Rivera" in ok("status").stdout
    ok("teacher", "rename", "Ms. Rivera", "Ana Rivera")
    ok("teacher", "merge", "Mr. Okafor", "Ana Rivera")
    clock(monkeypatch, "2026-11-23T09:40:00")
    result = ok("stop")
    assert "new teacher" not in result.stderr
    assert entries(ok)[-1]["teachers"] == ["Ana Rivera"]
    assert [line.split("  ")[0] for line in ok("teacher", "list").stdout.splitlines()] == ["Ana Rivera"]
