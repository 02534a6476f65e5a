"""The import's per-row readers against the slower code they replaced (issue 17), on random input.

`instants` skips the round trip through UTC when both folds of a wall time agree, `parse_time_cell` sends a
cell that starts like a date straight to the date reader, and `RowCells` reads a row's cells by field once:
each must answer exactly as the code before it, errors and their messages included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.timeparse import local_instant
from coachlog.errors import UsageError
from coachlog.formats.cells import (
    _TIME_CELL,
    FIELDS,
    TEXT_FIELDS,
    CellTime,
    RowCells,
    _clock,
    _unneutralise,
    fields_by_column,
    instants,
    parse_date_cell,
    parse_time_cell,
)
from coachlog.formats.records import Cell

ZONES: list[tzinfo] = [
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
    ZoneInfo("Europe/Dublin"),  # its "winter time" is the negative DST of the tz database
    ZoneInfo("Australia/Lord_Howe"),  # half an hour forward in summer
    ZoneInfo("UTC"),
    timezone(timedelta(hours=5, minutes=30)),
]
# Days the clocks change in those zones, where a wall time can be skipped or repeated.
CHANGES = [date(2026, 3, 8), date(2026, 11, 1), date(2026, 3, 29), date(2026, 10, 25), date(2026, 4, 5)]
CHANGES += [date(2026, 10, 4), date(1999, 10, 31), date(2000, 4, 2)]
NOW = datetime(2026, 6, 12, 15, 0, tzinfo=ZoneInfo("America/New_York"))


def old_instants(day: date, clock: time, tz: tzinfo, text: str) -> list[datetime]:
    """`instants` before issue 17's import: a round trip through UTC for every wall time."""
    first = local_instant(day, clock, tz, text)
    second = first.replace(fold=1)
    if second.utcoffset() != first.utcoffset():
        return [first, second]
    return [first]


def old_parse_time_cell(text: str, order: str | None, tz: tzinfo, now: datetime) -> CellTime:
    """`parse_time_cell` before issue 17's import: the time-of-day pattern first, whatever the cell."""
    value = " ".join(text.split())
    match = _TIME_CELL.fullmatch(value)
    if match is not None and match["tz"] is None:
        clock = _clock(match, text)
        if clock is not None:
            return CellTime(None, clock)
    return parse_date_cell(text, order, tz, now)


@dataclass
class OldRowCells:
    """`RowCells` before issue 17's import: every field looked up by its column, each time it is asked for."""

    cells: list[Cell]
    index: dict[str, int]
    unneutralise: bool

    def _cell(self, name: str) -> Cell:
        i = self.index.get(name)
        return self.cells[i] if i is not None and i < len(self.cells) else ""

    def text(self, name: str) -> str:
        value = self._cell(name)
        if isinstance(value, list):
            raise UsageError(f"the {name} is a list: expected text")
        return _unneutralise(value) if self.unneutralise and name in TEXT_FIELDS else value

    def names(self, name: str) -> list[str]:
        value = self._cell(name)
        if isinstance(value, list):
            return value
        if self.unneutralise:
            value = _unneutralise(value)
        return [part for part in (p.strip() for p in value.split(";")) if part]


def outcome(call, *args):  # type: ignore[no-untyped-def]
    """What a call gives: its value, or the type and message of the UsageError it raises."""
    try:
        return "value", call(*args)
    except UsageError as exc:
        return type(exc).__name__, str(exc)


def exactly(found: object) -> object:
    """Instants as compared here: wall time, zone and fold, not only the moment."""
    if isinstance(found, tuple) and found[0] == "value" and isinstance(found[1], list):
        return [(moment.replace(tzinfo=None), moment.tzinfo, moment.fold) for moment in found[1]]
    return found


days = st.one_of(st.sampled_from(CHANGES), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
clocks = st.builds(time, st.integers(0, 23), st.sampled_from([0, 1, 15, 29, 30, 31, 45, 59]))


@settings(max_examples=600)
@given(days, clocks, st.sampled_from(ZONES))
@example(date(2026, 3, 8), time(2, 30), ZoneInfo("America/New_York"))  # skipped: an error
@example(date(2026, 11, 1), time(1, 30), ZoneInfo("America/New_York"))  # repeated: two instants
@example(date(2026, 4, 5), time(1, 45), ZoneInfo("Australia/Lord_Howe"))  # repeated half hour
@example(date(2026, 10, 4), time(2, 15), ZoneInfo("Australia/Lord_Howe"))  # skipped half hour
def test_instants_as_before(day: date, clock: time, tz: tzinfo) -> None:
    """Every wall time gives the same instants (zone and fold too), or the same error, as before."""
    text = f"{day} {clock:%H:%M}"
    assert exactly(outcome(instants, day, clock, tz, text)) == exactly(outcome(old_instants, day, clock, tz, text))


cell_texts = st.one_of(
    st.text(alphabet="0123456789-:/. apmAPMZT+", max_size=22),
    st.builds(
        lambda day, clock, sep, tail: f"{day:%Y-%m-%d}{sep}{clock:%H:%M}{tail}",
        st.dates(date(1890, 1, 1), date(2030, 12, 31)),
        clocks,
        st.sampled_from([" ", "T", "  ", "-", ""]),
        st.sampled_from(["", ":00", " -05:00", "Z", "+0200", " pm", "x"]),
    ),
    st.sampled_from(["9:00", "9:00 AM", "14:30:00", "9:00-05:00", "10am-0500", "2026-11-17", "11/17/2026 9:00"]),
)


@settings(max_examples=600)
@given(cell_texts, st.sampled_from([None, "dmy", "mdy", "ymd"]), st.sampled_from(ZONES))
@example("9:00-05:00", None, ZoneInfo("America/New_York"))  # a time with its offset: read as before
@example("2026-11-01 01:30 -04:00", None, ZoneInfo("America/New_York"))  # the first of two 01:30s
def test_time_cells_as_before(text: str, order: str | None, tz: tzinfo) -> None:
    """A start or end cell reads as before: the same day, time, fold and order, or the same error."""
    assert outcome(parse_time_cell, text, order, tz, NOW) == outcome(old_parse_time_cell, text, order, tz, NOW)


cells_ = st.one_of(
    st.text(alphabet="ab ;'=+-@\t", max_size=8),
    st.lists(st.text(alphabet="ab '=", max_size=3), max_size=3),
)


@settings(max_examples=500)
@given(
    st.dictionaries(st.sampled_from(FIELDS), st.integers(0, 7), max_size=len(FIELDS)),
    st.lists(cells_, max_size=9),
    st.booleans(),
    st.booleans(),
)
@example({"note": 0, "story": 0}, ["'=1"], True, True)  # two fields in one column
def test_row_cells_as_before(index: dict[str, int], cells: list[Cell], unneutralise: bool, given_fields: bool) -> None:
    """Every field of a row reads as before, as text and as names, whatever its column and the row's length."""
    fields = fields_by_column(index) if given_fields else ()
    new, old = RowCells(cells, index, unneutralise, fields), OldRowCells(cells, index, unneutralise)
    for name in (*FIELDS, "unknown"):
        assert outcome(new.text, name) == outcome(old.text, name), name
        assert outcome(new.names, name) == outcome(old.names, name), name
