"""The timer: start, stop, status, cancel.

`start` records a session as it begins (in the database, so it outlives the terminal),
`stop` saves it as a normal entry with its real length. Everything typed is checked at
`start`, so `stop` cannot fail on a name or a stance.
"""

import sys
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import (
    AppState,
    CoachlogCommand,
    HelpfulOption,
    NoteOption,
    StoryOption,
    TagOption,
    app,
    clean_text,
    get_state,
    parse_activity,
    print_added,
    print_week_split,
    warn_if_long,
)
from coachlog.domain.timeparse import elapsed_minutes, format_minutes, parse_instant, to_minute
from coachlog.domain.values import (
    MAX_MINUTES,
    MIN_MINUTES,
    NewEntry,
    Timer,
    clean_name,
    clean_tag,
    name_key,
    parse_stance,
)
from coachlog.errors import CoachlogError, NotFoundError, UsageError

LIMIT = f"{MAX_MINUTES // 60}h"
ActivityOption = Annotated[
    str | None,
    typer.Option(
        "--activity",
        "-a",
        help="What you are doing: planning, observing, modeling, co-teaching, debrief, data, team, workshop,"
        " resources, leaders, other (or a prefix).",
    ),
]


@app.command(cls=CoachlogCommand)
def start(
    ctx: typer.Context,
    teacher: Annotated[str, typer.Argument(help="The teacher (matched ignoring case and punctuation).")],
    stance: Annotated[
        str, typer.Argument(help="consulting, collaborating or coaching (or a prefix: cons, collab, coach).")
    ],
    with_: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="Another teacher in the session; repeat for more.")
    ] = None,
    activity: ActivityOption = None,
    note: NoteOption = None,
    tag: TagOption = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="When it started: 9:05, 'yesterday 16:50', -10m (10 minutes ago). Default: now.",
            metavar="TIME",
        ),
    ] = None,
    switch: Annotated[
        bool, typer.Option("--switch", help="Stop (and save) the running timer first, then start this one.")
    ] = False,
) -> None:
    """Start a timer for a session that begins now; `coachlog stop` saves it.

    One timer runs at a time. It is kept in the database, so it survives a closed
    terminal or a restart.

    \b
    Examples:
      coachlog start "Ms. Rivera" coaching
      coachlog start okafor collab --with "Dana Whitfield" -a co-teaching
      coachlog start rivera coach --at 9:05 -n "goal: wait time"
      coachlog start rivera coach --at -10m
      coachlog start okafor consulting --switch
    """
    state = get_state(ctx)
    now = state.now()
    begin = parse_instant(at, now, "start time") if at is not None else now
    if elapsed_minutes(begin, now) > MAX_MINUTES:
        raise UsageError(
            f"start time '{at}' ({_clock(state, begin, now)}) is over {LIMIT} ago: a timer that long cannot be"
            " saved; log the session with `coachlog add` instead"
        )
    typed = tuple(dict.fromkeys(clean_name(name) for name in (teacher, *(with_ or []))))
    parsed_stance = parse_stance(stance)
    parsed_activity = parse_activity(state, activity)
    tags = tuple(dict.fromkeys(clean_tag(t) for t in tag or []))
    store = state.store
    matches = {name_key(m.name): m for m in store.teachers.match(typed)}  # refuses a name that could be two
    new = Timer(
        start=begin,
        stance=parsed_stance,
        teachers=tuple(m.name for m in matches.values()),
        activity=parsed_activity,
        note=note or None,
        tags=tags,
    )
    running = store.timer.running()
    saving = None
    if running is not None:
        if not switch:
            raise CoachlogError(
                f"a timer is already running: {describe(state, running, now)}; stop it first with"
                " `coachlog stop`, or add --switch to save it and start this one"
            )
        minutes = checked_minutes(state, running, begin, now)
        saving = entry_of(state, running, minutes) if minutes >= MIN_MINUTES else None
    added = store.timer.start(new, now, running=running, saving=saving)
    if added is not None:
        warn_if_long(added.entry.minutes)
        print_added(state, added, "Logged")
    elif running is not None:
        output.note(f"The timer for {running.label()} ran under a minute: not saved.")
    for match in matches.values():
        if match.new:
            hint = f" — did you mean '{match.hint}'?" if match.hint else ""
            output.note(f"new teacher '{match.name}' (added when the timer stops){hint}")
    output.say(f"Started: {new.label()}, at {_clock(state, begin, now)} (`coachlog stop` saves it)")
    if added is not None:
        print_week_split(state)


@app.command(cls=CoachlogCommand)
def stop(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="When it ended: 15:30, 'yesterday 16:50', -5m (5 minutes ago). Default: now.", metavar="TIME"
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A private note, added after the one given at start.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="One more tag; repeat for more.")] = None,
    activity: Annotated[
        str | None, typer.Option("--activity", "-a", help="What it turned out to be (replaces the one given at start).")
    ] = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: Annotated[
        bool, typer.Option("--shareable", help="The teacher agreed their answer and the story may be shared.")
    ] = False,
) -> None:
    """Stop the timer and save the session, rounded to whole minutes.

    A timer that has run over 12 hours was probably left running: in a terminal you
    are asked when the session really ended; elsewhere, give it with --at.

    \b
    Examples:
      coachlog stop
      coachlog stop -n "she will try it on Thursday" --helpful "the wait-time video"
      coachlog stop --at 15:30
      coachlog stop --at -5m
    """
    state = get_state(ctx)
    now = state.now()
    end = parse_instant(at, now, "end time") if at is not None else None
    extra_tags = tuple(dict.fromkeys(clean_tag(t) for t in tag or []))
    parsed_activity = parse_activity(state, activity)
    store = state.store
    running = store.timer.running()
    if running is None:
        raise NotFoundError("no timer is running: start one with `coachlog start TEACHER STANCE`")
    if end is None:
        end = now if elapsed_minutes(running.start, now) <= MAX_MINUTES else _real_end(state, running, now)
    minutes = checked_minutes(state, running, end, now)
    if minutes < MIN_MINUTES:
        raise UsageError(
            f"the timer for {running.label()} ran under a minute (since {_clock(state, running.start, now)}):"
            " nothing to save; `coachlog cancel` discards it"
        )
    new = replace(
        entry_of(state, running, minutes),
        note="\n".join(n for n in (running.note, note) if n) or None,
        tags=tuple(dict.fromkeys((*running.tags, *extra_tags))),
        activity=parsed_activity or running.activity,
        helpful=clean_text(helpful) or None,
        story=clean_text(story) or None,
        shareable=shareable,
    )
    added = store.timer.stop(running, new, now)
    warn_if_long(minutes)
    print_added(state, added, "Logged")
    print_week_split(state)


