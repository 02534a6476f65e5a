"""The summary's "Cycles and reach" section: time in coaching cycles against `target.cycles`, cycles started,
active and completed, their median length, the focus areas most worked on, how many moved their measure, and
the share of staff reached (by department where each is large enough). Plain data in, a FigureSection out.

Privacy (see privacy.py, rounding.py and the README's "What is protected"):
- Time in cycles is a sum of the same rounded units as every other time figure (a unit is one day, stance,
  activity and in-cycle or not), so two summaries differ by it only in whole rounded units. In one summary it
  describes the teachers met in cycles, and (taken from the time with teachers) the rest: each side must be
  none or at least min_group teachers. It would add an equation to the stance and week table; that equation
  can solve a hidden cell only when every unit in a cycle is the whole of its day, stance and activity, so
  then it shows only if the table hides nothing.
- Counts of cycles (started, active, completed), the median length, focus areas and evidence are exact: two
  of them over different ranges would subtract to one cycle. Like the stance movement (leaders.py), they
  show only for a whole named term that has ended (one figure per term). Within it, a count describes the
  teachers of its cycles, and so does each difference a reader can take (active less started, active less
  completed, active less the focus areas shown, completed less those with evidence): each must be none or
  at least min_group teachers, else the figure is hidden. Started + completed - active bounds the cycles
  both started and completed in the window from below: their teachers must be none or at least min_group too,
  else the started count is hidden. So does any union of the parts of one way the page splits the active
  cycles plus one of another's, less active (cycle_overlaps.py: started or not, completed or not or the
  evidence's movers, others and completed without, the focus areas shown and the rest): where above zero, the
  cycles in both must be of none or min_group teachers, else the smallest areas go, or started (beside
  completed) or the evidence (beside started) hides. Each area's cycles begun, and completed, in the term must
  be of none or min_group teachers whatever shows: the term before's areas, subtracted, bound them.
  "N of M moved their measure" describes the movers and the others: both
  must be at least min_group; and it shows only when the completed count does (M is a lower bound of it).
- Staff reached counts the roster's staff met (of the staff): it, the staff not reached and the teachers
  reached who are not on staff must each be none or at least min_group, else it is hidden. By department:
  only for a whole ended term, only departments of min_group staff or more, and only when the reached and
  the not reached of the department are each none or at least min_group (so no "N of N" about a few); the
  departments left out must, together, be none or at least min_group teachers too, reached and not reached alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from coachlog.domain.cycles import Cycle, moved
from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period
from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import SessionAtom
from coachlog.reports.bounds import Page
from coachlog.reports.cycle_bounds import bounds_a_few
from coachlog.reports.cycle_overlaps import Family, overlap_bounds_a_few
from coachlog.reports.cycles import active, completed, started
from coachlog.reports.leaders import NOT_A_TERM, FigureLine, FigureSection
from coachlog.reports.privacy import FEWER, PROTECTS

if TYPE_CHECKING:  # the roster's rows: reach.py is loaded only for a database with a roster
    from coachlog.reports.reach import GroupRow

COUNTS_NOTE = (
    "Cycle counts, their length, focus areas, student evidence and reach by department show only for a whole term"
    " that has ended (summary --term NAME after its last day): they are exact, and two of them over different"
    " ranges would subtract to one cycle or one teacher."
)


class CycleInputs(NamedTuple):
    """What the section is built from; every time figure already rounded (rounding.protect)."""

    units: Sequence[SessionAtom]  # the period's rounded units
    in_cycles: frozenset[int]  # teachers met in sessions in a cycle in the period
    outside: frozenset[int]  # teachers met in sessions in no cycle
    page: Page | None  # the summary's figures splitting the time with teachers, units split by cycle (bounds.py)
    with_teachers: int | None  # the summary's (rounded) time with teachers; None when hidden
    table_hides: bool  # the stance/week/activity table hides some figure
    cycles: Sequence[Cycle]  # every cycle of the coach
    cycle_teachers: Mapping[int, frozenset[int]]  # cycle id -> its teachers' ids
    target: float | None
    whole_term: bool  # the period is a whole named term that has ended
    min_group: int
    pinned: bool = False  # the coach's team row shows it: the table was chosen with it (beside.py), so it shows


def small(teachers: Iterable[int], min_group: int) -> bool:
    """Describes some, but fewer than min_group, teachers."""
    return 0 < len(set(teachers)) < min_group


def time_in_cycles(inputs: CycleInputs) -> FigureLine:
    """Time in cycles (a sum of rounded units), its share of the time with teachers, and the target."""
    if not inputs.cycles:  # a log without cycles reads as before
        return FigureLine("time_in_cycles", None, {"minutes": 0, "percent": None, "target": inputs.target}, quiet=True)
    units = [unit for unit in inputs.units if unit.in_cycle]
    minutes = sum(unit.minutes for unit in units)
    k = inputs.min_group
    mixed = {(u.local_date, u.stance, u.activity) for u in units if u.minutes} & {
        (u.local_date, u.stance, u.activity) for u in inputs.units if not u.in_cycle and u.minutes
    }  # a day, stance and activity with time both in and out of cycles (rounded to more than 0 each)
    hidden = None
    few = inputs.with_teachers is None or small(inputs.in_cycles, k) or small(inputs.outside, k)
    if few or (inputs.page is not None and bounds_a_few(inputs.page, minutes, k)):  # a box bounds a few's time
        hidden = FEWER
    elif units and not mixed and inputs.table_hides and not inputs.pinned:
        hidden = PROTECTS
    if hidden is not None:
        return FigureLine("time_in_cycles", None, {"minutes": None, "percent": None, "target": inputs.target}, hidden)
    total = inputs.with_teachers or 0
    share = round(100 * minutes / total, 1) if total else None
    text = f"Time in coaching cycles: {format_minutes(minutes)}"
    if share is not None:
        text += f", {share:g}% of the time with teachers"
    difference = None
    if inputs.target is not None and share is not None:
        difference = round(share - inputs.target, 1)
        text += f" (target {inputs.target:g}%, {difference:+g} pts)"
    value = {"minutes": minutes, "percent": share, "target": inputs.target, "difference": difference}
    return FigureLine("time_in_cycles", text + ".", value)


def _teachers(cycles: Iterable[Cycle], inputs: CycleInputs) -> frozenset[int]:
    found: set[int] = set()
    for cycle in cycles:
        found |= inputs.cycle_teachers.get(cycle.id, frozenset())
    return frozenset(found)


def _count_line(key: str, label: str, group: list[Cycle], whole: list[Cycle], inputs: CycleInputs) -> FigureLine:
    """A count of cycles: hidden when it, or `whole` less it, describes a few teachers."""
    k = inputs.min_group
    if small(_teachers(group, inputs), k):
        return FigureLine(key, None, None, FEWER)
    rest = [c for c in whole if c not in group]
    if group is not whole and small(_teachers(rest, inputs), k):
        return FigureLine(key, None, None, PROTECTS)
    return FigureLine(key, f"{label}: {len(group)}.", len(group))


def _median_line(done: list[Cycle], hidden: str | None) -> FigureLine:
    """The median length (start to close, both days counted) of the completed cycles: hidden with their count."""
    lengths = [c.days(c.closed_on) for c in done if c.closed_on is not None]
    if hidden is not None:
        return FigureLine("median_length", None, None, hidden)
    if not lengths:
        return FigureLine("median_length", None, None, quiet=True)
    from statistics import median  # here: it brings `random`, which a summary without closed cycles never needs

    days = median(lengths)
    return FigureLine("median_length", f"Median length of the completed cycles: {days:g} days.", days)


def _focus_line(running: list[Cycle], active_shown: bool, splits: Sequence[Family], inputs: CycleInputs) -> FigureLine:
    """Focus areas of min_group teachers or more, most cycles first; the least worked on go until the rest (the
    active cycles in no area shown) is none or min_group teachers, until each area's and the rest's cycles begun
    in the term, and those completed in it (`splits`' first parts), are none or min_group teachers (the term
    before's or after's areas, subtracted, bound them, whatever this page shows), and until the areas shown and
    the rest, beside each other way the page splits the active cycles (`splits`), bound no few teachers' cycles
    (cycle_overlaps.py)."""
    k = inputs.min_group
    by_area: dict[str, list[Cycle]] = {}
    for cycle in running:
        if cycle.focus:
            by_area.setdefault(cycle.focus, []).append(cycle)
    counts = Counter({area: len(cycles) for area, cycles in by_area.items()})
    shown = [
        a for a, _ in sorted(counts.items(), key=lambda i: (-i[1], i[0])) if not small(_teachers(by_area[a], inputs), k)
    ]
    while shown:
        rest = [c for c in running if c.focus not in shown]
        areas = [*(by_area[a] for a in shown), rest]
        few_rest = active_shown and small(_teachers(rest, inputs), k)
        few = few_rest or any(small(_teachers(_within(p, split[0]), inputs), k) for p in areas for split in splits[:2])
        if not few and not any(_overlaps(areas, split, running, inputs) for split in splits):
            break
        shown.pop()
    if not shown:
        return FigureLine("focus_areas", None, {}, FEWER if by_area else None, quiet=not by_area)
    text = "Focus areas most worked on: " + ", ".join(f"{a} ({counts[a]})" for a in shown) + "."
    return FigureLine("focus_areas", text, {a: counts[a] for a in shown})


def _overlaps(first: Family, second: Family, running: list[Cycle], inputs: CycleInputs) -> bool:
    return overlap_bounds_a_few(first, second, len(running), inputs.cycle_teachers, inputs.min_group)


def _within(part: Sequence[Cycle], group: Sequence[Cycle]) -> list[Cycle]:
    ids = {c.id for c in group}
    return [c for c in part if c.id in ids]


def _split(part: list[Cycle], running: list[Cycle]) -> list[list[Cycle]]:
    """The active cycles split by `part` (a subset of them): it, and the rest."""
    ids = {c.id for c in part}
    return [part, [c for c in running if c.id not in ids]]


def _evidence_line(done: list[Cycle], completed_shown: bool, inputs: CycleInputs) -> FigureLine:
    """ "N of M completed cycles with student evidence moved their measure": both N and M - N describe teachers."""
    k = inputs.min_group
    evidence = [c for c in done if moved(c) is not None]
    if not evidence:
        return FigureLine("student_evidence", None, {"moved": None, "of": None}, quiet=True)
    movers = [c for c in evidence if moved(c)]
    others = [c for c in evidence if not moved(c)]
    without = [c for c in done if moved(c) is None]
    if len(_teachers(movers, inputs)) < k or len(_teachers(others, inputs)) < k:
        return FigureLine("student_evidence", None, {"moved": None, "of": None}, FEWER)
    if not completed_shown or small(_teachers(without, inputs), k):  # M bounds (and can pin) completed
        return FigureLine("student_evidence", None, {"moved": None, "of": None}, PROTECTS)
    text = f"Student evidence: {len(movers)} of {len(evidence)} completed cycles with a baseline and a result moved."
    return FigureLine("student_evidence", text, {"moved": len(movers), "of": len(evidence)})


def cycle_lines(inputs: CycleInputs, period: Period) -> list[FigureLine]:
    """Every count figure of the cycles running in `period`, under the rules above."""
    keys = ("cycles_active", "cycles_started", "cycles_completed", "median_length", "focus_areas", "student_evidence")
    if not inputs.cycles:
        return [FigureLine(key, None, None, quiet=True) for key in keys]
    if not inputs.whole_term:
        return [FigureLine(key, None, None, NOT_A_TERM) for key in keys] + [FigureLine("counts_note", COUNTS_NOTE)]
    running = active(inputs.cycles, period)
    begun = started(inputs.cycles, period)
    done = completed(inputs.cycles, period)
    active_line = _count_line("cycles_active", "Cycles active", running, running, inputs)
    done_line = _count_line("cycles_completed", "Cycles completed", done, running, inputs)
    begun_line = _count_line("cycles_started", "Cycles started", begun, running, inputs)
    by_start, by_close = _split(begun, running), _split(done, running)
    both = [c for c in begun if c in done]  # started + completed - active bounds these from below
    if begun_line.hidden is None and (
        small(_teachers(both, inputs), inputs.min_group)
        or (done_line.hidden is None and _overlaps(by_start, by_close, running, inputs))
    ):
        begun_line = FigureLine("cycles_started", None, None, PROTECTS)
    evidence_line = _evidence_line(done, done_line.hidden is None, inputs)
    by_evidence = _evidence_split(done, running)
    if evidence_line.text is not None and _overlaps(by_start, by_evidence, running, inputs):  # started: see splits
        evidence_line = FigureLine("student_evidence", None, {"moved": None, "of": None}, PROTECTS)
    # Started and completed are checked whatever shows: the term before's active less completed is this term's
    # active less started (its window starts the day after that term), so they give this page's started.
    splits = [by_start, by_close]
    if evidence_line.text is not None:
        splits.append(by_evidence)
    return [
        active_line,
        begun_line,
        done_line,
        _median_line(done, done_line.hidden),
        _focus_line(running, active_line.hidden is None, splits, inputs),
        evidence_line,
    ]


def _evidence_split(done: list[Cycle], running: list[Cycle]) -> list[list[Cycle]]:
    """The active cycles as "N of M moved" beside the completed count splits them: the movers, the others with
    evidence, the completed without, and those not completed."""
    movers = [c for c in done if moved(c) is True]
    others = [c for c in done if moved(c) is False]
    without = [c for c in done if moved(c) is None]
    return [movers, others, without, _split(done, running)[1]]


def reach_lines(
    teachers: int | None,
    staff: int | None,
    groups: Sequence[GroupRow] | None,
    whole_term: bool,
    min_group: int,
    staff_reached: int | None = None,
) -> list[FigureLine]:
    """The share of staff reached (`staff_reached`, the roster's staff met, of `staff`) and, for a whole ended
    term, reach by department; `groups` None: no roster (a page without one reads as before). The staff
    reached, the staff not reached and the teachers reached who are not on staff (`teachers` less the staff
    reached) must each be none or min_group, the team row's rule (storage/team_functions.sql team_count_live)."""
    if groups is None:
        return [FigureLine("staff_reached", None, None, quiet=True)]
    if teachers is None or not staff:
        return [FigureLine("staff_reached", None, None, FEWER if staff else None, quiet=not staff)]
    reached = min(teachers, staff) if staff_reached is None else staff_reached
    if any(small(range(part), min_group) for part in (reached, staff - reached, teachers - reached)):
        return [FigureLine("staff_reached", None, None, FEWER)]
    share = round(100 * reached / staff, 1)
    lines = [
        FigureLine(
            "staff_reached",
            f"Share of staff reached: {share:g}% ({reached} of {staff}).",
            {"reached": reached, "staff": staff, "percent": share},
        )
    ]
    departments = [g for g in groups if g.by == "department"]
    if not departments or not whole_term:
        return lines
    k = min_group
    shown = departments_shown(
        [
            g
            for g in departments
            if g.staff >= k and not small(range(g.reached), k) and not small(range(g.staff - g.reached), k)
        ],
        reached,
        staff,
        k,
    )
    return [*lines, department_line(shown)]


def department_line(shown: Sequence[GroupRow]) -> FigureLine:
    """Reach by department of the departments `shown` (none: hidden as describing too few)."""
    if not shown:
        return FigureLine("reach_by_department", None, {}, FEWER)
    text = "Reached by department: " + ", ".join(f"{g.name} {g.reached} of {g.staff}" for g in shown) + "."
    return FigureLine("reach_by_department", text, {g.name: {"reached": g.reached, "staff": g.staff} for g in shown})


def departments_shown(shown: Sequence[GroupRow], reached: int, staff: int, min_group: int) -> list[GroupRow]:
    """`shown` less its smallest departments until those left out, together, are none or min_group teachers
    reached and none or min_group not reached, either way (`reached` of `staff` on the roster's staff reached in
    all: the staff reached, never the teachers reached, who take in teachers met off the roster and would make the
    rest look larger than the departments' left out are). A rest below zero is judged too: fixed departments
    beside a staff reached that a late merge or leave made smaller (a rest of -1 is one teacher)."""
    kept = list(shown)
    while kept:
        reached_rest = reached - sum(g.reached for g in kept)
        unreached_rest = (staff - reached) - sum(g.staff - g.reached for g in kept)
        if not 0 < abs(reached_rest) < min_group and not 0 < abs(unreached_rest) < min_group:
            break
        kept.remove(min(kept, key=lambda g: (g.staff, g.name)))
    return kept


def cycles_and_reach_section(lines: Iterable[FigureLine]) -> FigureSection:
    return FigureSection("cycles_and_reach", "Cycles and reach", tuple(lines))
