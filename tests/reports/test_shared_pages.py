"""Two pages that share figures hide the same side of a bound they share (round 5, finding 5).

A summary of week 1 and a summary of weeks 1-2 share week 1's cells and total (the same units, rounded alike),
and a one-week page's stance totals are its cells. A reader holding both has week 1's page with every week-1
figure either page shows. On main, where each page chose by minutes which figure ends a bound, about 1 pair in
100 random logs let the two together bound a few teachers' time above zero; a bound beside the activities is now
ended by hiding activities (bounds.py `ACTIVITY`), and none of these pairs does (exploring 2,500 found none either).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.frozen import replace
from coachlog.domain.values import STANCES
from coachlog.reports.bounds import leak
from summaries import Entry, session, summary_of, units_of

W1 = date(2026, 11, 2)
FOUND_ON_MAIN: list[Entry] = [  # week 1's page and weeks 1-2's, together, bounded a few teachers' time on main
    (6, "coaching", "planning", frozenset({1, 2, 7}), 30),
    (7, "coaching", "debrief", frozenset({11}), 90),
    (0, "consulting", "planning", frozenset({2}), 20),
    (1, "collaborating", "debrief", frozenset({2, 3, 5}), 60),
    (2, "consulting", "debrief", frozenset({8, 6}), 30),
    (10, "coaching", "modeling", frozenset({2, 3, 9, 11, 28}), 40),
    (0, "collaborating", "modeling", frozenset({8, 1}), 40),
    (0, "collaborating", "planning", frozenset({7}), 30),
    (2, "collaborating", "modeling", frozenset({8}), 70),
    (6, "coaching", "modeling", frozenset({4}), 110),
    (7, "consulting", "modeling", frozenset({27, 12, 21}), 120),
]
FINDING_5: list[Entry] = [  # tests/cli/test_attack_round5.py, as plain figures
    (0, "coaching", "debrief", frozenset({1}), 60),
    *[(0, "coaching", "observing", frozenset(range(10, 15)), 60)] * 3,
    (0, "consulting", "debrief", frozenset(range(20, 25)), 60),
    (0, "collaborating", "debrief", frozenset(range(30, 35)), 60),
    *[(7, "coaching", "debrief", frozenset(range(40, 45)), 60)] * 2,
    *[(7, "coaching", "planning", frozenset(range(50, 55)), 60)] * 2,
]


def logs() -> st.SearchStrategy[list[Entry]]:
    """Sessions over two weeks: week 1 with 1-3 of 9 teachers, week 2 with 1-5 of them or of others."""
    entry = session(14, 29, 5).filter(lambda e: e[0] >= 7 or len(e[3]) <= 3)
    return st.lists(entry, min_size=4, max_size=16)


@settings(max_examples=150, deadline=None)
@given(entries=logs())
@example(entries=FOUND_ON_MAIN)
@example(entries=FINDING_5)
def test_a_week_and_the_two_weeks_from_it_together_bound_no_few_teachers(entries: list[Entry]) -> None:
    atoms, cells = units_of(entries, W1)
    week = summary_of(atoms, cells, W1, W1 + timedelta(days=6))
    both = summary_of(atoms, cells, W1, W1 + timedelta(days=13))
    if week.page is None or both.page is None or week.too_few or both.too_few:
        return
    shown = dict(week.page.shown)
    for key, value in both.page.shown.items():  # week 1's cells and total, as the longer page shows them
        if isinstance(key, tuple) and key[0] in ("cell", "week") and key[1] == W1:
            shown[key] = value
    for stance in STANCES:  # one week: a stance's total is its cell
        if ("stance", stance) in shown:
            shown[("cell", W1, stance)] = shown[("stance", stance)]
        if ("cell", W1, stance) in shown:
            shown[("stance", stance)] = shown[("cell", W1, stance)]
    found = leak(replace(week.page, shown=shown), 5)
    assert found is None, (found, sorted(shown, key=repr))
