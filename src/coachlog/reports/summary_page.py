"""The figures of one summary page and which of them it hides: built the same way for the summary's own period
and for the period before it, so the comparison shows of that period only what its own summary shows.

A page's figures are the weeks' stance cells, the week and stance totals, the activities and the time with
teachers (ALL, always shown), each with the teachers it describes and the lines a reader can check; and the units
they are summed from, which bound a few teachers' time beside two breakdowns (bounds.py). `page_hidden` is the
whole check a summary makes: the equations (privacy.py), the two-breakdown bound, and a period about fewer than
min_group teachers hiding every breakdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from datetime import date
from typing import cast

from coachlog.domain.periods import week_start
from coachlog.domain.values import STANCES, TeacherCell, TeacherGroup, grouped
from coachlog.reports.beside import CycleSplit, Pins, cycles_shown, stance_pins
from coachlog.reports.bounds import Page, Unit, bounding, capped, summary_breakdowns, summary_units
from coachlog.reports.privacy import FEWER, PROTECTS, Line, Solver, hidden_figures
from coachlog.reports.report import Report
from coachlog.reports.unit_solve import unit_solver

ALL = ("all",)  # the key figure "time with teachers": always shown

Cells = Iterable[TeacherCell] | Iterable[TeacherGroup]


class PageFigures:
    """Minutes and the teachers they describe, by figure key, for one period; and the table lines. Filled in place:
    a plain class (a dataclass would cost its module and a millisecond to create, issue 17)."""

    __slots__ = ("breakdowns", "cap", "lines", "minutes", "sizes", "teachers", "units")

    def __init__(self, cap: int | None = None) -> None:
        self.minutes: dict[Hashable, int] = defaultdict(int)
        self.teachers: dict[Hashable, frozenset[int]] = {}  # at most `cap` of them (see capped)
        self.sizes: dict[Hashable, int] = {}  # how many teachers each figure describes
        self.cap = cap
        self.lines: list[Line] = []
        self.units: list[Unit] = []  # what the figures sum, for the bounds two of them give
        self.breakdowns: list[dict[Hashable, Hashable]] = []

    def hidden(self, min_group: int, pins: Pins | None = None) -> dict[Hashable, str]:
        pins = Pins() if pins is None else pins
        cycles = None if pins.in_cycles is None else (pins.cycle_units, pins.in_cycles)
        bounded = bounding(self.units, self.breakdowns, self.minutes, ALL, min_group, cycles) if self.units else None
        shown = frozenset({ALL}) | pins.figures
        solved = self.solver(pins)
        keys = hidden_figures(
            self.teachers, self.minutes, self.lines, min_group, shown, bounded, sizes=self.sizes, solved=solved
        )
        return {key: FEWER if self.sizes[key] < min_group else PROTECTS for key in keys}

    def solver(self, pins: Pins) -> Solver | None:
        """What the figures solve as sums of the page's units (unit_solve.py): with time in cycles where the row
        shows it, of the units split by cycle, that time one more sum known."""
        units = self.units if pins.in_cycles is None else pins.cycle_units
        if not units:
            return None
        support: dict[Hashable, set[int]] = defaultdict(set)
        for index, unit in enumerate(units):
            cell, _, activity = unit.figures
            _, week, stance = cast(tuple[str, date, str], cell)
            for key in (cell, ("week", week), ("stance", stance), activity, ALL):
                support[key].add(index)
        rows = {key: frozenset(support.get(key, ())) for key in self.minutes}
        known = () if pins.in_cycles is None else (frozenset(i for i, unit in enumerate(units) if unit.in_cycle),)
        return unit_solver(rows, known)

    def describe(self, figure: Hashable, teachers: frozenset[int]) -> None:
        """`figure` describes `teachers`: kept capped (privacy.hidden_figures, bounds.leak), counted exactly."""
        self.sizes[figure] = len(teachers)
        self.teachers[figure] = capped(teachers, self.cap)

    def page(self, hidden: Mapping[Hashable, str]) -> Page:
        return Page(
            self.units, self.breakdowns, {k: m for k, m in self.minutes.items() if k not in hidden}, self.minutes[ALL]
        )


def too_few(report: Report, min_group: int) -> bool:
    """The whole period describes fewer than min_group teachers: every breakdown would describe them."""
    return 0 < report.teachers < min_group


def page_figures(
    report: Report, cells: Cells, activity_minutes: Mapping[str, int], first_weekday: int, cap: int | None = None
) -> PageFigures:
    """The page's figures (stance x week cells, week and stance totals, activities, all), its lines and units; with
    `cap` (the min_group it will be checked with), the teachers of each figure and unit capped to it (capped)."""
    figures = _figures(report, cells, first_weekday, cap)
    _with_activities(figures, activity_minutes, cells, first_weekday)
    return figures


def page_hidden(report: Report, figures: PageFigures, min_group: int, pins: Pins | None = None) -> dict[Hashable, str]:
    """The figures the page hides and why: every check a summary makes (a period of too few hides them all). With
    `pins` (page_pins), never those: the figures the coach's team row of the same range shows."""
    if too_few(report, min_group):  # hide every breakdown, zeros too: a lone non-zero stance would equal the total
        return {key: FEWER for key in figures.minutes if key != ALL}
    pins = page_pins(report, figures, min_group) if pins is None else pins
    hidden = figures.hidden(min_group, pins)
    if hidden and pins.equation:  # only what the row shows: its own rule (cycle_hidden) bounds nothing with it
        shown = pins.figures | {ALL}
        hidden |= {key: PROTECTS for key in figures.minutes if key not in shown | set(hidden) and figures.minutes[key]}
    return hidden


