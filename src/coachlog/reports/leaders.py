"""Figures for leaders that need no cycles or roster: prep time, each relationship's stance over time, and
duties restated as coaching lost; and the generic `FigureSection` a summary carries them in.

A `FigureSection` is a titled list of `FigureLine`s, each a sentence (None when hidden) and a value for
programs. Every format renders it the same way (render/summary.py), so a later section ("Cycles and reach")
is added by building one more FigureSection: no renderer changes.

Privacy (see privacy.py, rounding.py and the README):
- Prep time describes no teacher, like duties: exact.
- Coaching lost is the (exact, shown) duty time divided by the coach's typical session of one activity on the
  same page: the activity's minutes as the page shows them, over its sessions in the range, rounded to 5
  minutes, and only where the page shows that activity and it had MIN_TYPICAL_SESSIONS sessions or more. It
  adds nothing to the page: it is a shown figure over a count (counts are not protected). A typical taken from
  the log beyond the page (the newest sessions up to the day made, round 5) was a figure no page's check knew:
  with its minimum of sessions public, it bounded the activity's time from below, giving back on the page, or
  beside a page of another range, a bound the page had hidden its activities to end (round 6). On a page that
  hides the activity, or where it had fewer sessions, the line is left out (no duty time is lost from view: the
  duties are shown exact above).
- Stance movement counts teachers. "N of M moved" says of N teachers that they moved and of M - N that
  they did not, so both must be at least min_group (else hidden). A count is exact, so two such figures
  over different ranges, or before and after a correction, could be subtracted to one teacher: the figure
  is therefore shown only for a whole named term that has ended (one figure per term, never a range of
  one's choosing), and hidden for any other range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES, StanceHalf
from coachlog.reports.privacy import FEWER

POSITION = {stance: i for i, stance in enumerate(STANCES)}  # consulting 0, collaborating 1, coaching 2
NOT_A_TERM = "not a term"  # why the movement is hidden for a range that is not a whole, ended term
LOST_ACTIVITY = "debrief"  # the unit coaching lost is counted in, when it may be shown
TYPICAL_STEP = 5  # minutes: a typical session length is rounded to this
# The fewest sessions of the activity on the page a typical length is shown for: fewer make no "typical".
MIN_TYPICAL_SESSIONS = 3


class FigureLine(NamedTuple):
    """One figure: a sentence for people (None when hidden, with `hidden` saying why) and a value for programs."""

    key: str
    text: str | None
    value: object = None
    hidden: str | None = None
    quiet: bool = False  # nothing to say (no prep logged): programs get the value, people no sentence


class FigureSection(NamedTuple):
    """A titled list of figures every format renders alike (JSON: `key` -> {figures by key})."""

    key: str
    title: str
    lines: tuple[FigureLine, ...]


class StanceMovement(NamedTuple):
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
        if start <= day <= end:
            half = sums[teacher, day >= second]  # met in this half, with a stance or without
            if stance in POSITION:
                half[0] += 1
                half[1] += POSITION[stance]
    return [StanceHalf(teacher, later, n, total) for (teacher, later), (n, total) in sums.items()]


def stance_movement(halves: Iterable[StanceHalf], min_group: int, whole_term: bool) -> StanceMovement:
    """Of the teachers met in sessions in each half of the term (`second_half`), how many had a higher mean stance
    position (consulting 0, collaborating 1, coaching 2) in the second half than in the first (a half without a
    session with a stance: not moved). Hidden unless `whole_term` (a named term that has ended), both the movers
    and the others number min_group or more, and so do the teachers met but not counted (none is fine): the page
    shows teachers reached, and reached less M would describe them.

    M is the teachers met in both halves, a count any reader has from the exact teachers reached of the term and
    of its two halves (first + second - term): it adds nothing to them. It used to need two sessions with a stance
    in each half, and beside those three counts gave the few teachers met in both halves but not so often (an
    eighth attacker review, tests/storage/test_attack_team_round8.py)."""
    if not whole_term:
        return StanceMovement(None, None, NOT_A_TERM)
    teachers: dict[int, dict[bool, tuple[int, int]]] = defaultdict(dict)
    for half in halves:
        teachers[half.teacher_id][half.second] = (half.sessions, half.positions)
    counted = [(met[False], met[True]) for met in teachers.values() if len(met) == 2]
    moved = sum(1 for a, b in counted if b[1] * a[0] > a[1] * b[0])  # mean(second) > mean(first), exactly; 0 > 0
    uncounted = len(teachers) - len(counted)  # met in one half only: teachers reached less M
    if moved < min_group or len(counted) - moved < min_group or 0 < uncounted < min_group:
        return StanceMovement(None, None, FEWER)
    return StanceMovement(moved, len(counted), None)


def typical_minutes(shown: Mapping[str, int | None], sessions: Mapping[str, int]) -> dict[str, int]:
    """The coach's own mean session length per named activity on this page: the minutes the page shows for it
    (`shown`, None where hidden) over its `sessions` in the range, to TYPICAL_STEP minutes; only where it is
    shown and had MIN_TYPICAL_SESSIONS sessions or more (see the module's docstring for why from the page)."""
    typical = {}
    for activity, minutes in shown.items():
        count = sessions.get(activity, 0)
        if not activity or minutes is None or count < MIN_TYPICAL_SESSIONS:
            continue
        mean = TYPICAL_STEP * round(minutes / count / TYPICAL_STEP)
        if mean > 0:
            typical[activity] = mean
    return typical


class CoachingLost(NamedTuple):
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
