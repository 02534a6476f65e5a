"""The summary's Coaching work figures as plain data, in the attacker's spirit: no shown stance movement
describes fewer than min_group teachers, in the movers or in the rest; coaching lost uses shown figures only."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from coachlog.domain.values import STANCES
from coachlog.reports.leaders import (
    MIN_TYPICAL_SESSIONS,
    NOT_A_TERM,
    TYPICAL_STEP,
    coaching_lost,
    stance_halves,
    stance_movement,
    typical_minutes,
)
from coachlog.reports.privacy import FEWER

START, END = date(2026, 9, 1), date(2026, 12, 18)
SESSIONS = st.lists(
    st.tuples(st.integers(1, 14), st.integers(0, (END - START).days), st.sampled_from(STANCES)), max_size=120
)


def _movers(sessions: list[tuple[int, date, str]]) -> tuple[set[int], set[int], set[int]]:
    """Written independently: teachers met in a session in each half, those whose mean position rose, and those
    met in one half only."""
    middle = START + timedelta(days=((END - START).days + 2) // 2)
    halves: dict[int, tuple[list[int], list[int]]] = {}
    for teacher, day, stance in sessions:
        halves.setdefault(teacher, ([], []))[1 if day >= middle else 0].append(STANCES.index(stance))
    counted = {t for t, (a, b) in halves.items() if a and b}
    moved = {t for t in counted if sum(halves[t][1]) / len(halves[t][1]) > sum(halves[t][0]) / len(halves[t][0])}
    return counted, moved, set(halves) - counted


# One session a half each: four teachers met in both halves, two of them moved (M counts them since round 8; the
# old oracle wanted two sessions a half and read it as 0 of 0).
ONE_A_HALF = [
    (t, d, s) for t in (1, 2, 3, 4) for d, s in ((0, "consulting"), (55, "coaching" if t < 3 else "consulting"))
]


@settings(max_examples=300)
@given(raw=SESSIONS, min_group=st.integers(2, 6))
@example(raw=ONE_A_HALF, min_group=2)
def test_a_shown_movement_describes_min_group_movers_and_min_group_others(
    raw: list[tuple[int, int, str]], min_group: int
) -> None:
    """Shown only when the movers, the others and the teachers met in one half only (none is fine) number
    min_group or more; then the figure is exact."""
    sessions = [(t, START + timedelta(days=d), s) for t, d, s in raw]
    result = stance_movement(stance_halves(sessions, START, END), min_group, whole_term=True)
    counted, moved, one_half = _movers(sessions)
    few = len(moved) < min_group or len(counted) - len(moved) < min_group or 0 < len(one_half) < min_group
    if result.hidden is None:
        assert (result.moved, result.counted) == (len(moved), len(counted))
        assert not few
    else:
        assert result.hidden == FEWER and (result.moved, result.counted) == (None, None)
        assert few


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
    page=st.lists(
        st.tuples(
            st.sampled_from(("debrief", "planning", "(none given)", "")),
            st.none() | st.integers(0, 5000).map(lambda m: m - m % 30),
            st.integers(0, 60),
        ),
        max_size=4,
        unique_by=lambda r: r[0],
    ),
    duty=st.integers(0, 5000),
)
def test_coaching_lost_uses_only_activities_the_page_shows(page: list[tuple[str, int | None, int]], duty: int) -> None:
    """A typical length is given only for a named activity whose minutes the page shows (None: hidden) and that had
    MIN_TYPICAL_SESSIONS sessions or more in the range: its shown minutes over them, to 5 minutes. So it is a
    shown figure over a count, and adds nothing a reader of the page could not work out (round 6: a typical from
    sessions beyond the page bounded an activity the page hid). Coaching lost divides the duty time by it,
    debrief first."""
    shown = {activity: minutes for activity, minutes, _ in page}
    sessions = {activity: count for activity, _, count in page if activity != "(none given)"}
    typical = typical_minutes(shown, sessions)
    for activity, mean in typical.items():
        assert activity and mean % TYPICAL_STEP == 0 and mean > 0
        minutes, count = shown[activity], sessions[activity]
        assert minutes is not None and count >= MIN_TYPICAL_SESSIONS
        assert abs(mean - minutes / count) <= TYPICAL_STEP / 2
    assert "(none given)" not in typical
    lost = coaching_lost(duty, {"cover": duty}, typical)
    if not duty or not typical:
        assert lost is None
        return
    assert lost is not None and lost.activity in typical and lost.minutes == typical[lost.activity]
    assert lost.activity == "debrief" or "debrief" not in typical
    assert lost.sessions == round(duty / lost.minutes) == lost.by_kind["cover"]


def test_a_hidden_activity_has_no_typical_however_many_sessions() -> None:
    """The debrief hidden on the page: no typical of it, and coaching lost falls back to a shown activity."""
    assert typical_minutes({"debrief": None, "planning": 600}, {"debrief": 40, "planning": 10}) == {"planning": 60}
    assert typical_minutes({"debrief": None}, {"debrief": 40}) == {}
