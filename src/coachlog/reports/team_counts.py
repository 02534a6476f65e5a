"""The twin of the team database's cycle counts and reach (team_count_live, team_count_json,
team_count_totals in storage/team_functions.sql), held equal to it by shared test vectors; and the values a
coordinator's renderer reads (Count, CycleCounts).

Cycle counts (started, active, completed, the median length of those completed, how many with student evidence
moved their measure) follow the coach's own summary (reports/cycle_reach.py): exact, so two of them over ranges
a reader picks would subtract to one cycle; they show only for a range that is a whole ended term of the coach
(NOT_A_TERM otherwise), as that summary fixed them when it did (CHANGED_TERM: none, when they were fixed at a
lower min_group or the term's days moved), and within it only when their teachers, and those of each
difference a reader can take, are none or min_group. Reach (the coach's roster on staff in the range, reached
and not) shows for any range. The stance movement, focus areas and reach by department are a term's as the
coach's own summary fixed them, that summary's checks run again against the team row (fixed_figures); the focus
areas, started and the evidence are as fixed under the summary's rule for two ways of splitting the active cycles
(reports/cycle_overlaps.py), which needs the cycles and so is decided there. The totals are the shown coaches'
sums, each shown only when every shown coach's figure is (an area + started - active above zero in the totals is
above zero in some shown row, whose overlap that rule kept to none or min_group teachers).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coachlog.domain.frozen import NamedTuple
from coachlog.reports.leaders import NOT_A_TERM
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.report import percent
from coachlog.reports.term_counts import CHANGED_TERM

__all__ = ["CHANGED_TERM", "NOT_A_TERM", "NOT_FIXED_YET"]

# Why a term's counts are withheld from the team view: the coach's own summary of it has not fixed them (yet).
NOT_FIXED_YET = "not fixed yet"


def _few(count: int, min_group: int) -> bool:
    return 0 < count < min_group


class Count(NamedTuple):
    """A figure of the cycle counts: its value, or None with why it is withheld (None and None: nothing to show)."""

    value: float | None
    hidden: str | None = None


class CycleCounts(NamedTuple):
    """A row's (or the totals') cycle counts and reach, as the database shows them."""

    active: Count
    started: Count
    completed: Count
    median_days: Count
    moved: int | None  # of the completed cycles with student evidence, those whose measure moved
    of: int | None  # the completed cycles with student evidence (None and None: none, or withheld)
    evidence_hidden: str | None
    reached: int | None  # teachers on the roster's staff in the range who were met in it
    staff: int | None  # teachers on the roster's staff in the range (None, reach_hidden None: no roster)
    reach_hidden: str | None
    fixed_on: str | None = None  # the counts are a term's as the coach's first summary of it showed them, that day
    # "N of M teachers moved toward the coaching stance" (None and None with a reason: withheld; without: none)
    movement: tuple[int, int] | None = None
    movement_hidden: str | None = PROTECTS
    focus: dict[str, int] | None = None  # the focus areas most worked on: cycles by area (the areas shown)
    focus_hidden: str | None = PROTECTS
    departments: dict[str, tuple[int, int]] | None = None  # reach by department: (reached, staff) of those shown
    departments_hidden: str | None = PROTECTS

    @property
    def no_roster(self) -> bool:
        return self.staff is None and self.reach_hidden is None

    @property
    def reach_share(self) -> float | None:
        return None if self.reached is None or not self.staff else percent(min(self.reached, self.staff), self.staff)


_WITHHELD = Count(None, PROTECTS)
WITHHELD_COUNTS = CycleCounts(  # functions without cycle counts (refused in storage): every figure withheld
    _WITHHELD, _WITHHELD, _WITHHELD, _WITHHELD, None, None, PROTECTS, None, None, PROTECTS
)


def counts_from(data: dict[str, Any] | None) -> CycleCounts:
    """The counts from team_count_json's (or team_count_totals') JSON."""
    if data is None:
        return WITHHELD_COUNTS

    def count(key: str) -> Count:
        return Count(data[key]["value"], data[key]["hidden"])

    evidence, reach = data["evidence"], data["reach"]
    return CycleCounts(
        count("active"),
        count("started"),
        count("completed"),
        count("median_days"),
        evidence["moved"],
        evidence["of"],
        evidence["hidden"],
        reach["reached"],
        reach["staff"],
        reach["hidden"],
        data.get("fixed_on"),
        *_fixed_from(data),
    )


def _fixed_from(data: dict[str, Any]) -> tuple[Any, ...]:
    """The stance movement, focus areas and reach by department of team_count_json's JSON (older functions,
    refused in storage, have none: withheld)."""
    movement = data.get("movement") or {"moved": None, "of": None, "hidden": PROTECTS}
    focus = data.get("focus") or {"value": None, "hidden": PROTECTS}
    departments = data.get("departments") or {"value": None, "hidden": PROTECTS}
    moved, of = movement["moved"], movement["of"]
    places = departments["value"]
    return (
        None if moved is None or of is None else (moved, of),
        movement["hidden"],
        focus["value"],
        focus["hidden"],
        None if places is None else {name: (v["reached"], v["staff"]) for name, v in places.items()},
        departments["hidden"],
    )


class CountRow(NamedTuple):
    """One coach's team_count: the counts of a range, the distinct teachers of each (`*_t`), and reach."""

    counted: bool  # the range is a whole ended term of the coach
    started: int = 0
    active: int = 0
    completed: int = 0
    started_t: int = 0
    active_t: int = 0
    completed_t: int = 0
    not_started_t: int = 0  # teachers of the active cycles not started in the range
    not_completed_t: int = 0  # teachers of the active cycles not completed in it
    evidence: int = 0  # completed cycles with a baseline and a result
    movers: int = 0
    movers_t: int = 0
    others_t: int = 0
    without_t: int = 0  # teachers of the completed cycles without evidence
    lengths: tuple[int, ...] = ()  # the completed cycles' days
    staff: int | None = None  # None: no roster
    staff_reached: int | None = None
    fixed: dict[str, Any] | None = None  # the term's counts as the coach's first summary of it showed them
    fixed_on: str | None = None
    unfixed: bool = False  # fixed at a lower min_group, or another term's fixed counts overlap: none show
    reached_all: int = 0  # teachers of any entry of the coach in the range: the teachers reached of their summary


