"""against_adjacent (reports/term_counts.py): of a term's active and started and the term before's active and
completed (active(T) - started(T) = active(T-1) - completed(T-1)), never exactly one hidden, at the fewest of the
term's own lines hidden, checked against an oracle that tries every set of lines to hide."""

from __future__ import annotations

import json
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from coachlog.reports.leaders import FigureLine, FigureSection
from coachlog.reports.term_counts import against_adjacent

KEYS = ("cycles_active", "cycles_started", "cycles_completed", "median_length", "student_evidence")


def _line(key: str, shown: bool) -> FigureLine:
    return FigureLine(key, f"{key}: 7.", 7) if shown else FigureLine(key, None, None, "fewer")


def _fixed(active: bool, started: bool, completed: bool) -> str:
    lines = {"cycles_active": active, "cycles_started": started, "cycles_completed": completed}
    return json.dumps(
        {k: {"text": f"{k}: 7." if v else None, "value": 7, "hidden": None if v else "fewer"} for k, v in lines.items()}
    )


def _hidden(sections: tuple[FigureSection, ...]) -> set[str]:
    return {line.key for s in sections for line in s.lines if line.text is None}


def _oracle(mine: set[str], before: tuple[bool, bool] | None, after: tuple[bool, bool] | None) -> int:
    """The fewest lines (completed takes its median and evidence with it) to hide so that each equation has none
    or two or more hidden: every set tried."""
    best = None
    own = ("cycles_active", "cycles_started", "cycles_completed")
    for size in range(4):
        for chosen in combinations(own, size):
            hide = mine | set(chosen)
            if "cycles_completed" in chosen:
                hide |= {"median_length", "student_evidence"}
            ok = True
            if before is not None:  # (active, completed) of the term before shown
                n = ("cycles_active" in hide) + ("cycles_started" in hide) + (not before[0]) + (not before[1])
                ok = ok and n != 1
            if after is not None:  # (active, started) of the term after shown
                n = ("cycles_active" in hide) + ("cycles_completed" in hide) + (not after[0]) + (not after[1])
                ok = ok and n != 1
            if ok and (best is None or len(hide - mine) < best):
                best = len(hide - mine)
    assert best is not None
    return best


@given(
    st.tuples(*(st.booleans() for _ in KEYS)),
    st.none() | st.tuples(st.booleans(), st.booleans()),
    st.none() | st.tuples(st.booleans(), st.booleans()),
)
def test_no_equation_with_an_adjacent_term_has_one_figure_hidden(
    shown: tuple[bool, ...], before: tuple[bool, bool] | None, after: tuple[bool, bool] | None
) -> None:
    section = FigureSection("cycles_and_reach", "Cycles and reach", tuple(map(_line, KEYS, shown)))
    out = against_adjacent(
        (section,),
        None if before is None else _fixed(before[0], True, before[1]),
        None if after is None else _fixed(after[0], after[1], True),
    )
    mine, now = _hidden((section,)), _hidden(out)
    assert mine <= now  # nothing hidden shows
    if before is not None:
        assert ("cycles_active" in now) + ("cycles_started" in now) + (not before[0]) + (not before[1]) != 1
    if after is not None:
        assert ("cycles_active" in now) + ("cycles_completed" in now) + (not after[0]) + (not after[1]) != 1
    if "cycles_completed" in now - mine:
        assert {"median_length", "student_evidence"} <= now
    assert len(now - mine) == _oracle(mine, before, after)
