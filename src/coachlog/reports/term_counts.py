"""An ended term's exact counts, fixed the first time a summary shows them.

Exact counts (cycles active, started and completed, their median length, focus areas, evidence moved, the
stance movement, reach by department) show only for a whole named term that has ended: one figure per term,
never a range of a reader's choosing. Recomputed from the log each time, a late change to the term (a cycle's
result corrected, a session backdated, a teacher's department changed, the term's days moved by one) would
show as the difference between a summary before it and one after, and describe the one teacher it changed.
So the first summary of an ended term fixes its counts (storage/term_counts.py), and every later one shows
those, saying since when: fixed once, whatever privacy.min_group is (a second set at another threshold,
fixed after a late change, would differ from the first by it), shown at the same or a lower threshold, and
not at all under a stricter one. The checks that set a fixed count beside a live figure (teachers reached
less the stance movement's M; the departments left out) run again each time. A term whose counted days
overlap another's fixed counts without being the same term (its dates were changed after they were shown, or
it was added in the break a term's cycle counts take in) shows no counts at all: else two whole terms a day
apart would subtract to that day's cycle. Nor does a term whose counts cannot be kept (a read-only
database): a summary made later, where they can be, might show others. A restore carries the fixed counts
of the database it replaces; an export and import, or the team database, do not (they are other databases).

Time figures are not fixed: they are sums of rounded units (rounding.py), safe across any change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from coachlog.domain.frozen import replace
from coachlog.reports.cycle_reach import department_line, departments_shown
from coachlog.reports.leaders import FigureLine, FigureSection
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.reach import GroupRow

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
# Why counts are hidden: the term's days moved after its counts were shown, a stricter min_group, a read-only db.
CHANGED_TERM = "not fixed"
# The key a term's counts carry, in both databases, once push found them fixed twice and differently (here and in
# the team database, each by a summary run against it): every count is withheld there from then on.
TWICE = "counts_fixed_twice"
# What a hidden figure's value reads as (the shape every hidden line of its kind has), else None.
HIDDEN_VALUE: dict[str, object] = {
    "stance_movement": {"moved": None, "of": None},
    "student_evidence": {"moved": None, "of": None},
    "focus_areas": {},
    "reach_by_department": {},
}


def counts_json(sections: tuple[FigureSection, ...]) -> str:
    """The lines of FIXED_KEYS in `sections`, as JSON (what storage keeps)."""
    lines = {
        line.key: {"text": line.text, "value": line.value, "hidden": line.hidden, "quiet": line.quiet}
        for section in sections
        for line in section.lines
        if line.key in FIXED_KEYS
    }
    return json.dumps(lines, sort_keys=True, ensure_ascii=False)


def same_fixing(mine: str, theirs: str) -> bool:
    """Two databases' fixed lines of one term are the same fixing (what the summaries of either show)."""
    return TWICE not in json.loads(mine) and json.loads(mine) == json.loads(theirs)


def fixed_twice_json(own: str, team: str) -> str:
    """The lines both databases keep for a term fixed differently in the coach's own database and in the team
    database (on days `own` and `team`): every count withheld, and why."""
    lines = {
        key: {"text": None, "value": HIDDEN_VALUE.get(key), "hidden": CHANGED_TERM, "quiet": False}
        for key in FIXED_KEYS
    }
    why = {"text": None, "value": {"own": own, "team": team}, "hidden": CHANGED_TERM, "quiet": True}
    return json.dumps({**lines, TWICE: why}, sort_keys=True, ensure_ascii=False)


def with_fixed_counts(
    sections: tuple[FigureSection, ...], fixed: str, fixed_on: date, teachers: int | None, staff: int | None, k: int
) -> tuple[FigureSection, ...]:
    """`sections` with the lines of FIXED_KEYS as they were fixed on `fixed_on` (a key fixed without a line is
    dropped), and a line saying since when. The checks that set a fixed count beside a figure shown today
    (`teachers` reached, and the staff reached of `staff` as `sections` show it) run again: teachers reached less
    the stance movement's M, and the departments left out of reach by department, must each be none or min_group
    (`k`) teachers, either way (a late `teacher merge` takes the teachers reached below M); reach by department
    shows only beside a staff reached shown today (else the departments, all shown, would sum to the staff
    reached it hides)."""
    kept = json.loads(fixed)
    if TWICE in kept:
        return without_counts(sections, fixed_twice(kept[TWICE]["value"]))
    reach = next((line.value for s in sections for line in s.lines if line.key == "staff_reached" and line.text), None)
    note = FigureLine(
        "counts_fixed_on",
        f"Counts for this term as first shown on {fixed_on.isoformat()}: later changes to its log leave them as"
        " they were.",
        fixed_on.isoformat(),
    )

    def line_for(key: str) -> FigureLine | None:
        if key not in kept:
            return None
        line, value = FigureLine(key, **kept[key]), kept[key]["value"]  # value: as JSON gave it
        if line.text is None:
            return line
        if teachers is None or (key == "stance_movement" and 0 < abs(teachers - value["of"]) < k):
            return hidden(key, FEWER)  # too few in the whole period now; or reached less M is too few
        if key == "reach_by_department":
            if not isinstance(reach, dict) or not staff:
                return hidden(key, FEWER)
            rows = [GroupRow("department", name, v["staff"], v["reached"]) for name, v in value.items()]
            shown = departments_shown(rows, reach["reached"], staff, k)
            return line if len(shown) == len(rows) else department_line(shown)
        return line

    return _replaced(sections, line_for, note)


