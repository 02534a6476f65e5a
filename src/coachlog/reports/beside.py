"""A coach's own summary beside their team row of the same range: which of the summary's figures the row shows.

A coordinator may hold both (a coach forwards their one-pager). The row shows the time with teachers S, the
stance cells its own rule leaves (team_hide in storage/team_functions.sql: the stance line alone) and time in
cycles C (team_why_cycles), each summed from the same rounded units as the summary's figure of it. So the summary
never hides a figure the row shows: those figures are pinned (privacy.hidden_figures' `always_shown`), and where
two breakdowns together bound a few teachers' time the summary hides another figure instead (an activity, a week
cell). Then every figure of the row is on the summary with the same value, and the pair tells nothing the summary
alone does not; the summary alone is checked with the pinned figures as it is with S (bounds.py, with C too).

`team_hide` and `cycle_hidden` (reports/team.py) are the Python twins of the database's rules, held equal by
shared test vectors run on PostgreSQL (tests/storage/test_team_beside.py). The row's counts of teachers are
compared only with min_group, so the capped teacher sets of a summary's figures (bounds.capped) give them exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import week_start
from coachlog.domain.values import STANCES, CycleGroup, SessionAtom
from coachlog.reports.bounds import Unit

ALL_STANCES = 7  # every stance bit: consulting 1, collaborating 2, coaching 4 (the order of STANCES)


class CycleSplit(NamedTuple):
    """The summary's sessions split by cycle: who each group of them describes, and their rounded time in cycles."""

    groups: Sequence[CycleGroup]
    minutes: int
    mixed: bool  # some week, stance and activity has time both in and out of cycles (see cycle_split)


class Pins(NamedTuple):
    """The summary's figures its coach's team row of the same range shows: never hidden on the summary."""

    figures: frozenset[Hashable] = frozenset()
    in_cycles: int | None = None  # time in cycles, when the row shows it (checked with the page's breakdowns)
    cycle_units: Sequence[Unit] = ()  # the page's units split by cycle, for that check (bounds.summary_units)
    equation: bool = False  # time in cycles is then an equation of whole units, which the page's lines do not hold


def cycle_split(
    groups: Sequence[CycleGroup], atoms: Iterable[SessionAtom], first_weekday: int, base: int
) -> CycleSplit | None:
    """The period's sessions split by cycle, from its groups and its units (rounded to `base` here, as every
    summary rounds them: rounding.protect); None when none is in a cycle (then nothing is rounded).

    Time in cycles C is the sum of the units in cycles. A page's figures never split a week, so where some week,
    stance and activity has time both in and out of cycles, a figure holds the two parts only together and C the
    one alone: no sum of figures and C then gives anything the figures alone do not (C is no new equation, only
    bounds, which the boxes check). Else C is an equation of whole units, which the page's lines do not hold."""
    if not any(group.in_cycle for group in groups):
        return None
    from coachlog.reports.rounding import protect

    rounded = protect(atoms, base)
    minutes = 0
    sides: dict[bool, set[tuple[date, str, str]]] = {True: set(), False: set()}
    for unit in rounded:
        minutes += unit.minutes if unit.in_cycle else 0
        if unit.minutes:
            sides[unit.in_cycle].add((week_start(unit.local_date, first_weekday), unit.stance, unit.activity))
    return CycleSplit(groups, minutes, bool(sides[True] & sides[False]))


def team_hide(min_group: int, start: int, minutes: Sequence[int], unions: Sequence[int], allowed: int) -> int:
    """The stance cells a row withholds (bits), from those in `start`: the twin of the database's team_hide.
    `minutes` by stance; `unions[m - 1]` the teachers met in any stance of bit mask m. While one cell alone, or
    cells describing fewer than min_group teachers together, are withheld, the allowed cell with the most time
    (then teachers, then the first stance) is withheld too."""
    hidden = start
    while hidden not in (0, ALL_STANCES):
        if hidden not in (1, 2, 4) and unions[hidden - 1] >= min_group:
            break
        best: int | None = None
        for i in range(3):
            cell = 1 << i
            if hidden & cell or not allowed & cell or (minutes[i] <= 0 and unions[cell - 1] == 0):
                continue
            if best is None or (minutes[i], unions[cell - 1], -i) > (minutes[best], unions[(1 << best) - 1], -best):
                best = i
        if best is None:
            break
        hidden |= 1 << best
    return hidden


