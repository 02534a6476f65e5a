"""Cycles: starting one (with its teachers), reading, changing and listing them, and the minutes in cycles.

Every change is one transaction and one undo step (history.py keeps the cycle's row as it was).
Linking a session to its cycle happens where the session is written (entries.link_cycle).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coachlog.domain.cycles import Cycle, CycleChanges, NewCycle
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import utc_text
from coachlog.errors import CoachlogError, NotFoundError
from coachlog.storage import history
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.rows import SEP, new_uid, period_params
from coachlog.storage.teachers import TeacherIndex

CYCLE_TEACHERS = "cycle_teacher ct JOIN teacher t ON t.id = ct.teacher_id WHERE ct.cycle_id = c.id"


def cycle_columns(database: Database) -> str:
    d = database.d
    return f"""
    c.id, c.uid, c.goal, c.focus, c.phase, c.started_on, c.closed_on, c.outcome, c.measure, c.baseline,
    c.result, {d.joined("t.name", "ct.position", CYCLE_TEACHERS)} AS teachers,
    (SELECT COUNT(*) FROM entry e WHERE e.cycle_id = c.id) AS sessions,
    (SELECT COALESCE(SUM(e.minutes), 0) FROM entry e WHERE e.cycle_id = c.id) AS minutes
"""


def cycle_of(row: Any) -> Cycle:
    """The Cycle a row of `cycle_columns` describes."""

    def day(value: Any) -> date | None:
        return None if value is None else date.fromisoformat(str(value))

    started = day(row["started_on"])
    assert started is not None
    return Cycle(
        id=int(row["id"]),
        uid=row["uid"],
        teachers=tuple(row["teachers"].split(SEP)) if row["teachers"] else (),
        goal=row["goal"],
        phase=row["phase"],
        started_on=started,
        focus=row["focus"],
        closed_on=day(row["closed_on"]),
        outcome=row["outcome"],
        measure=row["measure"],
        baseline=None if row["baseline"] is None else float(row["baseline"]),
        result=None if row["result"] is None else float(row["result"]),
        sessions=int(row["sessions"]),
        minutes=int(row["minutes"]),
    )


INSERT_CYCLE = """
    INSERT INTO cycle (uid, owner, goal, focus, phase, started_on, closed_on, outcome, measure, baseline, result,
                       created_at, updated_at)
    VALUES (:uid, :owner, :goal, :focus, :phase, :started_on, :closed_on, :outcome, :measure, :baseline, :result,
            :now, :now)
"""


def cycle_params(cycle: NewCycle, uid: str, owner: str, now_text: str) -> dict[str, Any]:
    """The parameters of INSERT_CYCLE (and of an UPDATE naming the same columns) for `cycle`."""
    return {
        "uid": uid,
        "owner": owner,
        **{name: getattr(cycle, name) for name in ("goal", "focus", "phase", "outcome", "measure", "baseline")},
        "result": cycle.result,
        "started_on": cycle.started_on.isoformat(),
        "closed_on": cycle.closed_on.isoformat() if cycle.closed_on else None,
        "now": now_text,
    }


def set_teachers(db: Connection, cycle_id: int, teacher_ids: list[int]) -> None:
    """Name the cycle's teachers, in order (after any old ones were deleted)."""
    db.executemany(
        "INSERT INTO cycle_teacher (cycle_id, teacher_id, position) VALUES (:cycle, :teacher, :position)",
        [{"cycle": cycle_id, "teacher": t, "position": i} for i, t in enumerate(teacher_ids)],
    )


def insert_many(db: Connection, database: Database, cycles: list[NewCycle], now_text: str) -> None:
    """Store whole cycles (the demo's) inside the caller's transaction, and link the sessions already there
    that fall in each (its teachers, its days), as `add` would have linked them."""
    owner, d = database.owner, database.d
    teachers = TeacherIndex(d).load_all(db)
    for new in cycles:
        teacher_ids, _, _ = teachers.resolve(db, new.teachers, now_text, owner, hints=False)
        cycle_id = d.insert_id(db, INSERT_CYCLE, cycle_params(new, new_uid(), owner, now_text))
        set_teachers(db, cycle_id, teacher_ids)
        link_sessions(db, cycle_id, unlinked_sessions(db, cycle_id, new.started_on, new.closed_on))


