"""A coach's own summary beside their team row of the same range (README, "Known limits of the team views"): every
stance cell and time in cycles the row shows (its rule: reports/beside.py, the twin of the database's team_hide and
team_why_cycles) is on the summary with the same minutes, so the pair tells nothing the summary alone does not; and
the summary alone still leaves no small figure solvable and no two breakdowns (or a box with time in cycles)
bounding a few teachers' time. Built as `coachlog summary` builds a page (services/reports.py), rounding included;
the row's figures are counted here from the entries.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import numpy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.cycles import Cycle
from coachlog.domain.frozen import replace
from coachlog.domain.periods import Period, week_start
from coachlog.domain.values import ROUND_TO, STANCES, CycleGroup, SessionAtom, TeacherGroup
from coachlog.reports import privacy
from coachlog.reports.beside import cycle_split, row_hidden, team_hide
from coachlog.reports.bounds import leak
from coachlog.reports.cycle_bounds import cycle_page
from coachlog.reports.cycle_reach import CycleInputs, time_in_cycles
from coachlog.reports.rounding import protect, shared_report
from coachlog.reports.summary import Summary, build_summary
from coachlog.reports.summary_page import ALL, PageFigures, page_figures
from coachlog.reports.team import CycleRow, cycle_hidden

K = 5
MONDAY = date(2026, 11, 2)
END = MONDAY + timedelta(days=13)
Session = tuple[int, str, str, frozenset[int], int, bool]  # day, stance, activity, teachers, minutes, in a cycle
CYCLE = Cycle((), "goal", "learn", MONDAY, id=1, uid="u")


def sessions() -> st.SearchStrategy[list[Session]]:
    """Two weeks of sessions with a few teachers each (so small figures and bounds are common), some in a cycle."""
    one = st.tuples(
        st.integers(0, 13),
        st.sampled_from(STANCES),
        st.sampled_from(["debrief", "observing", "planning"]),
        st.frozensets(st.integers(1, 14), min_size=1, max_size=6),
        st.integers(1, 6).map(lambda n: 30 * n),
        st.booleans(),
    )
    return st.lists(one, min_size=1, max_size=9)


def build(entries: list[Session]) -> tuple[Summary, Any, list[SessionAtom], list[CycleGroup], PageFigures]:
    """The summary of the two weeks, as services/reports.py builds it, its time in cycles' line, its rounded units,
    its groups split by cycle and its figures (every one, with its lines)."""
    minutes: dict[tuple[date, str, str, bool], list[int]] = defaultdict(lambda: [0, 0])
    who: dict[tuple[date, str, str, bool], set[int]] = defaultdict(set)
    for day, stance, activity, teachers, length, in_cycle in entries:
        key = (MONDAY + timedelta(days=day), stance, activity, in_cycle)
        minutes[key][0] += length
        minutes[key][1] += 1
        who[key] |= teachers
    atoms = [SessionAtom(d, s, a, m, n, f"uid {d} {s} {a}", c) for (d, s, a, c), (m, n) in sorted(minutes.items())]
    groups = [CycleGroup(d, s, a, c, frozenset(t)) for (d, s, a, c), t in sorted(who.items())]
    merged: dict[tuple[date, str, str], set[int]] = defaultdict(set)
    for group in groups:
        merged[(group.local_date, group.stance, group.activity)] |= set(group.teachers)
    cells = [TeacherGroup(d, s, a, frozenset(t)) for (d, s, a), t in merged.items()]
    everyone = len(set().union(*who.values()))
    period = Period(MONDAY, END, "two weeks")
    report, activities = shared_report(period, atoms, [], everyone, first_weekday=0, today=END, base=ROUND_TO)
    rounded = protect(atoms, ROUND_TO)
    split = cycle_split(groups, atoms, 0, ROUND_TO)
    summary = build_summary(
        report=report, cells=cells, activity_minutes=activities, voices=[], previous=None, coach=None, school=None,
        staff=None, targets={}, with_teachers_target=None, min_group=K, first_weekday=0, made=END, cycles=split,
    )  # fmt: skip
    assert summary.page is not None
    line = time_in_cycles(
        CycleInputs(
            units=rounded,
            in_cycles=frozenset().union(*(g.teachers for g in groups if g.in_cycle)),
            outside=frozenset().union(*(g.teachers for g in groups if not g.in_cycle)),
            page=cycle_page(summary.page, groups, 0, K),
            with_teachers=summary.with_teachers_minutes,
            table_hides=True,  # the strictest: only a pinned time in cycles shows beside a table that hides
            cycles=[CYCLE],
            cycle_teachers={},
            target=None,
            whole_term=False,
            min_group=K,
            pinned=summary.in_cycles_pinned,
        )
    )
    return summary, line, rounded, groups, page_figures(report, cells, activities, 0, cap=K)


def the_row(rounded: list[SessionAtom], groups: list[CycleGroup]) -> tuple[dict[str, int | None], int | None, int]:
    """The coach's team row as the database builds it, counted here: its stance cells (None: withheld), its time in
    cycles (None: withheld) and its time with teachers."""
    minutes = [sum(u.minutes for u in rounded if u.stance == s) for s in STANCES]
    sides: dict[bool, dict[str, set[int]]] = {True: defaultdict(set), False: defaultdict(set)}
    for group in groups:
        sides[group.in_cycle][group.stance] |= set(group.teachers)

    def unions(side: dict[str, set[int]]) -> tuple[int, ...]:
        return tuple(
            len(set().union(*(side[s] for i, s in enumerate(STANCES) if mask & (1 << i)))) for mask in range(1, 8)
        )

    both = {s: sides[True][s] | sides[False][s] for s in STANCES}
    hidden = row_hidden(minutes, unions(both), K)
    total = sum(u.minutes for u in rounded)
    stances = {s: None if hidden & (1 << i) else minutes[i] for i, s in enumerate(STANCES)}
    row = CycleRow(
        total,
        sum(u.minutes for u in rounded if u.in_cycle),
        len(set().union(*sides[True].values())),
        len(set().union(*sides[False].values())),
        hidden,
        True,
        tuple(minutes),
        unions(sides[True]),
        unions(sides[False]),
    )
    return stances, None if cycle_hidden(row, K) else row.cycle_minutes, total


@settings(max_examples=120, deadline=None)
@given(entries=sessions())
@example(  # on main the summary hid both stances (the equations around X's cells reached them) and showed debrief 90
    # and observing 30; with the row's consulting 60: consulting + debrief - S = 60 + 90 - 120 = 30, X's (teacher 1)
    entries=[
        (0, "consulting", "debrief", frozenset({1}), 30, False),
        (0, "consulting", "observing", frozenset(range(1, 6)), 30, False),
        (7, "collaborating", "debrief", frozenset(range(1, 6)), 30, False),
        (0, "collaborating", "debrief", frozenset({1}), 30, False),
    ]
)
@example(  # time in cycles an equation of whole units (no day, stance and activity in and out of cycles): beside
    # the weeks and stances, C = 30 gives week 1's collaborating, then week 2's: teacher 1's 30 minutes. Main hid C
    # here (the table hid its cells) but the row showed it; now the page shows only what the row shows
    entries=[
        (0, "consulting", "debrief", frozenset(range(1, 6)), 30, True),
        (0, "collaborating", "debrief", frozenset({1}), 30, False),
        (0, "collaborating", "debrief", frozenset({1}), 30, False),
        (0, "collaborating", "debrief", frozenset(range(1, 6)), 30, False),
        (7, "consulting", "debrief", frozenset(range(1, 6)), 30, False),
        (7, "collaborating", "debrief", frozenset({1}), 30, False),
    ]
)
@example(  # finding 4 of tests/storage/test_attack_team_round5.py: coaching + debrief - S is X's hour
    entries=[
        (0, "coaching", "debrief", frozenset({1}), 60, False),
        (0, "coaching", "observing", frozenset(range(2, 7)), 180, False),
        (0, "consulting", "debrief", frozenset(range(7, 12)), 60, False),
        (0, "collaborating", "debrief", frozenset(range(12, 17)), 60, False),
    ]
)
@example(  # finding 6: C + coaching + debrief - 2S is X's hour in the cycle
    entries=[
        (0, "coaching", "debrief", frozenset({1}), 60, True),
        (0, "coaching", "observing", frozenset(range(2, 7)), 60, True),
        (0, "consulting", "debrief", frozenset(range(7, 12)), 60, True),
        (0, "coaching", "debrief", frozenset(range(12, 17)), 60, False),
    ]
)
def test_the_summary_shows_every_figure_its_team_row_shows_and_alone_leaves_no_bound(entries: list[Session]) -> None:
    """Random logs: each stance cell and time in cycles the row shows is on the summary with the same minutes (the
    row's time with teachers too); and the summary alone leaves no small figure solvable (privacy.determined) and no
    two breakdowns, or their boxes with its time in cycles, bounding a few teachers' time (bounds.leak)."""
    summary, line, rounded, groups, figures = build(entries)
    page = summary.page
    assert page is not None
    stances, in_cycles, total = the_row(rounded, groups)
    teachers = len(set().union(*(g.teachers for g in groups)))
    if teachers >= K:  # the row is shown
        assert summary.with_teachers_minutes == total
        shown = {s.stance: s.minutes for s in summary.stances}
        assert {s: m for s, m in stances.items() if m is not None} == {
            s: m for s, m in shown.items() if stances[s] is not None
        }
        if in_cycles is not None:
            assert line.value is not None and line.value["minutes"] == in_cycles
    if summary.too_few:
        return
    assert leak(page, K) is None
    if teachers >= K:  # the pair: the summary's figures and the row's, read together (here the summary's own)
        pair = replace(page, shown={**page.shown, **{("stance", s): m for s, m in stances.items() if m is not None}})
        assert leak(pair, K) is None
        if in_cycles is not None:
            assert leak(cycle_page(pair, groups, 0, K), K, in_cycles=in_cycles) is None
    if line.value is not None and line.value["minutes"] is not None:
        assert leak(cycle_page(page, groups, 0, K), K, in_cycles=line.value["minutes"]) is None
    hidden = {key for key in figures.minutes if key not in page.shown}
    for key in privacy.determined(hidden, figures.minutes, figures.lines):
        assert not 0 < figures.sizes[key] < K or figures.minutes[key] == 0, key
    assert ALL in page.shown
    if line.value is not None and line.value["minutes"] is not None:  # shown: no small figure solved through it
        with_it = solved_by_units(figures, set(page.shown), rounded, line.value["minutes"])
        for key in set(with_it) - set(solved_by_units(figures, set(page.shown), rounded, None)):
            assert not 0 < figures.sizes[key] < K or figures.minutes[key] == 0, ("with time in cycles", key)


def solved_by_units(
    figures: PageFigures, shown: set[Any], rounded: list[SessionAtom], in_cycles: int | None
) -> list[Any]:
    """The hidden figures the shown ones (and time in cycles, when given) pin exactly, solved over the finest
    units (a week, stance, activity and in a cycle or not): a figure's row lies in the span of the known ones."""
    units = sorted({(week_start(u.local_date, 0), u.stance, u.activity, u.in_cycle) for u in rounded})

    def row(key: Any) -> list[float]:
        return [1.0 if inside(key, unit) else 0.0 for unit in units]

    known = [row(key) for key in shown] + ([[1.0 if u[3] else 0.0 for u in units]] if in_cycles is not None else [])
    rank = numpy.linalg.matrix_rank(numpy.array(known)) if known else 0
    hidden = [key for key in figures.minutes if key not in shown]
    return [key for key in hidden if numpy.linalg.matrix_rank(numpy.array([*known, row(key)])) == rank]


def inside(key: Any, unit: tuple[date, str, str, bool]) -> bool:
    """The unit is summed in the figure `key`."""
    week, stance, activity, _ = unit
    kind = key[0]
    return (
        kind == "all"
        or (kind == "cell" and key[1:] == (week, stance))
        or (kind == "week" and key[1] == week)
        or (kind == "stance" and key[1] == stance)
        or (kind == "activity" and key[1] == activity)
    )


def test_the_twin_of_team_hide_withholds_a_partner_beside_a_small_stance() -> None:
    """A small coaching cell (2 teachers) takes the stance with the most time beside it; then the two describe
    min_group together. Ties go to the teachers, then to the first stance."""
    unions = (6, 6, 8, 2, 8, 8, 10)  # consulting 6, collaborating 6, coaching 2; any two 8; all 10
    assert team_hide(K, 4, (60, 120, 30), unions, 7) == 4 | 2
    assert team_hide(K, 4, (60, 60, 30), (6, 7, 9, 2, 8, 9, 11), 7) == 4 | 2
    assert team_hide(K, 4, (60, 60, 30), unions, 7) == 4 | 1
    assert row_hidden((60, 60, 30), (1, 1, 2, 2, 3, 3, 4), K) == 7  # no row: fewer than min_group in all


THREE_BREAKDOWNS: list[Session] = [  # weeks, stances and activities together solve teacher 1's week-2 cell
    (0, "consulting", "observing", frozenset({1}), 30, False),
    (0, "consulting", "observing", frozenset({1}), 30, False),
    (0, "consulting", "observing", frozenset({4}), 30, False),
    (0, "collaborating", "debrief", frozenset({5}), 30, False),
    (7, "collaborating", "debrief", frozenset({1}), 30, False),
    (0, "consulting", "observing", frozenset({1, 2, 3, 5}), 30, False),
    (0, "collaborating", "debrief", frozenset({1, 2, 3, 4}), 30, False),
    (7, "consulting", "debrief", frozenset(range(1, 6)), 30, False),
]


def test_three_breakdowns_no_longer_solve_a_cell_no_line_holds() -> None:
    """Was the limit the README stated ("What remains" of two breakdowns together): a page without cycles whose
    weeks, stances and activities together solved teacher 1's collaborating cell of week 2 exactly (observing is all
    of week 1's consulting, so week 1 less it is its collaborating, and collaborating less that is week 2's), while
    no two breakdowns bound it and no line holds it. The page now solves its figures over the units too
    (reports/unit_solve.py) and hides a partner until no small figure is solved."""
    summary, _, rounded, _, figures = build(THREE_BREAKDOWNS)
    assert summary.page is not None
    cell = ("cell", MONDAY + timedelta(days=7), "collaborating")
    assert cell not in summary.page.shown and figures.sizes[cell] == 1
    assert leak(summary.page, K) is None
    solved = solved_by_units(figures, set(summary.page.shown), rounded, None)
    assert cell not in solved
    assert [key for key in solved if 0 < figures.sizes[key] < K] == []


@settings(max_examples=150, deadline=None)
@given(entries=sessions())
@example(entries=THREE_BREAKDOWNS)
def test_no_hidden_small_figure_is_solved_over_the_units(entries: list[Session]) -> None:
    """Random small pages: no hidden figure about 1..K-1 teachers is solved exactly over the finest units (a week,
    stance, activity, in a cycle or not) by the figures shown, nor by them and the time in cycles the summary shows."""
    summary, line, rounded, _, figures = build(entries)
    page = summary.page
    assert page is not None
    if summary.too_few:
        return
    in_cycles = line.value["minutes"] if line.value is not None else None
    for minutes in {None, in_cycles}:
        for key in solved_by_units(figures, set(page.shown), rounded, minutes):
            assert not 0 < figures.sizes[key] < K or figures.minutes[key] == 0, (minutes, key)
