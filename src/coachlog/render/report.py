"""Renderers: one per format, all over the same plain data (Report, Entry).

CSV and JSON are written straight to the stream, never through Rich, so they
are identical in a terminal and in a pipe. Rich is imported only by the table
renderers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import timedelta, tzinfo
from typing import IO, Any

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES, Entry
from coachlog.output import visible
from coachlog.reports.report import GroupRow, Report

FORMATS = ("table", "csv", "json", "markdown")
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
)
TEXT_COLUMNS = ("teachers", "activity", "tags", "note", "helpful", "story")  # typed by the coach, so maybe a formula
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
NOTE_WIDTH = 40
SHARED_SESSIONS_NOTE = "A session with several teachers counts once in the totals and once for each teacher above."


# ---- entries ----------------------------------------------------------------------------


def entry_record(entry: Entry, tz: tzinfo) -> dict[str, Any]:
    """One entry as the export contract's columns (see README: "CSV columns")."""
    start = end = ""
    if entry.time_known:  # isoformat()[:16] is 'YYYY-MM-DD HH:MM', several times faster than strftime
        start = entry.start.astimezone(tz).isoformat(" ")[:16]
        end = (entry.start + timedelta(minutes=entry.minutes)).astimezone(tz).isoformat(" ")[:16]
    return {
        "id": entry.id,
        "date": entry.local_date.isoformat(),
        "start": start,
        "end": end,
        "minutes": entry.minutes,
        "hours": f"{entry.minutes / 60:.2f}",
        "kind": entry.kind,
        "stance": str(entry.stance) if entry.stance else "",
        "teachers": "; ".join(entry.teachers),
        "activity": entry.activity or entry.duty_kind or "",
        "tags": "; ".join(entry.tags),
        "note": entry.note or "",
        "helpful": entry.helpful or "",
        "story": entry.story or "",
        "shareable": "yes" if entry.shareable else "no",
        "source": entry.source or "",
    }


