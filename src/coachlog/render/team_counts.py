"""The team views' cycle counts and reach: one table of them per coach and for the totals, the same cells in
every format (render/team.py places it: a second table in `report --team`, a section of `summary --team`,
columns of its CSV, an object of its JSON).

A withheld figure is said as the coach's own summary says it: "fewer than 5" (it would describe fewer than
min_group teachers), "hidden" (it would let one be worked out), "term only" (exact counts show only for a
range that is a whole term of the coach that has ended: two over ranges a reader picks would subtract to one
cycle), "not fixed yet" (a term's counts show once the coach's own summary of it has fixed them).
"""

from __future__ import annotations

from typing import Any

from coachlog.render.document import Section, hidden_text
from coachlog.reports.leaders import NOT_A_TERM
from coachlog.reports.team import CHANGED_TERM, NOT_FIXED_YET, Count, CycleCounts, Figures, TeamFigures

TERM_ONLY = "term only"
COUNT_HEADINGS = ("coach", "cycles started", "active", "completed", "median length", "evidence moved", "staff reached")
COUNT_CSV_HEADINGS = (
    "cycles_started",
    "cycles_active",
    "cycles_completed",
    "median_days",
    "evidence_moved",
    "evidence_of",
    "staff_reached",
    "staff",
)


def withheld_text(hidden: str | None, min_group: int) -> str:
    """How a withheld count reads (the empty string: not withheld)."""
    if hidden in (NOT_A_TERM, CHANGED_TERM, NOT_FIXED_YET):
        return TERM_ONLY if hidden == NOT_A_TERM else hidden
    return hidden_text(hidden, min_group)


def _count(count: Count, min_group: int, unit: str = "") -> str:
    if count.value is None:
        return withheld_text(count.hidden, min_group) or "none"
    return f"{count.value:g}{unit}"


def _evidence(counts: CycleCounts, min_group: int) -> str:
    if counts.moved is None or counts.of is None:
        return withheld_text(counts.evidence_hidden, min_group) or "none recorded"
    return f"{counts.moved} of {counts.of}"


def _reach(counts: CycleCounts, min_group: int) -> str:
    if counts.no_roster:
        return "no roster"
    share = counts.reach_share
    if counts.reached is None or counts.staff is None:
        return withheld_text(counts.reach_hidden, min_group)
    return f"{counts.reached} of {counts.staff}" + ("" if share is None else f" ({share:g}%)")


def count_row(figures: Figures, min_group: int) -> list[str]:
    """A line of the counts table: the coach (or the totals) and each figure, or why it is withheld."""
    c = figures.counts
    return [
        figures.label,
        _count(c.started, min_group),
        _count(c.active, min_group),
        _count(c.completed, min_group),
        _count(c.median_days, min_group, " days"),
        _evidence(c, min_group),
        _reach(c, min_group),
    ]


def count_rows(team: TeamFigures) -> list[list[str]]:
    return [count_row(figures, team.min_group) for figures in (*team.coaches, team.totals)]


def count_notes(team: TeamFigures) -> list[str]:
    """What the counts table means, and what it leaves out."""
    notes = [
        "Cycles: started, active (on some day) and completed in the coach's term and the break before it; the median"
        " length in days (start and close both counted) of those completed; evidence: of the completed cycles with a"
        " baseline and a result, how many moved their measure. Staff reached: teachers on the coach's roster in the"
        " range who were met in it, of those on it."
    ]
    every = (*team.coaches, team.totals)
    fixed = [f"{figures.label} on {figures.counts.fixed_on}" for figures in team.coaches if figures.counts.fixed_on]
    if fixed:
        notes.append(
            "A term's cycle counts are those the coach's own first summary of it showed, fixed that day ("
            + ", ".join(fixed)
            + "), so a later change to the term never shows as a difference; the totals' median shows only when one"
            " coach shown has completed cycles (it is then theirs)."
        )
    if any(CHANGED_TERM in _whys(figures.counts) for figures in every):
        notes.append(
            "“not fixed”: the coach's counts for this term were fixed at a lower privacy threshold, or another term's"
            " fixed counts overlap its days (its dates were changed after a summary showed them)."
        )
    if any(NOT_FIXED_YET in _whys(figures.counts) for figures in every):
        notes.append(
            "“not fixed yet”: a term's cycle counts appear once the coach's own summary of that term has fixed them"
            " (so the team view shows what that summary shows, and a later change to the term never shows as a"
            " difference); a coach who pushes to the team database shows them once their fixed counts reach it."
        )
    if any(NOT_A_TERM in _whys(figures.counts) for figures in every):
        notes.append(
            "“term only”: cycle counts are exact, so they show only for a range that is exactly one of the coach's"
            " terms that has ended (two counts over other ranges would subtract to one cycle); the totals show a"
            " count only when every coach shown does."
        )
    return notes


def _whys(c: CycleCounts) -> tuple[str | None, ...]:
    counts = (c.active.hidden, c.started.hidden, c.completed.hidden, c.evidence_hidden, c.reach_hidden)
    return (*counts, c.movement_hidden, c.focus_hidden, c.departments_hidden)


def counts_section(team: TeamFigures) -> Section:
    """The one-pager's "Cycles and reach": the counts table and what it means."""
    return Section(
        "Cycles and reach",
        tuple(count_notes(team)),
        COUNT_HEADINGS,
        tuple(tuple(row) for row in count_rows(team)),
        frozenset(range(1, len(COUNT_HEADINGS))),
    )


def counts_withheld(c: CycleCounts) -> bool:
    """Some figure is "fewer than" or "hidden" (a note then says what those mean)."""
    return any(why not in (None, NOT_A_TERM, CHANGED_TERM, NOT_FIXED_YET) for why in _whys(c))


def counts_json(counts: CycleCounts) -> dict[str, Any]:
    """The JSON contract of a row's (or the totals') counts: null where withheld, "hidden" says why."""

    def count(c: Count) -> dict[str, Any]:
        return {"value": c.value, "hidden": c.hidden}

    return {
        "started": count(counts.started),
        "active": count(counts.active),
        "completed": count(counts.completed),
        "median_days": count(counts.median_days),
        "evidence": {"moved": counts.moved, "of": counts.of, "hidden": counts.evidence_hidden},
        "reach": {
            "reached": counts.reached,
            "staff": counts.staff,
            "percent": counts.reach_share,
            "hidden": counts.reach_hidden,
            "no_roster": counts.no_roster,
        },
        "fixed_on": counts.fixed_on,
    }


def counts_csv(counts: CycleCounts) -> list[object]:
    """The CSV cells of COUNT_CSV_HEADINGS: empty where a figure is withheld (or there is none)."""
    values = (
        counts.started.value,
        counts.active.value,
        counts.completed.value,
        counts.median_days.value,
        counts.moved,
        counts.of,
        counts.reached,
        counts.staff,
    )
    return ["" if value is None else value for value in values]
