"""Ninth attacker review: the team views' cycle counts and focus areas, played as a coordinator who keeps every view
of every range (issue 15).

The promise: no figure, in any output or in any pair (or set) of outputs, describes fewer than min_group (5)
teachers. Each test is an attack through the real CLI against a real team database (PostgreSQL). Those that found
a leak assert the promise and fail on main (ccce572), each saying what it found and a suggested fix; those that
held are kept so that they stay held. The coach's own side: tests/cli/test_attack_round9.py.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import Run, TeamDatabase
from teamlog import ok_on as _ok

pytest.importorskip("psycopg")

SUMMER, FALL = ("--from", "2026-06-01", "--to", "2026-06-30"), ("--from", "2026-09-01", "--to", "2026-11-20")


def _cycles(run: Run, url: str, prefix: str, focus: str, numbers: range, day: str, met: str) -> None:
    """One-teacher cycles of `focus` started on `day`, each teacher met once at `met` (a day)."""
    for i in numbers:
        _ok(run, url, "cycle", "start", f"{prefix}{i}", "--goal", "wait time", "--focus", focus, "--at", day)
        _ok(run, url, "add", f"{prefix}{i}", "coaching", "30m", "--at", f"{met} {7 + i % 12:02d}:00")


def _counts(run: Run, cora: str, args: tuple[str, ...]) -> dict[str, Any]:
    """The one coach's row: each count's value (None where withheld), and the focus areas shown."""
    data = json.loads(_ok(run, cora, "report", "--team", *args, "--format", "json"))
    (row,) = data["coaches"]
    counts = row["cycle_counts"]
    values = {key: counts[key]["value"] for key in ("started", "active", "completed")}
    return {**values, "areas": counts["focus_areas"]["areas"] or {}}


def test_a_rows_focus_area_beside_its_started_and_active_counts_bounds_no_few_started_cycles(
    run: Run, team_database: TeamDatabase
) -> None:
    """Attack (leak): ana's Q0-Q4 began questioning cycles in Summer, carried into Fall; in Fall she began
    questioning cycles with Q5-Q7 and feedback cycles with F0-F6, and her summaries of both terms fixed their
    counts. The coordinator's row for Fall: started 10, active 15, completed 0, "questioning (8), feedback (7)";
    for Summer: "questioning (5)", completed 0. Questioning 8 + started 10 - active 15 = at least 3 questioning
    cycles begun in Fall, and Summer's 5, none completed, pin it to exactly 3: Q5-Q7, 3 teachers. Every check the
    row makes passes (active less started: 5 teachers; active less the areas shown: none). Suggested fix: the
    areas' check (team_functions.sql and reports/team_counts.py, from the coach's _focus_line, which fixes them):
    each area's cycles started in the term, and those completed in it, none or min_group teachers or more."""
    ana, cora = team_database.member("ana"), team_database.member("cora", "coordinator")
    _ok(run, ana, "term", "add", "summer", "2026-06-01", "2026-06-30")
    _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")
    _cycles(run, ana, "Q", "questioning", range(5), "2026-06-10", "2026-06-15")
    _cycles(run, ana, "Q", "questioning", range(5, 8), "2026-09-10", "2026-09-15")
    _cycles(run, ana, "F", "feedback", range(7), "2026-09-10", "2026-09-15")
    for term in ("summer", "fall"):
        _ok(run, ana, "summary", "--term", term, "--format", "json")
    summer, fall = _counts(run, cora, SUMMER), _counts(run, cora, FALL)
    summer_areas, fall_areas = summer["areas"], fall["areas"]
    assert (summer_areas, summer["completed"], fall["completed"]) == ({"questioning": 5}, 0, 0), (summer, fall)
    if "questioning" in fall_areas:  # Q5-Q7: the questioning cycles begun in Fall are 3 teachers'
        assert not 0 < fall_areas["questioning"] - summer_areas.get("questioning", 0) < 5, (summer, fall)
        if fall["started"] is not None and fall["active"] is not None:
            assert fall_areas["questioning"] + fall["started"] - fall["active"] <= 0, fall


def _five(prefix: str, first: int) -> list[str]:
    names = [f"{prefix}{i}" for i in range(first, first + 5)]
    return [names[0], *[arg for name in names[1:] for arg in ("--with", name)]]


