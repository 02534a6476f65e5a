"""What several commands print the same way: an added entry, the week's split, counts, headings."""

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from coachlog import output
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import format_minutes
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.caseload import StepRequest
    from coachlog.domain.contract import Added
    from coachlog.domain.values import Entry


def print_added(session: Session, added: "Added", verb: str, detail: bool = False) -> None:
    from coachlog.render.entries import entry_line

    for name, suggestion in added.new_teachers:
        hint = f" — did you mean '{suggestion}'?" if suggestion else ""
        output.note(f"new teacher '{name}'{hint}")
    if added.overlaps:
        others = ", ".join(f"#{i}" for i in added.overlaps)
        output.warn(f"#{added.entry.id} overlaps {others}; saved anyway (times from memory are approximate)")
    warn_if_still_to_come(session, added.entry)
    output.say(f"{verb} {entry_line(added.entry, session.tz, detail)}")
    if added.cycle is not None:
        output.say(f"  part of cycle #{added.cycle}")


def warn_if_still_to_come(session: Session, entry: "Entry") -> None:
    """`add rivera coach 45 --at now` saves a session ending 45 minutes from now: --at is when it started, and a
    coach logging right after a session more likely meant it ended now. Saved anyway; the warning says how."""
    from datetime import timedelta

    if not entry.time_known:
        return
    now = session.now()
    end = entry.start + timedelta(minutes=entry.minutes)
    if end > now + timedelta(minutes=1):
        ends = end.astimezone(session.tz).strftime("%H:%M" if end.date() == now.date() else "%Y-%m-%d %H:%M")
        output.warn(
            f"#{entry.id} ends at {ends}, still to come: --at is when it started; leave --at out for a session that"
            " just ended (fix it with `coachlog edit`)"
        )


def print_step(added: "Added", step: "StepRequest | None") -> None:
    """The next step `add`/`stop --next` saved with the session."""
    if step is not None and added.entry.teachers:
        output.say(f"Check back with {added.entry.teachers[0]} by {step.due_on:%a} {step.due_on}: {step.text}")


def say_fitted(text: str, indent: str = "") -> None:
    """`text` on stdout, wrapped between words to a terminal's width (whole when piped)."""
    import sys

    size = output.terminal_size(sys.stdout)
    if size is None:
        output.say(indent + text)
        return
    from coachlog.render.text import wrap

    for line in wrap(text, size[0], indent):
        output.say(line)


def print_due(session: Session, shown: int = 3) -> None:
    """The check-backs due today or overdue, the first `shown` of them (bare `coachlog`)."""
    from coachlog.render.caseload import when_due
    from coachlog.services.caseload import due_steps

    steps = due_steps(session, everything=False)
    if not steps:
        return
    today = session.today()
    say_fitted(f"Check-backs due: {len(steps)}" + (" (all: coachlog due)" if len(steps) > shown else ""))
    for step in steps[:shown]:
        say_fitted(f"[{step.id}] {step.teacher}, {when_due(step, today)}: {step.text}", "  ")


def print_week_split(session: Session) -> None:
    """This week's stance split in one line, so every add shows where the week is going."""
    from coachlog.reports.week import percent
    from coachlog.services.entries import week_split

    period, minutes, duties = week_split(session)
    total = sum(minutes.values())
    parts = [f"{stance} {format_minutes(m)} ({percent(m, total):g}%)" for stance, m in minutes.items()]
    output.say(f"This week (from {period.start}): " + " · ".join(parts) + f" · duties {format_minutes(duties)}")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def warn_if_long(minutes: int) -> None:
    from coachlog.domain.timeparse import is_long

    if is_long(minutes):
        output.warn(f"{format_minutes(minutes)} is a long session; saved anyway (fix it with `coachlog edit`)")


def _markdown_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def heading(session: Session, period: Period) -> str:
    who = " · ".join(x for x in (session.settings.coach, session.settings.school) if x)
    span = (
        f"{period.label} ({period.start} to {period.end})"
        if period.label != f"{period.start} to {period.end}"
        else period.label
    )
    return f"{who} — {span}" if who else span


LISTING_FORMATS = ("table", "csv", "json")  # term list, status, config show
RECORD_FORMATS = ("table", "csv", "json", "markdown")  # teacher list, due, consent list/where, cycle show


def print_records(
    records: Sequence[Mapping[str, object]] | Mapping[str, object],
    fmt: str,
    table: Callable[[], None],
    columns: Sequence[str] = (),
) -> None:
    """`records` as `fmt`: "table" calls `table` (the command's own lines); CSV (a heading row, cells a
    spreadsheet would run as formulas neutralised) and JSON go straight to stdout, never through Rich.
    One mapping is one record: a JSON object, a CSV of one row. `columns` heads a CSV (or Markdown) of no rows.
    Markdown is a table of the CSV's columns (lists joined by ", ")."""
    import sys

    if fmt == "table":
        table()
        return
    if fmt == "markdown":
        from coachlog.render.markdown import table as markdown_table

        listed = [records] if isinstance(records, Mapping) else list(records)
        headings = list(listed[0].keys()) if listed else list(columns)
        cells = [[_markdown_cell(value) for value in row.values()] for row in listed]
        sys.stdout.write(markdown_table(headings, cells))
        return
    if fmt == "json":
        import json

        sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    import csv

    from coachlog.formats.exchange import neutralise

    rows = [records] if isinstance(records, Mapping) else list(records)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if rows or columns:
        writer.writerow(rows[0].keys() if rows else columns)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row.values()])
