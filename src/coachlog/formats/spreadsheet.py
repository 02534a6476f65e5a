"""Reading a spreadsheet (CSV) or coachlog's own export (CSV or JSON) as new entries.

Pure code: no SQL and no printing. `open_import` reads the header (recognising the
columns by name, or as `--map` says) before anything touches the database, then
`ImportFile.rows()` streams one `ParsedRow` per line, so a file of any size is read
in flat memory. A bad value raises UsageError naming its line; with `skip_invalid`
the row is set aside in `ImportFile.skipped` instead. Problems with the whole file
(its encoding, an ambiguous date order) always stop the import.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import IO, TypeVar

from coachlog.domain.timeparse import local_instant, parse_duration, parse_when
from coachlog.domain.values import (
    DUTY_KINDS,
    MAX_MINUTES,
    MIN_MINUTES,
    STANCES,
    NewEntry,
    Stance,
    clean_name,
    clean_tag,
    resolve_choice,
)
from coachlog.errors import UsageError
from coachlog.formats.exchange import CSV_COLUMNS, TEXT_COLUMNS, unneutralise

# What a column can hold: the export's columns (exchange.CSV_COLUMNS), and a duration in any form.
_AT = CSV_COLUMNS.index("hours") + 1
FIELDS = (*CSV_COLUMNS[:_AT], "duration", *CSV_COLUMNS[_AT:])
DATE_ORDERS = ("dmy", "mdy", "ymd")
_ORDER_WORDS = {"dmy": "day first", "mdy": "month first", "ymd": "year first"}
TEXT_FIELDS = TEXT_COLUMNS  # neutralised by `export`

# Column headings, compared by their letters and digits in lower case ("Session date" is "sessiondate").
_HEADINGS = {
    "id": ("id",),
    "date": ("date", "sessiondate", "dateofsession", "day", "meetingdate", "visitdate", "dateofvisit"),
    "start": ("start", "starttime", "begin", "begintime", "sessionstart", "timestarted", "from"),
    "end": ("end", "endtime", "finish", "finishtime", "sessionend", "timeended", "until"),
    "minutes": (
        "minutes",
        "mins",
        "min",
        "durationminutes",
        "durationmins",
        "durationmin",
        "minutesspent",
        "timespentminutes",
        "timespentmins",
        "timespentmin",
    ),
    "hours": ("hours", "hrs", "durationhours", "durationhrs", "hoursspent", "timespenthours"),
    "duration": ("duration", "timespent", "length", "sessionlength", "sessionduration", "howlong"),
    "kind": ("kind", "entrytype", "entrykind", "sessionorduty"),
    "stance": ("stance", "coachingstance", "stances"),
    "teachers": ("teacher", "teachers", "teachername", "teachernames", "teachersnames", "with", "teacherscoached"),
    "activity": ("activity", "activities", "activitytype", "typeofactivity", "coachingactivity"),
    "tags": ("tags", "tag", "labels"),
    "note": ("note", "notes", "comment", "comments", "sessionnotes"),
    "helpful": ("helpful", "mosthelpful", "whatwasmosthelpful", "whatwasmosthelpfulforyoutoday"),
    "story": ("story", "successstory"),
    "shareable": ("shareable", "consent", "mayshare", "okaytoshare", "canshare"),
    "source": ("source",),
}
_FIELD_OF = {heading: name for name, headings in _HEADINGS.items() for heading in headings}
_AMBIGUOUS = {"time": ("start", "duration"), "type": ("kind", "activity")}
_IGNORED = {"timestamp": "when the form was sent, not when the session was"}
_DURATION_FIELDS = ("minutes", "duration", "hours")  # the first one a row fills wins
_YES = ("yes", "y", "true", "1", "x")
_NO = ("no", "n", "false", "0", "")


def heading_key(text: str) -> str:
    """A heading as compared: letters and digits only, lower case ("Time spent (min)" is "timespentmin")."""
    return "".join(c for c in text.casefold() if c.isalnum())


def field_named(text: str) -> str:
    """The field a `--map COLUMN=FIELD` names: a field, a heading coachlog knows, or a field's prefix."""
    key = heading_key(text)
    if key in FIELDS:
        return key
    if key in _FIELD_OF:
        return _FIELD_OF[key]
    return resolve_choice(text, FIELDS, "field")


