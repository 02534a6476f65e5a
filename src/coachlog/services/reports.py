"""The figures a coach reads: the report (`coachlog report`) and the leaders' one-pager (`coachlog summary`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from coachlog.domain.names import resolve_choice
from coachlog.domain.periods import CURRENT_TERM, Period, RangeChoice, previous_period
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.reports.report import Report
    from coachlog.reports.summary import Summary


def report(session: Session, choice: RangeChoice, by: str | None) -> tuple[Report, Period]:
    """`coachlog report`: the report of the range (default: this week), grouped `by` teacher, activity, week or day."""
    from coachlog.reports.report import GROUPINGS, build_report

    grouping = resolve_choice(by, GROUPINGS, "grouping") if by else None
    period = session.period_or_span(choice, default="week")
    store = session.store
    group_rows = None
    if grouping == "teacher":
        group_rows = store.aggregates.by_teacher(period)
    elif grouping == "activity":
        group_rows = store.aggregates.by_activity(period)
    result = build_report(
        period,
        store.aggregates.by_day(period),
        store.aggregates.teachers_reached(period),
        session.settings.first_weekday,
        grouping,
        group_rows,
        today=session.today(),
    )
    return result, period


def summary(session: Session, choice: RangeChoice, names: bool) -> Summary:
    """`coachlog summary`: the one-pager of the range (default: the term holding today)."""
    if not choice.chosen():
        choice = replace(choice, term=CURRENT_TERM)  # the default: the term holding today
    period = session.period_or_span(choice, default="week")
    return build(session, period, names)


def build(session: Session, period: Period, names: bool) -> Summary:
    """The summary of `period`, compared with the period before it (see domain.periods.previous_period)."""
    from coachlog.reports.report import build_report
    from coachlog.reports.summary import build_summary

    store = session.store
    settings = session.settings

    def report_of(span: Period) -> Report:
        today = session.today()
        return build_report(
            span,
            store.aggregates.by_day(span),
            store.aggregates.teachers_reached(span),
            settings.first_weekday,
            "week",
            today=today,
        )

    current = report_of(period)
    before = previous_period(period, [(t.name, t.start, t.end) for t in store.terms.all()], session.today())
    activity_minutes: dict[str, int] = {}
    for row in store.aggregates.by_activity(period):
        activity_minutes[row.group] = activity_minutes.get(row.group, 0) + row.minutes
    return build_summary(
        report=current,
        cells=store.aggregates.teacher_cells(period),
        activity_minutes=activity_minutes,
        voices=store.aggregates.shared_voices(period),
        previous=(report_of(before), store.aggregates.teacher_cells(before)),
        coach=settings.coach,
        school=settings.school,
        staff=settings.staff,
        targets=settings.targets,
        with_teachers_target=settings.target_with_teachers,
        min_group=settings.privacy_min_group,
        first_weekday=settings.first_weekday,
        made=session.today(),
        teacher_names=store.aggregates.teacher_names(period) if names else None,
    )
