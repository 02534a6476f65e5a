"""The roster: who is on staff (with a department and a grade), who left and when, kept on the teacher rows.

A teacher met in sessions but never put on the roster is not listed (on_staff false, no left_on);
`exists()` says whether a roster was made at all, so that "staff" figures fall back to the
configured number until one is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from coachlog.domain.caseload import RosterChange, RosterLine, RosterMember
from coachlog.domain.names import TeacherNames, name_key
from coachlog.domain.timeparse import utc_text
from coachlog.errors import CoachlogError, UsageError
from coachlog.storage import history
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.teachers import Teachers

MEMBER_COLUMNS = "id, name, name_key, department, grade, on_staff, left_on"


def member_of(row: object) -> RosterMember:
    r = dict(row)  # type: ignore[call-overload]
    return RosterMember(
        id=r["id"],
        name=r["name"],
        department=r["department"],
        grade=r["grade"],
        on_staff=bool(r["on_staff"]),
        left_on=date.fromisoformat(r["left_on"]) if r["left_on"] else None,
    )


class Roster:
    """The coach's staff list."""

    def __init__(self, database: Database, teachers: Teachers) -> None:
        self.database = database
        self.teachers = teachers

    def members(self) -> list[RosterMember]:
        """Every teacher with the roster's facts (listed or not), by name."""
        rows = self.database.read(
            f"SELECT {MEMBER_COLUMNS} FROM teacher ORDER BY {self.database.d.sort_key('name_key')}"
        )
        return [member_of(row) for row in rows]

    def member(self, teacher_id: int) -> RosterMember:
        rows = self.database.read(f"SELECT {MEMBER_COLUMNS} FROM teacher WHERE id = :id", {"id": teacher_id})
        return member_of(rows[0])

    def contacts(self, start: date, end: date) -> dict[int, tuple[int, int, date | None]]:
        """Per teacher met up to `end`: (sessions from `start` to `end`, their minutes, the last day seen)."""
        rows = self.database.read(
            """
            SELECT et.teacher_id,
                   SUM(CASE WHEN e.local_date >= :start THEN 1 ELSE 0 END) AS sessions,
                   SUM(CASE WHEN e.local_date >= :start THEN e.minutes ELSE 0 END) AS minutes,
                   MAX(e.local_date) AS last_seen
            FROM entry_teacher et JOIN entry e ON e.id = et.entry_id
            WHERE e.local_date <= :end
            GROUP BY et.teacher_id
            """,
            {"start": start.isoformat(), "end": end.isoformat()},
        )
        return {row[0]: (int(row[1]), int(row[2]), date.fromisoformat(row[3]) if row[3] else None) for row in rows}

    def exists(self) -> bool:
        """Whether a roster was made: someone was ever put on it (a leaver counts)."""
        rows = self.database.read("SELECT 1 FROM teacher WHERE on_staff OR left_on IS NOT NULL LIMIT 1")
        return bool(rows)

    def apply(
        self, lines: Sequence[RosterLine], now: datetime, *, dry_run: bool, description: str | None
    ) -> RosterChange:
        """Put each line's teacher on staff (matched by name key; new ones added), with the department and grade
        it gives (a field not given is left as it is). One transaction; a dry run reads only. `description`
        names the undo step (None: no undo step, for the demo)."""
        if dry_run:
            merged = _merged(lines)
            with self.database.reading() as db:
                added, updated, unchanged, known = _plan(db, merged)
            hints = _hints(added, known)
            return RosterChange(tuple(added), tuple(n for n, _ in updated), unchanged, dry_run=True, hints=hints)
        with self.database.write() as db:
            return self.apply_in(db, lines, now, description)

    def apply_in(
        self, db: Connection, lines: Sequence[RosterLine], now: datetime, description: str | None
    ) -> RosterChange:
        """`apply`'s writes, inside the caller's transaction (the demo writes its whole term in one)."""
        owner, d = self.database.owner, self.database.d
        merged = _merged(lines)
        added, updated, unchanged, known = _plan(db, merged)
        hints = _hints(added, known)
        created: dict[int, history.Snapshot | None] = {}
        for name in added:
            line = merged[name_key(name)]
            teacher_id = d.insert_id(
                db,
                """
                INSERT INTO teacher (owner, name, name_key, created_at, department, grade, on_staff)
                VALUES (:owner, :name, :key, :now, :department, :grade, :on_staff)
                """,
                {"owner": owner, "name": line.name, "key": name_key(line.name), "now": utc_text(now),
                 "department": line.department, "grade": line.grade, "on_staff": True},
            )  # fmt: skip
            created[teacher_id] = None
        for name, teacher_id in updated:
            created[teacher_id] = history.teacher_snapshot(db, teacher_id)
            line = merged[name_key(name)]
            db.execute(
                """
                UPDATE teacher SET on_staff = :on_staff, left_on = NULL,
                    department = COALESCE(:department, department), grade = COALESCE(:grade, grade)
                WHERE id = :id
                """,
                {"id": teacher_id, "department": line.department, "grade": line.grade, "on_staff": True},
            )
        if created and description is not None:
            history.record(db, owner, description, {}, created)
        return RosterChange(tuple(added), tuple(n for n, _ in updated), unchanged, hints=hints)

    def leave(self, name: str, day: date) -> RosterMember:
        """Mark a teacher as having left on `day` (their sessions stay); CoachlogError if they left already."""
        return self._set_staff(name, on_staff=False, left_on=day)

    def back(self, name: str) -> RosterMember:
        """Put a teacher (a leaver, or one met but never listed) back on staff."""
        return self._set_staff(name, on_staff=True, left_on=None)

    def _set_staff(self, name: str, *, on_staff: bool, left_on: date | None) -> RosterMember:
        owner = self.database.owner
        with self.database.write() as db:
            teacher_id = self.teachers.id_of(name)
            before = history.teacher_snapshot(db, teacher_id)
            assert before is not None
            was = member_of(before)
            if not on_staff and was.left_on is not None and not was.on_staff:
                raise CoachlogError(f"'{was.name}' left on {was.left_on} already: nothing was changed")
            if on_staff and was.on_staff:
                raise CoachlogError(f"'{was.name}' is on staff already: nothing was changed")
            db.execute(
                "UPDATE teacher SET on_staff = :on_staff, left_on = :left_on WHERE id = :id",
                {"id": teacher_id, "on_staff": on_staff, "left_on": left_on.isoformat() if left_on else None},
            )
            what = f"leaving of '{was.name}'" if not on_staff else f"return of '{was.name}' to the staff"
            history.record(db, owner, what, {}, {teacher_id: before})
            after = db.execute(f"SELECT {MEMBER_COLUMNS} FROM teacher WHERE id = :id", {"id": teacher_id}).fetchone()
            return member_of(after)


