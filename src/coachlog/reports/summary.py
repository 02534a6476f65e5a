"""The leadership summary: one plain data structure that every format renders.

Built from the same Report as `coachlog report` (so its figures equal the report's)
plus who each figure describes, which decides what is hidden (see privacy.py).
A figure that is hidden is None here, with the reason beside it; renderers only
choose how to say it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from coachlog.domain.periods import Period, week_start
from coachlog.domain.values import STANCES, TeacherCell, TeacherGroup, Voice, grouped
from coachlog.reports.bounds import Page, Unit, bounding, summary_breakdowns, summary_units
from coachlog.reports.leaders import FigureSection
from coachlog.reports.privacy import FEWER, PROTECTS, Line, hidden_figures
from coachlog.reports.report import Report, percent

ALL = ("all",)  # the key figure "time with teachers": always shown


@dataclass(frozen=True)
class StanceShare:
    stance: str
    minutes: int | None
    percent: float | None  # of the time with teachers
    target: float | None = None
    difference: float | None = None  # percentage points above (+) or below (-) the target
    hidden: str | None = None


@dataclass(frozen=True)
class WeekTrend:
    start: date
    stances: dict[str, int | None]
    with_teachers: int | None
    duty_minutes: int
    hidden: str | None = None  # the whole week's time with teachers
    hidden_stances: dict[str, str] = field(default_factory=dict)  # stance -> why its cell is not shown

    @property
    def not_shown(self) -> int | None:
        """Minutes of the week's hidden stance cells together (the total less the shown cells)."""
        if self.with_teachers is None:
            return None
        return self.with_teachers - sum(m for m in self.stances.values() if m is not None)


@dataclass(frozen=True)
class ActivityShare:
    activity: str
    minutes: int | None
    percent: float | None
    hidden: str | None = None


@dataclass(frozen=True)
class Comparison:
    """This period against the one before: its figures and the changes (None where hidden).

    A period about fewer than min_group teachers hides its own figures and every change
    against it: its time with teachers would describe them, and so would any difference.
    """

    label: str
    period: Period
    logged_minutes: int | None
    with_teachers_minutes: int | None
    teachers: int | None
    stance_percent: dict[str, float | None]
    logged_change: int | None
    with_teachers_change: int | None
    teachers_change: int | None
    stance_change: dict[str, float | None]


@dataclass(frozen=True)
class Summary:
    coach: str | None
    school: str | None
    period: Period
    made: date
    min_group: int
    names_shown: bool
    empty: bool  # nothing logged in the period
    logged_minutes: int | None  # None, like the next five, when too_few: they would describe those teachers
    with_teachers_minutes: int | None
    sessions: int | None
    teachers: int | None
    staff: int | None
    duty_minutes: int  # duties describe no teacher: always shown
    duty_percent: float | None
    with_teachers_percent: float | None
    with_teachers_target: float | None
    stances: tuple[StanceShare, ...]
    duty_by_kind: dict[str, int]
    weeks: tuple[WeekTrend, ...]
    previous: Comparison | None
    activities: tuple[ActivityShare, ...]
    voices: tuple[Voice, ...]
    teacher_names: tuple[str, ...] = field(default=())  # only with --names
    too_few: bool = False  # the period covers fewer than min_group teachers: no breakdowns, no key figures
    widen_from: date | None = None  # when most figures are hidden: the latest start that would show the stances
    # More figures, each section rendered alike in every format (reports/leaders.py): "Coaching work" (prep,
    # stance movement, coaching lost); a "Cycles and reach" section is added the same way.
    figures: tuple[FigureSection, ...] = ()
    page: Page | None = None  # the figures shown, as bounds.py reads them (time in cycles is checked against them)

    @property
    def mostly_hidden(self) -> bool:
        """The stance mix is not all shown, and nor are more than half the breakdown figures (stances, week
        cells, activities) with time: the page is worth a line on why, and on the range that would show."""
        if self.too_few:
            return True
        flags = [s.hidden is not None for s in self.stances if s.minutes != 0]
        if not any(flags):
            return False
        for week in self.weeks:
            flags += [week.hidden is not None or s in week.hidden_stances for s in STANCES if week.stances[s] != 0]
        flags += [a.hidden is not None for a in self.activities]
        return sum(flags) > len(flags) / 2

    @property
    def has_targets(self) -> bool:
        return self.with_teachers_target is not None or any(s.target is not None for s in self.stances)

    @property
    def with_teachers_difference(self) -> float | None:
        if self.with_teachers_target is None or self.with_teachers_percent is None:
            return None
        return round(self.with_teachers_percent - self.with_teachers_target, 1)


@dataclass
class _Figures:
    """Minutes and the teachers they describe, by figure key, for one period; and the table lines."""

    minutes: dict[Hashable, int] = field(default_factory=lambda: defaultdict(int))
    teachers: dict[Hashable, frozenset[int]] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # what the figures sum, for the bounds two of them give
    breakdowns: list[dict[Hashable, Hashable]] = field(default_factory=list)

    def hidden(self, min_group: int) -> dict[Hashable, str]:
        bounded = bounding(self.units, self.breakdowns, self.minutes, ALL, min_group) if self.units else None
        keys = hidden_figures(self.teachers, self.minutes, self.lines, min_group, frozenset({ALL}), bounded)
        return {key: FEWER if len(self.teachers[key]) < min_group else PROTECTS for key in keys}

    def page(self, hidden: Mapping[Hashable, str]) -> Page:
        return Page(
            self.units, self.breakdowns, {k: m for k, m in self.minutes.items() if k not in hidden}, self.minutes[ALL]
        )


