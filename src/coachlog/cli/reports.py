"""Commands that read: log, report, export."""

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import (
    NO_RANGE,
    FormatOption,
    OutputOption,
    TagFilterOption,
    TeacherFilterOption,
    output_format,
    parse_format,
    range_options,
)
from coachlog.cli.show import heading
from coachlog.domain.periods import RangeChoice
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from coachlog.domain.values import Entry

# ---- commands: reading ------------------------------------------------------------------------


@app.command(cls=CoachlogCommand)
@range_options
def log(
    ctx: typer.Context,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    tag: TagFilterOption = None,
    ranges: RangeChoice = NO_RANGE,
    fmt: FormatOption = "table",
) -> None:
    """List entries with their ids, oldest first (default: this week).

    \b
    Examples:
      coachlog log
      coachlog log --last-week --teacher rivera
      coachlog log --all --duties --format csv > duties.csv
      coachlog log --yesterday --tag cycle-2
    """
    from coachlog.render.document import FORMATS
    from coachlog.render.entries import render_log
    from coachlog.services import entries

    session = get_state(ctx)
    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    fmt = parse_format(fmt, FORMATS)
    period = session.period(ranges, default="week")
    shown = render_log(entries.listed(session, period, filters), fmt, sys.stdout, session.tz)
    if fmt == "table" and not shown:
        output.note("No entries in this range. Try --all, or log one with `coachlog add`.")


@app.command(cls=CoachlogCommand)
@range_options
def report(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="Group rows by teacher, activity, tag, week or day.")] = None,
    teacher: TeacherFilterOption = None,
    tag: TagFilterOption = None,
    team: Annotated[
        bool,
        typer.Option(
            "--team", help="Every coach of a team database side by side (coordinators; default: school year)."
        ),
    ] = False,
    ranges: RangeChoice = NO_RANGE,
    fmt: FormatOption = "table",
) -> None:
    """Where the time went: stance split, weekly rows, reach and duties (default: this week).

    \b
    Examples:
      coachlog report
      coachlog report --term
      coachlog report --term "Term 1" --by teacher
      coachlog report --month --format json
      coachlog report --year --teacher rivera
      coachlog report --last-month --by tag
      coachlog --db "$TEAM_URL" report --team --from 2026-09-01
    """
    from coachlog.render.document import FORMATS
    from coachlog.render.report import render_report
    from coachlog.services import reports

    session = get_state(ctx)
    fmt = parse_format(fmt, FORMATS)
    if team:
        if by:
            raise UsageError("--by is for your own report: --team shows one row per coach")
        if teacher is not None or tag is not None:
            raise UsageError("--teacher and --tag are for your own report: team figures never name a teacher")
        from coachlog.render.team import render_team_report
        from coachlog.services.team import figures

        view = figures(session, ranges, "report --team")
        render_team_report(view.figures, fmt, sys.stdout, f"Coaching program — {view.span}", view.label)
        return
    from coachlog.services import entries

    chosen = entries.filters(session, teacher, None, None, False, tag)
    result, period = reports.report(session, ranges, by, chosen)
    only = [f"with {teacher.strip()}" if teacher is not None else "", f"tagged {chosen.tag}" if chosen.tag else ""]
    title = " · ".join([heading(session, period), *filter(None, only)])
    render_report(result, fmt, sys.stdout, title)


@app.command(cls=CoachlogCommand)
@range_options
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="csv or json (default: from -o's extension, else csv).")
    ] = None,
    out: OutputOption = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Do not neutralise cells that a spreadsheet would run as formulas.")
    ] = False,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    tag: TagFilterOption = None,
    ranges: RangeChoice = NO_RANGE,
) -> None:
    """Write one row per entry, in time order, as CSV or JSON (default: everything).

    \b
    Examples:
      coachlog export > coaching.csv
      coachlog export --term -o term.csv
      coachlog export --format json --month
    """
    from coachlog.formats.exchange import EXPORT_FORMATS, write_entries_csv, write_entries_json
    from coachlog.services import entries

    session = get_state(ctx)
    fmt = output_format(fmt, out, EXPORT_FORMATS, "csv")
    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    period = session.period(ranges, default="all")
    listed: Iterable[Entry] = entries.listed(session, period, filters)
    if out is None:
        if fmt == "csv":
            write_entries_csv(listed, sys.stdout, session.tz, raw)
        else:
            write_entries_json(listed, sys.stdout, session.tz)
        return
    from coachlog.files import private_text_file

    if sys.stderr.isatty():
        listed = output.progress(listed, entries.count(session, period, filters), "Exporting")
    with private_text_file(out) as handle:
        count = (
            write_entries_csv(listed, handle, session.tz, raw)
            if fmt == "csv"
            else write_entries_json(listed, handle, session.tz)
        )
    output.note(f"Wrote {count} entries to {out}")
