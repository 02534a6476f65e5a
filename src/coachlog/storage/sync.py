"""This database's side of `coachlog push`: its id, what was agreed with a team database, and receiving a push."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coachlog.domain.caseload import NextStep
from coachlog.domain.cycles import Cycle
from coachlog.domain.frozen import replace
from coachlog.domain.push import ROSTER_UID, TERM_UID, RosterFacts, TermDates, roster_uid
from coachlog.domain.timeparse import utc_text
from coachlog.domain.values import Entry, NewEntry
from coachlog.errors import CoachlogError, StorageError
from coachlog.storage.base import Connection
from coachlog.storage.cycles import INSERT_CYCLE, cycle_columns, cycle_of, cycle_params, set_teachers
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.roster import MEMBER_COLUMNS, member_of
from coachlog.storage.rows import entry_columns, entry_of, entry_params, in_lists, link
from coachlog.storage.steps import STEP_COLUMNS, step_of
from coachlog.storage.teachers import TeacherIndex
from coachlog.storage.term_counts import TermCounts
from coachlog.storage.terms import Terms

SYNCED_STEPS = (
    f"SELECT {STEP_COLUMNS}, s.uid, e.uid AS entry_uid FROM next_step s JOIN teacher t ON t.id = s.teacher_id"
    " LEFT JOIN entry e ON e.id = s.entry_id WHERE s.owner = :owner"
)
LISTED = "(on_staff OR left_on IS NOT NULL OR department IS NOT NULL OR grade IS NOT NULL)"


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

    def cycles_by_uid(self, uids: list[str]) -> dict[str, Cycle]:
        """This coach's cycles with these uids, by uid."""
        found: dict[str, Cycle] = {}
        for marks, params in in_lists(uids):
            rows = self.database.read(
                f"SELECT {cycle_columns(self.database)} FROM cycle c WHERE c.owner = :owner AND c.uid IN ({marks})",
                {"owner": self.database.owner, **params},
            )
            found.update((cycle.uid, cycle) for cycle in map(cycle_of, rows))
        return found

    def steps(self, uids: list[str] | None = None) -> list[NextStep]:
        """This coach's next steps (those with these uids; None: all), each with its uid and its session's."""
        if uids is None:
            return [_synced_step(row) for row in self.database.read(SYNCED_STEPS, {"owner": self.database.owner})]
        found: list[NextStep] = []
        for marks, params in in_lists(uids):
            rows = self.database.read(
                f"{SYNCED_STEPS} AND s.uid IN ({marks})", {"owner": self.database.owner, **params}
            )
            found += map(_synced_step, rows)
        return found

    def steps_by_uid(self, uids: list[str]) -> dict[str, NextStep]:
        """This coach's next steps with these uids, by uid."""
        return {step.uid: step for step in self.steps(uids) if step.uid}

    def roster(self) -> list[RosterFacts]:
        """The roster facts of this coach's teachers who have any (see RosterFacts.any)."""
        rows = self.database.read(
            f"SELECT {MEMBER_COLUMNS} FROM teacher WHERE owner = :owner AND {LISTED}",
            {"owner": self.database.owner},
        )
        return [_facts(row) for row in rows]

    def roster_by_uid(self, uids: list[str]) -> dict[str, RosterFacts]:
        """The roster facts of this coach's teachers with these roster uids, by uid."""
        wanted = set(uids)
        return {facts.uid: facts for facts in self.roster() if facts.uid in wanted}

    def terms(self) -> list[TermDates]:
        """This coach's terms, as push sends them."""
        return [TermDates(*term) for term in Terms(self.database).all()]

    def terms_by_uid(self, uids: list[str]) -> dict[str, TermDates]:
        """This coach's terms with these term uids, by uid."""
        wanted = set(uids)
        return {term.uid: term for term in self.terms() if term.uid in wanted}

    def gone(self, remote: str) -> list[str]:
        """The uids agreed with the team database `remote` that name no entry, cycle or next step here any more,
        and no entry deleted here (entry_tombstone has those), nor a teacher's roster facts or a term (plan_roster
        and plan_terms find those gone): cycles and next steps deleted here since they were pushed."""
        rows = self.database.read(
            f"""
            SELECT p.uid FROM pushed p WHERE p.remote = :remote AND p.uid NOT LIKE '{ROSTER_UID}%'
            AND p.uid NOT LIKE '{TERM_UID}%'
            AND NOT EXISTS (SELECT 1 FROM entry e WHERE e.uid = p.uid)
            AND NOT EXISTS (SELECT 1 FROM cycle c WHERE c.uid = p.uid)
            AND NOT EXISTS (SELECT 1 FROM next_step s WHERE s.uid = p.uid)
            AND NOT EXISTS (SELECT 1 FROM entry_tombstone t WHERE t.uid = p.uid)
            ORDER BY p.uid
            """,
            {"remote": remote},
        )
        return [str(row[0]) for row in rows]

    def cycle_links(self) -> dict[str, str]:
        """This coach's sessions in a cycle: entry uid -> the cycle's uid."""
        rows = self.database.read(
            "SELECT e.uid, c.uid FROM entry e JOIN cycle c ON c.id = e.cycle_id WHERE e.owner = :owner",
            {"owner": self.database.owner},
        )
        return {str(row[0]): str(row[1]) for row in rows}

    def entry_uids(self) -> set[str]:
        """The uids of this coach's entries."""
        rows = self.database.read("SELECT uid FROM entry WHERE owner = :owner", {"owner": self.database.owner})
        return {str(row[0]) for row in rows}

    def _entries_where(self, column: str, values: list[str]) -> Iterator[Entry]:
        for marks, params in in_lists(values):
            rows = self.database.read(
                f"SELECT {entry_columns(self.database.d)} FROM entry e"
                f" WHERE e.owner = :owner AND e.{column} IN ({marks})",
                {"owner": self.database.owner, **params},
            )
            yield from (entry_of(row) for row in rows)

    def receive(
        self,
        new: Iterable[NewEntry],
        changed: Sequence[NewEntry],
        deleted: list[str],
        now: datetime,
        cycles: CaseloadSent | None = None,
        links: Mapping[str, str | None] | None = None,
    ) -> None:
        """Take a push, in one transaction: the roster facts of `cycles` (a CaseloadSent) and its new and changed
        cycles, then insert `new` entries (keeping their uids), overwrite `changed` (found by uid) and delete the
        entries with the uids in `deleted`; then each entry in `links` (by uid) joins the cycle with that uid (None:
        none), the cycles deleted go, and the next steps follow. Not an undo step: the coach's laptop has those.

        Teachers are spelled as the coach's own database spells them (a rename there renames them here),
        and teachers no entry (and, when `cycles` is given, no cycle or next step) names any more (renamed or
        merged away) are removed, unless they are on the roster (or left it)."""
        now_text = utc_text(now)
        with self.database.write() as db:
            teachers = TeacherIndex(self.database.d, exact=True)  # names come as the coach's own database stored them
            if cycles is not None:
                self._put_roster(db, teachers, cycles, now_text)
                Terms(self.database).receive(db, cycles.terms, cycles.terms_deleted)
                TermCounts(self.database).receive(db, cycles.term_counts)
                TermCounts(self.database).withhold(db, cycles.term_counts_withheld)
            for cycle in [*cycles.new, *cycles.changed] if cycles else []:
                _respell(db, teachers, cycle.teachers)
                self._put_cycle(db, teachers, cycle, now_text)
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
            db.executemany(
                "UPDATE entry SET cycle_id = (SELECT c.id FROM cycle c WHERE c.uid = :cycle) WHERE uid = :uid",
                [{"uid": uid, "cycle": cycle} for uid, cycle in (links or {}).items()],
            )
            for marks, params in in_lists(list(cycles.deleted) if cycles else []):
                db.execute(f"DELETE FROM cycle WHERE uid IN ({marks})", params)
            if cycles is not None:
                self._put_steps(db, teachers, cycles, now_text)
            named = (  # None: as before cycles (an older team database's grants may not reach these tables)
                " AND id NOT IN (SELECT teacher_id FROM cycle_teacher) AND id NOT IN (SELECT teacher_id FROM next_step)"
                if cycles
                else ""
            )
            db.execute(  # a teacher on the roster stays (the teacher table's own columns: every grant reaches them)
                f"DELETE FROM teacher WHERE owner = :owner AND id NOT IN (SELECT teacher_id FROM entry_teacher)"
                f" AND NOT {LISTED}{named}",
                {"owner": self.database.owner},
            )

    def _put_roster(self, db: Connection, teachers: TeacherIndex, sent: CaseloadSent, now: str) -> None:
        """Give each teacher of `sent.roster` its facts (a new teacher if there is none), and take the facts off
        the teachers whose roster uids are in `sent.roster_cleared`."""
        owner = self.database.owner
        cleared = set(sent.roster_cleared)
        if cleared:
            rows = db.execute("SELECT id, name FROM teacher WHERE owner = :owner", {"owner": owner}).fetchall()
            db.executemany(
                "UPDATE teacher SET department = NULL, grade = NULL, on_staff = :no, left_on = NULL WHERE id = :id",
                [{"id": row[0], "no": False} for row in rows if roster_uid(row[1]) in cleared],
            )
        for facts in sent.roster:
            _respell(db, teachers, (facts.name,))
            (teacher_id,), _, _ = teachers.resolve(db, (facts.name,), now, owner, hints=False)
            db.execute(
                """
                UPDATE teacher SET department = :department, grade = :grade, on_staff = :on_staff, left_on = :left_on
                WHERE id = :id
                """,
                {"id": teacher_id, "department": facts.department, "grade": facts.grade, "on_staff": facts.on_staff,
                 "left_on": facts.left_on.isoformat() if facts.left_on else None},
            )  # fmt: skip

    def _put_steps(self, db: Connection, teachers: TeacherIndex, sent: CaseloadSent, now: str) -> None:
        """Make each next step of `sent.steps` say what it says here (a new one if there is none; linked to its
        session if the team database has it), and delete those with the uids in `sent.steps_deleted`."""
        for step in sent.steps:
            _respell(db, teachers, (step.teacher,))
            (teacher_id,), _, _ = teachers.resolve(db, (step.teacher,), now, self.database.owner, hints=False)
            fields = {
                "uid": step.uid, "owner": self.database.owner, "teacher": teacher_id, "entry": step.entry_uid,
                "text": step.text, "due": step.due_on.isoformat(), "now": now,
                "done": step.done_on.isoformat() if step.done_on else None,
            }  # fmt: skip
            session = "(SELECT e.id FROM entry e WHERE e.uid = :entry)"
            if db.execute("SELECT 1 FROM next_step WHERE uid = :uid", {"uid": step.uid}).fetchone() is None:
                db.execute(
                    f"""
                    INSERT INTO next_step (uid, owner, teacher_id, entry_id, text, due_on, done_on, created_at,
                                           updated_at)
                    VALUES (:uid, :owner, :teacher, {session}, :text, :due, :done, :now, :now)
                    """,
                    fields,
                )
            else:
                db.execute(
                    f"""
                    UPDATE next_step SET teacher_id = :teacher, entry_id = {session}, text = :text, due_on = :due,
                        done_on = :done, updated_at = :now
                    WHERE uid = :uid
                    """,
                    fields,
                )
        for marks, params in in_lists(list(sent.steps_deleted)):
            db.execute(f"DELETE FROM next_step WHERE uid IN ({marks})", params)

    def _put_cycle(self, db: Connection, teachers: TeacherIndex, cycle: Cycle, now: str) -> None:
        """Make the cycle with `cycle.uid` say what `cycle` says (a new one if there is none), teachers included."""
        owner, d = self.database.owner, self.database.d
        teacher_ids, _, _ = teachers.resolve(db, cycle.teachers, now, owner, hints=False)
        fields = cycle_params(cycle, cycle.uid, owner, now)
        row = db.execute("SELECT id FROM cycle WHERE uid = :uid", {"uid": cycle.uid}).fetchone()
        if row is None:
            cycle_id = d.insert_id(db, INSERT_CYCLE, fields)
        else:
            cycle_id = int(row[0])
            db.execute(
                """
                UPDATE cycle SET goal = :goal, focus = :focus, phase = :phase, started_on = :started_on,
                    closed_on = :closed_on, outcome = :outcome, measure = :measure, baseline = :baseline,
                    result = :result, updated_at = :now
                WHERE id = :id
                """,
                {**fields, "id": cycle_id},
            )
            db.execute("DELETE FROM cycle_teacher WHERE cycle_id = :id", {"id": cycle_id})
        set_teachers(db, cycle_id, teacher_ids)

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


