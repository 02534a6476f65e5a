"""The store's contract: what a listing or report asks for (Filters), what a session joins (CycleLink), and
what the store gives back (Added, AggregateRow). Plain data, stdlib only. What `edit` and `import` hand the
store is in changes.py.

Kept apart from values.py so that start-up (`--help`, `--version`) does not build classes that only the
store and the services use: each frozen dataclass costs about a millisecond to create at import (a NamedTuple,
for a value with no behaviour, a fifth of that).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from coachlog.domain.values import Entry, Stance


@dataclass(frozen=True)
class AggregateRow:
    """Minutes and entries for one group (a day, a teacher, an activity), one stance or duty kind."""

    group: str
    kind: str
    stance: str | None
    duty_kind: str | None
    minutes: int
    count: int


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