def entry_json(entry: Entry, tz: tzinfo) -> dict[str, Any]:
    """The same fields as the CSV, typed for programs: numbers, lists, and null where nothing applies."""
    record = entry_record(entry, tz)
    record.update(
        hours=round(entry.minutes / 60, 2),
        teachers=list(entry.teachers),
        tags=list(entry.tags),
        shareable=entry.shareable,
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
    if isinstance(cell, str) and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """The text `neutralise` was given."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def write_entries_csv(entries: Iterable[Entry], out: IO[str], tz: tzinfo, raw: bool = False) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for entry in entries:
        record = entry_record(entry, tz)
        if not raw:
            for column in TEXT_COLUMNS:
                record[column] = neutralise(record[column])
        writer.writerow(record.values())
        count += 1
    return count


def write_entries_json(entries: Iterable[Entry], out: IO[str], tz: tzinfo) -> int:
    """A JSON array written one entry at a time, so memory stays flat on a large export."""
    count = 0
    out.write("[")
    for entry in entries:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(entry_json(entry, tz), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def entry_line(entry: Entry, tz: tzinfo, detail: bool = False) -> str:
    """One line that says what an entry is: id, date, time, teachers, stance or duty, duration.

    With `detail`, tags and the start of the note too (for edit's before and after).
    """
    when = entry.local_date.strftime("%a %Y-%m-%d")
    if entry.time_known:
        start = entry.start.astimezone(tz)
        end = (entry.start + timedelta(minutes=entry.minutes)).astimezone(tz)
        when += f" {start:%H:%M}-{end:%H:%M}"
    who = ", ".join(entry.teachers) if entry.teachers else "duty"
    what = str(entry.stance) if entry.stance else str(entry.duty_kind)
    parts = [f"#{entry.id}", when, who, what, format_minutes(entry.minutes)]
    if entry.activity:
        parts.append(entry.activity)
    if detail:
        parts += [f"#{tag}" for tag in entry.tags]
        if entry.note:
            parts.append(f"note: {_truncate(entry.note)}")
        if entry.helpful:
            parts.append(f"helpful: {_truncate(entry.helpful)}")
        if entry.story:
            parts.append(f"story: {_truncate(entry.story)}")
        if entry.shareable:
            parts.append("(shareable)")
    return "  ".join(parts)


def _truncate(text: str | None, width: int = NOTE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _log_cells(entry: Entry, tz: tzinfo) -> list[str]:
    time_text = entry.start.astimezone(tz).strftime("%H:%M") if entry.time_known else ""
    return [
        str(entry.id),
        entry.local_date.strftime("%a %Y-%m-%d"),
        time_text,
        ", ".join(entry.teachers),
        str(entry.stance) if entry.stance else f"duty: {entry.duty_kind}",
        format_minutes(entry.minutes),
        entry.activity or "",
        _truncate(entry.note),
    ]


def _voice_cells(entry: Entry) -> list[str]:
    return [_truncate(entry.helpful), _truncate(entry.story), "yes" if entry.shareable else ""]


SHRINKABLE_COLUMNS = ("teachers", "activity", "note", "helpful", "story")
LOG_HEADINGS = ("id", "date", "time", "teachers", "stance", "time spent", "activity", "note")
VOICE_HEADINGS = ("helpful", "story", "shareable")


def render_log(entries: Iterator[Entry], fmt: str, out: IO[str], tz: tzinfo) -> int:
    """The log in `fmt`; the table and Markdown add the teacher's-voice columns when any entry has them."""
    if fmt == "csv":
        return write_entries_csv(entries, out, tz)
    if fmt == "json":
        return write_entries_json(entries, out, tz)
    listed = list(entries)
    headings: tuple[str, ...] = LOG_HEADINGS
    rows = [_log_cells(entry, tz) for entry in listed]
    if any(entry.helpful or entry.story or entry.shareable for entry in listed):
        headings += VOICE_HEADINGS
        rows = [row + _voice_cells(entry) for row, entry in zip(rows, listed, strict=True)]
    if fmt == "markdown":
        out.write(_markdown_table(headings, rows))
        return len(rows)
    right = {headings.index("id"), headings.index("time spent")}
    write_table(out, [(None, headings, rows, right)], [])
    return len(rows)


# ---- reports ----------------------------------------------------------------------------


def _group_record(row: GroupRow, key: str) -> dict[str, Any]:
    return {
        key: row.label,
        **{stance: row.stance_minutes[stance] for stance in STANCES},
        "session_minutes": row.session_minutes,
        "sessions": row.sessions,
        "duties": row.duty_minutes,
        "coaching_percent": row.coaching_percent,
    }


def report_data(report: Report) -> dict[str, Any]:
    """The JSON contract of `coachlog report` (documented in the README)."""
    key = {"week": "start", "day": "date"}.get(report.grouping, report.grouping)
    return {
        "period": {
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "totals": {
            "minutes": report.session_minutes,
            "sessions": report.sessions,
            "teachers": report.teachers,
            "average_minutes": report.average_minutes,
            "duty_minutes": report.duty_minutes,
            "logged_minutes": report.logged_minutes,
            "duty_percent": report.duty_percent,
        },
        "stances": {
            figure.stance: {"minutes": figure.minutes, "sessions": figure.sessions, "percent": figure.percent}
            for figure in report.stances
        },
        "duties": report.duty_by_kind,
        "weeks": [_group_record(row, "start") for row in report.weeks],
        "grouping": report.grouping,
        "groups": [_group_record(row, key) for row in report.groups],
        **({"note": SHARED_SESSIONS_NOTE} if report.grouping == "teacher" else {}),
    }


def _bar(percent: float, width: int = 20) -> str:
    filled = round(percent / 100 * width)
    return "█" * filled + "·" * (width - filled)


def _group_heading(report: Report) -> str:
    return {"week": "week of", "day": "day"}.get(report.grouping, report.grouping)


def _group_label(report: Report, label: str) -> str:
    if report.grouping == "day":
        from datetime import date

        return date.fromisoformat(label).strftime("%a %Y-%m-%d")
    if report.grouping == "week":
        return label
    return label or "(none)"


def _summary_lines(report: Report) -> list[str]:
    lines = [
        f"Teachers reached: {report.teachers}",
        f"Sessions: {report.sessions}, {format_minutes(report.session_minutes)} in all,"
        f" {report.average_minutes:g} min on average",
        f"Duties: {format_minutes(report.duty_minutes)}, {report.duty_percent:g}% of all logged time"
        + (
            " (" + ", ".join(f"{k} {format_minutes(v)}" for k, v in report.duty_by_kind.items()) + ")"
            if report.duty_by_kind
            else ""
        ),
    ]
    if report.grouping == "teacher":
        lines.append(SHARED_SESSIONS_NOTE)
    return lines


def _report_cells(report: Report) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    stance_head = ["stance", "time", "share", "sessions", ""]
    stance_rows = [
        [f.stance, format_minutes(f.minutes), f"{f.percent:g}%", str(f.sessions), _bar(f.percent)]
        for f in report.stances
    ]
    group_head = [
        _group_heading(report),
        "consulting",
        "collab.",
        "coaching",
        "total",
        "sessions",
        "duties",
        "coaching %",
    ]
    group_rows = [
        [
            _group_label(report, row.label),
            *(format_minutes(row.stance_minutes[s]) for s in STANCES),
            format_minutes(row.session_minutes),
            str(row.sessions),
            format_minutes(row.duty_minutes),
            f"{row.coaching_percent:g}%",
        ]
        for row in report.groups
    ]
    return stance_head, stance_rows, group_head, group_rows


def render_report(report: Report, fmt: str, out: IO[str], heading: str) -> None:
    if fmt == "json":
        json.dump(report_data(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "csv":
        key = {"week": "start", "day": "date"}.get(report.grouping, report.grouping)
        records = [_group_record(row, key) for row in report.groups]
        writer = csv.DictWriter(out, fieldnames=list(_group_record(GroupRow("", dict.fromkeys(STANCES, 0), 0, 0), key)))
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in record.items()} for record in records)
        return
    stance_head, stance_rows, group_head, group_rows = _report_cells(report)
    if fmt == "markdown":
        out.write(f"## {heading}\n\n")
        out.write(_markdown_table(stance_head[:4], [row[:4] for row in stance_rows]))
        out.write("\n")
        out.write(_markdown_table(group_head, group_rows))
        out.write("\n")
        out.write("".join(f"- {line}\n" for line in _summary_lines(report)))
        return
    tables = [
        (heading, stance_head, stance_rows, {1, 2, 3}),
        (None, group_head, group_rows, set(range(1, len(group_head)))),
    ]
    write_table(out, tables, _summary_lines(report))


# ---- shared -----------------------------------------------------------------------------


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown_table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    headings = list(headings)
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join("---" for _ in headings) + "|"]
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


Table = tuple[str | None, "Iterable[str]", "list[list[str]]", set[int]]  # title, headings, rows, right-aligned


def write_table(out: IO[str], tables: list[Table], lines: list[str]) -> None:
    """Tables then lines: drawn by Rich in a terminal, as plain aligned text anywhere else.

    Piped output stays plain and parseable (no borders, no colour, no wrapping) and
    does not pay for importing Rich.
    """
    # Stored text (a note, a name from an old database or an invitation) may hold control characters:
    # show them escaped, never let the terminal obey them.
    tables = [
        (title, headings, [[visible(cell) for cell in row] for row in rows], right)
        for title, headings, rows, right in tables
    ]
    lines = [visible(text) for text in lines]
    if out.isatty():
        _rich_tables(tables, lines)
        return
    for title, headings, rows, right in tables:
        if title:
            out.write(f"{title}\n\n")
        headings = list(headings)
        widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headings)]

        out.write(_plain_line(headings, widths, right))
        out.write(_plain_line(["-" * w for w in widths], widths, right))
        out.writelines(_plain_line(row, widths, right) for row in rows)
        out.write("\n")
    out.writelines(f"{text}\n" for text in lines)


def _plain_line(cells: Iterable[str], widths: list[int], right: set[int]) -> str:
    padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "  ".join(padded).rstrip() + "\n"


def _rich_tables(tables: list[Table], lines: list[str]) -> None:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from coachlog.output import console

    screen = console()
    for title, headings, rows, right in tables:
        table = RichTable(
            title=Text(title) if title else None,
            box=box.SIMPLE_HEAD,
            header_style="bold",
            title_justify="left",
            padding=(0, 1, 0, 0),  # with the box's blank rule, two spaces between columns
            show_edge=False,
        )
        headings = list(headings)
        for index, heading in enumerate(headings):
            # names, activities and notes wrap on a narrow screen; figures and dates never do
            table.add_column(
                heading, justify="right" if index in right else "left", no_wrap=heading not in SHRINKABLE_COLUMNS
            )
        for cells in rows:
            table.add_row(*(Text(cell) for cell in cells))
        screen.print(table)
    for text in lines:
        screen.print(Text(text))