def count_why(counted: bool, teachers: int, rest: int, min_group: int) -> str | None:
    """Why a count is withheld (None: shown): not a whole ended term; its teachers few; the difference's few."""
    if not counted:
        return NOT_A_TERM
    if _few(teachers, min_group):
        return FEWER
    return PROTECTS if _few(rest, min_group) else None


def _median(lengths: Iterable[int]) -> float | None:
    import statistics

    values = sorted(lengths)
    return float(statistics.median(values)) if values else None


def counts_shown(row: CountRow | None, teachers: int, min_group: int) -> dict[str, Any]:
    """A coach's counts as team_count_json shows them (`teachers`: the row's teachers reached): a term's only as
    the coach's own summary fixed them (NOT_FIXED_YET before it; CHANGED_TERM when they cannot show), any other
    range's none (NOT_A_TERM); reach is always live."""
    c = row or CountRow(False)
    live = {**_live(c, teachers, min_group), **_term_only(NOT_A_TERM), "fixed_on": None}
    for why, none_show in ((NOT_FIXED_YET, c.fixed is None and not c.unfixed), (CHANGED_TERM, c.unfixed)):
        if c.counted and none_show:
            none = {"value": None, "hidden": why}
            evidence = {"moved": None, "of": None, "hidden": why}
            counts = dict.fromkeys(("active", "started", "completed", "median_days"), none)
            return {**live, **counts, "evidence": evidence, **_term_only(why)}
    if c.counted and c.fixed is not None:
        lines = {key: c.fixed.get(line) or {} for key, line in FIXED_LINES.items()}
        kept = {key: {"value": line.get("value"), "hidden": line.get("hidden")} for key, line in lines.items()}
        proof = c.fixed.get("student_evidence") or {}
        value = proof.get("value") or {}
        evidence = {"moved": value.get("moved"), "of": value.get("of"), "hidden": proof.get("hidden")}
        more = fixed_figures(c, teachers, live["reach"]["hidden"], min_group)
        return {**live, **kept, "evidence": evidence, **more, "fixed_on": c.fixed_on}
    return live