def unlinked_sessions(db: Connection, cycle_id: int, started_on: date, closed_on: date | None) -> list[int]:
    """The sessions in no cycle yet that fall in cycle `cycle_id`: one of its teachers, one of its days."""
    until = "" if closed_on is None else " AND e.local_date <= :closed_on"
    rows = db.execute(
        f"""
        SELECT e.id FROM entry e WHERE e.kind = 'session' AND e.cycle_id IS NULL
          AND e.local_date >= :started_on{until}
          AND e.id IN (SELECT et.entry_id FROM entry_teacher et JOIN cycle_teacher ct
                       ON ct.teacher_id = et.teacher_id WHERE ct.cycle_id = :cycle)
        ORDER BY e.id
        """,
        {
            "cycle": cycle_id,
            "started_on": started_on.isoformat(),
            "closed_on": closed_on.isoformat() if closed_on else None,
        },
    ).fetchall()
    return [int(row[0]) for row in rows]


def link_sessions(db: Connection, cycle_id: int, entry_ids: list[int]) -> None:
    db.executemany(
        "UPDATE entry SET cycle_id = :cycle WHERE id = :id", [{"cycle": cycle_id, "id": i} for i in entry_ids]
    )


def _refuse_sessions_after(db: Connection, cycle_id: int, closed_on: date) -> None:
    """A cycle cannot close before sessions linked to it: name them (edit --no-cycle moves one out)."""
    rows = db.execute(
        "SELECT id, local_date FROM entry WHERE cycle_id = :id AND local_date > :day ORDER BY local_date, id",
        {"id": cycle_id, "day": closed_on.isoformat()},
    ).fetchall()
    if rows:
        named = ", ".join(f"#{row[0]} ({row[1]})" for row in rows[:5]) + (", ..." if len(rows) > 5 else "")
        raise CoachlogError(
            f"cycle #{cycle_id} cannot close on {closed_on}: sessions after it are linked to it: {named}; close it"
            f" on {rows[-1][1]} or later, or take them out with `coachlog edit ID --no-cycle`; nothing was changed"
        )


