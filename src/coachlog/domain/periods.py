"""Ranges of local dates: weeks, months, terms, and the range a command's options name.

Pure functions over the standard library: `today` and the store's answers (terms, the
span of the entries) are parameters, the answers asked only when a range needs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.names import resolve_name
from coachlog.domain.timeparse import parse_date
from coachlog.domain.values import Term
from coachlog.errors import UsageError

FIRST_DAY = date(1900, 1, 1)  # dates coachlog takes start here (timeparse: years 1900 to 9998)
CURRENT_TERM = "\x00current"  # what a bare `--term` stands for
SCHOOL_YEAR_STARTS = 7  # July: --team's default period is the school year to date, from 1 July


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the week holding `day`; first_weekday 0 is Monday, 6 Sunday."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


class Period(NamedTuple):
    """An inclusive range of local dates with a label for headings."""

    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def week_period(day: date, first_weekday: int, label: str | None = None) -> Period:
    start = week_start(day, first_weekday)
    end = start + timedelta(days=6)
    return Period(start, end, label or f"week of {start.isoformat()}")


def month_period(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start, following - timedelta(days=1), f"{start:%B %Y}")


class RangeChoice(NamedTuple):
    """The range options of a command (--week ... --all), as one value."""

    week: bool = False
    last_week: bool = False
    month: bool = False
    term: str | None = None
    from_: str | None = None
    to: str | None = None
    all_: bool = False
    today: bool = False
    yesterday: bool = False
    last_month: bool = False
    year: bool = False

    def chosen(self) -> list[str]:
        """The options given, as the coach typed them."""
        given = (
            ("--today", self.today),
            ("--yesterday", self.yesterday),
            ("--week", self.week),
            ("--last-week", self.last_week),
            ("--month", self.month),
            ("--last-month", self.last_month),
            ("--year", self.year),
            ("--term", self.term is not None),
            ("--from/--to", bool(self.from_ or self.to)),
            ("--all", self.all_),
        )
        return [name for name, on in given if on]


def check_one_range(choice: RangeChoice) -> list[str]:
    """The range options given; more than one is refused."""
    chosen = choice.chosen()
    if len(chosen) > 1:
        raise UsageError(f"choose one range, not {' and '.join(chosen)}")
    return chosen


def resolve_period(
    choice: RangeChoice,
    today: date,
    first_weekday: int,
    terms: Callable[[], Sequence[Term]],
    span: Callable[[], tuple[date, date] | None],
    *,
    default: str,
) -> Period | None:
    """The inclusive local-date range the range options name; None means everything.

    `terms` and `span` (the first and last day logged) are asked only when the range needs them.
    """
    chosen = check_one_range(choice)
    if choice.all_ or (not chosen and default == "all"):
        return None
    if choice.last_week:
        return week_period(today - timedelta(days=7), first_weekday, "last week")
    if choice.month:
        return month_period(today)
    fixed = _fixed_period(choice, today)
    if fixed is not None:
        return fixed
    if choice.term is not None:
        return term_range(terms(), choice.term, today)
    if choice.from_ or choice.to:
        start = parse_date(choice.from_, today) if choice.from_ else None
        end = parse_date(choice.to, today) if choice.to else today
        if start is None:
            logged = span()
            start = min(logged[0], end) if logged else end
        if end < start:
            raise UsageError(f"--to {end} is before --from {start}: the range runs forwards")
        return Period(start, end, f"{start} to {end}")
    return week_period(today, first_weekday, "this week")


def school_year(today: date) -> Period:
    """The school year holding `today`: 1 July to 30 June (the team figures' default starts there too)."""
    year = today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1
    start = date(year, SCHOOL_YEAR_STARTS, 1)
    end = date(year + 1, SCHOOL_YEAR_STARTS, 1) - timedelta(days=1)
    return Period(start, end, f"school year {year}-{(year + 1) % 100:02d}")


def _fixed_period(choice: RangeChoice, today: date) -> Period | None:
    """The range --today, --yesterday, --last-month or --year names, or None."""
    if choice.today:
        return Period(today, today, "today")
    if choice.yesterday:
        day = today - timedelta(days=1)
        return Period(day, day, "yesterday")
    if choice.last_month:
        return month_period(today.replace(day=1) - timedelta(days=1))
    if choice.year:
        return school_year(today)
    return None


def term_range(terms: Sequence[Term], name: str, today: date) -> Period:
    """The term `name` names (CURRENT_TERM: the one holding today) as a Period."""
    how = "add one with: coachlog term add 'Term 1' 2026-09-01 2026-12-18"
    if not terms:
        raise UsageError(f"no terms are defined yet: {how}")
    if name == CURRENT_TERM:
        for term in terms:
            if term.start <= today <= term.end:
                return Period(term.start, term.end, term.name)
        listed = ", ".join(f"{t.name} ({t.start} to {t.end})" for t in terms)
        raise UsageError(f"today ({today}) is in no term: the terms are {listed}; name one with --term NAME or {how}")
    chosen = resolve_name(name, [t.name for t in terms], "term")  # "fall" for "Fall term 2026"
    term = next(t for t in terms if t.name == chosen)
    return Period(term.start, term.end, term.name)


def team_range(choice: RangeChoice, today: date, first_weekday: int) -> tuple[date | None, date | None, str]:
    """The range of `--team` figures (None: open): the school year to date unless a range is given."""
    chosen = check_one_range(choice)
    if choice.term is not None:
        raise UsageError(
            "--term uses your own terms, and team figures have none: give the dates, as in"
            " --from 2026-09-01 --to 2026-12-18"
        )
    if choice.all_:
        return None, None, "all time"
    if choice.from_ or choice.to:
        start = parse_date(choice.from_, today) if choice.from_ else None
        end = parse_date(choice.to, today) if choice.to else today
        if start is not None and end < start:
            raise UsageError(f"--to {end} is before --from {start}: the range runs forwards")
        return start, end, f"{start} to {end}" if start else f"up to {end}"
    if chosen:  # --today ... --month, --year: no terms or span needed
        period = resolve_period(choice, today, first_weekday, tuple, lambda: None, default="week")
        assert period is not None
        return period.start, period.end, period.label
    year = today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1
    start = date(year, SCHOOL_YEAR_STARTS, 1)
    return start, today, f"school year {year}-{(year + 1) % 100:02d} to date"


def span_text(start: date | None, end: date | None, label: str) -> str:
    """A team range as headings say it: its label, with the dates when the label does not give them."""
    if start is None and end is None:
        return label
    span = f"{start or 'the first entry'} to {end or 'the last entry'}"
    return label if label == span or label == f"{start} to {end}" else f"{label} ({span})"


def previous_period(period: Period, terms: Iterable[tuple[str, date, date]], today: date | None = None) -> Period:
    """The period to compare with: the term before a term, the month before a month, else as many days before.

    While `period` is still running, only as many days of the earlier one count as
    have passed of this one, so a term half done meets the last term half done.
    """
    terms = sorted(terms, key=lambda term: term[1])
    before: Period | None = None
    if any(name == period.label and start == period.start for name, start, _ in terms):
        earlier = [term for term in terms if term[2] < period.start]
        if earlier:
            name, start, end = earlier[-1]
            before = Period(start, end, name)
    if before is None and period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        end = period.start - timedelta(days=1)
        months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
        start = end.replace(day=1)
        for _ in range(months - 1):
            if start <= FIRST_DAY:  # `--from 2026-01-01 --to 9998-12-31`: nothing was logged before 1900
                break
            start = (start - timedelta(days=1)).replace(day=1)
        before = Period(start, end, f"{start:%B %Y}" if months == 1 else f"{start} to {end}")
    if before is None:
        end = period.start - timedelta(days=1)
        start = end - timedelta(days=max(0, min(period.days - 1, (end - FIRST_DAY).days)))  # from 1900 at most
        before = Period(start, end, f"the {period.days} days before" if period.days != 7 else "the week before")
    if today is not None and period.start <= today < period.end:
        elapsed = (today - period.start).days
        cut = min(before.end, before.start + timedelta(days=elapsed))
        if cut < before.end:
            before = Period(before.start, cut, f"{before.label}, to the same point")
    return before
