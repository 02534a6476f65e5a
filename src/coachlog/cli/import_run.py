"""What `coachlog import` does once its command line is read, standard library only: the Typer command
(cli/imports.py) and the fast path that skips Typer (cli/fastpath.py) both call run_import(), so the two cannot
drift apart.
"""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from coachlog import output
from coachlog.cli.show import plural
from coachlog.domain.periods import RangeChoice
from coachlog.domain.values import STANCES
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.changes import ImportResult
    from coachlog.domain.values import NewEntry


def run_import(
    session: Session,
    file: str,
    *,
    map_: list[str] | None = None,
    date_order: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    raw: bool = False,
    teacher_from: str = "title",
    stance: str | None = None,
    me: str | None = None,
    ranges: RangeChoice,
) -> None:
    """`coachlog import FILE`: a calendar's events, or a spreadsheet's rows (see cli/imports.py)."""
    from coachlog.services import imports

    path = Path(file).expanduser()
    if imports.is_calendar(path):
        if map_ or date_order or skip_invalid or raw:
            raise UsageError("--map, --date-order, --skip-invalid and --raw are for spreadsheets, not calendars")
        _import_calendar(session, path, dry_run, teacher_from, stance, me, ranges)
        return
    if ranges.chosen() or stance or me or teacher_from != "title":
        raise UsageError("--teacher-from, --stance, --me and the range options are for calendar (.ics) files")
    done = imports.import_spreadsheet(
        session,
        path,
        map_=map_,
        date_order=date_order,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        raw=raw,
        note=output.note,
        progress=output.progress if sys.stderr.isatty() else None,
    )
    for line, entry in done.read:
        output.say(_read_row(session, line, entry))
    print_import(done.result, path.name, done.skipped, totals=done.totals)


def _read_row(session: Session, line: int, entry: "NewEntry") -> str:
    """One row of a dry run as it was read: line, date and time, minutes, teachers, stance, activity."""
    from coachlog.domain.timeparse import format_minutes

    when = f"{entry.local_date:%a %Y-%m-%d} " + (
        f"{entry.start.astimezone(session.tz):%H:%M}" if entry.time_known else "     "
    )
    what = f"{entry.stance}" if entry.kind == "session" else f"duty: {entry.duty_kind}"
    cells = [f"line {line}", when, format_minutes(entry.minutes), ", ".join(entry.teachers) or "-", what]
    return "  ".join([*cells, *([entry.activity] if entry.activity else [])])


def print_import(
    result: "ImportResult",
    name: str,
    skipped: Sequence[tuple[str, str]] = (),
    what: str = "invalid row",
    totals: Sequence[tuple[str, str]] = (),
) -> None:
    """What an import did (or, for a dry run, would do): skipped rows and hints on stderr, the summary on stdout.

    Shared by every import (spreadsheets, calendars): `name` is the file's name.
    """
    for where, reason in [*totals, *skipped]:
        output.note(f"Skipped {where}: {reason}".replace("\r", "\\r").replace("\n", "\\n"))
    for cycle, count in sorted(result.unlinked.items()):
        output.note(
            f"{_entries(count)} of cycle #{cycle} {'was' if count == 1 else 'were'} imported without a cycle:"
            f" #{cycle} is not in this database, or its teachers and days do not fit"
            + (" them" if count > 1 else " it")
        )
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
        if totals:
            line += f"; left out {plural(len(totals), 'total row')}"
        output.say(line)
        if result.linked:
            output.say(f"  {plural(result.linked, 'session')} joined a coaching cycle")
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
    if totals:
        output.say(f"  total rows left out: {len(totals)} (listed above)")
    if result.linked:
        output.say(f"  joining a coaching cycle: {result.linked}")


def _entries(count: int) -> str:
    return f"{count} {'entry' if count == 1 else 'entries'}"


def _import_calendar(
    session: Session,
    path: Path,
    dry_run: bool,
    teacher_from: str,
    stance: str | None,
    me: str | None,
    ranges: RangeChoice,
) -> None:
    """Sessions proposed from a calendar's events that have ended, in the range; imported like any file."""
    from coachlog.services import imports

    plan = imports.calendar_plan(session, path, teacher_from, stance, me, ranges)
    if dry_run:
        from coachlog.domain.timeparse import format_minutes

        known = imports.known_sources(session, plan)
        for item in plan.incoming:
            entry = item.entry
            there = "  already there" if entry.source in known else ""
            output.say(
                f"{entry.start.astimezone(session.tz):%a %Y-%m-%d %H:%M}  {', '.join(entry.teachers)}  {entry.stance}"
                f"  {format_minutes(entry.minutes)}  ({item.where.split(' ', 2)[-1]}){there}"
            )
    result = imports.import_calendar(session, plan, dry_run)
    skipped = plan.skipped
    listed = skipped if dry_run else []
    if skipped and not dry_run:
        output.note(f"{plural(len(skipped), 'event')} left out (see why with --dry-run)")
    print_import(result, path.name, listed, what="event")
