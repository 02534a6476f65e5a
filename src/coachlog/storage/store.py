"""Every query of coachlog's SQLite database, in one place.

The schema comes from models.py through Alembic (migrate.py), and database.py
opens the file; this module talks to it with the standard library's sqlite3 so
that `coachlog add` starts in a few milliseconds instead of the ~300 ms that
importing SQLModel costs. Queries use named parameters. Every write runs in one
IMMEDIATE transaction.

A team database on PostgreSQL runs the same queries through pgconnection.PgConnection,
which looks like a sqlite3 connection; the few places where the two dialects differ
ask the store's dialect (`_SqliteDialect` here, pgconnection.PostgresDialect there).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from coachlog.domain.timeparse import Period, When, from_utc_text, utc_text
from coachlog.domain.values import (
    STANCES,
    Entry,
    NewEntry,
    Stance,
    TeacherCell,
    TeacherMatch,
    TeacherNames,
    TeacherStats,
    Term,
    Timer,
    Voice,
    closest_name,
    name_key,
)
from coachlog.errors import CoachlogError, NotFoundError, StorageError, UsageError
from coachlog.reports.report import AggregateRow
from coachlog.storage.sqlite import is_url, open_database, storage_error

UNDO_DEPTH = 100
_SEP = "\x1f"  # joins teacher names and tags inside one SQL value


@dataclass(frozen=True)
class Added:
    """What `add` did: the entry, any teachers it created and names they resemble, overlaps."""

    entry: Entry
    new_teachers: tuple[tuple[str, str | None], ...]  # (name, close existing name or None)
    overlaps: tuple[int, ...]


@dataclass(frozen=True)
class Incoming:
    """An entry to import: `wanted_id` is kept when free (coachlog's own export) and the database lets us;
    `where` ("line 7") names it in messages."""

    entry: NewEntry
    wanted_id: int | None = None
    where: str = ""


@dataclass
class ImportResult:
    """What an import added (or, in a dry run, would add) and what it left out as already there."""

    dry_run: bool = False
    added: int = 0
    already_there: int = 0
    sessions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STANCES, 0))  # added, per stance
    duties: dict[str, int] = field(default_factory=dict)  # added, per duty kind
    first: date | None = None
    last: date | None = None
    new_teachers: list[tuple[str, str | None]] = field(default_factory=list)  # (name, a known name it resembles)

    def count(self, new: NewEntry, created: list[tuple[str, str | None]]) -> None:
        self.added += 1
        if new.stance is not None:
            self.sessions[new.stance.value] += 1
        elif new.duty_kind is not None:
            self.duties[new.duty_kind] = self.duties.get(new.duty_kind, 0) + 1
        if self.first is None or new.local_date < self.first:
            self.first = new.local_date
        if self.last is None or new.local_date > self.last:
            self.last = new.local_date
        self.new_teachers += created


class _DryRun(Exception):
    """Raised at the end of a dry run's transaction, so that it rolls back."""


@dataclass(frozen=True)
class Filters:
    teacher: str | None = None
    stance: Stance | None = None
    activity: str | None = None
    duties_only: bool = False


class _SqliteDialect:
    """What store.py's SQL says where SQLite and PostgreSQL differ: the SQLite side."""

    name = "sqlite"
    collate = ""  # SQLite compares text byte by byte already
    is_ = "IS"  # null-safe equality
    plus = "+"  # "+column": do not look this column up by its index
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    integrity_errors: tuple[type[BaseException], ...] = (sqlite3.IntegrityError,)

    def __init__(self, path: Path) -> None:
        self.path = path

    @staticmethod
    def joined(column: str, order: str, source: str, separator: str = "char(31)") -> str:
        """`column` of the rows of `source` in `order`, joined by `separator` in one text."""
        return f"(SELECT group_concat(v, {separator}) FROM (SELECT {column} AS v FROM {source} ORDER BY {order}))"

    @staticmethod
    def insert_id(db: Any, sql: str, params: dict[str, object]) -> int:
        return int(db.execute(sql, params).lastrowid or 0)

    @staticmethod
    def start_write(db: Any, owner: str) -> None:
        db.execute("BEGIN IMMEDIATE")

    @staticmethod
    def used_entry_ids(db: Any) -> int:
        """The highest entry id ever handed out (deleted ones included)."""
        return int(
            db.execute(
                """
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0),
                           COALESCE((SELECT MAX(id) FROM entry), 0))
                """
            ).fetchone()[0]
        )

    @staticmethod
    def kept_id(db: Any, table: str, row_id: int) -> None:
        """SQLite's AUTOINCREMENT moves past an id given explicitly by itself."""

    @staticmethod
    def database_id(db: Any, stored: str) -> str:
        """The stored random id (setting 'database_id'): a copied file is the same database, pushed or not."""
        return stored

    @staticmethod
    def may_keep_ids(db: Any) -> bool:
        """A personal file keeps the ids of coachlog's own export."""
        return True

    def storage_error(self, exc: BaseException) -> StorageError:
        return storage_error(exc, self.path)  # type: ignore[arg-type]


def open_store(path: Path | str, owner: str | None = None) -> Store:
    """Open (or create) the coachlog database at `path`; see database.open_database.

    `owner` names the coach of a file created or upgraded now; a file keeps the owner it has.
    A PostgreSQL URL opens a team database instead (see pgconnection.open_postgres), where
    the owner is the role that logs in.
    """
    if is_url(path):
        from coachlog.storage.postgres import check_url, display_url, open_postgres

        pg, dialect, role = open_postgres(check_url(str(path)))
        return Store(pg, display_url(path), False, owner=role, dialect=dialect)  # type: ignore[arg-type]
    connection, read_only = open_database(Path(path).expanduser(), owner)
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = 'owner'").fetchone()
    except sqlite3.Error as exc:
        connection.close()
        raise storage_error(exc, path) from None
    if row is None:
        connection.close()
        raise StorageError(f"{path} names no owner (an unfinished setup?): restore it from your newest backup")
    return Store(connection, Path(path).expanduser(), read_only, owner=str(row[0]))


_ENTRY_TEACHERS = "entry_teacher et JOIN teacher t ON t.id = et.teacher_id WHERE et.entry_id = e.id"


def _entry_columns(d: Any) -> str:
    return f"""
    e.id, e.uid, e.kind, e.start_utc, e.minutes, e.local_date, e.time_known, e.stance, e.duty_kind,
    e.activity, e.note, e.helpful, e.story, e.shareable, e.source,
    {d.joined("t.name", "et.position", _ENTRY_TEACHERS)} AS teachers,
    {d.joined("tag", "tag" + d.collate, "entry_tag WHERE entry_id = e.id")} AS tags
"""


def _entry(row: Any) -> Entry:
    return Entry(
        id=row["id"],
        uid=row["uid"],
        kind=row["kind"],
        start=from_utc_text(row["start_utc"]),
        minutes=row["minutes"],
        local_date=date.fromisoformat(row["local_date"]),
        time_known=bool(row["time_known"]),
        teachers=tuple(row["teachers"].split(_SEP)) if row["teachers"] else (),
        stance=Stance(row["stance"]) if row["stance"] else None,
        duty_kind=row["duty_kind"],
        activity=row["activity"],
        note=row["note"],
        tags=tuple(row["tags"].split(_SEP)) if row["tags"] else (),
        helpful=row["helpful"],
        story=row["story"],
        shareable=bool(row["shareable"]),
        source=row["source"],
    )


@dataclass
class _TeacherIndex:
    """Teachers in memory for one transaction: names to match, ids to link.

    An exact key is looked up by the unique index alone; the whole table is read only
    when a name needs the looser matching (a bare surname, a new teacher's hint), so
    `add` stays flat however many teachers a database holds.
    """

    d: Any  # the store's dialect
    names: TeacherNames = field(default_factory=TeacherNames)
    ids: dict[str, int] = field(default_factory=dict)
    complete: bool = False
    exact: bool = False  # see find()

    def load_all(self, db: Any) -> _TeacherIndex:
        for row in db.execute("SELECT id, name, name_key FROM teacher"):
            if row["name_key"] not in self.ids:
                self._remember(row["name_key"], row["name"], row["id"])
        self.complete = True
        return self

    def _remember(self, key: str, name: str, teacher_id: int) -> None:
        self.names.add(key, name)
        self.ids[key] = teacher_id

    def find(self, db: Any, typed: str) -> str | None:
        """The key of the known teacher `typed` means, or None.

        With `exact`, only the same name (case, punctuation and spaces aside) matches:
        for names already matched once, like a running timer's, which must not become
        ambiguous because a namesake was added meanwhile.
        """
        key = name_key(typed)
        if key not in self.ids and not self.complete:
            row = db.execute("SELECT id, name FROM teacher WHERE name_key = :key", {"key": key}).fetchone()
            if row is not None:
                self._remember(key, row["name"], row["id"])
            elif not self.exact:
                self.load_all(db)
        if self.exact:
            return key if key in self.ids else None
        return self.names.match(typed)

    def resolve(
        self, db: Any, typed: tuple[str, ...], now_text: str, owner: str, hints: bool = True
    ) -> tuple[list[int], list[tuple[str, str | None]], list[int]]:
        """Ids for the typed names, creating the teachers that are new; also (name, hint) and ids created.

        The hint (a known name the new one resembles) costs a pass over every name: imports ask
        for them once at the end instead (see _hints).
        """
        ids: list[int] = []
        created: list[tuple[str, str | None]] = []
        created_ids: list[int] = []
        for name in typed:
            key = self.find(db, name)
            if key is None:
                key = name_key(name)
                hint = self.names.closest(name) if hints else None
                teacher_id = self.d.insert_id(
                    db,
                    "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (:owner, :name, :key, :now)",
                    {"owner": owner, "name": name, "key": key, "now": now_text},
                )
                self._remember(key, name, teacher_id)
                created.append((name, hint))
                created_ids.append(self.ids[key])
            if self.ids[key] not in ids:
                ids.append(self.ids[key])
        return ids, created, created_ids


class Store:
    """A connection to one coachlog database; `owner` is the coach whose rows it writes."""

    def __init__(
        self, connection: Any, path: Path, read_only: bool = False, *, owner: str, dialect: Any = None
    ) -> None:
        self.connection = connection
        self.path = path  # a team database's URL (without its password) on PostgreSQL
        self._d = dialect or _SqliteDialect(path)
        self.read_only = read_only
        self.owner = owner

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Any]:
        """One IMMEDIATE transaction: all of it is written, or none of it."""
        connection, d = self.connection, self._d
        try:
            d.start_write(connection, self.owner)
        except d.errors as exc:
            self._rollback()
            raise d.storage_error(exc) from None
        try:
            yield connection
            connection.execute("COMMIT")
        except d.integrity_errors as exc:
            self._rollback()
            first = str(exc).strip().splitlines()[0]
            raise StorageError(f"refused by the database ({first}); nothing was changed") from None
        except d.errors as exc:
            self._rollback()
            raise d.storage_error(exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            if self.connection.in_transaction:
                self.connection.execute("ROLLBACK")
        except self._d.errors:
            pass  # the connection is gone: the server rolled back already

    def _read(self, sql: str, params: dict[str, object] | None = None) -> list[Any]:
        try:
            return self.connection.execute(sql, params or {}).fetchall()
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None

    # ---- teachers -------------------------------------------------------------------------

    def teacher_id(self, name: str) -> int:
        """The id of the teacher `name` means (see domain.TeacherNames)."""
        index = _TeacherIndex(self._d)
        try:
            matched = index.find(self.connection, name)
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None
        if matched is None:
            raise NotFoundError(f"no teacher named '{name}': see `coachlog teacher list`")
        return index.ids[matched]

    def teacher_stats(self) -> list[TeacherStats]:
        rows = self._read(
            f"""
            SELECT t.id, t.name, COUNT(e.id) AS sessions, COALESCE(SUM(e.minutes), 0) AS minutes,
                   MAX(e.local_date) AS last_seen
            FROM teacher t
            LEFT JOIN entry_teacher et ON et.teacher_id = t.id
            LEFT JOIN entry e ON e.id = et.entry_id
            GROUP BY t.id ORDER BY t.name_key{self._d.collate}
            """
        )
        return [
            TeacherStats(
                id=row["id"],
                name=row["name"],
                sessions=row["sessions"],
                minutes=row["minutes"],
                last_seen=date.fromisoformat(row["last_seen"]) if row["last_seen"] else None,
            )
            for row in rows
        ]

    def rename_teacher(self, old: str, new: str) -> tuple[str, str]:
        with self._write() as db:
            teacher_id = self.teacher_id(old)
            before = _teacher_snapshot(db, teacher_id)
            assert before is not None
            new_key = name_key(new)
            clash = db.execute(
                "SELECT name FROM teacher WHERE name_key = :key AND id != :id", {"key": new_key, "id": teacher_id}
            ).fetchone()
            if clash:
                raise UsageError(
                    f"'{clash['name']}' already exists: to combine the two, run"
                    f" coachlog teacher merge '{before['name']}' '{clash['name']}'"
                )
            db.execute(
                "UPDATE teacher SET name = :name, name_key = :key WHERE id = :id",
                {"name": new, "key": new_key, "id": teacher_id},
            )
            timer_before = _rename_in_timer(db, self.owner, str(before["name"]), new)
            _push_undo(
                db, self.owner, f"rename of '{before['name']}' to '{new}'", {}, {teacher_id: before}, timer_before
            )
            return str(before["name"]), new

    def merge_teachers(self, source: str, target: str) -> tuple[str, str, int, int]:
        """Move every session of `source` to `target` and remove `source`.

        Returns both names, how many sessions changed teacher, and how many already had both.
        """
        with self._write() as db:
            source_id, target_id = self.teacher_id(source), self.teacher_id(target)
            if source_id == target_id:
                raise UsageError(f"'{source}' and '{target}' are the same teacher: nothing to merge")
            source_before = _teacher_snapshot(db, source_id)
            target_name = db.execute("SELECT name FROM teacher WHERE id = :id", {"id": target_id}).fetchone()[0]
            entry_ids = [
                row[0]
                for row in db.execute("SELECT entry_id FROM entry_teacher WHERE teacher_id = :id", {"id": source_id})
            ]
            entries_before = {entry_id: _entry_snapshot(db, entry_id) for entry_id in entry_ids}
            moved = db.execute(
                """
                UPDATE entry_teacher SET teacher_id = :target
                WHERE teacher_id = :source AND entry_id NOT IN
                    (SELECT entry_id FROM entry_teacher WHERE teacher_id = :target)
                """,
                {"source": source_id, "target": target_id},
            ).rowcount
            db.execute("DELETE FROM entry_teacher WHERE teacher_id = :source", {"source": source_id})
            db.execute("DELETE FROM teacher WHERE id = :id", {"id": source_id})
            assert source_before is not None
            timer_before = _rename_in_timer(db, self.owner, str(source_before["name"]), str(target_name))
            _push_undo(
                db,
                self.owner,
                f"merge of '{source_before['name']}' into '{target_name}'",
                entries_before,
                {source_id: source_before},
                timer_before,
            )
            return str(source_before["name"]), str(target_name), moved, len(entry_ids) - moved

    # ---- entries --------------------------------------------------------------------------

    def _insert(
        self,
        db: Any,
        teachers: _TeacherIndex,
        new: NewEntry,
        now_text: str,
        entry_id: int | None = None,
        hints: bool = True,
    ) -> tuple[int, list, list[int]]:
        """Insert one entry (with `entry_id`, or the next free id when None) and link its teachers and tags."""
        teacher_ids, created, created_ids = teachers.resolve(db, new.teachers, now_text, self.owner, hints)
        chosen = ("id, ", ":id, ") if entry_id is not None else ("", "")  # PostgreSQL takes no NULL id for "next"
        new_id = self._d.insert_id(
            db,
            f"""
            INSERT INTO entry ({chosen[0]}uid, owner, kind, start_utc, minutes, local_date, time_known, stance,
                               duty_kind, activity, note, helpful, story, shareable, source, created_at, updated_at)
            VALUES ({chosen[1]}:uid, :owner, :kind, :start, :minutes, :local_date, :time_known, :stance, :duty_kind,
                    :activity, :note, :helpful, :story, :shareable, :source, :now, :now)
            """,
            {
                "id": entry_id,
                "uid": new.uid or str(uuid.uuid4()),
                "owner": self.owner,
                **_entry_params(new),
                "now": now_text,
            },
        )
        if entry_id is not None:
            self._d.kept_id(db, "entry", entry_id)
        entry_id = new_id
        _link(db, entry_id, teacher_ids, new.tags)
        return entry_id, created, created_ids

    def import_entries(
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
            with self._write() as db:
                self._import(db, items, now_text, label, result, on_invalid)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return result

    def _import(
        self,
        db: Any,
        items: Iterable[NewEntry | Incoming],
        now_text: str,
        label: str,
        result: ImportResult,
        on_invalid: Callable[[str, str], None] | None,
    ) -> None:
        teachers = _TeacherIndex(self._d).load_all(db)
        known_before = set(teachers.names.names)
        # Every id up to here was used once; ids above it were never given to any entry.
        used_up_to = self._d.used_entry_ids(db)
        may_keep = self._d.may_keep_ids(db)  # not a coach on a team database: the sequence picks ids there
        matched: set[int] = set()
        added_ids: dict[int, None] = {}  # in order, for the undo step
        created_ids: list[int] = []
        for item in items:
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
                keep = may_keep and wanted is not None and wanted > used_up_to and wanted not in added_ids
                entry_id, created, created_now = self._insert(
                    db, teachers, new, now_text, wanted if keep else None, hints=False
                )
            except UsageError as exc:
                where = f"{incoming.where}: " if incoming.where else ""
                if on_invalid is None:
                    raise UsageError(f"{where}{exc}; nothing was imported") from None
                db.execute("ROLLBACK TO item")
                teachers = _TeacherIndex(self._d).load_all(db)  # forget the teachers the row made
                on_invalid(incoming.where, str(exc))
                continue
            finally:
                if on_invalid is not None:
                    db.execute("RELEASE item")
            added_ids[entry_id] = None
            created_ids += created_now
            result.count(new, created)
        result.new_teachers = _hints(result.new_teachers, teachers.names.names, known_before)
        if added_ids:
            noun = "entry" if len(added_ids) == 1 else "entries"
            _push_undo(
                db,
                self.owner,
                f"import of {len(added_ids)} {noun} {label}".rstrip(),
                added_ids,  # type: ignore[arg-type]
                dict.fromkeys(created_ids),
            )

    def _already_there(
        self,
        db: Any,
        teachers: _TeacherIndex,
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
        d = self._d
        teacher_ids = d.joined("teacher_id", "position", "entry_teacher WHERE entry_id = e.id", "','")
        rows = db.execute(
            f"""
            SELECT e.id, {teacher_ids} AS teacher_ids
            FROM entry e
            WHERE e.start_utc >= :start AND e.start_utc < :next_minute
              AND {d.plus}e.local_date = :local_date AND e.minutes = :minutes
              AND e.kind = :kind AND e.time_known = :time_known AND e.stance {d.is_} :stance
              AND e.duty_kind {d.is_} :duty_kind AND e.activity {d.is_} :activity AND e.note {d.is_} :note
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

    def add(self, new: NewEntry, now: datetime, description: str) -> Added:
        """Log one entry; `description` ("add of session") names it in undo's message."""
        with self._write() as db:
            entry_id, created, created_ids = self._insert(db, _TeacherIndex(self._d), new, utc_text(now))
            _push_undo(db, self.owner, f"{description} #{entry_id}", {entry_id: None}, dict.fromkeys(created_ids))
            entry = self._get(db, entry_id)
            overlaps = self._overlaps(db, entry)
        return Added(entry, tuple(created), overlaps)

    def add_many(self, entries: list[NewEntry], now: datetime, terms: tuple[Term, ...] = ()) -> int:
        """Insert many entries (and terms) in one transaction (demo, imports); not undoable one by one."""
        now_text = utc_text(now)
        with self._write() as db:
            for term in terms:
                self._insert_term(db, term)
            teachers = _TeacherIndex(self._d).load_all(db)
            for new in entries:
                self._insert(db, teachers, new, now_text, hints=False)  # nobody sees hints here
        return len(entries)

    def _get(self, db: Any, entry_id: int) -> Entry:
        columns = _entry_columns(self._d)
        row = db.execute(f"SELECT {columns} FROM entry e WHERE e.id = :id", {"id": entry_id}).fetchone()
        if row is None:
            raise NotFoundError(f"no entry with id {entry_id}: see `coachlog log --all` for ids")
        return _entry(row)

    def get(self, entry_id: int) -> Entry:
        try:
            return self._get(self.connection, entry_id)
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None

    def _overlaps(self, db: Any, entry: Entry) -> tuple[int, ...]:
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
        now_text = utc_text(now)
        with self._write() as db:
            before = self._get(db, entry_id)
            snapshot = _entry_snapshot(db, entry_id)
            changes.check_against(before)
            fields: dict[str, object] = {}
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
            fields["updated_at"] = now_text
            assignments = ", ".join(f"{column} = :{column}" for column in fields)
            db.execute(f"UPDATE entry SET {assignments} WHERE id = :id", {**fields, "id": entry_id})
            created: list = []
            created_ids: list[int] = []
            if changes.teachers is not None:
                names = changes.teachers_after(before)
                teacher_ids, created, created_ids = _TeacherIndex(self._d).resolve(db, names, now_text, self.owner)
                db.execute("DELETE FROM entry_teacher WHERE entry_id = :id", {"id": entry_id})
                _link(db, entry_id, teacher_ids, ())
            if changes.tags is not None:
                db.execute("DELETE FROM entry_tag WHERE entry_id = :id", {"id": entry_id})
                _link(db, entry_id, [], changes.tags)
            _push_undo(db, self.owner, f"edit of #{entry_id}", {entry_id: snapshot}, dict.fromkeys(created_ids))
            after = self._get(db, entry_id)
            overlaps = self._overlaps(db, after)
        return before, Added(after, tuple(created), overlaps)

    def delete(self, entry_id: int) -> Entry:
        with self._write() as db:
            entry = self._get(db, entry_id)
            snapshot = _entry_snapshot(db, entry_id)
            db.execute("DELETE FROM entry WHERE id = :id", {"id": entry_id})
            _push_undo(db, self.owner, f"delete of #{entry_id}", {entry_id: snapshot}, {})
        return entry

    def undo(self) -> str | None:
        """Revert the newest undoable change; its description, or None when there is nothing to undo."""
        with self._write() as db:
            step = db.execute(
                "SELECT id, description, before FROM undo_step WHERE owner = :owner ORDER BY id DESC LIMIT 1",
                {"owner": self.owner},
            ).fetchone()
            if step is None:
                return None
            before = json.loads(step["before"])
            teachers = {int(k): v for k, v in before["teachers"].items()}
            for teacher_id, snapshot in teachers.items():
                if snapshot is not None:
                    _restore_teacher(db, self._d, teacher_id, {**snapshot, "owner": self.owner})
            for entry_id, snapshot in before["entries"].items():
                _restore_entry(db, self._d, int(entry_id), snapshot, self.owner)
            for teacher_id, snapshot in teachers.items():
                if snapshot is None:
                    db.execute(
                        "DELETE FROM teacher WHERE id = :id AND id NOT IN (SELECT teacher_id FROM entry_teacher)",
                        {"id": teacher_id},
                    )
            if "timer" in before:  # steps written before the timer existed have no such key: leave it alone
                _restore_timer(db, before["timer"], self.owner)
            db.execute("DELETE FROM undo_step WHERE id = :id", {"id": step["id"]})
            return str(step["description"])

    def count(self, period: Period | None = None, filters: Filters = Filters()) -> int:
        """How many entries `entries(period, filters)` would give."""
        where, params = _where(period, filters)
        if filters.teacher is not None:
            params["teacher_id"] = self.teacher_id(filters.teacher)
        return int(self._read(f"SELECT COUNT(*) FROM entry e WHERE {where}", params)[0][0])

    def entries(self, period: Period | None, filters: Filters = Filters()) -> Iterator[Entry]:
        """Entries in time order, oldest first, streamed from the cursor.

        The query starts (and a wrong filter fails) here, before the caller writes a byte.
        """
        where, params = _where(period, filters)
        if filters.teacher is not None:
            params["teacher_id"] = self.teacher_id(filters.teacher)
        columns = _entry_columns(self._d)
        sql = f"SELECT {columns} FROM entry e WHERE {where} ORDER BY e.local_date, e.start_utc, e.id"
        try:
            cursor = self.connection.execute(sql, params)
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None
        return self._stream(cursor)

    def _stream(self, cursor: Any) -> Iterator[Entry]:
        try:
            for row in cursor:
                yield _entry(row)
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None

    # ---- the timer ------------------------------------------------------------------------

    def timer(self) -> Timer | None:
        """The running timer, or None."""
        rows = self._read(_TIMER_SELECT, {"owner": self.owner})
        return _timer(rows[0]) if rows else None

    def match_teachers(self, typed: tuple[str, ...]) -> tuple[TeacherMatch, ...]:
        """Each typed name as the known teacher it means, or as someone new (with a close known name).

        Reads only. A name that could be two teachers is refused here (UsageError), as `add` does.
        """
        index = _TeacherIndex(self._d)
        matches = []
        try:
            for name in typed:
                key = index.find(self.connection, name)
                if key is None:
                    matches.append(TeacherMatch(name, new=True, hint=index.names.closest(name)))
                else:
                    matches.append(TeacherMatch(index.names.names[key], new=False))
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None
        return tuple(matches)

    def start_timer(
        self, new: Timer, now: datetime, running: Timer | None = None, saving: NewEntry | None = None
    ) -> Added | None:
        """Start `new`; `running` is the timer the caller saw (None: none), which is saved as `saving`
        (or discarded when `saving` is None) in the same transaction. What was saved, if anything."""
        now_text = utc_text(now)
        with self._write() as db:
            before = self._check_timer(db, running)
            added = None
            entries: dict[int, dict | None] = {}
            created_ids: list[int] = []
            if before is not None:
                db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": self.owner})
                if saving is not None:
                    index = _TeacherIndex(self._d, exact=True)
                    entry_id, created, created_ids = self._insert(db, index, saving, now_text)
                    entries[entry_id] = None
                    entry = self._get(db, entry_id)
                    added = Added(entry, tuple(created), self._overlaps(db, entry))
            db.execute(
                """
                INSERT INTO timer (owner, start_utc, stance, teachers, activity, note, tags, created_at)
                VALUES (:owner, :start, :stance, :teachers, :activity, :note, :tags, :now)
                """,
                {
                    "owner": self.owner,
                    "start": utc_text(new.start),
                    "stance": new.stance.value,
                    "teachers": json.dumps(list(new.teachers), ensure_ascii=False),
                    "activity": new.activity,
                    "note": new.note,
                    "tags": json.dumps(list(new.tags), ensure_ascii=False),
                    "now": now_text,
                },
            )
            if running is None:
                description = f"start of the timer for {new.label()}"
            else:
                saved = f", saved as #{added.entry.id}," if added else " (under a minute, not saved)"
                description = f"switch from the timer for {running.label()}{saved} to {new.label()}"
            _push_undo(db, self.owner, description, entries, dict.fromkeys(created_ids), timer=before)
        return added

    def stop_timer(self, running: Timer, new: NewEntry, now: datetime) -> Added:
        """Save the running timer (the one the caller saw) as the entry `new`, and clear it: one transaction."""
        with self._write() as db:
            before = self._check_timer(db, running)
            db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": self.owner})
            entry_id, created, created_ids = self._insert(db, _TeacherIndex(self._d, exact=True), new, utc_text(now))
            _push_undo(
                db,
                self.owner,
                f"stop of the timer for {running.label()} that saved #{entry_id}",
                {entry_id: None},
                dict.fromkeys(created_ids),
                timer=before,
            )
            entry = self._get(db, entry_id)
            overlaps = self._overlaps(db, entry)
        return Added(entry, tuple(created), overlaps)

    def cancel_timer(self, running: Timer) -> None:
        """Discard the running timer (the one the caller saw) without saving it."""
        with self._write() as db:
            before = self._check_timer(db, running)
            db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": self.owner})
            _push_undo(db, self.owner, f"cancel of the timer for {running.label()}", {}, {}, timer=before)

    def _check_timer(self, db: Any, expected: Timer | None) -> dict | None:
        """The timer row as it is (for undo), after checking it is still the one the caller decided on."""
        row = db.execute(_TIMER_SELECT, {"owner": self.owner}).fetchone()
        if (None if row is None else _timer(row)) != expected:
            raise CoachlogError(
                "the timer changed while this command ran (another coachlog?); nothing was changed:"
                " see `coachlog status`"
            )
        return None if row is None else dict(row)

    # ---- aggregates (reports) -------------------------------------------------------------

    def by_day(self, period: Period) -> list[AggregateRow]:
        """Minutes and counts per local date, kind, stance and duty kind: the base of every report."""
        rows = self._read(
            """
            SELECT e.local_date AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE e.local_date BETWEEN :start AND :end
            GROUP BY e.local_date, kind, stance, duty_kind ORDER BY e.local_date
            """,
            _period_params(period),
        )
        return [_aggregate(row) for row in rows]

    def by_teacher(self, period: Period) -> list[AggregateRow]:
        """Session minutes per teacher and stance: a team session counts for each of its teachers."""
        rows = self._read(
            f"""
            SELECT t.name AS grp, e.kind, e.stance, e.duty_kind, SUM(e.minutes) AS minutes, COUNT(*) AS n
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id JOIN teacher t ON t.id = et.teacher_id
            WHERE e.local_date BETWEEN :start AND :end
            GROUP BY t.id, e.kind, e.stance, e.duty_kind ORDER BY t.name_key{self._d.collate}
            """,
            _period_params(period),
        )
        return [_aggregate(row) for row in rows]

    def by_activity(self, period: Period) -> list[AggregateRow]:
        rows = self._read(
            f"""
            SELECT COALESCE(e.activity, '') AS grp, kind, stance, duty_kind, SUM(minutes) AS minutes, COUNT(*) AS n
            FROM entry e WHERE e.local_date BETWEEN :start AND :end AND kind = 'session'
            GROUP BY e.activity, kind, stance, duty_kind ORDER BY COALESCE(e.activity, ''){self._d.collate}
            """,
            _period_params(period),
        )
        return [_aggregate(row) for row in rows]

    def teachers_reached(self, period: Period) -> int:
        rows = self._read(
            """
            SELECT COUNT(DISTINCT et.teacher_id) FROM entry_teacher et JOIN entry e ON e.id = et.entry_id
            WHERE e.local_date BETWEEN :start AND :end
            """,
            _period_params(period),
        )
        return int(rows[0][0])

    def stored_sources(self, sources: list[str]) -> set[str]:
        """Which of `sources` (calendar events' ids) some entry already came from."""
        found: set[str] = set()
        for marks, params in _in_lists(sources):
            found.update(row[0] for row in self._read(f"SELECT source FROM entry WHERE source IN ({marks})", params))
        return found

    def teacher_cells(self, period: Period) -> list[TeacherCell]:
        """Each teacher's (day, stance, activity) combinations in `period`, once each: who every figure describes."""
        rows = self._read(
            """
            SELECT DISTINCT e.local_date, e.stance, COALESCE(e.activity, '') AS activity, et.teacher_id
            FROM entry e JOIN entry_teacher et ON et.entry_id = e.id
            WHERE e.local_date BETWEEN :start AND :end AND e.kind = 'session'
            """,
            _period_params(period),
        )
        return [TeacherCell(date.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]

    def shared_voices(self, period: Period) -> list[Voice]:
        """Answers and stories the teachers agreed to share, oldest first. Notes are never read here."""
        rows = self._read(
            f"""
            SELECT e.local_date, e.helpful, e.story,
                   {self._d.joined("t.name", "et.position", _ENTRY_TEACHERS)} AS teachers
            FROM entry e
            WHERE e.local_date BETWEEN :start AND :end AND e.shareable
              AND (e.helpful IS NOT NULL OR e.story IS NOT NULL)
            ORDER BY e.local_date, e.start_utc, e.id
            """,
            _period_params(period),
        )
        return [Voice(date.fromisoformat(r[0]), r[1], r[2], tuple(r[3].split(_SEP)) if r[3] else ()) for r in rows]

    def teacher_names(self, period: Period) -> list[str]:
        rows = self._read(
            f"""
            SELECT DISTINCT t.name, t.name_key{self._d.collate} AS sort_key FROM teacher t
            JOIN entry_teacher et ON et.teacher_id = t.id
            JOIN entry e ON e.id = et.entry_id WHERE e.local_date BETWEEN :start AND :end ORDER BY sort_key
            """,
            _period_params(period),
        )
        return [r[0] for r in rows]

    def date_span(self) -> tuple[date, date] | None:
        row = self._read("SELECT MIN(local_date), MAX(local_date) FROM entry")[0]
        return (date.fromisoformat(row[0]), date.fromisoformat(row[1])) if row[0] else None

    # ---- terms ----------------------------------------------------------------------------

    def terms(self) -> list[Term]:
        rows = self._read("SELECT name, start_date, end_date FROM term ORDER BY start_date")
        return [Term(r["name"], date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"])) for r in rows]

    def add_term(self, term: Term) -> None:
        with self._write() as db:
            self._insert_term(db, term)

    def _insert_term(self, db: Any, term: Term) -> None:
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
                "owner": self.owner,
                "name": term.name,
                "key": key,
                "start": term.start.isoformat(),
                "end": term.end.isoformat(),
            },
        )

    def remove_term(self, name: str) -> Term:
        with self._write() as db:
            row = db.execute(
                "SELECT name, start_date, end_date FROM term WHERE name_key = :key", {"key": name_key(name)}
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no term named '{name}': see `coachlog term list`")
            db.execute("DELETE FROM term WHERE name_key = :key", {"key": name_key(name)})
            return Term(row["name"], date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"]))

    # ---- push: this database's side of `coachlog push` --------------------------------------

    def database_id(self) -> str:
        """This database's id: how a personal file remembers a team database (see the dialects' database_id)."""
        rows = self._read("SELECT value FROM setting WHERE key = 'database_id'")
        if not rows:
            raise StorageError(f"database {self.path} has no id (an unfinished setup?)")
        try:
            return self._d.database_id(self.connection, str(rows[0][0]))
        except self._d.errors as exc:
            raise self._d.storage_error(exc) from None

    def pushed_digests(self, remote: str) -> dict[str, str]:
        """Per entry uid, the digest last agreed with the team database `remote` (its database_id)."""
        rows = self._read("SELECT uid, digest FROM pushed WHERE remote = :remote", {"remote": remote})
        return {row[0]: row[1] for row in rows}

    def tombstones(self) -> list[str]:
        """The uids of entries deleted here after a team database had them."""
        return [row[0] for row in self._read("SELECT uid FROM entry_tombstone ORDER BY deleted_at, uid")]

    def entries_by_uid(self, uids: list[str]) -> dict[str, Entry]:
        """The entries with these uids (those this coach may see), by uid."""
        return {entry.uid: entry for entry in self._entries_where("uid", uids) if entry.uid}

    def entries_by_source(self, sources: list[str]) -> dict[str, Entry]:
        """This coach's entries that came from these calendar events, by source."""
        return {entry.source: entry for entry in self._entries_where("source", sources) if entry.source}

    def _entries_where(self, column: str, values: list[str]) -> Iterator[Entry]:
        for marks, params in _in_lists(values):
            rows = self._read(
                f"SELECT {_entry_columns(self._d)} FROM entry e WHERE e.owner = :owner AND e.{column} IN ({marks})",
                {"owner": self.owner, **params},
            )
            yield from (_entry(row) for row in rows)

    def receive(self, new: Iterable[NewEntry], changed: list[NewEntry], deleted: list[str], now: datetime) -> None:
        """Take a push, in one transaction: insert `new` (keeping their uids), overwrite `changed` (found by
        uid) and delete the entries with the uids in `deleted`. Not an undo step: the coach's laptop has those.

        Teachers are spelled as the coach's own database spells them (a rename there renames them here),
        and teachers no entry names any more (renamed or merged away) are removed."""
        now_text = utc_text(now)
        with self._write() as db:
            teachers = _TeacherIndex(self._d, exact=True)  # names come as the coach's own database stored them
            for entry in new:
                self._respell(db, teachers, entry.teachers)
                self._insert(db, teachers, entry, now_text, hints=False)
            for entry in changed:
                row = db.execute("SELECT id FROM entry WHERE uid = :uid", {"uid": entry.uid}).fetchone()
                if row is None:
                    raise CoachlogError(f"entry {entry.uid} left the team database during the push; nothing was sent")
                self._respell(db, teachers, entry.teachers)
                self._overwrite(db, teachers, int(row[0]), entry, now_text)
            for marks, params in _in_lists(deleted):
                db.execute(f"DELETE FROM entry WHERE uid IN ({marks})", params)
            db.execute(
                "DELETE FROM teacher WHERE owner = :owner AND id NOT IN (SELECT teacher_id FROM entry_teacher)",
                {"owner": self.owner},
            )

    def _respell(self, db: sqlite3.Connection, teachers: _TeacherIndex, names: tuple[str, ...]) -> None:
        """Give the known teachers `names` means the spelling they have there (same name key, other case)."""
        for name in names:
            key = teachers.find(db, name)
            if key is not None and teachers.names.names[key] != name:
                db.execute("UPDATE teacher SET name = :name WHERE id = :id", {"name": name, "id": teachers.ids[key]})
                teachers.names.names[key] = name

    def _overwrite(
        self, db: sqlite3.Connection, teachers: _TeacherIndex, entry_id: int, new: NewEntry, now: str
    ) -> None:
        """Make entry `entry_id` say what `new` says, teachers and tags included."""
        teacher_ids, _, _ = teachers.resolve(db, new.teachers, now, self.owner, hints=False)
        db.execute(
            """
            UPDATE entry SET kind = :kind, start_utc = :start, minutes = :minutes, local_date = :local_date,
                time_known = :time_known, stance = :stance, duty_kind = :duty_kind, activity = :activity,
                note = :note, helpful = :helpful, story = :story, shareable = :shareable, source = :source,
                updated_at = :now
            WHERE id = :id
            """,
            {"id": entry_id, **_entry_params(new), "now": now},
        )
        db.execute("DELETE FROM entry_teacher WHERE entry_id = :id", {"id": entry_id})
        db.execute("DELETE FROM entry_tag WHERE entry_id = :id", {"id": entry_id})
        _link(db, entry_id, teacher_ids, new.tags)

    def record_push(
        self, remote: str, agreed: dict[str, str], forgotten: list[str], adopted: dict[str, str] | None = None
    ) -> None:
        """After a push to `remote`: give entries the uids the team database knows them by (`adopted`: old
        uid -> new), remember the digests now agreed on, and forget the uids in `forgotten` (deleted on both
        sides); tombstones of those deletions go too."""
        with self._write() as db:
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


@dataclass(frozen=True)
class EntryChanges:
    """What `edit` changes; None leaves a field as it is ("" clears a note or an activity)."""

    teacher: str | None = None
    others: tuple[str, ...] | None = None
    stance: Stance | None = None
    minutes: int | None = None
    when: When | None = None
    note: str | None = None
    activity: str | None = None
    tags: tuple[str, ...] | None = None
    helpful: str | None = None
    story: str | None = None
    shareable: bool | None = None

    @property
    def teachers(self) -> bool | None:
        return True if self.teacher is not None or self.others is not None else None

    def teachers_after(self, before: Entry) -> tuple[str, ...]:
        first = self.teacher if self.teacher is not None else before.teachers[0]
        others = self.others if self.others is not None else before.teachers[1:]
        return (first, *others)

    def check_against(self, before: Entry) -> None:
        if before.kind == "duty" and (self.teachers or self.stance is not None):
            raise UsageError(f"#{before.id} is a duty: it has no teachers or stance to change")
        if before.kind == "duty" and (self.helpful or self.story or self.shareable):
            raise UsageError(f"#{before.id} is a duty: answers and stories belong to sessions with teachers")

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)


def _in_lists(values: list[str], size: int = 500) -> Iterator[tuple[str, dict[str, object]]]:
    """`values` as SQL IN lists of at most `size` (SQLite caps the number of parameters): marks and parameters."""
    for start in range(0, len(values), size):
        chunk = values[start : start + size]
        yield ", ".join(f":v{i}" for i in range(len(chunk))), {f"v{i}": v for i, v in enumerate(chunk)}


def _entry_params(new: NewEntry) -> dict[str, object]:
    """An entry's columns as query parameters (:kind, :start, ... :source)."""
    return {
        "kind": new.kind,
        "start": utc_text(new.start),
        "minutes": new.minutes,
        "local_date": new.local_date.isoformat(),
        "time_known": new.time_known,
        "stance": new.stance.value if new.stance else None,
        "duty_kind": new.duty_kind,
        "activity": new.activity,
        "note": new.note,
        "helpful": new.helpful,
        "story": new.story,
        "shareable": new.shareable,
        "source": new.source,
    }


def _period_params(period: Period) -> dict[str, object]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _where(period: Period | None, filters: Filters) -> tuple[str, dict[str, object]]:
    clauses = ["1 = 1"]
    params: dict[str, object] = {}
    if period is not None:
        clauses.append("e.local_date BETWEEN :start AND :end")
        params.update(_period_params(period))
    if filters.teacher is not None:
        clauses.append("e.id IN (SELECT entry_id FROM entry_teacher WHERE teacher_id = :teacher_id)")
    if filters.stance is not None:
        clauses.append("e.stance = :stance")
        params["stance"] = filters.stance.value
    if filters.activity is not None:
        clauses.append("(e.activity = :activity OR e.duty_kind = :activity)")
        params["activity"] = filters.activity
    if filters.duties_only:
        clauses.append("e.kind = 'duty'")
    return " AND ".join(clauses), params


def _aggregate(row: Any) -> AggregateRow:
    return AggregateRow(
        group=row["grp"],
        kind=row["kind"],
        stance=row["stance"],
        duty_kind=row["duty_kind"],
        minutes=int(row["minutes"]),
        count=int(row["n"]),
    )


def _link(db: Any, entry_id: int, teacher_ids: list[int], tags: tuple[str, ...]) -> None:
    if teacher_ids:
        db.executemany(
            "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (:entry, :teacher, :position)",
            [{"entry": entry_id, "teacher": t, "position": i} for i, t in enumerate(teacher_ids)],
        )
    if tags:
        db.executemany(
            "INSERT INTO entry_tag (entry_id, tag) VALUES (:entry, :tag) ON CONFLICT DO NOTHING",
            [{"entry": entry_id, "tag": tag} for tag in tags],
        )


HINTS_UP_TO = 50  # new teachers in one import; past that, finding look-alikes costs more than it helps


def _hints(
    created: list[tuple[str, str | None]], names: dict[str, str], known_before: set[str]
) -> list[tuple[str, str | None]]:
    """Each new teacher with the name it looks like among those known before it was created
    (as `add` hints), when an import creates few enough teachers to check."""
    if len(created) > HINTS_UP_TO:
        return created
    known = {key: names[key] for key in known_before}
    hinted = []
    for name, _ in created:
        key = name_key(name)
        hinted.append((name, closest_name(key, known)))
        known[key] = name
    return hinted


# ---- undo: each step keeps the rows it touched as they were before ------------------------


def _entry_snapshot(db: Any, entry_id: int) -> dict | None:
    row = db.execute("SELECT * FROM entry WHERE id = :id", {"id": entry_id}).fetchone()
    if row is None:
        return None
    teachers = db.execute(
        "SELECT teacher_id FROM entry_teacher WHERE entry_id = :id ORDER BY position", {"id": entry_id}
    ).fetchall()
    tags = db.execute("SELECT tag FROM entry_tag WHERE entry_id = :id", {"id": entry_id}).fetchall()
    return {"row": dict(row), "teachers": [t[0] for t in teachers], "tags": [t[0] for t in tags]}


def _restore_entry(db: Any, d: Any, entry_id: int, snapshot: dict | None, owner: str) -> None:
    db.execute("DELETE FROM entry WHERE id = :id", {"id": entry_id})
    if snapshot is None:
        return
    row = {"owner": owner, **snapshot["row"]}
    row.setdefault("uid", str(uuid.uuid4()))  # a step written before entries had one
    columns = ", ".join(row)
    db.execute(f"INSERT INTO entry ({columns}) VALUES ({', '.join(':' + c for c in row)})", row)
    d.kept_id(db, "entry", entry_id)
    _link(db, entry_id, snapshot["teachers"], tuple(snapshot["tags"]))


def _teacher_snapshot(db: Any, teacher_id: int) -> dict | None:
    row = db.execute("SELECT * FROM teacher WHERE id = :id", {"id": teacher_id}).fetchone()
    return dict(row) if row else None


def _restore_teacher(db: Any, d: Any, teacher_id: int, snapshot: dict) -> None:
    db.execute(
        """
        INSERT INTO teacher (id, owner, name, name_key, created_at)
        VALUES (:id, :owner, :name, :name_key, :created_at)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key
        """,
        snapshot,
    )
    d.kept_id(db, "teacher", teacher_id)


_TIMER_SELECT = (
    "SELECT owner, start_utc, stance, teachers, activity, note, tags, created_at FROM timer WHERE owner = :owner"
)


def _timer(row: Any) -> Timer:
    return Timer(
        start=from_utc_text(row["start_utc"]),
        stance=Stance(row["stance"]),
        teachers=tuple(json.loads(row["teachers"])),
        activity=row["activity"],
        note=row["note"],
        tags=tuple(json.loads(row["tags"])),
        created_at=from_utc_text(row["created_at"]),
    )


def _restore_timer(db: Any, snapshot: dict | None, owner: str) -> None:
    """Put `owner`'s timer back as it was: `snapshot` is its row, or None for no timer."""
    db.execute("DELETE FROM timer WHERE owner = :owner", {"owner": owner})
    if snapshot is not None:
        snapshot = {
            **{k: v for k, v in snapshot.items() if k != "id"},
            "owner": owner,
        }  # steps from before 0.2 have an id
        columns = ", ".join(snapshot)
        db.execute(f"INSERT INTO timer ({columns}) VALUES ({', '.join(':' + c for c in snapshot)})", snapshot)


_UNTOUCHED = object()  # an undo step that leaves the timer as it is


def _rename_in_timer(db: Any, owner: str, old: str, new: str) -> object:
    """Follow a teacher's rename (or merge) in the running timer, which keeps names until it stops.

    Returns the timer row as it was, for undo, or _UNTOUCHED when the timer does not name them.
    """
    row = db.execute("SELECT * FROM timer WHERE owner = :owner", {"owner": owner}).fetchone()
    if row is None:
        return _UNTOUCHED
    names = json.loads(row["teachers"])
    renamed = [new if name_key(name) == name_key(old) else name for name in names]
    if renamed == names:
        return _UNTOUCHED
    db.execute(
        "UPDATE timer SET teachers = :teachers WHERE owner = :owner",
        {"owner": owner, "teachers": json.dumps(list(dict.fromkeys(renamed)), ensure_ascii=False)},
    )
    return dict(row)


def _push_undo(
    db: Any,
    owner: str,
    description: str,
    entries: dict[int, dict | None],
    teachers: dict[int, dict | None],
    timer: object = _UNTOUCHED,
) -> None:
    """Record how to revert a change: the rows before it; `timer` is the timer row before it (None: none)."""
    before: dict[str, object] = {"entries": entries, "teachers": teachers}
    if timer is not _UNTOUCHED:
        before["timer"] = timer
    db.execute(
        """
        INSERT INTO undo_step (owner, description, created_at, before) VALUES (:owner, :description, :now, :before)
        """,
        {
            "owner": owner,
            "description": description,
            "now": utc_text(datetime.now(UTC)),
            "before": json.dumps(before),
        },
    )
    db.execute(
        """
        DELETE FROM undo_step WHERE owner = :owner AND id NOT IN
            (SELECT id FROM undo_step WHERE owner = :owner ORDER BY id DESC LIMIT :depth)
        """,
        {"owner": owner, "depth": UNDO_DEPTH},
    )