def parse_map(text: str) -> tuple[str, str | None]:
    """'Session date=date' -> ('Session date', 'date'); 'Email=' -> ('Email', None): ignore the column."""
    column, equals, wanted = text.rpartition("=")
    if not equals or not column.strip():
        raise UsageError(
            f"invalid --map '{text}': use COLUMN=FIELD, as in --map 'Session date=date', or COLUMN= to ignore a column"
        )
    return column.strip(), field_named(wanted) if wanted.strip() else None


@dataclass(frozen=True)
class ImportOptions:
    tz: tzinfo
    now: datetime
    activities: tuple[str, ...]
    mapping: dict[str, str | None] = field(default_factory=dict)  # COLUMN -> field, or None to ignore it
    date_order: str | None = None
    raw: bool = False  # the CSV was written by `export --raw`: cells were not neutralised
    skip_invalid: bool = False


@dataclass(frozen=True)
class ParsedRow:
    line: int
    entry: NewEntry
    wanted_id: int | None  # the id in coachlog's own export: kept when it is free


class FileError(UsageError):
    """A problem with the whole file: it stops the import even with --skip-invalid."""


# ---- values ---------------------------------------------------------------------------------

_BARE_NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?", re.ASCII)
_CLOCK_SPAN = re.compile(r"(?P<h>[0-9]{1,3}):(?P<m>[0-5][0-9])(?::(?P<s>[0-5][0-9]))?", re.ASCII)
HOURS_FORMS = "hours (1.5 or 1,5), h:mm (1:30), or 1h30m, 90m"


def parse_minutes(text: str, unit: str) -> int:
    """Minutes in a duration cell. `unit` is the column's: a bare number is minutes in a
    "minutes" or "duration" column and hours in an "hours" one; h:mm (and h:mm:ss) is hours
    and minutes anywhere, and the forms of `coachlog add` (45m, 1h30m, 1.5h) work everywhere.
    """
    value = text.strip()
    minutes: float | None = None
    if _BARE_NUMBER.fullmatch(value):
        number = float(value.replace(",", "."))
        if unit == "hours":
            minutes = number * 60
        elif number.is_integer():
            minutes = number
        else:
            raise UsageError(
                f"invalid duration '{text}': a {unit} column holds whole minutes; write hours as {value}h or h:mm"
            )
    elif match := _CLOCK_SPAN.fullmatch(value):
        minutes = int(match["h"]) * 60 + int(match["m"]) + int(match["s"] or 0) / 60
    if minutes is None:
        if unit == "hours" and not re.search(r"[a-z]", value, re.I):
            raise UsageError(f"invalid duration '{text}': use {HOURS_FORMS}")
        return parse_duration(value)
    rounded = int(minutes + 0.5)
    if not MIN_MINUTES <= rounded <= MAX_MINUTES:
        raise UsageError(f"duration '{text}' is out of range: from {MIN_MINUTES} minute to {MAX_MINUTES // 60} hours")
    return rounded


_DATE = r"(?P<a>[0-9]{1,4})(?P<sep>[-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<c>[0-9]{1,4})"
_TIME = (
    r"(?P<h>[0-9]{1,2})(?::(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,][0-9]+)?)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
_DATE_CELL = re.compile(rf"{_DATE}(?:(?:\s+|T){_TIME})?", re.ASCII | re.I)
_TIME_CELL = re.compile(_TIME, re.ASCII | re.I)
DATE_FORMS = (
    "YYYY-MM-DD, DD/MM/YYYY or MM/DD/YYYY (with --date-order), DD.MM.YYYY, optionally with a time"
    " (2026-11-17 09:00, 11/17/2026 9:00 AM), or today, yesterday, a weekday"
)


@dataclass(frozen=True)
class CellTime:
    """What a date or time cell says: a day (None for a time alone), a time of day, and the
    fold (0 or 1) when an offset in the cell settled which of two repeated wall times it is."""

    day: date | None
    clock: time | None
    fold: int | None = None
    order: str | None = None  # the date order the cell's numbers show, when they show one


def _clock(match: re.Match[str], text: str) -> time | None:
    if match["h"] is None or (match["mi"] is None and match["ampm"] is None):
        return None
    hour, minute = int(match["h"]), int(match["mi"] or 0)
    if ampm := match["ampm"]:
        if not 1 <= hour <= 12:
            raise UsageError(f"invalid time '{text}': with am/pm the hour runs from 1 to 12")
        hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"invalid time '{text}': use HH:MM from 00:00 to 23:59")
    return time(hour, minute)


