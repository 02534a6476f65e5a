"""An ended term's exact counts, fixed the first time a summary shows them (table term_count).

The rows are not changes a coach makes: no undo step. Two summaries made at the same moment both try to
fix the counts; the second INSERT does nothing and both read back the first one's row.
"""

from __future__ import annotations

from datetime import date

from coachlog.storage.database import Database


class TermCounts:
    """The counts fixed for terms, by their first and last days and the privacy threshold."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def fixed(self, start: date, end: date, min_group: int) -> tuple[date, str] | None:
        """The day the counts of the term start..end at `min_group` were fixed, and their figure lines (JSON); None
        if never."""
        rows = self.database.read(
            "SELECT fixed_on, lines FROM term_count"
            " WHERE start_date = :start AND end_date = :end AND min_group = :min_group",
            {"start": start.isoformat(), "end": end.isoformat(), "min_group": min_group},
        )
        return (_day(rows[0][0]), str(rows[0][1])) if rows else None

    def overlapped(self, start: date, end: date) -> date | None:
        """The first day of another term with fixed counts whose days overlap start..end (a term whose dates were
        changed after its counts were shown), else None."""
        rows = self.database.read(
            """
            SELECT MIN(start_date) FROM term_count WHERE start_date <= :end AND end_date >= :start
              AND NOT (start_date = :start AND end_date = :end)
            """,
            {"start": start.isoformat(), "end": end.isoformat()},
        )
        return _day(rows[0][0]) if rows and rows[0][0] is not None else None

    def fix(self, start: date, end: date, min_group: int, today: date, lines: str) -> tuple[date, str]:
        """Fix the term's counts at `min_group` as `lines` unless they already are; what is fixed now (this or the
        earlier)."""
        with self.database.write() as db:
            db.execute(
                """
                INSERT INTO term_count (owner, start_date, end_date, min_group, fixed_on, lines)
                VALUES (:owner, :start, :end, :min_group, :today, :lines)
                ON CONFLICT (owner, start_date, end_date, min_group) DO NOTHING
                """,
                {
                    "owner": self.database.owner,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "min_group": min_group,
                    "today": today.isoformat(),
                    "lines": lines,
                },
            )
        fixed = self.fixed(start, end, min_group)
        assert fixed is not None
        return fixed


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
