"""How the caseload looks: reach (table, CSV, JSON, Markdown), the check-backs due, the brief on a teacher.

Never computes a figure: reports/reach.py counts, services/caseload.py gathers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

from coachlog.domain.caseload import NextStep
from coachlog.domain.timeparse import format_minutes
from coachlog.reports.reach import Reach, ReachRow

REACH_COLUMNS = ("teacher", "department", "grade", "on_staff", "sessions", "minutes", "last_seen", "days_since")


def reach_record(row: ReachRow, cycles: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "teacher": row.name,
        "department": row.department,
        "grade": row.grade,
        "on_staff": row.on_staff,
        "sessions": row.sessions,
        "minutes": row.minutes,
        "last_seen": row.last_seen.isoformat() if row.last_seen else None,
        "days_since": row.days_since,
    }
    if cycles:
        record["in_cycle"] = row.in_cycle
    return record


def reach_data(reach: Reach) -> dict[str, Any]:
    """The JSON contract of `coachlog reach`."""
    period = reach.period
    return {
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "staff": reach.staff,
        "staff_from": "roster" if reach.from_roster else ("config" if reach.staff else None),
        "reached": reach.reached,
        "share": reach.share,
        "never_seen": list(reach.never_seen),
        "in_cycles": reach.in_cycles if reach.shows_cycles else None,
        "teachers": [reach_record(row, reach.shows_cycles) for row in reach.rows],
        "groups": [{"by": g.by, "name": g.name, "staff": g.staff, "reached": g.reached} for g in reach.groups],
    }


def reach_summary(reach: Reach) -> str:
    """One sentence: how many were reached, of how many on staff."""
    if reach.staff:
        whole = "on staff" if reach.from_roster else "staff (the `staff` setting: import a roster for names)"
        line = f"Reached {reach.reached} of {reach.staff} {whole} ({reach.share:g}%)"
    else:
        line = f"Reached {reach.reached} teachers (import a roster, `coachlog teacher import FILE`, to see who not)"
    never = len(reach.never_seen)
    line += f"; not seen in this range: {never}" if reach.from_roster else ""
    return line + (f"; in an active coaching cycle: {reach.in_cycles}" if reach.in_cycles else "") + "."


TableParts = tuple[str | None, tuple[str, ...], list[list[str]], set[int]]


def _tables(reach: Reach) -> list[TableParts]:
    headings = ("teacher", "department", "grade", "sessions", "time", "last seen", "days since")
    rows = []
    for row in reach.rows:
        cells = [
            row.name + ("" if row.on_staff else " (left)"),
            row.department or "-",
            row.grade or "-",
            str(row.sessions),
            format_minutes(row.minutes) if row.minutes else "-",
            str(row.last_seen or "never"),
            "-" if row.days_since is None else str(row.days_since),
        ]
        if reach.shows_cycles:
            cells.append("yes" if row.in_cycle else "")
        rows.append(cells)
    tables: list[TableParts] = [(None, headings + (("in cycle",) if reach.shows_cycles else ()), rows, {3, 4, 6})]
    for by in ("department", "grade"):
        groups = [g for g in reach.groups if g.by == by]
        if groups:
            group_rows = [
                [g.name, str(g.staff), str(g.reached), f"{round(100 * g.reached / g.staff)}%"] for g in groups
            ]
            tables.append((f"By {by}", (by, "on staff", "reached", "share"), group_rows, {1, 2, 3}))
    return tables


def write_reach(reach: Reach, fmt: str, out: IO[str]) -> None:
    """`reach` as `fmt`: table, csv (one row per teacher), json or markdown."""
    if fmt == "json":
        out.write(json.dumps(reach_data(reach), indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        from coachlog.formats.exchange import neutralise

        writer = csv.writer(out, lineterminator="\n")
        columns = REACH_COLUMNS + (("in_cycle",) if reach.shows_cycles else ())
        writer.writerow(columns)
        for row in reach.rows:
            writer.writerow(
                ["" if v is None else neutralise(v) for v in reach_record(row, reach.shows_cycles).values()]
            )
        return
    title = f"Reach — {reach.period.label} ({reach.period.start} to {reach.period.end})"
    if fmt == "markdown":
        from coachlog.render.markdown import table

        parts = [f"# {title}\n", reach_summary(reach) + "\n"]
        for name, headings, rows, _ in _tables(reach):
            parts.append((f"## {name}\n\n" if name else "") + table(headings, rows))
        out.write("\n".join(parts))
        return
    from coachlog.output import terminal_size
    from coachlog.render.text import wrap, write_table

    size = terminal_size(out)
    out.write("\n".join(wrap(title, size[0]) if size else [title]) + "\n")
    write_table(out, _tables(reach), [reach_summary(reach)])


def step_record(step: NextStep, today: date) -> dict[str, Any]:
    return {
        "id": step.id,
        "teacher": step.teacher,
        "next_step": step.text,
        "due": step.due_on.isoformat(),
        "state": step.state(today),
        "done": step.done_on.isoformat() if step.done_on else None,
        "entry": step.entry_id,
    }


def when_due(step: NextStep, today: date) -> str:
    """ "overdue 3 days", "due today", "due Fri 2026-12-04"."""
    days = (step.due_on - today).days
    if days < 0:
        return f"overdue {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due {step.due_on:%a} {step.due_on}"


def step_rows(steps: Sequence[NextStep], today: date) -> list[list[str]]:
    return [[str(step.id), step.teacher, when_due(step, today), step.text] for step in steps]
