"""The "Cycles and reach" rules, played by an attacker over any set of cycles and departments: no count shown,
and no difference a reader can take between two shown in one summary, describes 1 to min_group - 1 teachers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.cycles import Cycle
from coachlog.domain.periods import Period
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
    inputs = CycleInputs((), frozenset(), frozenset(), (), None, False, cycles, teachers, None, True, k)
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
    inputs = CycleInputs((), frozenset(), frozenset(), (), None, False, [cycle], teachers, None, False, 5)
    lines = cycle_lines(inputs, TERM)
    assert all(line.hidden == "not a term" for line in lines if line.key != "counts_note")


def test_time_in_cycles_bounds_a_few_teachers_through_any_set_of_one_partition_s_figures() -> None:
    """Each figure goes to its partition with the teachers of its sessions in and out of cycles; hidden figures
    count together as what the shown ones leave. A bound above zero on a part about a few teachers is found
    through one figure, through a few figures together, and through the hidden ones together."""
    from coachlog.domain.values import CycleGroup
    from coachlog.reports.cycle_bounds import Part, bounds_a_few, partitions

    monday = date(2026, 9, 14)
    groups = [
        CycleGroup(monday, "coaching", "debrief", True, frozenset({1, 2})),
        CycleGroup(monday, "coaching", "debrief", False, frozenset({3})),
        CycleGroup(monday + timedelta(days=1), "consulting", "", False, frozenset({4})),
    ]
    shown = [(("cell", monday, "coaching"), 90), (("cell", monday, "consulting"), None), (("activity", ""), 30)]
    assert partitions(shown, groups, 0) == [
        [Part(90, frozenset({1, 2}), frozenset({3})), Part(None, frozenset(), frozenset({4}))],
        [Part(30, frozenset(), frozenset({4}))],
    ]
    many = frozenset(range(10, 20))
    one = [[Part(60, frozenset({1}), many), Part(60, frozenset(range(20, 30)), many)]]
    assert bounds_a_few(one, cycle_minutes=60, with_teachers=120, min_group=5) is False  # 60 + 60 - 120 = 0
    assert bounds_a_few(one, cycle_minutes=90, with_teachers=120, min_group=5) is True  # 30 minutes of teacher 1
    # teacher 1's part with a part of no teacher: 30 + (60 + 30) - 120 = 0 alone, 30 with the empty one
    two = [[Part(60, frozenset({1}), many), Part(30, frozenset(), many), Part(30, frozenset(range(20, 30)), many)]]
    assert bounds_a_few(two, cycle_minutes=60, with_teachers=120, min_group=5) is True
    hidden = [
        [Part(None, frozenset({1}), many), Part(None, frozenset(), many), Part(30, frozenset(range(20, 30)), many)]
    ]
    assert bounds_a_few(hidden, cycle_minutes=60, with_teachers=120, min_group=5) is True  # the hidden: 90 minutes
    outside = [[Part(60, many, frozenset({1})), Part(60, many, frozenset(range(20, 30)))]]
    assert bounds_a_few(outside, cycle_minutes=30, with_teachers=120, min_group=5) is True  # 60 - 30 outside
    assert bounds_a_few(outside, cycle_minutes=60, with_teachers=120, min_group=5) is False
    # two parts of the same one teacher: 40 + 40 + 40 - 90 = 30 together, neither alone (40 + 40 - 90 < 0)
    same = [[Part(40, frozenset({1}), many), Part(40, frozenset({1}), many), Part(10, many, many)]]
    assert bounds_a_few(same, cycle_minutes=40, with_teachers=90, min_group=5) is True
    # two parts about two teachers each, four in all at min_group 3: together they are not a few
    pairs = [[Part(50, frozenset({1, 2}), many), Part(50, frozenset({3, 4}), many), Part(10, many, many)]]
    assert bounds_a_few(pairs, cycle_minutes=60, with_teachers=110, min_group=3) is False  # each alone: 0
    assert bounds_a_few(pairs, cycle_minutes=60, with_teachers=110, min_group=5) is True  # four: a few at 5


@settings(max_examples=600)
@given(
    raw=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 8).map(lambda n: 30 * n)),
            st.frozensets(st.integers(1, 7), max_size=6),
            st.frozensets(st.integers(1, 7), max_size=6),
        ),
        min_size=1,
        max_size=6,
    ),
    cycle=st.integers(0, 16).map(lambda n: 30 * n),
    k=st.integers(2, 5),
)
def test_no_set_of_a_partition_s_figures_bounds_a_few_teachers_time_when_shown(
    raw: list[tuple[int | None, frozenset[int], frozenset[int]]], cycle: int, k: int
) -> None:
    """Against every subset of one partition's figures (hidden ones as one, what the shown leave): when time in
    cycles is not hidden by the bounds, no subset's part in cycles or outside, about 1 to k - 1 teachers, has a
    lower bound above zero. Written as brute force, independently of cycle_bounds' search."""
    from itertools import combinations

    from coachlog.reports.cycle_bounds import Part, bounds_a_few

    shown_total = sum(m for m, _, _ in raw if m is not None)
    hidden = [r for r in raw if r[0] is None]
    with_teachers = shown_total + (30 * len(hidden))  # each hidden figure 30 minutes: S is what the reader sees
    parts = [Part(m, i, o) for m, i, o in raw]
    if bounds_a_few([parts], cycle, with_teachers, k):
        return
    figures = [(m, i, o) for m, i, o in raw if m is not None]
    if hidden:
        figures.append(
            (
                with_teachers - shown_total,
                frozenset().union(*(i for _, i, _ in hidden)),
                frozenset().union(*(o for _, _, o in hidden)),
            )
        )
    for size in range(1, len(figures) + 1):
        for chosen in combinations(figures, size):
            total = sum(m for m, _, _ in chosen)
            inside = frozenset().union(*(i for _, i, _ in chosen))
            outside = frozenset().union(*(o for _, _, o in chosen))
            assert not (0 < len(inside) < k and cycle + total - with_teachers > 0), (chosen, cycle)
            assert not (0 < len(outside) < k and total - cycle > 0), (chosen, cycle)
