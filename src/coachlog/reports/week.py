"""The week's split that `add` (and every command that logs) prints in one line, and percent.

Apart from report.py so that logging a session does not build the report's classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachlog.domain.values import STANCES

if TYPE_CHECKING:
    from coachlog.domain.contract import AggregateRow


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def week_split(day_rows: list[AggregateRow]) -> tuple[dict[str, int], int]:
    """Session minutes per stance and duty minutes: the one-line split `add` prints."""
    minutes = dict.fromkeys(STANCES, 0)
    duties = 0
    for row in day_rows:
        if row.kind == "session" and row.stance:
            minutes[row.stance] += row.minutes
        elif row.kind != "prep":
            duties += row.minutes
    return minutes, duties
