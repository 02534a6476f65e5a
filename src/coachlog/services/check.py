"""`coachlog check`: what needs the coach's attention, in a few cheap queries (for a shell prompt or cron).

A timer left running, check-backs due today or overdue, and nothing logged on the last working
day (yesterday, when it was one of the five school days of the coach's week and, where terms are
set, inside one). Nothing here loads more than `coachlog add` does.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from coachlog.domain.periods import Period
from coachlog.services.session import Session

DEFAULT_HOURS = 4.0  # a timer running longer was probably left running
SCHOOL_DAYS = 5  # the working days of the coach's week, counted from week_start


def attention(session: Session, hours: float = DEFAULT_HOURS) -> list[str]:
    """One line for each thing that needs attention; none when all is well (or nothing is logged yet)."""
    if not session.db_url and not session.db_path.exists():
        return []
    store = session.store
    now = session.now()
    today = now.date()
    lines = []
    running = store.timer.running()
    if running is not None:
        ran = now.astimezone(UTC) - running.start.astimezone(UTC)
        if ran > timedelta(hours=hours):
            since = running.start.astimezone(session.tz).strftime("%Y-%m-%d %H:%M")
            lines.append(
                f"timer running since {since} ({ran.total_seconds() / 3600:.0f}h) for {running.label()}:"
                " coachlog stop --at TIME, or coachlog cancel"
            )
    due = store.steps.count_open(today)
    if due:
        overdue = store.steps.count_open(today - timedelta(days=1))
        late = f" ({overdue} overdue)" if overdue else ""
        lines.append(f"{due} check-back{'s' if due != 1 else ''} due{late}: coachlog due")
    yesterday = today - timedelta(days=1)
    if (
        _working_day(session, yesterday)
        and store.entries.count()
        and not store.entries.count(Period(yesterday, yesterday, "yesterday"))
    ):
        lines.append(f"nothing logged yesterday ({yesterday:%A} {yesterday}): coachlog add … --at yesterday")
    return lines


def _working_day(session: Session, day: date) -> bool:
    """One of the coach's school days (the first five of their week) and inside a term, where terms are set."""
    if (day.weekday() - session.settings.first_weekday) % 7 >= SCHOOL_DAYS:
        return False
    terms = session.store.terms.all()
    return not terms or any(term.start <= day <= term.end for term in terms)
