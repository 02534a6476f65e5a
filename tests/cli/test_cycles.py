"""Coaching cycles through the real CLI: start, list, show, phase, close, edit, the automatic link of
sessions (add and stop, --cycle, --no-cycle), undo of each change, and bad input refused with no write.

The clock is conftest's (Monday 2026-11-23, America/New_York).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from helpers import Run, table_dump


def cycle_ids(db_path: Path) -> dict[int, int | None]:
    """Each entry's cycle, by entry id."""
    with closing(sqlite3.connect(db_path)) as connection:
        return dict(connection.execute("SELECT id, cycle_id FROM entry ORDER BY id").fetchall())


@pytest.fixture
def started(ok: Run) -> Run:
    """Cycle #1 with Ms. Rivera from 2026-11-09, focus questioning."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-02 10:00")
    ok("cycle", "start", "rivera", "--goal", "students cite evidence", "--focus", "Questioning", "--at", "2026-11-09")
    return ok


def test_start_names_the_cycle_and_its_first_phase(ok: Run) -> None:
    """`cycle start` says what it started; a new teacher is noted as `add` notes one."""
    result = ok("cycle", "start", "Ms. Rivera", "--with", "Mr. Okafor", "--goal", "exit tickets", "--at", "2026-11-16")
    assert result.stdout == (
        "Started cycle #1 with Ms. Rivera, Mr. Okafor on 2026-11-16: exit tickets (phase identify)\n"
    )
    assert "new teacher 'Ms. Rivera'" in result.stderr


def test_sessions_in_an_active_cycle_are_linked_automatically(started: Run, db_path: Path) -> None:
    """A session with the cycle's teacher on or after its start joins it; before its start, or with
    --no-cycle, it does not; the session logged before the cycle stays unlinked."""
    linked = started("add", "rivera", "coach", "45", "--at", "2026-11-10 10:00")
    assert "  part of cycle #1\n" in linked.stdout
    before = started("add", "rivera", "coach", "45", "--at", "2026-11-08 10:00")
    assert "cycle" not in before.stdout
    started("add", "rivera", "coach", "20", "--at", "2026-11-12 10:00", "--no-cycle")
    started("add", "Mr. Okafor", "collab", "20", "--with", "Ms. Rivera", "--at", "2026-11-13 10:00")
    assert cycle_ids(db_path) == {1: None, 2: 1, 3: None, 4: None, 5: 1}


def test_stop_links_the_timer_session_and_takes_no_cycle(started: Run, db_path: Path) -> None:
    """`stop` links the timer's session as `add` does; `stop --no-cycle` does not."""
    started("start", "rivera", "coaching", "--at", "14:00")
    assert "part of cycle #1" in started("stop", "--at", "14:30").stdout
    started("start", "rivera", "coaching", "--at", "14:40")
    started("stop", "--at", "14:50", "--no-cycle")
    assert cycle_ids(db_path) == {1: None, 2: 1, 3: None}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--cycle", "9"), 1, "no cycle with id 9"),
        (("--cycle", "1", "--at", "2026-11-08 10:00"), 2, "it runs from 2026-11-09, not on 2026-11-08"),
        (("--cycle", "x1"), 2, "invalid --cycle 'x1'"),
        (("--cycle", "1", "--no-cycle"), 2, "contradict"),
    ],
)
def test_a_cycle_that_does_not_fit_is_refused_with_no_write(
    started: Run, run: Run, db_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    """--cycle naming no cycle, a day outside it, or given with --no-cycle: one line, its exit code, no write."""
    before = table_dump(db_path)
    result = run("add", "rivera", "coaching", "20", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert table_dump(db_path) == before


def test_cycle_of_other_teachers_is_refused(started: Run, run: Run, db_path: Path) -> None:
    before = table_dump(db_path)
    result = run("add", "Mr. Okafor", "collab", "20", "--cycle", "1")
    assert result.exit_code == 2
    assert "none of the session's teachers is in it" in result.stderr
    assert table_dump(db_path) == before


def test_a_teacher_is_in_one_open_cycle_at_a_time(started: Run, run: Run, db_path: Path) -> None:
    """A second start with the same teacher names the open cycle in one line; after its close, it may start."""
    before = table_dump(db_path)
    result = run("cycle", "start", "Mr. Okafor", "--with", "ms rivera", "--goal", "again")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'Ms. Rivera' is already in cycle #1 ('students cite evidence', since 2026-11-09):"
        " close it first with `coachlog cycle close 1`\n"
    )
    assert table_dump(db_path) == before  # Mr. Okafor was not created either
    started("cycle", "close", "1")
    assert "Started cycle #2" in started("cycle", "start", "rivera", "--goal", "again").stdout


def test_list_show_phase_edit_close_and_undo_of_each(started: Run, db_path: Path) -> None:
    """The life of a cycle, and undo reverting each step in turn."""
    ok = started
    ok("add", "rivera", "coach", "45", "--at", "2026-11-10 10:00")
    assert ok("cycle", "list").stdout.splitlines()[2].split() == (
        ["#1", "Ms.", "Rivera", "students", "cite", "evidence", "identify", "3", "1", "45m", "since", "2026-11-09"]
    )
    assert ok("cycle", "phase", "1", "lea").stdout == "Cycle #1: phase identify -> learn\n"
    ok("cycle", "edit", "1", "--measure", "students citing evidence (of 28)", "--baseline", "6", "--result", "19%")
    closed = ok("cycle", "close", "#1", "--outcome", "most cite unprompted", "--at", "2026-11-20")
    assert closed.stdout == "Closed cycle #1 with Ms. Rivera on 2026-11-20: 12 days, 1 session\n"
    assert "No cycles yet" in ok("cycle", "list").stderr
    assert ok("cycle", "show", "1").stdout == (
        "Cycle #1 with Ms. Rivera (closed on 2026-11-20)\n"
        "  goal:      students cite evidence\n"
        "  focus:     questioning\n"
        "  phase:     learn\n"
        "  ran:       2026-11-09 to 2026-11-20 (12 days)\n"
        "  sessions:  1 (45m)\n"
        "  evidence:  students citing evidence (of 28): baseline 6, result 19\n"
        "  outcome:   most cite unprompted\n"
    )
    assert ok("undo").stdout == "Undid the close of cycle #1.\n"
    assert "(active)" in ok("cycle", "show", "1").stdout
    assert ok("undo").stdout == "Undid the edit of cycle #1.\n"
    assert "evidence:" not in ok("cycle", "show", "1").stdout
    assert ok("undo").stdout == "Undid the phase change of cycle #1.\n"
    assert "phase:     identify" in ok("cycle", "show", "1").stdout
    ok("undo")  # the session
    assert ok("undo").stdout == "Undid the start of cycle #1.\n"
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM cycle").fetchone()[0] == 0
        assert connection.execute("SELECT COUNT(*) FROM cycle_teacher").fetchone()[0] == 0


def test_undo_of_a_start_removes_the_teachers_it_created(ok: Run, db_path: Path) -> None:
    ok("cycle", "start", "Ms. New", "--goal", "g")
    ok("undo")
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM teacher").fetchone()[0] == 0


def test_undo_keeps_the_link_of_sessions_when_a_cycle_change_is_undone(started: Run, db_path: Path) -> None:
    """Undoing a phase change puts the cycle's row back in place: its sessions stay linked."""
    started("add", "rivera", "coach", "45", "--at", "2026-11-10 10:00")
    started("cycle", "phase", "1", "learn")
    started("undo")
    assert cycle_ids(db_path) == {1: None, 2: 1}


def test_list_formats(started: Run) -> None:
    """CSV and JSON go straight to stdout with the same fields; Markdown is a table; --all adds closed cycles."""
    ok = started
    ok("cycle", "start", "Mr. Okafor", "--with", "Dana Lee", "--goal", "=exit tickets", "--at", "2026-11-16")
    ok("cycle", "close", "2", "--at", "2026-11-20")
    assert ok("cycle", "list", "--format", "csv").stdout == (
        "id,teachers,goal,focus,phase,started_on,closed_on,weeks,sessions,minutes\n"
        "1,Ms. Rivera,students cite evidence,questioning,identify,2026-11-09,,3,0,0\n"
    )
    every = ok("cycle", "list", "--all", "-f", "csv").stdout.splitlines()
    assert every[2] == "2,Mr. Okafor; Dana Lee,'=exit tickets,,identify,2026-11-16,2026-11-20,1,0,0"
    records = json.loads(ok("cycle", "list", "--all", "--format", "json").stdout)
    assert [r["id"] for r in records] == [1, 2]
    assert records[1]["teachers"] == ["Mr. Okafor", "Dana Lee"]
    assert records[1]["closed_on"] == "2026-11-20"
    markdown = ok("cycle", "list", "-f", "mark").stdout
    assert markdown.startswith("| id | teachers | goal | phase | weeks | sessions | time | status |\n|---|")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("cycle", "start", "rivera2"), 2, "missing --goal"),
        (("cycle", "start", "Mr. Okafor", "--goal", "  "), 2, "empty --goal"),
        (("cycle", "phase", "1", "improvment"), 2, "did you mean 'improve'?"),
        (("cycle", "phase", "1", "i"), 2, "ambiguous phase 'i'"),
        (("cycle", "phase", "7", "learn"), 1, "no cycle with id 7"),
        (("cycle", "show", "one"), 2, "invalid cycle id 'one'"),
        (("cycle", "edit", "1", "--baseline", "six"), 2, "invalid --baseline 'six'"),
        (("cycle", "edit", "1", "--result", "nan"), 2, "invalid --result 'nan'"),
        (("cycle", "edit", "1"), 2, "nothing to change"),
        (("cycle", "close", "1", "--at", "2026-11-01"), 1, "it cannot close on 2026-11-01"),
        (("cycle", "list", "--format", "xml"), 2, "unknown format 'xml'"),
    ],
)
def test_bad_input_gets_one_line_and_no_write(
    started: Run, run: Run, db_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = table_dump(db_path)
    result = run(*args)
    assert result.exit_code == code, result
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert table_dump(db_path) == before


def test_a_closed_cycle_is_not_closed_twice(started: Run, run: Run) -> None:
    started("cycle", "close", "1")
    result = run("cycle", "close", "1")
    assert result.exit_code == 2
    assert "closed on 2026-11-23 already" in result.stderr


def test_phases_come_from_the_config(started: Run, run: Run) -> None:
    """config cycle.phases replaces Knight's three; a new cycle starts in the first."""
    started("config", "set", "cycle.phases", "plan, act, reflect")
    assert started("cycle", "phase", "1", "ref").stdout == "Cycle #1: phase identify -> reflect\n"
    assert "phase plan" in started("cycle", "start", "Mr. Okafor", "--goal", "g").stdout
    assert "unknown phase 'learn'" in run("cycle", "phase", "1", "learn").stderr


def test_clearing_evidence_with_an_empty_value(started: Run) -> None:
    started("cycle", "edit", "1", "--measure", "m", "--baseline", "3", "--result", "4")
    started("cycle", "edit", "1", "--result", "")
    assert "baseline 3, result not yet" in started("cycle", "show", "1").stdout


def test_a_backdated_start_takes_in_the_sessions_already_logged(ok: Run, db_path: Path) -> None:
    """Sessions of its teachers since its start that are in no cycle join a new cycle; undo unlinks them."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-02 10:00")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-10 10:00")
    ok("add", "Mr. Okafor", "coaching", "30", "--at", "2026-11-11 10:00", "--with", "Ms. Rivera")
    result = ok("cycle", "start", "rivera", "--goal", "g", "--at", "2026-11-09")
    assert result.stdout.endswith("\n  2 sessions since 2026-11-09 joined it\n")
    assert cycle_ids(db_path) == {1: None, 2: 1, 3: 1}
    undone = ok("undo")
    assert undone.stdout == "Undid the start of cycle #1.\n"
    assert cycle_ids(db_path) == {1: None, 2: None, 3: None}


def test_a_merge_moves_the_cycle_to_the_teacher_kept_and_undo_moves_it_back(started: Run) -> None:
    """A teacher typed two ways, one of them in a cycle: `teacher merge` keeps the cycle (it was refused by the
    database's foreign key before), and its undo puts the first spelling back in it."""
    started("add", "Ms Rivera-Lopez", "coaching", "20", "--at", "2026-11-10 10:00")
    merged = started("teacher", "merge", "Ms. Rivera", "Ms Rivera-Lopez")
    assert merged.stdout.startswith("Merged 'Ms. Rivera' into 'Ms Rivera-Lopez'")
    assert started("cycle", "show", "1").stdout.startswith("Cycle #1 with Ms Rivera-Lopez (active)\n")
    started("undo")
    assert started("cycle", "show", "1").stdout.startswith("Cycle #1 with Ms. Rivera (active)\n")
