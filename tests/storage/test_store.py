"""One storage suite for the one interface: the Store, driven directly, on a SQLite file and on PostgreSQL.

Every test takes the `store` fixture, which runs it twice: on a SQLite file in tmp_path and on a
fresh PostgreSQL database copied from the migrated template (conftest.pg_databases), both opened
with storage.open_store. Without a server the PostgreSQL half skips; with COACHLOG_REQUIRE_POSTGRES
set it fails. Where the backends differ on purpose (see the Dialects), the test asserts the difference.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coachlog.domain.changes import EntryChanges, Incoming
from coachlog.domain.contract import AggregateRow, Filters
from coachlog.domain.names import TeacherNames, name_key
from coachlog.domain.periods import Period
from coachlog.domain.values import (
    Entry,
    NewEntry,
    Stance,
    TeacherCell,
    TeacherMatch,
    Term,
    Timer,
    When,
    grouped,
)
from coachlog.errors import CoachlogError, NotFoundError, StorageError, UsageError
from coachlog.reports.leaders import POSITION, second_half, stance_halves
from coachlog.storage import open_store
from coachlog.storage.store import Store

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
WEEK = Period(date(2026, 11, 16), date(2026, 11, 22), "week of 2026-11-16")
NO_FILTERS = Filters()
ALL = Period(date(2000, 1, 1), date(2099, 12, 31), "all time")
COACHING, COLLABORATING, CONSULTING = Stance.COACHING, Stance.COLLABORATING, Stance.CONSULTING


@dataclass
class Backend:
    """How the test reaches the database behind `store`: its name, and how to open it (or another one) again."""

    name: str  # "sqlite" or "postgres"
    target: Path | str
    opened: list[Store]
    another: Callable[[], Path | str]  # a second database made the way this backend copies one

    def open(self, target: Path | str | None = None) -> Store:
        store = open_store(target or self.target, owner="coach")
        self.opened.append(store)
        return store


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """A new database at the newest schema: a SQLite file, or a copy of the migrated PostgreSQL template."""
    opened: list[Store] = []
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        open_store(path, owner="coach").close()

        def copy() -> Path:
            other = tmp_path / f"copy{len(opened)}.db"
            shutil.copyfile(path, other)
            return other

        result = Backend("sqlite", path, opened, copy)
    else:
        make = request.getfixturevalue("pg_databases")
        result = Backend("postgres", make(), opened, make)
    yield result
    for store in opened:
        store.close()


@pytest.fixture
def store(backend: Backend) -> Store:
    """The Store of the backend's database, opened with open_store."""
    return backend.open()


def at(day: date, clock: str | None) -> When:
    """When a session on local `day` started: at `clock` (New York), or on the date alone."""
    if clock is None:
        return When(datetime.combine(day, time(0, 0), NY), day, False)
    hour, minute = (int(part) for part in clock.split(":"))
    return When(datetime.combine(day, time(hour, minute), NY), day, True)


def session(
    day: date, clock: str | None, minutes: int, teachers: tuple[str, ...], stance: Stance, **more: object
) -> NewEntry:
    """A session for `teachers` on local `day` (at `clock`, or the date alone)."""
    when = at(day, clock)
    return NewEntry("session", when.start, minutes, day, when.time_known, teachers, stance, **more)  # type: ignore[arg-type]


def duty(day: date, clock: str, minutes: int, duty_kind: str, **more: object) -> NewEntry:
    """A duty of `duty_kind` on local `day` at `clock`."""
    when = at(day, clock)
    return NewEntry("duty", when.start, minutes, day, True, duty_kind=duty_kind, **more)  # type: ignore[arg-type]


def add(store: Store, new: NewEntry) -> int:
    """Log `new` as `coachlog add` does; its id."""
    return store.entries.add(new, NOW, "add of session").entry.id


def as_stored(new: NewEntry, entry_id: int, uid: str | None) -> Entry:
    """The Entry `new` should read back as (tags come back in byte order)."""
    values = {name: getattr(new, name) for name in NewEntry.FIELDS}
    return Entry(**{**values, "uid": uid, "tags": tuple(sorted(new.tags))}, id=entry_id)


def state(store: Store) -> tuple[object, ...]:
    """Everything a coach sees in the database: entries, teachers, terms, the running timer."""
    return list(store.entries.query(None)), store.teachers.stats(), store.terms.all(), store.timer.running()


D16, D17, D18, D30 = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 30)

# The scripted week the aggregate tests read; the figures they expect are worked out by hand below.
SCRIPT = (
    session(D16, "09:00", 45, ("Ms. Rivera",), COACHING, activity="planning", tags=("math",)),
    session(D16, "13:00", 30, ("Ms. Rivera", "Mr. Okafor"), COLLABORATING, activity="co-teaching"),
    session(D17, "10:00", 60, ("Mr. Okafor",), CONSULTING),
    duty(D17, "08:00", 50, "cover"),
    session(D18, "11:00", 20, ("Dana Lee",), COACHING, activity="debrief"),
    session(D18, None, 25, ("ms rivera",), COACHING, activity="planning"),
    session(D30, "09:00", 40, ("Dana Lee",), CONSULTING),  # outside WEEK
)


@pytest.fixture
def scripted(store: Store) -> Store:
    """The store with SCRIPT logged, one add (and one undo step) each: ids 1 to 7."""
    for new in SCRIPT:
        add(store, new)
    return store


# ---- the two backends ---------------------------------------------------------------------------


def test_the_store_says_which_backend_and_owner_it_has(store: Store, backend: Backend) -> None:
    """The dialect names the backend. A file's owner is the coach named when it was made; on PostgreSQL the
    owner is the role that logs in, whatever open_store is told (storage.open_store's documented difference)."""
    import sqlalchemy as sa

    if backend.name == "sqlite":
        assert (store.database.d.name, store.owner) == ("sqlite", "coach")
        assert store.path == backend.target
    else:
        login = sa.make_url(str(backend.target)).username
        assert (store.database.d.name, store.owner) == ("postgresql", login)
        password = sa.make_url(str(backend.target)).password
        assert password and password not in str(store.path)


# ---- entries ------------------------------------------------------------------------------------


