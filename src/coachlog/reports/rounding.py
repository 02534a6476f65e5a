"""Rounding that holds across any number of shared summaries, whatever their ranges.

Suppression (privacy.py) protects one output. Two outputs over overlapping ranges can
still be subtracted: a term's consulting time less the same term up to last week is last
week's consulting time, however that week's cell is marked; and two summaries either side
of a change to the log differ by that change. So every time figure a shared summary shows
is summed from fixed units, one per day, stance and activity (SessionAtom), and every unit
enters every sum rounded to `base` minutes. Whatever ranges are subtracted, what is left is
a sum of rounded units, and each rounded unit fits `base` different true values (see
`round_minutes`): no set of outputs pins a unit closer than that.

The rounding is random but fixed (statistical offices call it unbiased random rounding,
here keyed like the cell-key method): a unit of 45 minutes goes up to 60 or down to 30
with the chance that keeps sums true on average, and the direction comes from a hash of
the unit and the smallest uid of its entries (`seed`). Uids travel with the entries (a
backup, a push to the team database), so the same unit rounds the same way in every output
of every copy, and averaging outputs learns nothing; they are never shown, so a reader
cannot work the direction out.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from coachlog.domain.contract import AggregateRow
from coachlog.domain.periods import Period
from coachlog.domain.values import SessionAtom
from coachlog.reports.report import Report, build_report


def rounding_offset(atom: SessionAtom, base: int) -> int:
    """The unit's fixed threshold in 0..base-1: it rounds up when its remainder is above it.

    The first 32 bits of an MD5 of seed|date|stance|activity: a spread, not a secret (the
    seed, an entry's uid, is the secret part); SQL can compute the same with md5()."""
    text = f"{atom.seed}|{atom.local_date.isoformat()}|{atom.stance}|{atom.activity}"
    return int(hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:8], 16) % base


def round_minutes(minutes: int, offset: int, base: int) -> int:
    """`minutes` to a multiple of `base`: up when the remainder is above `offset`, else down.

    With the offset fixed, the true values that round to R are exactly the `base` whole
    minutes from R - base + offset + 1 to R + offset, whatever the offset is: that is the
    width no set of outputs can narrow. With the offset uniform, rounding up happens with
    chance remainder/base, so sums stay true on average.
    """
    whole, rest = divmod(minutes, base)
    return (whole + (1 if rest > offset else 0)) * base


def protect(atoms: Iterable[SessionAtom], base: int) -> list[SessionAtom]:
    """The units as a shared summary sums them: each rounded, whatever it describes (a unit about many
    teachers is rounded too: two summaries either side of one more session in it would otherwise differ
    by exactly that session)."""
    return [replace(atom, minutes=round_minutes(atom.minutes, rounding_offset(atom, base), base)) for atom in atoms]


def day_rows(atoms: Iterable[SessionAtom]) -> list[AggregateRow]:
    """Session rows per day and stance, as the report is built from (duty rows are added by the caller)."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for atom in atoms:
        row = sums[(atom.local_date.isoformat(), atom.stance)]
        row[0] += atom.minutes
        row[1] += atom.sessions
    return [AggregateRow(day, "session", stance, None, minutes, n) for (day, stance), (minutes, n) in sums.items()]


def activity_minutes(atoms: Iterable[SessionAtom]) -> dict[str, int]:
    """Minutes per activity, summed from the same units as the stances and weeks."""
    sums: dict[str, int] = defaultdict(int)
    for atom in atoms:
        sums[atom.activity] += atom.minutes
    return dict(sums)


def shared_report(
    period: Period,
    atoms: Iterable[SessionAtom],
    duty_rows: Iterable[AggregateRow],
    teachers: int,
    *,
    first_weekday: int,
    today: date,
    base: int,
) -> tuple[Report, dict[str, int]]:
    """The report a shared summary is built from, and its minutes per activity: both summed from the rounded
    units. Duties and counts are exact (duties describe no teacher)."""
    shared = protect(atoms, base)
    rows = [row for row in duty_rows if row.kind != "session"] + day_rows(shared)
    return build_report(period, rows, teachers, first_weekday, "week", today=today), activity_minutes(shared)
