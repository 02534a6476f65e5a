"""What `edit` and `import` hand the store (EntryChanges, Incoming), and what an import did (ImportResult).
Plain data, stdlib only.

Apart from contract.py so that `add`, `log` and `report`, which need none of them, do not build these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coachlog.domain.contract import CycleLink
from coachlog.domain.text import check_free_text
from coachlog.domain.values import STANCES, Entry, NewEntry, Stance, When
from coachlog.errors import UsageError


@dataclass(frozen=True)
class Incoming:
    """An entry to import: `wanted_id` is kept when free (coachlog's own export) and the database lets us;
    `where` ("line 7") names it in messages."""

    entry: NewEntry
    wanted_id: int | None = None
    where: str = ""
    # coachlog's own export names the cycle (or none); other files: the open one
    cycle: CycleLink = CycleLink()  # noqa: RUF009 (a NamedTuple, immutable: one default shared is safe)


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
