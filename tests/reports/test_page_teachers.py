"""Who each of a summary page's figures describes (reports/summary_page.py): united level by level (cells from the
day's groups, weeks and stances from the cells, all from the stances) and capped from the smallest of each part,
they are the figure's teachers exactly as uniting all its groups and capping that union (bounds.capped) gives them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.periods import Period, week_start
from coachlog.domain.values import ROUND_TO, STANCES, SessionAtom, TeacherGroup
from coachlog.reports.bounds import capped
from coachlog.reports.rounding import shared_report
from coachlog.reports.summary_page import ALL, page_figures

MONDAY = date(2026, 11, 2)
END = MONDAY + timedelta(days=20)
Group = tuple[int, str, str, tuple[int, ...]]  # day, stance, activity, its teachers (a sorted tuple, as storage's)


def groups() -> st.SearchStrategy[list[Group]]:
    one = st.tuples(
        st.integers(0, 20),
        st.sampled_from(STANCES),
        st.sampled_from(["debrief", "observing", "planning"]),
        st.frozensets(st.integers(1, 40), min_size=1, max_size=12).map(lambda t: tuple(sorted(t))),
    )
    return st.lists(one, min_size=1, max_size=30, unique_by=lambda g: g[:3])


def naive(cells: list[TeacherGroup], first_weekday: int) -> dict[Hashable, set[int]]:
    """Each figure's teachers, every one of its groups united."""
    found: dict[Hashable, set[int]] = defaultdict(set)
    for group in cells:
        week = week_start(group.local_date, first_weekday)
        keys = (
            ("cell", week, group.stance),
            ("week", week),
            ("stance", group.stance),
            ALL,
            ("activity", group.activity),
        )
        for key in keys:
            found[key] |= set(group.teachers)
    return found


@given(groups(), st.integers(0, 6), st.sampled_from([None, 1, 3, 5]))
def test_each_figure_describes_its_groups_teachers_capped_to_the_smallest(
    drawn: list[Group], first_weekday: int, cap: int | None
) -> None:
    """Every figure's size is the count of its groups' teachers, and its teachers the `cap` smallest of them (all
    without a cap), whichever week start and cap."""
    cells = [TeacherGroup(MONDAY + timedelta(days=d), s, a, t) for d, s, a, t in drawn]
    atoms = [SessionAtom(g.local_date, g.stance, g.activity, 30, 1, f"uid {i}") for i, g in enumerate(cells)]
    teachers = len(set().union(*(g.teachers for g in cells)))
    period = Period(MONDAY, END, "three weeks")
    report, activities = shared_report(
        period, atoms, [], teachers, first_weekday=first_weekday, today=END, base=ROUND_TO
    )
    figures = page_figures(report, cells, activities, first_weekday, cap=cap)
    expected = naive(cells, first_weekday)
    assert set(figures.sizes) == set(figures.minutes) == set(figures.teachers)
    for figure in figures.minutes:
        assert figures.sizes[figure] == len(expected.get(figure, ())), figure
        assert figures.teachers[figure] == capped(expected.get(figure, set()), cap), figure
