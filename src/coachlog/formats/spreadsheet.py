"""Reading a spreadsheet (CSV) or coachlog's own export (CSV or JSON) as new entries.

Pure code: no SQL and no printing. `open_import` reads the header (recognising the columns by name, or as
`--map` says) before anything touches the database, then `ImportFile.rows()` streams one `ParsedRow` per
line, so a file of any size is read in flat memory. A bad value raises UsageError naming its line; with
`skip_invalid` the row is set aside in `ImportFile.skipped` instead; a sheet's "Total" row is always set
aside, in `ImportFile.totals`. Problems with the whole file (its encoding, dates that disagree on their
order, or a date that reads both ways when no date of the file settles the order) always stop the import.
The file is read a second time only to find the date that settles the order, and only when a date needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import ClassVar, TypeVar

from coachlog.domain.contract import CycleLink
from coachlog.domain.frozen import Frozen, NamedTuple
from coachlog.domain.names import clean_name, clean_tag, resolve_choice
from coachlog.domain.values import DUTY_KINDS, STANCES, NewEntry, Stance
from coachlog.errors import UsageError
from coachlog.formats.cells import (
    DURATION_FIELDS,
    ORDER_WORDS,
    CellTime,
    RowCells,
    fields_by_column,
    instants,
    minutes_between,
    parse_cycle_cell,
    parse_date_cell,
    parse_minutes,
    parse_shareable,
    parse_source,
    parse_time_cell,
    prep_row,
    stance_word,
    start_agreeing,
)
from coachlog.formats.columns import map_columns
from coachlog.formats.exchange import CSV_COLUMNS
from coachlog.formats.habits import duty_in, settled_order, split_teachers, total_word
from coachlog.formats.records import Cell, FileError, Record, csv_records, json_records, not_utf8

DATE_ORDERS = tuple(ORDER_WORDS)  # what --date-order accepts: dmy, mdy, ymd


class ImportOptions(Frozen):  # Frozen (domain/frozen.py): an import loads no `dataclasses`
    FIELDS: ClassVar[tuple[str, ...]] = (
        "tz", "now", "activities", "mapping", "date_order", "raw", "skip_invalid", "note"
    )  # fmt: skip
    tz: tzinfo
    now: datetime
    activities: tuple[str, ...]
    mapping: dict[str, str | None]  # COLUMN -> field, or None to ignore it
    date_order: str | None
    raw: bool  # the CSV was written by `export --raw`: cells were not neutralised
    skip_invalid: bool
    note: Callable[[str], None] | None  # hears what the reader settles on the way (a date order)

    def __init__(
        self,
        tz: tzinfo,
        now: datetime,
        activities: tuple[str, ...],
        mapping: dict[str, str | None] | None = None,
        date_order: str | None = None,
        raw: bool = False,
        skip_invalid: bool = False,
        note: Callable[[str], None] | None = None,
    ) -> None:
        self.__dict__.update(
            tz=tz, now=now, activities=activities, mapping={} if mapping is None else mapping, date_order=date_order,
            raw=raw, skip_invalid=skip_invalid, note=note,
        )  # fmt: skip


class ParsedRow(NamedTuple):  # a NamedTuple: one per row, where a frozen dataclass's __init__ costs more
    line: int
    entry: NewEntry
    wanted_id: int | None  # the id in coachlog's own export: kept when it is free
    cycle: CycleLink  # a "cycle" column names the session's cycle (empty: none); else its open one


# ---- the file -------------------------------------------------------------------------------

K = TypeVar("K")
T = TypeVar("T")


class ImportFile:
    """One open file: its columns, then its rows as ParsedRow values, streamed."""

    def __init__(
        self,
        name: str,
        header: list[str],
        records: Iterator[Record],
        options: ImportOptions,
        csv_: bool,
        reread: Callable[[], Generator[Record, None, None]] | None = None,
    ):
        self.name = name
        self.options = options
        self.columns = map_columns(header, options.mapping, name, reread)
        self.skipped: list[tuple[str, str]] = []  # (where, reason) under skip_invalid
        self.totals: list[tuple[str, str]] = []  # (where, reason): a sheet's total rows, always left out
        self._records = records
        self._reread = reread  # the records again from the top, to find what settles the date order
        # coachlog's own export joins teachers with ';' only; a coach's sheet also writes 'Patel & Nguyen'
        self._own_export = not csv_ or tuple(header[:7]) == CSV_COLUMNS[:7]
        self._unneutralise = csv_ and not options.raw
        self._width = len(header)
        self._order = options.date_order
        self._order_seen: tuple[str, int, str] | None = None  # (order, line, cell) of the first date that showed one
        # A file repeats a few stances, activities and names thousands of times: each is worked out once.
        self._kinds: dict[tuple[str, str, str], tuple[str, Stance | None, str | None, str | None]] = {}
        self._names: dict[str, str] = {}
        self._tags: dict[str, str] = {}
        self._durations: dict[tuple[str, str], int] = {}  # (field, cell) -> minutes
        self._fields = fields_by_column(self.columns.index)  # see RowCells

    @property
    def notes(self) -> tuple[str, ...]:
        return self.columns.notes

    @staticmethod
    def _remember(cache: dict[K, T], key: K, value: T) -> T:
        if len(cache) < 4_096:  # a file naming more teachers than that must not hold them all (flat memory)
            cache[key] = value
        return value

    def _teacher(self, name: str) -> str:
        return self._names.get(name) or self._remember(self._names, name, clean_name(name))

    def _tag(self, tag: str) -> str:
        return self._tags.get(tag) or self._remember(self._tags, tag, clean_tag(tag))

    def _teachers(self, names: list[str]) -> tuple[str, ...]:
        if not self._own_export:
            names = [part for name in names for part in split_teachers(name)]
        return tuple(dict.fromkeys(self._teacher(name) for name in names))

    def _total(self, cells: list[Cell]) -> str | None:
        """The word that makes this row a sheet's "Total" row, or None."""
        index = self.columns.index
        where = index.get("date", index.get("start"))
        return total_word(cells, cells[where] if where is not None and where < len(cells) else "")

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))

    def rows(self) -> Iterator[ParsedRow]:
        for line, cells, problem in self._records:
            if not problem and all(not cell or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue  # a blank line or row of empty cells
            if not problem and (word := self._total(cells)) is not None:
                self.totals.append((f"line {line}", f"a total row ('{word}'), not an entry"))
                continue
            try:
                yield self._row(line, cells, problem)
            except FileError as exc:
                raise UsageError(f"line {exc.line or line}: {exc}; nothing was imported") from None
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
        row = RowCells(cells, index, self._unneutralise, self._fields)
        text, names = row.text, row.names
        said = (text("kind"), text("stance"), text("activity"))
        kinds = self._kinds.get(said) or self._remember(self._kinds, said, self._kind(*said))
        kind, stance, duty_kind, activity = kinds
        minutes = self._minutes(text)
        start, local_date, time_known, minutes = self._when(line, text, minutes)
        teachers = self._teachers(names("teachers"))
        helpful, story = text("helpful") or None, text("story") or None
        shareable = parse_shareable(text("shareable"))
        note = text("note") or None
        if kind == "session" and not teachers:
            hint = "" if "teachers" in index else " (no teacher column: --map 'COLUMN=teachers')"
            raise UsageError(f"a session needs a teacher{hint}")
        if kind != "session" and teachers:  # "Cover" and the teacher whose class it was: the note keeps the names
            note, teachers = "; ".join(filter(None, (note, f"for {', '.join(teachers)}"))), ()
        if kind != "session" and (helpful or story or shareable):
            what = "a duty" if kind == "duty" else "prep work"
            raise UsageError(f"{what} has no helpful answer, story or consent: those belong to sessions")
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
            note=note,
            tags=tuple(dict.fromkeys(self._tag(t) for t in names("tags"))),
            helpful=helpful,
            story=story,
            shareable=shareable,
            source=parse_source(text("source")),
        )
        cycle = CycleLink(parse_cycle_cell(text("cycle")), auto=False) if "cycle" in index else CycleLink()
        return ParsedRow(line, entry, self._id(text("id")), cycle)

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
        if (prep := prep_row(kind_text, stance_text, activity_text)) is not None:
            return prep
        kind = resolve_choice(kind_text, ("session", "duty"), "kind") if kind_text.strip() else None
        stance: Stance | None = None
        duty_kind: str | None = None
        said: str | None = None
        if stance_text.strip():
            said = _stance_said(stance_text)
            if said in STANCES:
                stance = Stance(said)
            elif said != "duty":
                duty_kind = said
        elif kind != "session" and activity_text.strip():
            said = duty_in(activity_text)  # no stance, and an activity such as "Cover" or "Lunch duty": a duty
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
        from_activity = _duty_kind(activity_text) if activity_text.strip() else None
        if duty_kind and from_activity and duty_kind != from_activity:
            raise UsageError(f"the stance says the duty is {duty_kind} but the activity says {from_activity}")
        return kind, None, duty_kind or from_activity or "other", None  # a bare "duty" is of no named kind

    def _minutes(self, text: Callable[[str], str]) -> int | None:
        """The duration a row gives; when it gives it twice (minutes and hours, as an export does), they agree."""
        given = []
        for name in DURATION_FIELDS:
            if (value := text(name)).strip():
                minutes = self._durations.get((name, value)) or self._remember(
                    self._durations, (name, value), parse_minutes(value, name)
                )
                given.append((name, value, minutes))
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
        try:
            cell = parse(value, self._order, options.tz, options.now)
        except FileError:  # a date that reads both ways: another date of the file may settle the order
            if self._order is not None or not self._settle_order():
                raise
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

    def _settle_order(self) -> bool:
        """Read the file's dates from the top: when one shows the order (9/14/2025 is month first), it is
        the file's order; FileError when two show different orders. False when none shows one."""
        if self._reread is None:
            return False
        where = [self.columns.index[f] for f in ("date", "start", "end") if f in self.columns.index]
        with closing(self._reread()) as records:
            cells = ((line, cells[i]) for line, cells, _ in records for i in where if i < len(cells))
            found = settled_order(cells, ORDER_WORDS)
        if found is None:
            return False
        self._order, line, value = found
        self._order_seen = found
        if self.options.note is not None:
            self.options.note(f"Dates read {ORDER_WORDS[self._order]}, as '{value}' on line {line} shows")
        return True

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


