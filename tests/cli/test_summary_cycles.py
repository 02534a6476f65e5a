"""The summary's "Cycles and reach" section through the real CLI on SQLite, played as the leader who keeps every
summary and subtracts them (README, "What is protected"), and reach and the brief showing the caseload's cycles."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections import defaultdict
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from coachlog.domain.values import ROUND_TO
from coachlog.reports.rounding import round_minutes
from helpers import Run

TERM = ("term", "add", "Fall A", "2026-09-07", "2026-11-13")  # ended before the tests' clock (2026-11-23)
WEEKS = ("2026-09-14", "2026-09-21", "2026-10-05", "2026-10-19")  # Mondays


def section(ok: Run, *args: str) -> dict:
    """figures.cycles_and_reach of `summary --format json ARGS`, each figure's value, text and hidden."""
    return json.loads(ok("summary", "--format", "json", *args).stdout)["figures"]["cycles_and_reach"]


def offset(seed: str, day: str, stance: str, activity: str, in_cycle: bool) -> int:
    """The rule written in reports/rounding.py, worked out here on its own."""
    text = f"{seed}|{day}|{stance}|{activity}" + ("|cycle" if in_cycle else "")
    return int(hashlib.md5(text.encode()).hexdigest()[:8], 16) % ROUND_TO


