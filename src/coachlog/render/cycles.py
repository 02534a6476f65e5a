"""How cycles look: `cycle list` as records (CSV, JSON), table rows and Markdown, and `cycle show` as lines."""

from __future__ import annotations

from datetime import date

from coachlog.domain.cycles import Cycle, number_text
from coachlog.domain.timeparse import format_minutes

LIST_COLUMNS = ("id", "teachers", "goal", "focus", "phase", "started_on", "closed_on", "weeks", "sessions", "minutes")
HEADINGS = ("id", "teachers", "goal", "phase", "weeks", "sessions", "time", "status")
RIGHT = {0, 4, 5, 6}  # the numbers
DROP = ("status", "goal", "sessions")  # the columns a narrow terminal loses first


def record(cycle: Cycle, today: date) -> dict[str, object]:
    """One cycle as a CSV row or JSON object (teachers joined by "; " in CSV, a list in JSON: see records)."""
    return {
        "id": cycle.id,
        "teachers": list(cycle.teachers),
        "goal": cycle.goal,
        "focus": cycle.focus,
        "phase": cycle.phase,
        "started_on": cycle.started_on.isoformat(),
        "closed_on": cycle.closed_on.isoformat() if cycle.closed_on else None,
        "weeks": cycle.weeks(today),
        "sessions": cycle.sessions,
        "minutes": cycle.minutes,
    }


def detail(cycle: Cycle, today: date, fmt: str) -> dict[str, object]:
    """`cycle show` as one record: `record`'s fields, then its evidence (numbers only) and outcome."""
    shown = {
        **records([cycle], today, fmt)[0],
        "measure": cycle.measure,
        "baseline": cycle.baseline,
        "result": cycle.result,
        "outcome": cycle.outcome,
    }
    return shown


def records(cycles: list[Cycle], today: date, fmt: str) -> list[dict[str, object]]:
    rows = [record(cycle, today) for cycle in cycles]
    if fmt == "csv":
        for row in rows:
            row["teachers"] = "; ".join(row["teachers"])  # type: ignore[arg-type]
    return rows


def status(cycle: Cycle) -> str:
    return f"closed {cycle.closed_on}" if cycle.closed_on else f"since {cycle.started_on}"


def rows(cycles: list[Cycle], today: date) -> list[list[str]]:
    """`cycle list` as table rows under HEADINGS."""
    return [
        [
            f"#{c.id}",
            ", ".join(c.teachers),
            c.goal,
            c.phase,
            str(c.weeks(today)),
            str(c.sessions),
            format_minutes(c.minutes),
            status(c),
        ]
        for c in cycles
    ]


def markdown(cycles: list[Cycle], today: date) -> str:
    from coachlog.render.markdown import table

    return table(HEADINGS, rows(cycles, today))


def shown(cycle: Cycle, today: date) -> list[str]:
    """`cycle show`: the cycle in lines, evidence (numbers only) and outcome when there are any."""
    state = f"closed on {cycle.closed_on}" if cycle.closed_on else "active"
    lines = [
        f"Cycle #{cycle.id} with {', '.join(cycle.teachers)} ({state})",
        f"  goal:      {cycle.goal}",
        *([f"  focus:     {cycle.focus}"] if cycle.focus else []),
        f"  phase:     {cycle.phase}",
        f"  started:   {cycle.started_on} (week {cycle.weeks(today)})"
        if cycle.active
        else f"  ran:       {cycle.started_on} to {cycle.closed_on} ({cycle.days(today)} days)",
        f"  sessions:  {cycle.sessions} ({format_minutes(cycle.minutes)})",
    ]
    if cycle.measure or cycle.baseline is not None or cycle.result is not None:
        result = number_text(cycle.result) or "not yet"
        lines.append(
            f"  evidence:  {cycle.measure or 'measure not named'}: baseline {number_text(cycle.baseline) or '-'},"
            f" result {result}"
        )
    if cycle.outcome:
        lines.append(f"  outcome:   {cycle.outcome}")
    return lines
