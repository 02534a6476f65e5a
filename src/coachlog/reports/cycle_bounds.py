"""Whether time in cycles, set beside the figures a summary shows, bounds a few teachers' time.

A summary shows time with teachers S, time in cycles C, and breakdowns of S (the weeks' stance cells under
their week and under their stance, the activities). Times are never negative, so C with any two breakdowns
bounds the part in cycles of the units between two sets of their parts (C + a_I + b_J - 2S), and S - C bounds
the part outside them (bounds.py checks every such box at once, as a flow). Where a box bounds, above zero,
the time of units about 1 to min_group - 1 teachers alone, time in cycles is hidden (attacker reviews found
one teacher's consulting hour bounded through one breakdown, then a stance and an activity together, then a
week's hidden cells). The summary's own figures were already checked pair by pair when it was built
(summary.py); every figure here is rounded (rounding.py), as shown, so the bounds are the reader's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from coachlog.domain.frozen import replace
from coachlog.domain.values import CycleGroup
from coachlog.reports.bounds import Page, leak, summary_units


def cycle_page(page: Page, groups: Iterable[CycleGroup], first_weekday: int, cap: int | None = None) -> Page:
    """The summary's page with its units split by whether their sessions are in a cycle (capped to `cap`, the
    min_group they are checked with: see bounds.summary_units)."""
    return replace(page, units=summary_units(groups, first_weekday, cap))


def bounds_a_few(page: Page, cycle_minutes: int, min_group: int) -> bool:
    """Time in cycles, shown beside the page, bounds above zero the time of a few teachers in cycles or outside."""
    return leak(page, min_group, in_cycles=cycle_minutes) is not None
