"""`coachlog cycle`: coaching cycles: start, list, show, phase, close, edit, delete (each undoable)."""

import sys
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, CoachlogGroup, app, get_state
from coachlog.cli.options import TeacherArgument, WithOption, parse_format
from coachlog.cli.show import plural, print_records
from coachlog.errors import UsageError

cycle_app = typer.Typer(
    cls=CoachlogGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Coaching cycles: a goal with a teacher (or a small team), phases, dates and evidence.",
)
app.add_typer(cycle_app, name="cycle")

CYCLE_FORMATS = ("table", "csv", "json", "markdown")
CycleId = Annotated[str, typer.Argument(metavar="ID", help="The cycle's number, as `cycle list` shows it (#3 or 3).")]
GoalOption = Annotated[str | None, typer.Option("--goal", "-g", help="What the cycle works towards.")]
FocusOption = Annotated[str | None, typer.Option("--focus", help="The focus area, e.g. questioning.")]
DayOption = Annotated[
    str | None, typer.Option("--at", help="The day, today unless told: 2026-09-14, yesterday, mon, 12/1, Dec 1.")
]
CycleFormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, csv, json or markdown.", autocompletion=complete.formats)
]
OutcomeOption = Annotated[str | None, typer.Option("--outcome", help="What came of it.")]


def parse_cycle_id(text: str) -> int:
    value = text.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid cycle id '{text}': use the number `coachlog cycle list` shows, such as 3 or #3")
    return int(value)


@cycle_app.command("start", cls=CoachlogCommand)
def cycle_start(
    ctx: typer.Context,
    teacher: TeacherArgument,
    goal: GoalOption = None,
    with_: WithOption = None,
    focus: FocusOption = None,
    at: DayOption = None,
) -> None:
    """Start a coaching cycle with a teacher (or a small team), in its first phase.

    Sessions with its teachers are then linked to it automatically (add and stop take --cycle ID or
    --no-cycle). A teacher is in one open cycle at a time.

    \b
    Examples:
      coachlog cycle start "Ms. Rivera" --goal "students cite evidence in discussion" --focus questioning
      coachlog cycle start okafor --with "Dana Whitfield" --goal "exit tickets every lesson" --at 2026-09-14
    """
    from coachlog.services import cycles

    if goal is None:
        raise UsageError("missing --goal: say what the cycle works towards, e.g. --goal 'students cite evidence'")
    cycle, created = cycles.start(get_state(ctx), teacher, with_, goal, focus, at)
    for name, suggestion in created:
        hint = f" — did you mean '{suggestion}'?" if suggestion else ""
        output.note(f"new teacher '{name}'{hint}")
    focus_text = f", focus {cycle.focus}" if cycle.focus else ""
    output.say(
        f"Started cycle #{cycle.id} with {', '.join(cycle.teachers)} on {cycle.started_on}: {cycle.goal}"
        f" (phase {cycle.phase}{focus_text})"
    )
    if cycle.sessions:
        output.say(f"  {plural(cycle.sessions, 'session')} since {cycle.started_on} joined it")


@cycle_app.command("list", cls=CoachlogCommand)
def cycle_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Closed cycles too.")] = False,
    fmt: CycleFormatOption = "table",
) -> None:
    """Active cycles first (teachers, goal, phase, weeks running, sessions, time); --all adds closed ones.

    \b
    Examples:
      coachlog cycle list
      coachlog cycle list --all --format csv > cycles.csv
    """
    from coachlog.render import cycles as shown
    from coachlog.services import cycles

    fmt = parse_format(fmt, CYCLE_FORMATS)
    session = get_state(ctx)
    found = cycles.listed(session, all_)
    today = session.today()
    if fmt == "markdown":
        sys.stdout.write(shown.markdown(found, today))
        return

    def table() -> None:
        if not found:
            more = "" if all_ else " (`cycle list --all` shows closed ones too)"
            output.note(f'No cycles yet{more}. Start one: coachlog cycle start "Ms. Rivera" --goal TEXT')
            return
        from coachlog.render.text import write_table

        write_table(sys.stdout, [(None, shown.HEADINGS, shown.rows(found, today), shown.RIGHT)], [], shown.DROP)

    print_records(shown.records(found, today, fmt), fmt, table, shown.LIST_COLUMNS)


