"""The comparison with the period before shows of that period only what its own summary shows: the same hidden
set, built by the same whole check (equations and the two-breakdown bound), so a reader holding both pages gets
no figure from the comparison that the earlier page hid (tests/cli/test_attack_round5.py, finding 1)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.periods import Period
from coachlog.domain.values import ROUND_TO, STANCES
from coachlog.reports.rounding import shared_report
from coachlog.reports.summary import Summary, build_summary
from summaries import Entry, summary_of, units_of

MONDAY = date(2026, 11, 2)
SPLIT = MONDAY + timedelta(days=14)  # the earlier period: two weeks; the later: the two after
END = SPLIT + timedelta(days=13)


def summary_with_previous(entries: list[Entry]) -> Summary:
    """The summary of SPLIT..END compared with MONDAY..SPLIT - 1, as `coachlog summary` builds it."""
    atoms, cells = units_of(entries, MONDAY)

    def parts(start: date, end: date) -> tuple:
        span = [a for a in atoms if start <= a.local_date <= end]
        who = [c for c in cells if start <= c.local_date <= end]
        report, activities = shared_report(
            Period(start, end, f"{start} to {end}"),
            span,
            [],
            len({c.teacher_id for c in who}),
            first_weekday=0,
            today=END,
            base=ROUND_TO,
        )
        return report, who, activities

    report, who, activities = parts(SPLIT, END)
    return build_summary(
        report=report,
        cells=who,
        activity_minutes=activities,
        voices=[],
        previous=parts(MONDAY, SPLIT - timedelta(days=1)),
        coach=None,
        school=None,
        staff=None,
        targets={},
        with_teachers_target=None,
        min_group=5,
        first_weekday=0,
        made=END,
    )


def logs() -> st.SearchStrategy[list[Entry]]:
    """Sessions over four weeks (day, stance, activity, 1-3 of 9 teachers, 20-120 minutes)."""
    entry = st.tuples(
        st.integers(0, 27),
        st.sampled_from(STANCES),
        st.sampled_from(["planning", "debrief", "modeling"]),
        st.frozensets(st.integers(1, 9), min_size=1, max_size=3),
        st.integers(2, 12).map(lambda n: 10 * n),
    )
    return st.lists(entry, min_size=4, max_size=30)


PLANNING = [  # the earlier page hides both stances for the bound; on main its comparison showed them
    (0, "consulting", "planning", frozenset({1}), 20),
    (0, "consulting", "planning", frozenset({4}), 20),
    (0, "consulting", "planning", frozenset({1, 2, 3}), 20),
    (0, "collaborating", "planning", frozenset({1, 5}), 20),
    (7, "consulting", "planning", frozenset({1, 5}), 20),
    (7, "collaborating", "planning", frozenset({2, 3, 4}), 20),
]


@settings(max_examples=60, deadline=None)
@given(entries=logs())
@example(entries=PLANNING)
def test_the_comparison_shows_what_the_earlier_periods_own_summary_shows(entries: list[Entry]) -> None:
    later = summary_with_previous(entries)
    atoms, cells = units_of(entries, MONDAY)
    earlier = summary_of(atoms, cells, MONDAY, SPLIT - timedelta(days=1))
    if later.previous is None:  # nothing logged in the earlier period
        assert earlier.empty
        return
    assert later.previous.stance_percent == {s.stance: s.percent for s in earlier.stances}
    assert later.previous.with_teachers_minutes == earlier.with_teachers_minutes
    assert later.previous.teachers == earlier.teachers
