"""Which figures of a shared summary to hide: small-group suppression, as statistics offices do it.

A figure (a cell of a table, or a total) describes the teachers whose sessions it
sums. It is hidden when it describes some, but fewer than `min_group`, teachers
(primary suppression). Hiding one cell of a line whose total is shown would let
anyone subtract it back out, so more cells of that line are hidden until what
can be worked out (the sum of the hidden cells) describes at least `min_group`
teachers, or nothing is left to hide (secondary suppression). The same holds for
every line of a table, rows and columns alike, and repeats until nothing changes.

Plain data in, a set of hidden keys out: no storage, no rendering.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One sum that a reader could check: `total` = the sum of `cells`."""

    total: Hashable
    cells: tuple[Hashable, ...]


def hidden_figures(
    teachers: Mapping[Hashable, frozenset[int]],
    minutes: Mapping[Hashable, int],
    lines: Iterable[Line],
    min_group: int,
    always_shown: frozenset[Hashable] = frozenset(),
) -> set[Hashable]:
    """The keys of the figures to hide. `teachers` and `minutes` cover every cell and total of `lines`.

    `always_shown` are figures the summary states anyway (its key figures): they are
    never hidden, and a line ending in one of them just hides as much as it can.
    """
    lines = list(lines)
    hidden = {key for key, who in teachers.items() if 0 < len(who) < min_group and key not in always_shown}
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = (line.total, *line.cells)
            secret = [key for key in members if key in hidden]
            if not secret:
                continue
            described: frozenset[int] = frozenset().union(*(teachers[key] for key in secret))
            derivable = len(secret) == 1 or (line.total not in hidden and len(described) < min_group)
            if not derivable:
                continue
            extra = _next_to_hide(line, hidden, teachers, minutes, always_shown)
            if extra is not None:
                hidden.add(extra)
                changed = True
    return hidden


def _next_to_hide(
    line: Line,
    hidden: set[Hashable],
    teachers: Mapping[Hashable, frozenset[int]],
    minutes: Mapping[Hashable, int],
    always_shown: frozenset[Hashable],
) -> Hashable | None:
    """The shown cell of `line` that gives away least (fewest teachers, then fewest minutes); else its total."""
    candidates = [
        key for key in line.cells if key not in hidden and key not in always_shown and minutes.get(key, 0) > 0
    ]
    if candidates:
        return min(candidates, key=lambda key: (len(teachers[key]), minutes.get(key, 0), str(key)))
    if line.total not in hidden and line.total not in always_shown and minutes.get(line.total, 0) > 0:
        return line.total
    return None
