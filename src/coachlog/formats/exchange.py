"""coachlog's own CSV and JSON: the export contract, which `import` reads back exactly.

The columns are documented in the README ("CSV columns"). Cells a spreadsheet would run
as a formula are neutralised on the way out (unless --raw) and restored on the way in.
CSV and JSON are written straight to the stream, never through Rich, so they are
identical in a terminal and in a pipe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date, timedelta, tzinfo
from typing import IO, Any

from coachlog.domain.timeparse import from_utc_text
from coachlog.domain.values import Entry, Stance

EXPORT_FORMATS = ("csv", "json")
CSV_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "minutes",
    "hours",
    "kind",
    "stance",
    "teachers",
    "activity",
    "tags",
    "note",
    "helpful",
    "story",
    "shareable",
    "source",
    "cycle",
)
TEXT_COLUMNS = ("teachers", "activity", "tags", "note", "helpful", "story")  # typed by the coach, so maybe a formula
_TEXT_CELLS = tuple(CSV_COLUMNS.index(column) for column in TEXT_COLUMNS)
BOM = "\ufeff"  # written first by `export --bom`, for spreadsheets
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAYBE_FORMULA = frozenset("=+-@\t\r\n'")  # a cell's first character, when it may need neutralising


def entry_cells(entry: Entry, tz: tzinfo) -> list[Any]:
    """One entry as the export contract's cells, in CSV_COLUMNS' order (see README: "CSV columns")."""
    start = end = ""
    if entry.time_known:  # isoformat()[:16] is 'YYYY-MM-DD HH:MM', several times faster than strftime
        start = entry.start.astimezone(tz).isoformat(" ")[:16]
        end = (entry.start + timedelta(minutes=entry.minutes)).astimezone(tz).isoformat(" ")[:16]
    return [
        entry.id,
        entry.local_date.isoformat(),
        start,
        end,
        entry.minutes,
        f"{entry.minutes / 60:.2f}",
        entry.kind,
        str(entry.stance) if entry.stance else "",
        "; ".join(entry.teachers),
        entry.activity or entry.duty_kind or "",
        "; ".join(entry.tags),
        entry.note or "",
        entry.helpful or "",
        entry.story or "",
        "yes" if entry.shareable else "no",
        entry.source or "",
        "" if entry.cycle is None else entry.cycle,
    ]


def entry_record(entry: Entry, tz: tzinfo) -> dict[str, Any]:
    """One entry as the export contract's columns, by name."""
    return dict(zip(CSV_COLUMNS, entry_cells(entry, tz), strict=True))


def entry_json(entry: Entry, tz: tzinfo) -> dict[str, Any]:
    """The same fields as the CSV, typed for programs: numbers, lists, and null where nothing applies."""
    record = entry_record(entry, tz)
    record.update(
        hours=round(entry.minutes / 60, 2),
        teachers=list(entry.teachers),
        tags=list(entry.tags),
        shareable=entry.shareable,
        cycle=entry.cycle,
        **{
            key: record[key] or None
            for key in ("start", "end", "stance", "activity", "note", "helpful", "story", "source")
        },
    )
    return record


def neutralise(cell: object) -> object:
    """Stop a spreadsheet from running a text cell as a formula (OWASP: prefix with ').

    A cell that already starts with quotes before a formula character gets one more, so
    that `unneutralise` can give back exactly what was typed (import reads exports back).
    """
    if isinstance(cell, str) and cell[:1] in _MAYBE_FORMULA and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + cell  # the first test is cheap and rules out nearly every cell (export writes six per row)
    return cell


def unneutralise(cell: str) -> str:
    """The text `neutralise` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


# ---- the export: cells straight from the stored rows ---------------------------------------------------------
# `coachlog export` writes every entry of a range: it reads the rows as storage/rows.py's entry_columns gives
# them (Entries.rows), in this order, and makes the same cells as entry_cells/entry_json would of their Entry,
# without an Entry per row, each zone conversion done once per start and length (tests/formats/test_export_rows.py
# holds the two ways equal).
ROW_FIELDS = ("id", "uid", "kind", "start_utc", "minutes", "local_date", "time_known", "stance", "duty_kind",
              "activity", "note", "helpful", "story", "shareable", "source", "cycle", "teachers", "tags")  # fmt: skip
ROW_SEP = "\x1f"  # joins a row's teacher names, and its tags
StoredRow = tuple[Any, ...]  # such a row
_STANCE_CELLS = {stance.value: str(stance) for stance in Stance}
_KEPT_SPANS = 4_096  # (start, minutes) pairs remembered with their local times; past that, forgotten at once


class _Cells:
    """What the row writers remember between rows: each start and length's local times, each day's and
    length's text. Bounded (see _KEPT_SPANS), so memory stays flat however many distinct starts there are."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.spans: dict[tuple[str, int], tuple[str, str]] = {}
        self.days: dict[str, str] = {}
        self.hours: dict[int, tuple[str, float]] = {}

    def span(self, start_utc: str, minutes: int) -> tuple[str, str]:
        """The local start and end, 'YYYY-MM-DD HH:MM', of an entry starting at `start_utc` (as stored)."""
        if len(self.spans) >= _KEPT_SPANS:
            self.spans.clear()
        start = from_utc_text(start_utc)  # as entry_cells: isoformat()[:16] is 'YYYY-MM-DD HH:MM'
        span = self.spans[start_utc, minutes] = (
            start.astimezone(self.tz).isoformat(" ")[:16],
            (start + timedelta(minutes=minutes)).astimezone(self.tz).isoformat(" ")[:16],
        )
        return span

    def day(self, local_date: str) -> str:
        if len(self.days) >= _KEPT_SPANS:
            self.days.clear()
        text = self.days[local_date] = date.fromisoformat(local_date).isoformat()
        return text

    def hour(self, minutes: int) -> tuple[str, float]:
        """`minutes` in hours: as the CSV writes them, and as the JSON does."""
        hours = self.hours[minutes] = (f"{minutes / 60:.2f}", round(minutes / 60, 2))
        return hours


