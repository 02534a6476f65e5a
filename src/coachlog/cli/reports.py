"""Commands that read: log, report, export."""

import sys
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import (
    NO_RANGE,
    CoachlogCommand,
    FormatOption,
    OutputOption,
    Ranges,
    app,
    filters_from,
    get_state,
    heading,
    parse_format,
    period_from,
    range_options,
)
from coachlog.domain.timeparse import Period
from coachlog.domain.values import resolve_choice
from coachlog.errors import UsageError

# ---- commands: reading ------------------------------------------------------------------------


@app.command(cls=CoachlogCommand)
@range_options
def log(
    ctx: typer.Context,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    ranges: Ranges = NO_RANGE,
    fmt: FormatOption = "table",
) -> None:
    """List entries with their ids, oldest first (default: this week).

    \b
    Examples:
      coachlog log
      coachlog log --last-week --teacher rivera
      coachlog log --all --duties --format csv > duties.csv
    """
    from coachlog.render.document import FORMATS
    from coachlog.render.entries import render_log

    state = get_state(ctx)
    filters = filters_from(state, teacher, stance, activity, duties)
    fmt = parse_format(fmt, FORMATS)
    period = period_from(state, ranges, default="week")
    shown = render_log(state.store.entries.query(period, filters), fmt, sys.stdout, state.tz)
    if fmt == "table" and not shown:
        output.note("No entries in this range. Try --all, or log one with `coachlog add`.")


@app.command(cls=CoachlogCommand)
@range_options
def report(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="Group rows by teacher, activity, week or day.")] = None,
    team: Annotated[
        bool,
        typer.Option(
            "--team", help="Every coach of a team database side by side (coordinators; default: school year)."
        ),
    ] = False,
    ranges: Ranges = NO_RANGE,
    fmt: FormatOption = "table",
) -> None:
    """Where the time went: stance split, weekly rows, reach and duties (default: this week).

    \b
    Examples:
      coachlog report
      coachlog report --term
      coachlog report --term "Term 1" --by teacher
      coachlog report --month --format json
      coachlog --db "$TEAM_URL" report --team --from 2026-09-01
    """
    from coachlog.render.document import FORMATS
    from coachlog.render.report import render_report
    from coachlog.reports.report import GROUPINGS, build_report

    state = get_state(ctx)
    fmt = parse_format(fmt, FORMATS)
    if team:
        from coachlog.cli.team import team_report

        if by:
            raise UsageError("--by is for your own report: --team shows one row per coach")
        team_report(state, ranges, fmt)
        return
    grouping = resolve_choice(by, GROUPINGS, "grouping") if by else None
    period = period_from(state, ranges, default="week")
    store = state.store
    if period is None:
        span = store.aggregates.date_span() or (state.today(), state.today())
        period = Period(span[0], span[1], "all entries")
    group_rows = None
    if grouping == "teacher":
        group_rows = store.aggregates.by_teacher(period)
    elif grouping == "activity":
        group_rows = store.aggregates.by_activity(period)
    result = build_report(
        period,
        store.aggregates.by_day(period),
        store.aggregates.teachers_reached(period),
        state.settings.first_weekday,
        grouping,
        group_rows,
        today=state.today(),
    )
    render_report(result, fmt, sys.stdout, heading(state, period))


@app.command(cls=CoachlogCommand)
@range_options
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "csv",
    out: OutputOption = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Do not neutralise cells that a spreadsheet would run as formulas.")
    ] = False,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    ranges: Ranges = NO_RANGE,
) -> None:
    """Write one row per entry, in time order, as CSV or JSON (default: everything).

    \b
    Examples:
      coachlog export > coaching.csv
      coachlog export --term -o term.csv
      coachlog export --format json --month
    """
    from coachlog.formats.exchange import EXPORT_FORMATS, write_entries_csv, write_entries_json

    state = get_state(ctx)
    fmt = parse_format(fmt, EXPORT_FORMATS)
    filters = filters_from(state, teacher, stance, activity, duties)
    period = period_from(state, ranges, default="all")
    entries = state.store.entries.query(period, filters)
    if out is None:
        if fmt == "csv":
            write_entries_csv(entries, sys.stdout, state.tz, raw)
        else:
            write_entries_json(entries, sys.stdout, state.tz)
        return
    from coachlog.files import private_text_file

    if sys.stderr.isatty():
        entries = output.progress(entries, state.store.entries.count(period, filters), "Exporting")
    with private_text_file(out) as handle:
        count = (
            write_entries_csv(entries, handle, state.tz, raw)
            if fmt == "csv"
            else write_entries_json(entries, handle, state.tz)
        )
    output.note(f"Wrote {count} entries to {out}")
