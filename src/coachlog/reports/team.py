"""What a coordinator sees of the team: the figures the database's team_report() gives, as values.

The database withholds what would describe too few teachers (storage/team_functions.sql);
this module only reads its JSON. FEWER and PROTECTS say why a figure is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from coachlog.domain.values import STANCES
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.report import percent

__all__ = ["FEWER", "PROTECTS", "Figures", "TeamFigures", "team_figures_from"]


@dataclass(frozen=True)
class Figures:
    """One line of the team table: a coach, or the program's totals. None where a figure is withheld."""

    label: str
    sessions: int
    session_minutes: int
    duty_minutes: int
    stances: dict[str, int | None]  # minutes by stance
    hidden: dict[str, str]  # stance -> FEWER or PROTECTS, for the withheld ones
    teachers: int
    prep_minutes: int = 0  # coaching work without a teacher present: logged time, never a duty

    @property
    def logged_minutes(self) -> int:
        return self.session_minutes + self.prep_minutes + self.duty_minutes

    def share(self, stance: str) -> float | None:
        """The stance's percentage of the time with teachers; None when withheld."""
        minutes = self.stances[stance]
        return None if minutes is None else percent(minutes, self.session_minutes)

    @property
    def duty_percent(self) -> float:
        return percent(self.duty_minutes, self.logged_minutes)


@dataclass(frozen=True)
class TeamFigures:
    """What a coordinator may see of one date range: the coaches shown, the program's totals, duties by kind."""

    start: date | None
    end: date | None
    min_group: int
    coaches: tuple[Figures, ...]
    totals: Figures
    coaches_left_out: int
    left_out_in_totals: bool
    duties: dict[str, tuple[int, int]]  # duty kind -> (minutes, coaches)


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
        left_out_in_totals=totals["left_out_in_totals"],
        duties={row["duty_kind"]: (row["minutes"], row["coaches"]) for row in data["duties"]},
    )
