"""The undo journal: each step keeps the rows a change touched (entries, teachers, cycles, next steps, the timer)
as they were.

`record()` writes a step inside the change's own transaction; `History.undo()` puts the newest
step's rows back. Steps are per coach, and only the newest UNDO_DEPTH are kept.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.names import name_key
from coachlog.domain.timeparse import utc_text
from coachlog.domain.values import Entry
from coachlog.storage.base import Connection, Dialect
from coachlog.storage.database import Database
from coachlog.storage.rows import entry_columns, entry_of, link, new_uid

UNDO_DEPTH = 100
UNDONE_SHOWN = 3  # entries an undo describes one by one; a larger step (an import) gives its count only
UNTOUCHED = object()  # an undo step that leaves the timer as it is

Snapshot = dict[str, Any]  # a row as it was, by column (values as the columns hold them)


def entry_snapshot(db: Connection, entry_id: int) -> Snapshot | None:
    row = db.execute("SELECT * FROM entry WHERE id = :id", {"id": entry_id}).fetchone()
    if row is None:
        return None
    teachers = db.execute(
        "SELECT teacher_id FROM entry_teacher WHERE entry_id = :id ORDER BY position", {"id": entry_id}
    ).fetchall()
    tags = db.execute("SELECT tag FROM entry_tag WHERE entry_id = :id", {"id": entry_id}).fetchall()
    return {"row": dict(row), "teachers": [t[0] for t in teachers], "tags": [t[0] for t in tags]}


def restore_entry(db: Connection, d: Dialect, entry_id: int, snapshot: Snapshot | None, owner: str) -> None:
    db.execute("DELETE FROM entry WHERE id = :id", {"id": entry_id})
    if snapshot is None:
        return
    row = {"owner": owner, **snapshot["row"]}
    if "uid" not in row:  # a step written before entries had one
        row["uid"] = new_uid()
    if row.get("cycle_id") is not None and not _exists(db, "cycle", row["cycle_id"]):
        row["cycle_id"] = None  # its cycle is gone (undone): the session stays, unlinked
    columns = ", ".join(row)
    db.execute(f"INSERT INTO entry ({columns}) VALUES ({', '.join(':' + c for c in row)})", row)
    d.kept_id(db, "entry", entry_id)
    link(db, entry_id, snapshot["teachers"], tuple(snapshot["tags"]))


def _exists(db: Connection, table: str, row_id: object) -> bool:
    return db.execute(f"SELECT 1 FROM {table} WHERE id = :id", {"id": row_id}).fetchone() is not None


def cycle_snapshot(db: Connection, cycle_id: int) -> Snapshot | None:
    """A cycle's row and its teachers (ids, in order), as they are."""
    row = db.execute("SELECT * FROM cycle WHERE id = :id", {"id": cycle_id}).fetchone()
    if row is None:
        return None
    teachers = db.execute(
        "SELECT teacher_id FROM cycle_teacher WHERE cycle_id = :id ORDER BY position", {"id": cycle_id}
    ).fetchall()
    return {"row": {k: _plain(v) for k, v in dict(row).items()}, "teachers": [t[0] for t in teachers]}


