"""An ended term's exact counts, fixed the first time a summary shows them.

Exact counts (cycles active, started and completed, their median length, focus areas, evidence moved, the
stance movement, reach by department) show only for a whole named term that has ended: one figure per term,
never a range of a reader's choosing. Recomputed from the log each time, a late change to the term (a cycle's
result corrected, a session backdated, a teacher's department changed, the term's days moved by one) would
show as the difference between a summary before it and one after, and describe the one teacher it changed.
So the first summary of an ended term fixes its counts (storage/term_counts.py), and every later one shows
those, saying since when: one set per privacy.min_group (counts at another threshold are other figures, and
a threshold raised must never show counts fixed under a lower one). A term whose days overlap another's
fixed counts without being the same days (its dates were changed after they were shown) shows no counts at
all: else two whole terms a day apart would subtract to that day's cycle. Nor does a term whose counts
cannot be kept (a read-only database): a summary made later, where they can be, might show others.

Time figures are not fixed: they are sums of rounded units (rounding.py), safe across any change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from coachlog.reports.leaders import FigureLine, FigureSection

FIXED_KEYS = (
    "stance_movement",
    "cycles_active",
    "cycles_started",
    "cycles_completed",
    "median_length",
    "focus_areas",
    "student_evidence",
    "reach_by_department",
)
CHANGED_TERM = (
    "not fixed"  # why counts are hidden: the term's days moved after its counts were shown, or a read-only db
)


def counts_json(sections: tuple[FigureSection, ...]) -> str:
    """The lines of FIXED_KEYS in `sections`, as JSON (what storage keeps)."""
    lines = {
        line.key: {"text": line.text, "value": line.value, "hidden": line.hidden, "quiet": line.quiet}
        for section in sections
        for line in section.lines
        if line.key in FIXED_KEYS
    }
    return json.dumps(lines, sort_keys=True, ensure_ascii=False)


def with_fixed_counts(sections: tuple[FigureSection, ...], fixed: str, fixed_on: date) -> tuple[FigureSection, ...]:
    """`sections` with the lines of FIXED_KEYS as they were fixed on `fixed_on` (a key fixed without a line is
    dropped), and a line saying since when."""
    kept = json.loads(fixed)
    note = FigureLine(
        "counts_fixed_on",
        f"Counts for this term as first shown on {fixed_on.isoformat()}: later changes to its log leave them as"
        " they were.",
        fixed_on.isoformat(),
    )
    return _replaced(sections, lambda key: FigureLine(key, **kept[key]) if key in kept else None, note)


def term_changed(other_start: date) -> FigureLine:
    """The note for a term whose days overlap the fixed counts of the term from `other_start`."""
    return FigureLine(
        "counts_fixed_on",
        f"Counts: not shown; this term's dates were changed after a summary showed the counts of the term from"
        f" {other_start.isoformat()}.",
        None,
        CHANGED_TERM,
    )


READ_ONLY = FigureLine(
    "counts_fixed_on",
    "Counts: not shown; the database is read-only, so they could not be kept as first shown.",
    None,
    CHANGED_TERM,
)


def without_counts(sections: tuple[FigureSection, ...], note: FigureLine) -> tuple[FigureSection, ...]:
    """`sections` with every line of FIXED_KEYS hidden (CHANGED_TERM), and `note` saying why."""
    return _replaced(sections, lambda key: FigureLine(key, None, None, CHANGED_TERM), note)


def _replaced(
    sections: tuple[FigureSection, ...], line_for: Callable[[str], FigureLine | None], note: FigureLine
) -> tuple[FigureSection, ...]:
    out = []
    for section in sections:
        lines = [line if line.key not in FIXED_KEYS else line_for(line.key) for line in section.lines]
        out.append(replace(section, lines=tuple(line for line in lines if line is not None)))
    last = out[-1]
    out[-1] = replace(last, lines=(*last.lines, note))
    return tuple(out)