def _csv_cells(rows: Iterable[StoredRow], tz: tzinfo, raw: bool, written: list[int]) -> Iterator[list[Any]]:
    """The CSV cells of each row (see ROW_FIELDS), neutralised unless `raw`; how many, into `written`. Long
    because it is the export's inner loop: every lookup is inlined (a call per cell costs more than the cell)."""
    known = _Cells(tz)
    spans, days, hours, maybe = known.spans, known.days, known.hours, _MAYBE_FORMULA
    count = 0
    for (id_, _, kind, start_utc, minutes, local_date, time_known, stance, duty_kind, activity, note, helpful, story,
         shareable, source, cycle, teachers, tags) in rows:  # fmt: skip
        start = end = ""
        if time_known:
            start, end = spans.get((start_utc, minutes)) or known.span(start_utc, minutes)
        texts = [
            teachers.replace(ROW_SEP, "; ") if teachers else "",
            activity or duty_kind or "",
            tags.replace(ROW_SEP, "; ") if tags else "",
            note or "",
            helpful or "",
            story or "",
        ]
        if not raw:
            for i, text in enumerate(texts):
                if text[:1] in maybe:
                    texts[i] = neutralise(text)
        count += 1
        yield [
            id_,
            days.get(local_date) or known.day(local_date),
            start,
            end,
            minutes,
            (hours.get(minutes) or known.hour(minutes))[0],
            kind,
            _STANCE_CELLS[stance] if stance else "",
            *texts,
            "yes" if shareable else "no",
            source or "",
            "" if cycle is None else cycle,
        ]
    written.append(count)


def write_rows_csv(rows: Iterable[StoredRow], out: IO[str], tz: tzinfo, raw: bool = False, bom: bool = False) -> int:
    """`write_entries_csv` of the stored rows (see ROW_FIELDS) the entries would be made of."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    written: list[int] = []
    writer.writerows(_csv_cells(rows, tz, raw, written))
    return written[0]


def write_rows_json(rows: Iterable[StoredRow], out: IO[str], tz: tzinfo) -> int:
    """`write_entries_json` of the stored rows (see ROW_FIELDS) the entries would be made of. Long because it is
    the export's inner loop, as _csv_cells."""
    import json  # only here: a CSV export (the default) does not load it (issue 17: start-up)

    encode = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(..., ensure_ascii=False) makes per call
    known = _Cells(tz)
    spans, days, hours = known.spans, known.days, known.hours
    count = 0
    out.write("[")
    for (id_, _, kind, start_utc, minutes, local_date, time_known, stance, duty_kind, activity, note, helpful, story,
         shareable, source, cycle, teachers, tags) in rows:  # fmt: skip
        start = end = ""
        if time_known:
            start, end = spans.get((start_utc, minutes)) or known.span(start_utc, minutes)
        record = {  # entry_json's keys, in its order
            "id": id_,
            "date": days.get(local_date) or known.day(local_date),
            "start": start or None,
            "end": end or None,
            "minutes": minutes,
            "hours": (hours.get(minutes) or known.hour(minutes))[1],
            "kind": kind,
            "stance": _STANCE_CELLS[stance] if stance else None,
            "teachers": teachers.split(ROW_SEP) if teachers else [],
            "activity": activity or duty_kind or None,
            "tags": tags.split(ROW_SEP) if tags else [],
            "note": note or None,
            "helpful": helpful or None,
            "story": story or None,
            "shareable": bool(shareable),
            "source": source or None,
            "cycle": cycle,
        }
        out.write((",\n  " if count else "\n  ") + encode(record))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_entries_csv(entries: Iterable[Entry], out: IO[str], tz: tzinfo, raw: bool = False, bom: bool = False) -> int:
    """The CSV contract, one row per entry. `bom` starts it with a UTF-8 byte-order mark, which Excel and
    LibreOffice need on a double-click to read accented names as UTF-8; `import` skips it."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        cells = entry_cells(entry, tz)
        if not raw:
            for i in _TEXT_CELLS:
                cells[i] = neutralise(cells[i])
        writer.writerow(cells)
        count += 1
    return count


def write_entries_json(entries: Iterable[Entry], out: IO[str], tz: tzinfo) -> int:
    """A JSON array written one entry at a time, so memory stays flat on a large export."""
    import json  # only here: a CSV export (the default) does not load it (issue 17: start-up)

    count = 0
    out.write("[")
    for entry in entries:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(entry_json(entry, tz), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