def cycle_minutes(db: Path, start: str, end: str) -> tuple[int, int]:
    """Time in cycles and time with teachers of start..end, summed here from the database's rows: one unit per
    day, stance, activity and in a cycle or not, each rounded by its smallest uid."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT local_date, stance, COALESCE(activity, ''), minutes, uid, cycle_id IS NOT NULL FROM entry"
            " WHERE kind = 'session' AND local_date BETWEEN ? AND ?",
            (start, end),
        ).fetchall()
    units: dict[tuple[str, str, str, bool], list] = defaultdict(lambda: [0, []])
    for day, stance, activity, minutes, uid, in_cycle in rows:
        units[(day, stance, activity, bool(in_cycle))][0] += minutes
        units[(day, stance, activity, bool(in_cycle))][1].append(uid)
    in_cycles = total = 0
    for (day, stance, activity, in_cycle), (minutes, uids) in units.items():
        rounded = round_minutes(minutes, offset(min(uids), day, stance, activity, in_cycle), ROUND_TO)
        total += rounded
        in_cycles += rounded if in_cycle else 0
    return in_cycles, total


@pytest.fixture
def caseload(ok: Run) -> Run:
    """Nine teachers in cycles (T0-T8, one each; T0-T5 closed on 2026-10-30 with evidence: T0-T2 moved, T3-T5
    did not), four met outside cycles (U0-U3), three never met (X1-X3); min_group 3; a roster by department:
    Math T0-T4 and U0 (6), Art T5 and T6 (2), ELA T7, T8, U1-U3, X1-X3 (8)."""
    ok("config", "set", "privacy.min_group", "3")
    ok("config", "set", "target.cycles", "60")
    ok(*TERM)
    focus = ["questioning"] * 3 + ["small groups"] * 3 + ["routines"] * 3
    for i in range(9):
        ok("cycle", "start", f"T{i}", "--goal", "students talk more", "--focus", focus[i], "--at", "2026-09-08")
    for week in WEEKS:
        for i, name in enumerate([f"T{i}" for i in range(9)] + [f"U{i}" for i in range(4)]):
            activity = "debrief" if i % 2 else "planning"
            ok("add", name, "coaching", f"{25 + 5 * (i % 4)}m", "--at", f"{week} {7 + i:02d}:00", "-a", activity)
    for i in range(6):
        ok("cycle", "edit", str(i + 1), "--measure", "students answering", "--baseline", "10")
        ok("cycle", "edit", str(i + 1), "--result", "15" if i < 3 else "10")
        ok("cycle", "close", str(i + 1), "--at", f"2026-10-{23 + i % 3}")
    departments = {"Math": ["T0", "T1", "T2", "T3", "T4", "U0"], "Art": ["T5", "T6"]}
    departments["ELA"] = ["T7", "T8", "U1", "U2", "U3", "X1", "X2", "X3"]
    for department, names in departments.items():
        for name in names:
            ok("teacher", "add", name, "--department", department)
    return ok


def test_a_whole_ended_term_shows_every_cycle_figure(caseload: Run, db_path: Path) -> None:
    """Time in cycles is the rounded units' sum against the target; counts, median, focus areas and evidence
    show for a whole term that has ended, in every format alike."""
    figures = section(caseload, "--term", "Fall A")
    in_cycles, total = cycle_minutes(db_path, "2026-09-07", "2026-11-13")
    share = round(100 * in_cycles / total, 1)
    assert figures["time_in_cycles"]["value"] == {
        "minutes": in_cycles,
        "percent": share,
        "target": 60.0,
        "difference": round(share - 60, 1),
    }
    values = {key: line["value"] for key, line in figures.items() if line["hidden"] is None}
    assert (values["cycles_active"], values["cycles_started"], values["cycles_completed"]) == (9, 9, 6)
    assert values["median_length"] == 47  # 2026-09-08 to 10-23, 10-24, 10-25: 46, 47, 48 days
    assert values["focus_areas"] == {"questioning": 3, "routines": 3, "small groups": 3}
    assert values["student_evidence"] == {"moved": 3, "of": 6}
    for fmt in ("markdown", "html", "text"):
        page = caseload("summary", "--term", "Fall A", "--format", fmt).stdout
        assert "Cycles and reach" in page or "CYCLES AND REACH" in page, fmt
        for key in ("time_in_cycles", "cycles_completed", "median_length", "student_evidence"):
            assert figures[key]["text"] in page, (fmt, key)
    assert "(target 60%" in figures["time_in_cycles"]["text"]
    assert figures["student_evidence"]["text"].startswith("Student evidence: 3 of 6 completed cycles")


def test_counts_are_hidden_for_any_range_but_a_whole_ended_term(caseload: Run) -> None:
    """Two counts over ranges of the reader's choosing would subtract to one cycle: any other range hides them
    and says why; time in cycles still shows (rounded units)."""
    for args in (
        ("--from", "2026-09-07", "--to", "2026-11-06"),
        ("--month",),
        ("--all",),
        ("--from", "2026-09-08", "--to", "2026-11-13"),
    ):
        figures = section(caseload, *args)
        for key in ("cycles_active", "cycles_started", "cycles_completed", "median_length", "focus_areas"):
            assert figures[key]["hidden"] == "not a term" and figures[key]["value"] is None, (args, key)
        assert "reach_by_department" not in figures
        assert "whole term that has ended" in figures["counts_note"]["text"]


def test_small_groups_hide_counts_their_differences_and_evidence(caseload: Run) -> None:
    """With min_group 4: each focus area (3 teachers) and the 3 movers are too few; completed (6) is about 6
    teachers, but active less completed leaves the 3 still running, so it hides too, and its median with it."""
    caseload("config", "set", "privacy.min_group", "4")
    figures = section(caseload, "--term", "Fall A")
    assert figures["cycles_active"]["value"] == 9 and figures["cycles_started"]["value"] == 9
    assert figures["cycles_completed"]["hidden"] == "protects" and figures["cycles_completed"]["value"] is None
    assert figures["median_length"]["hidden"] == "protects"
    assert figures["focus_areas"]["hidden"] == "fewer"
    assert figures["student_evidence"]["hidden"] == "fewer"
    text = caseload("summary", "--term", "Fall A", "--format", "text").stdout
    assert "Cycles completed: hidden" in text and "Focus areas: not shown" in text


def test_all_moved_is_hidden_because_it_describes_each(caseload: Run) -> None:
    """ "3 of 3 moved" says of each teacher that they moved: the others must be min_group too."""
    for cycle in (4, 5, 6):
        caseload("cycle", "edit", str(cycle), "--result", "12")
    figures = section(caseload, "--term", "Fall A")
    assert figures["student_evidence"]["hidden"] == "fewer"


def test_department_rows_for_large_groups_only_and_the_rest_never_small(caseload: Run) -> None:
    """Art (2 staff) never shows; Math (6 of 6) would leave Art's 2 reached as the rest, so it goes too; ELA
    (5 of 8: 5 reached, 3 not) shows."""
    figures = section(caseload, "--term", "Fall A")
    assert figures["staff_reached"]["value"] == {"reached": 13, "staff": 16, "percent": 81.2}
    assert figures["reach_by_department"]["value"] == {"ELA": {"reached": 5, "staff": 8}}


def test_department_rows_at_a_lower_threshold(caseload: Run) -> None:
    """At min_group 4 (set before the term's counts were first shown, which fixes them), with a fourth Art
    teacher: ELA's 3 not reached are too few now; the rest is 7 and 4, and Math shows."""
    caseload("teacher", "add", "X4", "--department", "Art")
    caseload("config", "set", "privacy.min_group", "4")
    figures = section(caseload, "--term", "Fall A")
    assert figures["reach_by_department"]["value"] == {"Math": {"reached": 6, "staff": 6}}


def test_departments_left_out_are_judged_on_staff_reached_not_on_teachers_reached(caseload: Run) -> None:
    """Attack: three teachers met who are not on the roster (Y0-Y2) make teachers reached 16 while staff reached
    stays 13 of 16. Judged on teachers reached, the departments left out looked like 5 reached (16 - 11) and
    none unreached, so Math (6 of 6) and ELA (5 of 8) both showed, and staff reached less them gave Art's: 2 of
    2 reached. Judged on staff reached, the rest is Art's 2, too few: Math goes, ELA shows alone."""
    for i in range(3):
        caseload("add", f"Y{i}", "coaching", "30m", "--at", f"2026-09-15 {8 + i:02d}:00", "-a", "planning")
    figures = section(caseload, "--term", "Fall A")
    assert figures["staff_reached"]["value"] == {"reached": 13, "staff": 16, "percent": 81.2}
    assert figures["reach_by_department"]["value"] == {"ELA": {"reached": 5, "staff": 8}}


def test_time_in_cycles_hides_when_either_side_is_a_few_teachers(ok: Run) -> None:
    """Time in cycles describes the teachers met in cycles, and the time with teachers less it the others."""
    ok(*TERM)
    ok("cycle", "start", "T0", "--goal", "students talk more", "--at", "2026-09-08")
    for i in range(6):
        ok("add", f"U{i}", "coaching", "30m", "--at", f"2026-09-14 {8 + i}:00", "-a", "debrief")
    ok("add", "T0", "coaching", "30m", "--at", "2026-09-14 15:00", "-a", "debrief")
    assert section(ok, "--term", "Fall A")["time_in_cycles"]["hidden"] == "fewer"
    text = ok("summary", "--term", "Fall A", "--format", "text").stdout
    assert "Time in cycles: not shown (it would describe too few teachers)." in text


def test_time_in_cycles_that_could_solve_a_hidden_cell_is_hidden(ok: Run) -> None:
    """Every session in a cycle is a modelling session, and no modelling session is outside one: time in cycles
    would be the modelling time, one more equation beside the table's, so while the table hides a cell (one
    teacher's consulting) it hides too; debriefs in a cycle on a day with debriefs outside one lift that, once
    they are five teachers' (beside the debrief time, time in cycles bounds the debriefs in cycles above zero)."""
    ok(*TERM)
    for i in range(6):
        ok("cycle", "start", f"T{i}", "--goal", "students talk more", "--at", "2026-09-08")
        ok("add", f"T{i}", "coaching", "40m", "--at", f"2026-09-14 {7 + i:02d}:00", "-a", "modeling")
        ok("add", f"U{i}", "coaching", "40m", "--at", f"2026-09-15 {7 + i:02d}:00", "-a", "debrief")
    ok("add", "U0", "consulting", "40m", "--at", "2026-09-16 09:00", "-a", "debrief")
    assert section(ok, "--term", "Fall A")["time_in_cycles"]["hidden"] == "protects"
    assert "Time in cycles: hidden" in ok("summary", "--term", "Fall A", "--format", "text").stdout
    ok("add", "T0", "coaching", "40m", "--at", "2026-09-15 15:00", "-a", "debrief")
    # beside the debrief time, time in cycles now bounds the debriefs in a cycle above zero: T0's alone
    assert section(ok, "--term", "Fall A")["time_in_cycles"]["hidden"] == "fewer"
    for i in range(1, 5):
        ok("add", f"T{i}", "coaching", "40m", "--at", f"2026-09-15 {15 + i:02d}:00", "-a", "debrief")
    assert section(ok, "--term", "Fall A")["time_in_cycles"]["hidden"] is None  # five teachers' debriefs


def test_a_log_without_cycles_or_roster_reads_as_before(ok: Run) -> None:
    """No section in the page; the units, and so every figure, as before cycles (the key has no mark)."""
    for i in range(6):
        ok("add", f"U{i}", "coaching", "40m", "--at", f"2026-11-16 {8 + i}:00", "-a", "debrief")
    page = ok("summary", "--format", "markdown", "--all").stdout
    assert "Cycles and reach" not in page
    figures = section(ok, "--all")
    assert all(line["text"] is None and line["hidden"] is None for line in figures.values())


def single_cycle_unit(ok: Run, db: Path) -> tuple[int, int, str]:
    """A demo session in a cycle, alone in its unit and about fewer than 5 teachers, that rounds to 30 or more;
    its id, the farthest other length that rounds the same way, and its day."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            "SELECT e.id, e.local_date, e.stance, COALESCE(e.activity, ''), e.minutes, e.uid, e.cycle_id IS NOT NULL,"
            " (SELECT COUNT(*) FROM entry_teacher et WHERE et.entry_id = e.id) FROM entry e WHERE e.kind = 'session'"
        ).fetchall()
    units: dict[tuple, list] = defaultdict(list)
    for row in rows:
        units[(row[1], row[2], row[3], bool(row[6]))].append(row)
    for (day, stance, activity, in_cycle), members in sorted(units.items()):
        if not in_cycle or len(members) != 1 or members[0][7] >= 5:
            continue
        minutes, uid = members[0][4], members[0][5]
        shift = offset(uid, day, stance, activity, True)
        rounded = round_minutes(minutes, shift, ROUND_TO)
        same = [m for m in range(1, rounded + ROUND_TO) if round_minutes(m, shift, ROUND_TO) == rounded]
        twin = max(same, key=lambda m: abs(m - minutes))
        if rounded >= ROUND_TO and abs(twin - minutes) >= ROUND_TO // 2:
            return members[0][0], twin, day
    raise AssertionError("the demo has no single small session in a cycle")


def test_a_small_cycle_session_and_its_twin_give_the_same_summaries(ok: Run, db_path: Path, tmp_path: Path) -> None:
    """A copy of the demo where one session in a cycle, alone in its unit, is 15 to 29 minutes longer or shorter
    gives the same summaries, byte for byte, for every range and format: time in cycles cannot bound it."""
    ok("demo")
    ok("config", "set", "target.cycles", "60")
    entry, twin_minutes, day = single_cycle_unit(ok, db_path)
    twin = tmp_path / "twin.db"
    shutil.copy(db_path, twin)
    ok("--db", str(twin), "edit", str(entry), "--duration", f"{twin_minutes}m")
    ranges = [(), ("--all",), ("--last-week",), ("--month",), ("--from", day, "--to", day), ("--from", day)]
    ranges += [("--from", "2026-09-01", "--to", day), ("--from", "2026-10-01", "--to", "2026-11-30")]
    for args in ranges:
        for fmt in ("markdown", "json", "html", "text"):
            pages = [ok("--db", str(path), "summary", "--format", fmt, *args).stdout for path in (db_path, twin)]
            assert pages[0] == pages[1], (args, fmt, entry, twin_minutes)


def test_the_demo_term_shows_the_section_and_says_why_counts_are_hidden(ok: Run, db_path: Path) -> None:
    ok("demo")
    figures = section(ok)
    assert figures["time_in_cycles"]["hidden"] is None and figures["time_in_cycles"]["value"]["minutes"] > 0
    assert figures["cycles_active"]["hidden"] == "not a term"
    assert figures["staff_reached"]["hidden"] == "fewer"  # 31 of 34: the 3 staff not reached are a few
    text = ok("summary", "--format", "text").stdout
    assert "CYCLES AND REACH" in text and "Time in coaching cycles:" in text and "whole term that has ended" in text


def test_reach_and_the_brief_show_the_cycles(ok: Run) -> None:
    """Reach gains an "in cycle" column and the caseload's count; the brief the open cycle and its goal."""
    ok("teacher", "add", "Ms. Rivera", "--department", "Math")
    ok("teacher", "add", "Mr. Park", "--department", "Math")
    ok("cycle", "start", "rivera", "--goal", "students cite evidence", "--focus", "questioning", "--at", "2026-11-09")
    ok("add", "rivera", "coaching", "30m", "--at", "2026-11-10 09:00")
    table = ok("reach").stdout
    assert "in cycle" in table and "in an active coaching cycle: 1." in table
    data = json.loads(ok("reach", "--format", "json").stdout)
    assert data["in_cycles"] == 1
    assert {t["teacher"]: t["in_cycle"] for t in data["teachers"]} == {"Ms. Rivera": True, "Mr. Park": False}
    brief = ok("teacher", "show", "rivera").stdout
    assert "Cycle: #1 since 2026-11-09 (identify, week 3, focus questioning): students cite evidence" in brief
    assert "Cycle:" not in ok("teacher", "show", "park").stdout
    ok("cycle", "close", "1")
    assert "Cycle:" not in ok("teacher", "show", "rivera").stdout
    assert "in an active coaching cycle" not in ok("reach").stdout


def test_target_cycles_is_a_setting(ok: Run, run: Run) -> None:
    assert "target.cycles" in ok("config", "set", "--help").stdout
    assert "target.cycles = 60" in ok("config", "set", "target.cycles", "60").stdout
    bad = run("config", "set", "target.cycles", "lots")
    assert bad.exit_code == 2 and "lots" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_the_rounding_key_of_a_unit_in_a_cycle_adds_the_mark() -> None:
    """The rule reports/rounding.py writes down (and the team database's SQL twin follows)."""
    from coachlog.domain.values import SessionAtom
    from coachlog.reports.rounding import rounding_offset

    for seed in ("a", "0f3c", "uid-7"):
        plain = SessionAtom(date(2026, 11, 2), "coaching", "debrief", 45, 1, seed)
        cycle = SessionAtom(date(2026, 11, 2), "coaching", "debrief", 45, 1, seed, True)
        assert rounding_offset(plain, ROUND_TO) == offset(seed, "2026-11-02", "coaching", "debrief", False)
        assert rounding_offset(cycle, ROUND_TO) == offset(seed, "2026-11-02", "coaching", "debrief", True)
