"""The running timer: starting, switching, stopping (saved as an entry) and cancelling it, each one undo step."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coachlog.domain.caseload import StepRequest
from coachlog.domain.contract import Added, CycleLink
from coachlog.domain.timeparse import from_utc_text, utc_text
from coachlog.domain.values import NewEntry, Stance, Timer
from coachlog.errors import CoachlogError
from coachlog.storage import history
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.history import Snapshot
from coachlog.storage.teachers import TeacherIndex

TIMER_SELECT = (
    "SELECT owner, start_utc, stance, teachers, activity, note, tags, created_at FROM timer WHERE owner = :owner"
)


def timer_of(row: Any) -> Timer:
    return Timer(
        start=from_utc_text(row["start_utc"]),
        stance=Stance(row["stance"]),
        teachers=tuple(json.loads(row["teachers"])),
        activity=row["activity"],
        note=row["note"],
        tags=tuple(json.loads(row["tags"])),
        created_at=from_utc_text(row["created_at"]),
    )


class TimerStore:
    """The coach's one running timer."""

    def __init__(self, database: Database, entries: Entries) -> None:
        self.database = database
        self.entries = entries

    def running(self) -> Timer | None:
        """The running timer, or None."""
        rows = self.database.read(TIMER_SELECT, {"owner": self.database.owner})
        return timer_of(rows[0]) if rows else None

    def start(
        self, new: Timer, now: datetime, running: Timer | None = None, saving: NewEntry | None = None
    ) -> Added | None:
        """Start `new`; `running` is the timer the caller saw (None: none), which is saved as `saving`
        (or discarded when `saving` is None) in the same transaction. What was saved, if anything."""
        now_text = utc_text(now)
        owner = self.database.owner
        with self.database.write() as db:
            before = self._check(db, running)
            added = None
            entries: dict[int, Snapshot | None] = {}
            created_ids: list[int] = []
            if before is not None:
                db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": owner})
                if saving is not None:
                    index = TeacherIndex(self.database.d, exact=True)
                    entry_id, created, created_ids = self.entries.insert(db, index, saving, now_text)
                    cycle_id = self.entries.link_cycle(db, entry_id, saving, CycleLink())
                    entries[entry_id] = None
                    entry = self.entries.fetch(db, entry_id)
                    added = Added(entry, tuple(created), self.entries.overlaps(db, entry), cycle_id)
            db.execute(
                """
                INSERT INTO timer (owner, start_utc, stance, teachers, activity, note, tags, created_at)
                VALUES (:owner, :start, :stance, :teachers, :activity, :note, :tags, :now)
                """,
                {
                    "owner": owner,
                    "start": utc_text(new.start),
                    "stance": new.stance.value,
                    "teachers": json.dumps(list(new.teachers), ensure_ascii=False),
                    "activity": new.activity,
                    "note": new.note,
                    "tags": json.dumps(list(new.tags), ensure_ascii=False),
                    "now": now_text,
                },
            )
            if running is None:
                description = f"start of the timer for {new.label()}"
            else:
                saved = f", saved as #{added.entry.id}," if added else " (under a minute, not saved)"
                description = f"switch from the timer for {running.label()}{saved} to {new.label()}"
            history.record(db, owner, description, entries, dict.fromkeys(created_ids), timer=before)
        return added

    def stop(
        self,
        running: Timer,
        new: NewEntry,
        now: datetime,
        cycle: CycleLink | None = None,
        step: StepRequest | None = None,
    ) -> Added:
        """Save the running timer (the one the caller saw) as the entry `new` (with the next step `step`), and
        clear it: one transaction."""
        owner = self.database.owner
        with self.database.write() as db:
            before = self._check(db, running)
            db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": owner})
            index = TeacherIndex(self.database.d, exact=True)
            entry_id, created, created_ids = self.entries.insert(db, index, new, utc_text(now))
            cycle_id = self.entries.link_cycle(db, entry_id, new, cycle or CycleLink())
            steps: dict[int, None] = {}
            if step is not None:
                from coachlog.storage.steps import attach

                steps[attach(self.database, db, entry_id, step, now)] = None
            history.record(
                db,
                owner,
                f"stop of the timer for {running.label()} that saved #{entry_id}",
                {entry_id: None},
                dict.fromkeys(created_ids),
                timer=before,
                steps=steps,
            )
            entry = self.entries.fetch(db, entry_id)
            overlaps = self.entries.overlaps(db, entry)
        return Added(entry, tuple(created), overlaps, cycle_id)

    def cancel(self, running: Timer) -> None:
        """Discard the running timer (the one the caller saw) without saving it."""
        owner = self.database.owner
        with self.database.write() as db:
            before = self._check(db, running)
            db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": owner})
            history.record(db, owner, f"cancel of the timer for {running.label()}", {}, {}, timer=before)

    def _check(self, db: Connection, expected: Timer | None) -> Snapshot | None:
        """The timer row as it is (for undo), after checking it is still the one the caller decided on."""
        row = db.execute(TIMER_SELECT, {"owner": self.database.owner}).fetchone()
        if (None if row is None else timer_of(row)) != expected:
            raise CoachlogError(
                "the timer changed while this command ran (another coachlog?); nothing was changed:"
                " see `coachlog status`"
            )
        return None if row is None else dict(row)
