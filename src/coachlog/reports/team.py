"""What a coordinator sees of the team: the figures the database's team_report() gives, as values.

The database withholds what would describe too few teachers (storage/team_functions.sql);
this module reads its JSON. The totals are the shown coaches' sums only, counts and times alike: of the
coaches left out, only their number shows. FEWER and PROTECTS say why a figure is withheld. CycleRow,
cycle_hidden and totals_cycle_hidden are the Python twin of the database's rule for time in
cycles (team_why_cycles, and its use in team_totals_of), held equal by shared test vectors; CountRow, counts_shown
and totals_counts are the twin of its cycle counts and reach (team_count_json, team_count_totals).

The cycle counts' rule is in reports/team_counts.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.values import STANCES
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.report import percent
from coachlog.reports.team_counts import (
    CHANGED_TERM,
    NOT_A_TERM,
    NOT_FIXED_YET,
    WITHHELD_COUNTS,
    Count,
    CountRow,
    CycleCounts,
    counts_from,
    counts_shown,
    totals_counts,
)

__all__ = [
    "CHANGED_TERM",
    "FEWER",
    "NOT_A_TERM",
    "NOT_FIXED_YET",
    "PROTECTS",
    "Count",
    "CountRow",
    "CycleCounts",
    "CycleRow",
    "Figures",
    "TeamFigures",
    "counts_shown",
    "cycle_hidden",
    "team_figures_from",
    "totals_counts",
    "totals_cycle_hidden",
]


class Figures(NamedTuple):
    """One line of the team table: a coach, or the program's totals. None where a figure is withheld."""

    label: str
    sessions: int
    session_minutes: int
    duty_minutes: int
    stances: dict[str, int | None]  # minutes by stance
    hidden: dict[str, str]  # stance -> FEWER or PROTECTS, for the withheld ones
    teachers: int
    prep_minutes: int = 0  # coaching work without a teacher present: logged time, never a duty
    cycle_minutes: int | None = 0  # time with teachers in coaching cycles; None when withheld
    cycle_why: str | None = None  # FEWER or PROTECTS when cycle_minutes is withheld
    counts: CycleCounts = WITHHELD_COUNTS

    @property
    def logged_minutes(self) -> int:
        return self.session_minutes + self.prep_minutes + self.duty_minutes

    def share(self, stance: str) -> float | None:
        """The stance's percentage of the time with teachers; None when withheld."""
        minutes = self.stances[stance]
        return None if minutes is None else percent(minutes, self.session_minutes)

    @property
    def cycle_share(self) -> float | None:
        """Time in cycles as a percentage of the time with teachers; None when withheld."""
        return None if self.cycle_minutes is None else percent(self.cycle_minutes, self.session_minutes)

    @property
    def duty_percent(self) -> float:
        return percent(self.duty_minutes, self.logged_minutes)

    @property
    def coaching_lost(self) -> tuple[int, int] | None:
        """Duty time restated as sessions at the coach's (or the shown coaches') own mean session: (sessions,
        minutes of one), the mean being the row's time with teachers over its sessions, to TYPICAL_STEP minutes,
        from MIN_TYPICAL_SESSIONS sessions. Both are shown on the row, so it adds nothing to it (the coach's own
        summary counts in debriefs, at a length from its activity table, which a team row does not show). None:
        no duty, or too few sessions for a mean."""
        from coachlog.reports.leaders import MIN_TYPICAL_SESSIONS, TYPICAL_STEP

        if not self.duty_minutes or self.sessions < MIN_TYPICAL_SESSIONS:
            return None
        mean = TYPICAL_STEP * round(self.session_minutes / self.sessions / TYPICAL_STEP)
        return None if mean <= 0 else (round(self.duty_minutes / mean), mean)


class TeamFigures(NamedTuple):
    """What a coordinator may see of one date range: the coaches shown, the program's totals, duties by kind."""

    start: date | None
    end: date | None
    min_group: int
    coaches: tuple[Figures, ...]
    totals: Figures
    coaches_left_out: int  # in no total (sessions, teachers, times): only this number shows
    duties: dict[str, tuple[int, int]]  # duty kind -> (minutes, coaches): the shown coaches'


def _figures(label: str, row: dict[str, Any]) -> Figures:
    return Figures(
        label=label,
        sessions=row["sessions"],
        session_minutes=row["session_minutes"],
        duty_minutes=row["duty_minutes"],
        stances={stance: row[f"{stance}_minutes"] for stance in STANCES},
        hidden={stance: row[f"{stance}_hidden"] for stance in STANCES if row[f"{stance}_hidden"]},
        teachers=row["teachers_reached"],
        prep_minutes=row.get("prep_minutes") or 0,
        cycle_minutes=row.get("cycle_minutes"),
        # functions older than time in cycles (team init not yet run again): withheld, as "hidden"
        cycle_why=row.get("cycle_hidden") or (PROTECTS if row.get("cycle_minutes") is None else None),
        counts=counts_from(row.get("counts")),
    )


