"""coachlog's own CSV and JSON: the export contract, which `import` reads back exactly.

The columns are documented in the README ("CSV columns"). Cells a spreadsheet would run
as a formula are neutralised on the way out (unless --raw) and restored on the way in.
CSV and JSON are written straight to the stream, never through Rich, so they are
identical in a terminal and in a pipe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import timedelta, tzinfo
from typing import IO, Any

from coachlog.domain.values import Entry

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
