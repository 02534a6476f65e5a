"""Domain values: stances, duty kinds, activities, entries. Plain data, stdlib only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from coachlog.errors import UsageError


class Stance(StrEnum):
    """Lipton & Wellman's continuum, from the coach's expertise to the teacher's thinking."""

    CONSULTING = "consulting"
    COLLABORATING = "collaborating"
    COACHING = "coaching"


STANCES: tuple[str, ...] = tuple(s.value for s in Stance)
DUTY_KINDS: tuple[str, ...] = ("cover", "supervision", "testing", "admin", "event", "other")
DEFAULT_ACTIVITIES: tuple[str, ...] = (
    "planning",
    "observing",
    "modeling",
    "co-teaching",
    "debrief",
    "data",
    "team",
    "workshop",
    "resources",
    "leaders",
    "other",
)
MIN_MINUTES = 1
MAX_MINUTES = 12 * 60
LONG_MINUTES = 4 * 60


@dataclass(frozen=True)
class NewEntry:
    """What a coach logs: a session with teachers and a stance, or a duty."""

    kind: str  # "session" or "duty"
    start: datetime  # aware; for a date without a time, local midnight of that date
    minutes: int
    local_date: date
    time_known: bool
    teachers: tuple[str, ...] = ()
    stance: Stance | None = None
    duty_kind: str | None = None
    activity: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    helpful: str | None = None  # the teacher's answer to "What was most helpful for you today?"
    story: str | None = None  # a success worth telling
    shareable: bool = False  # the teacher agreed the answer and story may be shared
    source: str | None = None  # where an imported entry came from (a calendar event), to import it once
    uid: str | None = None  # its global id; a new one is made when None (push keeps the one it has)


@dataclass(frozen=True)
class Entry(NewEntry):
    """A stored entry, as read back: its id, and times as aware UTC instants."""

    id: int = field(kw_only=True)


@dataclass(frozen=True)
class Voice:
    """A teacher's answer or success story the teacher agreed to share (never a note)."""

    local_date: date
    helpful: str | None
    story: str | None
    teachers: tuple[str, ...]


@dataclass(frozen=True)
class TeacherCell:
    """One teacher met in sessions of one stance and activity on one day: who a figure describes."""

    local_date: date
    stance: str
    activity: str
    teacher_id: int


@dataclass(frozen=True)
class Term:
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class TeacherStats:
    id: int
    name: str
    sessions: int
    minutes: int
    last_seen: date | None


@dataclass(frozen=True)
class Timer:
    """A session still running (`coachlog start`); `coachlog stop` saves it as an entry.

    The teachers are names, not ids: a new teacher is created only when the session is saved.
    """

    start: datetime  # aware
    stance: Stance
    teachers: tuple[str, ...]
    activity: str | None = None
    note: str | None = None
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None  # set by the store; tells one timer from another started later

    def label(self) -> str:
        """Who and what, as the timer's messages show it: "Ms. Rivera, coaching, debrief"."""
        return ", ".join((*self.teachers, str(self.stance), *((self.activity,) if self.activity else ())))


@dataclass(frozen=True)
class TeacherMatch:
    """A typed name checked against the known teachers: the name to keep, whether it is new, a close name."""

    name: str
    new: bool
    hint: str | None = None


# ---- what the store takes and gives back ------------------------------------------------------

MIN_GROUP = 5  # the fewest teachers a shared figure may describe; privacy.min_group and team init may raise it


@dataclass(frozen=True)
class AggregateRow:
    """Minutes and entries for one group (a day, a teacher, an activity), one stance or duty kind."""

    group: str
    kind: str
    stance: str | None
    duty_kind: str | None
    minutes: int
    count: int


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


@dataclass(frozen=True)
class Filters:
    teacher: str | None = None
    stance: Stance | None = None
    activity: str | None = None
    duties_only: bool = False


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


@dataclass(frozen=True)
class When:
    """When a session started: an aware instant, its local date, and whether the time was given."""

    start: datetime
    local_date: date
    time_known: bool
