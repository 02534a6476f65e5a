"""The timer: start, stop, status, cancel.

`start` records a session as it begins (in the database, so it outlives the terminal),
`stop` saves it as a normal entry with its real length. Everything typed is checked at
`start`, so `stop` cannot fail on a name or a stance.
"""

import sys
from datetime import datetime
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.add_run import parse_cycle_choice
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import (
    ByOption,
    CycleOption,
    HelpfulOption,
    ListFormatOption,
    NextOption,
    NoCycleOption,
    NoteOption,
    StanceArgument,
    StoryOption,
    TagOption,
    TeacherArgument,
    WithOption,
    parse_format,
)
from coachlog.cli.show import LISTING_FORMATS, print_added, print_records, print_step, print_week_split, warn_if_long
from coachlog.domain.timeparse import elapsed_minutes, format_minutes, parse_instant
from coachlog.domain.timer import LIMIT, checked_minutes
from coachlog.domain.values import Timer
from coachlog.errors import UsageError
from coachlog.services.session import Session

ActivityOption = Annotated[
    str | None,
    typer.Option(
        "--activity",
        "-a",
        help="What you are doing: planning, observing, modeling, co-teaching, debrief, data, team, workshop,"
        " resources, leaders, other (or a prefix).",
        autocompletion=complete.activities,
    ),
]


@app.command(cls=CoachlogCommand)
def start(
    ctx: typer.Context,
    teacher: TeacherArgument,
    stance: StanceArgument,
    with_: WithOption = None,
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
    from coachlog.services import timer

    session = get_state(ctx)
    started = timer.start(
        session, teacher, stance, with_=with_, activity=activity, note=note, tags=tag, at=at, switch=switch
    )
    added = started.added
    if added is not None:
        warn_if_long(added.entry.minutes)
        print_added(session, added, "Logged")
    elif started.replaced is not None:
        output.note(f"The timer for {started.replaced.label()} ran under a minute: not saved.")
    for match in started.matches:
        if match.new:
            hint = f" — did you mean '{match.hint}'?" if match.hint else ""
            output.note(f"new teacher '{match.name}' (added when the timer stops){hint}")
    output.say(
        f"Started: {started.timer.label()}, at {timer.clock(session, started.begin, started.now)}"
        " (`coachlog stop` saves it)"
    )
    if added is not None:
        print_week_split(session)


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
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="One more tag; repeat for more.", autocompletion=complete.tags),
    ] = None,
    activity: Annotated[
        str | None,
        typer.Option(
            "--activity",
            "-a",
            help="What it turned out to be (replaces the one given at start).",
            autocompletion=complete.activities,
        ),
    ] = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: Annotated[
        bool, typer.Option("--shareable", help="The teacher agreed their answer and the story may be shared.")
    ] = False,
    cycle: CycleOption = None,
    no_cycle: NoCycleOption = False,
    next_: NextOption = None,
    by: ByOption = None,
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
      coachlog stop --next "bring the reading data" --by "in 3 days"
    """
    from coachlog.domain.caseload import parse_step
    from coachlog.services import timer

    session = get_state(ctx)
    chosen, auto = parse_cycle_choice(cycle, no_cycle)
    step = parse_step(next_, by, session.today()) if next_ is not None or by is not None else None
    added = timer.stop(
        session,
        at=at,
        note=note,
        tags=tag,
        activity=activity,
        helpful=helpful,
        story=story,
        shareable=shareable,
        real_end=lambda running, now: _real_end(session, running, now),
        cycle=chosen,
        auto_cycle=auto,
        step=step,
    )
    warn_if_long(added.entry.minutes)
    print_added(session, added, "Logged")
    print_step(added, step)
    print_week_split(session)


@app.command(cls=CoachlogCommand)
def status(ctx: typer.Context, fmt: ListFormatOption = "table") -> None:
    """Show the running timer: who, which stance, since when and for how long.

    Exits 0 while a timer runs and 1 when none does ("No timer running." on stderr;
    with --format csv or json, a record with running false), so scripts and shell prompts can test it.

    \b
    Examples:
      coachlog status
      coachlog status 2>/dev/null || echo "no timer"
      coachlog status --format json
    """
    from coachlog.services import timer

    fmt = parse_format(fmt, LISTING_FORMATS)
    session = get_state(ctx)
    running = timer.status(session)
    record: dict[str, object] = {"running": running is not None}
    if running is not None:
        now = session.now()
        record |= {
            "start": running.timer.start.astimezone(session.tz).isoformat(timespec="minutes"),
            "minutes": elapsed_minutes(running.timer.start, now),
            "teachers": "; ".join(running.timer.teachers) if fmt == "csv" else list(running.timer.teachers),
            "stance": str(running.timer.stance),
            "activity": running.timer.activity,
            "left_running": running.left_running,
        }

    def table() -> None:
        if running is None:
            output.note("No timer running.")
            return
        output.say(f"Running: {running.described}")
        if running.left_running:
            output.warn(f"over {LIMIT}: if the session ended long ago, save it with `coachlog stop --at TIME`")

    print_records(record, fmt, table)
    if running is None:
        raise typer.Exit(1)


@app.command(cls=CoachlogCommand)
def cancel(ctx: typer.Context) -> None:
    """Discard the running timer without saving a session (`coachlog undo` brings it back).

    \b
    Example:
      coachlog cancel
    """
    from coachlog.services import timer

    cancelled = timer.cancel(get_state(ctx))
    output.say(f"Cancelled: {cancelled.described}; nothing saved (`coachlog undo` brings it back)")


# ---- asking ----------------------------------------------------------------------------------


def _real_end(session: Session, running: Timer, now: datetime) -> datetime:
    """Ask when a timer left running over 12 hours really ended (in a terminal; elsewhere refuse)."""
    from coachlog.services import timer

    ran = format_minutes(elapsed_minutes(running.start, now))
    since = timer.clock(session, running.start, now)
    if not sys.stdin.isatty():
        raise UsageError(
            f"the timer for {running.label()} has run {ran} (since {since}), over {LIMIT}: run"
            " `coachlog stop --at TIME` with the time the session really ended (or `coachlog cancel`)"
        )
    output.warn(f"the timer for {running.label()} has run {ran} (since {since}), over {LIMIT}: was it left running?")
    while True:
        sys.stderr.write("When did the session end? (15:30, 'yesterday 16:50', -2h; empty: leave it running) ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip()
        if not answer:
            output.note("Nothing saved; the timer is still running.")
            raise typer.Exit(1)
        try:
            end = parse_instant(answer, now, "end time")
            checked_minutes(running, end, now, session.tz)
        except UsageError as exc:
            output.error(str(exc))
            continue
        return end
