"""Figures for leaders that need no cycles or roster: prep time, each relationship's stance over time, and
duties restated as coaching lost; and the generic `FigureSection` a summary carries them in.

A `FigureSection` is a titled list of `FigureLine`s, each a sentence (None when hidden) and a value for
programs. Every format renders it the same way (render/summary.py), so a later section ("Cycles and reach")
is added by building one more FigureSection: no renderer changes.

Privacy (see privacy.py, rounding.py and the README):
- Prep time describes no teacher, like duties: exact.
- Coaching lost is the (exact, shown) duty time divided by the coach's typical session of one activity: the
  mean of its TYPICAL_SESSIONS most recent sessions up to the day the summary is made (whole days of them),
  summed from their units rounded as on every page (`recent_sessions`), rounded to 5 minutes, and used only
  when those sessions were with min_group teachers or more and number at least MIN_TYPICAL_SESSIONS. From the
  rounded units, it moves only with them: two logs whose sessions round alike give the same typical, so no set
  of summaries learns more of a session from it than its unit's rounding window (a mean of exact minutes had
  cut that window). Of 3 sessions or more, even read as a mean of exact minutes, two typicals either side of one
  session's change leave it a window of 5 x (3 + 3) = 30 minutes or more. It does not depend on the
  range, so two summaries made on one day never differ by it; a mean over the range would give away the
  range's session count of that activity (duty x count / minutes), and two ranges would subtract to the
  activity of a few sessions. Summaries made on different days may differ by it when the newest sessions
  move a mean of hundreds across a 5-minute step: a shift of the coach's habits, not a count. (It used to
  be the mean over the whole log, which cost a pass over every entry: seconds at a million.)
- Stance movement counts teachers. "N of M moved" says of N teachers that they moved and of M - N that
  they did not, so both must be at least min_group (else hidden). A count is exact, so two such figures
  over different ranges, or before and after a correction, could be subtracted to one teacher: the figure
  is therefore shown only for a whole named term that has ended (one figure per term, never a range of
  one's choosing), and hidden for any other range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import ROUND_TO, STANCES, RecentSessions, SessionAtom, StanceHalf
from coachlog.reports.privacy import FEWER
from coachlog.reports.rounding import protect

POSITION = {stance: i for i, stance in enumerate(STANCES)}  # consulting 0, collaborating 1, coaching 2
MIN_SESSIONS = 2  # sessions a teacher needs in each half of the term to count in the stance movement
NOT_A_TERM = "not a term"  # why the movement is hidden for a range that is not a whole, ended term
LOST_ACTIVITY = "debrief"  # the unit coaching lost is counted in, when it may be shown
TYPICAL_STEP = 5  # minutes: a typical session length is rounded to this
TYPICAL_SESSIONS = 500  # the most recent sessions of an activity its typical length is the mean of
# The fewest sessions a typical length is the mean of: a mean of n rounded to TYPICAL_STEP places their sum in a
# window TYPICAL_STEP x n wide, so two typicals of a and b sessions (one more, one fewer, one corrected) place the
# session that differs in one TYPICAL_STEP x (a + b) wide: at least ROUND_TO, the rounding of every time shown.
MIN_TYPICAL_SESSIONS = -(-ROUND_TO // (2 * TYPICAL_STEP))  # 3


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


def second_half(start: date, end: date) -> date:
    """The first day of the second half of start..end: the first half is the first (days + 1) // 2 days."""
    return start + timedelta(days=((end - start).days + 1 + 1) // 2)


def stance_halves(sessions: Iterable[tuple[int, date, str]], start: date, end: date) -> list[StanceHalf]:
    """(teacher id, date, stance) sessions summed per teacher and half, as storage's stance_halves sums them."""
    second = second_half(start, end)
    sums: dict[tuple[int, bool], list[int]] = defaultdict(lambda: [0, 0])
    for teacher, day, stance in sessions:
        if start <= day <= end and stance in POSITION:
            sums[teacher, day >= second][0] += 1
            sums[teacher, day >= second][1] += POSITION[stance]
    return [StanceHalf(teacher, later, n, total) for (teacher, later), (n, total) in sums.items()]


def stance_movement(halves: Iterable[StanceHalf], min_group: int, whole_term: bool) -> StanceMovement:
    """Of the teachers with at least MIN_SESSIONS sessions in each half of the term (`second_half`), how many had
    a higher mean stance position (consulting 0, collaborating 1, coaching 2) in the second half than in the
    first. Hidden unless `whole_term` (a named term that has ended), both the movers and the others number
    min_group or more, and so do the teachers met but not counted (none is fine): the page shows teachers
    reached, and reached less M would describe them."""
    if not whole_term:
        return StanceMovement(None, None, NOT_A_TERM)
    teachers: dict[int, list[tuple[int, int]]] = defaultdict(lambda: [(0, 0), (0, 0)])
    for half in halves:
        teachers[half.teacher_id][half.second] = (half.sessions, half.positions)
    counted = [(a, b) for a, b in teachers.values() if a[0] >= MIN_SESSIONS and b[0] >= MIN_SESSIONS]
    moved = sum(1 for a, b in counted if b[1] * a[0] > a[1] * b[0])  # mean(second) > mean(first), exactly
    uncounted = len(teachers) - len(counted)  # met, but too few sessions in a half: teachers reached less M
    if moved < min_group or len(counted) - moved < min_group or 0 < uncounted < min_group:
        return StanceMovement(None, None, FEWER)
    return StanceMovement(moved, len(counted), None)


def recent_sessions(units: Iterable[SessionAtom], teachers: Mapping[str, int], base: int) -> list[RecentSessions]:
    """Each activity's recent sessions as a summary sums them: the minutes of their units, each rounded as on every
    page (rounding.py), the number of sessions, and `teachers` (the distinct teachers, per activity). A typical
    length from these moves only with the rounded units, so no set of summaries learns more of one session from it
    than from the time figures: its unit's rounding window."""
    minutes: dict[str, int] = defaultdict(int)
    sessions: dict[str, int] = defaultdict(int)
    for unit in protect(units, base):
        minutes[unit.activity] += unit.minutes
        sessions[unit.activity] += unit.sessions
    return [RecentSessions(a, minutes[a], sessions[a], teachers.get(a, 0)) for a in sorted(sessions)]


def typical_minutes(recent: Iterable[RecentSessions], min_group: int) -> dict[str, int]:
    """The coach's own mean session length per named activity, over its TYPICAL_SESSIONS most recent sessions
    up to the day the summary is made, to TYPICAL_STEP minutes; only where those sessions were with min_group
    teachers or more, and number MIN_TYPICAL_SESSIONS or more. It does not depend on the summary's range, so no
    two summaries of one day differ by it; and two made either side of a change to one session place that
    session no closer than ROUND_TO, the window every time figure leaves it (see MIN_TYPICAL_SESSIONS)."""
    typical = {}
    for activity in recent:
        mean = TYPICAL_STEP * round(activity.minutes / activity.sessions / TYPICAL_STEP) if activity.sessions else 0
        enough = activity.sessions >= MIN_TYPICAL_SESSIONS and activity.teachers >= min_group
        if activity.activity and mean > 0 and enough:
            typical[activity.activity] = mean
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
