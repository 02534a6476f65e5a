"""The team views' figures from a term's fixed counts, and duties restated as coaching lost: "N of M teachers
moved toward the coaching stance", the focus areas most worked on, reach by department (each as the coach's own
summary of the term fixed it, under its rule: reports/team_counts.py) and what the duties cost in sessions at
the coach's mean session (reports/team.py Figures.coaching_lost). One table of them per coach and for the
totals, the same cells in every format (render/team.py places it: a third table of `report --team`, a section
of `summary --team`, columns of its CSV, keys of its JSON).
"""

from __future__ import annotations

from typing import Any

from coachlog.render.document import Section
from coachlog.render.team_counts import withheld_text
from coachlog.reports.team import CycleCounts, Figures, TeamFigures

WORK_TITLE = "Coaching work"
WORK_HEADINGS = ("coach", "moved toward coaching", "focus areas", "reached by department", "duties cost")
WORK_CSV_HEADINGS = (
    "stance_moved",
    "stance_of",
    "focus_areas",
    "reach_by_department",
    "coaching_lost_sessions",
    "coaching_lost_minutes",
)


def _movement(c: CycleCounts, min_group: int) -> str:
    if c.movement is None:
        return withheld_text(c.movement_hidden, min_group) or "none"
    moved, of = c.movement
    return f"{moved} of {of} teachers"


def _areas(c: CycleCounts, separator: str = ", ") -> str:
    return separator.join(f"{area} ({n})" for area, n in sorted((c.focus or {}).items(), key=lambda i: (-i[1], i[0])))


def _places(c: CycleCounts, separator: str = ", ") -> str:
    return separator.join(
        f"{name} {reached} of {staff}" for name, (reached, staff) in sorted((c.departments or {}).items())
    )


def _focus(c: CycleCounts, min_group: int) -> str:
    return _areas(c) if c.focus else withheld_text(c.focus_hidden, min_group) or "none"


def _departments(c: CycleCounts, min_group: int) -> str:
    if c.departments:
        return _places(c)
    if c.departments_hidden is None and c.no_roster:
        return "no roster"
    return withheld_text(c.departments_hidden, min_group) or "none"


def _lost(figures: Figures) -> str:
    lost = figures.coaching_lost
    if lost is None:
        return "too few sessions" if figures.duty_minutes else "no duties"
    sessions, minutes = lost
    return f"≈ {sessions} sessions of {minutes} min"


def work_row(figures: Figures, min_group: int) -> list[str]:
    """A line of the coaching work table: the coach (or the totals) and each figure, or why it is withheld."""
    c = figures.counts
    return [figures.label, _movement(c, min_group), _focus(c, min_group), _departments(c, min_group), _lost(figures)]


def work_rows(team: TeamFigures) -> list[list[str]]:
    return [work_row(figures, team.min_group) for figures in (*team.coaches, team.totals)]


WORK_NOTE = (
    "Moved toward coaching: of the teachers met in each half of the term, how many met the coach in"
    " a stance nearer coaching in the second half; focus areas: the active cycles by focus area (the areas of"
    " fewer teachers left out); reached by department: staff reached of the roster's staff, for departments large"
    " enough to show. Each is a term's, as the coach's own summary of it fixed them. Duties cost: the duty time as"
    " sessions at the coach's mean session (time with teachers over sessions, both shown above, to 5 minutes)."
)


def work_section(team: TeamFigures) -> Section:
    """The one-pager's "Coaching work": the table and what it means."""
    rows = tuple(tuple(row) for row in work_rows(team))
    return Section(WORK_TITLE, (WORK_NOTE,), WORK_HEADINGS, rows, frozenset({1}))


def work_json(figures: Figures) -> dict[str, Any]:
    """The JSON contract of a row's (or the totals') figures from fixed counts: null where withheld."""
    c = figures.counts
    moved, of = c.movement or (None, None)
    departments = c.departments
    return {
        "stance_movement": {"moved": moved, "of": of, "hidden": c.movement_hidden},
        "focus_areas": {"areas": c.focus, "hidden": c.focus_hidden},
        "reach_by_department": {
            "departments": None
            if departments is None
            else {name: {"reached": r, "staff": s} for name, (r, s) in departments.items()},
            "hidden": c.departments_hidden,
        },
    }


def lost_json(figures: Figures) -> dict[str, Any] | None:
    """Duties as sessions at the mean session: null without duties or with too few sessions for a mean."""
    lost = figures.coaching_lost
    return None if lost is None else {"sessions": lost[0], "minutes": lost[1]}


def work_csv(figures: Figures) -> list[object]:
    """The CSV cells of WORK_CSV_HEADINGS: empty where a figure is withheld (or there is none)."""
    c = figures.counts
    moved, of = c.movement or ("", "")
    lost = figures.coaching_lost or ("", "")
    return [moved, of, _areas(c, "; "), _places(c, "; "), *lost]
