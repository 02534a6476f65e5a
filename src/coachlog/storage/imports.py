"""Bulk imports: entries from a file or a calendar in one transaction, with what is already there left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from coachlog.domain.changes import ImportResult, Incoming
from coachlog.domain.names import closest_name, name_key
from coachlog.domain.timeparse import utc_text
from coachlog.domain.values import NewEntry, Term
from coachlog.errors import CoachlogError, UsageError
from coachlog.storage import history
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.rows import in_lists
from coachlog.storage.teachers import TeacherIndex
from coachlog.storage.terms import Terms

if TYPE_CHECKING:
    from coachlog.domain.cycles import NewCycle

HINTS_UP_TO = 50  # new teachers in one import; past that, finding look-alikes costs more than it helps


class DryRun(Exception):
    """Raised at the end of a dry run's transaction, so that it rolls back."""


class Imports:
    """Many entries at once."""

    def __init__(self, database: Database, entries: Entries, terms: Terms) -> None:
        self.database = database
        self.entries = entries
        self.terms = terms

    def run(
        self,
        items: Iterable[NewEntry | Incoming],
        now: datetime,
        label: str,
        *,
        dry_run: bool = False,
        on_invalid: Callable[[str, str], None] | None = None,
    ) -> ImportResult:
        """Add entries from a file or a calendar in one transaction, as one undo step.

        An item equal to an entry that was already there (see `_already_there`), or whose
        `source` is already stored, is counted and skipped, so importing twice adds nothing.
        `Incoming.wanted_id` is kept when no entry ever had it. `label` ("from term.csv")
        names the import in undo's message. A row the database refuses (a teacher name that
        could be two people) stops it all with UsageError, or with `on_invalid` is reported
        to it as (where, reason) and left out. `dry_run` does everything, then rolls back.
        Items are consumed one at a time, so memory stays flat however many there are.
        """
        now_text = utc_text(now)
        result = ImportResult(dry_run=dry_run)
        try:
            with self.database.write() as db:
                self._import(db, items, now_text, label, result, on_invalid)
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        return result

    def _import(
        self,
        db: Connection,
        items: Iterable[NewEntry | Incoming],
        now_text: str,
        label: str,
        result: ImportResult,
        on_invalid: Callable[[str, str], None] | None,
    ) -> None:
        """The import's one pass over `items` (see `run`). Long because one loop with its savepoints reads whole."""
        d, owner = self.database.d, self.database.owner
        teachers = TeacherIndex(d, owner=owner).bound(db)  # flat: a few thousand names at a time, see trim()
        # Every id up to here was used once; ids above it were never given to any entry.
        used_up_to = d.used_entry_ids(db)
        may_keep = d.may_keep_ids(db)  # not a coach on a team database: the sequence picks ids there
        matched: set[int] = set()
        added_ids = history.IdRuns()  # for the undo step
        created_ids: list[int] = []
        has_cycles = db.execute("SELECT 1 FROM cycle WHERE owner = :owner", {"owner": self.database.owner}).fetchone()
        for item in items:
            teachers.trim()
            incoming = item if isinstance(item, Incoming) else Incoming(item)
            new = incoming.entry
            if on_invalid is not None:
                db.execute("SAVEPOINT item")  # a row left out leaves nothing behind (no half-made teachers)
            try:
                keys = [teachers.find(db, name) for name in new.teachers]  # an ambiguous name fails before any insert
                if self._already_there(db, teachers, new, keys, used_up_to, matched):
                    result.already_there += 1
                    continue
                wanted = incoming.wanted_id
                keep = may_keep and wanted is not None and wanted > used_up_to and not _made(db, added_ids, wanted)
                entry_id, created, created_now = self.entries.insert(
                    db, teachers, new, now_text, wanted if keep else None, hints=False, found=keys
                )
            except UsageError as exc:
                where = f"{incoming.where}: " if incoming.where else ""
                if on_invalid is None:
                    raise UsageError(f"{where}{exc}; nothing was imported") from None
                db.execute("ROLLBACK TO item")
                teachers.trim(always=True)  # forget the teachers the row made
                on_invalid(incoming.where, str(exc))
                continue
            finally:
                if on_invalid is not None:
                    db.execute("RELEASE item")
            if has_cycles or incoming.cycle.chosen is not None:
                self._link_cycle(db, entry_id, incoming, result)
            added_ids.add(entry_id)
            created_ids += created_now
            result.count(new, created)
        if 0 < len(result.new_teachers) <= HINTS_UP_TO:
            result.new_teachers = hints(result.new_teachers, known_names(db, set(created_ids)))
        if added_ids:
            noun = "entry" if len(added_ids) == 1 else "entries"
            history.record(
                db,
                self.database.owner,
                f"import of {len(added_ids)} {noun} {label}".rstrip(),
                {},
                dict.fromkeys(created_ids),
                new_entries=added_ids,
            )

    def _link_cycle(self, db: Connection, entry_id: int, incoming: Incoming, result: ImportResult) -> None:
        """Link an imported session to the cycle its file names when that cycle is here and fits it (else it
        stays out of cycles, counted in `result.unlinked`), or, for a file naming none, to its teacher's open
        cycle as `add` does."""
        chosen = incoming.cycle.chosen
        try:
            linked = self.entries.link_cycle(db, entry_id, incoming.entry, incoming.cycle)
        except CoachlogError:
            assert chosen is not None
            result.unlinked[chosen] = result.unlinked.get(chosen, 0) + 1
            return
        if linked is not None:
            result.linked += 1
        elif chosen is not None:  # a duty or prep row naming a cycle
            result.unlinked[chosen] = result.unlinked.get(chosen, 0) + 1

    def _already_there(
        self,
        db: Connection,
        teachers: TeacherIndex,
        new: NewEntry,
        keys: list[str | None],
        used_up_to: int,
        matched: set[int],
    ) -> bool:
        """Whether `new` is already stored: its source is, or an entry that was there before this
        import has the same kind, local date, start (or date alone), minutes, stance or duty
        kind, teachers in order, activity and note. Each such entry stands for one incoming
        item (`matched`), so a file holding two equal rows adds both to an empty database.
        """
        if (
            new.source is not None
            and db.execute("SELECT 1 FROM entry WHERE source = :source", {"source": new.source}).fetchone()
        ):
            return True
        if not used_up_to:
            return False
        if None in keys:
            return False  # someone new: no entry can have them yet
        ids = [teachers.ids[key] for key in keys if key is not None]
        wanted = ",".join(str(i) for i in dict.fromkeys(ids))
        minute = new.start.astimezone(UTC).replace(second=0, microsecond=0)
        d = self.database.d
        teacher_ids = d.joined("teacher_id", "position", "entry_teacher WHERE entry_id = e.id", "','")
        rows = db.execute(
            f"""
            SELECT e.id, {teacher_ids} AS teacher_ids
            FROM entry e
            WHERE e.start_utc >= :start AND e.start_utc < :next_minute
              AND {d.not_indexed("e.local_date")} = :local_date AND e.minutes = :minutes
              AND e.kind = :kind AND e.time_known = :time_known AND {d.same("e.stance", "stance")}
              AND {d.same("e.duty_kind", "duty_kind")} AND {d.same("e.activity", "activity")}
              AND {d.same("e.note", "note")}
              AND (CAST(:first AS INTEGER) IS NULL OR EXISTS (
                    SELECT 1 FROM entry_teacher WHERE entry_id = e.id AND teacher_id = :first AND position = 0))
            """,  # "+": look up by the start's index, far narrower than the day's
            {
                "local_date": new.local_date.isoformat(),
                # to the minute: entries stored before 0.2 may carry seconds that an export drops
                "start": utc_text(minute),
                "next_minute": utc_text(minute + timedelta(minutes=1)),
                "minutes": new.minutes,
                "kind": new.kind,
                "time_known": new.time_known,
                "stance": new.stance.value if new.stance else None,
                "duty_kind": new.duty_kind,
                "activity": new.activity,
                "note": new.note,
                "first": ids[0] if ids else None,
            },
        ).fetchall()
        for row in rows:
            if row["id"] <= used_up_to and row["id"] not in matched and (row["teacher_ids"] or "") == wanted:
                matched.add(row["id"])
                return True
        return False

    def add_many(
        self,
        entries: list[NewEntry],
        now: datetime,
        terms: tuple[Term, ...] = (),
        cycles: list[NewCycle] | None = None,
        also: Sequence[Callable[[Connection], object]] = (),
    ) -> int:
        """Insert many entries (and terms, whole cycles that link them, and whatever `also` writes with the
        connection: the demo's roster and check-backs) in one transaction (demo, imports); not undoable one by one."""
        now_text = utc_text(now)
        with self.database.write() as db:
            for term in terms:
                self.terms.insert(db, term)
            teachers = TeacherIndex(self.database.d).load_all(db)
            for new in entries:
                self.entries.insert(db, teachers, new, now_text, hints=False)  # nobody sees hints here
            if cycles:
                from coachlog.storage.cycles import insert_many

                insert_many(db, self.database, cycles, now_text)
            for write in also:
                write(db)
        return len(entries)

    def known_sources(self, sources: list[str]) -> set[str]:
        """Which of `sources` (calendar events' ids) some entry already came from."""
        found: set[str] = set()
        for marks, params in in_lists(sources):
            rows = self.database.read(f"SELECT source FROM entry WHERE source IN ({marks})", params)
            found.update(row[0] for row in rows)
        return found


def _made(db: Connection, made: history.IdRuns, entry_id: int) -> bool:
    """Whether this import already made an entry with `entry_id` (an id above every one used before it)."""
    if entry_id > made.high:
        return False  # ids in file order: no look-up
    return db.execute("SELECT 1 FROM entry WHERE id = :id", {"id": entry_id}).fetchone() is not None


def known_names(db: Connection, created: set[int]) -> dict[str, str]:
    """The teachers known before an import that made the teachers `created`: key -> name, in the order they
    were made (read only when an import makes few enough teachers for hints)."""
    known: dict[str, str] = {}
    for row in db.execute("SELECT id, name, name_key FROM teacher ORDER BY id"):
        if row["id"] not in created and row["name_key"] not in known:
            known[row["name_key"]] = row["name"]
    return known


def hints(created: list[tuple[str, str | None]], known: dict[str, str]) -> list[tuple[str, str | None]]:
    """Each new teacher with the name it looks like among those `known` before it was created, or created
    before it (as `add` hints): for an import that creates few enough teachers to check (HINTS_UP_TO)."""
    known = dict(known)
    hinted = []
    for name, _ in created:
        key = name_key(name)
        hinted.append((name, closest_name(key, known)))
        known[key] = name
    return hinted
