"""Whether two ways a summary splits a term's active cycles bound, together, the cycles of a few teachers.

The counts of an ended term (reports/cycle_reach.py) split its active cycles A in ways whose parts' sizes a
reader knows, each a partition of A (a "family"): started in the term or not; completed in it or not (finer
when student evidence shows: the movers, the others with a baseline and a result, the completed without, the
not completed); the focus areas shown and the rest. For U a union of one family's parts and V one of
another's, |U| + |V| - |A| is a lower bound on the cycles in both: the ninth attacker review took a focus area
8 + started 10 - active 15 = at least 3 of the area's cycles begun in the term (and the term before's area
pinned it), and the same with the evidence's M. Where such a bound is above zero, the cycles in both must be
of none or min_group teachers or more, for every pair of unions (a union of parts each of a few teachers in V
can bound what no one part does). Started + completed - active is one of these bounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations

from coachlog.domain.cycles import Cycle

Family = Sequence[Sequence[Cycle]]  # a partition of the active cycles (parts may be empty)


def teachers_of(cycles: Iterable[Cycle], cycle_teachers: Mapping[int, frozenset[int]]) -> frozenset[int]:
    found: set[int] = set()
    for cycle in cycles:
        found |= cycle_teachers.get(cycle.id, frozenset())
    return frozenset(found)


def _unions(family: Family) -> Iterator[list[Cycle]]:
    """Every union of some, not all, of a small family's non-empty parts (the others are known as A less it)."""
    parts = [list(part) for part in family if part]
    for size in range(1, len(parts)):
        for chosen in combinations(parts, size):
            yield [cycle for part in chosen for cycle in part]


def _reaches(few: Sequence[tuple[int, frozenset[int]]], need: int, k: int, seen: frozenset[int] = frozenset()) -> bool:
    """Some of `few` (parts: their size, and the teachers of their cycles in V) together exceed `need` cycles with
    their teachers fewer than k."""
    for i, (size, teachers) in enumerate(few):
        union = seen | teachers
        if len(union) >= k:
            continue
        if size > need or _reaches(few[i + 1 :], need - size, k, union):
            return True
    return False


def overlap_bounds_a_few(
    first: Family, second: Family, active: int, cycle_teachers: Mapping[int, frozenset[int]], k: int
) -> bool:
    """Some union U of `first`'s parts and V of `second`'s (a small family: its unions are listed) have
    |U| + |V| - `active` above zero while the cycles in both are of 1..k-1 teachers. For each V, the parts of
    `first` with no cycle in V add cycles to U and no teacher; those with some of fewer than k teachers are
    tried together (any with k or more would make U's teachers in V k or more)."""
    for v in _unions(second):
        ids = {cycle.id for cycle in v}
        free, few = 0, []
        for part in first:
            teachers = teachers_of((c for c in part if c.id in ids), cycle_teachers)
            if not teachers:
                free += len(part)
            elif len(teachers) < k:
                few.append((len(part), teachers))
        if _reaches(few, active - len(v) - free, k):
            return True
    return False
