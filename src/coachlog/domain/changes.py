"""What `edit` and `import` hand the store (EntryChanges, Incoming), and what an import did (ImportResult).
Plain data, stdlib only.

Apart from contract.py so that `add`, `log` and `report`, which need none of them, do not build these classes.
Frozen values and a plain class, not dataclasses: `import` then does not load `dataclasses` and its `inspect`
(issue 17: they were a tenth of an import of a thousand rows).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from coachlog.domain.contract import CycleLink
from coachlog.domain.frozen import Frozen
from coachlog.domain.text import check_free_text
from coachlog.domain.values import STANCES, Entry, NewEntry, Stance, When
from coachlog.errors import UsageError

OPEN_CYCLE = CycleLink()  # a NamedTuple, immutable: one default shared is safe


class Incoming(Frozen):
    """An entry to import: `wanted_id` is kept when free (coachlog's own export) and the database lets us;
    `where` ("line 7") names it in messages. Frozen (domain/frozen.py)."""

    FIELDS: ClassVar[tuple[str, ...]] = ("entry", "wanted_id", "where", "cycle")
    entry: NewEntry
    wanted_id: int | None
    where: str
    cycle: CycleLink  # coachlog's own export names the cycle (or none); other files: the open one

    def __init__(
        self, entry: NewEntry, wanted_id: int | None = None, where: str = "", cycle: CycleLink = OPEN_CYCLE
    ) -> None:
        self.__dict__.update(entry=entry, wanted_id=wanted_id, where=where, cycle=cycle)


class ImportResult:
    """What an import added (or, in a dry run, would add) and what it left out as already there. Mutable, equal
    and shown as a dataclass would be."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "dry_run", "added", "already_there", "sessions", "duties", "first", "last", "new_teachers", "linked",
        "unlinked",
    )  # fmt: skip
    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: not hashable, as a dataclass

    def __init__(
        self,
        dry_run: bool = False,
        added: int = 0,
        already_there: int = 0,
        sessions: dict[str, int] | None = None,
        duties: dict[str, int] | None = None,
        first: date | None = None,
        last: date | None = None,
        new_teachers: list[tuple[str, str | None]] | None = None,
        linked: int = 0,
        unlinked: dict[int, int] | None = None,
    ) -> None:
        self.dry_run = dry_run
        self.added = added
        self.already_there = already_there
        self.sessions: dict[str, int] = dict.fromkeys(STANCES, 0) if sessions is None else sessions  # added, by stance
        self.duties: dict[str, int] = {} if duties is None else duties  # added, per duty kind
        self.first = first
        self.last = last
        # (name, a known name it resembles)
        self.new_teachers: list[tuple[str, str | None]] = [] if new_teachers is None else new_teachers
        self.linked = linked  # sessions that joined a coaching cycle
        # cycle named by the file -> sessions that could not join
        self.unlinked: dict[int, int] = {} if unlinked is None else unlinked

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return all(getattr(self, name) == getattr(other, name) for name in self.FIELDS)
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__qualname__}({shown})"

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


class EntryChanges(Frozen):
    """What `edit` changes; None leaves a field as it is ("" clears a note or an activity). Frozen
    (domain/frozen.py)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "teacher", "others", "stance", "minutes", "when", "note", "activity", "tags", "helpful", "story", "shareable",
        "cycle",
    )  # fmt: skip
    teacher: str | None
    others: tuple[str, ...] | None
    stance: Stance | None
    minutes: int | None
    when: When | None
    note: str | None
    activity: str | None
    tags: tuple[str, ...] | None
    helpful: str | None
    story: str | None
    shareable: bool | None
    cycle: CycleLink | None  # --cycle ID or --no-cycle; None: a session moved out of its cycle relinks

    def __init__(
        self,
        teacher: str | None = None,
        others: tuple[str, ...] | None = None,
        stance: Stance | None = None,
        minutes: int | None = None,
        when: When | None = None,
        note: str | None = None,
        activity: str | None = None,
        tags: tuple[str, ...] | None = None,
        helpful: str | None = None,
        story: str | None = None,
        shareable: bool | None = None,
        cycle: CycleLink | None = None,
    ) -> None:
        changes: dict[str, Any] = dict(
            teacher=teacher, others=others, stance=stance, minutes=minutes, when=when, note=note, activity=activity,
            tags=tags, helpful=helpful, story=story, shareable=shareable, cycle=cycle,
        )  # fmt: skip
        self.__dict__.update(changes)
        for what in ("note", "helpful", "story"):
            check_free_text(changes[what], what)

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
        return all(getattr(self, name) is None for name in self.FIELDS)
