"""Bringing entries in: import (a spreadsheet, or coachlog's own export)."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import (
    NO_RANGE,
    AppState,
    CoachlogCommand,
    Ranges,
    app,
    get_state,
    period_from,
    plural,
    range_options,
)
from coachlog.domain.values import STANCES, resolve_choice
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from coachlog.domain.values import ImportResult


@app.command("import", cls=CoachlogCommand)
@range_options
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
    teacher_from: Annotated[
        str,
        typer.Option("--teacher-from", help="Calendars: where the teacher's name is: title, attendee or location."),
    ] = "title",
    stance: Annotated[
        str | None,
        typer.Option(
            "--stance",
            help="Calendars: the stance of an event whose title names none (default: config calendar.default_stance).",
        ),
    ] = None,
    me: Annotated[
        str | None,
        typer.Option("--me", metavar="EMAIL", help="Calendars: your address, to skip the events you declined."),
    ] = None,
    ranges: Ranges = NO_RANGE,
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
    from coachlog.domain.values import Incoming
    from coachlog.formats.ics import is_calendar
    from coachlog.formats.spreadsheet import DATE_ORDERS, ImportOptions, count_lines, open_import, parse_map

    state = get_state(ctx)
    path = Path(file).expanduser()
    if is_calendar(path):
        if map_ or date_order or skip_invalid or raw:
            raise UsageError("--map, --date-order, --skip-invalid and --raw are for spreadsheets, not calendars")
        _import_calendar(state, path, dry_run, teacher_from, stance, me, ranges)
        return
    if ranges.chosen() or stance or me or teacher_from != "title":
        raise UsageError("--teacher-from, --stance, --me and the range options are for calendar (.ics) files")
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
        result = state.store.imports.run(
            items,
            state.now(),
            f"from {path.name}",
            dry_run=dry_run,
            on_invalid=source.skip if skip_invalid else None,
        )
    print_import(result, path.name, source.skipped)


def print_import(
    result: "ImportResult", name: str, skipped: Sequence[tuple[str, str]] = (), what: str = "invalid row"
) -> None:
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
            line += f"; skipped {plural(len(skipped), what)} (listed above)"
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
        output.say(f"  {what}s left out: {len(skipped)} (listed above)")


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _import_calendar(
    state: AppState, path: Path, dry_run: bool, teacher_from: str, stance: str | None, me: str | None, ranges: Ranges
) -> None:
    """Sessions proposed from a calendar's events that have ended, in the range; imported like any file."""
    from datetime import date, timedelta

    from coachlog.domain.timeparse import Period, format_minutes
    from coachlog.domain.values import Incoming, parse_stance
    from coachlog.formats.calendar import CalendarRules, read_calendar

    settings = state.settings
    rules = CalendarRules(
        teacher_from=teacher_from,
        stances=settings.calendar_stances,
        default_stance=parse_stance(stance).value if stance else settings.calendar_default_stance,
        coach_email=me,
    )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"no file {path}: check the name") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    today = state.today()
    if not ranges.chosen() and any(t.start <= today <= t.end for t in state.store.terms.all()):
        from dataclasses import replace

        from coachlog.cli.app import CURRENT_TERM

        ranges = replace(ranges, term=CURRENT_TERM)  # the default: the term holding today, else everything
    period = period_from(state, ranges, default="all")
    if period is None:
        period = Period(date(2000, 1, 1), today, "everything")
    period = Period(period.start, min(period.end, today), period.label)  # nothing still to come
    now = state.now()
    proposals = read_calendar(data, period, rules, state.tz, name=path.name)
    skipped: list[tuple[str, str]] = []
    incoming = []
    for proposal in proposals:
        where = f"{proposal.when:%Y-%m-%d %H:%M} '{proposal.title}'" if proposal.when else f"'{proposal.title}'"
        entry = proposal.entry
        if entry is None:
            skipped.append((where, proposal.skipped or "skipped"))
        elif entry.start + timedelta(minutes=entry.minutes) > now:
            skipped.append((where, "not over yet"))
        else:
            incoming.append(Incoming(entry, where=where))
    if dry_run:
        known = state.store.imports.known_sources([item.entry.source for item in incoming if item.entry.source])
        for item in incoming:
            entry = item.entry
            there = "  already there" if entry.source in known else ""
            output.say(
                f"{entry.start.astimezone(state.tz):%a %Y-%m-%d %H:%M}  {', '.join(entry.teachers)}  {entry.stance}"
                f"  {format_minutes(entry.minutes)}  ({item.where.split(' ', 2)[-1]}){there}"
            )
    result = state.store.imports.run(incoming, now, f"from {path.name}", dry_run=dry_run)
    listed = skipped if dry_run else []
    if skipped and not dry_run:
        output.note(f"{plural(len(skipped), 'event')} left out (see why with --dry-run)")
    print_import(result, path.name, listed, what="event")
