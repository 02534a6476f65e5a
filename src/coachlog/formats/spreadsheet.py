"""Reading a spreadsheet (CSV) or coachlog's own export (CSV or JSON) as new entries.

Pure code: no SQL and no printing. `open_import` reads the header (recognising the
columns by name, or as `--map` says) before anything touches the database, then
`ImportFile.rows()` streams one `ParsedRow` per line, so a file of any size is read
in flat memory. A bad value raises UsageError naming its line; with `skip_invalid`
the row is set aside in `ImportFile.skipped` instead. Problems with the whole file
(its encoding, an ambiguous date order) always stop the import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TypeVar

from coachlog.domain.names import clean_name, clean_tag, resolve_choice
from coachlog.domain.values import DUTY_KINDS, STANCES, NewEntry, Stance
from coachlog.errors import UsageError
from coachlog.formats.cells import (
    AMBIGUOUS,
    DURATION_FIELDS,
    FIELD_OF,
    FIELDS,
    IGNORED,
    ORDER_WORDS,
    CellTime,
    RowCells,
    field_named,
    heading_key,
    instants,
    minutes_between,
    parse_date_cell,
    parse_minutes,
    parse_shareable,
    parse_source,
    parse_time_cell,
    stance_word,
    start_agreeing,
)
from coachlog.formats.records import Cell, FileError, Record, csv_records, json_records, listed, not_utf8

DATE_ORDERS = tuple(ORDER_WORDS)  # what --date-order accepts: dmy, mdy, ymd


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


# ---- columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Columns:
    """Which column holds which field, and what to tell the coach about the rest."""

    index: dict[str, int]
    notes: tuple[str, ...] = ()
    unnamed: tuple[int, ...] = ()  # columns with no heading: ignored while they are empty


def map_columns(header: list[str], mapping: dict[str, str | None], name: str) -> Columns:
    """Recognise each heading (or follow --map); raise UsageError for what cannot be settled."""
    chosen = _mapped(header, mapping, name)
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
        elif key in IGNORED:
            notes.append(f"Ignored column '{heading}': it is {IGNORED[key]} (--map '{heading}=date' to use it)")
            continue
        elif key in AMBIGUOUS:
            options = " or ".join(f"--map '{heading}={f}'" for f in AMBIGUOUS[key])
            ambiguous.append(f"'{heading}' could be the {' or the '.join(AMBIGUOUS[key])} ({options})")
            continue
        elif key in FIELD_OF:
            wanted = FIELD_OF[key]
        else:
            unknown.append(heading)
            continue
        if wanted is not None:
            by_field.setdefault(wanted, []).append(i)
    for wanted, indexes in by_field.items():
        if len(indexes) > 1:
            names = [header[i] for i in indexes]
            raise UsageError(
                f"columns {listed(names)} of {name} all hold the {wanted}: keep one and ignore the others"
                f" with --map '{names[-1]}='"
            )
    if ambiguous:
        raise UsageError(f"unclear column in {name}: " + "; ".join(ambiguous) + ", or --map COLUMN= to ignore it")
    if unknown:
        raise UsageError(
            f"{name} has columns coachlog does not know: {listed(unknown)}; say what each holds with"
            f" --map 'COLUMN=FIELD' (fields: {', '.join(FIELDS)}) or ignore it with --map 'COLUMN='"
        )
    index = {wanted: indexes[0] for wanted, indexes in by_field.items()}
    _check_needed(index, header, name)
    return Columns(index, tuple(notes), tuple(unnamed))


def _mapped(header: list[str], mapping: dict[str, str | None], name: str) -> dict[int, str | None]:
    """The field --map gives each column it names, by column number."""
    folded = [" ".join(h.split()).casefold() for h in header]
    chosen: dict[int, str | None] = {}
    for column, wanted in mapping.items():
        found = [i for i, h in enumerate(folded) if h == " ".join(column.split()).casefold()]
        if not found:
            raise UsageError(
                f"--map names a column '{column}' that {name} does not have: its columns are {listed(header)}"
            )
        if len(found) > 1:
            raise UsageError(f"{name} has {len(found)} columns named '{column}': rename all but one in the file")
        chosen[found[0]] = wanted
    return chosen


def _check_needed(index: dict[str, int], header: list[str], name: str) -> None:
    """UsageError unless the columns give a date, a duration and a stance (or kind)."""
    missing = []
    if "date" not in index and "start" not in index:
        missing.append("date")
    if not any(f in index for f in DURATION_FIELDS) and not ("start" in index and "end" in index):
        missing.append("minutes")
    if "stance" not in index and "kind" not in index:
        missing.append("stance")
    if missing:
        raise UsageError(
            f"no {' or '.join(missing)} column in {name}: its columns are {listed(header)};"
            f" say which holds it with " + " and ".join(f"--map 'COLUMN={m}'" for m in missing)
        )


# ---- the file -------------------------------------------------------------------------------

K = TypeVar("K")
T = TypeVar("T")


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
    def _remember(cache: dict[K, T], key: K, value: T) -> T:
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
        row = RowCells(cells, index, self._unneutralise)
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
            raise UsageError(f"a duty ({duty_kind}) has no teachers, but this row names {listed(teachers)}")
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
            source=parse_source(text("source")),
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
            said = stance_word(stance_text)
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
        """The duration a row gives; when it gives it twice (minutes and hours, as an export does), they agree."""
        given = [(name, text(name), parse_minutes(text(name), name)) for name in DURATION_FIELDS if text(name).strip()]
        for name, value, minutes in given[1:]:
            first, first_value, first_minutes = given[0]
            if abs(minutes - first_minutes) > 1:  # a minute apart is rounding (an export's hours have 2 decimals)
                raise UsageError(
                    f"the {first} ('{first_value}') and the {name} ('{value}') disagree:"
                    " fill in one, or make them agree"
                )
        return given[0][2] if given else None

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
                    f"date '{value}' reads {ORDER_WORDS[cell.order]} but line {first_line} ('{first_value}')"
                    f" reads {ORDER_WORDS[order]}: say which with --date-order dmy or --date-order mdy"
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
        candidates = instants(day, clock, tz, start_text or date_text)
        if fold is not None:
            candidates = [c for c in candidates if c.fold == fold] or candidates
        start = candidates[0]
        if minutes is None:
            if end is None:
                raise UsageError("no duration: fill in the minutes (or the start and end times)")
            minutes = minutes_between(candidates, end, tz, start_text or date_text, end_text)
        elif end is not None:  # they must agree; in the repeated hour, the end says which start
            start = start_agreeing(candidates, end, minutes, tz, start_text or date_text, end_text)
        if start.astimezone(UTC) > now.astimezone(UTC):  # as instants: the same zone would compare wall times
            raise UsageError(f"{start:%Y-%m-%d %H:%M} is in the future: sessions are logged after they happen")
        return start, day, True, minutes


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
            raise not_utf8(name) from None
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror}") from None
        if start.lstrip("\ufeff \t\r\n").startswith("["):
            header, records = json_records(handle, name)
            is_csv = False
            if not header:
                header = ["date", "minutes", "stance"]  # an empty export: nothing to map, nothing to read
        else:
            header, records = csv_records(handle, name)
            is_csv = True
        yield ImportFile(name, header, records, options, is_csv)


def count_lines(path: Path) -> int:
    """About how many rows a file holds (its lines), for a progress bar."""
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines
