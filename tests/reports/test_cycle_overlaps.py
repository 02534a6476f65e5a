"""Two ways the summary splits a term's active cycles, played by an attacker with every union of their parts: no
|U| + |V| - active above zero bounds the cycles of 1 to min_group - 1 teachers (reports/cycle_overlaps.py, the
ninth attacker review). The oracle lists every union of both families' parts, as the page shows them, by brute
force; the rule under test searches only the parts of a few teachers."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import chain, combinations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.cycles import Cycle
from coachlog.domain.periods import Period
from coachlog.reports.cycle_overlaps import overlap_bounds_a_few
from coachlog.reports.cycle_reach import CycleInputs, cycle_lines
from coachlog.reports.cycles import active, completed, started

TERM = Period(date(2026, 9, 7), date(2026, 11, 13), "Fall A")
Teachers = dict[int, frozenset[int]]


def _cycle(
    i: int, start: int, close: int | None, focus: str | None, baseline: float | None, result: float | None
) -> Cycle:
    begun = TERM.start + timedelta(days=start)
    closed = None if close is None else begun + timedelta(days=close)
    return Cycle((), "goal", "learn", begun, focus, closed, None, "m", baseline, result, id=i, uid=f"u{i}")


@st.composite
def caseloads(draw: st.DrawFn) -> tuple[list[Cycle], Teachers, int]:
    """Up to 20 cycles of 1 or 2 teachers out of 16, around the term, in three focus areas, with evidence."""
    k = draw(st.integers(2, 5))
    cycles, teachers = [], {}
    for i in range(1, draw(st.integers(0, 20)) + 1):
        close = draw(st.none() | st.integers(0, 60))
        values = st.none() | st.sampled_from([1.0, 2.0])
        focus = draw(st.none() | st.sampled_from(["questioning", "routines", "small groups"]))
        cycles.append(_cycle(i, draw(st.integers(-40, 70)), close, focus, draw(values), draw(values)))
        teachers[i] = frozenset(draw(st.sets(st.integers(0, 15), min_size=1, max_size=2)))
    return cycles, teachers, k


def _one_each(cycles: list[Cycle]) -> Teachers:
    return {c.id: frozenset({c.id}) for c in cycles}


# The first attack of the ninth review: Q0-Q4 carried in, Q5-Q7 and F0-F6 begun in the term (3 questioning begun).
BEGUN = [_cycle(i, -30, None, "questioning", None, None) for i in range(1, 6)] + [
    _cycle(i, 3, None, "questioning" if i < 9 else "feedback", None, None) for i in range(6, 16)
]
# Round9fix's variant: every cycle carried in and completed; questioning 8 + M 10 - active 15 = Q0-Q2's 3.
EVIDENCE = [
    _cycle(i, -30, 50, "questioning" if i < 9 else "feedback", *((1.0, 1.0) if i < 4 else (None, None)))
    for i in range(1, 16)
]
EVIDENCE[8:15] = [_cycle(i, -30, 50, "feedback", 1.0, 2.0 if i < 14 else 1.0) for i in range(9, 16)]


def _unions(family: list[list[Cycle]]) -> list[list[Cycle]]:
    return [
        [c for part in chosen for c in part]
        for chosen in chain.from_iterable(combinations(family, n) for n in range(len(family) + 1))
    ]


def _families(shown: dict[str, object], cycles: list[Cycle]) -> list[tuple[str, list[list[Cycle]]]]:
    """The ways the shown figures split the active cycles, as a reader knows them."""
    running, begun, done = active(cycles, TERM), started(cycles, TERM), completed(cycles, TERM)
    rest = lambda part: [c for c in running if c not in part]  # noqa: E731
    # Started and completed whatever shows: the term before's active less completed gives this one's started.
    found = [("started", [begun, rest(begun)]), ("completed", [done, rest(done)])]
    if "student_evidence" in shown:
        parts = [[c for c in done if c.baseline is not None and c.result is not None and (c.baseline != c.result) is m]
                 for m in (True, False)]  # fmt: skip
        without = [c for c in done if c.baseline is None or c.result is None]
        found.append(("evidence", [*parts, without, rest(done)]))
    if "focus_areas" in shown:
        areas = shown["focus_areas"]
        assert isinstance(areas, dict)
        parts = [[c for c in running if c.focus == area] for area in areas]
        found.append(("areas", [*parts, [c for c in running if c.focus not in areas]]))
    return found


@settings(max_examples=400)
@given(caseloads())
@example((BEGUN, _one_each(BEGUN), 5))
@example((EVIDENCE, _one_each(EVIDENCE), 5))
def test_no_two_shown_splits_bound_a_few_teachers_cycles(caseload: tuple[list[Cycle], Teachers, int]) -> None:
    cycles, teachers, k = caseload
    inputs = CycleInputs((), frozenset(), frozenset(), None, None, False, cycles, teachers, None, True, k)
    shown = {line.key: line.value for line in cycle_lines(inputs, TERM) if line.text is not None}
    if "cycles_active" not in shown:
        return
    total = len(active(cycles, TERM))
    families = _families(shown, cycles)
    for i, (name, first) in enumerate(families):
        for other, second in families[i + 1 :]:
            if {name, other} == {"completed", "evidence"}:  # one refines the other
                continue
            if {name, other} == {"started", "completed"} and not {"cycles_started", "cycles_completed"} <= set(shown):
                continue  # started + completed - active: checked only beside both (the count's own rule)
            for u in _unions(first):
                for v in _unions(second):
                    if len(u) + len(v) - total <= 0:
                        continue
                    both = [c for c in u if c in v]
                    described = len(frozenset().union(*(teachers[c.id] for c in both)))
                    assert not 0 < described < k, (name, len(u), other, len(v), total, described)
    areas = dict(families).get("areas", [])
    for part in areas:  # the term before's (or after's) areas, subtracted, bound those begun (completed) in it
        for group in (started(cycles, TERM), completed(cycles, TERM)):
            within = [c for c in part if c in group]
            assert not 0 < len(frozenset().union(*(teachers[c.id] for c in within))) < k


def test_a_part_of_a_few_teachers_bounds_only_beside_enough_cycles() -> None:
    """Questioning 8 (Q0-Q7) beside started 10 of 15 bounds Q5-Q7's 3; beside started 7 it bounds nothing; a
    bound above zero on min_group teachers' cycles is no leak."""
    q = [_cycle(i, -30, None, "questioning", None, None) for i in range(8)]
    f = [_cycle(i, -30, None, "feedback", None, None) for i in range(8, 15)]
    areas, one = [q, f], {i: frozenset({i}) for i in range(15)}
    assert overlap_bounds_a_few(areas, [q[5:] + f, q[:5]], 15, one, 5)  # 8 + 10 - 15 = 3: Q5-Q7
    assert not overlap_bounds_a_few(areas, [q[5:] + f[:4], q[:5] + f[4:]], 15, one, 5)  # 8 + 7 - 15 = 0
    split = [q[:5] + f[:5], q[5:] + f[5:]]  # 10 beside 8 bounds Q0-Q4's, and beside 7 F0-F4's: 5 teachers each
    assert not overlap_bounds_a_few(areas, split, 15, one, 5)
    assert overlap_bounds_a_few(areas, [q[:3] + f[:7], q[3:]], 15, one, 5)  # feedback 7 beside 10 is all F0-F6's,
    # but questioning 8 + 10 - 15 = 3 is Q0-Q2's
