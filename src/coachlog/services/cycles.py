"""Coaching cycles: start, list, show, phase, close, edit; and the figures leaders see (cycle_figures)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from coachlog.domain.cycles import (
    Cycle,
    CycleChanges,
    clean_focus,
    clean_goal,
    clean_measure,
    clean_outcome,
    parse_number,
    parse_phase,
)
from coachlog.domain.names import clean_name
from coachlog.domain.periods import Period
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.reports.cycles import CycleFigures


def day_of(session: Session, at: str | None) -> date:
    """The local date `--at` names (today when not given): a date, `yesterday`, a weekday..."""
    if at is None:
        return session.today()
    from coachlog.domain.timeparse import parse_when

    return parse_when(at, session.now()).local_date


def start(
    session: Session, teacher: str, others: list[str] | None, goal: str, focus: str | None, at: str | None
) -> tuple[Cycle, tuple[tuple[str, str | None], ...]]:
    """`cycle start`: a new cycle in the first phase; the cycle and the teachers it created."""
    teachers = tuple(dict.fromkeys(clean_name(name) for name in (teacher, *(others or []))))
    cleaned_goal = clean_goal(goal)
    cleaned_focus = clean_focus(focus) if focus is not None else None
    started_on = day_of(session, at)
    first_phase = session.settings.phases[0]
    return session.store.cycles.start(teachers, cleaned_goal, cleaned_focus, first_phase, started_on, session.now())


def listed(session: Session, include_closed: bool) -> list[Cycle]:
    """`cycle list`: open cycles first, then (with --all) closed ones."""
    return session.store.cycles.all(include_closed)


def get(session: Session, cycle_id: int) -> Cycle:
    return session.store.cycles.get(cycle_id)


def delete(session: Session, cycle_id: int) -> Cycle:
    """`cycle delete`: the cycle goes; its sessions stay, in no cycle (undo brings it back, links and all)."""
    return session.store.cycles.delete(cycle_id)


def set_phase(session: Session, cycle_id: int, phase: str) -> tuple[Cycle, Cycle]:
    """`cycle phase`: move a cycle to one of the configured phases (a prefix will do)."""
    chosen = parse_phase(phase, session.settings.phases)
    return session.store.cycles.change(cycle_id, CycleChanges(phase=chosen), "phase change", session.now())


def close(session: Session, cycle_id: int, outcome: str | None, at: str | None) -> tuple[Cycle, Cycle]:
    """`cycle close`: the cycle ends on `--at` (today unless told), with what came of it."""
    cycles = session.store.cycles
    current = cycles.get(cycle_id)
    if current.closed_on is not None:
        raise UsageError(
            f"cycle #{cycle_id} closed on {current.closed_on} already: change its outcome with `coachlog cycle edit"
            f" {cycle_id} --outcome TEXT`"
        )
    changes = CycleChanges(closed_on=day_of(session, at), outcome=clean_outcome(outcome))
    return cycles.change(cycle_id, changes, "close", session.now())


def edit(
    session: Session,
    cycle_id: int,
    *,
    goal: str | None,
    focus: str | None,
    measure: str | None,
    baseline: str | None,
    result: str | None,
    outcome: str | None,
) -> tuple[Cycle, Cycle]:
    """`cycle edit`: change what is given; evidence is numbers only ("" clears a baseline or result)."""
    changes = CycleChanges(
        goal=clean_goal(goal) if goal is not None else None,
        focus=clean_focus(focus) if focus is not None else None,
        measure=clean_measure(measure) if measure is not None else None,
        baseline=parse_number(baseline, "--baseline") if baseline else None,
        result=parse_number(result, "--result") if result else None,
        outcome=clean_outcome(outcome),
        clear_baseline=baseline is not None and not baseline.strip(),
        clear_result=result is not None and not result.strip(),
    )
    if not changes.columns():
        raise UsageError(
            "nothing to change: give at least one of --goal, --focus, --measure, --baseline, --result, --outcome"
        )
    return session.store.cycles.change(cycle_id, changes, "edit", session.now())


def cycle_figures(session: Session, period: Period) -> CycleFigures:
    """The cycle figures of `period` for a summary (counts only; the summary applies its privacy rule)."""
    from coachlog.reports.cycles import cycle_figures as figures

    store = session.store
    return figures(store.cycles.all(), store.cycles.minutes_by_day(period), period)
