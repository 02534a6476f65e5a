"""The summary's Coaching work figures as plain data, in the attacker's spirit: no shown stance movement
describes fewer than min_group teachers, in the movers or in the rest; coaching lost uses shown figures only."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.values import STANCES
from coachlog.reports.leaders import NOT_A_TERM, coaching_lost, stance_movement
from coachlog.reports.privacy import FEWER

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
    result = stance_movement(sessions, START, END, min_group, whole_term=True)
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
    result = stance_movement(sessions, START, END, 2, whole_term=False)
    assert (result.moved, result.counted, result.hidden) == (None, None, NOT_A_TERM)


def test_ten_teachers_five_of_whom_move() -> None:
    """Five move from consulting to coaching, five stay: "5 of 10"."""
    late = END - timedelta(days=3)
    sessions = []
    for teacher in range(10):
        second = "coaching" if teacher < 5 else "consulting"
        sessions += [(teacher, START, "consulting"), (teacher, START, "consulting")]
        sessions += [(teacher, late, second), (teacher, late, second)]
    result = stance_movement(sessions, START, END, 5, whole_term=True)
    assert (result.moved, result.counted, result.hidden) == (5, 10, None)
    assert stance_movement(sessions[:-4], START, END, 5, whole_term=True).hidden == FEWER  # 9: only 4 stayed


@given(
    duty=st.integers(0, 5000),
    kinds=st.dictionaries(st.sampled_from(("cover", "testing")), st.integers(1, 3000), max_size=2),
    shown=st.dictionaries(st.sampled_from(("debrief", "planning", "")), st.integers(0, 3000), max_size=3),
    sessions=st.dictionaries(st.sampled_from(("debrief", "planning", "", "observing")), st.integers(0, 50)),
)
def test_coaching_lost_uses_only_shown_activities(
    duty: int, kinds: dict[str, int], shown: dict[str, int], sessions: dict[str, int]
) -> None:
    """The unit is a shown activity with time and sessions (debrief first); never a hidden or unnamed one."""
    lost = coaching_lost(duty, kinds, shown, sessions)
    usable = {a for a, m in shown.items() if a and m > 0 and sessions.get(a, 0) > 0}
    if not duty or not usable:
        assert lost is None
        return
    assert lost is not None and lost.activity in usable
    assert lost.activity == "debrief" or "debrief" not in usable
    assert lost.sessions == round(duty * sessions[lost.activity] / shown[lost.activity])
