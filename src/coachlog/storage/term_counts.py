"""An ended term's exact counts, fixed the first time a summary shows them (table term_count).

The rows are not changes a coach makes: no undo step. Two summaries made at the same moment both try to
fix the counts; the second INSERT does nothing and both read back the first one's row. A restore carries
the replaced database's rows into the restored one (`carry_from`), so a backup made before a term's first
summary cannot fix its counts a second time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from coachlog.storage.base import Connection
from coachlog.storage.database import Database

COLUMNS = "owner, start_date, end_date, window_start, min_group, fixed_on, lines"


@dataclass(frozen=True)
class FixedCounts:
    fixed_on: date
    min_group: int
    lines: str  # the figure lines, JSON


class TermCounts:
    """The counts fixed for terms, by their first and last days."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def fixed(self, start: date, end: date) -> FixedCounts | None:
        """The counts fixed for the term start..end; None if never."""
        rows = self.database.read(
            "SELECT fixed_on, min_group, lines FROM term_count WHERE start_date = :start AND end_date = :end",
            {"start": start.isoformat(), "end": end.isoformat()},
        )
        return FixedCounts(_day(rows[0][0]), int(rows[0][1]), str(rows[0][2])) if rows else None

    def overlapped(self, start: date, end: date, window_start: date) -> date | None:
        """The first day of another term with fixed counts whose counted days (its break and its term) share a day
        with window_start..end (a term whose dates changed after its counts were shown, or one added in the break
        before a term with fixed counts), else None."""
        rows = self.database.read(
            """
            SELECT MIN(start_date) FROM term_count WHERE window_start <= :end AND end_date >= :window_start
              AND NOT (start_date = :start AND end_date = :end)
            """,
            {"start": start.isoformat(), "end": end.isoformat(), "window_start": window_start.isoformat()},
        )
        return _day(rows[0][0]) if rows and rows[0][0] is not None else None

    def adjacent(self, window_start: date, end: date) -> tuple[str | None, str | None]:
        """The fixed lines of the term ending the day before `window_start` and of the term whose counted days
        start the day after `end` (None: not fixed): the terms whose counts an equation ties to these."""
        rows = self.database.read(
            "SELECT end_date, window_start, lines FROM term_count WHERE end_date = :before OR window_start = :after"
            " ORDER BY start_date",
            {"before": (window_start - timedelta(days=1)).isoformat(), "after": (end + timedelta(days=1)).isoformat()},
        )
        before = next((str(r[2]) for r in rows if _day(r[0]) == window_start - timedelta(days=1)), None)
        after = next((str(r[2]) for r in rows if _day(r[1]) == end + timedelta(days=1)), None)
        return before, after

    def fix(self, start: date, end: date, window_start: date, min_group: int, today: date, lines: str) -> FixedCounts:
        """Fix the term's counts as `lines` unless they already are; what is fixed now (this or the earlier)."""
        with self.database.write() as db:
            db.execute(
                f"""
                INSERT INTO term_count ({COLUMNS})
                VALUES (:owner, :start, :end, :window_start, :min_group, :today, :lines)
                ON CONFLICT (owner, start_date, end_date) DO NOTHING
                """,
                {
                    "owner": self.database.owner,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "window_start": window_start.isoformat(),
                    "min_group": min_group,
                    "today": today.isoformat(),
                    "lines": lines,
                },
            )
        fixed = self.fixed(start, end)
        assert fixed is not None
        return fixed

    def all(self) -> list[dict[str, object]]:
        """Every fixed row (without its owner), oldest term first: what a push carries to the team database."""
        names = COLUMNS.split(", ")[1:]
        rows = self.database.read(f"SELECT {', '.join(names)} FROM term_count ORDER BY start_date, end_date")
        return [
            dict(zip(names, (v.isoformat() if isinstance(v, date) else v for v in row), strict=True)) for row in rows
        ]

    def receive(self, db: Connection, rows: Iterable[Mapping[str, object]]) -> None:
        """Take a push's fixed rows inside its transaction `db`, the team database's own winning where it has fixed
        the same term (counts once shown stay as shown)."""
        db.executemany(
            f"INSERT INTO term_count ({COLUMNS}) VALUES"
            " (:owner, :start_date, :end_date, :window_start, :min_group, :fixed_on, :lines)"
            " ON CONFLICT (owner, start_date, end_date) DO NOTHING",
            [{**row, "owner": self.database.owner} for row in rows],
        )

    def withhold(self, db: Connection, rows: Iterable[Mapping[str, object]]) -> None:
        """Set the lines of the terms of `rows` (by their days) to theirs, inside `db`'s transaction: a term fixed
        twice, differently, in this database and another, whose counts neither shows from then on."""
        db.executemany(
            "UPDATE term_count SET lines = :lines WHERE start_date = :start_date AND end_date = :end_date",
            [{key: row[key] for key in ("start_date", "end_date", "lines")} for row in rows],
        )

    def take(self, rows: Iterable[Mapping[str, object]], withheld: Iterable[Mapping[str, object]]) -> None:
        """Keep the fixed `rows` of another database (the team's) for terms not fixed here, and withhold the terms
        of `withheld` (see withhold), in one transaction: what push brings back (nothing to do: no write)."""
        rows, withheld = list(rows), list(withheld)
        if not rows and not withheld:
            return
        with self.database.write() as db:
            self.receive(db, rows)
            self.withhold(db, withheld)

    def carry_from(self, other: Path) -> int:
        """Copy the fixed counts of the SQLite database `other` (the one a restore replaced) into this one, theirs
        winning: counts once shown stay as shown. How many rows; 0 when `other` has none or cannot be read."""
        try:
            source = sqlite3.connect(f"file:{other}?mode=ro", uri=True)
            try:
                rows = source.execute(f"SELECT {COLUMNS} FROM term_count").fetchall()
            finally:
                source.close()
        except sqlite3.Error:  # an older schema, or a damaged file kept as it was
            return 0
        with self.database.write() as db:
            for row in rows:
                values = dict(zip(COLUMNS.split(", "), row, strict=True)) | {"owner": self.database.owner}
                db.execute("DELETE FROM term_count WHERE start_date = :start_date AND end_date = :end_date", values)
                db.execute(
                    f"INSERT INTO term_count ({COLUMNS}) VALUES"
                    " (:owner, :start_date, :end_date, :window_start, :min_group, :fixed_on, :lines)",
                    values,
                )
        return len(rows)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
