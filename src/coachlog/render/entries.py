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
NARROW = 60  # columns: below this the log's dates leave out the year (the range says it)
LOG_DROP = ("shareable", "story", "helpful", "time", "activity", "note")  # what a narrow screen loses first


def entry_line(entry: Entry, tz: tzinfo, detail: bool = False) -> str:
    """One line that says what an entry is: id, date, time, teachers, stance or duty, duration.

    With `detail`, tags and the start of the note too (for edit's before and after).
    """
    when = entry.local_date.strftime("%a %Y-%m-%d")
    if entry.time_known:
        start = entry.start.astimezone(tz)
        end = (entry.start + timedelta(minutes=entry.minutes)).astimezone(tz)
        when += f" {start:%H:%M}-{end:%H:%M}"
    who = ", ".join(entry.teachers) if entry.teachers else entry.kind  # "duty" or "prep"
    what = str(entry.stance) if entry.stance else str(entry.duty_kind or entry.activity)
    parts = [f"#{entry.id}", when, who, what, format_minutes(entry.minutes)]
    if entry.activity and entry.kind != "prep":
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


def changed_texts(before: Entry, after: Entry) -> list[str]:
    """The note, answer or story an edit changed, in full, where entry_line cuts it: so the coach sees what was
    saved, not its first 40 characters."""
    lines = []
    for what in ("note", "helpful", "story"):
        text = getattr(after, what)
        if text and text != getattr(before, what) and _truncate(text) != text:
            lines.append(f"{what} now: {text}")
    return lines


def _truncate(text: str | None, width: int = NOTE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _log_cells(entry: Entry, tz: tzinfo, day: str = "%a %Y-%m-%d") -> list[str]:
    time_text = entry.start.astimezone(tz).strftime("%H:%M") if entry.time_known else ""
    return [
        str(entry.id),
        entry.local_date.strftime(day),
        time_text,
        ", ".join(entry.teachers),
        _kind_text(entry),
        format_minutes(entry.minutes),
        entry.activity or "",
        _one_line(entry.note),
    ]


def _kind_text(entry: Entry) -> str:
    """The stance of a session, "duty: KIND" of a duty, "prep" of work without a teacher present."""
    if entry.stance:
        return str(entry.stance)
    return "prep" if entry.kind == "prep" else f"duty: {entry.duty_kind}"


def _one_line(text: str | None) -> str:
    """`text` on one line, every word kept: the screen shortens it to fit, a pipe gets it whole."""
    return " ".join((text or "").split())


def _voice_cells(entry: Entry) -> list[str]:
    return [_one_line(entry.helpful), _one_line(entry.story), "yes" if entry.shareable else ""]


def render_log(entries: Iterator[Entry], fmt: str, out: IO[str], tz: tzinfo, long: bool = False) -> int:
    """The log in `fmt`; the table and Markdown add the teacher's-voice columns when any entry has them.

    The table is one line per entry, fitted to a terminal; `long` puts the note, the teacher's voice and the
    tags under each entry instead, whole and wrapped.
    """
    if fmt == "csv":
        from coachlog.formats.exchange import write_entries_csv  # a listing format: loaded when asked for

        return write_entries_csv(entries, out, tz)
    if fmt == "json":
        from coachlog.formats.exchange import write_entries_json

        return write_entries_json(entries, out, tz)
    listed = list(entries)
    if fmt == "table":
        return _log_table(listed, out, tz, long)
    headings, rows = _log_rows(listed, tz)
    from coachlog.render import markdown

    out.write(markdown.table(headings, rows))
    return len(rows)


def _log_rows(listed: list[Entry], tz: tzinfo, day: str = "%a %Y-%m-%d") -> tuple[tuple[str, ...], list[list[str]]]:
    headings: tuple[str, ...] = LOG_HEADINGS
    rows = [_log_cells(entry, tz, day) for entry in listed]
    if any(entry.helpful or entry.story or entry.shareable for entry in listed):
        headings += VOICE_HEADINGS
        rows = [row + _voice_cells(entry) for row, entry in zip(rows, listed, strict=True)]
    return headings, rows


def _details(entry: Entry) -> list[str]:
    """What `--long` shows under an entry: everything the line leaves out."""
    texts = (("note", entry.note), ("helpful", entry.helpful), ("story", entry.story))
    shown = [f"{label}: {_one_line(text)}" for label, text in texts if _one_line(text)]
    if entry.shareable:  # after the answer or story it is about
        voiced = [i for i, line in enumerate(shown) if line.startswith(("helpful:", "story:"))]
        if voiced:
            shown[voiced[-1]] += " (shareable)"
        else:
            shown.append("(shareable)")
    if entry.tags:
        shown.append("tags: " + " ".join(f"#{tag}" for tag in entry.tags))
    return shown


def _who(entry: Entry) -> str:
    """The teachers, the stance (or duty) and the activity of an entry, as `--long` shows them under its line."""
    stance = _kind_text(entry)
    cycle = f"cycle #{entry.cycle}" if entry.cycle is not None else ""
    return " · ".join(part for part in (", ".join(entry.teachers), stance, entry.activity or "", cycle) if part)


def _log_table(listed: list[Entry], out: IO[str], tz: tzinfo, long: bool) -> int:
    from coachlog.output import terminal_size
    from coachlog.render.text import write_table

    size = terminal_size(out)
    narrow = size is not None and size[0] < NARROW
    headings, rows = _log_rows(listed, tz, "%a %m-%d" if narrow else "%a %Y-%m-%d")
    details = None
    if long:  # the line keeps what never needs cutting; who, what and the texts go whole underneath
        kept = [LOG_HEADINGS.index(name) for name in ("id", "date", "time", "time spent")]
        headings, rows = tuple(headings[i] for i in kept), [[row[i] for i in kept] for row in rows]
        details = [[_who(entry), *_details(entry)] for entry in listed]
    right = {headings.index("id"), headings.index("time spent")}
    write_table(out, [(None, headings, rows, right)], [], drop=LOG_DROP, details=details)
    return len(rows)