def _offset(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def _ymd(year: int, month: int, day: int, text: str, how: str = "") -> date:
    if not 1900 <= year <= 9998:
        raise UsageError(f"invalid date '{text}': the year must be between 1900 and 9998")
    try:
        return date(year, month, day)
    except ValueError:
        raise UsageError(f"invalid date '{text}': no such day on the calendar{how}") from None


def parse_date_cell(text: str, order: str | None, tz: tzinfo, now: datetime) -> CellTime:
    """A date, maybe with a time, as spreadsheets and `coachlog add` write them.

    Slash, dot or dash dates with the year last are read in `order` ("dmy" or "mdy");
    without one, a date whose day is over 12 shows its order, and one that could be
    read both ways raises FileError: the order is never guessed.
    """
    value = " ".join(text.split())
    if len(value) in (10, 16) and value[4:5] == "-" and value[7:8] == "-" and value[10:11] in ("", " "):
        try:  # coachlog's own YYYY-MM-DD and YYYY-MM-DD HH:MM, the C-fast way
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if 1900 <= moment.year <= 9998:
                return CellTime(moment.date(), moment.time() if len(value) == 16 else None)
    match = _DATE_CELL.fullmatch(value)
    if match is None:
        if value[:1].isalpha():  # today, yesterday, a weekday, maybe with a time: as `coachlog add --at`
            try:
                when = parse_when(value, now)
            except UsageError as exc:
                if "future" in str(exc):
                    raise
                raise UsageError(f"invalid date '{text}': use {DATE_FORMS}") from None
            local = when.start.astimezone(tz)
            return CellTime(when.local_date, local.time() if when.time_known else None)
        raise UsageError(f"invalid date '{text}': use {DATE_FORMS}")
    a, b, c = match["a"], match["b"], match["c"]
    shown: str | None = None
    if len(a) == 4:
        if len(c) > 2:
            raise UsageError(f"invalid date '{text}': use {DATE_FORMS}")
        day = _ymd(int(a), int(b), int(c), text)
    elif len(c) == 4:
        first, second = int(a), int(b)
        if order == "ymd":
            raise FileError(f"date '{text}' does not start with the year, as --date-order ymd says it should")
        chosen = order
        if chosen is None:
            if first == second or (first > 12 and second > 12):
                chosen = "dmy"  # the same either way, or no day at all: no order to infer
            elif first > 12:
                chosen = shown = "dmy"
            elif second > 12:
                chosen = shown = "mdy"
            else:
                raise FileError(
                    f"date '{text}' could be day first ({_spelled(second, first)}) or month first"
                    f" ({_spelled(first, second)}): say which with --date-order dmy or --date-order mdy"
                )
        how = f" (read {_ORDER_WORDS[chosen]})"
        day = _ymd(int(c), second, first, text, how) if chosen == "dmy" else _ymd(int(c), first, second, text, how)
    else:
        raise UsageError(f"invalid date '{text}': write the year with four digits (2026)")
    clock = _clock(match, text)
    if match["h"] is not None and clock is None:
        raise UsageError(f"invalid time in '{text}': use HH:MM after the date, as in 2026-11-17 09:00")
    fold = None
    if clock is not None and match["tz"]:
        local = datetime.combine(day, clock, tzinfo=_offset(match["tz"])).astimezone(tz)
        day, clock, fold = local.date(), local.time().replace(second=0), local.fold
    return CellTime(day, clock, fold, shown)


def _spelled(month: int, day: int) -> str:
    return f"{date(2000, month, 1):%B} {day}" if 1 <= month <= 12 else f"month {month}, day {day}"


def parse_time_cell(text: str, order: str | None, tz: tzinfo, now: datetime) -> CellTime:
    """A start or end cell: a time of day (9:00, 9:00 AM, 14:30:00), or a date with a time."""
    value = " ".join(text.split())
    match = _TIME_CELL.fullmatch(value)
    if match is not None and match["tz"] is None:
        clock = _clock(match, text)
        if clock is not None:
            return CellTime(None, clock)
    return parse_date_cell(text, order, tz, now)


def parse_shareable(text: str) -> bool:
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise UsageError(f"invalid shareable '{text}': use yes or no")


def _unneutralise(cell: str) -> str:
    """The exact inverse of what `export` does to a cell a spreadsheet would run as a formula."""
    return unneutralise(cell) if cell.startswith("'") else cell


# ---- columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Which column holds which field, and what to tell the coach about the rest."""

    index: dict[str, int]
    notes: tuple[str, ...] = ()
    unnamed: tuple[int, ...] = ()  # columns with no heading: ignored while they are empty


def _listed(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def map_columns(header: list[str], mapping: dict[str, str | None], name: str) -> Columns:
    """Recognise each heading (or follow --map); raise UsageError for what cannot be settled."""
    folded = [" ".join(h.split()).casefold() for h in header]
    chosen: dict[int, str | None] = {}
    for column, wanted in mapping.items():
        found = [i for i, h in enumerate(folded) if h == " ".join(column.split()).casefold()]
        if not found:
            raise UsageError(
                f"--map names a column '{column}' that {name} does not have: its columns are {_listed(header)}"
            )
        if len(found) > 1:
            raise UsageError(f"{name} has {len(found)} columns named '{column}': rename all but one in the file")
        chosen[found[0]] = wanted
    notes: list[str] = []
    unknown: list[str] = []
    ambiguous: list[str] = []
    unnamed: list[int] = []
    by_field: dict[str, list[int]] = {}
    for i, heading in enumerate(header):
        key = heading_key(heading)
        if i in chosen:
            wanted = chosen[i]
        elif not heading.strip():
            unnamed.append(i)
            continue
        elif key in _IGNORED:
            notes.append(f"Ignored column '{heading}': it is {_IGNORED[key]} (--map '{heading}=date' to use it)")
            continue
        elif key in _AMBIGUOUS:
            options = " or ".join(f"--map '{heading}={f}'" for f in _AMBIGUOUS[key])
            ambiguous.append(f"'{heading}' could be the {' or the '.join(_AMBIGUOUS[key])} ({options})")
            continue
        elif key in _FIELD_OF:
            wanted = _FIELD_OF[key]
        else:
            unknown.append(heading)
            continue
        if wanted is not None:
            by_field.setdefault(wanted, []).append(i)
    for wanted, indexes in by_field.items():
        if len(indexes) > 1:
            names = [header[i] for i in indexes]
            raise UsageError(
                f"columns {_listed(names)} of {name} all hold the {wanted}: keep one and ignore the others"
                f" with --map '{names[-1]}='"
            )
    if ambiguous:
        raise UsageError(f"unclear column in {name}: " + "; ".join(ambiguous) + ", or --map COLUMN= to ignore it")
    if unknown:
        raise UsageError(
            f"{name} has columns coachlog does not know: {_listed(unknown)}; say what each holds with"
            f" --map 'COLUMN=FIELD' (fields: {', '.join(FIELDS)}) or ignore it with --map 'COLUMN='"
        )
    index = {wanted: indexes[0] for wanted, indexes in by_field.items()}
    missing = []
    if "date" not in index and "start" not in index:
        missing.append("date")
    if not any(f in index for f in _DURATION_FIELDS) and not ("start" in index and "end" in index):
        missing.append("minutes")
    if "stance" not in index and "kind" not in index:
        missing.append("stance")
    if missing:
        raise UsageError(
            f"no {' or '.join(missing)} column in {name}: its columns are {_listed(header)};"
            f" say which holds it with " + " and ".join(f"--map 'COLUMN={m}'" for m in missing)
        )
    return Columns(index, tuple(notes), tuple(unnamed))


# ---- the file -------------------------------------------------------------------------------

T = TypeVar("T")
Cell = str | list[str]
Record = tuple[int, list[Cell], str | None]  # line where the record starts, cells in header order, a problem


class ImportFile:
    """One open file: its columns, then its rows as ParsedRow values, streamed."""

    def __init__(self, name: str, header: list[str], records: Iterator[Record], options: ImportOptions, csv_: bool):
        self.name = name
        self.options = options
        self.columns = map_columns(header, options.mapping, name)
        self.skipped: list[tuple[str, str]] = []  # (where, reason) under skip_invalid
        self._records = records
        self._unneutralise = csv_ and not options.raw
        self._width = len(header)
        self._order = options.date_order
        self._order_seen: tuple[str, int, str] | None = None  # (order, line, cell) of the first date that showed one
        # A file repeats a few stances, activities and names thousands of times: each is worked out once.
        self._kinds: dict[tuple[str, str, str], tuple[str, Stance | None, str | None, str | None]] = {}
        self._names: dict[str, str] = {}

    @property
    def notes(self) -> tuple[str, ...]:
        return self.columns.notes

    @staticmethod
    def _remember(cache: dict, key: object, value: T) -> T:
        if len(cache) < 10_000:
            cache[key] = value
        return value

    def _teacher(self, name: str) -> str:
        return self._names.get(name) or self._remember(self._names, name, clean_name(name))

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))

    def rows(self) -> Iterator[ParsedRow]:
        for line, cells, problem in self._records:
            if not problem and all(not cell or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue  # a blank line or row of empty cells
            try:
                yield self._row(line, cells, problem)
            except FileError as exc:
                raise UsageError(f"line {line}: {exc}; nothing was imported") from None
            except UsageError as exc:
                if not self.options.skip_invalid:
                    raise UsageError(f"line {line}: {exc}; nothing was imported") from None
                self.skip(f"line {line}", str(exc))

    # -- one row --

    def _row(self, line: int, cells: list[Cell], problem: str | None) -> ParsedRow:
        if problem:
            raise UsageError(problem)
        if len(cells) > self._width and any(cells[self._width :]):
            raise UsageError(f"{len(cells)} cells but the header names {self._width} columns")
        for i in self.columns.unnamed:
            if i < len(cells) and cells[i]:
                raise UsageError(f"a value in column {i + 1}, which has no heading: give the column a heading")
        index = self.columns.index
        row = _Cells(cells, index, self._unneutralise)
        text, names = row.text, row.names
        said = (text("kind"), text("stance"), text("activity"))
        kinds = self._kinds.get(said) or self._remember(self._kinds, said, self._kind(*said))
        kind, stance, duty_kind, activity = kinds
        minutes = self._minutes(text)
        start, local_date, time_known, minutes = self._when(line, text, minutes)
        teachers = tuple(dict.fromkeys(self._teacher(name) for name in names("teachers")))
        helpful, story = text("helpful") or None, text("story") or None
        shareable = parse_shareable(text("shareable"))
        if kind == "session" and not teachers:
            hint = "" if "teachers" in index else " (no teacher column: --map 'COLUMN=teachers')"
            raise UsageError(f"a session needs a teacher{hint}")
        if kind == "duty" and teachers:
            raise UsageError(f"a duty ({duty_kind}) has no teachers, but this row names {_listed(teachers)}")
        if kind == "duty" and (helpful or story or shareable):
            raise UsageError("a duty has no helpful answer, story or consent: those belong to sessions")
        entry = NewEntry(
            kind=kind,
            start=start,
            minutes=minutes,
            local_date=local_date,
            time_known=time_known,
            teachers=teachers,
            stance=stance,
            duty_kind=duty_kind,
            activity=activity,
            note=text("note") or None,
            tags=tuple(dict.fromkeys(clean_tag(t) for t in names("tags"))),
            helpful=helpful,
            story=story,
            shareable=shareable,
            source=_source(text("source")),
        )
        return ParsedRow(line, entry, self._id(text("id")))

    def _id(self, value: str) -> int | None:
        value = value.strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 15 or int(value) == 0:
            raise UsageError(f"invalid id '{value}': an id is a whole number from 1 (or --map 'id=' to ignore the ids)")
        return int(value)

    def _kind(
        self, kind_text: str, stance_text: str, activity_text: str
    ) -> tuple[str, Stance | None, str | None, str | None]:
        kind = resolve_choice(kind_text, ("session", "duty"), "kind") if kind_text.strip() else None
        stance: Stance | None = None
        duty_kind: str | None = None
        said: str | None = None
        if stance_text.strip():
            said = _stance_word(stance_text)
            if said in STANCES:
                stance = Stance(said)
            elif said != "duty":
                duty_kind = said
        shown = None if said is None else "session" if stance else "duty"
        if kind is None:
            if shown is None:
                raise UsageError("no stance: a session needs consulting, collaborating or coaching")
            kind = shown
        elif shown is not None and shown != kind:
            raise UsageError(f"the kind is {kind} but the stance '{stance_text}' is a {shown}")
        activities = self.options.activities
        if kind == "session":
            if stance is None:
                raise UsageError(f"a session needs a stance: {', '.join(STANCES)}")
            if not activity_text.strip():
                return kind, stance, None, None
            try:
                return kind, stance, None, resolve_choice(activity_text, activities, "activity")
            except UsageError as exc:
                raise UsageError(f"{exc} (to keep it, add it to `activities` with coachlog config set)") from None
        from_activity = resolve_choice(activity_text, DUTY_KINDS, "duty") if activity_text.strip() else None
        if duty_kind and from_activity and duty_kind != from_activity:
            raise UsageError(f"the stance says the duty is {duty_kind} but the activity says {from_activity}")
        duty_kind = duty_kind or from_activity
        if duty_kind is None:
            raise UsageError(f"a duty needs its kind ({', '.join(DUTY_KINDS)}) in the activity or stance column")
        return kind, None, duty_kind, None

    def _minutes(self, text: Callable[[str], str]) -> int | None:
        for name in _DURATION_FIELDS:
            value = text(name)
            if value.strip():
                return parse_minutes(value, name)
        return None

    def _cell_time(self, line: int, value: str, date_only: bool) -> CellTime:
        options = self.options
        parse = parse_date_cell if date_only else parse_time_cell
        cell = parse(value, self._order, options.tz, options.now)
        if cell.order is not None:
            if self._order_seen is None:
                self._order_seen = (cell.order, line, value)
            elif self._order_seen[0] != cell.order:
                order, first_line, first_value = self._order_seen
                raise FileError(
                    f"date '{value}' reads {_ORDER_WORDS[cell.order]} but line {first_line} ('{first_value}')"
                    f" reads {_ORDER_WORDS[order]}: say which with --date-order dmy or --date-order mdy"
                )
        return cell

    def _when(self, line: int, text: Callable[[str], str], minutes: int | None) -> tuple[datetime, date, bool, int]:
        """Start (aware), local date, whether the time is known, and minutes."""
        tz, now = self.options.tz, self.options.now
        date_text, start_text, end_text = text("date"), text("start"), text("end")
        day: date | None = None
        clock: time | None = None
        fold: int | None = None
        if date_text.strip():
            cell = self._cell_time(line, date_text, date_only=True)
            day, clock, fold = cell.day, cell.clock, cell.fold
        if start_text.strip():
            cell = self._cell_time(line, start_text, date_only=False)
            if cell.day is not None:
                if day is not None and cell.day != day and cell.fold is None:
                    raise UsageError(f"the start '{start_text}' is not on the date '{date_text}'")
                day = cell.day
            if cell.clock is not None:
                clock, fold = cell.clock, cell.fold
        if day is None:
            raise UsageError("no date: fill in the date column")
        end: datetime | None = None
        if end_text.strip() and clock is not None:
            cell = self._cell_time(line, end_text, date_only=False)
            if cell.clock is None:
                raise UsageError(f"the end '{end_text}' has no time of day")
            end = datetime.combine(cell.day or day, cell.clock)
            if cell.day is None and end <= datetime.combine(day, clock):
                end += timedelta(days=1)  # 23:30 to 00:15 ends the next day
        if clock is None:
            if minutes is None:
                raise UsageError("no duration: fill in the minutes (or the start and end times)")
            if day > now.date():
                raise UsageError(f"date {day} is in the future: sessions are logged after they happen")
            return datetime.combine(day, time(0, 0), tzinfo=tz), day, False, minutes
        candidates = _instants(day, clock, tz, start_text or date_text)
        if fold is not None:
            candidates = [c for c in candidates if c.fold == fold] or candidates
        start = candidates[0]
        if minutes is None:
            if end is None:
                raise UsageError("no duration: fill in the minutes (or the start and end times)")
            minutes = _minutes_between(candidates, end, tz, start_text or date_text, end_text)
        elif end is not None and len(candidates) == 2:  # the repeated hour: the end says which
            for candidate in candidates:
                if (candidate.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz).replace(tzinfo=None) == end:
                    start = candidate
                    break
        if start.astimezone(UTC) > now.astimezone(UTC):  # as instants: the same zone would compare wall times
            raise UsageError(f"{start:%Y-%m-%d %H:%M} is in the future: sessions are logged after they happen")
        return start, day, True, minutes


class _Cells:
    """One record's cells, by field."""

    def __init__(self, cells: list[Cell], index: dict[str, int], unneutralise: bool) -> None:
        self.cells = cells
        self.index = index
        self.unneutralise = unneutralise

    def _cell(self, name: str) -> Cell:
        i = self.index.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def text(self, name: str) -> str:
        value = self._cell(name)
        if isinstance(value, list):
            raise UsageError(f"the {name} is a list: expected text")
        return _unneutralise(value) if self.unneutralise and name in TEXT_FIELDS else value

    def names(self, name: str) -> list[str]:
        """Teachers or tags: a list (JSON), or one cell with the names joined by ';'."""
        value = self._cell(name)
        if isinstance(value, list):
            return value
        if self.unneutralise:
            value = _unneutralise(value)
        return [part for part in (p.strip() for p in value.split(";")) if part]


def _stance_word(text: str) -> str:
    """A stance, a duty kind or "duty", from a cell such as "coach", "Cover" or "Collaborating (we)"."""
    choices = (*STANCES, *DUTY_KINDS, "duty")
    try:
        return resolve_choice(text, choices, "stance")
    except UsageError:
        first = re.match(r"\s*([^\W\d_]+)", text)
        if first and first[1].casefold() in choices:
            return first[1].casefold()
        raise


def _instants(day: date, clock: time, tz: tzinfo, text: str) -> list[datetime]:
    """The instants a local wall time names: one, or two in the hour the clocks go back."""
    first = local_instant(day, clock, tz, text)
    second = first.replace(fold=1)
    if second.utcoffset() != first.utcoffset():
        return [first, second]
    return [first]


def _minutes_between(starts: list[datetime], end: datetime, tz: tzinfo, start_text: str, end_text: str) -> int:
    """Minutes from the start to the end; around the repeated hour, the shortest span that fits."""
    ends = _instants(end.date(), end.time(), tz, end_text)
    spans = [(e.astimezone(UTC) - starts[0].astimezone(UTC)).total_seconds() / 60 for e in ends]
    fitting = [s for s in spans if s > 0]
    if not fitting:
        raise UsageError(f"the end '{end_text}' is not after the start '{start_text}'")
    minutes = int(min(fitting) + 0.5)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"from '{start_text}' to '{end_text}' is out of range: from 1 minute to 12 hours")
    return minutes


