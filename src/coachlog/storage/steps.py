"""Next steps: what the coach promised a teacher to come back to, and by when (check-backs).

`attach()` writes one inside the transaction of the session it came from (`add`/`stop --next`), so
the session and its step are saved, and undone, together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coachlog.domain.caseload import NextStep, StepRequest
from coachlog.domain.names import name_key
from coachlog.domain.timeparse import utc_text
from coachlog.errors import CoachlogError, NotFoundError
from coachlog.storage import history
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.rows import new_uid

STEP_COLUMNS = "s.id, t.name AS teacher, s.text, s.due_on, s.done_on, s.entry_id"
STEP_FROM = "next_step s JOIN teacher t ON t.id = s.teacher_id"


def step_of(row: Any) -> NextStep:
    return NextStep(
        id=row["id"],
        teacher=row["teacher"],
        text=row["text"],
        due_on=date.fromisoformat(row["due_on"]),
        done_on=date.fromisoformat(row["done_on"]) if row["done_on"] else None,
        entry_id=row["entry_id"],
    )


def attach(database: Database, db: Connection, entry_id: int, step: StepRequest, now: datetime) -> int:
    """Write `step` for the first teacher of entry `entry_id`, inside the caller's transaction; its id."""
    teacher = db.execute(
        "SELECT teacher_id FROM entry_teacher WHERE entry_id = :id ORDER BY position LIMIT 1", {"id": entry_id}
    ).fetchone()
    if teacher is None:  # pragma: no cover - a session always has a teacher
        raise CoachlogError(f"entry #{entry_id} has no teacher to come back to; nothing was changed")
    return database.d.insert_id(
        db,
        """
        INSERT INTO next_step (uid, owner, teacher_id, entry_id, text, due_on, created_at, updated_at)
        VALUES (:uid, :owner, :teacher, :entry, :text, :due, :now, :now)
        """,
        {
            "uid": new_uid(),
            "owner": database.owner,
            "teacher": teacher[0],
            "entry": entry_id,
            "text": step.text,
            "due": step.due_on.isoformat(),
            "now": utc_text(now),
        },
    )


class NextSteps:
    """The coach's check-backs."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def insert_many(self, db: Connection, steps: list[tuple[str, str, date, date | None]], now: datetime) -> None:
        """Write (teacher's exact name, text, due, done on) steps for teachers already known, inside the caller's
        transaction (the demo writes its whole term in one); not undoable one by one."""
        for name, text, due, done in steps:
            teacher = db.execute("SELECT id FROM teacher WHERE name_key = :key", {"key": name_key(name)}).fetchone()
            if teacher is None:
                raise NotFoundError(f"no teacher named '{name}': nothing was changed")
            db.execute(
                """
                INSERT INTO next_step (uid, owner, teacher_id, text, due_on, done_on, created_at, updated_at)
                VALUES (:uid, :owner, :teacher, :text, :due, :done, :now, :now)
                """,
                {
                    "uid": new_uid(),
                    "owner": self.database.owner,
                    "teacher": teacher[0],
                    "text": text,
                    "due": due.isoformat(),
                    "done": done.isoformat() if done else None,
                    "now": utc_text(now),
                },
            )

    def open(self, until: date | None = None) -> list[NextStep]:
        """Steps not done yet, due on or before `until` (None: all of them), the earliest due first."""
        due = "" if until is None else "AND s.due_on <= :until"
        rows = self.database.read(
            f"SELECT {STEP_COLUMNS} FROM {STEP_FROM} WHERE s.done_on IS NULL {due} ORDER BY s.due_on, s.id",
            {"until": until.isoformat() if until else None},
        )
        return [step_of(row) for row in rows]

    def count_open(self, until: date) -> int:
        """How many steps are open and due on or before `until` (one cheap query, for `check`)."""
        rows = self.database.read(
            "SELECT COUNT(*) FROM next_step WHERE done_on IS NULL AND due_on <= :until", {"until": until.isoformat()}
        )
        return int(rows[0][0])

    def of_teacher(self, teacher_id: int, *, done: bool = False) -> list[NextStep]:
        """A teacher's open steps (with `done`, the done ones too), the earliest due first."""
        state = "" if done else "AND s.done_on IS NULL"
        rows = self.database.read(
            f"SELECT {STEP_COLUMNS} FROM {STEP_FROM} WHERE s.teacher_id = :id {state} ORDER BY s.due_on, s.id",
            {"id": teacher_id},
        )
        return [step_of(row) for row in rows]

    def change(self, step_id: int, text: str | None, due_on: date | None, now: datetime) -> tuple[NextStep, NextStep]:
        """Give step `step_id` a new text or due date (None keeps it); a done step is reopened. Undoable.

        Returns the step before and after; NotFoundError for no such step."""
        with self.database.write() as db:
            snapshot = history.step_snapshot(db, step_id)
            if snapshot is None:
                raise NotFoundError(f"no next step with id {step_id}: see `coachlog due --all` for ids")
            before = self._fetch(db, step_id)
            db.execute(
                "UPDATE next_step SET text = :text, due_on = :due, done_on = NULL, updated_at = :now WHERE id = :id",
                {
                    "id": step_id,
                    "text": before.text if text is None else text,
                    "due": (before.due_on if due_on is None else due_on).isoformat(),
                    "now": utc_text(now),
                },
            )
            history.record(db, self.database.owner, f"change of next step {step_id}", {}, {}, steps={step_id: snapshot})
            return before, self._fetch(db, step_id)

    def _fetch(self, db: Connection, step_id: int) -> NextStep:
        row = db.execute(f"SELECT {STEP_COLUMNS} FROM {STEP_FROM} WHERE s.id = :id", {"id": step_id}).fetchone()
        return step_of(row)

    def done(self, step_id: int, day: date, now: datetime) -> NextStep:
        """Mark step `step_id` done on `day` (undoable); NotFoundError for no such step, CoachlogError if done."""
        with self.database.write() as db:
            before = history.step_snapshot(db, step_id)
            if before is None:
                raise NotFoundError(f"no next step with id {step_id}: see `coachlog due --all` for ids")
            if before["done_on"]:
                raise CoachlogError(f"next step {step_id} was done on {before['done_on']} already: nothing changed")
            db.execute(
                "UPDATE next_step SET done_on = :day, updated_at = :now WHERE id = :id",
                {"id": step_id, "day": day.isoformat(), "now": utc_text(now)},
            )
            history.record(db, self.database.owner, f"done of next step {step_id}", {}, {}, steps={step_id: before})
            row = db.execute(f"SELECT {STEP_COLUMNS} FROM {STEP_FROM} WHERE s.id = :id", {"id": step_id}).fetchone()
            return step_of(row)
