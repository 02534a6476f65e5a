"""Bringing entries in: import (a spreadsheet, or coachlog's own export)."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, app, get_state, plural
from coachlog.domain import STANCES, resolve_choice

if TYPE_CHECKING:
    from coachlog.store import ImportResult


@app.command("import", cls=CoachlogCommand)
def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE", help="A CSV file (a spreadsheet, a form's answers, an export) or coachlog's JSON export."
        ),
    ],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="COLUMN=FIELD",
            help="Which field a column holds (repeat for more); COLUMN= ignores it. Fields: date, start, end,"
            " minutes, hours, duration, kind, stance, teachers, activity, tags, note, helpful, story, shareable, id.",
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar="dmy|mdy|ymd",
            help="How to read dates such as 05/06/2026: dmy (day first), mdy (month first) or ymd.",
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be added; change nothing.")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows and list the others, instead of stopping.")
    ] = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="The file was written by `export --raw`: keep a leading ' in cells.")
    ] = False,
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
    """
    from coachlog.importer import DATE_ORDERS, ImportOptions, count_lines, open_import, parse_map
    from coachlog.store import Incoming

    state = get_state(ctx)
    path = Path(file).expanduser()
    mapping = dict(parse_map(text) for text in map_ or [])
    order = resolve_choice(date_order, DATE_ORDERS, "date order") if date_order is not None else None
    options = ImportOptions(
        tz=state.tz,
        now=state.now(),
        activities=tuple(dict.fromkeys(state.settings.all_activities)),
        mapping=mapping,
        date_order=order,
        raw=raw,
        skip_invalid=skip_invalid,
    )
    with open_import(path, options) as source:
        for message in source.notes:
            output.note(message)
        items = (Incoming(row.entry, row.wanted_id, f"line {row.line}") for row in source.rows())
        if sys.stderr.isatty():
            items = output.progress(items, count_lines(path), "Importing")
        result = state.store.import_entries(
            items,
            state.now(),
            f"from {path.name}",
            dry_run=dry_run,
            on_invalid=source.skip if skip_invalid else None,
        )
    print_import(result, path.name, source.skipped)


def print_import(result: "ImportResult", name: str, skipped: Sequence[tuple[str, str]] = ()) -> None:
    """What an import did (or, for a dry run, would do): skipped rows and hints on stderr, the summary on stdout.

    Shared by every import (spreadsheets, calendars): `name` is the file's name.
    """
    for where, reason in skipped:
        output.note(f"Skipped {where}: {reason}".replace("\r", "\\r").replace("\n", "\\n"))
    for teacher, hint in result.new_teachers:
        if hint:
            output.note(f"new teacher '{teacher}' — did you mean '{hint}'?")
    already = f" ({result.already_there} already there)" if result.already_there else ""
    teachers = [teacher for teacher, _ in result.new_teachers]
    if not result.dry_run:
        line = f"Imported {_entries(result.added)}{already} from {name}"
        if teachers:
            line += f"; {plural(len(teachers), 'new teacher')}: {', '.join(teachers)}"
        if skipped:
            line += f"; skipped {plural(len(skipped), 'invalid row')} (listed above)"
        output.say(line)
        return
    output.say(f"Dry run: nothing was changed. {name} would add {_entries(result.added)}:")
    sessions = sum(result.sessions.values())
    split = ", ".join(f"{stance} {result.sessions[stance]}" for stance in STANCES)
    output.say(f"  sessions: {sessions} ({split})")
    duties = ", ".join(f"{kind} {count}" for kind, count in sorted(result.duties.items()))
    output.say(f"  duties: {sum(result.duties.values())}" + (f" ({duties})" if duties else ""))
    if result.first is not None:
        output.say(f"  dates: {result.first} to {result.last}")
    output.say(f"  already there (would be skipped): {result.already_there}")
    output.say(f"  new teachers: {len(teachers)}" + (f" ({', '.join(teachers)})" if teachers else ""))
    if skipped:
        output.say(f"  invalid rows (would be skipped): {len(skipped)}")


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"
