"""The numbers behind `coachlog report`: pure functions from aggregate rows to plain data.

Every output format renders the same Report, so a table, a CSV and a JSON file
of one period always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from coachlog.domain.contract import AggregateRow
from coachlog.domain.frozen import Frozen, NamedTuple
from coachlog.domain.periods import Period, week_start
from coachlog.domain.values import STANCES
from coachlog.reports.week import percent as percent  # where render and reports have always found it

GROUPINGS = ("week", "day", "teacher", "activity", "tag")
LONG_PERIOD_DAYS = 3 * 366  # past this, week rows cover the entries' span rather than every week of the range


class StanceFigure(NamedTuple):
    stance: str
    minutes: int
    sessions: int
    percent: float  # of session minutes, 0-100


class GroupRow(NamedTuple):
    """One row of the breakdown: a week, a day, a teacher or an activity."""

    label: str
    stance_minutes: dict[str, int]
    sessions: int
    duty_minutes: int

    @property
    def session_minutes(self) -> int:
        return sum(self.stance_minutes.values())

    @property
    def coaching_percent(self) -> float:
        return percent(self.stance_minutes.get("coaching", 0), self.session_minutes)


class Report(Frozen):
    """A period's figures, as every format of `coachlog report` (and the summary) shows them. Frozen: a frozen
    dataclass without the `dataclasses` module (domain/frozen.py), which `report` would load for it alone."""

    FIELDS = (
        "period", "stances", "sessions", "teachers", "duty_minutes", "duty_by_kind", "weeks", "grouping", "groups",
        "prep_minutes", "prep_by_activity",
    )  # fmt: skip
    period: Period
    stances: tuple[StanceFigure, ...]
    sessions: int
    teachers: int
    duty_minutes: int
    duty_by_kind: dict[str, int]
    weeks: tuple[GroupRow, ...]  # always by week, labelled with each week's first date
    grouping: str
    groups: tuple[GroupRow, ...]
    prep_minutes: int  # coaching work without a teacher present (preparing, designing PD): not a duty
    prep_by_activity: dict[str, int]  # filled by whoever asks for it

    def __init__(
        self,
        period: Period,
        stances: tuple[StanceFigure, ...],
        sessions: int,
        teachers: int,
        duty_minutes: int,
        duty_by_kind: dict[str, int],
        weeks: tuple[GroupRow, ...],
        grouping: str,
        groups: tuple[GroupRow, ...],
        prep_minutes: int = 0,
        prep_by_activity: dict[str, int] | None = None,  # None: a new empty dict (a dataclass's default_factory)
    ) -> None:
        self.__dict__.update(
            period=period, stances=stances, sessions=sessions, teachers=teachers, duty_minutes=duty_minutes,
            duty_by_kind=duty_by_kind, weeks=weeks, grouping=grouping, groups=groups, prep_minutes=prep_minutes,
            prep_by_activity={} if prep_by_activity is None else prep_by_activity,
        )  # fmt: skip

    @property
    def session_minutes(self) -> int:
        return sum(figure.minutes for figure in self.stances)

    @property
    def logged_minutes(self) -> int:
        return self.session_minutes + self.prep_minutes + self.duty_minutes

    @property
    def average_minutes(self) -> float:
        return round(self.session_minutes / self.sessions, 1) if self.sessions else 0.0

    @property
    def duty_percent(self) -> float:
        return percent(self.duty_minutes, self.logged_minutes)


def _group_rows(rows: Iterable[AggregateRow], labels: Iterable[str]) -> tuple[GroupRow, ...]:
    """Fold aggregate rows into one GroupRow per label, in the order of `labels` (missing ones stay zero)."""
    stance_minutes: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STANCES, 0))
    sessions: dict[str, int] = defaultdict(int)
    duties: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.kind == "session" and row.stance:
            stance_minutes[row.group][row.stance] += row.minutes
            sessions[row.group] += row.count
        elif row.kind != "prep":  # prep is coaching work without a teacher: never a duty
            duties[row.group] += row.minutes
    return tuple(GroupRow(label, dict(stance_minutes[label]), sessions[label], duties[label]) for label in labels)


def _rekey(rows: Iterable[AggregateRow], key: dict[str, str]) -> list[AggregateRow]:
    return [AggregateRow(key[r.group], r.kind, r.stance, r.duty_kind, r.minutes, r.count) for r in rows]


def _dates(start: date, end: date, step: int = 1) -> list[str]:
    return [(start + timedelta(days=offset)).isoformat() for offset in range(0, (end - start).days + 1, step)]


def default_grouping(period: Period) -> str:
    return "day" if period.days <= 7 else "week"


def build_report(
    period: Period,
    day_rows: list[AggregateRow],
    teachers: int,
    first_weekday: int,
    grouping: str | None = None,
    group_rows: list[AggregateRow] | None = None,
    today: date | None = None,
) -> Report:
    """A Report from per-day rows (and per-teacher or per-activity rows for those groupings).

    Week and day rows stop at `today` when the period runs on into the future
    (a term report mid-term), so the trend is not padded with empty weeks to come.
    """
    grouping = grouping or default_grouping(period)
    days_with_data = sorted({row.group for row in day_rows})
    last_row_day = min(period.end, today) if today and today >= period.start else period.end
    if days_with_data:  # an entry dated after today (another zone, a typo) still gets its row
        last_row_day = max(last_row_day, date.fromisoformat(days_with_data[-1]))
    by_stance: dict[str, list[int]] = {stance: [0, 0] for stance in STANCES}
    duty_by_kind: dict[str, int] = defaultdict(int)
    prep = 0
    for row in day_rows:
        if row.kind == "session" and row.stance:
            by_stance[row.stance][0] += row.minutes
            by_stance[row.stance][1] += row.count
        elif row.kind == "prep":
            prep += row.minutes
        elif row.duty_kind:
            duty_by_kind[row.duty_kind] += row.minutes
    session_minutes = sum(minutes for minutes, _ in by_stance.values())
    stances = tuple(
        StanceFigure(stance, minutes, count, percent(minutes, session_minutes))
        for stance, (minutes, count) in by_stance.items()
    )

    first_row_day = period.start
    if period.days > LONG_PERIOD_DAYS:  # `--from 1900-01-01`: rows only where there is data
        first_row_day = date.fromisoformat(days_with_data[0]) if days_with_data else last_row_day
        last_row_day = min(last_row_day, date.fromisoformat(days_with_data[-1])) if days_with_data else last_row_day
    week_of = {day: week_start(date.fromisoformat(day), first_weekday).isoformat() for day in days_with_data}
    weeks = _group_rows(_rekey(day_rows, week_of), _dates(week_start(first_row_day, first_weekday), last_row_day, 7))

    if grouping == "week":
        groups = weeks
    elif grouping == "day":
        groups = _group_rows(day_rows, _dates(period.start, last_row_day) if period.days <= 31 else days_with_data)
    else:
        rows = group_rows or []
        labels = list(dict.fromkeys(row.group for row in rows))
        groups = _group_rows(rows, labels)

    return Report(
        period=period,
        stances=stances,
        sessions=sum(count for _, count in by_stance.values()),
        teachers=teachers,
        duty_minutes=sum(duty_by_kind.values()),
        duty_by_kind=dict(sorted(duty_by_kind.items())),
        weeks=weeks,
        grouping=grouping,
        groups=groups,
        prep_minutes=prep,
    )
