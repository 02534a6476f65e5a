"""Commands that read: log, report, export."""

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli import complete
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

NoPagerOption = Annotated[
    bool, typer.Option("--no-pager", help="Print straight to the terminal, even when longer than the screen.")
]


def _no_pager(no_pager: bool) -> None:
    if no_pager:
        output.PAGING["on"] = False


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
_NO_BOM = " (UTF-8, no byte-order mark; add --bom for Excel or LibreOffice)"


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
    from coachlog.render.document import FORMATS
    from coachlog.render.entries import render_log
    from coachlog.services import entries

    session = get_state(ctx)
    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    fmt = parse_format(fmt, FORMATS)
    period = session.period(ranges, default="week")
    _no_pager(no_pager)
    shown = render_log(entries.listed(session, period, filters), fmt, sys.stdout, session.tz, long)
    if fmt == "table" and not shown:
        output.note(_nothing_listed(any((teacher, stance, activity, duties, tag)), ranges.all_))


def _nothing_listed(filtered: bool, everything: bool) -> str:
    """What an empty listing says, for the options given: --all is suggested only when it was not given."""
    if filtered:
        return "No entries match these filters." if everything else "No entries match these filters in this range."
    if everything:
        return "No entries yet: log one with `coachlog add`."
    return "No entries in this range. Try --all, or log one with `coachlog add`."


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
    from coachlog.render.document import FORMATS
    from coachlog.render.report import render_report
    from coachlog.services import reports

    session = get_state(ctx)
    fmt = parse_format(fmt, FORMATS)
    _no_pager(no_pager)
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
    only = [
        f"with {chosen.teacher}" if chosen.teacher is not None else "",
        f"tagged {chosen.tag}" if chosen.tag else "",
    ]
    title = " · ".join([heading(session, period), *filter(None, only)])
    render_report(result, fmt, sys.stdout, title)


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
    from coachlog.formats.exchange import EXPORT_FORMATS, write_entries_csv, write_entries_json
    from coachlog.services import entries

    session = get_state(ctx)
    fmt = output_format(fmt, out, EXPORT_FORMATS, "csv")
    if bom and fmt != "csv":
        raise UsageError(f"--bom is for CSV: a {fmt} file has no byte-order mark (drop --bom, or --format csv)")
    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    period = session.period(ranges, default="all")
    listed: Iterable[Entry] = entries.listed(session, period, filters)
    if out is None:
        if fmt == "csv":
            write_entries_csv(listed, sys.stdout, session.tz, raw, bom)
        else:
            write_entries_json(listed, sys.stdout, session.tz)
        return
    from coachlog.files import private_text_file

    if sys.stderr.isatty():
        listed = output.progress(listed, entries.count(session, period, filters), "Exporting")
    with private_text_file(out) as handle:
        count = (
            write_entries_csv(listed, handle, session.tz, raw, bom)
            if fmt == "csv"
            else write_entries_json(listed, handle, session.tz)
        )
    encoding = "" if fmt != "csv" else " (UTF-8 with a byte-order mark)" if bom else _NO_BOM
    output.note(f"Wrote {count} entries to {out}{encoding}")
