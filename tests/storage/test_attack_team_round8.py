"""Eighth attacker review: the team views' stance movement, focus areas, reach by department and coaching lost
(branch teamviews, issue 15).

The promise: no figure, in any output or in any pair (or set) of outputs, describes fewer than min_group (5)
teachers. A coordinator (who may also receive a coach's own summary) combines team rows and totals, ranges,
views before and after a late change or push, and the coach's summary beside their row. Each test is an attack
through the real CLI against a real team database (PostgreSQL), as tests/storage/test_team_work.py builds one.
The attacks that held are kept so that they stay held; those that found a leak assert the promise and fail on
the code they were written against (teamviews 834cc0f), each saying what it found and a suggested fix.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coachlog.reports.privacy import FEWER
from helpers import Run, TeamDatabase
from teamlog import numbered as _names
from teamlog import ok_on as _ok

pytest.importorskip("psycopg")

TERM = ("--from", "2026-09-01", "--to", "2026-11-20")  # "fall", ended: its second half starts on 2026-10-12
RANGES = (TERM, ("--from", "2026-09-01", "--to", "2026-10-11"), ("--from", "2026-09-01", "--to", "2026-11-21"))
FIRST_HALF, SECOND_HALF = ("2026-09-14", "2026-09-21"), ("2026-10-19", "2026-10-26")
KEYS = ("stance_movement", "focus_areas", "reach_by_department")


def _sessions(run: Run, url: str, teachers: list[str], stance: str, days: tuple[str, ...], length: str) -> None:
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    for day in days:
        _ok(run, url, "add", first, stance, length, *more, "--at", f"{day} 10:00")


def _coach(run: Run, url: str, prefix: str, length: str = "60m") -> None:
    """A coach's fall term: cycles of P0-P4 (questioning) and P5-P9 (routines); P0-P9 met consulting twice in the
    first half; then P0-P4 coaching and P5-P9 consulting twice each: "5 of 10 teachers moved"; 2 hours of cover."""
    _ok(run, url, "term", "add", "fall", "2026-09-01", "2026-11-20")
    for first, focus in ((0, "questioning"), (5, "routines")):
        teachers = _names(prefix, range(first, first + 5))
        more = [arg for name in teachers[1:] for arg in ("--with", name)]
        _ok(run, url, "cycle", "start", teachers[0], *more, "--goal", "students talk more", "--focus", focus,
            "--at", "2026-09-07")  # fmt: skip
    _sessions(run, url, _names(prefix, range(10)), "consulting", FIRST_HALF, length)
    _sessions(run, url, _names(prefix, range(5)), "coaching", SECOND_HALF, length)
    _sessions(run, url, _names(prefix, range(5, 10)), "consulting", SECOND_HALF, length)
    _ok(run, url, "duty", "cover", "2h", "--at", "2026-10-20 13:00")


def _program(run: Run, team_database: TeamDatabase, tmp_path: Path) -> tuple[str, str]:
    """ana (a roster: math A0-A14, art A15-A19) and ben (no roster, 50-minute sessions), each as _coach, each
    having made their own summary of the term (which fixes what the team shows). Returns ana's URL and cora's."""
    ana, ben = (team_database.member(short) for short in ("ana", "ben"))
    roster = tmp_path / "roster.csv"
    rows = "".join(f"A{i},{'math' if i < 15 else 'art'}\n" for i in range(20))
    roster.write_text("name,department\n" + rows, encoding="utf-8")
    _ok(run, ana, "teacher", "import", str(roster))
    _coach(run, ana, "A")
    _coach(run, ben, "B", "50m")
    for url in (ana, ben):
        _ok(run, url, "summary", "--term", "fall", "--format", "json")
    return ana, team_database.member("cora", "coordinator")


def _report(run: Run, cora: str, *args: str) -> dict[str, Any]:
    return json.loads(_ok(run, cora, "report", "--team", *args, "--format", "json"))


def _row(data: dict[str, Any], team_database: TeamDatabase, short: str) -> dict[str, Any]:
    (row,) = [row for row in data["coaches"] if row["coach"] == team_database.prefix + short]
    return row


def _own(run: Run, url: str) -> dict[str, Any]:
    """The coach's own summary of the term: its stance movement, focus areas and reach by department (values)."""
    figures = json.loads(_ok(run, url, "summary", "--term", "fall", "--format", "json"))["figures"]
    lines = {**figures["coaching_work"], **figures["cycles_and_reach"]}
    return {key: lines[key]["value"] if lines.get(key, {}).get("text") else None for key in KEYS}


