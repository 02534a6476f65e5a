"""An entry's row: its columns, how a row becomes an Entry, its parameters, and the SQL fragments
the sub-stores share (the WHERE of a filtered list, link rows, IN lists)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

from coachlog.domain.contract import Filters
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import from_utc_text, utc_text
from coachlog.domain.values import Entry, NewEntry, Stance
from coachlog.storage.base import Connection, Dialect

SEP = "\x1f"  # joins teacher names and tags inside one SQL value
# What a row of `entry_columns` holds, in order: `Entries.rows` gives such rows as they are, for the export's
# writers (formats/exchange.py ROW_FIELDS and ROW_SEP say the same; a test holds them equal).
ENTRY_FIELDS = ("id", "uid", "kind", "start_utc", "minutes", "local_date", "time_known", "stance", "duty_kind",
                "activity", "note", "helpful", "story", "shareable", "source", "cycle", "teachers", "tags")  # fmt: skip
ENTRY_TEACHERS = "entry_teacher et JOIN teacher t ON t.id = et.teacher_id WHERE et.entry_id = e.id"


def entry_columns(d: Dialect) -> str:
    return f"""
    e.id, e.uid, e.kind, e.start_utc, e.minutes, e.local_date, e.time_known, e.stance, e.duty_kind,
    e.activity, e.note, e.helpful, e.story, e.shareable, e.source, e.cycle_id,
    {d.joined("t.name", "et.position", ENTRY_TEACHERS)} AS teachers,
    {d.joined("tag", d.sort_key("tag"), "entry_tag WHERE entry_id = e.id")} AS tags
"""


_STANCES = {stance.value: stance for stance in Stance}  # a dict lookup: Stance(value) goes through enum's machinery


def entry_of(row: Any) -> Entry:
    """The Entry a row of `entry_columns` describes.

    Read by position, in `entry_columns`' order, and built without Entry's __init__ (a call through NewEntry's,
    for the same 18 fields; Entry checks nothing on the way back, see its __post_init__): an export reads every
    entry through here, and this is most of its time over the SQL's.
    """
    (id_, uid, kind, start_utc, minutes, local_date, time_known, stance, duty_kind, activity, note, helpful, story,
     shareable, source, cycle_id, teachers, tags) = row  # fmt: skip
    entry = object.__new__(Entry)
    entry.__dict__.update(
        kind=kind,
        start=from_utc_text(start_utc),
        minutes=minutes,
        local_date=date.fromisoformat(local_date),
        time_known=bool(time_known),
        teachers=tuple(teachers.split(SEP)) if teachers else (),
        stance=_STANCES[stance] if stance else None,
        duty_kind=duty_kind,
        activity=activity,
        note=note,
        tags=tuple(tags.split(SEP)) if tags else (),
        helpful=helpful,
        story=story,
        shareable=bool(shareable),
        source=source,
        uid=uid,
        id=id_,
        cycle=cycle_id,
    )
    return entry


def new_uid() -> str:
    """A new entry's global id (a random UUID): it names the entry in every database, and fixes how a shared
    summary rounds its unit (reports/rounding.py).

    What str(uuid.uuid4()) gives, the same bits set (version 4, the RFC 4122 variant) in 16 random bytes, without
    the `uuid` module: it loads `platform`, a tenth of an import of a thousand rows (issue 17), and its UUID class
    costs more than the row's other values.
    """
    digits = os.urandom(16).hex()
    variant = "89ab"[int(digits[16], 16) & 3]  # the two top bits 10, the two below them random
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{variant}{digits[17:20]}-{digits[20:]}"


def entry_params(new: NewEntry) -> dict[str, object]:
    """An entry's columns as query parameters (:kind, :start, ... :source)."""
    return {
        "kind": new.kind,
        "start": utc_text(new.start),
        "minutes": new.minutes,
        "local_date": new.local_date.isoformat(),
        "time_known": new.time_known,
        "stance": new.stance.value if new.stance else None,
        "duty_kind": new.duty_kind,
        "activity": new.activity,
        "note": new.note,
        "helpful": new.helpful,
        "story": new.story,
        "shareable": new.shareable,
        "source": new.source,
    }


def period_params(period: Period) -> dict[str, object]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def where(period: Period | None, filters: Filters) -> tuple[str, dict[str, object]]:
    """The WHERE of a filtered list of entries `e`, and its parameters (but :teacher_id, the caller's)."""
    clauses = ["1 = 1"]
    params: dict[str, object] = {}
    if period is not None:
        clauses.append("e.local_date BETWEEN :start AND :end")
        params.update(period_params(period))
    if filters.teacher is not None:
        clauses.append("e.id IN (SELECT entry_id FROM entry_teacher WHERE teacher_id = :teacher_id)")
    if filters.stance is not None:
        clauses.append("e.stance = :stance")
        params["stance"] = filters.stance.value
    if filters.activity is not None:
        clauses.append("(e.activity = :activity OR e.duty_kind = :activity)")
        params["activity"] = filters.activity
    if filters.duties_only:
        clauses.append("e.kind = 'duty'")
    if filters.tag is not None:
        clauses.append("e.id IN (SELECT entry_id FROM entry_tag WHERE tag = :tag)")
        params["tag"] = filters.tag
    return " AND ".join(clauses), params


def link(db: Connection, entry_id: int, teacher_ids: list[int], tags: tuple[str, ...]) -> None:
    """Link entry `entry_id` to its teachers (in order) and tags."""
    if teacher_ids:
        db.executemany(
            "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (:entry, :teacher, :position)",
            [{"entry": entry_id, "teacher": t, "position": i} for i, t in enumerate(teacher_ids)],
        )
    if tags:
        db.executemany(
            "INSERT INTO entry_tag (entry_id, tag) VALUES (:entry, :tag) ON CONFLICT DO NOTHING",
            [{"entry": entry_id, "tag": tag} for tag in tags],
        )


def in_lists(values: list[str], size: int = 500) -> Iterator[tuple[str, dict[str, object]]]:
    """`values` as SQL IN lists of at most `size` (SQLite caps the number of parameters): marks and parameters."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield ", ".join(f":v{i}" for i in range(len(chunk))), {f"v{i}": v for i, v in enumerate(chunk)}