def test_add_returns_the_entry_as_stored_with_new_teachers_and_hints(store: Store) -> None:
    """add gives the new id, the entry as it reads back, the teachers it created (with a look-alike known name)."""
    first = session(D16, "09:00", 45, ("Ms. Rivera",), COACHING, note="fractions 100%", tags=("b-tag", "A-tag", "_x"))
    added = store.entries.add(first, NOW, "add of session")
    assert added.entry == as_stored(first, added.entry.id, added.entry.uid)
    assert added.entry.tags == ("A-tag", "_x", "b-tag")  # byte order on both, whatever the server's collation
    assert added.new_teachers == (("Ms. Rivera", None),) and added.overlaps == ()
    assert added.entry.uid and len(added.entry.uid) == 36
    again = store.entries.add(session(D17, "09:00", 30, ("MS RIVERA", "Ms. Riviera"), CONSULTING), NOW, "add")
    assert again.entry.id == added.entry.id + 1
    assert again.entry.teachers == ("Ms. Rivera", "Ms. Riviera")
    assert again.new_teachers == (("Ms. Riviera", "Ms. Rivera"),)
    assert store.entries.get(added.entry.id) == added.entry


def test_an_entry_reads_back_with_every_field_as_its_own_constructor_builds_it(store: Store) -> None:
    """storage/rows.entry_of builds Entries without the dataclass's __init__ (an export's speed): every field of
    Entry, each set to something other than its default, must come back equal, typed, and nothing else with it."""
    full = session(
        D16, "09:00", 45, ("Ms. Rivera", "Mr. Okafor"), COLLABORATING, activity="planning", note="n", tags=("t",),
        helpful="h", story="s", shareable=True, source="cal:1", uid="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    )  # fmt: skip
    read = store.entries.get(add(store, full))
    built = Entry(**{name: getattr(read, name) for name in Entry.FIELDS})
    assert read == built == as_stored(full, read.id, full.uid)
    assert vars(read) == vars(built)  # no field missing, none extra
    assert type(read.stance) is Stance and read.start.tzinfo is UTC and type(read.shareable) is bool
    duty_read = store.entries.get(add(store, duty(D17, "08:00", 50, "cover")))
    assert vars(duty_read) == vars(Entry(**{name: getattr(duty_read, name) for name in Entry.FIELDS}))
    assert duty_read.stance is None and duty_read.duty_kind == "cover" and duty_read.cycle is None


def test_add_reports_overlapping_timed_entries_only(store: Store) -> None:
    """A timed entry that meets another's span is reported; one that starts as another ends, or has no time, is not."""
    first = add(store, session(D16, "09:00", 45, ("Ms. Rivera",), COACHING))
    inside = store.entries.add(session(D16, "09:30", 30, ("Mr. Okafor",), COACHING), NOW, "add")
    after = store.entries.add(session(D16, "09:45", 15, ("Mr. Okafor",), COACHING), NOW, "add")
    undated = store.entries.add(session(D16, None, 15, ("Mr. Okafor",), COACHING), NOW, "add")
    assert inside.overlaps == (first,)
    assert after.overlaps == (inside.entry.id,)  # 09:30 + 30m runs to 10:00; the first ended at 09:45
    assert undated.overlaps == ()


def test_edit_changes_what_it_names_and_returns_before_and_after(store: Store) -> None:
    """edit changes only the named fields ("" clears a note), replaces teachers and tags, and reports new teachers."""
    new = session(D16, "09:00", 45, ("Ms. Rivera",), COACHING, activity="planning", note="old", tags=("math",))
    entry_id = add(store, new)
    changes = EntryChanges(
        others=("Mr. Okafor",), stance=CONSULTING, minutes=50, note="", tags=("reading", "Math"), shareable=True
    )
    before, after = store.entries.edit(entry_id, changes, NOW)
    assert before == as_stored(new, entry_id, before.uid)
    assert after.new_teachers == (("Mr. Okafor", None),)
    expected = session(
        D16, "09:00", 50, ("Ms. Rivera", "Mr. Okafor"), CONSULTING, activity="planning", tags=("Math", "reading")
    )
    assert after.entry == as_stored(expected.replace(shareable=True), entry_id, before.uid)
    assert store.entries.get(entry_id) == after.entry


def test_edit_moves_an_entry_in_time_and_reports_overlaps(store: Store) -> None:
    """A new `when` moves start, local date and time_known together; the moved entry's overlaps are reported."""
    other = add(store, session(D17, "10:00", 60, ("Mr. Okafor",), CONSULTING))
    entry_id = add(store, session(D16, "09:00", 45, ("Ms. Rivera",), COACHING))
    _, after = store.entries.edit(entry_id, EntryChanges(when=at(D17, "10:30")), NOW)
    assert (after.entry.start, after.entry.local_date, after.entry.time_known) == (at(D17, "10:30").start, D17, True)
    assert after.overlaps == (other,)
    _, undated = store.entries.edit(entry_id, EntryChanges(when=at(D18, None)), NOW)
    assert (undated.entry.local_date, undated.entry.time_known, undated.overlaps) == (D18, False, ())


def test_delete_returns_the_entry_and_removes_it(store: Store) -> None:
    """delete gives back what it removed; the entry is gone, its teacher stays (with no sessions)."""
    entry_id = add(store, session(D16, "09:00", 45, ("Ms. Rivera",), COACHING))
    kept = add(store, session(D17, "09:00", 20, ("Mr. Okafor",), COACHING))
    removed = store.entries.delete(entry_id)
    assert removed.id == entry_id and removed.teachers == ("Ms. Rivera",)
    with pytest.raises(NotFoundError):
        store.entries.get(entry_id)
    assert [e.id for e in store.entries.query(None)] == [kept]
    assert [(t.name, t.sessions, t.minutes, t.last_seen) for t in store.teachers.stats()] == [
        ("Mr. Okafor", 1, 20, D17),
        ("Ms. Rivera", 0, 0, None),
    ]
    store.entries.delete(kept)
    assert add(store, session(D18, "09:00", 10, ("Dana Lee",), COACHING)) == kept + 1  # the newest id never comes back


def test_count_and_query_filter_by_period_stance_teacher_and_activity(scripted: Store) -> None:
    """query lists entries oldest first (date, then start, then id); count agrees with it for every filter."""
    ids = {(e.local_date, e.start): e.id for e in scripted.entries.query(None)}
    assert len(ids) == 7

    def listed(period: Period | None, filters: Filters = NO_FILTERS) -> list[tuple[date, int]]:
        found = [(e.local_date, e.minutes) for e in scripted.entries.query(period, filters)]
        assert scripted.entries.count(period, filters) == len(found)
        return found

    assert listed(WEEK) == [(D16, 45), (D16, 30), (D17, 50), (D17, 60), (D18, 25), (D18, 20)]
    assert listed(None, Filters(stance=COACHING)) == [(D16, 45), (D18, 25), (D18, 20)]
    assert listed(WEEK, Filters(stance=CONSULTING)) == [(D17, 60)]
    assert listed(None, Filters(teacher="rivera")) == [(D16, 45), (D16, 30), (D18, 25)]  # a bare surname
    assert listed(None, Filters(teacher="DANA LEE", stance=CONSULTING)) == [(D30, 40)]
    assert listed(None, Filters(activity="planning")) == [(D16, 45), (D18, 25)]
    assert listed(None, Filters(activity="cover")) == [(D17, 50)]  # a duty kind is an activity to filter by
    assert listed(None, Filters(duties_only=True)) == [(D17, 50)]
    assert listed(Period(D18, D18, "one day"), Filters(teacher="Mr. Okafor")) == []


def test_query_by_an_unknown_or_ambiguous_teacher_fails_before_reading(scripted: Store) -> None:
    """A teacher filter that names nobody is NotFoundError; one that could be two teachers is UsageError."""
    with pytest.raises(NotFoundError, match="no teacher named 'Nobody'"):
        scripted.entries.query(None, Filters(teacher="Nobody"))
    with pytest.raises(NotFoundError):
        scripted.entries.count(None, Filters(teacher="Nobody"))
    add(scripted, session(D30, "11:00", 10, ("Mr. Rivera",), COACHING))
    with pytest.raises(UsageError, match="could be"):
        scripted.entries.count(None, Filters(teacher="rivera"))


# ---- errors, and nothing half-written --------------------------------------------------------------


def test_an_unknown_id_or_name_is_not_found_on_every_sub_store(scripted: Store) -> None:
    """Every read or write of something that is not there raises NotFoundError (coachlog.errors), changing nothing."""
    before = state(scripted)
    attempts: list[Callable[[], object]] = [
        lambda: scripted.entries.get(999),
        lambda: scripted.entries.edit(999, EntryChanges(minutes=10), NOW),
        lambda: scripted.entries.delete(999),
        lambda: scripted.teachers.id_of("Nobody"),
        lambda: scripted.teachers.rename("Nobody", "Somebody"),
        lambda: scripted.teachers.merge("Nobody", "Dana Lee"),
        lambda: scripted.teachers.merge("Dana Lee", "Nobody"),
        lambda: scripted.terms.remove("Winter"),
    ]
    for attempt in attempts:
        with pytest.raises(NotFoundError):
            attempt()
    assert state(scripted) == before


def test_a_failing_edit_leaves_the_row_as_it_was(scripted: Store) -> None:
    """An edit that fails after its UPDATE ran (an ambiguous teacher; a value the database refuses) rolls back whole:
    the row, its teachers and tags, the teacher list and the undo journal are as they were."""
    add(scripted, session(D30, "11:00", 10, ("Mr. Rivera",), COACHING))
    before = state(scripted)
    with pytest.raises(UsageError, match="could be"):
        scripted.entries.edit(1, EntryChanges(minutes=99, tags=("new",), others=("rivera",)), NOW)
    assert state(scripted) == before
    with pytest.raises(StorageError, match="refused by the database"):  # the minutes CHECK, on both
        scripted.entries.edit(1, EntryChanges(minutes=0, note="half", others=("Brand New",)), NOW)
    assert state(scripted) == before
    with pytest.raises(UsageError, match="is a duty"):
        scripted.entries.edit(4, EntryChanges(stance=COACHING), NOW)
    assert state(scripted) == before
    assert scripted.history.undo() == "add of session #8"  # no undo step was left by the failures


def test_a_failing_add_creates_no_teacher(store: Store) -> None:
    """An entry the database refuses (too long) is not written, and neither is the new teacher it named."""
    with pytest.raises(StorageError, match="refused by the database"):
        add(store, session(D16, "09:00", 24 * 60, ("Brand New",), COACHING))
    assert state(store) == ([], [], [], None)
    assert store.history.undo() is None


# ---- teachers -----------------------------------------------------------------------------------


def test_id_of_matches_any_spelling_and_a_bare_surname(scripted: Store) -> None:
    """Case, punctuation and spaces are ignored; a surname alone finds the only teacher who has it."""
    rivera = scripted.teachers.id_of("Ms. Rivera")
    assert {scripted.teachers.id_of(name) for name in ("ms rivera", "MS.  RIVERA", "Ms Rivera!", "rivera")} == {rivera}
    assert scripted.teachers.id_of("okafor") != rivera
    with pytest.raises(NotFoundError):
        scripted.teachers.id_of("Mr. Rivera")  # another title is another person


def test_stats_count_sessions_minutes_and_last_seen(scripted: Store) -> None:
    """Per teacher, in name-key order: sessions (a team session counts for each), minutes, last date seen."""
    assert [(t.name, t.sessions, t.minutes, t.last_seen) for t in scripted.teachers.stats()] == [
        ("Dana Lee", 2, 20 + 40, D30),
        ("Mr. Okafor", 2, 30 + 60, D17),
        ("Ms. Rivera", 3, 45 + 30 + 25, D18),
    ]
    assert {t.id for t in scripted.teachers.stats()} == {
        scripted.teachers.id_of(name) for name in ("Dana Lee", "Mr. Okafor", "Ms. Rivera")
    }


def test_teachers_sort_byte_by_byte_whatever_the_server_s_collation(store: Store) -> None:
    """Teachers list in the byte order of their name keys on both (PostgreSQL: COLLATE "C"), so an accented
    name sorts after z, where a locale-aware server (the template asks for ICU en-US) would put it first."""
    add(store, session(D16, "09:00", 10, ("Éva Ruiz", "Zed Ames", "adam Baker"), CONSULTING))
    assert [t.name for t in store.teachers.stats()] == ["adam Baker", "Zed Ames", "Éva Ruiz"]
    assert [row.group for row in store.aggregates.by_teacher(WEEK)] == ["adam Baker", "Zed Ames", "Éva Ruiz"]
    assert store.aggregates.teacher_names(WEEK) == ["adam Baker", "Zed Ames", "Éva Ruiz"]


def test_rename_keeps_the_teacher_and_refuses_a_clash(scripted: Store) -> None:
    """rename changes the name everywhere it shows; a name another teacher has is refused, changing nothing."""
    rivera = scripted.teachers.id_of("Ms. Rivera")
    assert scripted.teachers.rename("rivera", "Ms. Rivera-Ruiz") == ("Ms. Rivera", "Ms. Rivera-Ruiz")
    assert scripted.teachers.id_of("ms rivera ruiz") == rivera
    assert [e.teachers for e in scripted.entries.query(Period(D16, D16, "day"))] == [
        ("Ms. Rivera-Ruiz",),
        ("Ms. Rivera-Ruiz", "Mr. Okafor"),
    ]
    before = state(scripted)
    with pytest.raises(UsageError, match="'Dana Lee' already exists"):
        scripted.teachers.rename("Ms. Rivera-Ruiz", "dana lee")
    assert state(scripted) == before


def test_merge_moves_sessions_and_counts_the_shared_ones(scripted: Store) -> None:
    """merge moves the source's sessions to the target, counting those that named both once, and removes the source."""
    assert scripted.teachers.merge("rivera", "Mr. Okafor") == ("Ms. Rivera", "Mr. Okafor", 2, 1)
    with pytest.raises(NotFoundError):
        scripted.teachers.id_of("Ms. Rivera")
    assert [e.teachers for e in scripted.entries.query(WEEK) if e.kind == "session"] == [("Mr. Okafor",)] * 4 + [
        ("Dana Lee",)
    ]
    assert [(t.name, t.sessions, t.minutes) for t in scripted.teachers.stats()] == [
        ("Dana Lee", 2, 60),
        ("Mr. Okafor", 4, 45 + 30 + 60 + 25),
    ]
    with pytest.raises(UsageError, match="the same teacher"):
        scripted.teachers.merge("okafor", "Mr. Okafor")


def test_match_finds_known_teachers_and_hints_at_new_ones_without_writing(scripted: Store) -> None:
    """match reads only: a known name in any spelling, a bare surname, a new name with a close known one."""
    before = state(scripted)
    assert scripted.teachers.match(("ms. rivera", "OKAFOR", "Ms Riviera", "Mr. Rivera", "Zoë Ángel")) == (
        TeacherMatch("Ms. Rivera", new=False),
        TeacherMatch("Mr. Okafor", new=False),
        TeacherMatch("Ms Riviera", new=True, hint="Ms. Rivera"),
        TeacherMatch("Mr. Rivera", new=True, hint="Ms. Rivera"),
        TeacherMatch("Zoë Ángel", new=True, hint=None),
    )
    assert state(scripted) == before
    add(scripted, session(D30, "11:00", 10, ("Mr. Rivera",), COACHING))
    with pytest.raises(UsageError, match="could be"):
        scripted.teachers.match(("rivera",))


def test_a_new_names_hint_among_many_teachers_is_the_one_the_whole_list_gives(store: Store) -> None:
    """A new name is compared only with the names that begin like it, less their titles (issue 17: `add` stays flat
    at 20,000 teachers), and hints what comparing it with every name gives, for slips past the first two letters."""
    names = ["Ms. Rivera", "Mr. Rivera", "Dr. Rivas", "Coach Ramírez", "Ms. Øster", "Zoë Ángel", "Mr. Okafor"]
    names += ["Amara Diallo", "Ms. O'Connell", "Rivers", *(f"Ms. Adams {n}" for n in range(30))]
    store.imports.add_many([session(D16, "09:00", 30, (name,), COACHING) for name in names], NOW)
    typed = ("Ms. Riviera", "Rivra", "Mr. Rivas", "Ramirez", "Coach Ramírz", "Ms. Østr", "Zoe Angel", "Okafr")
    typed += ("Amara Dialo", "Ms. OConnel", "Ms. Adams 7x", "Adms 3", "Mrs. Rivres", "Prof. Diallo")
    everyone = TeacherNames({name_key(name): name for name in names})
    matches = store.teachers.match(typed)
    assert all(match.new for match in matches)
    assert [match.hint for match in matches] == [everyone.closest(name) for name in typed]
    assert sum(match.hint is not None for match in matches) >= 10


# ---- terms --------------------------------------------------------------------------------------


def test_terms_are_listed_by_start_and_removed_by_name(store: Store) -> None:
    """all() lists terms by start date whatever order they came in; remove takes any spelling and gives the term."""
    spring, fall = Term("Spring 2027", date(2027, 1, 10), date(2027, 6, 15)), Term("Fall", D16, D30)
    summer = Term("Summer", date(2026, 6, 1), date(2026, 8, 1))
    for term in (spring, fall, summer):
        store.terms.add(term)
    assert store.terms.all() == [summer, fall, spring]
    assert store.terms.remove("spring-2027") == spring
    assert store.terms.all() == [summer, fall]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        (Term("fall", date(2027, 9, 1), date(2027, 12, 1)), "already exists"),
        (Term("Thanksgiving", date(2026, 11, 26), date(2026, 11, 27)), "overlaps 'Fall'"),
        (Term("Around", date(2026, 8, 1), date(2027, 1, 1)), "overlaps 'Fall'"),
        (Term("Backwards", date(2027, 2, 1), date(2027, 1, 1)), "before it starts"),
    ],
    ids=["duplicate", "inside", "around", "backwards"],
)
def test_a_bad_or_duplicate_term_is_refused_alike(store: Store, term: Term, message: str) -> None:
    """A duplicate name, an overlap or an end before the start is UsageError on both backends, writing nothing."""
    store.terms.add(Term("Fall", date(2026, 9, 1), date(2026, 12, 20)))
    with pytest.raises(UsageError, match=message):
        store.terms.add(term)
    assert store.terms.all() == [Term("Fall", date(2026, 9, 1), date(2026, 12, 20))]


