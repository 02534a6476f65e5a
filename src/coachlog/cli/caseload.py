"""The caseload's commands: the roster (`teacher import/add/leave/return/show`), `reach`, `due`, `done`, `check`."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, app, get_state, teacher_app
from coachlog.cli.options import NO_RANGE, ByOption, FormatOption, NextOption, parse_format, range_options
from coachlog.cli.show import RECORD_FORMATS, plural, print_records, say_fitted
from coachlog.domain.names import clean_name
from coachlog.domain.periods import RangeChoice
from coachlog.domain.timeparse import format_minutes
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.caseload import RosterChange
    from coachlog.domain.values import TeacherStats
    from coachlog.services.caseload import Brief


def print_roster(session: Session, stats: "list[TeacherStats]", records: list[dict[str, object]], fmt: str) -> None:
    """`teacher list` once there is a roster: each teacher's department, grade and staff state too."""
    from coachlog.services import caseload

    members = caseload.members(session)
    for stat, record in zip(stats, records, strict=True):
        member = members[stat.id]
        left = member.left_on.isoformat() if member.left_on and not member.on_staff else None
        record.update(department=member.department, grade=member.grade, on_staff=member.on_staff, left_on=left)

    def table() -> None:
        rows = [
            [str(r["name"]), str(r["sessions"]), format_minutes(int(str(r["minutes"]))), str(r["last_seen"] or "-"),
             str(r["department"] or "-"), str(r["grade"] or "-"), _staff_state(r)]
            for r in records
        ]  # fmt: skip
        if not output.is_terminal(sys.stdout):
            for row in rows:
                output.say("\t".join(row))
            return
        from coachlog.render.text import write_table

        headings = ("teacher", "sessions", "time", "last seen", "department", "grade", "on staff")
        write_table(sys.stdout, [(None, headings, rows, {1, 2})], [])  # too narrow: the roster's columns go first

    print_records(records, fmt, table)


def _staff_state(record: dict[str, object]) -> str:
    return "yes" if record["on_staff"] else (f"left {record['left_on']}" if record["left_on"] else "no")


TeacherName = Annotated[
    str, typer.Argument(metavar="NAME", help="The teacher's name (or a part of it).", autocompletion=complete.teachers)
]


def _say_change(change: "RosterChange", what: str) -> None:
    verb = ("would add", "would update") if change.dry_run else ("added", "updated")
    parts = [f"{verb[0]} {len(change.added)}", f"{verb[1]} {len(change.updated)}"]
    if change.unchanged:
        parts.append(f"{change.unchanged} already as listed")
    output.say(f"{what}: " + ", ".join(parts) + ("" if not change.dry_run else " (dry run: nothing was changed)"))
    hints = dict(change.hints)
    for label, names in (("new", change.added), ("updated", change.updated)):
        for name in names:
            hint = f" (like '{hints[name]}', logged before: coachlog teacher merge)" if hints.get(name) else ""
            output.say(f"  {label}: {name}{hint}")


@teacher_app.command("import", cls=CoachlogCommand)
def teacher_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A CSV of names, with department and grade optional.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; change nothing.")] = False,
) -> None:
    """Import the staff roster from a CSV: names, and optional department and grade columns.

    Teachers already known (the same name, case and punctuation aside) are updated and put on
    staff; the others are added. A heading row names the columns (name, department, grade);
    without one, the file is a list of names. One transaction; `coachlog undo` reverts it.

    \b
    Examples:
      coachlog teacher import staff.csv --dry-run
      coachlog teacher import staff.csv
    """
    from coachlog.services import caseload

    change = caseload.import_roster(get_state(ctx), file, dry_run)
    _say_change(change, f"Roster from {file.name}")


@teacher_app.command("add", cls=CoachlogCommand)
def teacher_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The teacher's name, as it should show.")],
    department: Annotated[str | None, typer.Option("--department", "-d", help="Their department.")] = None,
    grade: Annotated[str | None, typer.Option("--grade", "-g", help="Their grade level (text: 3, K, 9-10).")] = None,
) -> None:
    """Put a teacher on the staff roster (a teacher you already log is updated).

    \b
    Examples:
      coachlog teacher add "Ms. Rivera" --department math --grade 7
      coachlog teacher add "Mr. Okafor"
    """
    from coachlog.services import caseload

    change = caseload.add_member(get_state(ctx), clean_name(name), department, grade)
    _say_change(change, "Roster")


