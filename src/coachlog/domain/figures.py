"""What storage's aggregates give a summary: who each shared figure describes, and the units its time is summed
from. Plain data, stdlib only.

Kept apart from values.py so that the commands that never build a summary (`add`, `log`, `report`) do not pay
for creating these classes at start-up (values.py still names them, building them on first use). Plain records, so
NamedTuples: a frozen dataclass costs its module (and `inspect`) and a millisecond each to create (issue 17).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import date

from coachlog.domain.frozen import NamedTuple


class Voice(NamedTuple):
    """A teacher's answer or success story the teacher agreed to share (never a note)."""

    local_date: date
    helpful: str | None
    story: str | None
    teachers: tuple[str, ...]


class TeacherCell(NamedTuple):
    """One teacher met in sessions of one stance and activity on one day: who a figure describes."""

    local_date: date
    stance: str
    activity: str
    teacher_id: int


class TeacherGroup(NamedTuple):
    """The teachers met in sessions of one stance and activity on one day: TeacherCells, one per day and kind."""

    local_date: date
    stance: str
    activity: str
    teachers: Collection[int]  # distinct ids: a frozenset, or (from storage's period_parts) a sorted tuple


def grouped(cells: Iterable[TeacherCell] | Iterable[TeacherGroup]) -> Iterator[TeacherGroup]:
    """`cells` as groups of teachers by day, stance and activity (as storage gives them: a big term has a
    hundred thousand cells and a few hundred groups)."""
    groups: dict[tuple[date, str, str], set[int]] = defaultdict(set)
    for cell in cells:
        if isinstance(cell, TeacherGroup):
            yield cell
        else:
            groups[(cell.local_date, cell.stance, cell.activity)].add(cell.teacher_id)
    for (day, stance, activity), teachers in groups.items():
        yield TeacherGroup(day, stance, activity, frozenset(teachers))


class SessionAtom(NamedTuple):
    """Session minutes of one day, stance, activity and in-cycle or not: the smallest unit a shared figure is summed
    from."""

    local_date: date
    stance: str
    activity: str
    minutes: int
    sessions: int
    seed: str = ""  # the smallest entry uid in the unit: fixes its rounding, the same wherever the entries are
    in_cycle: bool = False  # its sessions are linked to a coaching cycle (a day's sessions in and out of one: 2 units)


class CycleGroup(NamedTuple):
    """The teachers met on one day in one stance and activity, in sessions in a coaching cycle or in none."""

    local_date: date
    stance: str
    activity: str
    in_cycle: bool
    teachers: Collection[int]  # distinct ids: a frozenset, or (from storage's period_parts) a sorted tuple


class StanceHalf(NamedTuple):
    """One teacher's sessions in one half of a term where they were met: how many had a stance (0: none did), and
    the sum of their stance positions."""

    teacher_id: int
    second: bool  # the second half
    sessions: int
    positions: int  # consulting 0, collaborating 1, coaching 2, summed