Cells = Iterable[TeacherCell] | Iterable[TeacherGroup]


def _figures(report: Report, cells: Cells, first_weekday: int) -> _Figures:
    """The summary's figures: stance x week cells, week and stance totals, activities, all."""
    parts: dict[Hashable, list[frozenset[int]]] = defaultdict(list)  # each figure's groups, united once at the end
    for group in grouped(cells):
        week = week_start(group.local_date, first_weekday)
        for key in (("cell", week, group.stance), ("week", week), ("stance", group.stance), ALL):
            parts[key].append(group.teachers)
    figures = _Figures()
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
    for figure in list(figures.minutes):
        figures.teachers[figure] = frozenset().union(*parts.get(figure, ()))
    return figures


def _with_activities(figures: _Figures, activity_minutes: dict[str, int], cells: Cells, first_weekday: int) -> None:
    """The activities' figures and line, and what the page's breakdowns need to bound a few teachers' time."""
    parts: dict[str, list[frozenset[int]]] = defaultdict(list)
    for group in grouped(cells):
        parts[group.activity].append(group.teachers)
    for activity, minutes in activity_minutes.items():
        figures.minutes[("activity", activity)] = minutes
        figures.teachers[("activity", activity)] = frozenset().union(*parts.get(activity, ()))
    figures.lines.append(Line(ALL, tuple(("activity", a) for a in activity_minutes)))
    figures.breakdowns = summary_breakdowns(figures.minutes, ALL)
    figures.units = summary_units(grouped(cells), first_weekday)


def _stance_percents(report: Report, hidden: dict[Hashable, str], min_group: int) -> dict[str, float | None]:
    """Shares of the time with teachers; None where hidden, all None for too few teachers or no such time."""
    if report.session_minutes == 0 or _too_few(report, min_group):
        return dict.fromkeys(STANCES)
    return {s.stance: None if ("stance", s.stance) in hidden else s.percent for s in report.stances}


def _nothing_logged(report: Report) -> bool:
    """No entry at all: told by the counts, never by the minutes, which are rounded (a short session's unit
    may round to 0 minutes, and a page saying "nothing logged" would tell it)."""
    return report.sessions == 0 and report.duty_minutes == 0 and report.prep_minutes == 0


def _too_few(report: Report, min_group: int) -> bool:
    """The whole period describes fewer than min_group teachers: every breakdown would describe them."""
    return 0 < report.teachers < min_group


def plain(text: str | None) -> str | None:
    """Text typed by the coach or a teacher, without control characters (no terminal escapes in any format)."""
    if text is None or text.isprintable():  # most text: nothing to replace (a newline is not printable)
        return text
    return "".join(c if c.isprintable() else " " for c in text.replace("\r\n", "\n").replace("\n", " "))


def build_summary(
    *,
    report: Report,
    cells: list[TeacherCell] | list[TeacherGroup],
    activity_minutes: dict[str, int],
    voices: list[Voice],
    previous: tuple[Report, list[TeacherCell] | list[TeacherGroup]] | None,
    coach: str | None,
    school: str | None,
    staff: int | None,
    targets: dict[str, float],
    with_teachers_target: float | None,
    min_group: int,
    first_weekday: int,
    made: date,
    teacher_names: list[str] | None = None,
) -> Summary:
    """A Summary of `report` (and the period before it); `teacher_names` given means --names."""
    figures = _figures(report, cells, first_weekday)
    _with_activities(figures, activity_minutes, cells, first_weekday)
    hidden = figures.hidden(min_group)
    too_few = _too_few(report, min_group)
    if too_few:  # hide every breakdown, zeros too: a lone non-zero stance would equal the total
        hidden = {key: FEWER for key in figures.minutes if key != ALL}
    return Summary(
        coach=plain(coach),
        school=plain(school),
        period=report.period,
        made=made,
        min_group=min_group,
        names_shown=teacher_names is not None,
        empty=_nothing_logged(report),
        logged_minutes=None if too_few else report.logged_minutes,
        with_teachers_minutes=None if too_few else report.session_minutes,
        sessions=None if too_few else report.sessions,
        teachers=None if too_few else report.teachers,
        staff=staff,
        duty_minutes=report.duty_minutes,
        duty_percent=None if too_few else report.duty_percent,
        with_teachers_percent=None if too_few else percent(report.session_minutes, report.logged_minutes),
        with_teachers_target=with_teachers_target,
        stances=_stance_shares(report, hidden, targets),
        duty_by_kind=report.duty_by_kind,
        weeks=_week_trends(report, hidden),
        previous=_comparison(report, hidden, previous, min_group, first_weekday),
        activities=() if too_few else _activity_shares(report, activity_minutes, hidden),
        voices=tuple(Voice(v.local_date, plain(v.helpful), plain(v.story), v.teachers) for v in voices),
        too_few=too_few,
        teacher_names=tuple(teacher_names or ()),
        page=figures.page(hidden),
    )