def _stance_said(text: str) -> str:
    """A stance, a duty kind or "duty", from a stance cell; "Lunch duty" or "duty: cover" (as `log` prints it) too."""
    try:
        word = stance_word(text)
        return (duty_in(text) or word) if word == "duty" else word
    except UsageError:
        said = duty_in(text)
        if said is None:
            raise
        return said


def _duty_kind(text: str) -> str | None:
    """The duty kind an activity cell names ("cover", "Lunch supervision"), or None for a bare "duty"."""
    try:
        return resolve_choice(text, DUTY_KINDS, "duty")
    except UsageError:
        said = duty_in(text)
        if said is None:
            raise
        return None if said == "duty" else said


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
        is_csv = not start.lstrip("\ufeff \t\r\n").startswith("[")
        header, records = (csv_records if is_csv else json_records)(handle, name)
        if not header:
            header = ["date", "minutes", "stance"]  # an empty export: nothing to map, nothing to read
        yield ImportFile(name, header, records, options, is_csv, lambda: _records_again(path, is_csv))


def _records_again(path: Path, is_csv: bool) -> Generator[Record, None, None]:
    """The file's records once more, from the top (the file is open only while they are read)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        yield from (csv_records if is_csv else json_records)(handle, path.name)[1]


def count_lines(path: Path) -> int:
    """About how many rows a file holds (its lines), for a progress bar."""
    lines = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines
