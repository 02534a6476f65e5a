"""Commands that read: log, report, export."""

from typing import Annotated

import typer

from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import (
    NO_RANGE,
    FormatOption,
    OutputOption,
    TagFilterOption,
    TeacherFilterOption,
    range_options,
)
from coachlog.domain.periods import RangeChoice

NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Print straight to the terminal, even when longer than the screen.")
]


# ---- commands: reading ------------------------------------------------------------------------


StanceFilterOption = Annotated[
    str | None, typer.Option("--stance", help="Only this stance.", autocompletion=complete.stances)
]
ActivityFilterOption = Annotated[
    str | None,
    typer.Option(
        "--activity", "-a", help="Only this activity (or duty kind).", autocompletion=complete.activities_and_duties
    ),
]
BomOption = Annotated[
    bool,
    typer.Option(
        "--bom",
        help="For a spreadsheet: start the CSV with a byte-order mark, so that Excel and LibreOffice open"
        " accented names right on a double-click (without it, the CSV is plain UTF-8).",
    ),
]


@app.command(cls=CoachlogCommand)
@range_options
def log(
    ctx: typer.Context,
    teacher: TeacherFilterOption = None,
    stance: StanceFilterOption = None,
    activity: ActivityFilterOption = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    long: Annotated[
        bool, typer.Option("--long", "-l", help="Show notes, answers, stories and tags in full under each entry.")
    ] = False,
    no_pager: NoPagerOption = False,
    tag: TagFilterOption = None,
    ranges: RangeChoice = NO_RANGE,
    fmt: FormatOption = "table",
) -> None:
    """List entries with their ids, oldest first (default: this week): one line each, fitted to the terminal.

    \b
    Examples:
      coachlog log
      coachlog log --last-week --teacher rivera
      coachlog log --long
      coachlog log --all --duties --format csv > duties.csv
      coachlog log --yesterday --tag cycle-2
    """
    from coachlog.cli.reports_run import run_log

    run_log(
        get_state(ctx),
        teacher=teacher,
        stance=stance,
        activity=activity,
        duties=duties,
        long=long,
        no_pager=no_pager,
        tag=tag,
        ranges=ranges,
        fmt=fmt,
    )


@app.command(cls=CoachlogCommand)
@range_options
def report(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", help="Group rows by teacher, activity, tag, week or day.", autocompletion=complete.groupings
        ),
    ] = None,
    teacher: TeacherFilterOption = None,
    tag: TagFilterOption = None,
    team: Annotated[
        bool,
        typer.Option(
            "--team", help="Every coach of a team database side by side (coordinators; default: school year)."
        ),
    ] = False,
    no_pager: NoPagerOption = False,
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
    from coachlog.cli.reports_run import run_report

    run_report(get_state(ctx), by=by, teacher=teacher, tag=tag, team=team, no_pager=no_pager, ranges=ranges, fmt=fmt)


@app.command(cls=CoachlogCommand)
@range_options
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv or json (default: from -o's extension, else csv).",
            autocompletion=complete.formats,
        ),
    ] = None,
    out: OutputOption = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Do not neutralise cells that a spreadsheet would run as formulas.")
    ] = False,
    bom: BomOption = False,
    teacher: TeacherFilterOption = None,
    stance: StanceFilterOption = None,
    activity: ActivityFilterOption = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    tag: TagFilterOption = None,
    ranges: RangeChoice = NO_RANGE,
) -> None:
    """Write one row per entry, in time order, as CSV or JSON (default: everything).

    The CSV is UTF-8 without a byte-order mark; to open it in Excel or LibreOffice with a
    double-click, add --bom (`coachlog import` reads it back either way).

    \b
    Examples:
      coachlog export > coaching.csv
      coachlog export --term -o term.csv
      coachlog export --term --bom -o term.csv     # for Excel or LibreOffice
      coachlog export --format json --month
    """
    from coachlog.cli.reports_run import run_export

    run_export(
        get_state(ctx),
        fmt=fmt,
        out=out,
        raw=raw,
        bom=bom,
        teacher=teacher,
        stance=stance,
        activity=activity,
        duties=duties,
        tag=tag,
        ranges=ranges,
    )