def _stance_shares(report: Report, hidden: dict[Hashable, str], targets: dict[str, float]) -> tuple[StanceShare, ...]:
    """Each stance's minutes and share, with its target; None where hidden (shares too when nothing was logged)."""
    no_sessions = report.session_minutes == 0
    stances = []
    for share in report.stances:
        why = hidden.get(("stance", share.stance))
        target = targets.get(share.stance)
        shown = why is None and not no_sessions
        stances.append(
            StanceShare(
                stance=share.stance,
                minutes=share.minutes if why is None else None,
                percent=share.percent if shown else None,
                target=target,
                difference=round(share.percent - target, 1) if shown and target is not None else None,
                hidden=why,
            )
        )
    return tuple(stances)


def _week_trends(report: Report, hidden: dict[Hashable, str]) -> tuple[WeekTrend, ...]:
    """Each week's stance cells and total; a hidden week hides all its cells, duties always shown."""
    weeks = []
    for row in report.weeks:
        week = date.fromisoformat(row.label)
        why = hidden.get(("week", week))
        weeks.append(
            WeekTrend(
                start=week,
                stances={s: None if why or ("cell", week, s) in hidden else row.stance_minutes[s] for s in STANCES},
                with_teachers=None if why else row.session_minutes,
                duty_minutes=row.duty_minutes,  # duties describe no teacher
                hidden=why,
                hidden_stances={
                    s: why or hidden[("cell", week, s)] for s in STANCES if why or ("cell", week, s) in hidden
                },
            )
        )
    return tuple(weeks)


def _activity_shares(
    report: Report, activity_minutes: dict[str, int], hidden: dict[Hashable, str]
) -> tuple[ActivityShare, ...]:
    """Activities, most minutes first, then the hidden ones by name: a hidden row placed by its true time would
    be bounded by its neighbours. Not called for too few teachers: even their names would describe them."""

    def order(item: tuple[str, int]) -> tuple[bool, int, str]:
        activity, minutes = item
        concealed = ("activity", activity) in hidden
        return (concealed, 0 if concealed else -minutes, activity)

    activities = []
    for activity, minutes in sorted(activity_minutes.items(), key=order):
        why = hidden.get(("activity", activity))
        activities.append(
            ActivityShare(
                activity=plain(activity) or "(none given)",
                minutes=None if why else minutes,
                percent=None if why else percent(minutes, report.session_minutes),
                hidden=why,
            )
        )
    return tuple(activities)


def _comparison(
    report: Report,
    hidden: dict[Hashable, str],
    previous: tuple[Report, list[TeacherCell] | list[TeacherGroup]] | None,
    min_group: int,
    first_weekday: int,
) -> Comparison | None:
    if previous is None:
        return None
    before, cells = previous
    if _nothing_logged(before):
        return None
    before_shares = _stance_percents(before, _figures(before, cells, first_weekday).hidden(min_group), min_group)
    now_shares = _stance_percents(report, hidden, min_group)
    then_hidden = _too_few(before, min_group)
    either_hidden = then_hidden or _too_few(report, min_group)
    return Comparison(
        label=before.period.label,
        period=before.period,
        logged_minutes=None if then_hidden else before.logged_minutes,
        with_teachers_minutes=None if then_hidden else before.session_minutes,
        teachers=None if then_hidden else before.teachers,
        stance_percent=before_shares,
        logged_change=None if either_hidden else report.logged_minutes - before.logged_minutes,
        with_teachers_change=None if either_hidden else report.session_minutes - before.session_minutes,
        teachers_change=None if either_hidden else report.teachers - before.teachers,
        stance_change={s: _change(now_shares[s], before_shares[s]) for s in STANCES},
    )


def _change(now: float | None, before: float | None) -> float | None:
    """Percentage points from `before` to `now`, or None when either is hidden."""
    if now is None or before is None:
        return None
    return round(now - before, 1)


def start_that_shows(
    cells: Iterable[TeacherCell], start: date, end: date, earliest: date, min_group: int
) -> date | None:
    """The latest start before `start`, a week at a time and no earlier than the week of `earliest`, from
    which to `end` every stance describes no teacher or min_group of them or more: a range whose stance mix
    shows. None when no such range ends on `end`."""
    by_date = sorted((c for c in cells if c.local_date <= end), key=lambda c: c.local_date, reverse=True)
    teachers: dict[str, set[int]] = defaultdict(set)
    everyone: set[int] = set()
    candidate, i = start, 0
    while candidate > earliest:
        candidate -= timedelta(days=7)
        while i < len(by_date) and by_date[i].local_date >= candidate:
            teachers[by_date[i].stance].add(by_date[i].teacher_id)
            everyone.add(by_date[i].teacher_id)
            i += 1
        if len(everyone) >= min_group and all(len(t) >= min_group for t in teachers.values()):
            return candidate
    return None
