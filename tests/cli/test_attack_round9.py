"""Ninth attacker review (issue 15): a coach's summaries of an ended term, forwarded to a leader who keeps them and
combines their figures, before and after late changes, across settings and formats.

The promise (README, "What is protected"): no figure, in any output or in any pair (or set) of outputs, describes
fewer than privacy.min_group (5) teachers, except what the README lists as not protected. Each test is an attack
through the real CLI against a real SQLite file. Those that found a leak assert the promise and fail on main
(ccce572), each saying what it found and a suggested fix; those that held are kept so that they stay held.
"""

from __future__ import annotations

import json

from helpers import Run

TERMS = (("term", "add", "Summer", "2026-06-01", "2026-06-30"), ("term", "add", "Fall", "2026-09-01", "2026-11-20"))


def _cycles(ok: Run, prefix: str, focus: str, count: int, day: str, first: int = 0) -> None:
    """`count` one-teacher cycles of focus `focus` started on `day`, each teacher met once in Fall."""
    for i in range(first, first + count):
        ok("cycle", "start", f"{prefix}{i}", "--goal", "students talk more", "--focus", focus, "--at", day)
        ok("add", f"{prefix}{i}", "coaching", "30m", "--at", f"2026-09-15 {7 + i % 12:02d}:00")


def _cycle_figures(ok: Run, term: str = "Fall") -> dict:
    data = json.loads(ok("summary", "--term", term, "--format", "json").stdout)
    return {key: line["value"] for key, line in data["figures"]["cycles_and_reach"].items()}


def test_a_focus_area_beside_started_and_active_bounds_no_few_started_cycles(ok: Run) -> None:
    """Attack (leak): Q0-Q4 began questioning cycles in Summer (carried into Fall), Q5-Q7 questioning and F0-F6
    feedback cycles in Fall. Fall's summary shows "Cycles active: 15", "Cycles started: 10", "Cycles completed: 0"
    and "Focus areas: questioning (8), feedback (7)". Each count and difference the page checks (active less
    started: Q0-Q4, 5 teachers; active less the areas: none) passes, but a focus area beside the started and
    active counts bounds the area's cycles started in the term from below, as started + completed - active bounds
    those started and completed (which the page does check): questioning 8 + started 10 - active 15 = at least 3
    questioning cycles started in Fall, and they are Q5-Q7's, 3 teachers. Summer's summary ("questioning (5)",
    "Cycles completed: 0") beside Fall's ("questioning (8)", completed 0) pins it: Summer's 5 are all still active
    in Fall (none closed in Fall or the break before it), so exactly 3 questioning cycles began in Fall. Suggested
    fix (reports/cycle_reach.py _focus_line and its twin in team_functions.sql): for each area shown, its cycles
    started in the term (and those completed in it) must be of none or min_group teachers or more, as for the
    cycles both started and completed; else leave the area out (the rest check then runs again)."""
    for term in TERMS:
        ok(*term)
    _cycles(ok, "Q", "questioning", 5, "2026-06-10")
    for i in range(5):
        ok("add", f"Q{i}", "coaching", "30m", "--at", f"2026-06-15 {7 + i:02d}:00")
    _cycles(ok, "Q", "questioning", 3, "2026-09-10", first=5)
    _cycles(ok, "F", "feedback", 7, "2026-09-10")
    summer, fall = _cycle_figures(ok, "Summer"), _cycle_figures(ok)
    active, started, areas = fall["cycles_active"], fall["cycles_started"], fall["focus_areas"] or {}
    assert (summer["focus_areas"], summer["cycles_completed"], fall["cycles_completed"]) == ({"questioning": 5}, 0, 0)
    few_started = {"questioning": 3, "feedback": 7}  # teachers of each area's cycles started in Fall (the truth)
    for area, cycles in areas.items():
        if few_started[area] >= 5:
            continue
        assert not 0 < cycles - (summer["focus_areas"] or {}).get(area, 0) < 5, f"Summer and Fall {area}"
        if active is not None and started is not None:
            bound = cycles + started - active
            assert bound <= 0, f"{area} ({cycles}) + started {started} - active {active}: at least {bound} cycles"
