"""Entries for a person: one line that says what an entry is, and the log as a table, Markdown, CSV or JSON."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta, tzinfo
from typing import IO

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import Entry

NOTE_WIDTH = 40
LOG_HEADINGS = ("id", "date", "time", "teachers", "stance", "time spent", "activity", "note")
VOICE_HEADINGS = ("helpful", "story", "shareable")


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


def render_log(entries: Iterator[Entry], fmt: str, out: IO[str], tz: tzinfo) -> int:
    """The log in `fmt`; the table and Markdown add the teacher's-voice columns when any entry has them."""
    if fmt == "csv":
        from coachlog.formats.exchange import write_entries_csv  # a listing format: loaded when asked for

        return write_entries_csv(entries, out, tz)
    if fmt == "json":
        from coachlog.formats.exchange import write_entries_json

        return write_entries_json(entries, out, tz)
    listed = list(entries)
    headings: tuple[str, ...] = LOG_HEADINGS
    rows = [_log_cells(entry, tz) for entry in listed]
    if any(entry.helpful or entry.story or entry.shareable for entry in listed):
        headings += VOICE_HEADINGS
        rows = [row + _voice_cells(entry) for row, entry in zip(rows, listed, strict=True)]
    if fmt == "markdown":
        from coachlog.render import markdown

        out.write(markdown.table(headings, rows))
        return len(rows)
    right = {headings.index("id"), headings.index("time spent")}
    from coachlog.render.text import write_table

    write_table(out, [(None, headings, rows, right)], [])
    return len(rows)