def _term_only(why: str) -> dict[str, Any]:
    """The figures a term's fixed counts alone give, each withheld for `why`."""
    return {
        "movement": {"moved": None, "of": None, "hidden": why},
        "focus": {"value": None, "hidden": why},
        "departments": {"value": None, "hidden": why},
    }


def fixed_figures(c: CountRow, teachers: int, reach_hidden: str | None, min_group: int) -> dict[str, Any]:
    """The stance movement, focus areas and reach by department of a term as the coach's own summary of it fixed
    them (a line it did not fix, or quiet: none), with that summary's checks against today's figures run again
    (reports/term_counts.py with_fixed_counts), against the team row's as well: the teachers reached (of any
    entry, as the summary counts them, and of the row's sessions) less the movement's M, each none or min_group
    either way;
    reach by department only beside a staff reached shown (`reach_hidden` None) in the row and in the summary
    (its teachers reached off the roster, of any entry, none or min_group), less the departments whose leaving
    out would make the rest a few (judged on the staff reached)."""
    fixed, k = c.fixed or {}, min_group
    line = fixed.get("stance_movement")
    moved: dict[str, Any] = {"moved": None, "of": None, "hidden": None}
    if line is not None and line.get("text") is None:
        moved["hidden"] = line.get("hidden")
    elif line is not None:
        of = line["value"]["of"]
        if _few(abs(teachers - of), k) or _few(abs(c.reached_all - of), k):
            moved["hidden"] = FEWER
        else:
            moved = {"moved": line["value"]["moved"], "of": of, "hidden": None}
    line = fixed.get("focus_areas")
    focus = {"value": None, "hidden": None} if line is None else _shown_line(line)
    if reach_hidden is None and c.staff_reached is not None and _few(c.reached_all - c.staff_reached, k):
        reach_hidden = FEWER  # the summary's staff reached hides: its teachers reached off the roster are a few
    departments = _departments(c, fixed.get("reach_by_department"), reach_hidden, k)
    return {"movement": moved, "focus": focus, "departments": departments}


def _departments(c: CountRow, line: dict[str, Any] | None, reach_hidden: str | None, k: int) -> dict[str, Any]:
    """Reach by department as fixed, only beside a staff reached shown, less the departments whose leaving out
    would make the rest a few (reports/cycle_reach.py departments_shown)."""
    from coachlog.reports.cycle_reach import departments_shown
    from coachlog.reports.reach import GroupRow

    fixed = {"value": None, "hidden": None} if line is None else _shown_line(line)
    value = fixed["value"]
    if value is None:
        return fixed
    if reach_hidden is not None or not c.staff or c.staff_reached is None:
        return {"value": None, "hidden": FEWER}
    rows = [GroupRow("department", name, v["staff"], v["reached"]) for name, v in value.items()]
    kept = departments_shown(rows, c.staff_reached, c.staff, k)
    shown = {g.name: {"reached": g.reached, "staff": g.staff} for g in kept}
    return {"value": shown or None, "hidden": None if kept else FEWER}


def _shown_line(line: dict[str, Any]) -> dict[str, Any]:
    """A fixed line's value when it shows (a sentence), else None with why (None: quiet, nothing to say)."""
    return {"value": line.get("value") if line.get("text") else None, "hidden": line.get("hidden")}


FIXED_LINES = {  # key here -> the key of the coach summary's fixed line (reports/term_counts.py)
    "active": "cycles_active",
    "started": "cycles_started",
    "completed": "cycles_completed",
    "median_days": "median_length",
}