def page_pins(
    report: Report, figures: PageFigures, min_group: int, cycles: CycleSplit | None = None, first_weekday: int = 0
) -> Pins:
    """The page's figures its coach's team row of the same range shows (beside.py): the stances the row's own rule
    leaves, and time in cycles (`cycles`: the sessions split by cycle) where the row shows it. None when the row is
    not shown (its sessions describe fewer than min_group teachers)."""
    everyone = figures.sizes.get(ALL, 0)
    if too_few(report, min_group) or everyone < min_group:
        return Pins()
    stances = [figures.minutes[("stance", s)] for s in STANCES]
    shown, hidden = stance_pins(figures.minutes, figures.teachers, figures.sizes, everyone, min_group)
    if cycles is None or not cycles_shown(cycles, stances, figures.minutes[ALL], hidden, min_group):
        return Pins(shown)
    units = summary_units(cycles.groups, first_weekday, figures.cap)
    return Pins(shown, cycles.minutes, units, equation=cycles.minutes > 0 and not cycles.mixed)


def _figures(report: Report, cells: Cells, first_weekday: int, cap: int | None) -> PageFigures:
    """The summary's figures: stance x week cells, week and stance totals, activities, all."""
    figures = PageFigures(cap=cap)
    weeks = [date.fromisoformat(row.label) for row in report.weeks]
    for row, week in zip(report.weeks, weeks, strict=True):
        for stance in STANCES:
            figures.minutes[("cell", week, stance)] = row.stance_minutes[stance]
        figures.minutes[("week", week)] = row.session_minutes
        figures.lines.append(Line(("week", week), tuple(("cell", week, s) for s in STANCES), blank=True))
    for share in report.stances:
        figures.minutes[("stance", share.stance)] = share.minutes
        figures.lines.append(Line(("stance", share.stance), tuple(("cell", w, share.stance) for w in weeks)))
    figures.minutes[ALL] = report.session_minutes
    figures.lines.append(Line(ALL, tuple(("stance", s) for s in STANCES)))
    figures.lines.append(Line(ALL, tuple(("week", w) for w in weeks)))
    by_week: dict[date, list[TeacherGroup]] = defaultdict(list)
    for group in grouped(cells):
        by_week[week_start(group.local_date, first_weekday)].append(group)
    who = Who(cap)
    for week, groups in by_week.items():  # a week at a time: its cells, then the week and the stances from them
        for group in groups:
            who.add(("cell", week, group.stance), group.teachers)
        for stance in STANCES:
            if ("cell", week, stance) in who.found:
                who.unite([("week", week), ("stance", stance)], ("cell", week, stance))
        who.finish(("week", week))
    for stance in STANCES:
        who.unite([ALL], ("stance", stance))
    who.finish(ALL)
    who.describe(figures)
    return figures


