"""This database's side of `coachlog push`: its id, what was agreed with a team database, and receiving a push."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from coachlog.domain.timeparse import utc_text
from coachlog.domain.values import Entry, NewEntry
from coachlog.errors import CoachlogError, StorageError
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.rows import entry_columns, entry_of, entry_params, in_lists, link
from coachlog.storage.teachers import TeacherIndex


class Sync:
    """The push bookkeeping of one database."""

    def __init__(self, database: Database, entries: Entries) -> None:
        self.database = database
        self.entries = entries

    def database_id(self) -> str:
        """This database's id: how a personal file remembers a team database (see the dialects' database_id)."""
        rows = self.database.read("SELECT value FROM setting WHERE key = 'database_id'")
        if not rows:
            raise StorageError(f"database {self.database.path} has no id (an unfinished setup?)")
        with self.database.reading() as db:
            return self.database.d.database_id(db, str(rows[0][0]))

    def pushed_digests(self, remote: str) -> dict[str, str]:
        """Per entry uid, the digest last agreed with the team database `remote` (its database_id)."""
        rows = self.database.read("SELECT uid, digest FROM pushed WHERE remote = :remote", {"remote": remote})
        return {row[0]: row[1] for row in rows}

    def tombstones(self) -> list[str]:
        """The uids of entries deleted here after a team database had them."""
        return [row[0] for row in self.database.read("SELECT uid FROM entry_tombstone ORDER BY deleted_at, uid")]

    def entries_by_uid(self, uids: list[str]) -> dict[str, Entry]:
        """The entries with these uids (those this coach may see), by uid."""
        return {entry.uid: entry for entry in self._entries_where("uid", uids) if entry.uid}

    def entries_by_source(self, sources: list[str]) -> dict[str, Entry]:
        """This coach's entries that came from these calendar events, by source."""
        return {entry.source: entry for entry in self._entries_where("source", sources) if entry.source}

    def _entries_where(self, column: str, values: list[str]) -> Iterator[Entry]:
        for marks, params in in_lists(values):
            rows = self.database.read(
                f"SELECT {entry_columns(self.database.d)} FROM entry e"
                f" WHERE e.owner = :owner AND e.{column} IN ({marks})",
                {"owner": self.database.owner, **params},
            )
            yield from (entry_of(row) for row in rows)

    def receive(self, new: Iterable[NewEntry], changed: Sequence[NewEntry], deleted: list[str], now: datetime) -> None:
        """Take a push, in one transaction: insert `new` (keeping their uids), overwrite `changed` (found by
        uid) and delete the entries with the uids in `deleted`. Not an undo step: the coach's laptop has those.

        Teachers are spelled as the coach's own database spells them (a rename there renames them here),
        and teachers no entry names any more (renamed or merged away) are removed."""
        now_text = utc_text(now)
        with self.database.write() as db:
            teachers = TeacherIndex(self.database.d, exact=True)  # names come as the coach's own database stored them
            for entry in new:
                _respell(db, teachers, entry.teachers)
                self.entries.insert(db, teachers, entry, now_text, hints=False)
            for entry in changed:
                row = db.execute("SELECT id FROM entry WHERE uid = :uid", {"uid": entry.uid}).fetchone()
                if row is None:
                    raise CoachlogError(f"entry {entry.uid} left the team database during the push; nothing was sent")
                _respell(db, teachers, entry.teachers)
                self._overwrite(db, teachers, int(row[0]), entry, now_text)
            for marks, params in in_lists(deleted):
                db.execute(f"DELETE FROM entry WHERE uid IN ({marks})", params)
            db.execute(
                "DELETE FROM teacher WHERE owner = :owner AND id NOT IN (SELECT teacher_id FROM entry_teacher)",
                {"owner": self.database.owner},
            )

    def _overwrite(self, db: Connection, teachers: TeacherIndex, entry_id: int, new: NewEntry, now: str) -> None:
        """Make entry `entry_id` say what `new` says, teachers and tags included."""
        teacher_ids, _, _ = teachers.resolve(db, new.teachers, now, self.database.owner, hints=False)
        db.execute(
            """
            UPDATE entry SET kind = :kind, start_utc = :start, minutes = :minutes, local_date = :local_date,
                time_known = :time_known, stance = :stance, duty_kind = :duty_kind, activity = :activity,
                note = :note, helpful = :helpful, story = :story, shareable = :shareable, source = :source,
                updated_at = :now
            WHERE id = :id
            """,
            {"id": entry_id, **entry_params(new), "now": now},
        )
        db.execute("DELETE FROM entry_teacher WHERE entry_id = :id", {"id": entry_id})
        db.execute("DELETE FROM entry_tag WHERE entry_id = :id", {"id": entry_id})
        link(db, entry_id, teacher_ids, new.tags)

    def record_push(
        self, remote: str, agreed: dict[str, str], forgotten: list[str], adopted: dict[str, str] | None = None
    ) -> None:
        """After a push to `remote`: give entries the uids the team database knows them by (`adopted`: old
        uid -> new), remember the digests now agreed on, and forget the uids in `forgotten` (deleted on both
        sides); tombstones of those deletions go too."""
        with self.database.write() as db:
            db.executemany(
                "UPDATE entry SET uid = :new WHERE uid = :old",
                [{"old": old, "new": new} for old, new in (adopted or {}).items()],
            )
            db.executemany(
                """
                INSERT INTO pushed (remote, uid, digest) VALUES (:remote, :uid, :digest)
                ON CONFLICT (remote, uid) DO UPDATE SET digest = excluded.digest
                """,
                [{"remote": remote, "uid": uid, "digest": digest} for uid, digest in agreed.items()],
            )
            gone = [{"remote": remote, "uid": uid} for uid in forgotten]
            db.executemany("DELETE FROM pushed WHERE remote = :remote AND uid = :uid", gone)
            db.executemany("DELETE FROM entry_tombstone WHERE uid = :uid AND uid NOT IN (SELECT uid FROM pushed)", gone)


def _respell(db: Connection, teachers: TeacherIndex, names: tuple[str, ...]) -> None:
    """Give the known teachers `names` means the spelling they have there (same name key, other case)."""
    for name in names:
        key = teachers.find(db, name)
        if key is not None and teachers.names.names[key] != name:
            db.execute("UPDATE teacher SET name = :name WHERE id = :id", {"name": name, "id": teachers.ids[key]})
            teachers.names.names[key] = name
