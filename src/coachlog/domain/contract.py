"""The store's contract: what a listing or report asks for (Filters), what a session joins (CycleLink), and
what the store gives back (Added, AggregateRow, PeriodParts). Plain data, stdlib only. What `edit` and `import` hand the
store is in changes.py.

Kept apart from values.py so that start-up (`--help`, `--version`) does not build classes that only the
store and the services use: each frozen dataclass costs about a millisecond to create at import (a NamedTuple,
for a value with no behaviour, a fifth of that; AggregateRow is a Frozen value, domain/frozen.py, so that no
command that reads or writes entries loads `dataclasses`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachlog.domain.frozen import Frozen, NamedTuple
from coachlog.domain.values import Entry, Stance

if TYPE_CHECKING:
    from coachlog.domain.figures import CycleGroup, SessionAtom


class AggregateRow(Frozen):
    """Minutes and entries for one group (a day, a teacher, an activity), one stance or duty kind."""

    FIELDS = ("group", "kind", "stance", "duty_kind", "minutes", "count")
    group: str
    kind: str
    stance: str | None
    duty_kind: str | None
    minutes: int
    count: int

    def __init__(
        self, group: str, kind: str, stance: str | None, duty_kind: str | None, minutes: int, count: int
    ) -> None:
        self.__dict__.update(group=group, kind=kind, stance=stance, duty_kind=duty_kind, minutes=minutes, count=count)


class Added(NamedTuple):
    """What `add` did: the entry, any teachers it created and names they resemble, overlaps."""

    entry: Entry
    new_teachers: tuple[tuple[str, str | None], ...]  # (name, close existing name or None)
    overlaps: tuple[int, ...]
    cycle: int | None = None  # the coaching cycle the session was linked to


class CycleLink(NamedTuple):
    """Which cycle a new session joins: `chosen` (--cycle ID), none (`auto` False: --no-cycle), or by default
    the open cycle of its first teacher who is in one on the session's day."""

    chosen: int | None = None
    auto: bool = True


class Filters(NamedTuple):
    """Which entries a listing or a report counts; a field left None lets every entry through."""

    teacher: str | None = None
    stance: Stance | None = None
    activity: str | None = None
    duties_only: bool = False
    tag: str | None = None  # cleaned (clean_tag): entries carrying this tag


NO_FILTERS = Filters()


class PeriodParts:
    """What a summary reads of one period's entries (storage's period_parts): its session atoms (by day, stance,
    activity, in a cycle or not), the teacher groups of the same sessions (those with teachers), the duties by
    day (as by_day gives them), and the teachers of its entries that are not sessions. The groups' teachers are
    sorted tuples: a big term's groups list a hundred thousand ids, several MiB less than as sets (issue 17).
    A plain class: only a summary builds one, and creating a dataclass would cost every command's start-up."""

    __slots__ = ("atoms", "duties", "groups", "outside")

    def __init__(
        self, atoms: list[SessionAtom], groups: list[CycleGroup], duties: list[AggregateRow], outside: frozenset[int]
    ) -> None:
        self.atoms = atoms
        self.groups = groups
        self.duties = duties
        self.outside = outside