# ---- the timer ----------------------------------------------------------------------------------


def started(store: Store, **more: object) -> Timer:
    """Start a timer for Ms. Rivera at 14:00 on the 23rd; the timer as the store keeps it."""
    start = datetime(2026, 11, 23, 14, 0, tzinfo=NY)
    new = Timer(start=start, stance=COACHING, teachers=("Ms. Rivera",), **more)  # type: ignore[arg-type]
    assert store.timer.start(new, NOW) is None
    running = store.timer.running()
    assert running is not None
    return running


def test_a_started_timer_runs_until_stopped_as_an_entry(store: Store) -> None:
    """start keeps the timer as given (created_at added); stop saves it as the entry given and clears it."""
    assert store.timer.running() is None
    running = started(store, activity="debrief", note="n", tags=("t2", "t1"))
    assert (running.start, running.stance, running.teachers) == (
        datetime(2026, 11, 23, 19, 0, tzinfo=UTC),
        COACHING,
        ("Ms. Rivera",),
    )
    assert (running.activity, running.note, running.tags, running.created_at) == ("debrief", "n", ("t2", "t1"), NOW)
    new = session(date(2026, 11, 23), "14:00", 40, running.teachers, COACHING, activity="debrief", tags=running.tags)
    added = store.timer.stop(running, new, NOW)
    assert added.entry == as_stored(new, added.entry.id, added.entry.uid)
    assert added.new_teachers == (("Ms. Rivera", None),)
    assert store.timer.running() is None
    assert [e.id for e in store.entries.query(None)] == [added.entry.id]


