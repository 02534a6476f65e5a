"""Which figures of a shared summary to hide: small-group suppression, as statistics offices do it.

A figure (a cell of a table, or a total) describes the teachers whose sessions it
sums. It is hidden when it describes some, but fewer than `min_group`, teachers
(primary suppression). Hiding one cell of a line whose total is shown would let
anyone subtract it back out, so more cells of that line are hidden until what
can be worked out (the sum of the hidden cells) describes at least `min_group`
teachers, or nothing is left to hide (secondary suppression). A line marked
`blank` (a week row) is hidden whole once its total is. Last, the lines are solved
together as a linear system: while any small figure can still be worked out
exactly, another figure beside it is hidden; when no line through it has one left,
the figure elsewhere that frees the most small ones; and when nothing single helps,
the whole breakdown is withheld. It never gives up with a small figure solvable.
Where the lines solve none, the caller's `solved` check (unit_solve.py: the figures as sums of finer units) is
asked the same, and answered the same way.
Times are never negative, so figures can also bound a few teachers' time from below
without solving it: the caller's `bounded` check (bounds.py) names the figures that
do, and the first of them still shown is hidden, until none does.

Plain data in, a set of hidden keys out: no storage, no rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from coachlog.domain.frozen import NamedTuple

if TYPE_CHECKING:
    from fractions import Fraction  # imported where it is used: it brings decimal, which no listing needs

FEWER = "fewer"  # a figure hidden because it describes 1..min_group-1 teachers
PROTECTS = "protects"  # a figure hidden because, shown, it would let a small one be worked out
Solver = Callable[[set[Hashable], Collection[Hashable]], list[Hashable]]  # hidden, asked -> those of asked solved


class Line(NamedTuple):
    """One sum that a reader could check: `total` = the sum of `cells`."""

    total: Hashable
    cells: tuple[Hashable, ...]
    blank: bool = False  # shown as a whole or not at all (hiding the total hides every cell)


def hidden_figures(
    teachers: Mapping[Hashable, frozenset[int]],
    minutes: Mapping[Hashable, int],
    lines: Iterable[Line],
    min_group: int,
    always_shown: frozenset[Hashable] = frozenset(),
    bounded: Callable[[set[Hashable]], Sequence[Hashable]] | None = None,
    sizes: Mapping[Hashable, int] | None = None,
    solved: Solver | None = None,
) -> set[Hashable]:
    """The keys of the figures to hide. `teachers` and `minutes` cover every cell and total of `lines`.

    `always_shown` are figures the summary states anyway (its key figures): they are
    never hidden, and a line ending in one of them just hides as much as it can.
    `bounded(hidden)` gives the figures that, shown, bound a few teachers' time (empty when none do).
    `sizes` gives how many teachers each figure describes when `teachers` holds, of a figure about min_group or
    more, only min_group of them (a big term's figures each describe thousands): whether a figure, or some figures
    together, describe fewer than min_group is the same with those, and ties between partners go by `sizes`.
    `solved(hidden, asked)` gives those of `asked` the shown figures pin by more than the lines (unit_solve.py).
    """
    lines = list(lines)
    size = {key: len(who) for key, who in teachers.items()} if sizes is None else sizes
    small = {key for key in teachers if 0 < size[key] < min_group}
    hidden = small - always_shown
    while True:
        _by_lines(hidden, teachers, size, minutes, lines, min_group, always_shown)
        leaks = _leaks(hidden, small, minutes, lines, solved)
        if leaks:
            extra = _partner_in_lines(leaks, hidden, size, minutes, lines, always_shown)
            if extra is None:
                extra = _widened_partner(leaks, hidden, small, size, minutes, lines, always_shown, solved)
        else:
            bound = bounded(hidden) if bounded is not None else ()
            if not bound:
                return hidden
            eligible = (key for key in bound if key not in hidden | always_shown and minutes.get(key, 0) > 0)
            extra = next(eligible, None)
        if extra is None:
            # Nothing single helps: withhold the whole breakdown. Only `always_shown` stays.
            hidden |= {key for key in minutes if key not in always_shown and minutes.get(key, 0) > 0}
            return hidden
        hidden.add(extra)


def _leaks(
    hidden: set[Hashable],
    small: set[Hashable],
    minutes: Mapping[Hashable, int],
    lines: list[Line],
    solved: Solver | None = None,
) -> list[Hashable]:
    """The small figures a reader can still work out exactly, in a fixed order: from the lines, else (when the
    lines solve none) from the finer equations `solved` knows of."""
    found = [key for key in sorted(determined(hidden, minutes, lines), key=repr) if key in small]
    if found or solved is None:
        return found
    return sorted(solved(hidden, sorted(small & hidden, key=repr)), key=repr)


def _partner_in_lines(
    leaks: list[Hashable],
    hidden: set[Hashable],
    size: Mapping[Hashable, int],
    minutes: Mapping[Hashable, int],
    lines: list[Line],
    always_shown: frozenset[Hashable],
) -> Hashable | None:
    """A shown figure beside a leaked one, in a line through it; None when every such line is spent."""
    for key in leaks:
        for line in lines:
            if key == line.total or key in line.cells:
                extra = _next_to_hide(line, hidden, size, minutes, always_shown)
                if extra is not None:
                    return extra
    return None


def _widened_partner(
    leaks: list[Hashable],
    hidden: set[Hashable],
    small: set[Hashable],
    size: Mapping[Hashable, int],
    minutes: Mapping[Hashable, int],
    lines: list[Line],
    always_shown: frozenset[Hashable],
    solved: Solver | None = None,
) -> Hashable | None:
    """The shown figure, anywhere in the table, whose hiding leaves the fewest small figures solvable.

    Used when every line through a leak is already hidden or always shown: the leak is
    then pinned by lines further away, so the partner is looked for across all of them.
    Ties go to the most time (a wide window), then to the most teachers.
    """
    candidates = sorted(
        (key for key in minutes if key not in hidden and key not in always_shown and minutes.get(key, 0) > 0),
        key=lambda key: (-minutes.get(key, 0), -size[key], repr(key)),
    )
    best: Hashable | None = None
    fewest = len(leaks)
    for key in candidates:
        left = len(_leaks(hidden | {key}, small, minutes, lines, solved))
        if left < fewest:
            best, fewest = key, left
            if left == 0:
                break
    return best


def _by_lines(
    hidden: set[Hashable],
    teachers: Mapping[Hashable, frozenset[int]],
    size: Mapping[Hashable, int],
    minutes: Mapping[Hashable, int],
    lines: list[Line],
    min_group: int,
    always_shown: frozenset[Hashable],
) -> None:
    """Secondary suppression line by line, until nothing changes (updates `hidden`)."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if line.blank and line.total in hidden:
                missing = {key for key in line.cells if minutes.get(key, 0) > 0} - hidden - always_shown
                if missing:
                    hidden |= missing
                    changed = True
            members = (line.total, *line.cells)
            secret = [key for key in members if key in hidden]
            if not secret:
                continue
            described: frozenset[int] = frozenset().union(*(teachers[key] for key in secret))
            derivable = len(secret) == 1 or (line.total not in hidden and len(described) < min_group)
            if not derivable:
                continue
            extra = _next_to_hide(line, hidden, size, minutes, always_shown)
            if extra is not None:
                hidden.add(extra)
                changed = True


def _next_to_hide(
    line: Line,
    hidden: set[Hashable],
    size: Mapping[Hashable, int],
    minutes: Mapping[Hashable, int],
    always_shown: frozenset[Hashable],
) -> Hashable | None:
    """The shown cell of `line` to hide next; else its total.

    The most time first (then the most teachers): a partner that hides little time
    would leave the small figure narrowly bounded. A cell whose sessions all rounded to 0
    is a partner when nothing else is: shown as 0, it would leave the small one its line's
    total (a reader cannot tell a hidden 0 from hidden time).
    """
    candidates = [
        key
        for key in line.cells
        if key not in hidden and key not in always_shown and (minutes.get(key, 0) > 0 or size.get(key))
    ]
    if candidates:
        return max(candidates, key=lambda key: (minutes.get(key, 0), size[key], repr(key)))
    if line.total not in hidden and line.total not in always_shown and minutes.get(line.total, 0) > 0:
        return line.total
    return None


def determined(hidden: set[Hashable], minutes: Mapping[Hashable, int], lines: Iterable[Line]) -> set[Hashable]:
    """The hidden figures a reader can work out exactly from the shown ones, solving every line together.

    Each line is an equation; the hidden figures are its unknowns. An unknown is
    determined when its unit vector lies in the row space of the equations, which
    reduced row echelon form shows directly: its pivot row has no other entry.
    """
    unknowns = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(unknowns)}
    from fractions import Fraction

    rows: list[list[Fraction]] = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((line.total, -1), *((cell, 1) for cell in line.cells)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    pivots = _reduce(rows, len(unknowns))
    return {
        unknowns[column]
        for row, column in pivots
        if all(value == 0 for other, value in enumerate(rows[row]) if other != column)
    }


def _reduce(rows: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Reduced row echelon form, in place; the (row, pivot column) pairs."""
    pivots: list[tuple[int, int]] = []
    top = 0
    for column in range(width):
        found = next((r for r in range(top, len(rows)) if rows[r][column] != 0), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        lead = rows[top][column]
        rows[top] = [value / lead for value in rows[top]]
        for r in range(len(rows)):
            if r != top and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[top], strict=True)]
        pivots.append((top, column))
        top += 1
        if top == len(rows):
            break
    return pivots
