"""Rounding that holds across any number of shared summaries, whatever their ranges.

Suppression (privacy.py) protects one output. Two outputs over overlapping ranges can
still be subtracted: a term's consulting time less the same term up to last week is last
week's consulting time, however that week's cell is marked; and two summaries either side
of a change to the log differ by that change. So every time figure a shared summary shows
is summed from fixed units, one per day, stance, activity and in-cycle or not (SessionAtom), and every unit
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

The unit and its key, exactly (storage/team_functions.sql `team_rounded` must compute the same):
- A unit is the coach's sessions (kind 'session') of one local date, one stance and one activity ('' for
  none), split in two by whether the session is linked to a coaching cycle (entry.cycle_id set) or not.
  A day's sessions of one stance and activity in no cycle are one unit; those in a cycle (any cycle) another.
- Its seed is the smallest uid (text order) of the unit's own entries.
- Its key text is `seed|YYYY-MM-DD|stance|activity` for a unit in no cycle (unchanged from before cycles, so a
  log without cycles rounds byte for byte as it did), and `seed|YYYY-MM-DD|stance|activity|cycle` (the
  literal suffix "|cycle") for a unit in a cycle.
- Its offset is the first 8 hex digits of md5(key text, UTF-8) read as an unsigned 32-bit number, modulo
  `base` (ROUND_TO, 30); the unit's minutes round up to the next multiple of `base` when their remainder
  modulo `base` is above the offset, else down (`round_minutes`).
Stance time, time with teachers, activity time and time in cycles are all sums of these same rounded units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

try:  # CPython's own MD5: hashlib's OpenSSL set-up costs a summary ten million instructions of start-up (issue 17)
    from _md5 import md5  # type: ignore[import-not-found]  # (no stub: the same md5 as hashlib's)
except ImportError:  # an interpreter built without it
    from hashlib import md5

from coachlog.domain.contract import AggregateRow
from coachlog.domain.frozen import replace
from coachlog.domain.periods import Period
from coachlog.domain.values import SessionAtom
from coachlog.reports.report import Report, build_report

CYCLE_MARK = "|cycle"  # added to the key of a unit whose sessions are in a coaching cycle


def rounding_offset(atom: SessionAtom, base: int) -> int:
    """The unit's fixed threshold in 0..base-1: it rounds up when its remainder is above it.

    The first 32 bits of an MD5 of seed|date|stance|activity (with "|cycle" after it for a unit in a cycle: see
    the module's docstring): a spread, not a secret (the seed, an entry's uid, is the secret part); SQL can
    compute the same with md5()."""
    text = f"{atom.seed}|{atom.local_date.isoformat()}|{atom.stance}|{atom.activity}"
    if atom.in_cycle:
        text += CYCLE_MARK
    return int(md5(text.encode(), usedforsecurity=False).hexdigest()[:8], 16) % base


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


def cycle_minutes(atoms: Iterable[SessionAtom]) -> int:
    """Minutes in coaching cycles: the sum of the (rounded) units in a cycle, like every other time figure."""
    return sum(atom.minutes for atom in atoms if atom.in_cycle)


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