def test_a_term_fixed_twice_differently_shows_the_coordinator_no_second_fixing(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """Attack (held): kim logs on her laptop (two cycles of five, K0-K9) and pushes; a summary she runs against the
    team database fixes the term there (2 active); ben, logging straight into it, has his own fixed (2 active).
    The coordinator looks: kim 2, ben 2, totals 4. kim then starts a late cycle of five (L0-L4) in the ended term,
    and her laptop's first summary fixes 3 active; she pushes. Could the coordinator tell which coach's figure was
    withheld and work out the laptop's second fixing, or a left-out part of the totals? kim's row now says "not
    fixed" for every count, and the totals, which show a count only when every shown coach's does, withhold theirs
    too (rather than showing ben's 2 alone): no view gives 3, or 1 (the late cycle), and ben's row is unchanged.
    What the coordinator learns is that kim's term was fixed twice, differently: a late change, of which nothing
    else (README: the two summaries already made still differ, which only a summary made in one database avoids)."""
    kim, ben = team_database.member("kim"), team_database.member("ben")
    cora = team_database.member("cora", "coordinator")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    _ok(run, ben, "term", "add", "fall", "2026-09-01", "2026-11-20")
    for first in (0, 5):
        ok("cycle", "start", *_five("K", first), "--goal", "talk", "--focus", "questioning", "--at", "2026-09-07")
        ok("add", *_five("K", first)[:1], "coaching", "60m", *_five("K", first)[1:], "--at", "2026-09-08 10:00")
        _ok(
            run,
            ben,
            "cycle",
            "start",
            *_five("B", first),
            "--goal",
            "talk",
            "--focus",
            "routines",
            "--at",
            "2026-09-07",
        )
        _ok(
            run,
            ben,
            "add",
            *_five("B", first)[:1],
            "coaching",
            "60m",
            *_five("B", first)[1:],
            "--at",
            "2026-09-08 10:00",
        )
    ok("push", "--to", kim)
    for url in (kim, ben):
        _ok(run, url, "summary", "--term", "fall", "--format", "json")

    def view() -> list[dict[str, Any]]:
        data = json.loads(_ok(run, cora, "report", "--team", *FALL, "--format", "json"))
        return [*sorted(data["coaches"], key=lambda row: row["coach"]), data["totals"]]

    before = view()
    assert [row["cycle_counts"]["active"]["value"] for row in before] == [2, 2, 4]
    ok("cycle", "start", *_five("L", 0), "--goal", "late", "--focus", "questioning", "--at", "2026-10-05")
    ok("add", *_five("L", 0)[:1], "coaching", "60m", *_five("L", 0)[1:], "--at", "2026-10-06 10:00")
    assert (
        json.loads(ok("summary", "--term", "fall", "--format", "json").stdout)["figures"]["cycles_and_reach"][
            "cycles_active"
        ]["value"]
        == 3
    )
    ok("push", "--to", kim)
    after = view()
    assert after[0]["cycle_counts"] == before[0]["cycle_counts"]  # ben
    for row in after[1:]:  # kim and the totals
        counts = row["cycle_counts"]
        assert [counts[key]["value"] for key in ("started", "active", "completed")] == [None, None, None], row
        assert counts["focus_areas"]["areas"] is None, row


def _twelve_carried_and_three_begun(run: Run, ana: str) -> None:
    """ana's terms; Q0-Q4 (questioning) and F0-F6 (feedback) begin cycles in Summer and are met there, Q5-Q7 begin
    questioning cycles in Fall and are met there."""
    _ok(run, ana, "term", "add", "summer", "2026-06-01", "2026-06-30")
    _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")
    _cycles(run, ana, "Q", "questioning", range(5), "2026-06-10", "2026-06-15")
    _cycles(run, ana, "F", "feedback", range(7), "2026-06-10", "2026-06-15")
    _cycles(run, ana, "Q", "questioning", range(5, 8), "2026-09-10", "2026-09-15")


def test_a_rows_focus_area_less_the_term_befores_bounds_no_few_started_cycles(
    run: Run, team_database: TeamDatabase
) -> None:
    """Attack (leak, round9fix's variant of the first): as there, but ana's F0-F6 began their feedback cycles in
    Summer too, so Fall's started (Q5-Q7, 3) is withheld and no area + started - active bound exists; the rows give
    Summer's "questioning (5), feedback (7)" and Fall's "questioning (8), feedback (7)", none completed: 8 - 5 = 3
    questioning cycles begun in Fall, Q5-Q7's. The row shows the areas as ana's summary fixed them, so the fix is
    that summary's (reports/cycle_reach.py): an area's cycles begun in the term none or min_group teachers."""
    ana, cora = team_database.member("ana"), team_database.member("cora", "coordinator")
    _twelve_carried_and_three_begun(run, ana)
    for i in range(7):
        _ok(run, ana, "add", f"F{i}", "coaching", "30m", "--at", f"2026-09-15 {7 + i:02d}:30")
    for i in range(5):
        _ok(run, ana, "add", f"Q{i}", "coaching", "30m", "--at", f"2026-09-16 {7 + i:02d}:30")
    for term in ("summer", "fall"):
        _ok(run, ana, "summary", "--term", term, "--format", "json")
    summer, fall = _counts(run, cora, SUMMER), _counts(run, cora, FALL)
    assert (summer["completed"], fall["completed"], fall["started"]) == (0, 0, None), (summer, fall)
    if "questioning" in fall["areas"] and "questioning" in summer["areas"]:  # Q5-Q7, 3 teachers
        assert not 0 < fall["areas"]["questioning"] - summer["areas"]["questioning"] < 5, (summer, fall)


@pytest.mark.parametrize("order", [("summer", "fall"), ("fall", "summer")])
def test_a_rows_hidden_started_count_is_not_the_active_less_the_term_befores_carried(
    run: Run, team_database: TeamDatabase, order: tuple[str, str]
) -> None:
    """Attack (the team side of tests/cli/test_attack_round9.py's carried cycles): ana's Q0-Q4 and F0-F6 began
    cycles in Summer, carried into Fall, and Q5-Q7 began theirs in Fall; her summaries against the team database
    fix both terms, in either order. The coordinator's rows must not show Fall's active beside Summer's active and
    completed while Fall's started (3) hides: 15 - (12 - 0) = 3, Q5-Q7's. The rows show the counts as fixed, and
    the term fixed second hides its own (reports/term_counts.py against_adjacent). Fails on 9e75f06."""
    ana, cora = team_database.member("ana"), team_database.member("cora", "coordinator")
    _twelve_carried_and_three_begun(run, ana)
    for i, teacher in enumerate([*(f"Q{i}" for i in range(5)), *(f"F{i}" for i in range(7))]):
        _ok(run, ana, "add", teacher, "coaching", "30m", "--at", f"2026-09-16 {7 + i:02d}:30")
    for term in order:
        _ok(run, ana, "summary", "--term", term, "--format", "json")
    summer, fall = _counts(run, cora, SUMMER), _counts(run, cora, FALL)
    assert fall["started"] is None, fall
    shown = (summer["active"], summer["completed"], fall["active"])
    assert None in shown, (summer, fall)