@app.command(cls=CoachlogCommand)
def status(ctx: typer.Context) -> None:
    """Show the running timer: who, which stance, since when and for how long.

    Exits 0 while a timer runs and 1 when none does ("No timer running." on stderr),
    so scripts and shell prompts can test it.

    \b
    Examples:
      coachlog status
      coachlog status 2>/dev/null || echo "no timer"
    """
    state = get_state(ctx)
    now = state.now()
    running = state.store.timer.running()
    if running is None:
        output.note("No timer running.")
        raise typer.Exit(1)
    output.say(f"Running: {describe(state, running, now)}")
    if elapsed_minutes(running.start, now) > MAX_MINUTES:
        output.warn(f"over {LIMIT}: if the session ended long ago, save it with `coachlog stop --at TIME`")


@app.command(cls=CoachlogCommand)
def cancel(ctx: typer.Context) -> None:
    """Discard the running timer without saving a session (`coachlog undo` brings it back).

    \b
    Example:
      coachlog cancel
    """
    state = get_state(ctx)
    now = state.now()
    running = state.store.timer.running()
    if running is None:
        raise NotFoundError("no timer is running: nothing to cancel")
    state.store.timer.cancel(running)
    output.say(f"Cancelled: {describe(state, running, now)}; nothing saved (`coachlog undo` brings it back)")


# ---- helpers ----------------------------------------------------------------------------------


def describe(state: AppState, timer: Timer, now: datetime) -> str:
    """ "Ms. Rivera, coaching, since 09:05 (42m)" """
    elapsed = max(elapsed_minutes(timer.start, now), 0)
    return f"{timer.label()}, since {_clock(state, timer.start, now)} ({format_minutes(elapsed)})"


def _clock(state: AppState, instant: datetime, now: datetime) -> str:
    """A local time as `--at` accepts it: 09:05 today, 'yesterday 23:30', else the date and time."""
    local, today = instant.astimezone(state.tz), now.astimezone(state.tz).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if (today - local.date()).days == 1:
        return f"yesterday {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def checked_minutes(state: AppState, timer: Timer, end: datetime, now: datetime) -> int:
    """The timer's whole minutes up to `end`; an end before its start, or over 12 hours, is refused."""
    if end.astimezone(UTC) < timer.start.astimezone(UTC):
        raise UsageError(
            f"the end ({_clock(state, end, now)}) is before the start ({_clock(state, timer.start, now)})"
            f" of the timer for {timer.label()}: give a later time"
        )
    minutes = elapsed_minutes(timer.start, end)
    if minutes > MAX_MINUTES:
        raise UsageError(
            f"the timer for {timer.label()} would run {format_minutes(minutes)} (from {_clock(state, timer.start, now)}"
            f" to {_clock(state, end, now)}), over {LIMIT}: it was probably left running; save it with"
            " `coachlog stop --at TIME` (the real end), or discard it with `coachlog cancel`"
        )
    return minutes


def entry_of(state: AppState, timer: Timer, minutes: int) -> NewEntry:
    """The session a timer becomes: its start, teachers, stance and so on, dated by its local start."""
    return NewEntry(
        kind="session",
        start=to_minute(timer.start),
        minutes=minutes,
        local_date=to_minute(timer.start).astimezone(state.tz).date(),
        time_known=True,
        teachers=timer.teachers,
        stance=timer.stance,
        activity=timer.activity,
        note=timer.note,
        tags=timer.tags,
    )


def _real_end(state: AppState, timer: Timer, now: datetime) -> datetime:
    """Ask when a timer left running over 12 hours really ended (in a terminal; elsewhere refuse)."""
    ran = format_minutes(elapsed_minutes(timer.start, now))
    since = _clock(state, timer.start, now)
    if not sys.stdin.isatty():
        raise UsageError(
            f"the timer for {timer.label()} has run {ran} (since {since}), over {LIMIT}: run"
            " `coachlog stop --at TIME` with the time the session really ended (or `coachlog cancel`)"
        )
    output.warn(f"the timer for {timer.label()} has run {ran} (since {since}), over {LIMIT}: was it left running?")
    while True:
        sys.stderr.write("When did the session end? (15:30, 'yesterday 16:50', -2h; empty: leave it running) ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip()
        if not answer:
            output.note("Nothing saved; the timer is still running.")
            raise typer.Exit(1)
        try:
            end = parse_instant(answer, now, "end time")
            checked_minutes(state, timer, end, now)
        except UsageError as exc:
            output.error(str(exc))
            continue
        return end
