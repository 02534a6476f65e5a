"""Consent that can be withdrawn, and what each leadership summary shared (table summary_record).

Withdrawing consent sets an entry's `shareable` to false and `consent_withdrawn_at` to now, as one undoable
change; every later summary leaves the entry's answer and story out (aggregates.shared_voices reads
`shareable`). A record of what a summary showed (the uids of the entries whose answers or stories it held)
is written when the summary is, and never undone: it is a record of what has already left.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from coachlog.domain.contract import Filters
from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import from_utc_text, utc_text
from coachlog.domain.values import Entry
from coachlog.errors import UsageError
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.rows import where
from coachlog.storage.schema.conditions import SHARED_STORIES


class SharedSummary(NamedTuple):
    """One summary that was written, and the entries (by uid) whose answers or stories it showed."""

    id: int
    made_at: datetime
    start: date
    end: date
    label: str
    format: str
    path: str | None  # None: standard output
    uids: tuple[str, ...]


class Consent:
    """Withdrawals of consent, and the record of what each summary shared."""

    def __init__(self, database: Database, entries: Entries) -> None:
        self.database = database
        self.entries = entries

    def withdraw(self, entry_id: int, now: datetime) -> Entry:
        """Withdraw the teacher's consent for entry `entry_id`'s answer and story (undoable)."""
        from coachlog.storage import history

        with self.database.write() as db:
            entry = self.entries.fetch(db, entry_id)
            if entry.kind != "session" or not (entry.helpful or entry.story):
                raise UsageError(f"#{entry_id} has no answer or story whose consent could be withdrawn")
            row = db.execute("SELECT consent_withdrawn_at FROM entry WHERE id = :id", {"id": entry_id}).fetchone()
            if row[0] is not None and not entry.shareable:
                raise UsageError(f"consent for #{entry_id} was already withdrawn")
            snapshot = history.entry_snapshot(db, entry_id)
            db.execute(
                "UPDATE entry SET shareable = :no, consent_withdrawn_at = :now, updated_at = :now WHERE id = :id",
                {"id": entry_id, "no": False, "now": utc_text(now)},
            )
            history.record(db, self.database.owner, f"consent withdrawal of #{entry_id}", {entry_id: snapshot}, {})
            return self.entries.fetch(db, entry_id)

    def withdrawn(self) -> list[tuple[Entry, datetime]]:
        """Entries whose consent was withdrawn (and not given again), with when, oldest withdrawal first."""
        rows = self.database.read(
            "SELECT id, consent_withdrawn_at FROM entry WHERE consent_withdrawn_at IS NOT NULL AND NOT shareable"
            " ORDER BY consent_withdrawn_at, id"
        )
        return [(self.entries.get(int(r[0])), from_utc_text(r[1])) for r in rows]

    def shared_uids(self, period: Period) -> list[str]:
        """Uids of the entries whose answers or stories a summary of `period` shows (as shared_voices reads them)."""
        clauses, params = where(period, Filters())
        rows = self.database.read(
            f"""
            SELECT e.uid FROM entry e WHERE {clauses} AND {SHARED_STORIES}
            ORDER BY e.local_date, e.start_utc, e.id
            """,
            params,
        )
        return [str(r[0]) for r in rows]

    def record_summary(self, now: datetime, period: Period, fmt: str, path: str | None, uids: list[str]) -> None:
        with self.database.write() as db:
            db.execute(
                """
                INSERT INTO summary_record (owner, made_at, start_date, end_date, label, format, path, uids)
                VALUES (:owner, :now, :start, :end, :label, :format, :path, :uids)
                """,
                {
                    "owner": self.database.owner,
                    "now": utc_text(now),
                    "start": period.start.isoformat(),
                    "end": period.end.isoformat(),
                    "label": period.label,
                    "format": fmt,
                    "path": path,
                    "uids": json.dumps(uids),
                },
            )

    def summaries_with(self, entry_id: int) -> list[SharedSummary]:
        """The recorded summaries that showed entry `entry_id`'s answer or story, oldest first."""
        uid = self.entries.get(entry_id).uid
        rows = self.database.read(
            "SELECT id, made_at, start_date, end_date, label, format, path, uids FROM summary_record"
            " WHERE owner = :owner ORDER BY id",
            {"owner": self.database.owner},
        )
        found = []
        for r in rows:
            uids = tuple(json.loads(r[7]))
            if uid in uids:
                made = from_utc_text(r[1])
                found.append(SharedSummary(int(r[0]), made, _day(r[2]), _day(r[3]), r[4], r[5], r[6], uids))
        return found


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