def test_a_cancelled_timer_leaves_no_entry(store: Store) -> None:
    """cancel discards the running timer; nothing is saved, and a stale timer is refused."""
    running = started(store)
    store.timer.cancel(running)
    assert (store.timer.running(), store.entries.count()) == (None, 0)
    with pytest.raises(CoachlogError, match="the timer changed"):
        store.timer.cancel(running)


def test_switching_timers_saves_the_running_one(store: Store) -> None:
    """start with the running timer and an entry saves that entry and starts the new timer, in one step."""
    running = started(store)
    new = Timer(start=datetime(2026, 11, 23, 15, 0, tzinfo=NY), stance=CONSULTING, teachers=("Mr. Okafor",))
    saving = session(date(2026, 11, 23), "14:00", 60, running.teachers, COACHING)
    added = store.timer.start(new, NOW, running=running, saving=saving)
    assert added is not None and added.entry.minutes == 60
    now_running = store.timer.running()
    assert now_running is not None and now_running.teachers == ("Mr. Okafor",)


# ---- undo ---------------------------------------------------------------------------------------


def test_undo_of_add_edit_and_delete_restores_exactly_what_was_there(scripted: Store) -> None:
    """Each undo puts back every entry, teacher, term and timer as they were before the change, ids and uids too."""
    original = state(scripted)
    added = add(scripted, session(D18, "15:00", 10, ("Brand New",), COACHING))
    assert scripted.history.undo() == f"add of session #{added}"
    assert state(scripted) == original

    scripted.entries.edit(2, EntryChanges(teacher="Someone Else", tags=("x",), minutes=31, note="n"), NOW)
    assert scripted.history.undo() == "edit of #2"
    assert state(scripted) == original

    scripted.entries.delete(2)
    assert scripted.history.undo() == "delete of #2"
    assert state(scripted) == original
    assert scripted.history.undo() == "add of session #7"  # then the scripted adds' own steps, newest first
    assert scripted.entries.count() == 6


