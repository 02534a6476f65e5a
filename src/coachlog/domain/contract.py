"""The store's contract: what a write takes (EntryChanges, Incoming, Filters) and what the store gives
back (Added, ImportResult, AggregateRow). Plain data, stdlib only.

Kept apart from values.py so that start-up (`--help`, `--version`) does not build classes that only the
store and the services use: each frozen dataclass costs about a millisecond to create at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coachlog.domain.text import check_free_text
from coachlog.domain.values import STANCES, Entry, NewEntry, Stance, When
from coachlog.errors import UsageError


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
    cycle: int | None = None  # the coaching cycle the session was linked to


@dataclass(frozen=True)
class CycleLink:
    """Which cycle a new session joins: `chosen` (--cycle ID), none (`auto` False: --no-cycle), or by default
    the open cycle of its first teacher who is in one on the session's day."""

    chosen: int | None = None
    auto: bool = True


@dataclass(frozen=True)
class Incoming:
    """An entry to import: `wanted_id` is kept when free (coachlog's own export) and the database lets us;
    `where` ("line 7") names it in messages."""

    entry: NewEntry
    wanted_id: int | None = None
    where: str = ""
    cycle: CycleLink = CycleLink()  # coachlog's own export names the cycle (or none); other files: the open one


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
    linked: int = 0  # sessions that joined a coaching cycle
    unlinked: dict[int, int] = field(default_factory=dict)  # cycle named by the file -> sessions that could not join

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
    """Which entries a listing or a report counts; a field left None lets every entry through."""

    teacher: str | None = None
    stance: Stance | None = None
    activity: str | None = None
    duties_only: bool = False
    tag: str | None = None  # cleaned (clean_tag): entries carrying this tag


NO_FILTERS = Filters()


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
    cycle: CycleLink | None = None  # --cycle ID or --no-cycle; None: a session moved out of its cycle relinks

    def __post_init__(self) -> None:
        for what in ("note", "helpful", "story"):
            check_free_text(getattr(self, what), what)

    @property
    def teachers(self) -> bool | None:
        return True if self.teacher is not None or self.others is not None else None

    def teachers_after(self, before: Entry) -> tuple[str, ...]:
        first = self.teacher if self.teacher is not None else before.teachers[0]
        others = self.others if self.others is not None else before.teachers[1:]
        return (first, *others)

    def check_against(self, before: Entry) -> None:
        what = {"duty": "a duty", "prep": "prep work (no teacher present)"}.get(before.kind)
        if what and (self.teachers or self.stance is not None):
            raise UsageError(f"#{before.id} is {what}: it has no teachers or stance to change")
        if what and (self.helpful or self.story or self.shareable):
            raise UsageError(f"#{before.id} is {what}: answers and stories belong to sessions with teachers")

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in self.__dataclass_fields__)