@dataclass(frozen=True)
class CaseloadSent:
    """What a push sends besides entries: new and changed cycles (found there by uid) and the uids of those
    deleted here; next steps new or changed here and the uids of those deleted; the roster facts of teachers, and
    the roster uids of the facts no teacher here has any more; terms new or changed here (found by name key) and
    the term uids of those removed; the ended terms' counts fixed here and not there, and those fixed in both,
    differently, withheld in both."""

    new: Sequence[Cycle] = ()
    changed: Sequence[Cycle] = ()
    deleted: Sequence[str] = ()
    steps: Sequence[NextStep] = ()
    steps_deleted: Sequence[str] = ()
    roster: Sequence[RosterFacts] = ()
    roster_cleared: Sequence[str] = ()
    terms: Sequence[TermDates] = ()
    terms_deleted: Sequence[str] = ()
    term_counts: Sequence[Mapping[str, object]] = ()  # ended terms' counts as this database fixed them
    term_counts_withheld: Sequence[Mapping[str, object]] = ()  # terms fixed here and there, differently


def _synced_step(row: object) -> NextStep:
    r = dict(row)  # type: ignore[call-overload]
    return replace(step_of(r), uid=r["uid"], entry_uid=r["entry_uid"])


def _facts(row: object) -> RosterFacts:
    member = member_of(row)
    return RosterFacts(member.name, member.department, member.grade, member.on_staff, member.left_on)


def _respell(db: Connection, teachers: TeacherIndex, names: tuple[str, ...]) -> None:
    """Give the known teachers `names` means the spelling they have there (same name key, other case)."""
    for name in names:
        key = teachers.find(db, name)
        if key is not None and teachers.names.names[key] != name:
            db.execute("UPDATE teacher SET name = :name WHERE id = :id", {"name": name, "id": teachers.ids[key]})
            teachers.names.names[key] = name
