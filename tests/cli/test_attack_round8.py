"""The eighth attacker review's leaks (tests/storage/test_attack_team_round8.py) on the coach's own side: her summary
of an ended term, whose counts are fixed at its first showing, beside the figures it shows live after a late
change. Each asserts the promise (README, "What is protected") through the real CLI on SQLite and failed before the
fix (teamviews 466261b): a fixed count beside a live figure a few BELOW it was let through, as the checks tested
only a difference of 1..min_group-1 one way."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Run

TERM = ("term", "add", "Fall", "2026-09-01", "2026-11-20")  # ended before the tests' clock (2026-11-23)


def _five_of_ten(ok: Run, prefix: str) -> None:
    """prefix0-9 consulting twice in Fall's first half, then 0-4 coaching and 5-9 consulting twice each."""
    for i in range(10):
        for day in ("2026-09-14", "2026-09-21"):
            ok("add", f"{prefix}{i}", "consulting", "30m", "--at", f"{day} {7 + i:02d}:00")
        for day in ("2026-10-19", "2026-10-26"):
            ok("add", f"{prefix}{i}", "coaching" if i < 5 else "consulting", "30m", "--at", f"{day} {7 + i:02d}:00")


def _term(ok: Run, tmp_path: Path) -> None:
    """A roster (math A0-A14, art A15-A19); A0-A9 consulting twice in Fall's first half, then A0-A4 coaching and
    A5-A9 consulting twice each: "5 of 10 moved", 10 of 20 staff reached, art 0 of 5 and math 10 of 15."""
    roster = tmp_path / "roster.csv"
    rows = "".join(f"A{i},{'math' if i < 15 else 'art'}\n" for i in range(20))
    roster.write_text("name,department\n" + rows, encoding="utf-8")
    ok("teacher", "import", str(roster))
    ok(*TERM)
    _five_of_ten(ok, "A")


def _figures(ok: Run) -> dict:
    data = json.loads(ok("summary", "--term", "Fall", "--format", "json").stdout)
    return {
        "teachers": data["totals"]["teachers"],
        **data["figures"]["coaching_work"],
        **data["figures"]["cycles_and_reach"],
    }


def test_the_fixed_movement_hides_beside_teachers_reached_a_few_below_its_m(ok: Run, tmp_path: Path) -> None:
    """Fall's first summary fixes "5 of 10 moved" beside 10 teachers reached. The coach then merges A9 into A8 (a
    name typed two ways): the next summary showed "5 of 10" beside 9 teachers reached, M less them one teacher."""
    _term(ok, tmp_path)
    assert _figures(ok)["stance_movement"]["value"] == {"moved": 5, "of": 10}
    ok("teacher", "merge", "A9", "A8")
    after = _figures(ok)
    assert after["teachers"] == 9
    assert after["stance_movement"]["text"] is None and after["stance_movement"]["hidden"] == "fewer"


def test_fixed_departments_hide_where_they_sum_a_few_above_the_staff_reached(ok: Run, tmp_path: Path) -> None:
    """Fall's first summary fixes "art 0 of 5, math 10 of 15" beside 10 of 20 staff reached. The coach merges A9
    into A8 and records that A19 (art, never met) left before the term: the next summary showed the departments
    (10 reached, 20 staff) beside 9 of 18, one reached and one not reached teacher more than the staff."""
    _term(ok, tmp_path)
    first = _figures(ok)
    assert first["reach_by_department"]["value"] == {
        "art": {"reached": 0, "staff": 5},
        "math": {"reached": 10, "staff": 15},
    }
    ok("teacher", "merge", "A9", "A8")
    ok("teacher", "leave", "A19", "--at", "2026-08-01")
    after = _figures(ok)
    assert after["staff_reached"]["value"]["reached"] == 9 and after["staff_reached"]["value"]["staff"] == 18
    assert after["reach_by_department"]["text"] is None


def test_the_movements_m_beside_each_halfs_teachers_reached_gives_no_few(ok: Run) -> None:
    """D0-D9 met twice in each half of Fall (D0-D4 coaching in the second), D10 once in each half and D11-D14 once
    in the first: 15 teachers reached in the term, 15 in its first half, 11 in its second. M counted only teachers
    with two sessions in each half: "5 of 10 moved" beside 15 + 11 - 15 = 11 met in both halves gave D10, one
    teacher met in both halves but not twice in each. M is now the teachers met in both halves, whatever the
    counts of the term and its halves: here 11, with D11-D14 (4) met in one half only, so the movement hides."""
    ok(*TERM)
    _five_of_ten(ok, "D")
    for i in range(10, 15):
        ok("add", f"D{i}", "consulting", "30m", "--at", f"2026-09-28 {i - 3:02d}:00")
    ok("add", "D10", "coaching", "30m", "--at", "2026-11-02 10:00")
    movement = _figures(ok)["stance_movement"]["value"]

    def reached(start: str, end: str) -> int:
        data = json.loads(ok("summary", "--from", start, "--to", end, "--format", "json").stdout)
        return int(data["totals"]["teachers"])

    term, first, second = (
        reached("2026-09-01", "2026-11-20"),
        reached("2026-09-01", "2026-10-11"),
        reached("2026-10-12", "2026-11-20"),
    )
    assert (term, first, second) == (15, 15, 11)
    if movement["of"] is not None:
        met = {"first half": first, "second half": second, "both halves": first + second - term}
        few = {part: teachers for part, teachers in met.items() if 0 < teachers - movement["of"] < 5}
        assert not few, f"{movement} beside the teachers met in {few}"
