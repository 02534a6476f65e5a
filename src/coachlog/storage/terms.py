"""Terms: named date ranges that never overlap (`report --term`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from coachlog.domain.names import closest_of, did_you_mean, name_key
from coachlog.domain.values import Term
from coachlog.errors import CoachlogError, NotFoundError, UsageError
from coachlog.storage.base import Connection
from coachlog.storage.database import Database

if TYPE_CHECKING:
    from coachlog.domain.push import TermDates


class Terms:
    """The coach's terms."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def all(self) -> list[Term]:
        rows = self.database.read("SELECT name, start_date, end_date FROM term ORDER BY start_date")
        return [Term(r["name"], date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"])) for r in rows]

    def add(self, term: Term) -> None:
        with self.database.write() as db:
            self.insert(db, term)

    def insert(self, db: Connection, term: Term) -> None:
        """Add `term` inside the caller's transaction; UsageError if its name or dates clash."""
        if term.end < term.start:
            raise UsageError(f"term '{term.name}' ends ({term.end}) before it starts ({term.start})")
        key = name_key(term.name)
        if db.execute("SELECT 1 FROM term WHERE name_key = :key", {"key": key}).fetchone():
            raise UsageError(f"a term named '{term.name}' already exists: remove it first to change its dates")
        clash = db.execute(
            "SELECT name, start_date, end_date FROM term WHERE start_date <= :end AND end_date >= :start",
            {"start": term.start.isoformat(), "end": term.end.isoformat()},
        ).fetchone()
        if clash:
            raise UsageError(
                f"term '{term.name}' ({term.start} to {term.end}) overlaps '{clash['name']}'"
                f" ({clash['start_date']} to {clash['end_date']}): terms may not overlap"
            )
        db.execute(
            "INSERT INTO term (owner, name, name_key, start_date, end_date) VALUES (:owner, :name, :key, :start, :end)",
            {
                "owner": self.database.owner,
                "name": term.name,
                "key": key,
                "start": term.start.isoformat(),
                "end": term.end.isoformat(),
            },
        )

    def remove(self, name: str) -> Term:
        with self.database.write() as db:
            row = db.execute(
                "SELECT name, start_date, end_date FROM term WHERE name_key = :key", {"key": name_key(name)}
            ).fetchone()
            if row is None:
                hint = closest_of(name, [r["name"] for r in db.execute("SELECT name FROM term")])
                raise NotFoundError(f"no term named '{name}': {did_you_mean(hint, 'see `coachlog term list`')}")
            db.execute("DELETE FROM term WHERE name_key = :key", {"key": name_key(name)})
            return Term(row["name"], date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"]))

    def receive(self, db: Connection, terms: Sequence[TermDates], deleted: Sequence[str]) -> None:
        """A push's terms, inside the caller's transaction: remove those whose term uids are in `deleted`, then make
        each of `terms` say what it says (found by name key; a new one if there is none). No clash checks: the
        coach's own database made them, and a term changed here may pass through another's old dates. CoachlogError
        if the coach's terms there overlap afterwards (one made there, with --db URL): the caller's transaction is
        then undone, and nothing was pushed."""
        from coachlog.domain.push import term_uid  # push's module only when a push arrives (`report --term` is fast)

        gone = set(deleted)
        rows = db.execute("SELECT name FROM term WHERE owner = :owner", {"owner": self.database.owner}).fetchall()
        db.executemany(
            "DELETE FROM term WHERE owner = :owner AND name_key = :key",
            [{"owner": self.database.owner, "key": name_key(row[0])} for row in rows if term_uid(row[0]) in gone],
        )
        for term in terms:
            fields = {
                "owner": self.database.owner, "name": term.name, "key": name_key(term.name),
                "start": term.start.isoformat(), "end": term.end.isoformat(),
            }  # fmt: skip
            found = db.execute("SELECT 1 FROM term WHERE owner = :owner AND name_key = :key", fields).fetchone()
            if found is None:
                db.execute(
                    "INSERT INTO term (owner, name, name_key, start_date, end_date)"
                    " VALUES (:owner, :name, :key, :start, :end)",
                    fields,
                )
            else:
                db.execute(
                    "UPDATE term SET name = :name, start_date = :start, end_date = :end"
                    " WHERE owner = :owner AND name_key = :key",
                    fields,
                )
        clash = db.execute(
            """
            SELECT a.name, a.start_date, a.end_date, b.name AS other, b.start_date AS other_start,
                   b.end_date AS other_end
            FROM term a JOIN term b ON b.owner = a.owner AND a.name_key < b.name_key
            WHERE a.owner = :owner AND a.start_date <= b.end_date AND a.end_date >= b.start_date
            ORDER BY a.start_date, b.start_date
            """,
            {"owner": self.database.owner},
        ).fetchone()
        if clash is not None:
            raise CoachlogError(
                f"terms '{clash['name']}' ({clash['start_date']} to {clash['end_date']}) and"
                f" '{clash['other']}' ({clash['other_start']} to {clash['other_end']}) would overlap in the team"
                " database; nothing was pushed: remove one of them there (coachlog --db URL term remove NAME) or"
                " here, then push again"
            )
