"""Entries: adding one (with its teachers and tags), reading, editing, deleting, counting and listing them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from coachlog.domain.contract import Added, CycleLink, Filters
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import from_utc_text, utc_text
from coachlog.domain.values import Entry, NewEntry
from coachlog.errors import NotFoundError, UsageError
from coachlog.storage.base import Connection, Cursor
from coachlog.storage.database import Database
from coachlog.storage.rows import entry_columns, entry_of, entry_params, link, new_uid, where
from coachlog.storage.teachers import TeacherIndex, Teachers

if TYPE_CHECKING:
    from coachlog.domain.caseload import StepRequest
    from coachlog.domain.changes import EntryChanges

NO_FILTERS = Filters()
# An entry's INSERT: with the id it is to have (True), or the next free one (False: PostgreSQL takes no NULL id for
# "next"). Made once: an import inserts every row through it.
INSERT_ENTRY = {
    chosen: f"""
            INSERT INTO entry ({"id, " if chosen else ""}uid, owner, kind, start_utc, minutes, local_date,
                               time_known, stance, duty_kind, activity, note, helpful, story, shareable, source,
                               created_at, updated_at)
            VALUES ({":id, " if chosen else ""}:uid, :owner, :kind, :start, :minutes, :local_date, :time_known,
                    :stance, :duty_kind, :activity, :note, :helpful, :story, :shareable, :source, :now, :now)
            """
    for chosen in (False, True)
}
AUTO_CYCLE = CycleLink()


class Entries:
    """The coach's entries: sessions and duties."""

    def __init__(self, database: Database, teachers: Teachers) -> None:
        self.database = database
        self.teachers = teachers

    def insert(
        self,
        db: Connection,
        teachers: TeacherIndex,
        new: NewEntry,
        now_text: str,
        entry_id: int | None = None,
        hints: bool = True,
        found: list[str | None] | None = None,
    ) -> tuple[int, list[tuple[str, str | None]], list[int]]:
        """Insert one entry (with `entry_id`, or the next free id when None) and link its teachers and tags
        (`found`: the keys `teachers.find` just gave for them, see TeacherIndex.resolve)."""
        owner, d = self.database.owner, self.database.d
        teacher_ids, created, created_ids = teachers.resolve(db, new.teachers, now_text, owner, hints, found=found)
        params = entry_params(new)
        params.update(id=entry_id, uid=new.uid or new_uid(), owner=owner, now=now_text)
        new_id = d.insert_id(db, INSERT_ENTRY[entry_id is not None], params)
        if entry_id is not None:
            d.kept_id(db, "entry", entry_id)
        entry_id = new_id
        link(db, entry_id, teacher_ids, new.tags)
        return entry_id, created, created_ids

    def add(
        self,
        new: NewEntry,
        now: datetime,
        description: str,
        cycle: CycleLink = AUTO_CYCLE,
        step: StepRequest | None = None,
    ) -> Added:
        """Log one entry (with the next step `step` for its first teacher); `description` ("add of session")
        names it in undo's message; a session joins the cycle `cycle` says (its teacher's open one, unless told)."""
        from coachlog.storage import history  # the undo journal: loaded for writes only

        with self.database.write() as db:
            entry_id, created, created_ids = self.insert(
                db, TeacherIndex(self.database.d, owner=self.database.owner), new, utc_text(now)
            )
            cycle_id = self.link_cycle(db, entry_id, new, cycle)
            steps: dict[int, None] = {}
            if step is not None:
                from coachlog.storage.steps import attach

                steps[attach(self.database, db, entry_id, step, now)] = None
            history.record(
                db,
                self.database.owner,
                f"{description} #{entry_id}",
                {entry_id: None},
                dict.fromkeys(created_ids),
                steps=steps,
            )
            entry = self.fetch(db, entry_id)
            overlaps = self.overlaps(db, entry)
        return Added(entry, tuple(created), overlaps, cycle_id)

    def link_cycle(self, db: Connection, entry_id: int, new: NewEntry, cycle: CycleLink) -> int | None:
        """Link the new session `entry_id` to its cycle (see CycleLink); the cycle's id, or None."""
        if new.kind != "session" or not (cycle.auto or cycle.chosen is not None):
            return None
        day = new.local_date.isoformat()
        params = {"entry": entry_id, "day": day, "owner": self.database.owner, "chosen": cycle.chosen}
        chosen = "AND c.id = :chosen" if cycle.chosen is not None else "AND c.closed_on IS NULL"
        row = db.execute(
            f"""
            SELECT c.id FROM cycle c JOIN cycle_teacher ct ON ct.cycle_id = c.id
            JOIN entry_teacher et ON et.teacher_id = ct.teacher_id AND et.entry_id = :entry
            WHERE c.owner = :owner AND c.started_on <= :day AND (c.closed_on IS NULL OR c.closed_on >= :day) {chosen}
            ORDER BY et.position, c.started_on DESC, c.id DESC
            """,
            params,
        ).fetchone()
        if row is None and cycle.chosen is not None:
            raise self._unfit_cycle(db, cycle.chosen, day)
        if row is None:
            return None
        db.execute("UPDATE entry SET cycle_id = :cycle WHERE id = :entry", {"cycle": row[0], "entry": entry_id})
        return int(row[0])

    def _unfit_cycle(self, db: Connection, cycle_id: int, day: str) -> Exception:
        """Why the session cannot join cycle `cycle_id` (--cycle): no such cycle, other teachers, other days."""
        found = db.execute(
            "SELECT started_on, closed_on FROM cycle WHERE id = :id AND owner = :owner",
            {"id": cycle_id, "owner": self.database.owner},
        ).fetchone()
        if found is None:
            return NotFoundError(f"no cycle with id {cycle_id}: see `coachlog cycle list --all` for ids")
        start, end = str(found[0]), "" if found[1] is None else str(found[1])
        if day < start or (end and day > end):
            span = f"from {start} to {end}" if end else f"from {start}"
            return UsageError(f"invalid --cycle {cycle_id}: it runs {span}, not on {day}; nothing was saved")
        return UsageError(
            f"invalid --cycle {cycle_id}: none of the session's teachers is in it (see `coachlog cycle show"
            f" {cycle_id}`); nothing was saved"
        )

    def fetch(self, db: Connection, entry_id: int) -> Entry:
        """Entry `entry_id`, read inside the caller's transaction; NotFoundError if there is none."""
        columns = entry_columns(self.database.d)
        row = db.execute(f"SELECT {columns} FROM entry e WHERE e.id = :id", {"id": entry_id}).fetchone()
        if row is None:
            raise NotFoundError(f"no entry with id {entry_id}: see `coachlog log --all` for ids")
        return entry_of(row)

    def get(self, entry_id: int) -> Entry:
        with self.database.reading() as db:
            return self.fetch(db, entry_id)

    def overlaps(self, db: Connection, entry: Entry) -> tuple[int, ...]:
        """Ids of other timed entries whose span meets this one's (coaches log from memory: a warning)."""
        if not entry.time_known:
            return ()
        end = entry.start + timedelta(minutes=entry.minutes)
        rows = db.execute(
            """
            SELECT id, start_utc, minutes FROM entry
            WHERE id != :id AND time_known AND start_utc < :end
              AND local_date BETWEEN :day_before AND :day_after
            ORDER BY start_utc
            """,
            {
                "id": entry.id,
                "end": utc_text(end),
                "day_before": (entry.local_date - timedelta(days=1)).isoformat(),
                "day_after": (entry.local_date + timedelta(days=1)).isoformat(),
            },
        ).fetchall()
        # Each candidate's end, worked out here rather than in SQL (SQLite and PostgreSQL spell it apart).
        return tuple(row[0] for row in rows if from_utc_text(row[1]) + timedelta(minutes=row[2]) > entry.start)

    def edit(self, entry_id: int, changes: EntryChanges, now: datetime) -> tuple[Entry, Added]:
        """Apply `changes` to one entry; returns it before and after (with new teachers, overlaps)."""
        from coachlog.storage import history  # the undo journal: loaded for writes only

        now_text = utc_text(now)
        owner = self.database.owner
        with self.database.write() as db:
            before = self.fetch(db, entry_id)
            snapshot = history.entry_snapshot(db, entry_id)
            changes.check_against(before)
            fields = _changed_fields(before, changes)
            fields["updated_at"] = now_text
            assignments = ", ".join(f"{column} = :{column}" for column in fields)
            db.execute(f"UPDATE entry SET {assignments} WHERE id = :id", {**fields, "id": entry_id})
            created: list[tuple[str, str | None]] = []
            created_ids: list[int] = []
            if changes.teachers is not None:
                names = changes.teachers_after(before)
                index = TeacherIndex(self.database.d, owner=owner)
                teacher_ids, created, created_ids = index.resolve(db, names, now_text, owner)
                db.execute("DELETE FROM entry_teacher WHERE entry_id = :id", {"id": entry_id})
                link(db, entry_id, teacher_ids, ())
            if changes.tags is not None:
                db.execute("DELETE FROM entry_tag WHERE entry_id = :id", {"id": entry_id})
                link(db, entry_id, [], changes.tags)
            self._relink(db, entry_id, before, changes)
            history.record(db, owner, f"edit of #{entry_id}", {entry_id: snapshot}, dict.fromkeys(created_ids))
            after = self.fetch(db, entry_id)
            overlaps = self.overlaps(db, after)
        return before, Added(after, tuple(created), overlaps)

    def _relink(self, db: Connection, entry_id: int, before: Entry, changes: EntryChanges) -> None:
        """An edited session's cycle: the one --cycle names (UsageError when it does not fit), none with --no-cycle;
        else a linked session whose day or teachers changed keeps its cycle while it fits, or joins the open
        cycle that fits it now, or none. An unlinked session stays so (--cycle links it)."""
        moved = changes.when is not None or changes.teachers is not None
        if changes.cycle is None and not (moved and before.cycle is not None):
            return
        if changes.cycle is not None and changes.cycle.chosen is not None and before.kind != "session":
            raise UsageError(
                f"invalid --cycle {changes.cycle.chosen}: #{entry_id} is not a session; only sessions join a cycle"
            )
        edited = self.fetch(db, entry_id)
        db.execute("UPDATE entry SET cycle_id = NULL WHERE id = :id", {"id": entry_id})
        if changes.cycle is not None:
            self.link_cycle(db, entry_id, edited, changes.cycle)
            return
        try:
            self.link_cycle(db, entry_id, edited, CycleLink(before.cycle, auto=False))
        except (UsageError, NotFoundError):
            self.link_cycle(db, entry_id, edited, AUTO_CYCLE)

    def delete(self, entry_id: int) -> Entry:
        from coachlog.storage import history  # the undo journal: loaded for writes only

        with self.database.write() as db:
            entry = self.fetch(db, entry_id)
            snapshot = history.entry_snapshot(db, entry_id)
            db.execute("DELETE FROM entry WHERE id = :id", {"id": entry_id})
            history.record(db, self.database.owner, f"delete of #{entry_id}", {entry_id: snapshot}, {})
        return entry

    def tags(self) -> list[str]:
        """The tags in use, each once, in order."""
        return [row[0] for row in self.database.read("SELECT DISTINCT tag FROM entry_tag ORDER BY tag")]

    def count(self, period: Period | None = None, filters: Filters = NO_FILTERS) -> int:
        """How many entries `query(period, filters)` would give."""
        clauses, params = where(period, filters)
        if filters.teacher is not None:
            params["teacher_id"] = self.teachers.id_of(filters.teacher)
        return int(self.database.read(f"SELECT COUNT(*) FROM entry e WHERE {clauses}", params)[0][0])

    def query(self, period: Period | None, filters: Filters = NO_FILTERS) -> Iterator[Entry]:
        """Entries in time order, oldest first, streamed from the cursor.

        The query starts (and a wrong filter fails) here, before the caller writes a byte.
        """
        return map(entry_of, self.rows(period, filters))

    def rows(self, period: Period | None, filters: Filters = NO_FILTERS) -> Iterator[tuple[Any, ...]]:
        """The rows `query` makes its entries of, as they are (see rows.ENTRY_FIELDS), streamed: the export
        writes its cells straight from them (formats/exchange.py), without an Entry per row.

        The query starts (and a wrong filter fails) here, before the caller writes a byte.
        """
        clauses, params = where(period, filters)
        if filters.teacher is not None:
            params["teacher_id"] = self.teachers.id_of(filters.teacher)
        columns = entry_columns(self.database.d)
        sql = f"SELECT {columns} FROM entry e WHERE {clauses} ORDER BY e.local_date, e.start_utc, e.id"
        with self.database.reading() as db:
            cursor = db.execute(sql, params)
        return self._stream(cursor)

    def _stream(self, cursor: Cursor) -> Iterator[tuple[Any, ...]]:
        try:
            for row in cursor:  # noqa: UP028 (`yield from` closes the cursor with this generator, perhaps too late)
                yield row
        except self.database.d.errors as exc:
            raise self.database.d.storage_error(exc) from None


def _changed_fields(before: Entry, changes: EntryChanges) -> dict[str, Any]:
    """The entry's columns `changes` sets, and their new values."""
    fields: dict[str, Any] = {}
    if changes.when is not None:
        fields.update(
            start_utc=utc_text(changes.when.start),
            local_date=changes.when.local_date.isoformat(),
            time_known=changes.when.time_known,
        )
    if changes.minutes is not None:
        fields["minutes"] = changes.minutes
    if changes.stance is not None:
        fields["stance"] = changes.stance.value
    if changes.activity is not None:
        column = "duty_kind" if before.kind == "duty" else "activity"
        fields[column] = changes.activity or None
    for column in ("note", "helpful", "story"):
        if getattr(changes, column) is not None:
            fields[column] = getattr(changes, column) or None
    if changes.shareable is not None:
        fields["shareable"] = changes.shareable
    return fields
