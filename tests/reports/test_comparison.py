"""The comparison with the period before shows of that period only what its own summary shows: the same hidden
set, built by the same whole check (equations and the two-breakdown bound), so a reader holding both pages gets
no figure from the comparison that the earlier page hid (tests/cli/test_attack_round5.py, finding 1)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.reports.summary import Summary
from summaries import Entry, session, summary_of, units_of

MONDAY = date(2026, 11, 2)
SPLIT = MONDAY + timedelta(days=14)  # the earlier period: two weeks; the later: the two after
END = SPLIT + timedelta(days=13)


def summary_with_previous(entries: list[Entry]) -> Summary:
    """The summary of SPLIT..END compared with MONDAY..SPLIT - 1, as `coachlog summary` builds it."""
    return summary_of(*units_of(entries, MONDAY), SPLIT, END, since=MONDAY)


def logs() -> st.SearchStrategy[list[Entry]]:
    """Sessions over four weeks (day, stance, activity, 1-3 of 9 teachers, 20-120 minutes)."""
    return st.lists(session(28, 9, 3), min_size=4, max_size=30)


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
