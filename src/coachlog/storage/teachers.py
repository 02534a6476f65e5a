"""Teachers: matching typed names to the known ones, creating the new ones, renaming and merging."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachlog.domain.names import TITLES, TeacherNames, did_you_mean, name_key, split_title
from coachlog.domain.values import TeacherMatch, TeacherStats
from coachlog.errors import CoachlogError, NotFoundError, UsageError
from coachlog.storage.base import Connection, Dialect
from coachlog.storage.database import Database

if TYPE_CHECKING:
    from coachlog.storage.history import Snapshot

NEAR_PREFIX = 2  # letters a name less its title shares with the known names it is compared with (see near())
KEPT_NAMES = 4_096  # names a bounded index (an import's) keeps in memory; past that, trim() forgets them


class TeacherIndex:
    """Teachers in memory for one transaction: names to match, ids to link.

    An exact key is looked up by the unique index alone. A name that needs the looser
    matching (a bare surname, a new teacher's hint) reads only its neighbourhood: the
    teachers whose name without its title begins as this one's does (see `near`), a range
    of the unique index per title. So `add`, even of someone new, stays flat however many
    teachers a database holds. A bounded index (an import's, see `bound`) looks a name it has not seen up
    by its key, and a name it does not know by every key it could have with or without a title
    (see `same_bare`); `trim` forgets what it holds when that grows past KEPT_NAMES, so memory
    stays flat however many teachers a file names.
    (A plain class: a dataclass costs about half a millisecond to create at every start-up.)
    """

    def __init__(self, d: Dialect, *, exact: bool = False, owner: str | None = None) -> None:
        self.d = d  # the store's dialect
        self.names = TeacherNames()
        self.ids: dict[str, int] = {}
        self.complete = False
        self.exact = exact  # see find()
        self.owner = owner  # whose teachers: names are unique per coach, and the lookups use that index
        self.neighbourhoods: dict[str, TeacherNames] = {}  # by prefix of the bare name, see near()
        self.bounded = False  # see bound()
        self.odd: list[tuple[int, str, str]] = []  # (id, name, key) of teachers whose key is not their name's

    def bound(self, db: Connection) -> TeacherIndex:
        """Make this a bounded index (see the class): it reads every teacher once, keeping only those whose
        stored key is not their name's (a name set by hand or by an older coachlog), which `same_bare` cannot
        find by key; there are normally none."""
        self.bounded = True
        own = "" if self.owner is None else " WHERE owner = :owner"
        for row in db.execute(f"SELECT id, name, name_key FROM teacher{own}", {"owner": self.owner}):
            if name_key(row["name"]) != row["name_key"]:
                self.odd.append((row["id"], row["name"], row["name_key"]))
        return self

    def trim(self, always: bool = False) -> None:
        """Forget the teachers a bounded index holds, when they are more than KEPT_NAMES or `always` (between an
        import's items: the keys `find` gave for the item in hand must stay until it is stored)."""
        if self.bounded and (always or len(self.ids) > KEPT_NAMES):
            self.names = TeacherNames()
            self.ids = {}

    def load_all(self, db: Connection) -> TeacherIndex:
        for row in db.execute("SELECT id, name, name_key FROM teacher"):
            if row["name_key"] not in self.ids:
                self._remember(row["name_key"], row["name"], row["id"])
        self.complete = True
        return self

    def _remember(self, key: str, name: str, teacher_id: int) -> None:
        self.names.add(key, name)
        self.ids[key] = teacher_id
        if self.neighbourhoods:  # a teacher made in this transaction joins the neighbourhoods it is in
            bare = split_title(name)[1]
            for prefix, near in self.neighbourhoods.items():
                if bare.startswith(prefix) and key not in near.names:
                    near.add(key, name)

    def near(self, db: Connection, typed: str) -> TeacherNames:
        """The known teachers whose name less its title begins with the first NEAR_PREFIX letters of `typed`'s
        (also remembered in `names`).

        Every teacher `typed` could match loosely is among them (the same name less its title), and
        every name a hint can come from but one misspelt in those first letters: a bounded set to
        compare, where the whole table at a million entries holds some 20,000 names.
        """
        if self.complete:
            return self.names
        prefix = split_title(typed)[1][:NEAR_PREFIX]
        if prefix in self.neighbourhoods:
            return self.neighbourhoods[prefix]
        near = TeacherNames()
        column = self.d.sort_key("name_key")  # byte order on both databases, as the ranges need
        ranges = " UNION ALL ".join(  # one index range each: SQLite would scan the index for their OR
            f"SELECT id, name, name_key FROM teacher WHERE {column} >= :lo{i} AND {column} < :hi{i}{self._own}"
            for i in range(len(TITLES) + 1)
        )
        params: dict[str, object] = {"owner": self.owner}
        for i, title in enumerate(("", *sorted(TITLES))):
            params[f"lo{i}"], params[f"hi{i}"] = title + prefix, title + prefix + "\U0010ffff"
        for row in sorted(db.execute(ranges, params), key=lambda row: row["id"]):  # in the order they were made
            key, name = row["name_key"], row["name"]
            if split_title(name)[1].startswith(prefix) and key not in near.names:
                near.add(key, name)
                if key not in self.ids:
                    self._remember(key, name, row["id"])
        self.neighbourhoods[prefix] = near
        return near

    def same_bare(self, db: Connection, typed: str) -> TeacherNames:
        """The known teachers whose name less its title is `typed`'s, in the order they were made (also
        remembered): all `typed` can mean when no teacher has its very key.

        Such a name's key is that bare name, alone or after one of TITLES: a few look-ups in the unique
        index, where `near` reads a whole neighbourhood of names.
        """
        bare = split_title(typed)[1]
        keys = (bare, *(title + bare for title in sorted(TITLES)))
        params: dict[str, object] = {f"key{i}": key for i, key in enumerate(keys)}
        params["owner"] = self.owner
        marks = ", ".join(f":key{i}" for i in range(len(keys)))
        rows = db.execute(f"SELECT id, name, name_key FROM teacher WHERE name_key IN ({marks}){self._own}", params)
        found = TeacherNames()
        for teacher_id, name, key in sorted({*((r["id"], r["name"], r["name_key"]) for r in rows), *self.odd}):
            if split_title(name)[1] == bare and key not in found.names:
                found.add(key, name)
                if key not in self.ids:
                    self._remember(key, name, teacher_id)
        return found

    @property
    def _own(self) -> str:
        """The condition on `owner` that lets a lookup use the unique index (owner, name_key), when known."""
        return "" if self.owner is None else " AND owner = :owner"

    def hint(self, db: Connection, typed: str) -> str | None:
        """The known name a new teacher's `typed` looks like a misspelling of (see `near`), or None."""
        return self.near(db, typed).closest(typed)

    def find(self, db: Connection, typed: str) -> str | None:
        """The key of the known teacher `typed` means, or None.

        With `exact`, only the same name (case, punctuation and spaces aside) matches:
        for names already matched once, like a running timer's, which must not become
        ambiguous because a namesake was added meanwhile.
        """
        key = name_key(typed)
        if key not in self.ids and not self.complete:
            row = db.execute(
                f"SELECT id, name FROM teacher WHERE name_key = :key{self._own}", {"key": key, "owner": self.owner}
            ).fetchone()
            if row is not None:
                self._remember(key, row["name"], row["id"])
            elif self.bounded:
                return self.same_bare(db, typed).match(typed)
            elif not self.exact:
                self.near(db, typed)
        if self.exact:
            return key if key in self.ids else None
        return self.names.match(typed)

    def resolve(
        self,
        db: Connection,
        typed: tuple[str, ...],
        now_text: str,
        owner: str,
        hints: bool = True,
        found: list[str | None] | None = None,
    ) -> tuple[list[int], list[tuple[str, str | None]], list[int]]:
        """Ids for the typed names, creating the teachers that are new; also (name, hint) and ids created.

        The hint (a known name the new one resembles) compares the new name with its neighbourhood
        (see `near`); imports ask for them once at the end instead (see imports.hints). `found`: the keys
        a bounded index's `find` gave for `typed` just before (an import's, which looks each name up first):
        what `find` says there depends on the teachers stored alone, so they hold until this creates one
        (then a name could match it too, "Rivera" once "Dr. Rivera" is made), and only then is `find` asked.
        """
        self.owner = self.owner or owner
        ids: list[int] = []
        created: list[tuple[str, str | None]] = []
        created_ids: list[int] = []
        for i, name in enumerate(typed):
            key = found[i] if found is not None and self.bounded and not created else self.find(db, name)
            if key is None:
                key = name_key(name)
                hint = self.hint(db, name) if hints else None
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


class Teachers:
    """The coach's teachers."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def id_of(self, name: str) -> int:
        """The id of the teacher `name` means (see domain.TeacherNames)."""
        index, matched = self._match(name)
        return index.ids[matched]

    def name_of(self, name: str) -> str:
        """The stored name of the teacher `name` means (`rivera`: "Ms. Rivera")."""
        index, matched = self._match(name)
        return index.names.names[matched]

    def _match(self, name: str) -> tuple[TeacherIndex, str]:
        index = TeacherIndex(self.database.d, owner=self.database.owner)
        with self.database.reading() as db:
            matched = index.find(db, name)
            hint = index.hint(db, name) if matched is None else None
        if matched is None:
            advice = did_you_mean(hint, "see `coachlog teacher list`")
            raise NotFoundError(f"no teacher named '{name}': {advice}")
        return index, matched

    def stats(self) -> list[TeacherStats]:
        rows = self.database.read(
            f"""
            SELECT t.id, t.name, COUNT(e.id) AS sessions, COALESCE(SUM(e.minutes), 0) AS minutes,
                   MAX(e.local_date) AS last_seen
            FROM teacher t
            LEFT JOIN entry_teacher et ON et.teacher_id = t.id
            LEFT JOIN entry e ON e.id = et.entry_id
            GROUP BY t.id ORDER BY {self.database.d.sort_key("t.name_key")}
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

    def rename(self, old: str, new: str) -> tuple[str, str]:
        from coachlog.storage import history  # the undo journal: loaded for writes only

        owner = self.database.owner
        with self.database.write() as db:
            teacher_id = self.id_of(old)
            before = history.teacher_snapshot(db, teacher_id)
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
            timer_before = history.rename_in_timer(db, owner, str(before["name"]), new)
            history.record(
                db, owner, f"rename of '{before['name']}' to '{new}'", {}, {teacher_id: before}, timer_before
            )
            return str(before["name"]), new

    def merge(self, source: str, target: str) -> tuple[str, str, int, int]:
        """Move every session of `source` to `target` and remove `source`.

        Returns both names, how many sessions changed teacher, and how many already had both.
        """
        from coachlog.storage import history  # the undo journal: loaded for writes only

        owner = self.database.owner
        with self.database.write() as db:
            source_id, target_id = self.id_of(source), self.id_of(target)
            if source_id == target_id:
                raise UsageError(f"'{source}' and '{target}' are the same teacher: nothing to merge")
            source_before = history.teacher_snapshot(db, source_id)
            target_name = db.execute("SELECT name FROM teacher WHERE id = :id", {"id": target_id}).fetchone()[0]
            assert source_before is not None
            self._refuse_two_open_cycles(db, (source_id, str(source_before["name"])), (target_id, str(target_name)))
            entry_ids = [
                row[0]
                for row in db.execute("SELECT entry_id FROM entry_teacher WHERE teacher_id = :id", {"id": source_id})
            ]
            entries_before = {entry_id: history.entry_snapshot(db, entry_id) for entry_id in entry_ids}
            moved = db.execute(
                """
                UPDATE entry_teacher SET teacher_id = :target
                WHERE teacher_id = :source AND entry_id NOT IN
                    (SELECT entry_id FROM entry_teacher WHERE teacher_id = :target)
                """,
                {"source": source_id, "target": target_id},
            ).rowcount
            db.execute("DELETE FROM entry_teacher WHERE teacher_id = :source", {"source": source_id})
            cycles_before = _move_cycles(db, source_id, target_id)
            steps_before = {
                row["id"]: dict(row)
                for row in db.execute("SELECT * FROM next_step WHERE teacher_id = :id", {"id": source_id})
            }
            db.execute(
                "UPDATE next_step SET teacher_id = :target WHERE teacher_id = :source",
                {"source": source_id, "target": target_id},
            )
            db.execute("DELETE FROM teacher WHERE id = :id", {"id": source_id})
            assert source_before is not None
            timer_before = history.rename_in_timer(db, owner, str(source_before["name"]), str(target_name))
            history.record(
                db,
                owner,
                f"merge of '{source_before['name']}' into '{target_name}'",
                entries_before,
                {source_id: source_before},
                timer_before,
                cycles=cycles_before,
                steps=steps_before,
            )
            return str(source_before["name"]), str(target_name), moved, len(entry_ids) - moved

    def _refuse_two_open_cycles(self, db: Connection, source: tuple[int, str], target: tuple[int, str]) -> None:
        """A teacher is in one open cycle at a time: two teachers each in another open cycle cannot merge."""
        rows = db.execute(
            """
            SELECT ct.teacher_id, c.id FROM cycle c JOIN cycle_teacher ct ON ct.cycle_id = c.id
            WHERE c.closed_on IS NULL AND c.owner = :owner AND ct.teacher_id IN (:source, :target)
            """,
            {"owner": self.database.owner, "source": source[0], "target": target[0]},
        ).fetchall()
        cycles = {int(row[0]): int(row[1]) for row in rows}
        if source[0] in cycles and target[0] in cycles and cycles[source[0]] != cycles[target[0]]:
            raise CoachlogError(
                f"'{source[1]}' is in open cycle #{cycles[source[0]]} and '{target[1]}' in open cycle"
                f" #{cycles[target[0]]}: a teacher is in one open cycle at a time; close or delete one first"
                f" (`coachlog cycle close {cycles[source[0]]}`); nothing was merged"
            )

    def match(self, typed: tuple[str, ...]) -> tuple[TeacherMatch, ...]:
        """Each typed name as the known teacher it means, or as someone new (with a close known name).

        Reads only. A name that could be two teachers is refused here (UsageError), as `add` does.
        """
        index = TeacherIndex(self.database.d, owner=self.database.owner)
        matches = []
        with self.database.reading() as db:
            for name in typed:
                key = index.find(db, name)
                if key is None:
                    matches.append(TeacherMatch(name, new=True, hint=index.hint(db, name)))
                else:
                    matches.append(TeacherMatch(index.names.names[key], new=False))
        return tuple(matches)


def _move_cycles(db: Connection, source_id: int, target_id: int) -> dict[int, Snapshot | None]:
    """Put `target` in `source`'s place in every cycle `source` is in; the cycles as they were, for undo."""
    from coachlog.storage import history

    cycle_ids = [
        row[0] for row in db.execute("SELECT cycle_id FROM cycle_teacher WHERE teacher_id = :id", {"id": source_id})
    ]
    before = {cycle_id: history.cycle_snapshot(db, cycle_id) for cycle_id in cycle_ids}
    db.execute(
        """
        UPDATE cycle_teacher SET teacher_id = :target
        WHERE teacher_id = :source AND cycle_id NOT IN (SELECT cycle_id FROM cycle_teacher WHERE teacher_id = :target)
        """,
        {"source": source_id, "target": target_id},
    )
    db.execute("DELETE FROM cycle_teacher WHERE teacher_id = :source", {"source": source_id})
    return before