def test_undo_of_rename_and_merge_restores_teachers_and_their_sessions(scripted: Store) -> None:
    """Undoing a rename gives the old name back; undoing a merge brings the source back with its sessions in order."""
    original = state(scripted)
    scripted.teachers.rename("Ms. Rivera", "Ms. Rivera-Ruiz")
    assert scripted.history.undo() == "rename of 'Ms. Rivera' to 'Ms. Rivera-Ruiz'"
    assert state(scripted) == original
    scripted.teachers.merge("Ms. Rivera", "Mr. Okafor")
    assert scripted.history.undo() == "merge of 'Ms. Rivera' into 'Mr. Okafor'"
    assert state(scripted) == original


def test_undo_of_a_timer_stop_brings_the_timer_back(store: Store) -> None:
    """Undoing stop removes the saved entry and its new teacher, and the very timer runs again."""
    running = started(store, tags=("a",))
    before = state(store)
    store.timer.stop(running, session(date(2026, 11, 23), "14:00", 40, running.teachers, COACHING), NOW)
    assert store.history.undo() == "stop of the timer for Ms. Rivera, coaching that saved #1"
    assert state(store) == before
    assert store.history.undo() == "start of the timer for Ms. Rivera, coaching"
    assert state(store) == ([], [], [], None)


def test_a_rename_follows_into_the_running_timer_and_undo_takes_it_back(scripted: Store) -> None:
    """The timer keeps names: a rename changes them there too, and undoing the rename restores the timer row."""
    running = started(scripted)
    scripted.teachers.rename("Ms. Rivera", "Ms. Ruiz")
    renamed = scripted.timer.running()
    assert renamed is not None and renamed.teachers == ("Ms. Ruiz",)
    scripted.history.undo()
    assert scripted.timer.running() == running


def test_an_undone_add_s_id_is_not_handed_out_again(store: Store) -> None:
    """An undone add's id is never handed out again (SQLite's AUTOINCREMENT, PostgreSQL's sequence)."""
    first = add(store, session(D16, "09:00", 10, ("A",), COACHING))
    store.history.undo()
    second = add(store, session(D16, "09:00", 10, ("A",), COACHING))
    assert second == first + 1


# ---- imports ------------------------------------------------------------------------------------


def test_add_many_inserts_entries_and_terms_in_one_go(store: Store) -> None:
    """add_many writes every entry and term and returns how many entries; it is not an undo step."""
    fall = Term("Fall", date(2026, 9, 1), date(2026, 12, 20))
    assert store.imports.add_many(list(SCRIPT), NOW, (fall,)) == 7
    assert store.entries.count() == 7 and store.terms.all() == [fall]
    assert [t.name for t in store.teachers.stats()] == ["Dana Lee", "Mr. Okafor", "Ms. Rivera"]
    assert store.history.undo() is None


def test_import_skips_what_is_already_there_and_counts_it(store: Store) -> None:
    """run adds what is new and counts the rest as already there: importing the same items twice adds nothing."""
    items = [*SCRIPT[:4], session(D18, "12:00", 15, ("Zoë Ángel",), COACHING, source="cal:1")]
    result = store.imports.run(items, NOW, "from week.csv")
    assert (result.added, result.already_there, result.first, result.last) == (5, 0, D16, D18)
    assert result.sessions == {"consulting": 1, "collaborating": 1, "coaching": 2}
    assert result.duties == {"cover": 1}
    assert [name for name, _ in result.new_teachers] == ["Ms. Rivera", "Mr. Okafor", "Zoë Ángel"]
    moved = session(D18, "16:00", 15, ("Zoë Ángel",), COACHING, source="cal:1")  # same source, other time
    again = store.imports.run([*items, moved, SCRIPT[4]], NOW, "from week.csv")
    assert (again.added, again.already_there) == (1, 6)
    assert store.entries.count() == 6
    assert store.imports.known_sources(["cal:1", "cal:2"]) == {"cal:1"}
    assert store.history.undo() == "import of 1 entry from week.csv"
    assert store.history.undo() == "import of 5 entries from week.csv"
    assert state(store) == ([], [], [], None)


