"""The export's writers from stored rows (formats/exchange.py write_rows_csv/json, issue 17) against the writers of
Entry values they stand in for (write_entries_csv/json of storage.rows.entry_of's entries), on random rows: every
byte must agree, in every zone, raw or not, with or without a byte-order mark.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.formats import exchange
from coachlog.formats.exchange import (
    ROW_FIELDS,
    ROW_SEP,
    write_entries_csv,
    write_entries_json,
    write_rows_csv,
    write_rows_json,
)
from coachlog.storage.rows import ENTRY_FIELDS, SEP, entry_of

ZONES: list[tzinfo] = [
    ZoneInfo("America/New_York"),  # before 1883 its offset is -4:56:02: seconds count
    ZoneInfo("Europe/Dublin"),  # negative DST
    ZoneInfo("Australia/Lord_Howe"),  # half an hour forward in summer
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("UTC"),
    timezone(timedelta(hours=-3, minutes=-30)),
]
# Instants near the clocks' changes (and a few far ones), so that a start and its end can fall on either side.
CHANGES = [datetime(2024, 3, 10, 7, tzinfo=UTC), datetime(2024, 11, 3, 6, tzinfo=UTC)]
CHANGES += [
    datetime(2026, 3, 29, 1, tzinfo=UTC),
    datetime(2026, 4, 4, 15, tzinfo=UTC),
    datetime(1870, 6, 1, tzinfo=UTC),
]
CHANGES += [datetime(2099, 12, 31, 23, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC)]

STARTS = st.builds(
    lambda base, seconds, tail: (base + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S") + tail,
    st.sampled_from(CHANGES),
    st.integers(-2 * 86_400, 2 * 86_400),
    st.sampled_from(["", ".000000", "+00:00"]),  # from_utc_text reads the first 19 characters only
)
DAYS = st.dates().map(lambda day: day.isoformat()) | st.sampled_from(["20240310", "2024-03-10"])
TEXT = st.text(alphabet=st.sampled_from("=+-@\t\r\n' \"a;,é😀" + SEP), max_size=6)
MAYBE_TEXT = st.none() | TEXT
STANCES = st.sampled_from([None, "", "consulting", "collaborating", "coaching"])
FLAGS = st.sampled_from([0, 1, True, False])


@st.composite
def stored_rows(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """Rows as Entries.rows gives them (see ENTRY_FIELDS), some sharing their start and length."""
    starts = draw(st.lists(STARTS, min_size=1, max_size=4))
    lengths = draw(st.lists(st.integers(1, 720), min_size=1, max_size=3))
    row = st.tuples(
        st.integers(1, 10**9),  # id
        st.just("uid"),
        st.sampled_from(["session", "duty", "prep"]),
        st.sampled_from(starts),
        st.sampled_from(lengths),
        DAYS,
        FLAGS,  # time_known
        STANCES,
        MAYBE_TEXT,  # duty_kind
        MAYBE_TEXT,  # activity
        MAYBE_TEXT,  # note
        MAYBE_TEXT,  # helpful
        MAYBE_TEXT,  # story
        FLAGS,  # shareable
        MAYBE_TEXT,  # source
        st.none() | st.integers(1, 99),  # cycle
        MAYBE_TEXT,  # teachers, joined by SEP
        MAYBE_TEXT,  # tags
    )
    return draw(st.lists(row, max_size=12))


def written(write: Callable[..., int], items: Any, *args: Any) -> tuple[str, int]:
    out = io.StringIO(newline="")
    count = write(items, out, *args)
    return out.getvalue(), count


def test_the_row_layout_is_the_stores() -> None:
    """The writers read rows in the order the store gives them, and split names where it joins them."""
    assert ROW_FIELDS == ENTRY_FIELDS
    assert ROW_SEP == SEP


@settings(max_examples=300, deadline=None)
@given(stored_rows(), st.sampled_from(ZONES), st.booleans(), st.booleans())
@example([(1, "u", "session", "2024-03-10 06:30:00", 90, "2024-03-10", 1, "coaching", None, "=x", "'-y", "@", None, 1,
           "=s", None, f"=A{SEP}b", f"-t{SEP}u")], ZONES[0], False, True)  # fmt: skip
def test_csv_from_rows_as_from_entries(rows: list[tuple[Any, ...]], tz: tzinfo, raw: bool, bom: bool) -> None:
    """write_rows_csv writes what write_entries_csv writes of the rows' entries."""
    assert written(write_rows_csv, rows, tz, raw, bom) == written(write_entries_csv, map(entry_of, rows), tz, raw, bom)


@settings(max_examples=300, deadline=None)
@given(stored_rows(), st.sampled_from(ZONES))
def test_json_from_rows_as_from_entries(rows: list[tuple[Any, ...]], tz: tzinfo) -> None:
    """write_rows_json writes what write_entries_json writes of the rows' entries."""
    assert written(write_rows_json, rows, tz) == written(write_entries_json, map(entry_of, rows), tz)


@pytest.mark.parametrize("write", ["csv", "json"])
def test_forgetting_the_remembered_times(monkeypatch: pytest.MonkeyPatch, write: str) -> None:
    """Past _KEPT_SPANS starts (or days) the writers forget what they remembered, and still write the same."""
    monkeypatch.setattr(exchange, "_KEPT_SPANS", 3)
    tz = ZONES[0]
    rows = [
        (i, "u", "session", (CHANGES[0] + timedelta(minutes=37 * (i % 9))).strftime("%Y-%m-%d %H:%M:%S"), 30 + i % 4,
         f"2024-03-{10 + i % 7}", 1, "coaching", None, None, None, None, None, 0, None, None, "Ms. A", None)
        for i in range(60)
    ]  # fmt: skip
    new, old = (write_rows_csv, write_entries_csv) if write == "csv" else (write_rows_json, write_entries_json)
    assert written(new, rows, tz) == written(old, map(entry_of, rows), tz)
