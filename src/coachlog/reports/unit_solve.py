"""Which hidden figures of a summary page the shown ones solve exactly over its finest units.

A page's lines (a total = the sum of its cells, privacy.py) are not all a reader knows: every figure is a sum of
units (a week, stance, activity, in a cycle or not; bounds.summary_units), and three breakdowns of the same units
give more equations than their lines (weeks, stances and activities can pin a week's cell between them). A
hidden figure is solved when its row (the units it sums) lies in the span of the rows of the figures shown (and
of time in cycles, when the page's coach's team row shows it). Exact: integer elimination, no floats.

Plain data in: the units each figure sums, by index; no storage, no rendering.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping
from math import gcd

Row = dict[int, int]  # unit index -> coefficient, zeros left out


def unit_solver(
    support: Mapping[Hashable, frozenset[int]], known: Collection[frozenset[int]] = ()
) -> Callable[[set[Hashable], Collection[Hashable]], list[Hashable]]:
    """For privacy.hidden_figures: given the hidden figures and those of them to check, the ones the shown
    figures (every key of `support` not hidden) and the `known` sums of units pin exactly."""

    def solved(hidden: set[Hashable], asked: Collection[Hashable]) -> list[Hashable]:
        targets = [key for key in asked if support.get(key)]
        if not targets:
            return []
        basis: list[tuple[int, Row]] = []
        for units in (*known, *(units for key, units in support.items() if key not in hidden)):
            _insert(basis, dict.fromkeys(units, 1))
        return [key for key in targets if not _remainder(basis, dict.fromkeys(support[key], 1))]

    return solved


def _insert(basis: list[tuple[int, Row]], row: Row) -> None:
    """Add `row` to the echelon `basis` (each entry: its pivot column and row), unless the basis spans it."""
    left = _remainder(basis, row)
    if left:
        basis.append((min(left), left))


def _remainder(basis: list[tuple[int, Row]], row: Row) -> Row:
    """`row` less what the basis spans of it, scaled by integers: empty when the basis spans it. Each basis row
    is zero at the pivots before its own, so clearing the pivots in order leaves them cleared."""
    for pivot, base in basis:
        factor = row.get(pivot)
        if not factor:
            continue
        lead = base[pivot]
        scaled = {column: value * lead for column, value in row.items()}
        for column, value in base.items():
            scaled[column] = scaled.get(column, 0) - factor * value
        row = {column: value for column, value in scaled.items() if value}
        divisor = 0
        for value in row.values():
            divisor = gcd(divisor, value)
        if divisor > 1:
            row = {column: value // divisor for column, value in row.items()}
    return row
