"""Whether two breakdowns of a shared page, read together, bound a few teachers' time from below.

The page sums units (a week, stance, activity, in a coaching cycle or not), each with the teachers of its
sessions (a week's days in one unit: no figure splits a week, so its days' bounds are the week's). A
breakdown splits the time with teachers S into parts a reader knows: each figure shown, and what the shown
ones leave of a total shown above them (a week's hidden stance cells: the week less its shown cells) or of S.
Times are never negative, so for a group G of teachers the units about G alone (every teacher of the unit in
G) hold at least S less the most time the other units can hold given the parts. Two
breakdowns P and Q make that a transportation problem: parts of P supply, parts of Q demand, and a unit with
a teacher outside G is an edge from its P part to its Q part. The most the other units hold is the maximal
flow, so the bound is S - maxflow: max over rectangles I x J with no such edge of a_I + b_J - S (min cut).
A combination nobody logged counts as G's too (a reader may know it is empty), so it is never an edge.

With time in cycles C shown, a box check splits the units in two: C must fit in the edges of units in cycles,
each part holding at most its minutes (and S - C in those outside), so C - maxflow bounds G's time in cycles
(Frechet: a_I + b_J + C - 2S, for every I x J at once). That is a relaxation of three breakdowns, not the
whole linear program: a bound it finds is real, but three breakdowns can bound more than any two of them or
their box (README, "What is protected").

Which groups G: only the units about 1 to k - 1 teachers can be taken out. Starting from no one, a flow is
found that uses units about k teachers or more first; any G that breaks it must take out a unit the flow
uses, so the search grows G by each such unit's teachers (a few branches, at most k - 1 deep), each grown
group starting from the flow of the group it grew from.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date
from itertools import combinations, product

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import week_start
from coachlog.domain.values import CycleGroup, TeacherGroup

Part = tuple[str, Hashable]  # ("shown", figure), ("lump", total above hidden figures), ("rest", None)
REST: Part = ("rest", None)
MAX_GROUPS = 4_000  # groups tried for one pair; past it the page counts as bounding a few (never seen)
# A bound between the activities and another breakdown is ended by hiding activities, whatever the minutes (the
# bound's own first, then by name): only this page's range sums them. Pages that chose by minutes hid a stance on
# one range and the activities on another (or on the same range after other teachers' sessions), and together
# showed both sides of one bound: the other range's page shows as a week cell the stance the first one hid
# (tests/cli/test_attack_round5.py, finding 5; tests/reports/test_shared_pages.py).
ACTIVITY = "activity"


class Unit(NamedTuple):
    """The finest time a page sums: its teachers, its figure in each breakdown, and whether it is in a cycle."""

    teachers: frozenset[int]
    figures: tuple[Hashable, ...]
    in_cycle: bool = False


class Page(NamedTuple):
    """What a reader holds: the units (teachers only), the breakdowns (each figure -> the total above it), the
    figures shown with their minutes, and the time with teachers."""

    units: Sequence[Unit]
    breakdowns: Sequence[Mapping[Hashable, Hashable]]
    shown: Mapping[Hashable, int]
    total: int


class Leak(NamedTuple):
    """A group of 1 to k - 1 teachers whose time the page bounds above zero; the shown figures that make the
    bound (most minutes first), then the other figures of the two breakdowns: what to hide next."""

    teachers: frozenset[int]
    figures: tuple[Hashable, ...]


def summary_breakdowns(figures: Iterable[Hashable], total: Hashable) -> list[dict[Hashable, Hashable]]:
    """The summary's three breakdowns, from its figure keys: its week x stance cells under their week, the same
    cells under their stance, the activities under the time with teachers (`total`)."""
    cells = [f for f in figures if isinstance(f, tuple) and f[0] == "cell"]
    activities = [f for f in figures if isinstance(f, tuple) and f[0] == "activity"]
    return [{c: ("week", c[1]) for c in cells}, {c: ("stance", c[2]) for c in cells}, dict.fromkeys(activities, total)]


def summary_units(
    groups: Iterable[TeacherGroup] | Iterable[CycleGroup], first_weekday: int, cap: int | None = None
) -> list[Unit]:
    """The summary's units from its teacher groups (a day, stance, activity; in a cycle or not), by week. With `cap`
    (the k that leak is given), a unit about more than k teachers keeps k of them: a unit about k or more is never
    taken out by a group of fewer, nor lets one grow (_table joins a unit's teachers only up to k), so every bound
    leak finds is the same, and a big term's units hold a few ids each instead of thousands."""
    found: dict[tuple[date, str, str, bool], set[int]] = defaultdict(set)
    for group in groups:
        week = week_start(group.local_date, first_weekday)
        who = found[(week, group.stance, group.activity, isinstance(group, CycleGroup) and group.in_cycle)]
        if cap is None or len(who) < cap:
            who.update(capped(group.teachers, cap))
    return [
        Unit(capped(who, cap), (("cell", w, s), ("cell", w, s), ("activity", a)), c)
        for (w, s, a, c), who in found.items()
    ]


def capped(teachers: Collection[int], cap: int | None) -> frozenset[int]:
    """`teachers`, or `cap` of them (the smallest ids) when there are more. Whether some figures or units together
    describe fewer than `cap` teachers, and which few, is the same with each one's `cap` of them in place of all
    (privacy.hidden_figures, leak); a big term's figures each describe thousands, several MiB a page (issue 17)."""
    if cap is None or len(teachers) <= cap:
        return frozenset(teachers)
    return frozenset(sorted(teachers)[:cap])


def bounding(
    units: Sequence[Unit],
    breakdowns: Sequence[Mapping[Hashable, Hashable]],
    minutes: Mapping[Hashable, int],
    total: Hashable,
    k: int,
    in_cycles: tuple[Sequence[Unit], int] | None = None,
) -> Callable[[set[Hashable]], Sequence[Hashable]]:
    """For privacy.hidden_figures: given the hidden figures, those that bound a few teachers' time (empty: none).
    With `in_cycles` (the units split by cycle, and the time in cycles shown beside the page), their boxes too."""

    clear: set[tuple[int, int, bool | None]] = set()  # hiding more only takes equations away: clear stays clear
    boxes: set[tuple[int, int, bool | None]] = set()

    def bounded(hidden: set[Hashable]) -> Sequence[Hashable]:
        shown = {key: value for key, value in minutes.items() if key not in hidden}
        found = leak(Page(units, breakdowns, shown, minutes[total]), k, clear=clear)
        if found is None and in_cycles is not None:
            split, cycle_minutes = in_cycles
            found = leak(Page(split, breakdowns, shown, minutes[total]), k, in_cycles=cycle_minutes, clear=boxes)
        return () if found is None else found.figures

    return bounded


def leak(
    page: Page, k: int, in_cycles: int | None = None, clear: set[tuple[int, int, bool | None]] | None = None
) -> Leak | None:
    """A group of 1 to k - 1 teachers that some two breakdowns bound above zero (with `in_cycles` shown: that
    their boxes with it bound, in cycles or outside), or None. `clear` holds the pairs (and sides) found to bound
    no one: they are skipped, and those found now are added.

    Its figures to hide come in this order. Where one of the two breakdowns is the activities (any shown with
    time): the first activity whose hiding alone ends the bound, else the first activity (the bound's own first,
    then by name, never by minutes, which differ between ranges: see ACTIVITY); hiding one activity of three, the
    others shown, ends nothing (the reader still has it as the time with teachers less the others), so the
    equations then hide a partner beside it. Otherwise the first of the two breakdowns whose hiding alone ends the
    bound (the bound's own first, then the most minutes first). Then the bound's, then the others."""
    sides: list[tuple[bool | None, int]] = [(None, page.total)]
    if in_cycles is not None:
        sides = [(True, in_cycles), (False, page.total - in_cycles)]
    clear = set() if clear is None else clear
    for (i, j), (side, demand) in product(combinations(range(len(page.breakdowns)), 2), sides):
        if (i, j, side) in clear:
            continue
        rows, cols, edges = _table(page, page.shown, (i, j), side, k)
        found = _search(rows, cols, demand, edges, k)
        if found is None:
            clear.add((i, j, side))
            continue
        group, cut = found
        both = {f for b in (page.breakdowns[i], page.breakdowns[j]) for pair in b.items() for f in pair}
        bound = [f for f in map(_figure, cut) if f is not None]
        rest = sorted((f for f in both if f in page.shown), key=lambda f: (-page.shown[f], repr(f)))
        activities = sorted(
            (f for f in rest if page.shown[f] and _kind(f) == ACTIVITY), key=lambda f: (f not in bound, repr(f))
        )
        candidates = activities or [f for f in dict.fromkeys([*bound, *rest]) if page.shown[f]]
        ends = next((f for f in candidates if _ends(page, f, (i, j), side, demand, group, k)), None)
        return Leak(group, tuple(dict.fromkeys([*([ends] if ends is not None else []), *activities, *bound, *rest])))
    return None


def _kind(figure: Hashable) -> Hashable:
    """A figure key's kind: "activity", "cell", "week", "stance" (None for the time with teachers)."""
    return figure[0] if isinstance(figure, tuple) and len(figure) > 1 else None


def _ends(
    page: Page, figure: Hashable, pair: tuple[int, int], side: bool | None, demand: int, group: frozenset[int], k: int
) -> bool:
    """Hiding `figure` alone leaves the two breakdowns no bound on `group`'s time."""
    shown = {key: value for key, value in page.shown.items() if key != figure}
    rows, cols, edges = _table(page, shown, pair, side, k)
    return _fit(rows, cols, edges, _links(edges), group, k, demand)[0] >= demand


def _table(
    page: Page, shown: Mapping[Hashable, int], pair: tuple[int, int], side: bool | None, k: int
) -> tuple[dict[Part, int], dict[Part, int], dict[tuple[Part, Part], frozenset[int]]]:
    """Two breakdowns' parts (rows and columns, with their minutes) and the units between them (on one `side` of
    cycles, unless None), each edge with the teachers of its units (or k of them: no group of fewer takes it out)."""
    (row_of, rows), (col_of, cols) = (_parts(page.breakdowns[n], shown, page.total) for n in pair)
    edges: dict[tuple[Part, Part], frozenset[int]] = defaultdict(frozenset)
    for unit in page.units:
        if side is None or unit.in_cycle == side:
            edge = (row_of[unit.figures[pair[0]]], col_of[unit.figures[pair[1]]])
            if len(edges[edge]) < k:
                edges[edge] = edges[edge] | unit.teachers
    return rows, cols, edges


def _parts(
    breakdown: Mapping[Hashable, Hashable], shown: Mapping[Hashable, int], total: int
) -> tuple[dict[Hashable, Part], dict[Part, int]]:
    """Each figure's part as the reader knows it, and each part's minutes: a shown figure is its own part; the
    hidden figures under a shown total are one (the total less its shown figures); the rest are one (S less
    the others)."""
    part_of: dict[Hashable, Part] = {}
    values: dict[Part, int] = {}
    for figure, above in breakdown.items():
        if figure in shown:
            part_of[figure] = ("shown", figure)
        elif above in shown:
            part_of[figure] = ("lump", above)
            values[("lump", above)] = shown[above]
        else:
            part_of[figure] = REST
    for figure, above in breakdown.items():
        if figure in shown:
            values[("shown", figure)] = shown[figure]
            if ("lump", above) in values:
                values[("lump", above)] -= shown[figure]
    values[REST] = total - sum(values.values())
    return part_of, values


def _figure(part: Part) -> Hashable | None:
    """The shown figure whose hiding merges `part` with others: itself, or the total above a lump."""
    return None if part == REST else part[1]


def _search(
    rows: Mapping[Part, int],
    cols: Mapping[Part, int],
    demand: int,
    edges: Mapping[tuple[Part, Part], frozenset[int]],
    k: int,
) -> tuple[frozenset[int], list[Part]] | None:
    """A group G of fewer than k teachers with which `demand` no longer fits in the edges left (those with a
    teacher outside G), and the parts of the bound (a min cut's rectangle, most minutes first); or None."""
    seen: set[frozenset[int]] = {frozenset()}
    stack: list[tuple[frozenset[int], dict[tuple[Part, Part], int]]] = [(frozenset(), {})]
    links = _links(edges)
    while stack:
        group, start = stack.pop()
        sent, flow, reached_rows, reached_cols = _fit(rows, cols, edges, links, group, k, demand, start)
        if sent < demand:
            cut = [(rows[r], r) for r in reached_rows] + [(cols[c], c) for c in cols if c not in reached_cols]
            return group, [part for value, part in sorted(cut, key=lambda vp: (-vp[0], repr(vp[1]))) if value]
        for (row, col), amount in flow.items():
            grown = group | edges[(row, col)]
            if amount and len(grown) < k and grown not in seen:
                seen.add(grown)
                stack.append((grown, flow))  # the child starts from this flow, less what it takes out
        if len(seen) > MAX_GROUPS:
            return frozenset(), [*rows, *cols]
    return None


Links = tuple[dict[Part, list[Part]], dict[Part, list[Part]]]  # each row's columns, each column's rows


def _links(edges: Iterable[tuple[Part, Part]]) -> Links:
    out: dict[Part, list[Part]] = defaultdict(list)
    into: dict[Part, list[Part]] = defaultdict(list)
    for row, col in edges:
        out[row].append(col)
        into[col].append(row)
    return out, into


def _fit(
    rows: Mapping[Part, int],
    cols: Mapping[Part, int],
    edges: Mapping[tuple[Part, Part], frozenset[int]],
    links: Links,
    group: frozenset[int],
    k: int,
    demand: int,
    start: Mapping[tuple[Part, Part], int] | None = None,
) -> tuple[int, dict[tuple[Part, Part], int], set[Part], set[Part]]:
    """The most time (up to `demand`) the units with a teacher outside `group` can hold: a maximal flow over their
    edges, found through the edges no group of fewer than k teachers can take out first; the flow; the cut's
    source side (when short of `demand`). From `start` (a parent group's flow), only what it loses is found again.
    """
    gone = {edge for edge, who in edges.items() if who and who <= group}  # units about the group alone
    if start:
        flow = {edge: amount for edge, amount in start.items() if amount and edge not in gone}
        sent, reached_rows, reached_cols = _augment(rows, cols, links, gone, flow, demand)
        return sent, flow, reached_rows, reached_cols
    flow = {}
    small = {edge for edge, who in edges.items() if who and len(who | group) < k}
    _augment(rows, cols, links, gone | small, flow, demand)
    sent, reached_rows, reached_cols = _augment(rows, cols, links, gone, flow, demand)
    return sent, flow, reached_rows, reached_cols


def _augment(
    rows: Mapping[Part, int],
    cols: Mapping[Part, int],
    links: Links,
    skip: set[tuple[Part, Part]],
    flow: dict[tuple[Part, Part], int],
    limit: int,
) -> tuple[int, set[Part], set[Part]]:
    """Augment `flow` (in place) to a maximal one over the edges of `links` not in `skip`, or one of value
    `limit` (rows supply at most their minutes, columns take at most theirs); its value and the rows and columns
    the last search reached (a minimal cut's source side; empty when `limit` is reached)."""
    out, into = links
    supplied: dict[Part, int] = defaultdict(int)
    taken: dict[Part, int] = defaultdict(int)
    for (row, col), amount in flow.items():
        supplied[row] += amount
        taken[col] += amount
    sent = sum(supplied.values())
    for row, targets in out.items():  # a greedy start: most of the flow without a search
        for col in targets:
            amount = min(rows[row] - supplied[row], cols[col] - taken[col], limit - sent)
            if amount > 0 and (row, col) not in skip:
                flow[(row, col)] = flow.get((row, col), 0) + amount
                supplied[row] += amount
                taken[col] += amount
                sent += amount
    while sent < limit:
        row_from: dict[Part, Part | None] = {r: None for r in rows if supplied[r] < rows[r]}
        col_from: dict[Part, Part] = {}
        queue, end = deque(row_from), None
        while queue and end is None:
            row = queue.popleft()
            for col in out[row]:
                if col in col_from or (row, col) in skip:
                    continue
                col_from[col] = row
                if taken[col] < cols[col]:
                    end = col
                    break
                for back in into[col]:
                    if flow.get((back, col), 0) > 0 and back not in row_from:
                        row_from[back] = col
                        queue.append(back)
        if end is None:
            return sent, set(row_from), set(col_from)
        path, col = [], end
        while True:
            row = col_from[col]
            path.append((row, col))
            before = row_from[row]
            if before is None:
                break
            path.append((row, before))  # flow pushed back: row sends less to `before`
            col = before
        amount = min(cols[end] - taken[end], rows[row] - supplied[row], limit - sent)
        amount = min([amount, *(flow[edge] for n, edge in enumerate(path) if n % 2)])
        for n, edge in enumerate(path):
            flow[edge] = flow.get(edge, 0) + (-amount if n % 2 else amount)
        supplied[row] += amount
        taken[end] += amount
        sent += amount
    return sent, set(), set()