@cycle_app.command("show", cls=CoachlogCommand)
def cycle_show(ctx: typer.Context, ident: CycleId, fmt: CycleFormatOption = "table") -> None:
    """One cycle: teachers, goal, focus, phase, dates, sessions and time, evidence and outcome.

    \b
    Examples:
      coachlog cycle show 3
      coachlog cycle show 3 --format json
    """
    from coachlog.render.cycles import detail, shown
    from coachlog.services import cycles

    fmt = parse_format(fmt, CYCLE_FORMATS)
    session = get_state(ctx)
    cycle, today = cycles.get(session, parse_cycle_id(ident)), session.today()

    def table() -> None:
        for line in shown(cycle, today):
            output.say(line)

    print_records(detail(cycle, today, fmt), fmt, table)


@cycle_app.command("phase", cls=CoachlogCommand)
def cycle_phase(
    ctx: typer.Context,
    ident: CycleId,
    phase: Annotated[str, typer.Argument(metavar="PHASE", help="identify, learn or improve (config cycle.phases).")],
) -> None:
    """Move a cycle to another phase (the phases are config cycle.phases; a prefix will do).

    \b
    Example:
      coachlog cycle phase 3 learn
    """
    from coachlog.services import cycles

    before, after = cycles.set_phase(get_state(ctx), parse_cycle_id(ident), phase)
    output.say(f"Cycle #{after.id}: phase {before.phase} -> {after.phase}")


@cycle_app.command("close", cls=CoachlogCommand)
def cycle_close(ctx: typer.Context, ident: CycleId, outcome: OutcomeOption = None, at: DayOption = None) -> None:
    """Close a cycle (today, or on --at), with what came of it.

    \b
    Example:
      coachlog cycle close 3 --outcome "most students now cite the text unprompted"
    """
    from coachlog.services import cycles

    session = get_state(ctx)
    _, after = cycles.close(session, parse_cycle_id(ident), outcome, at)
    output.say(
        f"Closed cycle #{after.id} with {', '.join(after.teachers)} on {after.closed_on}:"
        f" {plural(after.days(session.today()), 'day')}, {plural(after.sessions, 'session')}"
    )


@cycle_app.command("edit", cls=CoachlogCommand)
def cycle_edit(
    ctx: typer.Context,
    ident: CycleId,
    goal: GoalOption = None,
    focus: FocusOption = None,
    measure: Annotated[
        str | None, typer.Option("--measure", help="What the evidence counts (numbers only, never names).")
    ] = None,
    baseline: Annotated[str | None, typer.Option("--baseline", help="The measure at the start: a number.")] = None,
    result: Annotated[str | None, typer.Option("--result", help="The measure at the end: a number.")] = None,
    outcome: OutcomeOption = None,
) -> None:
    """Change a cycle's goal, focus, outcome or student evidence ('' clears one).

    Evidence is numbers only: what they measure, a baseline and a result. Never student names.

    \b
    Examples:
      coachlog cycle edit 3 --measure "students citing evidence (of 28)" --baseline 6
      coachlog cycle edit 3 --result 19
    """
    from coachlog.render.cycles import shown
    from coachlog.services import cycles

    session = get_state(ctx)
    _, after = cycles.edit(
        session,
        parse_cycle_id(ident),
        goal=goal,
        focus=focus,
        measure=measure,
        baseline=baseline,
        result=result,
        outcome=outcome,
    )
    output.say(f"Changed cycle #{after.id}:")
    for line in shown(after, session.today())[1:]:
        output.say(line)


@cycle_app.command("delete", cls=CoachlogCommand)
def cycle_delete(
    ctx: typer.Context,
    ident: CycleId,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (needed when not in a terminal).")
    ] = False,
) -> None:
    """Delete a cycle started by mistake; its sessions stay, in no cycle (`coachlog undo` brings it back).

    \b
    Examples:
      coachlog cycle delete 3
      coachlog cycle delete 3 --yes
    """
    from coachlog.services import cycles

    session = get_state(ctx)
    cycle_id = parse_cycle_id(ident)
    cycle = cycles.get(session, cycle_id)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not in a terminal, so not asking: add --yes to delete cycle #{cycle_id}")
        if not typer.confirm(f"Delete cycle #{cycle_id} with {', '.join(cycle.teachers)}: {cycle.goal}?"):
            output.note("Nothing deleted.")
            raise typer.Exit(1)
    deleted = cycles.delete(session, cycle_id)
    output.say(
        f"Deleted cycle #{deleted.id} with {', '.join(deleted.teachers)}: {deleted.goal}"
        f" ({plural(deleted.sessions, 'session')} kept, in no cycle now)"
    )