def term_changed(other_start: date) -> FigureLine:
    """The note for a term whose days overlap the fixed counts of the term from `other_start`."""
    return FigureLine(
        "counts_fixed_on",
        f"Counts: not shown; this term's dates were changed after a summary showed the counts of the term from"
        f" {other_start.isoformat()}.",
        None,
        CHANGED_TERM,
    )


def stricter(fixed_at: int, k: int) -> FigureLine:
    """The note for counts fixed at a lower min_group than today's `k`: they may describe fewer than k."""
    return FigureLine(
        "counts_fixed_on",
        f"Counts: not shown; they were fixed when privacy.min_group was {fixed_at}, and it is {k} now.",
        None,
        CHANGED_TERM,
    )


def fixed_twice(days: dict[str, str]) -> FigureLine:
    """The note for a term whose counts were fixed differently here and in the team database."""
    return FigureLine(
        "counts_fixed_on",
        f"Counts: not shown; this term's counts were fixed twice, differently: by a summary of the coach's own"
        f" database on {days['own']} and one of the team database on {days['team']}.",
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
    return _replaced(sections, lambda key: hidden(key, CHANGED_TERM), note)


def hidden(key: str, why: str) -> FigureLine:
    return FigureLine(key, None, HIDDEN_VALUE.get(key), why)


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


# A term's counted days start the day after the term before ends, so the cycles active in a term and not begun in
# it are the term before's active less its completed: active(T) - started(T) = active(T-1) - completed(T-1). With
# three of the four shown, the fourth is worked out, whatever hid it. The term fixed second hides its own.
ADJACENT = ("cycles_active", "cycles_started", "cycles_completed")
WITH_COMPLETED = ("median_length", "student_evidence")  # hidden with the completed count (its length, M <= it)


def against_adjacent(
    sections: tuple[FigureSection, ...], before: str | None, after: str | None
) -> tuple[FigureSection, ...]:
    """`sections` (a term's counts about to be fixed) with the fewest of its active, started and completed counts
    (and with completed, its median length and evidence) hidden so that neither equation with an adjacent term's
    fixed lines (`before`: the term ending the day before this term's window, `after`: the term whose window
    starts the day after it ends; None: not fixed yet, it will judge itself against these) has one figure hidden
    of its four: active first, as it is in both equations."""
    mine = {line.key: line for s in sections for line in s.lines if line.key in ADJACENT}
    if len(mine) < len(ADJACENT):
        return sections
    hidden_now = {key for key, line in mine.items() if _hides(line)}
    equations = []  # each: this term's two keys in it, and how many of the adjacent term's two it hides
    for lines, own, theirs in (
        (before, "cycles_started", "cycles_completed"),
        (after, "cycles_completed", "cycles_started"),
    ):
        if lines is not None:
            kept = json.loads(lines)
            far = sum(1 for key in ("cycles_active", theirs) if key not in kept or _hides(FigureLine(key, **kept[key])))
            equations.append((("cycles_active", own), far))
    options = [frozenset(c) for c in ([], ["cycles_active"], ["cycles_started"], ["cycles_completed"])]
    options += [frozenset(pair) for pair in (ADJACENT[:2], ADJACENT[::2], ADJACENT[1:])] + [frozenset(ADJACENT)]

    def cost(extra: frozenset[str]) -> int:
        shown_with = [line for s in sections for line in s.lines if line.key in WITH_COMPLETED and not _hides(line)]
        return len(extra) + (len(shown_with) if "cycles_completed" in extra else 0)

    def holds(extra: frozenset[str]) -> bool:
        return all(sum(1 for k in own if k in hidden_now | extra) + far != 1 for own, far in equations)

    extra = min((o - hidden_now for o in options if holds(o - hidden_now)), key=cost)
    if not extra:
        return sections
    gone = set(extra) | (set(WITH_COMPLETED) if "cycles_completed" in extra else set())
    return _replaced_only(sections, gone)


def _hides(line: FigureLine) -> bool:
    return line.text is None and not line.quiet


def _replaced_only(sections: tuple[FigureSection, ...], keys: set[str]) -> tuple[FigureSection, ...]:
    """`sections` with the lines of `keys` hidden as protecting another figure (a quiet one too: it says none)."""
    return tuple(
        replace(s, lines=tuple(hidden(line.key, PROTECTS) if line.key in keys else line for line in s.lines))
        for s in sections
    )