def _merged(lines: Sequence[RosterLine]) -> dict[str, RosterLine]:
    """The lines by name key; the same teacher twice in one file: the later fields win, the name first written."""
    merged: dict[str, RosterLine] = {}
    for line in lines:
        key = name_key(line.name)
        was = merged.get(key)
        merged[key] = (
            line if was is None else RosterLine(was.name, line.department or was.department, line.grade or was.grade)
        )
    return merged


def _plan(
    db: Connection, lines: dict[str, RosterLine]
) -> tuple[list[str], list[tuple[str, int]], int, dict[str, RosterMember]]:
    """Names to add, (name, id) to update, how many are already as given, and the known teachers by key."""
    known = {row["name_key"]: member_of(row) for row in db.execute(f"SELECT {MEMBER_COLUMNS} FROM teacher")}
    added: list[str] = []
    updated: list[tuple[str, int]] = []
    unchanged = 0
    for key, line in lines.items():
        member = known.get(key)
        if member is None:
            added.append(line.name)
        elif member.on_staff and line.department in (None, member.department) and line.grade in (None, member.grade):
            unchanged += 1
        else:
            updated.append((member.name, member.id))
    return added, updated, unchanged, known


def _hints(added: list[str], known: dict[str, RosterMember]) -> tuple[tuple[str, str], ...]:
    """For each new name, a teacher already logged that it resembles ("Mr. Okafor" and "okafor")."""
    if not added or not known:
        return ()
    names = TeacherNames()
    for key, member in known.items():
        names.add(key, member.name)
    hints = []
    for name in added:
        try:
            matched = names.match(name)
        except UsageError:  # a bare surname that two teachers share: no one hint
            continue
        hint = names.names[matched] if matched is not None else names.closest(name)
        if hint is not None:
            hints.append((name, hint))
    return tuple(hints)
