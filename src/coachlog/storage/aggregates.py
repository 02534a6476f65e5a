"""The figures reports are built from: minutes and counts grouped by day, teacher or activity, and who they describe."""

from __future__ import annotations

from datetime import date
from typing import Any

from coachlog.domain.contract import AggregateRow
from coachlog.domain.periods import Period
from coachlog.domain.values import SessionAtom, TeacherCell, Voice
from coachlog.storage.database import Database
from coachlog.storage.rows import ENTRY_TEACHERS, SEP, period_params


def aggregate(row: Any) -> AggregateRow:
    return AggregateRow(
        group=row["grp"],
        kind=row["kind"],
        stance=row["stance"],
        duty_kind=row["duty_kind"],
        minutes=int(row["minutes"]),
        count=int(row["n"]),
    )


class Aggregates:
    """Read-only figures over a period."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def by_day(self, period: Period) -> list[AggregateRow]:
        """Minutes and counts per local date, kind, stance and duty kind: the base of every report."""
        rows = self.database.read(
            """
            SELECT e.local_date AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE e.local_date BETWEEN :start AND :end
            GROUP BY e.local_date, kind, stance, duty_kind ORDER BY e.local_date
            """,
            period_params(period),
        )
        return [aggregate(row) for row in rows]

    def by_teacher(self, period: Period) -> list[AggregateRow]:
        """Session minutes per teacher and stance: a team session counts for each of its teachers."""
        rows = self.database.read(
            f"""
            SELECT t.name AS grp, e.kind, e.stance, e.duty_kind, SUM(e.minutes) AS minutes, COUNT(*) AS n
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id JOIN teacher t ON t.id = et.teacher_id
            WHERE e.local_date BETWEEN :start AND :end
            GROUP BY t.id, e.kind, e.stance, e.duty_kind ORDER BY {self.database.d.sort_key("t.name_key")}
            """,
            period_params(period),
        )
        return [aggregate(row) for row in rows]

    def by_activity(self, period: Period) -> list[AggregateRow]:
        rows = self.database.read(
            f"""
            SELECT COALESCE(e.activity, '') AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE e.local_date BETWEEN :start AND :end AND kind = 'session'
            GROUP BY e.activity, kind, stance, duty_kind ORDER BY {self.database.d.sort_key("COALESCE(e.activity, '')")}
            """,
            period_params(period),
        )
        return [aggregate(row) for row in rows]

    def teachers_reached(self, period: Period) -> int:
        rows = self.database.read(
            """
            SELECT COUNT(DISTINCT et.teacher_id) FROM entry_teacher et JOIN entry e ON e.id = et.entry_id
            WHERE e.local_date BETWEEN :start AND :end
            """,
            period_params(period),
        )
        return int(rows[0][0])

    def teacher_cells(self, period: Period) -> list[TeacherCell]:
        """Each teacher's (day, stance, activity) combinations in `period`, once each: who every figure describes."""
        rows = self.database.read(
            """
            SELECT DISTINCT e.local_date, e.stance, COALESCE(e.activity, '') AS activity, et.teacher_id
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id
            WHERE e.local_date BETWEEN :start AND :end AND e.kind = 'session'
            """,
            period_params(period),
        )
        return [TeacherCell(date.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]

    def session_atoms(self, period: Period) -> list[SessionAtom]:
        """Session minutes and counts per day, stance and activity: what a shared summary's figures are summed from."""
        rows = self.database.read(
            """
            SELECT e.local_date, e.stance, COALESCE(e.activity, '') AS activity, SUM(e.minutes), COUNT(*), MIN(e.uid)
            FROM entry e WHERE e.local_date BETWEEN :start AND :end AND e.kind = 'session'
            GROUP BY e.local_date, e.stance, COALESCE(e.activity, '') ORDER BY 1, 2, 3
            """,
            period_params(period),
        )
        return [SessionAtom(date.fromisoformat(r[0]), r[1], r[2], int(r[3]), int(r[4]), str(r[5])) for r in rows]

    def shared_voices(self, period: Period) -> list[Voice]:
        """Answers and stories the teachers agreed to share, oldest first. Notes are never read here."""
        rows = self.database.read(
            f"""
            SELECT e.local_date, e.helpful, e.story,
                   {self.database.d.joined("t.name", "et.position", ENTRY_TEACHERS)} AS teachers
            FROM entry e
            WHERE e.local_date BETWEEN :start AND :end AND e.shareable
              AND (e.helpful IS NOT NULL OR e.story IS NOT NULL)
            ORDER BY e.local_date, e.start_utc, e.id
            """,
            period_params(period),
        )
        return [Voice(date.fromisoformat(r[0]), r[1], r[2], tuple(r[3].split(SEP)) if r[3] else ()) for r in rows]

    def teacher_names(self, period: Period) -> list[str]:
        rows = self.database.read(
            f"""
            SELECT DISTINCT t.name, {self.database.d.sort_key("t.name_key")} AS sort_key FROM teacher t
            JOIN entry_teacher et ON et.teacher_id = t.id
            JOIN entry e ON e.id = et.entry_id WHERE e.local_date BETWEEN :start AND :end ORDER BY sort_key
            """,
            period_params(period),
        )
        return [r[0] for r in rows]

    def date_span(self) -> tuple[date, date] | None:
        row = self.database.read("SELECT MIN(local_date), MAX(local_date) FROM entry")[0]
        return (date.fromisoformat(row[0]), date.fromisoformat(row[1])) if row[0] else None