def _plain(value: object) -> object:
    """A column's value as JSON keeps it (PostgreSQL gives dates as date objects)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def restore_cycle(db: Connection, d: Dialect, cycle_id: int, snapshot: Snapshot | None, owner: str) -> None:
    """Put a cycle back as it was; None: it did not exist (its sessions stay, unlinked).

    An existing cycle is updated in place, never deleted and inserted again: its sessions keep their link."""
    if snapshot is None:
        db.execute("DELETE FROM cycle WHERE id = :id", {"id": cycle_id})
        return
    row = {**snapshot["row"], "owner": owner}
    columns = ", ".join(row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in row if c != "id")
    db.execute(
        f"INSERT INTO cycle ({columns}) VALUES ({', '.join(':' + c for c in row)})"
        f" ON CONFLICT (id) DO UPDATE SET {updates}",
        row,
    )
    d.kept_id(db, "cycle", cycle_id)
    db.execute("DELETE FROM cycle_teacher WHERE cycle_id = :id", {"id": cycle_id})
    db.executemany(
        "INSERT INTO cycle_teacher (cycle_id, teacher_id, position) VALUES (:cycle, :teacher, :position)",
        [{"cycle": cycle_id, "teacher": t, "position": i} for i, t in enumerate(snapshot["teachers"])],
    )


def teacher_snapshot(db: Connection, teacher_id: int) -> Snapshot | None:
    row = db.execute("SELECT * FROM teacher WHERE id = :id", {"id": teacher_id}).fetchone()
    return dict(row) if row else None


ROSTER_COLUMNS = ("department", "grade", "on_staff", "left_on")  # migration 0006; older steps lack them


def restore_teacher(db: Connection, d: Dialect, teacher_id: int, snapshot: Snapshot) -> None:
    """Put a teacher back as the snapshot has them; the roster's facts too when it holds them (a step written
    before the roster existed leaves them as they are)."""
    roster = [column for column in ROSTER_COLUMNS if column in snapshot]
    values = {**snapshot, **({"on_staff": bool(snapshot["on_staff"])} if "on_staff" in roster else {})}
    columns = ("id", "owner", "name", "name_key", "created_at", *roster)
    updated = ", ".join(f"{column} = excluded.{column}" for column in ("name", "name_key", *roster))
    db.execute(
        f"""
        INSERT INTO teacher ({", ".join(columns)}) VALUES ({", ".join(":" + column for column in columns)})
        ON CONFLICT (id) DO UPDATE SET {updated}
        """,
        values,
    )
    d.kept_id(db, "teacher", teacher_id)


def step_snapshot(db: Connection, step_id: int) -> Snapshot | None:
    row = db.execute("SELECT * FROM next_step WHERE id = :id", {"id": step_id}).fetchone()
    return dict(row) if row else None


def restore_step(db: Connection, d: Dialect, step_id: int, snapshot: Snapshot | None, owner: str) -> None:
    """Put a next step back as it was (None: it did not exist)."""
    db.execute("DELETE FROM next_step WHERE id = :id", {"id": step_id})
    if snapshot is None:
        return
    row = {**snapshot, "owner": owner}
    if (
        row.get("entry_id") is not None
        and db.execute("SELECT 1 FROM entry WHERE id = :id", {"id": row["entry_id"]}).fetchone() is None
    ):
        row["entry_id"] = None  # its session is gone since
    columns = ", ".join(row)
    db.execute(f"INSERT INTO next_step ({columns}) VALUES ({', '.join(':' + c for c in row)})", row)
    d.kept_id(db, "next_step", step_id)


def restore_timer(db: Connection, snapshot: Snapshot | None, owner: str) -> None:
    """Put `owner`'s timer back as it was: `snapshot` is its row, or None for no timer."""
    db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": owner})
    if snapshot is not None:
        snapshot = {
            **{k: v for k, v in snapshot.items() if k != "id"},
            "owner": owner,
        }  # steps from before 0.2 have an id
        columns = ", ".join(snapshot)
        db.execute(f"INSERT INTO timer ({columns}) VALUES ({', '.join(':' + c for c in snapshot)})", snapshot)


def rename_in_timer(db: Connection, owner: str, old: str, new: str) -> object:
    """Follow a teacher's rename (or merge) in the running timer, which keeps names until it stops.

    Returns the timer row as it was, for undo, or UNTOUCHED when the timer does not name them.
    """
    row = db.execute("SELECT * FROM timer WHERE owner = :owner", {"owner": owner}).fetchone()
    if row is None:
        return UNTOUCHED
    names = json.loads(row["teachers"])
    renamed = [new if name_key(name) == name_key(old) else name for name in names]
    if renamed == names:
        return UNTOUCHED
    db.execute(
        "UPDATE timer SET teachers = :teachers WHERE owner = :owner",
        {"owner": owner, "teachers": json.dumps(list(dict.fromkeys(renamed)), ensure_ascii=False)},
    )
    return dict(row)


class IdRuns:
    """Ids as they are handed out, kept as runs of consecutive ids: an import's million new entries are one
    run ([first, last]) in the undo step, not a million keys in memory and in its JSON."""

    def __init__(self) -> None:
        self.runs: list[list[int]] = []
        self.high = 0  # the largest id so far
        self.count = 0

    def add(self, row_id: int) -> None:
        if self.runs and self.runs[-1][1] == row_id - 1:
            self.runs[-1][1] = row_id
        else:
            self.runs.append([row_id, row_id])
        self.high = max(self.high, row_id)
        self.count += 1

    def __len__(self) -> int:
        return self.count


def _ids_in(runs: list[list[int]]) -> list[int]:
    return [row_id for first, last in runs for row_id in range(first, last + 1)]


