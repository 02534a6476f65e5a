"""A sheet's vocabulary (the fields, the headings that name them) and one parser per kind of cell.

Each parser takes a cell's text and gives a value, or raises UsageError saying what the
cell should hold (FileError when the answer would hold for the whole file, such as a
date order). Pure: no SQL, no printing.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.names import resolve_choice
from coachlog.domain.timeparse import local_instant, parse_duration, parse_when
from coachlog.domain.values import DUTY_KINDS, MAX_MINUTES, MIN_MINUTES, PREP_ACTIVITIES, STANCES
from coachlog.errors import UsageError
from coachlog.formats.exchange import CSV_COLUMNS, TEXT_COLUMNS, unneutralise
from coachlog.formats.records import Cell, FileError

# What a column can hold: the export's columns (exchange.CSV_COLUMNS), and a duration in any form.
_AT = CSV_COLUMNS.index("hours") + 1
FIELDS = (*CSV_COLUMNS[:_AT], "duration", *CSV_COLUMNS[_AT:])
ORDER_WORDS = {"dmy": "day first", "mdy": "month first", "ymd": "year first"}  # the date orders
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
    "cycle": ("cycle", "cycleid", "coachingcycle"),
}
FIELD_OF = {heading: name for name, headings in _HEADINGS.items() for heading in headings}
AMBIGUOUS = {"time": ("start", "duration"), "type": ("kind", "activity", "stance")}
IGNORED = {"timestamp": "when the form was sent, not when the session was"}
DURATION_FIELDS = ("minutes", "duration", "hours")  # the first one a row fills wins
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
    if key in FIELD_OF:
        return FIELD_OF[key]
    return resolve_choice(text, FIELDS, "field")


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


class CellTime(NamedTuple):
    """What a date or time cell says: a day (None for a time alone), a time of day, and the
    fold (0 or 1) when an offset in the cell settled which of two repeated wall times it is (three a row: a tuple)."""

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
        how = f" (read {ORDER_WORDS[chosen]})"
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
    if value[4:5] == "-":  # a date first (an export's 2026-11-17 09:00): no time of day alone starts so
        return parse_date_cell(text, order, tz, now)
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


class RowCells:
    """One record's cells, by field."""

    def __init__(self, cells: list[Cell], index: dict[str, int], unneutralise: bool, fields: tuple[str, ...] = ()):
        self.cells = cells
        self.index = index
        self.unneutralise = unneutralise
        # The row's cells by field in one step (an import asks for each field two or three times), `fields` naming
        # each column's (fields_by_column); a field the row lacks (zip stops short), or holds as a list: _text.
        self._texts: dict[str, Cell] = dict(zip(fields or fields_by_column(index), cells, strict=False))

    def _cell(self, name: str) -> Cell:
        i = self.index.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def text(self, name: str) -> str:
        value = self._texts.get(name)
        if not isinstance(value, str):
            return self._text(name)
        if value[:1] == "'" and self.unneutralise and name in TEXT_FIELDS:  # only such a cell can be neutralised
            return unneutralise(value)
        return value

    def _text(self, name: str) -> str:
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


def fields_by_column(index: dict[str, int]) -> tuple[str, ...]:
    """The field each column holds, up to the last one a field is in ("" for none, or for a column two share)."""
    columns = list(index.values())
    fields = [""] * (max(columns, default=-1) + 1)
    for name, i in index.items():
        if i >= 0 and columns.count(i) == 1:
            fields[i] = name
    return tuple(fields)


def stance_word(text: str) -> str:
    """A stance, a duty kind or "duty", from a cell such as "coach", "Cover" or "Collaborating (we)"."""
    choices = (*STANCES, *DUTY_KINDS, "duty")
    try:
        return resolve_choice(text, choices, "stance")
    except UsageError:
        first = re.match(r"\s*([^\W\d_]+)", text)
        if first and first[1].casefold() in choices:
            return first[1].casefold()
        raise


def instants(day: date, clock: time, tz: tzinfo, text: str) -> list[datetime]:
    """The instants a local wall time names: one, or two in the hour the clocks go back."""
    candidate = datetime.combine(day, clock, tzinfo=tz)
    if candidate.utcoffset() == candidate.replace(fold=1).utcoffset():
        return [candidate]  # neither skipped nor repeated (PEP 495: both folds agree), as most are: no round trip
    first = local_instant(day, clock, tz, text)
    second = first.replace(fold=1)
    if second.utcoffset() != first.utcoffset():
        return [first, second]
    return [first]


def start_agreeing(
    starts: list[datetime], end: datetime, minutes: int, tz: tzinfo, start_text: str, end_text: str
) -> datetime:
    """The start (of the one or two a wall time can be) that the end and the minutes agree on; a UsageError when
    they contradict each other (a minute apart is rounding, as in an export's hours)."""
    ends = [e.astimezone(UTC) for e in instants(end.date(), end.time(), tz, end_text)]
    spans = [((e - s.astimezone(UTC)).total_seconds() / 60, s) for s in starts for e in ends]
    for span, start in spans:
        if abs(span - minutes) <= 1:
            return start
    if all(span <= 0 for span, _ in spans):
        raise UsageError(f"the end '{end_text}' is not after the start '{start_text}'")
    span = min((span for span, _ in spans if span > 0), key=lambda span: abs(span - minutes))
    raise UsageError(
        f"the start '{start_text}' and end '{end_text}' are {int(span + 0.5)} minutes apart, but the duration is"
        f" {minutes}: fill in one of them, or make them agree"
    )


def minutes_between(starts: list[datetime], end: datetime, tz: tzinfo, start_text: str, end_text: str) -> int:
    """Minutes from the start to the end; around the repeated hour, the shortest span that fits."""
    ends = instants(end.date(), end.time(), tz, end_text)
    spans = [(e.astimezone(UTC) - starts[0].astimezone(UTC)).total_seconds() / 60 for e in ends]
    fitting = [s for s in spans if s > 0]
    if not fitting:
        raise UsageError(f"the end '{end_text}' is not after the start '{start_text}'")
    minutes = int(min(fitting) + 0.5)
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(f"from '{start_text}' to '{end_text}' is out of range: from 1 minute to 12 hours")
    return minutes


def parse_source(value: str) -> str | None:
    """Where an exported entry first came from (a calendar event's id), so a later import of that source
    still knows it; up to 300 characters, as stored."""
    value = value.strip()
    if len(value) > 300:
        raise UsageError(f"invalid source '{value[:40]}…': 300 characters at most")
    return value or None


def parse_cycle_cell(value: str) -> int | None:
    """The coaching cycle coachlog's own export names (3 or #3); None for an empty cell."""
    text = value.strip().lstrip("#")
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 12 or int(text) == 0:
        raise UsageError(f"invalid cycle '{value}': a cycle's number, such as 3 (or --map 'cycle=' to ignore it)")
    return int(text)


def prep_row(kind_text: str, stance_text: str, activity_text: str) -> tuple[str, None, None, str] | None:
    """A row of work without a teacher present (kind "prep", or "prep" where a stance goes, as `log` prints it):
    its kind, no stance, no duty kind, and its activity (default "preparing"); None for any other row."""
    kind, stance = kind_text.strip().lower(), stance_text.strip().lower()
    if kind != "prep" and stance != "prep":
        return None
    if stance not in ("", "prep"):
        raise UsageError(f"prep work has no stance, but the row says '{stance_text}'")
    activity = resolve_choice(activity_text, PREP_ACTIVITIES, "prep activity") if activity_text.strip() else "preparing"
    return "prep", None, None, activity
