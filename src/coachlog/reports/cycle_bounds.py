"""Whether time in cycles, set beside the figures a summary shows, bounds a few teachers' time.

A summary shows time with teachers S, time in cycles C, and figures that split S: the stances, the weeks, the
weeks' stance cells, the activities (each a partition of S; its hidden figures together are S less its shown
ones, so they count as one figure). Times are never negative, so for any set F of figures of one partition,
the part of them spent in cycles is at least C + sum(F) - S, and the part outside cycles at least
sum(F) - C. When such a bound is above zero, the reader learns that the teachers of that part met the coach
for that long: if they are 1 to min_group - 1 teachers, the page says something about fewer than min_group
(an attacker review found this with one teacher's consulting hour in a cycle).

The check tries every set of a few teachers that the figures' parts make up (figures whose part has no teacher
join every set: they add time and no teacher). Every figure here is rounded (rounding.py), as shown, so the
bounds are the reader's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from coachlog.domain.periods import week_start
from coachlog.domain.values import CycleGroup
from coachlog.reports.summary import Summary

Key = tuple[Hashable, ...]  # ("stance", s), ("week", w), ("cell", w, s), ("activity", a)


@dataclass(frozen=True)
class Part:
    """A figure's minutes (None: not shown) and the teachers of its sessions in cycles and outside them."""

    minutes: int | None
    in_cycles: frozenset[int]
    outside: frozenset[int]


def partitions(
    shown: Iterable[tuple[Key, int | None]], groups: Iterable[CycleGroup], first_weekday: int
) -> list[list[Part]]:
    """The `shown` figures (minutes None where hidden) as Parts, one list per partition (the key's first word)."""
    teachers: dict[Key, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for group in groups:
        week = week_start(group.local_date, first_weekday)
        keys: tuple[Key, ...] = (
            ("cell", week, group.stance),
            ("week", week),
            ("stance", group.stance),
            ("activity", group.activity),
        )
        for key in keys:
            teachers[key][0 if group.in_cycle else 1].update(group.teachers)
    found: dict[Hashable, list[Part]] = defaultdict(list)
    for key, minutes in shown:
        inside, outside = teachers[key]
        found[key[0]].append(Part(minutes, frozenset(inside), frozenset(outside)))
    return list(found.values())


def bounds_a_few(parts: list[list[Part]], cycle_minutes: int, with_teachers: int, min_group: int) -> bool:
    """Some set of figures of one partition bounds, above zero, a part in cycles or outside them that describes
    1 to min_group - 1 teachers (see the module's docstring)."""
    for partition in parts:
        hidden = [p for p in partition if p.minutes is None]
        shown = [p for p in partition if p.minutes is not None]
        if hidden:  # together: what the shown ones leave of S
            rest = with_teachers - sum(p.minutes or 0 for p in shown)
            shown.append(
                Part(
                    rest,
                    frozenset().union(*(p.in_cycles for p in hidden)),
                    frozenset().union(*(p.outside for p in hidden)),
                )
            )
        for inside in (True, False):
            if _bounded(shown, inside, cycle_minutes, with_teachers, min_group):
                return True
    return False


def summary_figures(summary: Summary) -> list[tuple[Key, int | None]]:
    """The figures of a summary that split its time with teachers, keyed as `partitions` reads them."""
    shown: list[tuple[Key, int | None]] = [(("stance", s.stance), s.minutes) for s in summary.stances]
    shown += [(("activity", a.activity), a.minutes) for a in summary.activities]
    for week in summary.weeks:
        shown.append((("week", week.start), week.with_teachers))
        shown += [(("cell", week.start, stance), minutes) for stance, minutes in week.stances.items()]
    return shown


MAX_SETS = 20_000  # distinct sets of a few teachers tried in one partition; past it, hidden (a very rare page)


def _bounded(shown: list[Part], inside: bool, cycle_minutes: int, with_teachers: int, k: int) -> bool:
    """Some figures of one partition whose parts (in cycles, or outside) are about 1 to k - 1 teachers together
    have a bound above zero. Parts about no teacher join every set; each set of a few teachers that some parts'
    teachers make up takes every part within it (the most minutes that set's bound can have)."""

    def side(part: Part) -> frozenset[int]:
        return part.in_cycles if inside else part.outside

    empty = sum(p.minutes or 0 for p in shown if not side(p))
    few = [p for p in shown if 0 < len(side(p)) < k]
    seen: set[frozenset[int]] = set()
    stack: list[frozenset[int]] = [frozenset()]
    while stack:
        union = stack.pop()
        for part in few:
            grown = union | side(part)
            if len(grown) < k and grown not in seen:
                seen.add(grown)
                stack.append(grown)
        if len(seen) > MAX_SETS:
            return True
    for union in seen:
        total = empty + sum(p.minutes or 0 for p in few if side(p) <= union)
        if (cycle_minutes + total - with_teachers if inside else total - cycle_minutes) > 0:
            return True
    return False
