"""Reach: who on staff the coach saw in a period, who not yet, how long since each was seen, by department and
grade. The coach's own view (it names teachers); never a shared one.

Staff are the roster's people on staff on some day of the period; with no roster, every teacher
met in the period, with the configured `staff` number as the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period

if TYPE_CHECKING:
    from coachlog.domain.caseload import RosterMember


class Contact(NamedTuple):
    """A teacher's sessions and minutes in the period, and the last day they were seen up to its end."""

    sessions: int
    minutes: int
    last_seen: date | None


class ReachRow(NamedTuple):
    name: str
    department: str | None
    grade: str | None
    on_staff: bool
    sessions: int
    minutes: int
    last_seen: date | None
    days_since: int | None  # from the last contact to the period's end (or today, if sooner)
    in_cycle: bool | None  # None: cycles are not known here


class GroupRow(NamedTuple):
    """A department's or grade's reach: how many of its staff were seen."""

    by: str  # "department" or "grade"
    name: str
    staff: int
    reached: int


class Reach(NamedTuple):
    period: Period
    rows: tuple[ReachRow, ...]  # never seen first, then the longest since
    groups: tuple[GroupRow, ...]
    reached: int
    staff: int | None  # None: no roster and no `staff` setting
    from_roster: bool
    shows_cycles: bool

    @property
    def never_seen(self) -> tuple[str, ...]:
        return tuple(row.name for row in self.rows if row.sessions == 0 and row.on_staff)

    @property
    def in_cycles(self) -> int:
        """The caseload: how many of the listed teachers are in an active coaching cycle."""
        return sum(1 for row in self.rows if row.in_cycle)

    @property
    def share(self) -> float | None:
        """The share of staff reached, in percent (None without a staff count)."""
        return None if not self.staff else round(100 * self.reached / self.staff, 1)


def build_reach(
    period: Period,
    members: Iterable[RosterMember],
    contacts: Mapping[int, Contact],
    today: date,
    *,
    configured_staff: int | None,
    in_cycles: set[int] | None = None,
) -> Reach:
    """The period's reach from the roster (or, without one, the teachers met) and each teacher's contacts."""
    members = list(members)
    from_roster = any(member.listed for member in members)
    until = min(today, period.end)
    rows = []
    for member in members:
        contact = contacts.get(member.id, Contact(0, 0, None))
        on_staff = member.on_staff_during(period.start, period.end)
        if (from_roster and not on_staff) or (not from_roster and contact.sessions == 0):
            continue
        last = contact.last_seen
        rows.append(
            ReachRow(
                name=member.name,
                department=member.department,
                grade=member.grade,
                on_staff=member.on_staff or not from_roster,
                sessions=contact.sessions,
                minutes=contact.minutes,
                last_seen=last,
                days_since=None if last is None else max((until - last).days, 0),
                in_cycle=None if in_cycles is None else member.id in in_cycles,
            )
        )
    rows.sort(key=lambda row: (row.last_seen is not None, -(row.days_since or 0)))  # stable: names stay in order
    reached = sum(1 for row in rows if row.sessions)
    return Reach(
        period=period,
        rows=tuple(rows),
        groups=_groups(rows) if from_roster else (),
        reached=reached,
        staff=len(rows) if from_roster else configured_staff,
        from_roster=from_roster,
        shows_cycles=in_cycles is not None,
    )


def _groups(rows: list[ReachRow]) -> tuple[GroupRow, ...]:
    """Reach by department, then by grade, for the groups the roster names (a row without one is left out)."""
    groups: list[GroupRow] = []
    for by in ("department", "grade"):
        counts: dict[str, list[int]] = {}
        for row in rows:
            name = getattr(row, by)
            if name:
                count = counts.setdefault(name, [0, 0])
                count[0] += 1
                count[1] += row.sessions > 0
        groups += [GroupRow(by, name, staff, reached) for name, (staff, reached) in sorted(counts.items())]
    return tuple(groups)
