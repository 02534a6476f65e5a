"""Bringing entries in: import (a spreadsheet, or coachlog's own export)."""

from typing import Annotated

import typer

from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import NO_RANGE, range_options
from coachlog.domain.periods import RangeChoice

FileArgument = Annotated[
    str,
    typer.Argument(
        metavar="FILE", help="A CSV file (a spreadsheet, a form's answers, an export) or coachlog's JSON export."
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="COLUMN=FIELD",
        help="Which field a column holds (repeat for more); COLUMN= ignores it. Fields: date, start, end,"
        " minutes, hours, duration, kind, stance, teachers, activity, tags, note, helpful, story, shareable, id.",
    ),
]
DateOrderOption = Annotated[
    str | None,
    typer.Option(
        "--date-order",
        metavar="dmy|mdy|ymd",
        help="How to read dates such as 05/06/2026: dmy (day first), mdy (month first) or ymd.",
    ),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show what would be added; change nothing.")]
SkipInvalidOption = Annotated[
    bool, typer.Option("--skip-invalid", help="Import the valid rows and list the others, instead of stopping.")
]
RawOption = Annotated[
    bool, typer.Option("--raw", help="The file was written by `export --raw`: keep a leading ' in cells.")
]
TeacherFromOption = Annotated[
    str,
    typer.Option("--teacher-from", help="Calendars: where the teacher's name is: title, attendee or location."),
]
StanceOption = Annotated[
    str | None,
    typer.Option(
        "--stance",
        help="Calendars: the stance of an event whose title names none (default: config calendar.default_stance).",
    ),
]
MeOption = Annotated[
    str | None,
    typer.Option("--me", metavar="EMAIL", help="Calendars: your address, to skip the events you declined."),
]


@app.command("import", cls=CoachlogCommand)
@range_options
def import_(
    ctx: typer.Context,
    file: FileArgument,
    map_: MapOption = None,
    date_order: DateOrderOption = None,
    dry_run: DryRunOption = False,
    skip_invalid: SkipInvalidOption = False,
    raw: RawOption = False,
    teacher_from: TeacherFromOption = "title",
    stance: StanceOption = None,
    me: MeOption = None,
    ranges: RangeChoice = NO_RANGE,
) -> None:
    """Add entries from a spreadsheet (CSV) or from coachlog's own export (CSV or JSON).

    Columns are recognised by their headings (Date, Teacher, Stance, Minutes, Duration,
    Activity, Notes...); --map says what the others hold. A row that is already in the
    database is left out, so importing a file twice adds nothing. A bad row stops the
    import with its line number and nothing is written (or --skip-invalid). One import
    is one step for `coachlog undo`.

    \b
    Examples:
      coachlog import coaching.csv --dry-run
      coachlog import "Coaching log (Responses).csv" --date-order mdy --map "Email Address="
      coachlog import old.csv --map "Time=start" --map "Who=teachers"
      coachlog export -o all.json --format json && coachlog --db new.db import all.json
      coachlog import calendar.ics --term --dry-run
      coachlog import calendar.ics --from 2026-09-01 --stance consulting --me kim@school.org

    \b
    Calendars (.ics): each event that has ended in the range (default: the term
    holding today, else everything) is proposed as a session; the stance comes from
    a word in its title (config calendar.stances, e.g. "debrief=coaching", or the
    stance's own name) or --stance, the teacher from its title (--teacher-from).
    All-day, cancelled and declined events are skipped; re-importing adds nothing.
    """
    from coachlog.cli.import_run import run_import

    run_import(
        get_state(ctx),
        file,
        map_=map_,
        date_order=date_order,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        raw=raw,
        teacher_from=teacher_from,
        stance=stance,
        me=me,
        ranges=ranges,
    )