def team_small(unions: Sequence[int], min_group: int) -> int:
    """The stance cells describing 1..min_group-1 teachers (bits): the database's team_small."""
    return sum(cell for cell in (1, 2, 4) if 0 < unions[cell - 1] < min_group)


def row_hidden(minutes: Sequence[int], unions: Sequence[int], min_group: int) -> int:
    """A coach's row's withheld stance cells (bits), as team_rows decides them; all when the row is not shown."""
    if unions[ALL_STANCES - 1] < min_group:
        return ALL_STANCES
    return team_hide(min_group, team_small(unions, min_group), minutes, unions, ALL_STANCES)


def mask_unions(teachers: Mapping[str, Collection[int]], min_group: int) -> tuple[int, ...]:
    """For each bit mask 1..7, the teachers met in any of its stances, counted up to min_group (enough for every
    comparison the rules make); `teachers` by stance, each set capped to min_group or exact."""
    counts = []
    for mask in range(1, ALL_STANCES + 1):
        found: set[int] = set()
        for i, stance in enumerate(STANCES):
            if mask & (1 << i) and len(found) < min_group:
                found.update(teachers.get(stance, ()))
        counts.append(min(len(found), min_group))
    return tuple(counts)


def stance_pins(
    minutes: Mapping[Hashable, int],
    teachers: Mapping[Hashable, Collection[int]],
    sizes: Mapping[Hashable, int],
    everyone: int,
    min_group: int,
) -> tuple[frozenset[Hashable], int]:
    """The summary's stance figures ("stance", s) the row shows, and the row's withheld stance bits. `sizes` gives
    each stance's teachers exactly (the row's partners are chosen by them, after the minutes); `everyone` the
    teachers of every session (a row shows only from min_group)."""
    keys = [("stance", stance) for stance in STANCES]
    unions = list(mask_unions({s: teachers.get(key, ()) for s, key in zip(STANCES, keys, strict=True)}, min_group))
    for i, key in enumerate(keys):
        unions[(1 << i) - 1] = sizes.get(key, 0)
    unions[ALL_STANCES - 1] = min(everyone, min_group)
    hidden = row_hidden([minutes.get(key, 0) for key in keys], unions, min_group)
    return frozenset(key for i, key in enumerate(keys) if not hidden & (1 << i)), hidden


def cycles_shown(
    split: CycleSplit, stance_minutes: Sequence[int], session_minutes: int, hidden: int, min_group: int
) -> bool:
    """The row shows time in cycles (reports/team.py cycle_hidden on the row as the database builds it)."""
    from coachlog.reports.team import CycleRow, cycle_hidden

    sides: dict[bool, dict[str, set[int]]] = {True: {}, False: {}}
    for group in split.groups:
        found = sides[group.in_cycle].setdefault(group.stance, set())
        if len(found) < min_group:
            found.update(group.teachers)
    row = CycleRow(
        session_minutes=session_minutes,
        cycle_minutes=split.minutes,
        cycle_teachers=_count(sides[True].values(), min_group),
        outside_teachers=_count(sides[False].values(), min_group),
        hidden=hidden,
        shown=True,
        minutes=tuple(stance_minutes),
        in_unions=mask_unions(sides[True], min_group),
        out_unions=mask_unions(sides[False], min_group),
    )
    return cycle_hidden(row, min_group) is None


def _count(sets: Iterable[Collection[int]], min_group: int) -> int:
    found: set[int] = set()
    for teachers in sets:
        found.update(teachers)
    return min(len(found), min_group)
