"""The schema's source of truth: SQLModel tables, their constraints and indexes.

Alembic migrations (coachlog/migrations) are generated from these and a test
checks that a migrated database matches them. Day-to-day reads and writes go
through `store.py` with the standard library's sqlite3 for start-up speed; a
test reads what the store wrote through these models.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from coachlog.domain.timeparse import from_utc_text, utc_text
from coachlog.domain.values import DUTY_KINDS, ENTRY_KINDS, MAX_MINUTES, MIN_MINUTES, STANCES
from coachlog.storage.schema.conditions import SHARED_STORIES

# Named constraints, so that later migrations can drop or alter them (SQLite batch mode).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCInstant(TypeDecorator[datetime]):
    """Aware instants stored as UTC text; naive datetimes are refused (SQLite drops offsets)."""

    impl = sa.String(19)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> str | None:
        return None if value is None else utc_text(value)

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else from_utc_text(value)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


OWNER_LENGTH = 63  # PostgreSQL's longest role name: on a team database, the owner is the coach's role


class Setting(SQLModel, table=True):
    """Facts about the database itself: "database_id" (random, names it to `push`) and, in a
    personal file, "owner" (the coach every row belongs to)."""

    key: str = Field(primary_key=True, max_length=40)
    value: str


class Teacher(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("owner", "name_key", name="uq_teacher_owner_name_key"),
        sa.CheckConstraint("on_staff IN (0, 1)", name="on_staff").ddl_if(dialect="sqlite"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=OWNER_LENGTH)  # each coach has their own teachers
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100)
    created_at: datetime = Field(sa_type=UTCInstant)
    # The roster (migration 0006): a teacher logged but never put on the roster has on_staff false and no
    # left_on; a leaver keeps their row (and history) with on_staff false and the day they left.
    department: str | None = Field(default=None, max_length=60)
    grade: str | None = Field(default=None, max_length=30)
    on_staff: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    left_on: date | None = None


class Entry(SQLModel, table=True):
    """A coaching session (teachers + stance) or a duty (time pulled away from coaching)."""

    __table_args__ = (
        sa.CheckConstraint(_in("kind", ENTRY_KINDS), name="kind"),
        sa.CheckConstraint(f"minutes BETWEEN {MIN_MINUTES} AND {MAX_MINUTES}", name="minutes"),
        sa.CheckConstraint(
            # IS NOT NULL too: in SQL, `NULL IN (...)` is not false, so a CHECK would let it through.
            f"(kind = 'session' AND stance IS NOT NULL AND {_in('stance', STANCES)} AND duty_kind IS NULL)"
            f" OR (kind = 'duty' AND stance IS NULL AND duty_kind IS NOT NULL AND {_in('duty_kind', DUTY_KINDS)})"
            " OR (kind = 'prep' AND stance IS NULL AND duty_kind IS NULL)",
            name="kind_fields",
        ),
        # SQLite stores booleans as integers; PostgreSQL's boolean holds only true/false (IN (0, 1) is an error there).
        sa.CheckConstraint("time_known IN (0, 1)", name="time_known").ddl_if(dialect="sqlite"),
        sa.CheckConstraint("shareable IN (0, 1)", name="shareable").ddl_if(dialect="sqlite"),
        sa.UniqueConstraint("owner", "source", name="uq_entry_owner_source"),
        sa.Index("ix_entry_owner_local_date", "owner", "local_date"),
        sa.Index("ix_entry_kind_activity_local_date", "kind", "activity", "local_date", "id"),  # typical sessions
        sa.Index(  # a summary's pass over a period (migration 0010)
            "ix_entry_summary", "local_date", "kind", "stance", "duty_kind", "activity", "cycle_id", "minutes", "uid"
        ),
        sa.Index(  # a summary's shared answers and stories (migration 0011): the queries' WHERE
            "ix_entry_shared",
            "local_date",
            "start_utc",
            sqlite_where=sa.text(SHARED_STORIES),
            postgresql_where=sa.text(SHARED_STORIES),
        ),
        {"sqlite_autoincrement": True},  # ids never come back after a delete
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=36, unique=True)  # a UUID: the same entry in every database it is pushed to
    owner: str = Field(max_length=OWNER_LENGTH)
    kind: str = Field(max_length=10)
    start_utc: datetime = Field(sa_type=UTCInstant, index=True)
    minutes: int
    local_date: date = Field(index=True)
    time_known: bool
    stance: str | None = Field(default=None, max_length=20)
    duty_kind: str | None = Field(default=None, max_length=20)
    activity: str | None = Field(default=None, max_length=40)
    note: str | None = None
    helpful: str | None = None  # the teacher's answer to "What was most helpful for you today?"
    story: str | None = None  # a success worth telling
    shareable: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    source: str | None = Field(default=None, max_length=300)  # e.g. a calendar event's id; unique per owner
    consent_withdrawn_at: datetime | None = Field(default=None, sa_type=UTCInstant)  # the teacher took back consent
    created_at: datetime = Field(sa_type=UTCInstant)
    updated_at: datetime = Field(sa_type=UTCInstant)
    # The coaching cycle the session belongs to (linked automatically, or chosen with --cycle).
    cycle_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("cycle.id", ondelete="SET NULL"), nullable=True, index=True)
    )


class Cycle(SQLModel, table=True):
    """A coaching cycle: a teacher (or a small team) and the coach, a goal, phases, dates and evidence.

    Evidence is numbers only (a baseline and a result, with what they measure): never student names.
    """

    __table_args__ = (
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= started_on", name="dates"),
        sa.Index("ix_cycle_owner_started_on", "owner", "started_on"),
        {"sqlite_autoincrement": True},  # ids never come back after an undo
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=36, unique=True)  # a UUID, as entry.uid
    owner: str = Field(max_length=OWNER_LENGTH)
    goal: str = Field(max_length=500)
    focus: str | None = Field(default=None, max_length=100)
    phase: str = Field(max_length=40)
    started_on: date
    closed_on: date | None = None
    outcome: str | None = None
    measure: str | None = Field(default=None, max_length=200)  # what the numbers count (never names)
    baseline: float | None = None
    result: float | None = None
    created_at: datetime = Field(sa_type=UTCInstant)
    updated_at: datetime = Field(sa_type=UTCInstant)


class CycleTeacher(SQLModel, table=True):
    """Who a cycle is with; position 0 is the teacher named first."""

    __tablename__ = "cycle_teacher"

    cycle_id: int = Field(sa_column=sa.Column(sa.ForeignKey("cycle.id", ondelete="CASCADE"), primary_key=True))
    teacher_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("teacher.id", ondelete="RESTRICT"), primary_key=True, index=True)
    )
    position: int = 0


class EntryTeacher(SQLModel, table=True):
    """Who a session was with; position 0 is the teacher named first."""

    __tablename__ = "entry_teacher"

    entry_id: int = Field(sa_column=sa.Column(sa.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True))
    teacher_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("teacher.id", ondelete="RESTRICT"), primary_key=True, index=True)
    )
    position: int = 0


class EntryTag(SQLModel, table=True):
    __tablename__ = "entry_tag"

    entry_id: int = Field(sa_column=sa.Column(sa.ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True))
    tag: str = Field(max_length=60, primary_key=True)


class Term(SQLModel, table=True):
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="dates"),
        sa.UniqueConstraint("owner", "name_key", name="uq_term_owner_name_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=OWNER_LENGTH)
    name: str = Field(max_length=100)
    name_key: str = Field(max_length=100)
    start_date: date
    end_date: date


class UndoStep(SQLModel, table=True):
    """One revertible change: what it was, and the rows as they were before it (JSON)."""

    __tablename__ = "undo_step"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=OWNER_LENGTH)
    description: str
    created_at: datetime = Field(sa_type=UTCInstant)
    before: str


class Timer(SQLModel, table=True):
    """A coach's one running timer (`coachlog start`): a session still to be saved by `stop`."""

    __table_args__ = (sa.CheckConstraint(_in("stance", STANCES), name="stance"),)

    owner: str = Field(primary_key=True, max_length=OWNER_LENGTH)
    start_utc: datetime = Field(sa_type=UTCInstant)
    stance: str = Field(max_length=20)
    teachers: str  # JSON list of the names as typed; resolved when the timer stops
    activity: str | None = Field(default=None, max_length=40)
    note: str | None = None
    tags: str = "[]"  # JSON list
    created_at: datetime = Field(sa_type=UTCInstant)


