"""`coachlog team`: set up a team database on PostgreSQL and its members (`report --team` and `summary --team`
live with their commands)."""

from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, CoachlogGroup, app, get_state

team_app = typer.Typer(
    cls=CoachlogGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="A coaching team on PostgreSQL: the administrator sets it up and adds coaches and coordinators.",
)
app.add_typer(team_app, name="team")

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
    and lets the database itself keep each coach's rows private: a schema of their own
    per coach (their rows move there from an earlier coachlog's shared tables), no table
    access for coordinators, only the aggregate functions.

    \b
    Examples:
      coachlog team init --db 'postgresql+psycopg://admin:PASSWORD@db.example.org/coaching'
      coachlog team init --db "$ADMIN_URL" --min-group 8
    """
    from coachlog.services import team

    info = team.init(get_state(ctx), min_group, role_prefix)
    coach, coordinator = info.groups["coach"], info.groups["coordinator"]
    output.say(
        f"Team database '{info.database}' is ready: group roles {coach} and {coordinator},"
        f" figures describing fewer than {info.min_group} teachers withheld."
    )
    if not info.statistics_hidden:
        output.say(
            "Note: run by a role that is no superuser, so table statistics stay readable by every role:"
            " a coach can estimate how many entries and teachers each coach has (see the README)."
        )
    output.say("Next: coachlog team add-coach NAME --db URL  (and add-coordinator NAME)")


def _add(ctx: typer.Context, name: str, kind: str, reset_password: bool) -> None:
    from coachlog.services import team

    member = team.add_member(get_state(ctx), name, kind, reset_password)
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
MemberName = Annotated[
    str, typer.Argument(metavar="NAME", help="Their login: lowercase letters, digits and _, a letter first.")
]


@team_app.command("add-coach", cls=CoachlogCommand)
def add_coach(
    ctx: typer.Context,
    name: MemberName,
    reset_password: ResetOption = False,
) -> None:
    """Create a login for a coach, with a schema of their own: they read and write only their own entries.

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
    from coachlog.services import team

    members = team.members(get_state(ctx))
    for kind, title in (("coach", "coaches"), ("coordinator", "coordinators")):
        names = members[kind]
        output.say(f"{title} ({len(names)}): {', '.join(names) if names else 'none yet'}")
