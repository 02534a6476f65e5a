"""Whether time in cycles, set beside the figures a summary shows, bounds a few teachers' time.

A summary shows time with teachers S, time in cycles C and figures m that are parts of S (a week's stance
cell, a week, a stance, an activity, the hidden cells of a week together). Times are never negative, so the
part of a figure m spent in cycles is at least C + m - S, and its part outside cycles at least m - C. When
either bound is above zero, the reader learns that the teachers of that part met the coach for that long: if
they are 1 to min_group - 1 teachers, the page says something about fewer than min_group (an attacker review
found this with one teacher's consulting hour in a cycle). Every figure here is rounded (rounding.py), as
shown, so the bounds are the reader's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from coachlog.domain.periods import week_start
from coachlog.domain.values import CycleGroup
from coachlog.reports.summary import Summary


@dataclass(frozen=True)
class Part:
    """A shown figure's minutes and the teachers of its sessions in cycles and outside them."""

    minutes: int
    in_cycles: frozenset[int]
    outside: frozenset[int]


def shown_parts(
    shown: Iterable[tuple[Hashable, int | None]], groups: Iterable[CycleGroup], first_weekday: int
) -> list[Part]:
    """The Parts of the `shown` figures, keyed ("cell", week, stance), ("week", week), ("stance", stance),
    ("activity", activity) or ("hidden", week, stances) with their minutes (None: not shown, skipped)."""
    teachers: dict[Hashable, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for group in groups:
        week = week_start(group.local_date, first_weekday)
        keys: tuple[Hashable, ...] = (
            ("cell", week, group.stance),
            ("week", week),
            ("stance", group.stance),
            ("activity", group.activity),
        )
        for key in keys:
            teachers[key][0 if group.in_cycle else 1].update(group.teachers)
    parts = []
    for shown_key, minutes in shown:
        if minutes is None:
            continue
        if isinstance(shown_key, tuple) and shown_key[0] == "hidden":  # a week's hidden cells together: their union
            week, stances = shown_key[1], shown_key[2]
            inside = set().union(*(teachers[("cell", week, s)][0] for s in stances))
            outside = set().union(*(teachers[("cell", week, s)][1] for s in stances))
        else:
            inside, outside = teachers[shown_key]
        parts.append(Part(minutes, frozenset(inside), frozenset(outside)))
    return parts


def bounds_a_few(parts: Sequence[Part], cycle_minutes: int, with_teachers: int, min_group: int) -> bool:
    """Some part, in cycles or outside them, that describes 1 to min_group - 1 teachers is bounded above zero."""

    def few(teachers: frozenset[int]) -> bool:
        return 0 < len(teachers) < min_group

    return any(
        (cycle_minutes + part.minutes - with_teachers > 0 and few(part.in_cycles))
        or (part.minutes - cycle_minutes > 0 and few(part.outside))
        for part in parts
    )


def summary_figures(summary: Summary) -> list[tuple[Hashable, int | None]]:
    """The figures a summary shows that are parts of its time with teachers, keyed as shown_parts reads them."""
    shown: list[tuple[Hashable, int | None]] = [(("stance", s.stance), s.minutes) for s in summary.stances]
    shown += [(("activity", a.activity), a.minutes) for a in summary.activities]
    for week in summary.weeks:
        shown.append((("week", week.start), week.with_teachers))
        shown += [(("cell", week.start, stance), minutes) for stance, minutes in week.stances.items()]
        if week.hidden_stances:
            shown.append((("hidden", week.start, tuple(week.hidden_stances)), week.not_shown))
    return shown
