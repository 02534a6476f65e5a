"""`coachlog team`: set up a team database on PostgreSQL and its members; `report --team`, `summary --team`."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import AppState, CoachlogCommand, CoachlogGroup, Ranges, app, get_state, period_from
from coachlog.errors import UsageError

team_app = typer.Typer(
    cls=CoachlogGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="A coaching team on PostgreSQL: the administrator sets it up and adds coaches and coordinators.",
)
app.add_typer(team_app, name="team")

SCHOOL_YEAR_STARTS = 7  # July: --team's default period is the school year to date, from 1 July


def team_url(state: AppState, what: str) -> str:
    """The team database's URL from --db (or COACHLOG_DB); a file there is refused in one line (exit 2)."""
    url = state.db_url
    if not url:
        raise UsageError(
            f"{what} reads a team database on PostgreSQL: give its URL, as in"
            " --db 'postgresql+psycopg://NAME:PASSWORD@HOST:5432/DB'"
        )
    return url


# ---- administrator ---------------------------------------------------------------------------


@team_app.command("init", cls=CoachlogCommand)
def init(
    ctx: typer.Context,
    min_group: Annotated[
        int | None,
        typer.Option("--min-group", help="The fewest teachers a coordinator's figure may describe (5 or more).", min=0),
    ] = None,
    role_prefix: Annotated[
        str | None,
        typer.Option("--role-prefix", help="Name the group roles PREFIXcoach and PREFIXcoordinator (shared servers)."),
    ] = None,
) -> None:
    """Set up the team database at --db (run by the program administrator; safe to run again).

    Builds or upgrades the schema, creates the `coach` and `coordinator` group roles,
    and lets the database itself keep each coach's rows private: row-level security,
    no table access for coordinators, only the aggregate functions.

    \b
    Examples:
      coachlog team init --db 'postgresql+psycopg://admin:PASSWORD@db.example.org/coaching'
      coachlog team init --db "$ADMIN_URL" --min-group 8
    """
    from coachlog.domain.values import MIN_GROUP
    from coachlog.storage.team import init_team

    state = get_state(ctx)
    if min_group is not None and min_group < MIN_GROUP:
        raise UsageError(f"invalid --min-group {min_group}: use {MIN_GROUP} or more")
    info = init_team(team_url(state, "team init"), min_group, role_prefix)
    coach, coordinator = info.groups["coach"], info.groups["coordinator"]
    output.say(
        f"Team database '{info.database}' is ready: group roles {coach} and {coordinator},"
        f" figures describing fewer than {info.min_group} teachers withheld."
    )
    output.say("Next: coachlog team add-coach NAME --db URL  (and add-coordinator NAME)")


def _add(ctx: typer.Context, name: str, kind: str, reset_password: bool) -> None:
    from coachlog.storage.team import add_member

    state = get_state(ctx)
    member = add_member(team_url(state, f"team add-{kind}"), name, kind, reset_password)
    done = "New password for" if member.reset else "Created"
    output.say(f"{done} {kind} '{member.name}'. Send them what follows privately; the password is shown only once.")
    output.say("")
    output.say(f"  Connect with: {member.url}")
    output.say("")
    if kind == "coach":
        output.say("  Keep logging on your laptop and push to the team database:")
        output.say(f"    coachlog config set team.db '{member.url}'")
        output.say("    coachlog push")
        output.say("  Or log straight into the team database:")
        output.say(f"    coachlog --db '{member.url}' add \"Ms. Rivera\" coaching 45m")
    else:
        output.say("  See every coach side by side, and the program's one-pager:")
        output.say(f"    coachlog --db '{member.url}' report --team")
        output.say(f"    coachlog --db '{member.url}' summary --team")


ResetOption = Annotated[bool, typer.Option("--reset-password", help="The role exists: give it a new password instead.")]
MemberName = Annotated[str, typer.Argument(help="Their login: lowercase letters, digits and _, a letter first.")]


@team_app.command("add-coach", cls=CoachlogCommand)
def add_coach(
    ctx: typer.Context,
    name: MemberName,
    reset_password: ResetOption = False,
) -> None:
    """Create a login for a coach: they read and write only their own entries.

    \b
    Examples:
      coachlog team add-coach ana_rivera --db "$ADMIN_URL"
      coachlog team add-coach ana_rivera --reset-password --db "$ADMIN_URL"
    """
    _add(ctx, name, "coach", reset_password)


