"""The summary's Coaching work figures as plain data, in the attacker's spirit: no shown stance movement
describes fewer than min_group teachers, in the movers or in the rest; coaching lost uses shown figures only."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.values import ROUND_TO, STANCES, RecentSessions, SessionAtom
from coachlog.reports.leaders import (
    MIN_TYPICAL_SESSIONS,
    NOT_A_TERM,
    TYPICAL_STEP,
    coaching_lost,
    recent_sessions,
    stance_halves,
    stance_movement,
    typical_minutes,
)
from coachlog.reports.privacy import FEWER
from coachlog.reports.rounding import round_minutes, rounding_offset

START, END = date(2026, 9, 1), date(2026, 12, 18)
SESSIONS = st.lists(
    st.tuples(st.integers(1, 14), st.integers(0, (END - START).days), st.sampled_from(STANCES)), max_size=120
)


def _movers(sessions: list[tuple[int, date, str]]) -> tuple[set[int], set[int]]:
    """Written independently: teachers with 2+ sessions in each half, and those whose mean position rose."""
    middle = START + timedelta(days=((END - START).days + 2) // 2)
    halves: dict[int, tuple[list[int], list[int]]] = {}
    for teacher, day, stance in sessions:
        halves.setdefault(teacher, ([], []))[1 if day >= middle else 0].append(STANCES.index(stance))
    counted = {t for t, (a, b) in halves.items() if len(a) >= 2 and len(b) >= 2}
    moved = {t for t in counted if sum(halves[t][1]) / len(halves[t][1]) > sum(halves[t][0]) / len(halves[t][0])}
    return counted, moved


@settings(max_examples=300)
@given(raw=SESSIONS, min_group=st.integers(2, 6))
def test_a_shown_movement_describes_min_group_movers_and_min_group_others(
    raw: list[tuple[int, int, str]], min_group: int
) -> None:
    """Shown only when both the movers and the others number min_group or more; then the figure is exact."""
    sessions = [(t, START + timedelta(days=d), s) for t, d, s in raw]
    result = stance_movement(stance_halves(sessions, START, END), min_group, whole_term=True)
    counted, moved = _movers(sessions)
    if result.hidden is None:
        assert (result.moved, result.counted) == (len(moved), len(counted))
        assert len(moved) >= min_group and len(counted) - len(moved) >= min_group
    else:
        assert result.hidden == FEWER and (result.moved, result.counted) == (None, None)
        assert len(moved) < min_group or len(counted) - len(moved) < min_group


@given(raw=SESSIONS)
def test_movement_is_never_shown_for_a_range_that_is_not_a_whole_ended_term(raw: list[tuple[int, int, str]]) -> None:
    """Any other range (which a reader could difference against another) hides it, whatever the data."""
    sessions = [(t, START + timedelta(days=d), s) for t, d, s in raw]
    result = stance_movement(stance_halves(sessions, START, END), 2, whole_term=False)
    assert (result.moved, result.counted, result.hidden) == (None, None, NOT_A_TERM)


def test_ten_teachers_five_of_whom_move() -> None:
    """Five move from consulting to coaching, five stay: "5 of 10"."""
    late = END - timedelta(days=3)
    sessions = []
    for teacher in range(10):
        second = "coaching" if teacher < 5 else "consulting"
        sessions += [(teacher, START, "consulting"), (teacher, START, "consulting")]
        sessions += [(teacher, late, second), (teacher, late, second)]
    result = stance_movement(stance_halves(sessions, START, END), 5, whole_term=True)
    assert (result.moved, result.counted, result.hidden) == (5, 10, None)
    assert (
        stance_movement(stance_halves(sessions[:-4], START, END), 5, whole_term=True).hidden == FEWER
    )  # 9: only 4 stayed


@given(
    recent=st.lists(
        st.tuples(
            st.sampled_from(("debrief", "planning", "")), st.integers(0, 5000), st.integers(0, 60), st.integers(0, 9)
        ),
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    min_group=st.integers(2, 6),
    duty=st.integers(0, 5000),
)
def test_coaching_lost_uses_typical_lengths_of_activities_about_min_group_teachers(
    recent: list[tuple[str, int, int, int]], min_group: int, duty: int
) -> None:
    """A typical length is given only for a named activity whose recent sessions were with min_group teachers or
    more, and were 3 or more, rounded to 5 minutes; coaching lost divides the duty time by it, debrief first."""
    typical = typical_minutes([RecentSessions(*r) for r in recent], min_group)
    for activity, mean in typical.items():
        assert activity and mean % 5 == 0 and mean > 0
        minutes, sessions, teachers = next(r[1:] for r in recent if r[0] == activity)
        assert teachers >= min_group and sessions >= 3 and abs(mean - minutes / sessions) <= 2.5
    lost = coaching_lost(duty, {"cover": duty}, typical)
    if not duty or not typical:
        assert lost is None
        return
    assert lost is not None and lost.activity in typical and lost.minutes == typical[lost.activity]
    assert lost.activity == "debrief" or "debrief" not in typical
    assert lost.sessions == round(duty / lost.minutes) == lost.by_kind["cover"]


@given(
    sessions=st.integers(1, 40),
    others=st.integers(1, 10_000),
    changed=st.integers(-200, 200),
    added=st.booleans(),
)
def test_two_typicals_either_side_of_one_session_place_it_no_closer_than_the_rounding(
    sessions: int, others: int, changed: int, added: bool
) -> None:
    """Two typical lengths shown, before and after one session is added (or one corrected by `changed` minutes),
    leave that session (or the correction) a window at least ROUND_TO wide: each typical places its sum within
    TYPICAL_STEP x n, so the typical shows only from MIN_TYPICAL_SESSIONS sessions (round 5, finding 2)."""
    before = RecentSessions("debrief", others, sessions, 9)
    after = RecentSessions("debrief", others + abs(changed), sessions + added, 9)
    first, second = typical_minutes([before], 5), typical_minutes([after], 5)
    if first and second:
        low = (second["debrief"] - TYPICAL_STEP / 2) * after.sessions - (first["debrief"] + TYPICAL_STEP / 2) * sessions
        high = (second["debrief"] + TYPICAL_STEP / 2) * after.sessions - (
            first["debrief"] - TYPICAL_STEP / 2
        ) * sessions
        assert high - low >= ROUND_TO
    if sessions < MIN_TYPICAL_SESSIONS:
        assert not first


@given(
    units=st.lists(
        st.tuples(st.integers(0, 6), st.sampled_from(("debrief", "planning")), st.integers(1, 200), st.integers(1, 4)),
        max_size=8,
        unique_by=lambda u: u[:2],
    )
)
def test_recent_sessions_sum_the_units_rounded_as_every_page_rounds_them(
    units: list[tuple[int, str, int, int]],
) -> None:
    """recent_sessions takes each activity's minutes from its units rounded to ROUND_TO (as protect() rounds them
    for every page) and its sessions from their counts: a typical length then moves only with the rounded units."""
    atoms = [SessionAtom(date(2026, 11, 2 + d), "coaching", a, m, n, f"uid {d} {a}") for d, a, m, n in units]
    recent = {r.activity: r for r in recent_sessions(atoms, {"debrief": 7}, ROUND_TO)}
    for activity in {a for _, a, _, _ in units}:
        mine = [atom for atom in atoms if atom.activity == activity]
        rounded = [round_minutes(a.minutes, rounding_offset(a, ROUND_TO), ROUND_TO) for a in mine]
        assert recent[activity].minutes == sum(rounded) and recent[activity].minutes % ROUND_TO == 0
        assert recent[activity].sessions == sum(a.sessions for a in mine)
        assert recent[activity].teachers == (7 if activity == "debrief" else 0)
