"""The units of each activity's most recent sessions: what a typical session length is taken from.

Coaching lost (reports/leaders.py) restates duties at the coach's typical session of one activity. It is the mean
of the activity's most recent sessions, taken from the same rounded units as every time figure of a summary
(reports/rounding.py): whole units (one day, stance, activity, in a cycle or not), so each rounds exactly as it
does on every page. The units are those of the days from the day of the activity's `count`-th most recent session
(newest date, then newest id, first) up to `until`: a day is taken whole, so a few more sessions than `count` may
be counted.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachlog.storage.database import Database

if TYPE_CHECKING:
    from coachlog.domain.figures import SessionAtom

IN_CYCLE = "CASE WHEN e.cycle_id IS NULL THEN 0 ELSE 1 END"


class RecentUnits:
    """Read-only: each named activity's recent units and the teachers they were with."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def by_activity(self, until: date, count: int) -> tuple[list[SessionAtom], dict[str, int]]:
        """The units (unrounded, as session_atoms gives them) of each named activity's days from its `count`-th most
        recent session on or before `until` to `until`, and per activity the distinct teachers of their sessions.
        Each activity is two index ranges (entry kind, activity, local_date, id), whatever the size of the log."""
        from coachlog.domain.figures import SessionAtom

        activities = self.database.read(
            """
            WITH RECURSIVE seen(activity) AS (
                SELECT MIN(activity) FROM entry WHERE kind = 'session' AND activity > ''
                UNION ALL
                SELECT (SELECT MIN(e.activity) FROM entry e WHERE e.kind = 'session' AND e.activity > seen.activity)
                FROM seen WHERE seen.activity IS NOT NULL
            )
            SELECT activity FROM seen WHERE activity IS NOT NULL
            """
        )
        atoms: list[SessionAtom] = []
        teachers: dict[str, int] = {}
        for (activity,) in activities:
            params: dict[str, object] = {"activity": activity, "until": until.isoformat(), "skip": count - 1}
            oldest = self.database.read(
                """
                SELECT e.local_date FROM entry e
                WHERE e.kind = 'session' AND e.activity = :activity AND e.local_date <= :until
                ORDER BY e.local_date DESC, e.id DESC LIMIT 1 OFFSET :skip
                """,
                params,
            )
            since = ""
            if oldest:  # else the activity has fewer than `count` sessions: all of them
                since, params["since"] = "AND e.local_date >= :since", str(oldest[0][0])
            chosen = f"e.kind = 'session' AND e.activity = :activity AND e.local_date <= :until {since}"
            rows = self.database.read(
                f"""
                SELECT e.local_date, e.stance, SUM(e.minutes), COUNT(*), MIN(e.uid), {IN_CYCLE}
                FROM entry e WHERE {chosen}
                GROUP BY e.local_date, e.stance, {IN_CYCLE} ORDER BY 1, 2, 6
                """,
                params,
            )
            if not rows:
                continue
            atoms += [
                SessionAtom(
                    date.fromisoformat(str(r[0])), r[1], str(activity), int(r[2]), int(r[3]), str(r[4]), bool(r[5])
                )
                for r in rows
            ]
            met = self.database.read(
                f"SELECT COUNT(DISTINCT et.teacher_id) FROM entry_teacher et JOIN entry e ON e.id = et.entry_id "
                f"WHERE {chosen}",
                params,
            )
            teachers[str(activity)] = int(met[0][0])
        return atoms, teachers