def _shown(counts: dict[str, Any]) -> dict[str, Any]:
    """A team row's stance movement, focus areas and reach by department as values (None where withheld)."""
    movement = counts["stance_movement"]
    return {
        "stance_movement": None if movement["moved"] is None else {"moved": movement["moved"], "of": movement["of"]},
        "focus_areas": counts["focus_areas"]["areas"],
        "reach_by_department": counts["reach_by_department"]["departments"],
    }


def test_coaching_lost_is_the_rows_own_shown_figures_over_each_other(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack (held): "duties ≈ N sessions of M min" beside the row's time with teachers, sessions and duties,
    for the term, its first half and a range one day longer, per coach and in the totals: could M (a mean
    session) or M × N pin a small group's time or one session's length beyond what the row shows? M is the row's
    shown time with teachers (sums of rounded units) over its shown sessions, to 5 minutes, and N the shown
    duties over M: both are functions of figures the row shows, so they add nothing (ben's 50-minute sessions,
    whose six rounded units give back 5 hours, show as 50 min; the totals' as (6h + 5h) / 12 sessions)."""
    _, cora = _program(run, team_database, tmp_path)
    for args in RANGES:
        data = _report(run, cora, *args)
        for row in [*data["coaches"], data["totals"]]:
            expected = None
            if row["duty_minutes"] and row["sessions"] >= 3:
                mean = 5 * round(row["minutes"] / row["sessions"] / 5)
                expected = {"sessions": round(row["duty_minutes"] / mean), "minutes": mean}
            assert row["coaching_lost"] == expected, (args, row)
        if args != TERM:  # the term's figures, term only: no second range to subtract them from
            for counts in [row["cycle_counts"] for row in data["coaches"]] + [data["totals"]["cycle_counts"]]:
                assert _shown(counts) == dict.fromkeys(KEYS), (args, counts)


def test_a_late_push_hides_the_movement_and_never_shows_a_second_figure(
    run: Run, ok: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack (held): kim logs on her laptop, makes her summary of the term (fixing "5 of 10") and pushes; the
    coordinator looks. kim then logs a session in the term with two teachers met only then, and the coordinator
    looks before and after her next push. Before: "5 of 10" beside 10 teachers (the laptop's change is not
    there); after: 12 teachers reached, and 12 less M is 2, so the movement hides ("fewer than 5"), as in her own
    summary: no view shows a figure of the two, only the count of teachers reached (exact, as documented)."""
    kim = team_database.member("kim")
    ok("config", "set", "coach", "kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    for day in FIRST_HALF:
        ok("add", "K0", "consulting", "60m", *[a for n in _names("K", range(1, 10)) for a in ("--with", n)],
           "--at", f"{day} 10:00")  # fmt: skip
    for day in SECOND_HALF:
        ok("add", "K0", "coaching", "60m", *[a for n in _names("K", range(1, 5)) for a in ("--with", n)],
           "--at", f"{day} 10:00")  # fmt: skip
        ok("add", "K5", "consulting", "60m", *[a for n in _names("K", range(6, 10)) for a in ("--with", n)],
           "--at", f"{day} 10:00")  # fmt: skip
    ok("summary", "--term", "fall", "--format", "json")
    ok("push", "--to", kim)
    cora = team_database.member("cora", "coordinator")
    first = _row(_report(run, cora, *TERM), team_database, "kim")
    assert (first["teachers"], _shown(first["cycle_counts"])["stance_movement"]) == (10, {"moved": 5, "of": 10})
    ok("add", "N0", "coaching", "30m", "--with", "N1", "--at", "2026-11-02 10:00")
    before = _row(_report(run, cora, *TERM), team_database, "kim")
    assert before["cycle_counts"]["stance_movement"] == first["cycle_counts"]["stance_movement"]
    ok("push", "--to", kim)
    after = _row(_report(run, cora, *TERM), team_database, "kim")
    assert after["teachers"] == 12
    assert after["cycle_counts"]["stance_movement"] == {"moved": None, "of": None, "hidden": FEWER}
    own = json.loads(ok("summary", "--term", "fall", "--format", "json").stdout)["figures"]["coaching_work"]
    assert own["stance_movement"]["text"] is None


def test_the_totals_are_the_rows_sums_of_each_new_figure(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Attack (held): the totals less the rows (movement, focus areas by name, departments by name, staff
    reached) would give a figure some row withholds, or one of a coach left out. Every total is the shown rows'
    sum, and a coach left out (lea: three teachers, her own term fixed) adds nothing to any of them."""
    _, cora = _program(run, team_database, tmp_path)
    lea = team_database.member("lea")
    _ok(run, lea, "term", "add", "fall", "2026-09-01", "2026-11-20")
    _sessions(run, lea, _names("L", range(3)), "coaching", FIRST_HALF + SECOND_HALF, "60m")
    _ok(run, lea, "summary", "--term", "fall", "--format", "json")
    data = _report(run, cora, *TERM)
    assert data["totals"]["coaches_left_out"] == 1
    rows = [_shown(row["cycle_counts"]) for row in data["coaches"]]
    totals = _shown(data["totals"]["cycle_counts"])
    moved = [row["stance_movement"] for row in rows]
    assert totals["stance_movement"] == {"moved": sum(m["moved"] for m in moved), "of": sum(m["of"] for m in moved)}
    areas: dict[str, int] = {}
    for row in rows:
        for name, cycles in (row["focus_areas"] or {}).items():
            areas[name] = areas.get(name, 0) + cycles
    assert totals["focus_areas"] == areas == {"questioning": 2, "routines": 2}
    assert totals["reach_by_department"] == rows[0]["reach_by_department"]  # ana's: ben has no roster
    assert data["totals"]["teachers"] == sum(row["teachers"] for row in data["coaches"]) == 20


def test_focus_areas_and_cycle_counts_stay_as_fixed_after_a_late_cycle(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack (held): after ana's summary fixed 2 active cycles, "questioning (1), routines (1)", she starts a
    cycle of two teachers met only then (A15, A16, questioning) inside the ended term. The coordinator's views
    before and after, and her own summary after, all say 2 and "questioning (1), routines (1)": the late cycle
    of two teachers shows in no difference (the one-database case of the laptop attack below)."""
    ana, cora = _program(run, team_database, tmp_path)

    def seen() -> tuple[Any, Any]:
        counts = _row(_report(run, cora, *TERM), team_database, "ana")["cycle_counts"]
        return counts["active"]["value"], counts["focus_areas"]["areas"]

    before = seen()
    _ok(run, ana, "cycle", "start", "A15", "--with", "A16", "--goal", "wait time", "--focus", "questioning",
        "--at", "2026-10-01")  # fmt: skip
    own = json.loads(_ok(run, ana, "summary", "--term", "fall", "--format", "json"))["figures"]["cycles_and_reach"]
    assert before == seen() == (own["cycles_active"]["value"], own["focus_areas"]["value"])
    assert before == (2, {"questioning": 1, "routines": 1})


def test_the_movement_never_shows_beside_teachers_reached_a_few_below_its_m(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack (a leak on teamviews 834cc0f): ana's summary fixed "5 of 10 teachers moved" (10 teachers reached).
    After the term she merges A9 into A8 (`teacher merge`, a name typed two ways). The coordinator's one view of
    the term now shows "5 of 10 teachers moved" beside 9 teachers reached, in her row and in the totals (10 of 20
    beside 19): M less the teachers reached is 1, a teacher counted in the fixed movement who is no longer among
    those reached, a figure about one teacher in one output (her own summary shows the same). The check "teachers
    reached less M none or min_group" tests only 1..min_group-1, so a late change that takes the teachers reached
    below M passes it.

    Suggested fix: hide the fixed movement when the difference is a few either way, |teachers - M| in
    1..min_group-1 (team_count_fixed_figures for `teachers` and `reached_all`, its twin fixed_figures, and
    reports/term_counts.py with_fixed_counts for the coach's own summary); then the totals hide it too."""
    ana, cora = _program(run, team_database, tmp_path)
    _ok(run, ana, "teacher", "merge", "A9", "A8")
    data = _report(run, cora, *TERM)
    for row in (_row(data, team_database, "ana"), data["totals"]):
        movement = _shown(row["cycle_counts"])["stance_movement"]
        if movement is not None:
            assert not 0 < movement["of"] - row["teachers"] < 5, f"{movement} beside {row['teachers']} teachers"


def test_reach_by_department_never_sums_a_few_above_the_staff_reached_beside_it(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack (a leak on teamviews 834cc0f): ana's summary fixed "art 0 of 5, math 10 of 15" beside 10 of 20 staff
    reached. After the term she merges A9 into A8 (both math, both reached) and records that A19 (art, not
    reached) left before the term (`teacher leave A19 --at 2026-08-01`). The coordinator's one view of the term
    shows, in her row and in the totals, "9 of 18" staff reached beside departments of 10 reached and 20 staff:
    the departments shown hold 1 reached teacher and 1 not reached more than the staff, figures about one teacher
    each (her own summary shows the same). The departments left out are judged as max(rest, 0), so a rest below
    zero (a late change to the roster or the teachers reached) passes as "none".

    Suggested fix: judge a rest below zero as few too (hide the fixed departments when the staff reached or not
    reached less the departments' is in -(min_group-1)..-1), in team_count_departments and its twin, and in
    reports/cycle_reach.py departments_shown for the coach's own summary; the totals then hide them too."""
    ana, cora = _program(run, team_database, tmp_path)
    _ok(run, ana, "teacher", "merge", "A9", "A8")
    _ok(run, ana, "teacher", "leave", "A19", "--at", "2026-08-01")
    data = _report(run, cora, *TERM)
    for row in (_row(data, team_database, "ana"), data["totals"]):
        counts = row["cycle_counts"]
        places, reach = _shown(counts)["reach_by_department"], counts["reach"]
        if places is None:
            continue
        reached = sum(place["reached"] for place in places.values())
        staff = sum(place["staff"] for place in places.values())
        extra = (reached - reach["reached"], (staff - reached) - (reach["staff"] - reach["reached"]))
        assert not any(0 < more < 5 for more in extra), f"{places} beside {reach['reached']} of {reach['staff']}"


def test_a_coachs_laptop_summary_and_her_team_row_show_one_fixing_of_the_term(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """Attack (a leak on teamviews 834cc0f, of a limit the README states only as "forward summaries from one
    database"): kim logs on her laptop and pushes; once, she runs her summary of the ended term against the team
    database (`--db`), which fixes its counts there: 2 cycles active, "questioning (1), routines (1)". Later she
    starts a cycle with K10 and K11 in the term on her laptop (questioning), and her laptop's first summary of the
    term fixes 3 active, "questioning (2), routines (1)" (7 and 5 teachers); she pushes, and the team database
    keeps its own. She forwards her laptop summary, as a coach does; the coordinator's team row says 2 and
    questioning (1): one cycle of two teachers, the figure fixing a term's counts exists to keep out of any pair
    of outputs.

    Suggested fix: one fixing per term: push sends the laptop's fixed counts and, where the team database
    fixed the term first, brings that fixing back into the laptop (or refuses the push and says so), so every
    later summary on either side shows the same; or the team row shows "not fixed" where the two differ."""
    kim = team_database.member("kim")
    ok("config", "set", "coach", "kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    for first, focus in ((0, "questioning"), (5, "routines")):
        teachers = _names("K", range(first, first + 5))
        more = [arg for name in teachers[1:] for arg in ("--with", name)]
        ok("cycle", "start", teachers[0], *more, "--goal", "talk", "--focus", focus, "--at", "2026-09-07")
        ok("add", teachers[0], "coaching", "60m", *more, "--at", "2026-09-21 10:00")
    ok("push", "--to", kim)
    _ok(run, kim, "summary", "--term", "fall", "--format", "json")  # fixes the term in the team database
    ok("cycle", "start", "K10", "--with", "K11", "--goal", "wait time", "--focus", "questioning", "--at", "2026-10-01")
    laptop = json.loads(ok("summary", "--term", "fall", "--format", "json").stdout)["figures"]["cycles_and_reach"]
    ok("push", "--to", kim)
    cora = team_database.member("cora", "coordinator")
    row = _row(_report(run, cora, *TERM), team_database, "kim")["cycle_counts"]
    pairs = {
        "active": (laptop["cycles_active"]["value"], row["active"]["value"]),
        "focus": (laptop["focus_areas"]["value"], row["focus_areas"]["areas"]),
    }
    shown = {key: pair for key, pair in pairs.items() if None not in pair}
    assert all(mine == theirs for mine, theirs in shown.values()), f"laptop vs team row: {shown}"


def test_the_movement_beside_each_halfs_teachers_reached_gives_no_few(run: Run, team_database: TeamDatabase) -> None:
    """Attack (a leak on teamviews 834cc0f): three team views, the term and each of its halves (the movement's own
    halves: 2026-09-01..10-11 and 10-12..11-20). dee met D0-D9 twice in each half ("5 of 10 moved", fixed by her
    summary), D10 once in each half and D11-D14 once in the first: 15 teachers reached in the term (15 less M is
    5: the movement shows), 15 in the first half, 11 in the second. Teachers met in both halves are 15 + 11 - 15
    = 11, and 11 less M is 1: one teacher met in both halves but not twice in each, a figure about one teacher
    from counts the README calls exact (teachers reached per range) and the movement's M, which the row checks
    only against the term's teachers reached. Two views suffice: every teacher of M was met in each half, so the
    second half's 11 less M is that same teacher.

    Suggested fix: show the movement only when the teachers met in each half, and in both, less M are none or
    min_group too (figures the database and the coach's summary can count), in
    team_count_fixed_figures, its twin, and the coach's summary (leaders.stance_movement, with_fixed_counts).
    That closes the halves; counts over parts of a half can still bound "met twice" (counts are exact), which
    the README should then say under "Not protected"."""
    dee = team_database.member("dee")
    _ok(run, dee, "term", "add", "fall", "2026-09-01", "2026-11-20")
    _sessions(run, dee, _names("D", range(10)), "consulting", FIRST_HALF, "60m")
    _sessions(run, dee, _names("D", range(5)), "coaching", SECOND_HALF, "60m")
    _sessions(run, dee, _names("D", range(5, 10)), "consulting", SECOND_HALF, "60m")
    _sessions(run, dee, _names("D", range(10, 15)), "consulting", ("2026-09-28",), "60m")
    _sessions(run, dee, ["D10"], "coaching", ("2026-11-02",), "60m")
    _ok(run, dee, "summary", "--term", "fall", "--format", "json")
    cora = team_database.member("cora", "coordinator")
    term = _row(_report(run, cora, *TERM), team_database, "dee")
    first, second = (
        _row(_report(run, cora, "--from", start, "--to", end), team_database, "dee")["teachers"]
        for start, end in (("2026-09-01", "2026-10-11"), ("2026-10-12", "2026-11-20"))
    )
    movement = _shown(term["cycle_counts"])["stance_movement"]
    assert (term["teachers"], first, second) == (15, 15, 11)
    if movement is not None:
        met = {"first half": first, "second half": second, "both halves": first + second - term["teachers"]}
        few = {part: teachers for part, teachers in met.items() if 0 < teachers - movement["of"] < 5}
        assert not few, f"{movement} beside the teachers met in {few}"