def team_figures_from(data: dict[str, Any], start: date | None, end: date | None) -> TeamFigures:
    """The team's figures for start..end from team_report()'s JSON (storage.team.team_report_data)."""
    totals = data["totals"]
    return TeamFigures(
        start=start,
        end=end,
        min_group=totals["min_group"],
        coaches=tuple(_figures(row["coach"], row) for row in data["coaches"]),
        totals=_figures("all coaches", totals),
        coaches_left_out=totals["coaches_left_out"],
        duties={row["duty_kind"]: (row["minutes"], row["coaches"]) for row in data["duties"]},
    )


# ---- the twin of the database's rule for time in cycles ---------------------------------------


class CycleRow(NamedTuple):
    """One coach's row of team_rows, as far as time in cycles goes (teachers counted per coach)."""

    session_minutes: int  # time with teachers: a sum of rounded units, shown on the row
    cycle_minutes: int  # the units in a cycle among them
    cycle_teachers: int  # teachers met in sessions in a cycle
    outside_teachers: int  # teachers met in sessions in no cycle
    hidden: int  # the row's withheld stance cells (bits 1, 2, 4)
    shown: bool  # the coach has a row of their own; only the shown coaches are in the totals
    minutes: tuple[int, ...]  # the stance cells' time (consulting, collaborating, coaching)
    in_unions: tuple[int, ...]  # [f - 1]: teachers met in cycle sessions of the stances of bit mask f (1..7)
    out_unions: tuple[int, ...]  # [f - 1]: teachers met in sessions in no cycle of those stances


def _few(count: int, min_group: int) -> bool:
    return 0 < count < min_group


def _part(minutes: tuple[int, ...], stances: int) -> int:
    """The time of the stances in bit mask `stances`."""
    return sum(minutes[i] for i in range(3) if stances & (1 << i))


def cycle_hidden(row: CycleRow, min_group: int) -> str | None:
    """Why a row's time in cycles C is withheld (None: shown). It describes the teachers met in cycles and, taken
    from the time with teachers S, those met outside them: each none or min_group. With the stance cells it is the
    margin of a table whose cells are never negative: for each set F of stances, time in cycles in F is at least
    C + sum(F) - S and outside cycles at least sum(F) - C; a positive bound needs none or min_group teachers met
    in cycle sessions (outside cycles) of F. It adds an equation across the stance cells, so it shows only when
    the row withholds none of them."""
    if _few(row.cycle_teachers, min_group) or _few(row.outside_teachers, min_group):
        return FEWER
    for stances in range(1, 8):
        part = _part(row.minutes, stances)
        if row.cycle_minutes + part - row.session_minutes > 0 and _few(row.in_unions[stances - 1], min_group):
            return FEWER
        if part - row.cycle_minutes > 0 and _few(row.out_unions[stances - 1], min_group):
            return FEWER
    return PROTECTS if row.hidden else None


def _summed(rows: list[CycleRow], hidden: int, shown: bool) -> CycleRow:
    """The rows as one (teachers counted per coach), withholding the stance cells in `hidden`."""
    return CycleRow(
        session_minutes=sum(row.session_minutes for row in rows),
        cycle_minutes=sum(row.cycle_minutes for row in rows),
        cycle_teachers=sum(row.cycle_teachers for row in rows),
        outside_teachers=sum(row.outside_teachers for row in rows),
        hidden=hidden,
        shown=shown,
        minutes=tuple(sum(row.minutes[i] for row in rows) for i in range(3)),
        in_unions=tuple(sum(row.in_unions[f] for row in rows) for f in range(7)),
        out_unions=tuple(sum(row.out_unions[f] for row in rows) for f in range(7)),
    )


def totals_cycle_hidden(rows: Iterable[CycleRow], totals_hidden: int, min_group: int) -> str | None:
    """Why the totals' time in cycles is withheld (None: shown): the rule of a row, on the shown coaches' sums
    (the totals hold no left-out coach's time: which coaches the left-out group holds changes with the range, an
    edit or a push, and two outputs would subtract to one left-out coach's), and then the withheld times it
    would give away. Less the shown coaches' times, the total gives the sum of the withheld ones (of coaches
    who met teachers in cycles); each is bounded by its time with teachers, so the total shows only when there
    is none."""
    shown = [row for row in rows if row.shown]
    why = cycle_hidden(_summed(shown, totals_hidden, True), min_group)
    if why is not None:
        return why
    if any(row.cycle_teachers > 0 and cycle_hidden(row, min_group) for row in shown):
        return PROTECTS
    return None