def _live(c: CountRow, teachers: int, min_group: int) -> dict[str, Any]:
    k = min_group
    a = count_why(c.counted, c.active_t, 0, k)
    s = count_why(c.counted, c.started_t, c.not_started_t, k)
    d = count_why(c.counted, c.completed_t, c.not_completed_t, k)
    if not c.counted:
        e: str | None = NOT_A_TERM
    elif c.evidence == 0:
        e = None
    elif c.movers_t < k or c.others_t < k:
        e = FEWER
    else:
        e = PROTECTS if d is None and _few(c.without_t, k) else None
    h = None
    if c.staff is not None and c.staff_reached is not None:
        parts = (c.staff_reached, c.staff - c.staff_reached, teachers - c.staff_reached)
        h = FEWER if any(_few(part, k) for part in parts) else None
    shows = e is None and c.evidence > 0
    return {
        "active": {"value": None if a else c.active, "hidden": a},
        "started": {"value": None if s else c.started, "hidden": s},
        "completed": {"value": None if d else c.completed, "hidden": d},
        "median_days": {"value": None if d else _median(c.lengths), "hidden": d if c.lengths or d else None},
        "evidence": {"moved": c.movers if shows else None, "of": c.evidence if shows else None, "hidden": e},
        "reach": {
            "reached": None if h else c.staff_reached,
            "staff": None if h else c.staff,
            "hidden": h,
        },
    }


def _totals_why(whys: list[str | None]) -> str | None:
    if NOT_A_TERM in whys or CHANGED_TERM in whys or NOT_FIXED_YET in whys:
        return NOT_A_TERM
    return PROTECTS if any(whys) else None


def totals_counts(shown: list[dict[str, Any]]) -> dict[str, Any]:
    """The totals' counts as team_count_totals shows them, from the shown coaches' counts (counts_shown): each sum
    shows only when every shown coach's figure does; the median is the one coach's with completed cycles (their
    row's), withheld when more than one has some (a pooled median would be a new order statistic of their
    lengths, which each row shows only as its median)."""
    totals: dict[str, Any] = {}
    for key in ("active", "started", "completed"):
        why = _totals_why([row[key]["hidden"] for row in shown])
        totals[key] = {"value": None if why else sum(row[key]["value"] for row in shown), "hidden": why}
    done = totals["completed"]["hidden"]
    doing = [row for row in shown if (row["completed"]["value"] or 0) > 0]
    if done is None and len(doing) > 1:
        done = PROTECTS
    median = doing[0]["median_days"]["value"] if doing and done is None else None
    totals["median_days"] = {"value": median, "hidden": done}
    why = _totals_why([row["evidence"]["hidden"] for row in shown])
    of = [row["evidence"]["of"] for row in shown if row["evidence"]["of"] is not None]
    moved = sum(row["evidence"]["moved"] for row in shown if row["evidence"]["moved"] is not None)
    totals["evidence"] = {"moved": moved if of and not why else None, "of": sum(of) if of and not why else None}
    totals["evidence"]["hidden"] = why
    totals.update(_totals_fixed(shown))
    rostered = [r["reach"] for r in shown if r["reach"]["hidden"] is not None or r["reach"]["staff"] is not None]
    why = PROTECTS if any(reach["hidden"] for reach in rostered) else None
    whole = rostered and not why
    totals["reach"] = {
        "reached": sum(reach["reached"] for reach in rostered) if whole else None,
        "staff": sum(reach["staff"] for reach in rostered) if whole else None,
        "hidden": why,
    }
    return totals


def _totals_fixed(shown: list[dict[str, Any]]) -> dict[str, Any]:
    """The totals' stance movement, focus areas and reach by department: the shown coaches' sums (by area, by
    department name), each shown only when every shown coach's is (a coach's quiet one, nothing to say, adds
    nothing); otherwise the totals less the rows would give the withheld one."""
    why = _totals_why([row["movement"]["hidden"] for row in shown])
    counted = [row["movement"] for row in shown if row["movement"]["of"] is not None]
    both = counted and not why
    movement = {
        "moved": sum(m["moved"] for m in counted) if both else None,
        "of": sum(m["of"] for m in counted) if both else None,
        "hidden": why,
    }
    out: dict[str, Any] = {"movement": movement}
    for key in ("focus", "departments"):
        why = _totals_why([row[key]["hidden"] for row in shown])
        values = [row[key]["value"] for row in shown if row[key]["value"] is not None]
        merged: dict[str, Any] = {}
        for value in values if not why else ():
            for name, figure in value.items():
                if key == "focus":
                    merged[name] = merged.get(name, 0) + figure
                else:
                    was = merged.get(name, {"reached": 0, "staff": 0})
                    merged[name] = {
                        "reached": was["reached"] + figure["reached"],
                        "staff": was["staff"] + figure["staff"],
                    }
        out[key] = {"value": merged or None, "hidden": why}
    return out
