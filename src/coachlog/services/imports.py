"""Bringing entries in: a spreadsheet or coachlog's own export, and a calendar's events."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.names import parse_stance, resolve_choice
from coachlog.domain.periods import CURRENT_TERM, Period, RangeChoice
from coachlog.errors import UsageError
from coachlog.formats.ics import is_calendar as is_calendar  # the CLI asks which path to take
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.changes import ImportResult, Incoming
    from coachlog.domain.values import NewEntry

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]  # wraps items in a progress bar: (items, total, label)


class SheetImport(NamedTuple):  # a NamedTuple, not a dataclass: an import loads no `dataclasses`
    """What importing a spreadsheet did: the result, the rows left out, and (in a dry run) what was read."""

    result: ImportResult
    skipped: Sequence[tuple[str, str]]  # (where, why): invalid rows, under --skip-invalid
    totals: Sequence[tuple[str, str]]  # (where, why): the sheet's total rows, always left out
    read: Sequence[tuple[int, NewEntry]]  # a dry run's rows as parsed, with their lines


def import_spreadsheet(
    session: Session,
    path: Path,
    *,
    map_: list[str] | None,
    date_order: str | None,
    dry_run: bool,
    skip_invalid: bool,
    raw: bool,
    note: Callable[[str], None],
    progress: Progress | None,
) -> SheetImport:
    """`coachlog import FILE` for a CSV or JSON file: what the import did, the rows it left out, and
    (a dry run) each row as it was read.

    `note` hears what the file's reader says about its columns and dates, as soon as it says it.
    """
    from coachlog.domain.changes import Incoming
    from coachlog.formats.columns import parse_map
    from coachlog.formats.spreadsheet import DATE_ORDERS, ImportOptions, count_lines, open_import

    mapping = dict(parse_map(text) for text in map_ or [])
    order = resolve_choice(date_order, DATE_ORDERS, "date order") if date_order is not None else None
    options = ImportOptions(
        tz=session.tz,
        now=session.now(),
        activities=tuple(dict.fromkeys(session.settings.all_activities)),
        mapping=mapping,
        date_order=order,
        raw=raw,
        skip_invalid=skip_invalid,
        note=note,
    )
    read: list[tuple[int, NewEntry]] = []
    with open_import(path, options) as source:
        for message in source.notes:
            note(message)

        def incoming() -> Iterator[Incoming]:
            for row in source.rows():
                if dry_run:
                    read.append((row.line, row.entry))
                yield Incoming(row.entry, row.wanted_id, f"line {row.line}", row.cycle)

        items: Iterable[Incoming] = incoming()
        if progress is not None:
            items = progress(items, count_lines(path), "Importing")
        result = session.store.imports.run(
            items,
            session.now(),
            f"from {path.name}",
            dry_run=dry_run,
            on_invalid=source.skip if skip_invalid else None,
        )
    refused = {where for where, _ in source.skipped}  # rows the store set aside (--skip-invalid) are not shown as read
    return SheetImport(result, source.skipped, source.totals, [r for r in read if f"line {r[0]}" not in refused])


class CalendarPlan(NamedTuple):
    """A calendar's events that have ended in the range, as sessions to import, and those left out with why."""

    path: Path
    now: datetime
    incoming: list[Incoming]
    skipped: list[tuple[str, str]]


def calendar_plan(
    session: Session, path: Path, teacher_from: str, stance: str | None, me: str | None, choice: RangeChoice
) -> CalendarPlan:
    """Sessions proposed from a calendar's events that have ended in the range (default: the term holding
    today, else everything)."""
    from coachlog.domain.changes import Incoming
    from coachlog.formats.calendar import CalendarRules, read_calendar

    settings = session.settings
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
    today = session.today()
    if not choice.chosen() and any(t.start <= today <= t.end for t in session.store.terms.all()):
        choice = choice._replace(term=CURRENT_TERM)  # the default: the term holding today, else everything
    period = session.period(choice, default="all")
    if period is None:
        period = Period(date(2000, 1, 1), today, "everything")
    period = Period(period.start, min(period.end, today), period.label)  # nothing still to come
    now = session.now()
    proposals = read_calendar(data, period, rules, session.tz, name=path.name)
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
    return CalendarPlan(path, now, incoming, skipped)


def known_sources(session: Session, plan: CalendarPlan) -> set[str]:
    """Which of the plan's events are already in the database (a dry run marks them)."""
    return session.store.imports.known_sources([item.entry.source for item in plan.incoming if item.entry.source])


def import_calendar(session: Session, plan: CalendarPlan, dry_run: bool) -> ImportResult:
    """Import the plan's sessions like any file: once, as one undo step (a dry run changes nothing)."""
    return session.store.imports.run(plan.incoming, plan.now, f"from {plan.path.name}", dry_run=dry_run)
