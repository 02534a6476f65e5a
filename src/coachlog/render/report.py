"""`coachlog report`: the JSON contract (`report_data`), and the report as a table, CSV or Markdown."""

from __future__ import annotations

from typing import IO, Any

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES
from coachlog.render.document import bar
from coachlog.reports.report import GroupRow, Report, percent

SHARED_SESSIONS_NOTE = "A session with several teachers counts once in the totals and once for each teacher above."


def _group_record(row: GroupRow, key: str) -> dict[str, Any]:
    return {
        key: row.label,
        **{stance: row.stance_minutes[stance] for stance in STANCES},
        "session_minutes": row.session_minutes,
        "sessions": row.sessions,
        "duties": row.duty_minutes,
        "coaching_percent": row.coaching_percent,
    }


def report_data(report: Report) -> dict[str, Any]:
    """The JSON contract of `coachlog report` (documented in the README)."""
    key = {"week": "start", "day": "date"}.get(report.grouping, report.grouping)
    return {
        "period": {
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "totals": {
            "minutes": report.session_minutes,
            "sessions": report.sessions,
            "teachers": report.teachers,
            "average_minutes": report.average_minutes,
            "duty_minutes": report.duty_minutes,
            "prep_minutes": report.prep_minutes,
            "logged_minutes": report.logged_minutes,
            "duty_percent": report.duty_percent,
        },
        "stances": {
            figure.stance: {"minutes": figure.minutes, "sessions": figure.sessions, "percent": figure.percent}
            for figure in report.stances
        },
        "duties": report.duty_by_kind,
        "prep": report.prep_by_activity,
        "weeks": [_group_record(row, "start") for row in report.weeks],
        "grouping": report.grouping,
        "groups": [_group_record(row, key) for row in report.groups],
        **({"note": SHARED_SESSIONS_NOTE} if report.grouping == "teacher" else {}),
    }


def _group_heading(report: Report) -> str:
    return {"week": "week of", "day": "day"}.get(report.grouping, report.grouping)


def _group_label(report: Report, label: str) -> str:
    if report.grouping == "day":
        from datetime import date

        return date.fromisoformat(label).strftime("%a %Y-%m-%d")
    if report.grouping == "week":
        return label
    return label or "(none)"


def _summary_lines(report: Report) -> list[str]:
    lines = [
        f"Teachers reached: {report.teachers}",
        f"Sessions: {report.sessions}, {format_minutes(report.session_minutes)} in all,"
        f" {report.average_minutes:g} min on average",
        f"Duties: {format_minutes(report.duty_minutes)}, {report.duty_percent:g}% of all logged time"
        + (
            " (" + ", ".join(f"{k} {format_minutes(v)}" for k, v in report.duty_by_kind.items()) + ")"
            if report.duty_by_kind
            else ""
        ),
    ]
    if report.prep_minutes:  # shown only when there is some: a log without prep reads as before
        kinds = ", ".join(f"{k} {format_minutes(v)}" for k, v in report.prep_by_activity.items())
        lines.append(
            f"Prep (no teacher present): {format_minutes(report.prep_minutes)}, "
            f"{percent(report.prep_minutes, report.logged_minutes):g}% of all logged time"
            + (f" ({kinds})" if kinds else "")
        )
    if report.grouping == "teacher":
        lines.append(SHARED_SESSIONS_NOTE)
    return lines


def _report_cells(report: Report) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    stance_head = ["stance", "time", "share", "sessions", ""]
    stance_rows = [
        [f.stance, format_minutes(f.minutes), f"{f.percent:g}%", str(f.sessions), bar(f.percent)]
        for f in report.stances
    ]
    group_head = [
        _group_heading(report),
        "consulting",
        "collab.",
        "coaching",
        "total",
        "sessions",
        "duties",
        "coaching %",
    ]
    group_rows = [
        [
            _group_label(report, row.label),
            *(format_minutes(row.stance_minutes[s]) for s in STANCES),
            format_minutes(row.session_minutes),
            str(row.sessions),
            format_minutes(row.duty_minutes),
            f"{row.coaching_percent:g}%",
        ]
        for row in report.groups
    ]
    return stance_head, stance_rows, group_head, group_rows


def render_report(report: Report, fmt: str, out: IO[str], heading: str) -> None:
    if fmt == "json":
        import json  # each format's writer is loaded when asked for

        json.dump(report_data(report), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "csv":
        import csv

        from coachlog.formats.exchange import neutralise  # each format's writer is loaded when asked for

        key = {"week": "start", "day": "date"}.get(report.grouping, report.grouping)
        records = [_group_record(row, key) for row in report.groups]
        writer = csv.DictWriter(out, fieldnames=list(_group_record(GroupRow("", dict.fromkeys(STANCES, 0), 0, 0), key)))
        writer.writeheader()
        writer.writerows({k: neutralise(v) for k, v in record.items()} for record in records)
        return
    stance_head, stance_rows, group_head, group_rows = _report_cells(report)
    if fmt == "markdown":
        from coachlog.render import markdown

        out.write(f"## {heading}\n\n")
        out.write(markdown.table(stance_head[:4], [row[:4] for row in stance_rows]))
        out.write("\n")
        out.write(markdown.table(group_head, group_rows))
        out.write("\n")
        out.write("".join(f"- {line}\n" for line in _summary_lines(report)))
        return
    from coachlog.render.text import write_table

    tables = [
        (heading, stance_head, stance_rows, {1, 2, 3}),
        (None, group_head, group_rows, set(range(1, len(group_head)))),
    ]
    write_table(out, tables, _summary_lines(report))
