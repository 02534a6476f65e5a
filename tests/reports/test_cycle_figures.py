"""The cycle figures leaders see (reports/cycles.py): plain functions over plain cycles, and the service
that gathers them from a database the real CLI wrote (services/cycles.cycle_figures)."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.domain.cycles import Cycle, moved
from coachlog.domain.periods import Period
from coachlog.reports.cycles import active, completed, cycle_figures, focus_areas, median_days, started
from helpers import Run

FIRST = date(2026, 8, 1)
PERIOD = Period(date(2026, 9, 1), date(2026, 12, 18), "Term 1")
FOCI = (None, "questioning", "engagement", "feedback")


@st.composite
def cycles(draw: st.DrawFn) -> Cycle:
    start = FIRST + timedelta(days=draw(st.integers(0, 200)))
    length = draw(st.one_of(st.none(), st.integers(0, 120)))
    evidence = draw(st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(0, 30))))
    return Cycle(
        id=draw(st.integers(1, 10_000)),
        uid="u",
        teachers=("T",),
        goal="g",
        phase="identify",
        started_on=start,
        closed_on=None if length is None else start + timedelta(days=length),
        focus=draw(st.sampled_from(FOCI)),
        baseline=None if evidence is None else float(evidence[0]),
        result=None if evidence is None else float(evidence[1]),
    )


def cycle(start: date, close: date | None = None, **fields: object) -> Cycle:
    return Cycle(id=1, uid="u", teachers=("T",), goal="g", phase="p", started_on=start, closed_on=close, **fields)  # type: ignore[arg-type]


@given(st.lists(cycles(), max_size=30))
@example([])
def test_counts_hold_together(found: list[Cycle]) -> None:
    """Started and completed cycles of a period are active in it; every active one started by its end;
    the evidence counts split the completed ones with a baseline and a result."""
    figures = cycle_figures(found, [], PERIOD)
    running = active(found, PERIOD)
    assert {id(c) for c in started(found, PERIOD)} <= {id(c) for c in running}
    assert {id(c) for c in completed(found, PERIOD)} <= {id(c) for c in running}
    assert figures.started <= figures.active and figures.completed <= figures.active
    assert figures.measure_moved == figures.measure_rose + figures.measure_fell <= figures.with_evidence
    assert figures.with_evidence <= figures.completed
    assert sum(count for _, count in figures.focus_areas) == sum(1 for c in running if c.focus)


@given(st.lists(cycles(), max_size=30))
def test_median_length_is_the_middle_of_the_closed_lengths(found: list[Cycle]) -> None:
    closed = [c for c in found if c.closed_on is not None]
    lengths = sorted((c.closed_on - c.started_on).days + 1 for c in closed)  # type: ignore[operator]
    median = median_days(found)
    if not lengths:
        assert median is None
    else:
        assert median == statistics.median(lengths)
        assert lengths[0] <= median <= lengths[-1]


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(1, 720)), max_size=40))
def test_minutes_in_cycles_count_the_days_of_the_period_only(days: list[tuple[int, int]]) -> None:
    by_day = [(FIRST + timedelta(days=d), m) for d, m in days]
    inside = sum(m for day, m in by_day if PERIOD.start <= day <= PERIOD.end)
    assert cycle_figures([], by_day, PERIOD).minutes_in_cycles == inside
    whole = Period(FIRST, FIRST + timedelta(days=200), "all")
    assert cycle_figures([], by_day, whole).minutes_in_cycles == sum(m for _, m in by_day)


def test_examples() -> None:
    """A cycle closed the day it started lasted one day; one closed before the period is not active in it."""
    early = cycle(date(2026, 8, 3), date(2026, 8, 28), focus="questioning")
    one_day = cycle(date(2026, 9, 7), date(2026, 9, 7), focus="questioning", baseline=4.0, result=9.0)
    long = cycle(date(2026, 8, 20), date(2026, 10, 30), focus="engagement", baseline=5.0, result=5.0)
    running = cycle(date(2026, 11, 2), focus="questioning", baseline=3.0)
    figures = cycle_figures([early, one_day, long, running], [(date(2026, 9, 7), 45)], PERIOD)
    assert (figures.started, figures.active, figures.completed) == (2, 3, 2)
    assert figures.median_days == (1 + 72) / 2
    assert figures.focus_areas == (("questioning", 2), ("engagement", 1))
    assert (figures.with_evidence, figures.measure_moved, figures.measure_rose, figures.measure_fell) == (2, 1, 1, 0)
    assert figures.minutes_in_cycles == 45
    assert moved(running) is None
    assert focus_areas([]) == ()


def test_the_service_gathers_the_figures_from_the_database(ok: Run, db_path: Path) -> None:
    """cycle_figures(session, period) over what the CLI wrote: linked minutes, counts, evidence."""
    from coachlog.services.cycles import cycle_figures as service_figures
    from coachlog.services.session import Session

    ok("cycle", "start", "Ms. Rivera", "--goal", "g", "--focus", "questioning", "--at", "2026-09-14")
    ok("cycle", "start", "Mr. Okafor", "--goal", "h", "--at", "2026-10-05")
    ok("add", "rivera", "coaching", "45", "--at", "2026-09-15 10:00")
    ok("add", "okafor", "collab", "30", "--at", "2026-10-06 10:00")
    ok("add", "okafor", "collab", "20", "--at", "2026-10-07 10:00", "--no-cycle")
    ok("add", "Ms. Ito", "coaching", "25", "--at", "2026-10-08 10:00")
    ok("cycle", "edit", "1", "--measure", "citing (of 28)", "--baseline", "6", "--result", "19")
    ok("cycle", "close", "1", "--at", "2026-10-30")
    session = Session(str(db_path))
    try:
        figures = service_figures(session, PERIOD)
        october = service_figures(session, Period(date(2026, 10, 1), date(2026, 10, 31), "October"))
    finally:
        session.close()
    assert figures.minutes_in_cycles == 75
    assert (figures.started, figures.active, figures.completed, figures.median_days) == (2, 2, 1, 47)
    assert (figures.with_evidence, figures.measure_moved) == (1, 1)
    assert figures.focus_areas == (("questioning", 1),)
    assert (october.minutes_in_cycles, october.started, october.active) == (30, 1, 2)
