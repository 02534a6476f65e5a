"""The "Cycles and reach" rules, played by an attacker over any set of cycles and departments: no count shown,
and no difference a reader can take between two shown in one summary, describes 1 to min_group - 1 teachers."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.cycles import Cycle
from coachlog.domain.periods import Period
from coachlog.reports.bounds import Page, Unit
from coachlog.reports.cycle_reach import CycleInputs, cycle_lines, reach_lines
from coachlog.reports.cycles import active, completed, started
from coachlog.reports.reach import GroupRow

TERM = Period(date(2026, 9, 7), date(2026, 11, 13), "Fall A")


@st.composite
def caseloads(draw: st.DrawFn) -> tuple[list[Cycle], dict[int, frozenset[int]], int]:
    """Cycles of 1 to 3 teachers out of 14, starting and closing around the term, with focus and evidence."""
    k = draw(st.integers(2, 5))
    cycles, teachers = [], {}
    for i in range(draw(st.integers(0, 14))):
        start = TERM.start + timedelta(days=draw(st.integers(-40, 70)))
        close = None if draw(st.booleans()) else start + timedelta(days=draw(st.integers(0, 60)))
        baseline = draw(st.none() | st.sampled_from([1.0, 2.0]))
        result = draw(st.none() | st.sampled_from([1.0, 2.0]))
        focus = draw(st.none() | st.sampled_from(["questioning", "routines", "small groups"]))
        cycles.append(
            Cycle((), "goal", "learn", start, focus, close, None, "m", baseline, result, id=i + 1, uid=f"u{i}")
        )
        teachers[i + 1] = frozenset(draw(st.sets(st.integers(0, 13), min_size=1, max_size=3)))
    return cycles, teachers, k


def described(cycles: list[Cycle], teachers: dict[int, frozenset[int]]) -> int:
    return len(frozenset().union(*(teachers[c.id] for c in cycles)))


def fine(cycles: list[Cycle], teachers: dict[int, frozenset[int]], k: int) -> bool:
    return not 0 < described(cycles, teachers) < k


@given(caseloads())
def test_no_shown_count_or_difference_describes_a_few_teachers(
    caseload: tuple[list[Cycle], dict[int, frozenset[int]], int],
) -> None:
    cycles, teachers, k = caseload
    inputs = CycleInputs((), frozenset(), frozenset(), None, None, False, cycles, teachers, None, True, k)
    lines = {line.key: line for line in cycle_lines(inputs, TERM)}
    running, begun, done = active(cycles, TERM), started(cycles, TERM), completed(cycles, TERM)
    shown = {key: line.value for key, line in lines.items() if line.text is not None}
    if "cycles_active" in shown:
        assert shown["cycles_active"] == len(running) and fine(running, teachers, k)
    for key, group in (("cycles_started", begun), ("cycles_completed", done)):
        if key in shown:
            assert fine(group, teachers, k)
            if "cycles_active" in shown:
                assert fine([c for c in running if c not in group], teachers, k)
    if "median_length" in shown:
        assert "cycles_completed" in shown
    if "focus_areas" in shown:
        areas = shown["focus_areas"]
        assert isinstance(areas, dict)
        for area in areas:
            assert described([c for c in running if c.focus == area], teachers) >= k
        if "cycles_active" in shown:
            assert fine([c for c in running if c.focus not in areas], teachers, k)
    if "student_evidence" in shown:
        evidence = [c for c in done if c.baseline is not None and c.result is not None]
        movers = [c for c in evidence if c.baseline != c.result]
        assert described(movers, teachers) >= k and described([c for c in evidence if c not in movers], teachers) >= k
        if "cycles_completed" in shown:
            assert fine([c for c in done if c not in evidence], teachers, k)


@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12)), max_size=6),
    st.integers(0, 8),
    st.integers(0, 8),
    st.integers(2, 5),
)
def test_department_rows_and_the_rest_never_describe_a_few(
    sizes: list[tuple[int, int]], rest_reached: int, rest_unreached: int, k: int
) -> None:
    """Shown departments have min_group staff, their reached and not reached are none or min_group, and so
    are the reached and the not reached of everyone left out (the key figure less the shown rows)."""
    groups = [GroupRow("department", f"D{i}", staff, min(reached, staff)) for i, (staff, reached) in enumerate(sizes)]
    teachers = sum(g.reached for g in groups) + rest_reached
    staff = sum(g.staff for g in groups) + rest_reached + rest_unreached
    lines = {line.key: line for line in reach_lines(teachers, staff, groups, True, k)}
    row = lines.get("reach_by_department")
    if row is None or row.text is None:
        return
    assert isinstance(row.value, dict)
    shown = [g for g in groups if g.name in row.value]
    for g in shown:
        assert g.staff >= k and not 0 < g.reached < k and not 0 < g.staff - g.reached < k
    reached = teachers - sum(g.reached for g in shown)
    unreached = staff - teachers - sum(g.staff - g.reached for g in shown)
    assert not 0 < reached < k and not 0 < unreached < k


def test_counts_hide_for_a_range_that_is_not_a_whole_ended_term() -> None:
    cycle = Cycle((), "goal", "learn", TERM.start, None, None, id=1, uid="u")
    teachers = {1: frozenset(range(9))}
    inputs = CycleInputs((), frozenset(), frozenset(), None, None, False, [cycle], teachers, None, False, 5)
    lines = cycle_lines(inputs, TERM)
    assert all(line.hidden == "not a term" for line in lines if line.key != "counts_note")


def one_breakdown(parts: list[tuple[int | None, frozenset[int], frozenset[int]]], total: int) -> Page:
    """One breakdown's figures (minutes or None where hidden; the teachers in cycles and outside) as a Page beside
    a breakdown that says nothing (one part, the whole time with teachers)."""
    shown: dict[Hashable, int] = {("f", i): m for i, (m, _, _) in enumerate(parts) if m is not None}
    units = [
        Unit(who, (("f", i), "whole"), side)
        for i, (_, inside, outside) in enumerate(parts)
        for who, side in ((inside, True), (outside, False))
        if who
    ]
    return Page(units, [{("f", i): "S" for i in range(len(parts))}, {"whole": "S"}], shown | {"S": total}, total)


def test_time_in_cycles_bounds_a_few_teachers_through_any_set_of_one_partition_s_figures() -> None:
    """Each figure's units carry the teachers of its sessions in and out of cycles; hidden figures count together
    as what the shown ones leave. A bound above zero on a part about a few teachers is found through one figure,
    through a few figures together, and through the hidden ones together."""
    from coachlog.domain.values import CycleGroup
    from coachlog.reports.bounds import summary_units
    from coachlog.reports.cycle_bounds import bounds_a_few

    monday = date(2026, 9, 14)
    groups = [
        CycleGroup(monday, "coaching", "debrief", True, frozenset({1, 2})),
        CycleGroup(monday + timedelta(days=1), "coaching", "debrief", True, frozenset({3})),
        CycleGroup(monday + timedelta(days=1), "consulting", "", False, frozenset({4})),
    ]
    cell = ("cell", monday, "coaching")
    assert summary_units(groups, 0) == [  # by week: the two days' coaching debriefs in cycles are one unit
        Unit(frozenset({1, 2, 3}), (cell, cell, ("activity", "debrief")), True),
        Unit(frozenset({4}), (("cell", monday, "consulting"),) * 2 + (("activity", ""),), False),
    ]
    many = frozenset(range(10, 20))

    def bounds(parts: list[tuple[int | None, frozenset[int], frozenset[int]]], c: int, s: int, k: int = 5) -> bool:
        return bounds_a_few(one_breakdown(parts, s), c, k)

    one = [(60, frozenset({1}), many), (60, frozenset(range(20, 30)), many)]
    assert bounds(one, c=60, s=120) is False  # 60 + 60 - 120 = 0
    assert bounds(one, c=90, s=120) is True  # 30 minutes of teacher 1
    # teacher 1's part with a part of no teacher in cycles: 30 + (60 + 30) - 120 = 0 alone, 30 with the empty one
    two = [(60, frozenset({1}), many), (30, frozenset(), many), (30, frozenset(range(20, 30)), many)]
    assert bounds(two, c=60, s=120) is True
    hidden = [(None, frozenset({1}), many), (None, frozenset(), many), (30, frozenset(range(20, 30)), many)]
    assert bounds(hidden, c=60, s=120) is True  # the hidden: 90 minutes
    outside = [(60, many, frozenset({1})), (60, many, frozenset(range(20, 30)))]
    assert bounds(outside, c=30, s=120) is True  # 60 - 30 outside
    assert bounds(outside, c=60, s=120) is False
    # two parts of the same one teacher: 40 + 40 + 40 - 90 = 30 together, neither alone (40 + 40 - 90 < 0)
    same = [(40, frozenset({1}), many), (40, frozenset({1}), many), (10, many, many)]
    assert bounds(same, c=40, s=90) is True
    # two parts about two teachers each, four in all at min_group 3: together they are not a few
    pairs = [(50, frozenset({1, 2}), many), (50, frozenset({3, 4}), many), (10, many, many)]
    assert bounds(pairs, c=60, s=110, k=3) is False  # each alone: 0
    assert bounds(pairs, c=60, s=110, k=5) is True  # four: a few at 5


def test_fixed_reach_by_department_shows_only_beside_a_staff_reached_shown() -> None:
    """A term's reach by department, fixed when it showed, stays hidden on a later summary whose staff reached is
    hidden (here two teachers met off the roster since): its departments, beside the teachers reached, would say
    what the hidden figure hides. Beside a staff reached shown, the departments left out are judged on it."""
    import json
    from datetime import date

    from coachlog.reports.leaders import FigureLine, FigureSection
    from coachlog.reports.term_counts import with_fixed_counts

    places = {"math": {"reached": 5, "staff": 5}, "art": {"reached": 5, "staff": 10}}
    fixed = json.dumps({"reach_by_department": {"text": "…", "value": places, "hidden": None, "quiet": False}})
    live = FigureLine("reach_by_department", None, {}, "fewer")

    def departments(staff_reached: FigureLine) -> FigureLine:
        section = FigureSection("cycles_and_reach", "Cycles and reach", (staff_reached, live))
        (out,) = with_fixed_counts((section,), fixed, date(2026, 11, 23), 12, 15, 5)
        return next(line for line in out.lines if line.key == "reach_by_department")

    assert departments(FigureLine("staff_reached", None, None, "fewer")).hidden == "fewer"
    shown = FigureLine("staff_reached", "Share of staff reached: 66.7% (10 of 15).", {"reached": 10, "staff": 15})
    assert departments(shown).value == places  # the rest: none reached, 5 not reached