class Who:
    """The teachers each figure describes, a week's and a stance's united from their cells and all from the
    stances (each id added once a level, not once for each figure it is in), with the `cap` smallest of each
    (bounds.capped) taken from the smallest of its parts: a big term's figures each describe thousands, and
    uniting every figure's groups, then sorting each, was a fifth of a summary's work at a million entries
    (issue 17). A figure's set is dropped once it is counted (finish)."""

    def __init__(self, cap: int | None) -> None:
        self.cap = cap
        self.found: dict[Hashable, set[int]] = {}
        self.smallest: dict[Hashable, list[int]] = defaultdict(list)  # the cap smallest of each part, unsorted
        self.sizes: dict[Hashable, int] = {}
        self.kept: dict[Hashable, frozenset[int]] = {}

    def add(self, figure: Hashable, teachers: Collection[int]) -> None:
        """`figure` describes `teachers` (a group's) too."""
        found = self.found.get(figure)
        if found is None:
            self.found[figure] = found = set()
        found.update(teachers)
        if self.cap is not None:
            self.smallest[figure] += sorted(teachers)[: self.cap]  # a group's sorted tuple: one pass

    def unite(self, totals: Iterable[Hashable], part: Hashable) -> None:
        """Each of `totals` describes the teachers of `part` too; `part` is counted and its set dropped."""
        found = self.found.get(part, set())
        smallest = self._capped(part)
        for total in totals:
            self.add(total, ())
            self.found[total].update(found)
            self.smallest[total] += smallest
        self.finish(part)

    def finish(self, figure: Hashable) -> None:
        """Count `figure`'s teachers and keep the cap smallest of them; drop the rest."""
        found = self.found.pop(figure, set())
        self.sizes[figure] = len(found)
        self.kept[figure] = frozenset(found) if self.cap is None else frozenset(self._capped(figure))
        self.smallest.pop(figure, None)

    def _capped(self, figure: Hashable) -> list[int]:
        if self.cap is None:
            return []
        return sorted(set(self.smallest.get(figure, ())))[: self.cap]

    def describe(self, figures: PageFigures, keys: Iterable[Hashable] | None = None) -> None:
        """Each of the page's figures (or `keys`): how many teachers it describes and the cap smallest of them."""
        for figure in list(figures.minutes) if keys is None else keys:
            figures.sizes[figure] = self.sizes.get(figure, 0)
            figures.teachers[figure] = self.kept.get(figure, frozenset())


def _with_activities(
    figures: PageFigures, activity_minutes: Mapping[str, int], cells: Cells, first_weekday: int
) -> None:
    """The activities' figures and line, and what the page's breakdowns need to bound a few teachers' time."""
    by_activity: dict[str, list[TeacherGroup]] = defaultdict(list)
    for group in grouped(cells):
        by_activity[group.activity].append(group)
    who = Who(figures.cap)
    for activity, minutes in activity_minutes.items():  # one at a time: a set of its teachers, counted, dropped
        figures.minutes[("activity", activity)] = minutes
        for group in by_activity.get(activity, ()):
            who.add(("activity", activity), group.teachers)
        who.finish(("activity", activity))
    who.describe(figures, [("activity", a) for a in activity_minutes])
    figures.lines.append(Line(ALL, tuple(("activity", a) for a in activity_minutes)))
    figures.breakdowns = summary_breakdowns(figures.minutes, ALL)
    figures.units = summary_units(grouped(cells), first_weekday, figures.cap)
