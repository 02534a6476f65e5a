"""The figures a coach reads: the report (`coachlog report`) and the leaders' one-pager (`coachlog summary`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coachlog.domain.contract import NO_FILTERS, Filters
from coachlog.domain.names import resolve_choice
from coachlog.domain.periods import CURRENT_TERM, Period, RangeChoice, previous_period
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.values import TeacherGroup
    from coachlog.reports.report import Report
    from coachlog.reports.summary import Summary


def report(
    session: Session, choice: RangeChoice, by: str | None, chosen: Filters = NO_FILTERS
) -> tuple[Report, Period]:
    """`coachlog report`: the report of the range (default: this week), grouped `by` teacher, activity, tag, week
    or day, of the entries that pass `chosen` (a teacher, a tag)."""
    from coachlog.reports.report import GROUPINGS, build_report

    grouping = resolve_choice(by, GROUPINGS, "grouping") if by else None
    period = session.period_or_span(choice, default="week")
    store = session.store
    group_rows = None
    if grouping == "teacher":
        group_rows = store.aggregates.by_teacher(period, chosen)
    elif grouping == "activity":
        group_rows = store.aggregates.by_activity(period, chosen)
    elif grouping == "tag":
        group_rows = store.aggregates.by_tag(period, chosen)
    result = build_report(
        period,
        store.aggregates.by_day(period, chosen),
        store.aggregates.teachers_reached(period, chosen),
        session.settings.first_weekday,
        grouping,
        group_rows,
        today=session.today(),
    )
    return result, period


def summary(session: Session, choice: RangeChoice, names: bool) -> Summary:
    """`coachlog summary`: the one-pager of the range (default: the term holding today), of every entry (no
    filter: a filtered one-pager subtracted from the whole would leave units the rounding does not cover)."""
    if not choice.chosen():
        choice = replace(choice, term=CURRENT_TERM)  # the default: the term holding today
    period = session.period_or_span(choice, default="week")
    return build(session, period, names)


DUTIES = Filters(duties_only=True)


def build(session: Session, period: Period, names: bool) -> Summary:
    """The summary of `period`, compared with the period before it (see domain.periods.previous_period).

    Its time figures are summed from rounded units (reports/rounding.py), so they differ from `report`'s
    a little; duties and counts are exact.
    """
    from coachlog.domain.values import ROUND_TO
    from coachlog.reports.rounding import shared_report
    from coachlog.reports.summary import build_summary

    store = session.store
    settings = session.settings
    min_group = settings.privacy_min_group

    def shared(span: Period) -> tuple[Report, list[TeacherGroup], dict[str, int]]:
        """The span's report, who its figures describe, and its activities: all from the rounded units."""
        cells = store.aggregates.teacher_groups(span)
        report, activities = shared_report(
            span,
            store.aggregates.session_atoms(span),
            store.aggregates.by_day(span, DUTIES),  # session time comes from the units, rounded
            store.aggregates.teachers_reached(span),
            first_weekday=settings.first_weekday,
            today=session.today(),
            base=ROUND_TO,
        )
        return report, cells, activities

    current, cells, activities = shared(period)
    before = previous_period(period, [(t.name, t.start, t.end) for t in store.terms.all()], session.today())
    previous, previous_cells, _ = shared(before)
    summary = build_summary(
        report=current,
        cells=cells,
        activity_minutes=activities,
        voices=store.aggregates.shared_voices(period),
        previous=(previous, previous_cells),
        coach=settings.coach,
        school=settings.school,
        staff=settings.staff,
        targets=settings.targets,
        with_teachers_target=settings.target_with_teachers,
        min_group=min_group,
        first_weekday=settings.first_weekday,
        made=session.today(),
        teacher_names=store.aggregates.teacher_names(period) if names else None,
    )
    return _with_widening(session, summary)


def _with_widening(session: Session, summary: Summary) -> Summary:
    """When the rule hides most of the page: the latest start, ending where this one ends, whose stance mix shows."""
    from coachlog.reports.summary import start_that_shows

    span = session.store.aggregates.date_span()
    if summary.empty or not summary.mostly_hidden or span is None or span[0] >= summary.period.start:
        return summary
    period = summary.period
    cells = session.store.aggregates.teacher_cells(Period(span[0], period.end, ""))
    start = start_that_shows(cells, period.start, period.end, span[0], session.settings.privacy_min_group)
    return replace(summary, widen_from=start)