class EntryTombstone(SQLModel, table=True):
    """An entry deleted here (written by a SQLite trigger), so that `push` deletes it from a team database too."""

    __tablename__ = "entry_tombstone"

    uid: str = Field(primary_key=True, max_length=36)
    deleted_at: datetime = Field(sa_type=UTCInstant)


class Pushed(SQLModel, table=True):
    """What `push` last agreed with a team database on, per entry: a digest of the entry's content.

    An entry whose digest differs here changed since; one whose digest differs there changed there.
    """

    remote: str = Field(primary_key=True, max_length=36)  # the team database's database_id
    uid: str = Field(primary_key=True, max_length=36)
    digest: str = Field(max_length=64)


class SummaryRecord(SQLModel, table=True):
    """What one leadership summary contained, kept when it was written: the uids of the entries whose answers
    or stories it showed (JSON list), so a consent withdrawn later can be traced to the summaries sent."""

    __tablename__ = "summary_record"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=OWNER_LENGTH, index=True)
    made_at: datetime = Field(sa_type=UTCInstant)
    start_date: date
    end_date: date
    label: str
    format: str = Field(max_length=10)
    path: str | None = None  # None: standard output
    uids: str


class TermCount(SQLModel, table=True):
    """An ended term's exact counts as a summary first showed them (its figure lines, JSON): later summaries of
    the term show these, so a late change to the term's log never shows as a difference between two of them."""

    __tablename__ = "term_count"
    __table_args__ = (
        sa.UniqueConstraint("owner", "start_date", "end_date", name="uq_term_count_owner_dates"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=OWNER_LENGTH)
    start_date: date
    end_date: date
    window_start: date  # the first day its cycle counts took in (the break before the term)
    min_group: int  # privacy.min_group when they were fixed: a stricter one later shows none
    fixed_on: date
    lines: str


class NextStep(SQLModel, table=True):
    """What the coach promised to come back to with a teacher, and by when (`add --next TEXT --by DATE`)."""

    __tablename__ = "next_step"
    __table_args__ = (
        sa.Index("ix_next_step_owner_due_on", "owner", "due_on"),
        {"sqlite_autoincrement": True},  # ids never come back after a delete (`done ID` names them)
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(max_length=36, unique=True)
    owner: str = Field(max_length=OWNER_LENGTH)
    teacher_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("teacher.id", ondelete="RESTRICT"), nullable=False, index=True)
    )
    entry_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("entry.id", ondelete="SET NULL"), nullable=True)
    )
    text: str
    due_on: date
    done_on: date | None = None
    created_at: datetime = Field(sa_type=UTCInstant)
    updated_at: datetime = Field(sa_type=UTCInstant)