# ---- reading ----------------------------------------------------------------------------------


def _not_utf8(name: str) -> FileError:
    return FileError(
        f"{name} is not UTF-8 text: in Excel save it as 'CSV UTF-8 (Comma delimited)', in Sheets download it as CSV"
    )


def _csv_records(handle: IO[str], name: str) -> tuple[list[str], Iterator[Record]]:
    """The header and the records of a CSV file; the delimiter (, ; or tab) is the header's."""
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        raise _not_utf8(name) from None
    if not first.strip():
        raise UsageError(f"{name} is empty: expected a header row (date, teacher, stance, minutes...)")
    delimiter = max((",", ";", "\t"), key=first.count)
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))  # a long note exported must come back
    # strict: an unclosed quote is an error at its line, not the rest of the file swallowed into one note
    reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter, strict=True)
    header = [cell.strip() for cell in next(reader)]

    def records() -> Iterator[Record]:
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise _not_utf8(name) from None
            except csv.Error as exc:
                raise UsageError(f"{name} line {line}: unreadable CSV ({exc}); nothing was imported") from None
            yield line, list(cells), None

    return header, records()


def _json_value(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, dict):
        raise UsageError("a value is an object: expected text, a number or a list")
    return str(value)


def _json_objects(handle: IO[str], name: str) -> Iterator[tuple[int, dict]]:
    """The objects of a JSON array, decoded one at a time (an export can be large)."""
    decoder = json.JSONDecoder()
    buffer, position, line, ended = "", 0, 1, False

    def more() -> bool:
        nonlocal buffer, position, ended
        if ended:
            return False
        try:
            chunk = handle.read(1 << 20)
        except UnicodeDecodeError:
            raise _not_utf8(name) from None
        buffer, position = buffer[position:] + chunk, 0
        ended = not chunk
        return bool(chunk)

    def skip_space() -> str:
        nonlocal position, line
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                line += buffer[position] == "\n"
                position += 1
            if position < len(buffer) or not more():
                return buffer[position : position + 1]

    def invalid(what: str) -> UsageError:
        return UsageError(f"{name} line {line}: {what}; nothing was imported")

    if skip_space() != "[":
        raise invalid("not a JSON list of entries (as `coachlog export --format json` writes)")
    position += 1
    first = True
    while True:
        mark = skip_space()
        if mark == "]":
            return
        if not first:
            if mark != ",":
                raise invalid("expected ',' or ']' between entries")
            position += 1
            skip_space()
        first = False
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
                break
            except json.JSONDecodeError as exc:
                if not more():
                    raise invalid(f"invalid JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise invalid("expected an object for each entry")
        yield line, value
        line += buffer.count("\n", position, end)
        position = end


def _json_records(handle: IO[str], name: str) -> tuple[list[str], Iterator[Record]]:
    objects = _json_objects(handle, name)
    first = next(objects, None)
    if first is None:
        return [], iter(())
    header = list(first[1])

    def records() -> Iterator[Record]:
        for line, value in itertools.chain([first], objects):
            extra = [key for key in value if key not in header]
            if extra:
                yield line, [], f"keys the first entry does not have: {_listed(extra)}"
                continue
            try:
                yield line, [_json_value(value.get(key)) for key in header], None
            except UsageError as exc:
                yield line, [], str(exc)

    return header, records()


@contextmanager
def open_import(path: Path, options: ImportOptions) -> Iterator[ImportFile]:
    """Open a CSV or JSON file (told apart by its first character) and read its header."""
    name = path.name
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        raise UsageError(f"no file {path}: check the name (give the path to a .csv or .json file)") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a directory: give the path to a .csv or .json file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            start = handle.read(64)
            handle.seek(0)
        except UnicodeDecodeError:
            raise _not_utf8(name) from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        if start.lstrip("\ufeff \t\r\n").startswith("["):
            header, records = _json_records(handle, name)
            is_csv = False
            if not header:
                header = ["date", "minutes", "stance"]  # an empty export: nothing to map, nothing to read
        else:
            header, records = _csv_records(handle, name)
            is_csv = True
        yield ImportFile(name, header, records, options, is_csv)


def count_lines(path: Path) -> int:
    """About how many rows a file holds (its lines), for a progress bar."""
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _source(value: str) -> str | None:
    """Where an exported entry first came from (a calendar event's id), so a later import of that source
    still knows it; up to 300 characters, as stored."""
    value = value.strip()
    if len(value) > 300:
        raise UsageError(f"invalid source '{value[:40]}…': 300 characters at most")
    return value or None