@teacher_app.command("leave", cls=CoachlogCommand)
def teacher_leave(
    ctx: typer.Context,
    name: TeacherName,
    at: Annotated[
        str | None, typer.Option("--at", help="The day they left (default today): 2026-12-18, friday, 12/18.")
    ] = None,
) -> None:
    """Mark a teacher as having left the staff; their sessions stay, for history.

    \b
    Examples:
      coachlog teacher leave "Mr. Park"
      coachlog teacher leave park --at 2026-11-30
    """
    from coachlog.services import caseload

    member = caseload.leave(get_state(ctx), name, at)
    output.say(f"'{member.name}' left the staff on {member.left_on}; their sessions stay (undo: coachlog undo)")


@teacher_app.command("return", cls=CoachlogCommand)
def teacher_return(ctx: typer.Context, name: TeacherName) -> None:
    """Put a teacher who left (or one you log but never listed) back on the staff roster.

    \b
    Example:
      coachlog teacher return "Mr. Park"
    """
    from coachlog.services import caseload

    member = caseload.back(get_state(ctx), name)
    output.say(f"'{member.name}' is on staff")


BRIEF_FORMATS = ("table", "json")  # the brief nests lists (next steps, sessions): no CSV or Markdown table


@teacher_app.command("show", cls=CoachlogCommand)
def teacher_show(
    ctx: typer.Context,
    name: TeacherName,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """The brief before you walk into a classroom: roster facts, the active cycle, the last sessions with their
    notes, open next steps.

    \b
    Examples:
      coachlog teacher show rivera
      coachlog teacher show rivera --format json
    """
    from coachlog.render.caseload import when_due
    from coachlog.render.entries import entry_line
    from coachlog.services import caseload

    fmt = parse_format(fmt, BRIEF_FORMATS)
    session = get_state(ctx)
    brief = caseload.brief(session, name)
    if fmt == "json":
        print_records(_brief_record(session, brief), fmt, lambda: None)
        return
    member, today = brief.member, session.today()
    facts = [x for x in (member.department, f"grade {member.grade}" if member.grade else None) if x]
    if member.left_on and not member.on_staff:
        facts.append(f"left {member.left_on}")
    elif member.on_staff:
        facts.append("on staff")
    say_fitted(member.name + (f" — {', '.join(facts)}" if facts else ""))
    seen = f"{plural(brief.sessions, 'session')}, {format_minutes(brief.minutes)}"
    if brief.last_seen:
        seen += f"; first {brief.first_seen}, last {brief.last_seen} ({(today - brief.last_seen).days} days ago)"
    say_fitted(seen)
    if brief.cycle:
        say_fitted(f"Cycle: {brief.cycle}")
    output.say("")
    output.say("Open next steps:" if brief.steps else "No open next steps.")
    for step in brief.steps:
        say_fitted(f"[{step.id}] {when_due(step, today)}: {step.text}", "  ")
    if brief.recent:
        output.say("")
        output.say(f"Last {plural(len(brief.recent), 'session')}:")
    for entry in reversed(brief.recent):
        say_fitted(entry_line(entry, session.tz), "  ")
        if entry.note:
            for line in entry.note.splitlines():
                say_fitted(line, "      ")


def _brief_record(session: Session, brief: "Brief") -> dict[str, object]:
    """`teacher show --format json`: the brief's facts, its cycle line, open steps and last sessions (as export)."""
    from coachlog.formats.exchange import entry_json
    from coachlog.render.caseload import step_record

    member, today = brief.member, session.today()
    return {
        "name": member.name,
        "department": member.department,
        "grade": member.grade,
        "on_staff": member.on_staff,
        "left_on": member.left_on.isoformat() if member.left_on and not member.on_staff else None,
        "sessions": brief.sessions,
        "minutes": brief.minutes,
        "first_seen": brief.first_seen.isoformat() if brief.first_seen else None,
        "last_seen": brief.last_seen.isoformat() if brief.last_seen else None,
        "cycle": brief.cycle,
        "next_steps": [step_record(step, today) for step in brief.steps],
        "recent": [entry_json(entry, session.tz) for entry in reversed(brief.recent)],
    }


@app.command(cls=CoachlogCommand)
@range_options
def reach(ctx: typer.Context, ranges: RangeChoice = NO_RANGE, fmt: FormatOption = "table") -> None:
    """Who on staff you saw, who not yet, and how long since each (default: this term, else the school year).

    Staff come from the roster (`teacher import`); without one, the teachers you met, out of the
    `staff` setting. Names are shown: this is your own view, not one to share.

    \b
    Examples:
      coachlog reach
      coachlog reach --last-month
      coachlog reach --format csv > reach.csv
    """
    from coachlog.render.caseload import write_reach
    from coachlog.render.document import FORMATS
    from coachlog.services import caseload

    session = get_state(ctx)
    fmt = parse_format(fmt, FORMATS)
    period = caseload.reach_period(session, ranges)
    write_reach(caseload.reach(session, period), fmt, sys.stdout)


@app.command(cls=CoachlogCommand)
def due(
    ctx: typer.Context,
    step_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="A check-back to change (with --by or --next).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="The upcoming ones too.")] = False,
    fmt: FormatOption = "table",
    by: ByOption = None,
    next_: NextOption = None,
) -> None:
    """Check-backs due today or overdue (`add`/`stop --next TEXT --by DATE` records them); with an ID and --by
    or --next, change that one (a done one is reopened; `coachlog undo` reverts it).

    \b
    Examples:
      coachlog due
      coachlog due --all --format json
      coachlog due 3 --by friday   (moves check-back 3)
      coachlog done 3   (marks check-back 3 done)
    """
    from coachlog.render.caseload import step_record, step_rows
    from coachlog.services import caseload

    session = get_state(ctx)
    fmt = parse_format(fmt, RECORD_FORMATS)
    if step_id is not None:
        before, after = caseload.change_step(session, _step_id(step_id), next_, by)
        reopened = " (reopened: it was done)" if before.done_on else ""
        output.say(f"Check back with {after.teacher} by {after.due_on:%a} {after.due_on}: {after.text}{reopened}")
        return
    if by is not None or next_ is not None:
        raise UsageError("--by and --next change one check-back: give its ID first, as in `coachlog due 3 --by fri`")
    steps = caseload.due_steps(session, all_)
    today = session.today()

    def table() -> None:
        if not steps:
            output.note(
                "Nothing due." if not all_ else "No open next steps: add one with `add … --next TEXT --by DATE`."
            )
        elif output.is_terminal(sys.stdout):
            from coachlog.render.text import write_table

            write_table(sys.stdout, [(None, ("id", "teacher", "due", "next step"), step_rows(steps, today), {0})], [])
        else:
            for row in step_rows(steps, today):
                output.say("\t".join(row))

    print_records([step_record(step, today) for step in steps], fmt, table, ("id", "teacher", "next_step", "due"))


@app.command(cls=CoachlogCommand)
def done(
    ctx: typer.Context,
    step_id: Annotated[str, typer.Argument(metavar="ID", help="The check-back's id, as `coachlog due` shows it.")],
) -> None:
    """Mark a check-back done (today); `coachlog undo` reopens it.

    \b
    Example:
      coachlog done 3
    """
    from coachlog.services import caseload

    step = caseload.mark_done(get_state(ctx), _step_id(step_id))
    output.say(f"Done: [{step.id}] {step.teacher}: {step.text}")


def _step_id(text: str) -> int:
    value = text.strip().lstrip("#[").rstrip("]")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid id '{text}': use the number `coachlog due` shows, such as 3")
    return int(value)


@app.command(cls=CoachlogCommand)
def check(
    ctx: typer.Context,
    hours: Annotated[
        float, typer.Option("--hours", help="A timer running longer than this many hours was left running.")
    ] = 4.0,
) -> None:
    """Quiet unless something needs you (for a shell prompt or cron): exit 0 and no output when all is well.

    Otherwise one line each, and exit 1: a timer left running, check-backs due today or overdue,
    nothing logged on the last working day. Exit 2: a usage error.

    \b
    Examples:
      coachlog check
      coachlog check --hours 2 || echo "see above"
    """
    from coachlog.services.check import attention

    if not 0 < hours <= 24:
        raise UsageError(f"invalid --hours '{hours:g}': use a number of hours above 0, up to 24")
    lines = attention(get_state(ctx), hours)
    for line in lines:
        output.say(line)
    if lines:
        raise typer.Exit(1)
