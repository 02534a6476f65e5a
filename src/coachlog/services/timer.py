"""The timer's use cases: start (or switch), stop, status, cancel.

Everything typed is checked at `start`, so `stop` cannot fail on a name or a stance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from coachlog.domain.names import clean_name, clean_tags, clean_text, name_key, parse_stance
from coachlog.domain.timeparse import elapsed_minutes, parse_instant
from coachlog.domain.timer import LIMIT, checked_minutes, clock_text, describe, left_running
from coachlog.domain.timer import entry_of as timer_entry
from coachlog.domain.values import MAX_MINUTES, MIN_MINUTES, NewEntry, TeacherMatch, Timer
from coachlog.errors import CoachlogError, NotFoundError, UsageError
from coachlog.services.entries import activity_of
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.caseload import StepRequest
    from coachlog.domain.contract import Added


def entry_of(session: Session, timer: Timer, minutes: int) -> NewEntry:
    """The session a timer becomes, dated by its start in the coach's zone."""
    return timer_entry(timer, minutes, session.tz)


def clock(session: Session, instant: datetime, now: datetime) -> str:
    """`instant` as `--at` accepts it, in the coach's zone."""
    return clock_text(instant, now, session.tz)


@dataclass(frozen=True)
class Started:
    """What `start` did: the new timer, the session it saved first (--switch), the one it replaced."""

    timer: Timer
    begin: datetime
    now: datetime
    added: Added | None
    replaced: Timer | None
    matches: tuple[TeacherMatch, ...]


def start(
    session: Session,
    teacher: str,
    stance: str,
    *,
    with_: list[str] | None,
    activity: str | None,
    note: str | None,
    tags: list[str] | None,
    at: str | None,
    switch: bool,
) -> Started:
    """`coachlog start`: check everything typed, then start the timer (saving the running one with --switch)."""
    now = session.now()
    begin = parse_instant(at, now, "start time") if at is not None else now
    if elapsed_minutes(begin, now) > MAX_MINUTES:
        raise UsageError(
            f"start time '{at}' ({clock(session, begin, now)}) is over {LIMIT} ago: a timer that long cannot be"
            " saved; log the session with `coachlog add` instead"
        )
    typed = tuple(dict.fromkeys(clean_name(name) for name in (teacher, *(with_ or []))))
    clean_text(note, "note")  # the timer keeps it until stop makes the entry
    parsed_stance = parse_stance(stance)
    parsed_activity = activity_of(session, activity)
    cleaned_tags = clean_tags(tags)
    store = session.store
    matches = {name_key(m.name): m for m in store.teachers.match(typed)}  # refuses a name that could be two
    new = Timer(
        start=begin,
        stance=parsed_stance,
        teachers=tuple(m.name for m in matches.values()),
        activity=parsed_activity,
        note=note or None,
        tags=cleaned_tags,
    )
    running = store.timer.running()
    saving = None
    if running is not None:
        if not switch:
            raise CoachlogError(
                f"a timer is already running: {describe(running, now, session.tz)}; stop it first with"
                " `coachlog stop`, or add --switch to save it and start this one"
            )
        minutes = checked_minutes(running, begin, now, session.tz)
        saving = entry_of(session, running, minutes) if minutes >= MIN_MINUTES else None
    added = store.timer.start(new, now, running=running, saving=saving)
    return Started(new, begin, now, added, running, tuple(matches.values()))


def stop(
    session: Session,
    *,
    at: str | None,
    note: str | None,
    tags: list[str] | None,
    activity: str | None,
    helpful: str | None,
    story: str | None,
    shareable: bool,
    real_end: Callable[[Timer, datetime], datetime],
    cycle: int | None = None,
    auto_cycle: bool = True,
    step: StepRequest | None = None,
) -> Added:
    """`coachlog stop`: save the running timer as a session (with the next step `step`); `real_end` asks when
    one left running ended. The session joins cycle `cycle`, else (unless `auto_cycle` is False) the open
    cycle of its teacher."""
    from coachlog.domain.contract import CycleLink

    now = session.now()
    end = parse_instant(at, now, "end time") if at is not None else None
    extra_tags = clean_tags(tags)
    parsed_activity = activity_of(session, activity)
    store = session.store
    running = store.timer.running()
    if running is None:
        raise NotFoundError("no timer is running: start one with `coachlog start TEACHER STANCE`")
    if end is None:
        end = now if elapsed_minutes(running.start, now) <= MAX_MINUTES else real_end(running, now)
    minutes = checked_minutes(running, end, now, session.tz)
    if minutes < MIN_MINUTES:
        raise UsageError(
            f"the timer for {running.label()} ran under a minute (since {clock(session, running.start, now)}):"
            " nothing to save; `coachlog cancel` discards it"
        )
    new = entry_of(session, running, minutes).replace(
        note="\n".join(n for n in (running.note, note) if n) or None,
        tags=tuple(dict.fromkeys((*running.tags, *extra_tags))),
        activity=parsed_activity or running.activity,
        helpful=clean_text(helpful, "helpful") or None,
        story=clean_text(story, "story") or None,
        shareable=shareable,
    )
    return store.timer.stop(running, new, now, CycleLink(cycle, auto_cycle), step)


@dataclass(frozen=True)
class Running:
    """The running timer as `status` and `cancel` show it."""

    timer: Timer
    described: str
    left_running: bool  # over 12 hours: probably forgotten


def status(session: Session) -> Running | None:
    """`coachlog status`: the running timer, or None."""
    now = session.now()
    running = session.store.timer.running()
    if running is None:
        return None
    return Running(running, describe(running, now, session.tz), left_running(running, now))


def cancel(session: Session) -> Running:
    """`coachlog cancel`: discard the running timer (undo brings it back)."""
    now = session.now()
    running = session.store.timer.running()
    if running is None:
        raise NotFoundError("no timer is running: nothing to cancel")
    session.store.timer.cancel(running)
    return Running(running, describe(running, now, session.tz), left_running(running, now))