@team_app.command("add-coordinator", cls=CoachlogCommand)
def add_coordinator(
    ctx: typer.Context,
    name: MemberName,
    reset_password: ResetOption = False,
) -> None:
    """Create a login for a coordinator: they read the program's aggregates, never an entry or a note.

    \b
    Examples:
      coachlog team add-coordinator lee --db "$ADMIN_URL"
    """
    _add(ctx, name, "coordinator", reset_password)


@team_app.command("list", cls=CoachlogCommand)
def list_(ctx: typer.Context) -> None:
    """The team's coaches and coordinators (their login names).

    \b
    Examples:
      coachlog team list --db "$ADMIN_URL"
    """
    from coachlog.storage.team import list_members

    members = list_members(team_url(get_state(ctx), "team list"))
    for kind, title in (("coach", "coaches"), ("coordinator", "coordinators")):
        names = members[kind]
        output.say(f"{title} ({len(names)}): {', '.join(names) if names else 'none yet'}")


# ---- coordinator: report --team and summary --team -------------------------------------------


def team_period(state: AppState, ranges: Ranges) -> tuple[date | None, date | None, str]:
    """The range of `--team` figures (None: open): the school year to date unless a range is given."""
    from coachlog.domain.timeparse import parse_date

    chosen = ranges.chosen()
    if len(chosen) > 1:
        raise UsageError(f"choose one range, not {' and '.join(chosen)}")
    today = state.today()
    if ranges.term is not None:
        raise UsageError(
            "--term uses your own terms, and team figures have none: give the dates, as in"
            " --from 2026-09-01 --to 2026-12-18"
        )
    if ranges.all_:
        return None, None, "all time"
    if ranges.from_ or ranges.to:
        start = parse_date(ranges.from_, today) if ranges.from_ else None
        end = parse_date(ranges.to, today) if ranges.to else today
        if start is not None and end < start:
            raise UsageError(f"--to {end} is before --from {start}: the range runs forwards")
        return start, end, f"{start} to {end}" if start else f"up to {end}"
    if chosen:
        period = period_from(state, ranges, default="week")
        assert period is not None
        return period.start, period.end, period.label
    year = today.year if today.month >= SCHOOL_YEAR_STARTS else today.year - 1
    start = date(year, SCHOOL_YEAR_STARTS, 1)
    return start, today, f"school year {year}-{(year + 1) % 100:02d} to date"


def span_text(start: date | None, end: date | None, label: str) -> str:
    if start is None and end is None:
        return label
    span = f"{start or 'the first entry'} to {end or 'the last entry'}"
    return label if label == span or label == f"{start} to {end}" else f"{label} ({span})"


def team_report(state: AppState, ranges: Ranges, fmt: str) -> None:
    """`coachlog report --team`."""
    import sys

    from coachlog.render.team import render_team_report
    from coachlog.reports.team import team_figures_from
    from coachlog.storage.team import team_report_data

    url = team_url(state, "report --team")
    start, end, label = team_period(state, ranges)
    figures = team_figures_from(team_report_data(url, start, end), start, end)
    render_team_report(figures, fmt, sys.stdout, f"Coaching program — {span_text(start, end, label)}", label)


def team_summary(state: AppState, ranges: Ranges, fmt: str, out: Path | None) -> None:
    """`coachlog summary --team`: the program one-pager."""
    import sys

    from coachlog.render.team import render_team_summary
    from coachlog.reports.team import team_figures_from
    from coachlog.storage.team import team_report_data

    url = team_url(state, "summary --team")
    start, end, label = team_period(state, ranges)
    figures = team_figures_from(team_report_data(url, start, end), start, end)
    settings = state.settings
    options = {
        "label": span_text(start, end, label),
        "made": state.today(),
        "school": settings.school,
        "targets": settings.targets,
        "with_teachers_target": settings.target_with_teachers,
    }
    if out is None:
        if fmt == "text":
            render_team_summary(figures, fmt, out=sys.stdout, **options)  # Rich in a terminal, plain when piped
        else:
            sys.stdout.write(render_team_summary(figures, fmt, **options))
        return
    from coachlog.files import private_text_file

    with private_text_file(out) as handle:
        handle.write(render_team_summary(figures, fmt, **options))
    output.note(f"Wrote the program summary of {options['label']} to {out}")
