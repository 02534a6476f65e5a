"""Figures for leaders that need no cycles or roster: prep time, each relationship's stance over time, and
duties restated as coaching lost; and the generic `FigureSection` a summary carries them in.

A `FigureSection` is a titled list of `FigureLine`s, each a sentence (None when hidden) and a value for
programs. Every format renders it the same way (render/summary.py), so a later section ("Cycles and reach")
is added by building one more FigureSection: no renderer changes.

Privacy (see privacy.py, rounding.py and the README):
- Prep time describes no teacher, like duties: exact.
- Coaching lost is the (exact, shown) duty time divided by the coach's typical session of one activity: its
  mean over the whole log, summed from the rounded units (rounding.py), rounded to 5 minutes, and used only
  for an activity that describes min_group teachers or more. It is the same for every range, so two
  summaries never differ by it; a mean over the range would give away the range's session count of that
  activity (duty x count / minutes), and two ranges would subtract to the activity of a few sessions.
- Stance movement counts teachers. "N of M moved" says of N teachers that they moved and of M - N that
  they did not, so both must be at least min_group (else hidden). A count is exact, so two such figures
  over different ranges, or before and after a correction, could be subtracted to one teacher: the figure
  is therefore shown only for a whole named term that has ended (one figure per term, never a range of
  one's choosing), and hidden for any other range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES, SessionAtom, TeacherCell
from coachlog.reports.privacy import FEWER

POSITION = {stance: i for i, stance in enumerate(STANCES)}  # consulting 0, collaborating 1, coaching 2
MIN_SESSIONS = 2  # sessions a teacher needs in each half of the term to count in the stance movement
NOT_A_TERM = "not a term"  # why the movement is hidden for a range that is not a whole, ended term
LOST_ACTIVITY = "debrief"  # the unit coaching lost is counted in, when it may be shown
TYPICAL_STEP = 5  # minutes: a typical session length is rounded to this


@dataclass(frozen=True)
class FigureLine:
    """One figure: a sentence for people (None when hidden, with `hidden` saying why) and a value for programs."""

    key: str
    text: str | None
    value: object = None
    hidden: str | None = None
    quiet: bool = False  # nothing to say (no prep logged): programs get the value, people no sentence


@dataclass(frozen=True)
class FigureSection:
    """A titled list of figures every format renders alike (JSON: `key` -> {figures by key})."""

    key: str
    title: str
    lines: tuple[FigureLine, ...]


@dataclass(frozen=True)
class StanceMovement:
    """How many teachers' sessions moved toward the coaching stance from the first half to the second."""

    moved: int | None
    counted: int | None
    hidden: str | None


def stance_movement(
    sessions: Iterable[tuple[int, date, str]], start: date, end: date, min_group: int, whole_term: bool
) -> StanceMovement:
    """Of the teachers with at least MIN_SESSIONS sessions in each half of start..end (the first half is the
    first (days + 1) // 2 days), how many had a higher mean stance position (consulting 0, collaborating 1,
    coaching 2) in the second half than in the first. Hidden unless `whole_term` (a named term that has
    ended), both the movers and the others number min_group or more, and so do the teachers met but not counted
    (none is fine): the page shows teachers reached, and reached less M would describe them."""
    if not whole_term:
        return StanceMovement(None, None, NOT_A_TERM)
    second = start + timedelta(days=((end - start).days + 1 + 1) // 2)
    halves: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for teacher, day, stance in sessions:
        if start <= day <= end and stance in POSITION:
            halves[teacher][day >= second].append(POSITION[stance])
    counted = [(a, b) for a, b in halves.values() if len(a) >= MIN_SESSIONS and len(b) >= MIN_SESSIONS]
    moved = sum(1 for a, b in counted if sum(b) * len(a) > sum(a) * len(b))  # mean(b) > mean(a), exactly
    uncounted = len(halves) - len(counted)  # met, but too few sessions in a half: teachers reached less M
    if moved < min_group or len(counted) - moved < min_group or 0 < uncounted < min_group:
        return StanceMovement(None, None, FEWER)
    return StanceMovement(moved, len(counted), None)


def typical_minutes(atoms: Iterable[SessionAtom], cells: Iterable[TeacherCell], min_group: int) -> dict[str, int]:
    """The coach's own mean session length per activity over the whole log (all of `atoms`, already rounded
    units), to TYPICAL_STEP minutes; only for activities that describe min_group teachers or more. One value
    for every range, so no two summaries differ by it."""
    minutes: dict[str, int] = defaultdict(int)
    sessions: dict[str, int] = defaultdict(int)
    for atom in atoms:
        minutes[atom.activity] += atom.minutes
        sessions[atom.activity] += atom.sessions
    teachers: dict[str, set[int]] = defaultdict(set)
    for cell in cells:
        teachers[cell.activity].add(cell.teacher_id)
    typical = {}
    for activity, total in minutes.items():
        mean = TYPICAL_STEP * round(total / sessions[activity] / TYPICAL_STEP) if sessions[activity] else 0
        if activity and mean > 0 and len(teachers[activity]) >= min_group:
            typical[activity] = mean
    return typical


@dataclass(frozen=True)
class CoachingLost:
    """Duty time as sessions of `activity` at the coach's own typical length of one."""

    activity: str
    minutes: int  # the typical session
    sessions: int  # all duties
    by_kind: dict[str, int]


def coaching_lost(duty_minutes: int, duty_by_kind: dict[str, int], typical: dict[str, int]) -> CoachingLost | None:
    """Duties restated in sessions of LOST_ACTIVITY at its typical length (else of the activity with the longest
    typical session); None when no duty or no typical length may be shown."""
    if not duty_minutes or not typical:
        return None
    activity = LOST_ACTIVITY if LOST_ACTIVITY in typical else max(typical, key=lambda a: (typical[a], a))
    mean = typical[activity]
    return CoachingLost(
        activity,
        mean,
        round(duty_minutes / mean),
        {kind: round(minutes / mean) for kind, minutes in duty_by_kind.items()},
    )


def coaching_work_section(
    prep_minutes: int, prep_by_activity: dict[str, int], movement: StanceMovement, lost: CoachingLost | None
) -> FigureSection:
    """The "Coaching work" section: prep time, the stance movement, coaching lost to duties."""
    kinds = ", ".join(f"{a} {format_minutes(m)}" for a, m in prep_by_activity.items())
    prep = FigureLine(
        "prep",
        f"Prep without a teacher present (coaching work, not a duty): {format_minutes(prep_minutes)}"
        + (f" ({kinds})" if kinds else ""),
        {"minutes": prep_minutes, "by_activity": prep_by_activity},
        quiet=prep_minutes == 0,  # a log without prep reads as before
    )
    if movement.hidden is None:
        text: str | None = f"{movement.moved} of {movement.counted} teachers moved toward the coaching stance."
    else:
        text = None
    moved = FigureLine("stance_movement", text, {"moved": movement.moved, "of": movement.counted}, movement.hidden)
    lines = [prep, moved]
    if lost is not None:
        parts = ", ".join(f"{kind} ≈ {n}" for kind, n in lost.by_kind.items())
        lines.append(
            FigureLine(
                "coaching_lost",
                f"Duties cost ≈ {lost.sessions} {lost.activity} sessions of your typical {lost.minutes} minutes"
                f" ({parts}).",
                {
                    "activity": lost.activity,
                    "minutes": lost.minutes,
                    "sessions": lost.sessions,
                    "by_kind": lost.by_kind,
                },
            )
        )
    return FigureSection("coaching_work", "Coaching work", tuple(lines))
