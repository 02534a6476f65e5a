"""What leaders see of coaching cycles in a period: time in cycles, cycles started, active and completed,
the median length of those completed, the focus areas most worked on, and how many moved their measure.

Plain functions over plain data (cycles as domain values, minutes per day); never SQL, never formatting.
Counts only: no teacher names, no goals, no notes. Hiding small groups is the summary's job
(reports/privacy.py), as for every shared figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from coachlog.domain.cycles import Cycle, moved
from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period


class CycleFigures(NamedTuple):
    """The cycle figures of one period."""

    minutes_in_cycles: int  # session minutes linked to a cycle, on days of the period
    started: int  # cycles that started in the period
    active: int  # cycles running on at least one day of the period
    completed: int  # cycles that closed in the period
    median_days: float | None  # median length (start to close, both days counted) of those completed
    focus_areas: tuple[tuple[str, int], ...]  # focus area -> active cycles with it, most first
    with_evidence: int  # completed cycles with a baseline and a result
    measure_moved: int  # of those, the ones whose result differs from the baseline
    measure_rose: int
    measure_fell: int


def in_period(day: date, period: Period) -> bool:
    return period.start <= day <= period.end


def minutes_in_cycles(by_day: Iterable[tuple[date, int]], period: Period) -> int:
    """The minutes of the days inside `period` (others are ignored)."""
    return sum(minutes for day, minutes in by_day if in_period(day, period))


def started(cycles: Iterable[Cycle], period: Period) -> list[Cycle]:
    return [c for c in cycles if in_period(c.started_on, period)]


def active(cycles: Iterable[Cycle], period: Period) -> list[Cycle]:
    """Cycles running on some day of `period`: started by its end, not closed before its start."""
    return [c for c in cycles if c.started_on <= period.end and (c.closed_on is None or c.closed_on >= period.start)]


def completed(cycles: Iterable[Cycle], period: Period) -> list[Cycle]:
    return [c for c in cycles if c.closed_on is not None and in_period(c.closed_on, period)]


def median_days(cycles: Sequence[Cycle]) -> float | None:
    """The median length in days of closed cycles (start and close both counted); None for none."""
    import statistics  # here: it brings `random`, which a summary without closed cycles never needs (issue 17)

    lengths = [c.days(c.closed_on) for c in cycles if c.closed_on is not None]
    return statistics.median(lengths) if lengths else None


def focus_areas(cycles: Iterable[Cycle]) -> tuple[tuple[str, int], ...]:
    """Each focus area with its number of cycles, most first (then by name); cycles without one left out."""
    counts = Counter(c.focus for c in cycles if c.focus)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def cycle_figures(cycles: Sequence[Cycle], by_day: Iterable[tuple[date, int]], period: Period) -> CycleFigures:
    """Every cycle figure of `period`, from all the coach's cycles and the minutes in cycles per day."""
    done = completed(cycles, period)
    evidence = [c for c in done if moved(c) is not None]
    return CycleFigures(
        minutes_in_cycles=minutes_in_cycles(by_day, period),
        started=len(started(cycles, period)),
        active=len(active(cycles, period)),
        completed=len(done),
        median_days=median_days(done),
        focus_areas=focus_areas(active(cycles, period)),
        with_evidence=len(evidence),
        measure_moved=sum(1 for c in evidence if moved(c)),
        measure_rose=sum(1 for c in evidence if (c.result or 0) > (c.baseline or 0)),
        measure_fell=sum(1 for c in evidence if (c.result or 0) < (c.baseline or 0)),
    )