def record(
    db: Connection,
    owner: str,
    description: str,
    entries: Mapping[int, Snapshot | None],
    teachers: Mapping[int, Snapshot | None],
    timer: object = UNTOUCHED,
    cycles: Mapping[int, Snapshot | None] | None = None,
    steps: Mapping[int, Snapshot | None] | None = None,
    new_entries: IdRuns | None = None,
) -> None:
    """Record how to revert a change: the rows before it; `timer` is the timer row before it (None: none),
    `cycles` the cycles it touched (None for one it made), `steps` the next steps it touched (None: a step that
    did not exist), `new_entries` the entries it made, by runs of ids (an import: undo deletes them)."""
    before: dict[str, object] = {"entries": entries, "teachers": teachers}
    if new_entries is not None and new_entries.runs:
        before["new_entries"] = new_entries.runs  # steps written before these runs list each new id in "entries"
    if timer is not UNTOUCHED:
        before["timer"] = timer
    if cycles:
        before["cycles"] = cycles
    if steps:
        before["steps"] = steps
    db.execute(
        """
        INSERT INTO undo_step (owner, description, created_at, before) VALUES (:owner, :description, :now, :before)
        """,
        {
            "owner": owner,
            "description": description,
            "now": utc_text(datetime.now(UTC)),
            "before": _json(before),
        },
    )
    db.execute(
        """
        DELETE FROM undo_step WHERE owner = :owner AND id NOT IN
            (SELECT id FROM undo_step WHERE owner = :owner ORDER BY id DESC LIMIT :depth)
        """,
        {"owner": owner, "depth": UNDO_DEPTH},
    )


def _json(value: dict[str, object]) -> str:
    """json.dumps(value), written a piece at a time: an import's step names every teacher it made, and
    json.dumps holds all the pieces of them at once before joining them (3.4 MiB for 20,000 teachers)."""
    out = io.StringIO()
    for piece in json.JSONEncoder().iterencode(value):
        out.write(piece)
    return out.getvalue()


class History:
    """The coach's undo steps."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def undo(self) -> str | None:
        """Revert the newest undoable change; its description, or None when there is nothing to undo."""
        undone = self.undo_step()
        return None if undone is None else undone.description

    def undo_step(self) -> Undone | None:
        """Revert the newest undoable change: what it was, and the entries it touched as they were just
        before the undo and as they are after it; None when there is nothing to undo."""
        owner, d = self.database.owner, self.database.d
        with self.database.write() as db:
            step = db.execute(
                "SELECT id, description, before FROM undo_step WHERE owner = :owner ORDER BY id DESC LIMIT 1",
                {"owner": owner},
            ).fetchone()
            if step is None:
                return None
            before = json.loads(step["before"])
            runs = before.get("new_entries", [])
            made = sum(last - first + 1 for first, last in runs)
            shown = len(before["entries"]) + made <= UNDONE_SHOWN
            ids = [int(entry_id) for entry_id in before["entries"]] + (_ids_in(runs) if shown else [])
            undone = _entries(db, d, ids) if shown else {}
            teachers = {int(k): v for k, v in before["teachers"].items()}
            for teacher_id, snapshot in teachers.items():
                if snapshot is not None:
                    restore_teacher(db, d, teacher_id, {**snapshot, "owner": owner})
            for cycle_id, snapshot in before.get("cycles", {}).items():  # before the entries: they may name it
                restore_cycle(db, d, int(cycle_id), snapshot, owner)
            for entry_id, snapshot in before["entries"].items():
                restore_entry(db, d, int(entry_id), snapshot, owner)
            for first, last in runs:  # as restore_entry does for an entry that did not exist, a run at a time
                db.execute("DELETE FROM entry WHERE id BETWEEN :first AND :last", {"first": first, "last": last})
            for step_id, snapshot in before.get("steps", {}).items():  # after the entries they name
                restore_step(db, d, int(step_id), snapshot, owner)
            for teacher_id, snapshot in teachers.items():
                if snapshot is None:
                    db.execute(
                        """
                        DELETE FROM teacher WHERE id = :id AND id NOT IN (SELECT teacher_id FROM entry_teacher)
                          AND id NOT IN (SELECT teacher_id FROM cycle_teacher)
                          AND id NOT IN (SELECT teacher_id FROM next_step)
                        """,
                        {"id": teacher_id},
                    )
            if "timer" in before:  # steps written before the timer existed have no such key: leave it alone
                restore_timer(db, before["timer"], owner)
            db.execute("DELETE FROM undo_step WHERE id = :id", {"id": step["id"]})
            restored = _entries(db, d, ids) if shown else {}
            changes = tuple((undone.get(entry_id), restored.get(entry_id)) for entry_id in ids if shown)
            return Undone(str(step["description"]), changes)


class Undone(NamedTuple):
    """What an undo reverted: its description ("edit of #4") and, for a step of a few entries, each entry as
    (what the undo took away or None, what it put back or None)."""

    description: str
    entries: tuple[tuple[Entry | None, Entry | None], ...] = ()


def _entries(db: Connection, d: Dialect, ids: list[int]) -> dict[int, Entry]:
    """The entries of `ids` that exist, by id."""
    found = {}
    for entry_id in ids:
        row = db.execute(f"SELECT {entry_columns(d)} FROM entry e WHERE e.id = :id", {"id": entry_id}).fetchone()
        if row is not None:
            found[entry_id] = entry_of(row)
    return found
