"""The leadership summary's data for programs: `summary --format json` (null where a figure is hidden)."""

from __future__ import annotations

from typing import Any

from coachlog.domain.values import ROUND_TO
from coachlog.reports.privacy import FEWER
from coachlog.reports.summary import Comparison, Summary, WeekTrend


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary's data for programs (minutes as numbers; null where a figure is hidden)."""
    return {
        "coach": summary.coach,
        "school": summary.school,
        "period": {
            "start": summary.period.start.isoformat(),
            "end": summary.period.end.isoformat(),
            "label": summary.period.label,
        },
        "made": summary.made.isoformat(),
        "privacy": {
            "min_group": summary.min_group,
            "names": summary.names_shown,
            "rounded_to": ROUND_TO,
            "mostly_hidden": summary.mostly_hidden,
            "widen_from": summary.widen_from.isoformat() if summary.widen_from else None,
        },
        "totals": {
            "logged_minutes": summary.logged_minutes,
            "minutes": summary.with_teachers_minutes,
            "sessions": summary.sessions,
            "teachers": summary.teachers,
            "staff": summary.staff,
            "duty_minutes": summary.duty_minutes,
            "duty_percent": summary.duty_percent,
            "with_teachers_percent": summary.with_teachers_percent,
            "with_teachers_target": summary.with_teachers_target,
            "hidden": FEWER if summary.too_few else None,
        },
        "stances": {
            s.stance: {
                "minutes": s.minutes,
                "percent": s.percent,
                "target": s.target,
                "difference": s.difference,
                "hidden": s.hidden,
            }
            for s in summary.stances
        },
        "duties": summary.duty_by_kind,
        "weeks": [_week_json(w) for w in summary.weeks],
        "previous": _previous_json(summary.previous),
        "activities": [
            {"activity": a.activity, "minutes": a.minutes, "percent": a.percent, "hidden": a.hidden}
            for a in summary.activities
        ],
        "voices": [
            {
                "helpful": v.helpful,
                "story": v.story,
                **({"teachers": list(v.teachers), "date": v.local_date.isoformat()} if summary.names_shown else {}),
            }
            for v in summary.voices
        ],
        **({"teachers_reached": list(summary.teacher_names)} if summary.names_shown else {}),
        "figures": _figures_json(summary),
    }


def _figures_json(summary: Summary) -> dict[str, Any]:
    """Further figure sections (reports/leaders.py) by key: each figure's value, sentence and why it is hidden."""
    return {
        section.key: {
            line.key: {"value": line.value, "text": line.text, "hidden": line.hidden} for line in section.lines
        }
        for section in summary.figures
    }


def _week_json(week: WeekTrend) -> dict[str, Any]:
    return {
        "start": week.start.isoformat(),
        **week.stances,
        "with_teachers": week.with_teachers,
        "duties": week.duty_minutes,
        "hidden": week.hidden,
    }


def _previous_json(before: Comparison | None) -> dict[str, Any] | None:
    if before is None:
        return None
    return {
        "label": before.label,
        "start": before.period.start.isoformat(),
        "end": before.period.end.isoformat(),
        "logged_minutes": before.logged_minutes,
        "minutes": before.with_teachers_minutes,
        "teachers": before.teachers,
        "stance_percent": before.stance_percent,
        "stance_change": before.stance_change,
        "logged_change": before.logged_change,
        "minutes_change": before.with_teachers_change,
        "teachers_change": before.teachers_change,
    }
