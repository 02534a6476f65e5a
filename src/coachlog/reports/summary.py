"""The leadership summary: one plain data structure that every format renders.

Built from the same Report as `coachlog report` (so its figures equal the report's)
plus who each figure describes, which decides what is hidden (see privacy.py).
A figure that is hidden is None here, with the reason beside it; renderers only
choose how to say it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from datetime import date, timedelta

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period
from coachlog.domain.values import STANCES, TeacherCell, TeacherGroup, Voice
from coachlog.reports.beside import CycleSplit
from coachlog.reports.bounds import Page
from coachlog.reports.leaders import FigureSection
from coachlog.reports.report import Report, percent
from coachlog.reports.summary_page import page_figures, page_hidden, page_pins
from coachlog.reports.summary_page import too_few as _too_few


class StanceShare(NamedTuple):
    stance: str
    minutes: int | None
    percent: float | None  # of the time with teachers
    target: float | None = None
    difference: float | None = None  # percentage points above (+) or below (-) the target
    hidden: str | None = None


class WeekTrend(NamedTuple):
    start: date
    stances: dict[str, int | None]
    with_teachers: int | None
    duty_minutes: int
    hidden: str | None  # the whole week's time with teachers
    hidden_stances: dict[str, str]  # stance -> why its cell is not shown

    @property
    def not_shown(self) -> int | None:
        """Minutes of the week's hidden stance cells together (the total less the shown cells)."""
        if self.with_teachers is None:
            return None
        return self.with_teachers - sum(m for m in self.stances.values() if m is not None)


class ActivityShare(NamedTuple):
    activity: str
    minutes: int | None
    percent: float | None
    hidden: str | None = None


class Comparison(NamedTuple):
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


Previous = tuple[Report, list[TeacherCell] | list[TeacherGroup], dict[str, int]]  # its report, cells, activities


class Summary(NamedTuple):
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
    teacher_names: tuple[str, ...] = ()  # only with --names
    too_few: bool = False  # the period covers fewer than min_group teachers: no breakdowns, no key figures
    widen_from: date | None = None  # when most figures are hidden: the latest start that would show the stances
    # More figures, each section rendered alike in every format (reports/leaders.py): "Coaching work" (prep,
    # stance movement, coaching lost); a "Cycles and reach" section is added the same way.
    figures: tuple[FigureSection, ...] = ()
    page: Page | None = None  # the figures shown, as bounds.py reads them (time in cycles is checked against them)
    in_cycles_pinned: bool = False  # the coach's team row shows time in cycles: the page's figures were chosen with it

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


def _stance_percents(report: Report, hidden: dict[Hashable, str], min_group: int) -> dict[str, float | None]:
    """Shares of the time with teachers; None where hidden, all None for too few teachers or no such time."""
    if report.session_minutes == 0 or _too_few(report, min_group):
        return dict.fromkeys(STANCES)
    return {s.stance: None if ("stance", s.stance) in hidden else s.percent for s in report.stances}


def _nothing_logged(report: Report) -> bool:
    """No entry at all: told by the counts, never by the minutes, which are rounded (a short session's unit
    may round to 0 minutes, and a page saying "nothing logged" would tell it)."""
    return report.sessions == 0 and report.duty_minutes == 0 and report.prep_minutes == 0


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
    previous: Previous | None,
    coach: str | None,
    school: str | None,
    staff: int | None,
    targets: dict[str, float],
    with_teachers_target: float | None,
    min_group: int,
    first_weekday: int,
    made: date,
    teacher_names: list[str] | None = None,
    cycles: CycleSplit | None = None,
) -> Summary:
    """A Summary of `report` (and the period before it); `teacher_names` given means --names; `cycles`: the
    sessions split by cycle, when the coach has any in the period (the team row's time in cycles, beside.py)."""
    figures = page_figures(report, cells, activity_minutes, first_weekday, cap=min_group)
    pins = page_pins(report, figures, min_group, cycles, first_weekday)
    hidden = page_hidden(report, figures, min_group, pins)
    too_few = _too_few(report, min_group)
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
        in_cycles_pinned=pins.in_cycles is not None,
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
    previous: Previous | None,
    min_group: int,
    first_weekday: int,
) -> Comparison | None:
    if previous is None:
        return None
    before, cells, activities = previous
    if _nothing_logged(before):
        return None
    # What the period's own summary hides (the whole check, bounds included): this page shows no more of it.
    then = page_hidden(before, page_figures(before, cells, activities, first_weekday, cap=min_group), min_group)
    before_shares = _stance_percents(before, then, min_group)
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
