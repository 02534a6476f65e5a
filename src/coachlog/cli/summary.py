"""`coachlog summary`: the one-pager for school leaders, confidential by default."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import (
    NO_RANGE,
    AppState,
    CoachlogCommand,
    OutputOption,
    Ranges,
    app,
    get_state,
    parse_format,
    period_from,
    range_options,
)
from coachlog.domain.timeparse import Period
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from coachlog.reports.report import Report
    from coachlog.reports.summary import Summary


@app.command(cls=CoachlogCommand)
@range_options
def summary(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown, html, text or json.")] = "markdown",
    out: OutputOption = None,
    names: Annotated[
        bool, typer.Option("--names", help="Name teachers (by their stories, and who was reached). Off by default.")
    ] = False,
    team: Annotated[
        bool,
        typer.Option(
            "--team", help="The program's one-pager from a team database (coordinators; default: school year)."
        ),
    ] = False,
    ranges: Ranges = NO_RANGE,
) -> None:
    """A one-page summary to share with school leaders (default: the current term).

    Teachers are counted, never named (unless --names); notes are never included; answers
    and stories appear only when the teacher agreed (--shareable); a figure that would
    describe fewer than 5 teachers (config privacy.min_group) is not shown.

    \b
    Examples:
      coachlog summary > summary.md
      coachlog summary --format html -o summary.html
      coachlog summary --term "Term 1" --format text
      coachlog config set target.coaching 40 && coachlog summary
      coachlog --db "$TEAM_URL" summary --team --format html -o program.html
    """
    from coachlog.render.document import SUMMARY_FORMATS

    state = get_state(ctx)
    fmt = parse_format(fmt, SUMMARY_FORMATS)
    if team:
        from coachlog.cli.team import team_summary

        if names:
            raise UsageError("--names is for your own summary: team figures never name a teacher")
        team_summary(state, ranges, fmt, out)
        return
    if not ranges.chosen():
        from dataclasses import replace

        from coachlog.cli.app import CURRENT_TERM

        ranges = replace(ranges, term=CURRENT_TERM)  # the default: the term holding today
    period = period_from(state, ranges, default="week")
    if period is None:  # --all
        span = state.store.aggregates.date_span() or (state.today(), state.today())
        period = Period(span[0], span[1], "all entries")
    from coachlog.render.summary import render, render_text

    data = _build(state, period, names)
    if out is None:
        if fmt == "text":
            render_text(data, sys.stdout)  # Rich in a terminal, plain when piped
        else:
            sys.stdout.write(render(data, fmt))
        return
    from coachlog.files import private_text_file

    with private_text_file(out) as handle:
        handle.write(render(data, fmt))
    output.note(f"Wrote the summary of {period.label} ({period.start} to {period.end}) to {out}")


def _build(state: AppState, period: Period, names: bool) -> "Summary":
    """The summary of `period`, compared with the period before it (see summary.previous_period)."""
    from coachlog.reports.report import build_report
    from coachlog.reports.summary import build_summary, previous_period

    store = state.store
    settings = state.settings

    def report_of(span: Period) -> "Report":
        return build_report(
            span,
            store.aggregates.by_day(span),
            store.aggregates.teachers_reached(span),
            settings.first_weekday,
            "week",
            today=state.today(),
        )

    current = report_of(period)
    before = previous_period(period, [(t.name, t.start, t.end) for t in store.terms.all()], state.today())
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
        made=state.today(),
        teacher_names=store.aggregates.teacher_names(period) if names else None,
    )
