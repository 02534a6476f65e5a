"""Figures for leaders that need no cycles or roster: prep time, each relationship's stance over time, and
duties restated as coaching lost; and the generic `FigureSection` a summary carries them in.

A `FigureSection` is a titled list of `FigureLine`s, each a sentence (None when hidden) and a value for
programs. Every format renders it the same way (render/summary.py), so a later section ("Cycles and reach")
is added by building one more FigureSection: no renderer changes.

Privacy (see privacy.py, rounding.py and the README):
- Prep time describes no teacher, like duties: exact.
- Coaching lost is the (exact) duty time divided by the coach's mean session of one activity, taken only
  from figures the summary already shows (the activity's rounded minutes, its session count), only when
  that activity's row is shown, and said as a whole number: it adds nothing a reader could not divide.
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
from coachlog.domain.values import STANCES, SessionAtom
from coachlog.reports.privacy import FEWER

POSITION = {stance: i for i, stance in enumerate(STANCES)}  # consulting 0, collaborating 1, coaching 2
MIN_SESSIONS = 2  # sessions a teacher needs in each half of the term to count in the stance movement
NOT_A_TERM = "not a term"  # why the movement is hidden for a range that is not a whole, ended term
LOST_ACTIVITY = "debrief"  # the unit coaching lost is counted in, when its row is shown


@dataclass(frozen=True)
class FigureLine:
    """One figure: a sentence for people (None when hidden, with `hidden` saying why) and a value for programs."""

    key: str
    text: str | None
    value: object = None
    hidden: str | None = None


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
    ended) and both the movers and the others number min_group or more."""
    if not whole_term:
        return StanceMovement(None, None, NOT_A_TERM)
    second = start + timedelta(days=((end - start).days + 1 + 1) // 2)
    halves: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for teacher, day, stance in sessions:
        if start <= day <= end and stance in POSITION:
            halves[teacher][day >= second].append(POSITION[stance])
    counted = [(a, b) for a, b in halves.values() if len(a) >= MIN_SESSIONS and len(b) >= MIN_SESSIONS]
    moved = sum(1 for a, b in counted if sum(b) * len(a) > sum(a) * len(b))  # mean(b) > mean(a), exactly
    if moved < min_group or len(counted) - moved < min_group:
        return StanceMovement(None, None, FEWER)
    return StanceMovement(moved, len(counted), None)


def activity_sessions(atoms: Iterable[SessionAtom]) -> dict[str, int]:
    """Sessions per activity, from the same units as the summary's activity minutes."""
    counts: dict[str, int] = defaultdict(int)
    for atom in atoms:
        counts[atom.activity] += atom.sessions
    return dict(counts)


@dataclass(frozen=True)
class CoachingLost:
    """Duty time as sessions of `activity` at the coach's own mean length of one."""

    activity: str
    sessions: int  # all duties
    by_kind: dict[str, int]


def coaching_lost(
    duty_minutes: int, duty_by_kind: dict[str, int], shown_activity_minutes: dict[str, int], sessions: dict[str, int]
) -> CoachingLost | None:
    """Duties restated in sessions of LOST_ACTIVITY if its row is shown, else of the shown activity with the most
    time; None when no duty or no shown activity. `shown_activity_minutes` holds only rows the summary shows."""
    usable = {a: m for a, m in shown_activity_minutes.items() if a and m > 0 and sessions.get(a, 0) > 0}
    if not duty_minutes or not usable:
        return None
    activity = LOST_ACTIVITY if LOST_ACTIVITY in usable else max(usable, key=lambda a: (usable[a], a))
    mean = usable[activity] / sessions[activity]
    return CoachingLost(
        activity,
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
                f"Duties cost ≈ {lost.sessions} {lost.activity} sessions at your own average ({parts}).",
                {"activity": lost.activity, "sessions": lost.sessions, "by_kind": lost.by_kind},
            )
        )
    return FigureSection("coaching_work", "Coaching work", tuple(lines))
