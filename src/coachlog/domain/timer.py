"""The timer's rules: how long it ran, what it is called, and the session it becomes.

Pure functions: the coach's zone (`tz`) and `now` are parameters.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from coachlog.domain.timeparse import elapsed_minutes, format_minutes, to_minute
from coachlog.domain.values import MAX_MINUTES, NewEntry, Timer
from coachlog.errors import UsageError

LIMIT = f"{MAX_MINUTES // 60}h"


def clock_text(instant: datetime, now: datetime, tz: tzinfo) -> str:
    """A local time as `--at` accepts it: 09:05 today, 'yesterday 23:30', else the date and time."""
    local, today = instant.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if (today - local.date()).days == 1:
        return f"yesterday {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def describe(timer: Timer, now: datetime, tz: tzinfo) -> str:
    """ "Ms. Rivera, coaching, since 09:05 (42m)" """
    elapsed = max(elapsed_minutes(timer.start, now), 0)
    return f"{timer.label()}, since {clock_text(timer.start, now, tz)} ({format_minutes(elapsed)})"


def checked_minutes(timer: Timer, end: datetime, now: datetime, tz: tzinfo) -> int:
    """The timer's whole minutes up to `end`; an end before its start, or over 12 hours, is refused."""
    if end.astimezone(UTC) < timer.start.astimezone(UTC):
        raise UsageError(
            f"the end ({clock_text(end, now, tz)}) is before the start ({clock_text(timer.start, now, tz)})"
            f" of the timer for {timer.label()}: give a later time"
        )
    minutes = elapsed_minutes(timer.start, end)
    if minutes > MAX_MINUTES:
        raise UsageError(
            f"the timer for {timer.label()} would run {format_minutes(minutes)}"
            f" (from {clock_text(timer.start, now, tz)} to {clock_text(end, now, tz)}), over {LIMIT}: it was"
            " probably left running; save it with `coachlog stop --at TIME` (the real end), or discard it with"
            " `coachlog cancel`"
        )
    return minutes


def entry_of(timer: Timer, minutes: int, tz: tzinfo) -> NewEntry:
    """The session a timer becomes: its start, teachers, stance and so on, dated by its local start."""
    return NewEntry(
        kind="session",
        start=to_minute(timer.start),
        minutes=minutes,
        local_date=to_minute(timer.start).astimezone(tz).date(),
        time_known=True,
        teachers=timer.teachers,
        stance=timer.stance,
        activity=timer.activity,
        note=timer.note,
        tags=timer.tags,
    )


def left_running(timer: Timer, now: datetime) -> bool:
    """Whether the timer has run over 12 hours (probably forgotten)."""
    return elapsed_minutes(timer.start, now) > MAX_MINUTES