class Cycles:
    """The coach's coaching cycles."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def start(
        self, teachers: tuple[str, ...], goal: str, focus: str | None, phase: str, started_on: date, now: datetime
    ) -> tuple[Cycle, tuple[tuple[str, str | None], ...]]:
        """Start a cycle with `teachers` (new names become teachers); refused when one is in an open cycle.
        Their sessions since `started_on` that are in no cycle yet join it.

        Returns the cycle and the teachers it created (with a known name each resembles)."""
        owner, d = self.database.owner, self.database.d
        now_text = utc_text(now)
        with self.database.write() as db:
            index = TeacherIndex(d)
            teacher_ids, created, created_ids = index.resolve(db, teachers, now_text, owner)
            self._refuse_second_cycle(db, teacher_ids)
            cycle_id = d.insert_id(
                db,
                """
                INSERT INTO cycle (uid, owner, goal, focus, phase, started_on, created_at, updated_at)
                VALUES (:uid, :owner, :goal, :focus, :phase, :started_on, :now, :now)
                """,
                {
                    "uid": new_uid(),
                    "owner": owner,
                    "goal": goal,
                    "focus": focus or None,
                    "phase": phase,
                    "started_on": started_on.isoformat(),
                    "now": now_text,
                },
            )
            db.executemany(
                "INSERT INTO cycle_teacher (cycle_id, teacher_id, position) VALUES (:cycle, :teacher, :position)",
                [{"cycle": cycle_id, "teacher": t, "position": i} for i, t in enumerate(teacher_ids)],
            )
            joining = unlinked_sessions(db, cycle_id, started_on, None)  # logged before the cycle was
            snapshots = {entry_id: history.entry_snapshot(db, entry_id) for entry_id in joining}
            link_sessions(db, cycle_id, joining)
            history.record(
                db, owner, f"start of cycle #{cycle_id}", snapshots, dict.fromkeys(created_ids), cycles={cycle_id: None}
            )
            return self.fetch(db, cycle_id), tuple(created)

    def _refuse_second_cycle(self, db: Connection, teacher_ids: list[int]) -> None:
        """A teacher is in one open cycle at a time: name the one already open."""
        for teacher_id in teacher_ids:
            row = db.execute(
                """
                SELECT c.id, c.goal, c.started_on, t.name FROM cycle c
                JOIN cycle_teacher ct ON ct.cycle_id = c.id JOIN teacher t ON t.id = ct.teacher_id
                WHERE ct.teacher_id = :teacher AND c.closed_on IS NULL AND c.owner = :owner
                """,
                {"teacher": teacher_id, "owner": self.database.owner},
            ).fetchone()
            if row is not None:
                raise CoachlogError(
                    f"'{row['name']}' is already in cycle #{row['id']} ('{row['goal']}', since {row['started_on']}):"
                    f" close it first with `coachlog cycle close {row['id']}`"
                )

    def fetch(self, db: Connection, cycle_id: int) -> Cycle:
        row = db.execute(
            f"SELECT {cycle_columns(self.database)} FROM cycle c WHERE c.id = :id AND c.owner = :owner",
            {"id": cycle_id, "owner": self.database.owner},
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no cycle with id {cycle_id}: see `coachlog cycle list --all` for ids")
        return cycle_of(row)

    def get(self, cycle_id: int) -> Cycle:
        with self.database.reading() as db:
            return self.fetch(db, cycle_id)

    def all(self, include_closed: bool = True) -> list[Cycle]:
        """The coach's cycles: open ones first (oldest start first), then closed ones (latest close first)."""
        closed = "" if include_closed else " AND c.closed_on IS NULL"
        rows = self.database.read(
            f"SELECT {cycle_columns(self.database)} FROM cycle c WHERE c.owner = :owner{closed}"
            " ORDER BY c.closed_on IS NOT NULL, c.closed_on DESC, c.started_on, c.id",
            {"owner": self.database.owner},
        )
        return [cycle_of(row) for row in rows]

    def change(self, cycle_id: int, changes: CycleChanges, what: str, now: datetime) -> tuple[Cycle, Cycle]:
        """Apply `changes` to one cycle (`what` names the change in undo: "phase", "close", "edit").

        Returns the cycle before and after."""
        owner = self.database.owner
        with self.database.write() as db:
            before = self.fetch(db, cycle_id)
            if changes.closed_on is not None and changes.closed_on < before.started_on:
                raise CoachlogError(
                    f"cycle #{cycle_id} started on {before.started_on}: it cannot close on {changes.closed_on}"
                )
            if changes.closed_on is not None:
                _refuse_sessions_after(db, cycle_id, changes.closed_on)
            snapshot = history.cycle_snapshot(db, cycle_id)
            fields = {**changes.columns(), "updated_at": utc_text(now)}
            assignments = ", ".join(f"{column} = :{column}" for column in fields)
            db.execute(f"UPDATE cycle SET {assignments} WHERE id = :id", {**fields, "id": cycle_id})
            history.record(db, owner, f"{what} of cycle #{cycle_id}", {}, {}, cycles={cycle_id: snapshot})
            return before, self.fetch(db, cycle_id)

    def open_teacher_ids(self) -> set[int] | None:
        """The teachers in an open cycle; None when the coach has no cycle at all (reach then shows no column)."""
        rows = self.database.read(
            """
            SELECT c.closed_on, ct.teacher_id FROM cycle c LEFT JOIN cycle_teacher ct ON ct.cycle_id = c.id
            WHERE c.owner = :owner
            """,
            {"owner": self.database.owner},
        )
        if not rows:
            return None
        return {int(row[1]) for row in rows if row[0] is None and row[1] is not None}

    def delete(self, cycle_id: int) -> Cycle:
        """Delete a cycle; its sessions stay, in no cycle. One undo step brings it back, links and all."""
        owner = self.database.owner
        with self.database.write() as db:
            before = self.fetch(db, cycle_id)
            linked = [int(row[0]) for row in db.execute("SELECT id FROM entry WHERE cycle_id = :id", {"id": cycle_id})]
            snapshots = {entry_id: history.entry_snapshot(db, entry_id) for entry_id in linked}
            snapshot = history.cycle_snapshot(db, cycle_id)
            db.execute("UPDATE entry SET cycle_id = NULL WHERE cycle_id = :id", {"id": cycle_id})
            db.execute("DELETE FROM cycle_teacher WHERE cycle_id = :id", {"id": cycle_id})
            db.execute("DELETE FROM cycle WHERE id = :id", {"id": cycle_id})
            history.record(db, owner, f"delete of cycle #{cycle_id}", snapshots, {}, cycles={cycle_id: snapshot})
            return before

    def minutes_by_day(self, period: Period) -> list[tuple[date, int]]:
        """Minutes of sessions linked to a cycle, per day of `period` (days without any left out)."""
        rows = self.database.read(
            """
            SELECT e.local_date, SUM(e.minutes) FROM entry e
            WHERE e.cycle_id IS NOT NULL AND e.local_date BETWEEN :start AND :end
            GROUP BY e.local_date ORDER BY e.local_date
            """,
            period_params(period),
        )
        return [(date.fromisoformat(str(row[0])), int(row[1])) for row in rows]

    def teacher_ids(self) -> dict[int, frozenset[int]]:
        """Each cycle's teachers by id: who a count of cycles describes (a shared summary's privacy rule)."""
        rows = self.database.read(
            "SELECT ct.cycle_id, ct.teacher_id FROM cycle_teacher ct JOIN cycle c ON c.id = ct.cycle_id"
            " WHERE c.owner = :owner",
            {"owner": self.database.owner},
        )
        found: dict[int, set[int]] = {}
        for row in rows:
            found.setdefault(int(row[0]), set()).add(int(row[1]))
        return {cycle: frozenset(teachers) for cycle, teachers in found.items()}