def test_a_dry_run_or_a_refused_row_imports_nothing(store: Store) -> None:
    """A dry run counts what it would add and writes nothing; an ambiguous name stops the import whole."""
    dry = store.imports.run(list(SCRIPT), NOW, "", dry_run=True)
    assert (dry.dry_run, dry.added) == (True, 7)
    assert state(store) == ([], [], [], None)
    add(store, session(D30, "11:00", 10, ("Mr. Rivera",), COACHING))
    add(store, session(D30, "12:00", 10, ("Ms. Rivera",), COACHING))
    before = state(store)
    items = [
        Incoming(SCRIPT[2], where="line 2"),
        Incoming(session(D16, "09:00", 5, ("rivera",), COACHING), where="line 3"),
    ]
    with pytest.raises(UsageError, match=r"line 3: .*could be.*nothing was imported"):
        store.imports.run(items, NOW, "")
    assert state(store) == before
    skipped: list[tuple[str, str]] = []
    result = store.imports.run(items, NOW, "", on_invalid=lambda where, why: skipped.append((where, why)))
    assert result.added == 1 and [where for where, _ in skipped] == ["line 3"]
    assert [t.name for t in store.teachers.stats()] == ["Mr. Okafor", "Mr. Rivera", "Ms. Rivera"]


def test_an_import_keeps_a_wanted_id_that_was_never_used(store: Store) -> None:
    """coachlog's own export keeps its ids when free (the superuser may move PostgreSQL's sequence, as a file may);
    an id already handed out is not reused, and the next add goes past the kept one."""
    first = add(store, session(D16, "09:00", 10, ("A",), COACHING))
    store.entries.delete(first)
    items = [Incoming(SCRIPT[0], wanted_id=first), Incoming(SCRIPT[2], wanted_id=50)]
    store.imports.run(items, NOW, "")
    ids = sorted(e.id for e in store.entries.query(None))
    assert first not in ids and 50 in ids
    assert add(store, session(D18, "09:00", 10, ("A",), COACHING)) == 51


# ---- aggregates ---------------------------------------------------------------------------------


def rows(*rows: tuple[str, str, str | None, str | None, int, int]) -> list[AggregateRow]:
    """AggregateRows from (group, kind, stance, duty kind, minutes, count)."""
    return [AggregateRow(*row) for row in rows]


def test_by_day_sums_each_day_kind_and_stance(scripted: Store) -> None:
    """Minutes and counts per local date, kind, stance and duty kind, in date order, for the week only."""
    got = scripted.aggregates.by_day(WEEK)
    assert [row.group for row in got] == sorted(row.group for row in got)
    assert sorted(got, key=repr) == sorted(
        rows(
            ("2026-11-16", "session", "coaching", None, 45, 1),
            ("2026-11-16", "session", "collaborating", None, 30, 1),
            ("2026-11-17", "session", "consulting", None, 60, 1),
            ("2026-11-17", "duty", None, "cover", 50, 1),
            ("2026-11-18", "session", "coaching", None, 20 + 25, 2),
        ),
        key=repr,
    )
    assert sum(row.minutes for row in scripted.aggregates.by_day(ALL)) == 45 + 30 + 60 + 50 + 20 + 25 + 40


def test_by_teacher_counts_a_team_session_for_each_teacher(scripted: Store) -> None:
    """Session minutes per teacher and stance, teachers in name-key order; the shared 30 minutes count twice."""
    got = scripted.aggregates.by_teacher(WEEK)
    assert list(dict.fromkeys(row.group for row in got)) == ["Dana Lee", "Mr. Okafor", "Ms. Rivera"]
    assert sorted(got, key=repr) == sorted(
        rows(
            ("Dana Lee", "session", "coaching", None, 20, 1),
            ("Mr. Okafor", "session", "collaborating", None, 30, 1),
            ("Mr. Okafor", "session", "consulting", None, 60, 1),
            ("Ms. Rivera", "session", "coaching", None, 45 + 25, 2),
            ("Ms. Rivera", "session", "collaborating", None, 30, 1),
        ),
        key=repr,
    )


def test_by_activity_groups_sessions_by_activity_in_byte_order(scripted: Store) -> None:
    """Sessions only, grouped by activity ('' for none first, then byte order, whatever the server's collation)."""
    assert scripted.aggregates.by_activity(WEEK) == rows(
        ("", "session", "consulting", None, 60, 1),
        ("co-teaching", "session", "collaborating", None, 30, 1),
        ("debrief", "session", "coaching", None, 20, 1),
        ("planning", "session", "coaching", None, 45 + 25, 2),
    )


def test_aggregates_take_filters_and_group_by_tag(scripted: Store) -> None:
    """Issue 16: report --teacher/--tag filter the aggregates; --by tag groups by tag ('' for none, byte order)."""
    rivera = Filters(teacher="rivera")
    assert sum(row.minutes for row in scripted.aggregates.by_day(WEEK, rivera)) == 45 + 30 + 25
    assert scripted.aggregates.teachers_reached(WEEK, rivera) == 2  # Ms. Rivera and her co-teacher
    math = Filters(tag="math")
    assert scripted.aggregates.by_day(WEEK, math) == rows(("2026-11-16", "session", "coaching", None, 45, 1))
    assert [e.id for e in scripted.entries.query(None, math)] == [1] and scripted.entries.count(None, math) == 1
    got = scripted.aggregates.by_tag(WEEK)
    assert [row.group for row in got] == sorted(row.group for row in got)
    assert sorted(got, key=repr) == sorted(
        rows(
            ("", "duty", None, "cover", 50, 1),
            ("", "session", "coaching", None, 20 + 25, 2),
            ("", "session", "collaborating", None, 30, 1),
            ("", "session", "consulting", None, 60, 1),
            ("math", "session", "coaching", None, 45, 1),
        ),
        key=repr,
    )


def test_teachers_reached_and_cells_describe_who_the_figures_are_about(scripted: Store) -> None:
    """teachers_reached counts distinct teachers in the period; teacher_cells lists each (day, stance, activity,
    teacher) once."""
    rivera, okafor, dana = (scripted.teachers.id_of(n) for n in ("Ms. Rivera", "Mr. Okafor", "Dana Lee"))
    assert scripted.aggregates.teachers_reached(WEEK) == 3
    assert scripted.aggregates.teachers_reached(Period(D17, D17, "day")) == 1
    assert scripted.aggregates.teachers_reached(Period(D30, D30, "day")) == 1
    assert scripted.aggregates.teachers_reached(Period(date(2026, 12, 1), date(2026, 12, 31), "Dec")) == 0
    assert sorted(scripted.aggregates.teacher_cells(WEEK), key=repr) == sorted(
        [
            TeacherCell(D16, "coaching", "planning", rivera),
            TeacherCell(D16, "collaborating", "co-teaching", rivera),
            TeacherCell(D16, "collaborating", "co-teaching", okafor),
            TeacherCell(D17, "consulting", "", okafor),
            TeacherCell(D18, "coaching", "debrief", dana),
            TeacherCell(D18, "coaching", "planning", rivera),
        ],
        key=repr,
    )


def test_teacher_groups_are_the_cells_by_day_stance_and_activity(scripted: Store) -> None:
    """teacher_groups gives the teacher cells grouped in the database (a summary reads groups, not cells)."""
    cells = scripted.aggregates.teacher_cells(WEEK)
    assert sorted(scripted.aggregates.teacher_groups(WEEK), key=repr) == sorted(grouped(cells), key=repr)
    assert {len(group.teachers) for group in scripted.aggregates.teacher_groups(WEEK)} == {1, 2}


@pytest.mark.parametrize("period", [WEEK, Period(D17, D30, "2 weeks"), ALL])
def test_period_parts_are_the_groups_atoms_and_duties_read_in_one_pass(scripted: Store, period: Period) -> None:
    """period_parts (a summary's one pass over a period) gives the teacher groups teacher_groups gives, split by
    cycle; the duties by_day gives; and per day, stance, activity and cycle the sessions' minutes, count and
    smallest uid, in that order (the units a summary rounds)."""
    parts = scripted.aggregates.period_parts(period)
    merged: dict[tuple[date, str, str], frozenset[int]] = {}
    for group in parts.groups:
        key = (group.local_date, group.stance, group.activity)
        assert list(group.teachers) == sorted(set(group.teachers))  # sorted distinct ids
        merged[key] = merged.get(key, frozenset()).union(group.teachers)
    assert sorted(merged.items()) == sorted(
        ((g.local_date, g.stance, g.activity), g.teachers) for g in scripted.aggregates.teacher_groups(period)
    )
    assert parts.duties == scripted.aggregates.by_day(period, Filters(duties_only=True))
    atoms: dict[tuple[date, str, str, bool], tuple[int, int, str]] = {}
    for e in scripted.entries.query(period):
        if e.kind == "session":
            key = (e.local_date, str(e.stance), e.activity or "", e.cycle is not None)
            minutes, count, uid = atoms.get(key, (0, 0, str(e.uid)))
            atoms[key] = (minutes + e.minutes, count + 1, min(uid, str(e.uid)))
    assert [(a.local_date, a.stance, a.activity, a.in_cycle, a.minutes, a.sessions, a.seed) for a in parts.atoms] == [
        (*key, *value) for key, value in sorted(atoms.items())
    ]
    assert parts.outside == frozenset()


@pytest.mark.parametrize(
    "period", [WEEK, Period(D16, D18, "3 days"), Period(D17, D30, "2 weeks"), Period(D16, D16, "1 day"), ALL]
)
def test_stance_halves_are_the_python_twin_s(scripted: Store, period: Period) -> None:
    """stance_halves sums per teacher and half in SQL what reports.leaders.stance_halves sums from the sessions."""
    sessions = [
        (scripted.teachers.id_of(name), e.local_date, str(e.stance))
        for e in scripted.entries.query(period)
        if e.kind == "session"
        for name in e.teachers
    ]
    stored = scripted.aggregates.stance_halves(period, second_half(period.start, period.end), POSITION)
    assert sorted(stored, key=repr) == sorted(stance_halves(sessions, period.start, period.end), key=repr)
    assert len({half.teacher_id for half in stored}) == len({teacher for teacher, _, _ in sessions})


def test_date_span_is_the_first_and_last_local_date(store: Store) -> None:
    """date_span is None on an empty database, else the first and last local dates of any entry."""
    assert store.aggregates.date_span() is None
    for new in SCRIPT:
        add(store, new)
    assert store.aggregates.date_span() == (D16, D30)


# ---- sync ---------------------------------------------------------------------------------------


def test_database_id_is_stable_and_a_copy_is_the_same_file_but_another_server_database(
    store: Store, backend: Backend
) -> None:
    """database_id reads the same after reopening. A copied SQLite file is the same database to push; a copy made
    by the PostgreSQL server carries the same stored setting but is another database (PostgresDialect.database_id)."""
    import uuid

    ident = store.sync.database_id()
    uuid.UUID(ident)
    assert backend.open().sync.database_id() == ident
    copy = backend.open(backend.another())
    stored = "SELECT value FROM setting WHERE key = 'database_id'"
    if backend.name == "sqlite":
        assert copy.sync.database_id() == ident
    else:
        assert copy.sync.database_id() != ident
        assert copy.database.read(stored) == store.database.read(stored)


def test_a_pushed_entry_deleted_here_leaves_a_tombstone_on_a_file_only(store: Store, backend: Backend) -> None:
    """Deleting an entry a team database had leaves its uid for the next push, on a SQLite file (its triggers);
    undoing the delete takes it back. A PostgreSQL database is what coaches push to, not from: no tombstones."""
    pushed = store.entries.get(add(store, session(D16, "09:00", 10, ("A",), COACHING)))
    local = store.entries.get(add(store, session(D17, "09:00", 10, ("A",), COACHING)))
    store.sync.record_push("remote-1", {pushed.uid: "digest-1"}, [])  # type: ignore[dict-item]
    assert store.sync.pushed_digests("remote-1") == {pushed.uid: "digest-1"}
    assert store.sync.pushed_digests("remote-2") == {}
    store.entries.delete(pushed.id)
    store.entries.delete(local.id)
    assert store.sync.tombstones() == ([pushed.uid] if backend.name == "sqlite" else [])
    store.history.undo()
    store.history.undo()
    assert store.sync.tombstones() == []


def test_entries_by_uid_finds_the_coach_s_entries(scripted: Store) -> None:
    """entries_by_uid maps each known uid to its entry and leaves out the unknown ones."""
    everything = {e.uid: e for e in scripted.entries.query(None)}
    wanted = sorted(everything)[:3]
    assert scripted.sync.entries_by_uid([*wanted, "no-such-uid"]) == {uid: everything[uid] for uid in wanted}
    assert scripted.sync.entries_by_uid([]) == {}
    source = add(scripted, session(D30, "15:00", 10, ("A",), COACHING, source="cal:9"))
    assert scripted.sync.entries_by_source(["cal:9", "cal:0"]) == {"cal:9": scripted.entries.get(source)}


def test_receive_takes_a_push_whole_and_keeps_no_undo_step(store: Store) -> None:
    """receive inserts new entries with their uids, overwrites changed ones found by uid (respelling the teacher
    as sent), deletes by uid and drops teachers no entry names; an unknown changed uid refuses it all."""
    kept = store.entries.get(add(store, session(D16, "09:00", 10, ("Ms. Rivera",), COACHING)))
    gone = store.entries.get(add(store, session(D17, "09:00", 10, ("Old Name",), COACHING)))
    uid = "11111111-1111-4111-8111-111111111111"
    new = session(D18, "09:00", 20, ("Dana Lee",), CONSULTING, uid=uid)
    stray = new.replace(uid="22222222-2222-4222-8222-222222222222", minutes=5)
    before = state(store)
    with pytest.raises(CoachlogError, match="left the team database"):
        store.sync.receive([new], [stray], [gone.uid], NOW)  # type: ignore[list-item]
    assert state(store) == before
    store.sync.receive([new], [kept.replace(minutes=30, teachers=("MS. RIVERA",))], [gone.uid], NOW)  # type: ignore[list-item]
    received = store.sync.entries_by_uid([uid, kept.uid, gone.uid])  # type: ignore[list-item]
    assert set(received) == {uid, kept.uid}
    assert received[uid] == as_stored(new, received[uid].id, uid)
    assert (received[kept.uid].id, received[kept.uid].minutes, received[kept.uid].teachers) == (
        kept.id,
        30,
        ("MS. RIVERA",),
    )
    assert [t.name for t in store.teachers.stats()] == ["Dana Lee", "MS. RIVERA"]
    assert store.history.undo() == f"add of session #{gone.id}"  # the push left no step of its own


# ---- the roster and next steps (issue 15) -------------------------------------------------------


def test_roster_apply_leave_contacts_and_undo(store: Store) -> None:
    """The roster on both backends: an import adds and updates by name key, a leaver keeps their sessions, reach's
    contacts count the period, and undo restores the roster's facts."""
    from coachlog.domain.caseload import RosterLine

    add(store, session(D16, "09:00", 45, ("Ms. Rivera",), COACHING))
    add(store, session(D30, "09:00", 30, ("Ms. Rivera", "Mr. Okafor"), COLLABORATING))
    assert not store.roster.exists()
    lines = [RosterLine("ms rivera", "Math", "7"), RosterLine("Mr. Okafor", None, "8"), RosterLine("Ms. Chen")]
    dry = store.roster.apply(lines, NOW, dry_run=True, description="import")
    assert (dry.added, dry.updated, dry.dry_run) == (("Ms. Chen",), ("Ms. Rivera", "Mr. Okafor"), True)
    assert not store.roster.exists()
    store.roster.apply(lines, NOW, dry_run=False, description="import of staff.csv")
    members = {m.name: m for m in store.roster.members()}
    assert (members["Ms. Rivera"].department, members["Ms. Rivera"].grade, members["Ms. Rivera"].on_staff) == (
        "Math",
        "7",
        True,
    )
    assert members["Ms. Chen"].listed and store.roster.exists()
    left = store.roster.leave("okafor", D17)
    assert (left.on_staff, left.left_on) == (False, D17)
    assert not left.on_staff_during(D18, D30) and left.on_staff_during(D16, D30)
    contacts = store.roster.contacts(D17, D30)
    rivera, okafor = members["Ms. Rivera"].id, members["Mr. Okafor"].id
    assert contacts[rivera] == (1, 30, D30) and contacts[okafor] == (1, 30, D30)
    assert store.roster.contacts(D16, D16)[rivera] == (1, 45, D16)
    assert store.history.undo() == "leaving of 'Mr. Okafor'"
    assert store.roster.member(okafor).on_staff
    assert store.history.undo() == "import of staff.csv"
    assert not store.roster.exists()
    assert [m.name for m in store.roster.members()] == ["Mr. Okafor", "Ms. Rivera"]


def test_next_steps_with_a_session_done_and_undo(store: Store) -> None:
    """A step saved with its session (one undo removes both), listed when due, marked done and reopened by undo."""
    from coachlog.domain.caseload import StepRequest

    store.entries.add(session(D16, "09:00", 45, ("Ms. Rivera",), COACHING), NOW, "add of session")
    entry = store.entries.add(
        session(D17, "09:00", 30, ("Mr. Okafor", "Ms. Rivera"), COACHING), NOW, "add", step=StepRequest("lab data", D18)
    ).entry
    (step,) = store.steps.open(None)
    assert (step.teacher, step.text, step.due_on, step.done_on, step.entry_id) == (
        "Mr. Okafor",
        "lab data",
        D18,
        None,
        entry.id,
    )
    assert store.steps.open(D17) == [] and store.steps.count_open(D18) == 1
    done = store.steps.done(step.id, D30, NOW)
    assert done.done_on == D30 and store.steps.open(None) == []
    with pytest.raises(CoachlogError, match="already"):
        store.steps.done(step.id, D30, NOW)
    with pytest.raises(NotFoundError):
        store.steps.done(step.id + 100, D30, NOW)
    store.history.undo()
    assert store.steps.open(None) == [step]
    store.history.undo()  # the add: the session, its step, and Mr. Okafor (new with it)
    assert store.steps.open(None) == [] and [s.name for s in store.teachers.stats()] == ["Ms. Rivera"]
