"""What every command shares: the Typer app and its groups, error handling, and the root callback that
starts the lazy session (services/session.py). Options live in cli/options.py, shared printing in cli/show.py.

Heavy modules (the store's schema tooling, Rich tables, pendulum) are imported
inside the functions that need them, so `coachlog add` starts fast. The tables the
app is built from (its commands, help and root options) live in cli/commands.py, from
which cli/roothelp.py prints `coachlog --help` without loading Typer at all.
"""

import re
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coachlog import __version__, output
from coachlog.cli.commands import APP_HELP, COMMANDS, DB, HELP_OPTION_NAMES, NO_PAGER, VERSION, ordered
from coachlog.cli.common import Failed, handled, start
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from typer import _click  # what Typer's own commands are given: a plain Click context, not typer.Context

    from coachlog.services.session import Session

# Words other tools use for coachlog's commands: suggested by meaning, not spelling (the first that the group has).
COMMAND_ALIASES = {
    "rm": ("delete", "remove"), "del": ("delete",), "remove": ("delete",), "ls": ("log", "list"),
    "list": ("log",), "show": ("log",), "new": ("add",), "log-session": ("add",), "session": ("add",),
    "begin": ("start",), "end": ("stop",), "finish": ("stop",), "info": ("status",),
    "abort": ("cancel",), "revert": ("undo",), "change": ("edit",), "modify": ("edit",), "stats": ("report",),
    "settings": ("config",), "teachers": ("teacher",), "terms": ("term",), "set": ("config",),
}  # fmt: skip


class CoachlogGroup(TyperGroup):
    """Turns expected errors into one line on stderr and an exit code, never a traceback."""

    def list_commands(self, ctx: "_click.Context") -> list[str]:
        return ordered(super().list_commands(ctx))

    def resolve_command(self, ctx: "_click.Context", args: list[str]) -> Any:
        """As Click does; an unknown command is refused with the one it most likely means, by meaning for the
        common words other tools use (`rm`: delete), else by spelling (domain/names.py)."""
        from typer._click.exceptions import UsageError as ClickUsageError

        from coachlog.domain.names import closest

        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:
            if args and exc.message.startswith("No such command"):
                typed = args[0]
                known = self.list_commands(ctx)
                meant = next((name for name in COMMAND_ALIASES.get(typed.casefold(), ()) if name in known), None)
                hint = meant or closest(typed, known)
                exc.message = f"No such command '{typed}'." + (f" Did you mean '{hint}'?" if hint else "")
            raise

    def invoke(self, ctx: "_click.Context") -> Any:
        """As Click does; a failure ends as cli/common.py's handled() says (one line, an exit code)."""
        try:
            return handled(lambda: super(CoachlogGroup, self).invoke(ctx), lambda: ctx.find_root().obj)
        except Failed as failed:
            raise typer.Exit(failed.code) from None


class LazyGroup(CoachlogGroup):
    """The root group: it knows every command by name (COMMANDS) and imports a command's module only when
    that command is run, asked for help or completed; `coachlog --help` lists them all from the table."""

    def list_commands(self, ctx: "_click.Context") -> list[str]:
        return ordered(list(dict.fromkeys([*COMMANDS, *self.commands])))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded: set[str] = set()  # the commands this group has built

    def get_command(self, ctx: "_click.Context", cmd_name: str) -> Any:
        if cmd_name in COMMANDS and cmd_name not in self.loaded:
            self.loaded.add(cmd_name)
            self.commands.update(_load(cmd_name))
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: "_click.Context", formatter: Any) -> None:
        """As Click does, with the one-line help of a command not loaded taken from COMMANDS."""
        from typer._click.utils import make_default_short_help

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None:
                rows.append((name, make_default_short_help(COMMANDS[name][1], limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _load(name: str) -> dict[str, Any]:
    """Import the modules COMMANDS names for the command `name` (their decorators register commands on `app`;
    a group's commands may live in several, space-separated) and build that command as Typer builds it when the
    app starts."""
    import importlib

    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    for module in COMMANDS[name][0].split():
        importlib.import_module(f"coachlog.cli.{module}")
    for info in app.registered_commands:
        if (info.name or get_command_name(info.callback.__name__)) == name:  # type: ignore[union-attr]
            return {
                name: get_command_from_info(
                    info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
                )
            }
    for group in app.registered_groups:
        if group.name == name:
            return {
                name: get_group_from_info(
                    group,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=app.rich_markup_mode,
                    suggest_commands=app.suggest_commands,
                )
            }
    return {}


def load_every_command() -> None:
    """Import every command's module, so that `app` has them all registered (tests, documentation)."""
    import importlib

    for where, _ in COMMANDS.values():
        for module in where.split():
            importlib.import_module(f"coachlog.cli.{module}")


_NEGATIVE = re.compile(r"-[0-9.:]")


class CoachlogCommand(TyperCommand):
    """Two things Click cannot parse as coaches type them, handled before it parses.

    A bare `--term` means the term holding today (`--term "Term 1"` names one), and a
    negative duration such as `-45m` is refused as a duration, not as an unknown option.
    """

    def parse_args(self, ctx: "_click.Context", args: list[str]) -> list[str]:
        for arg in args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "replace").decode("utf-8")
                raise UsageError(f"argument '{shown}' is not valid text: use UTF-8") from None
        fixed: list[str] = []
        for index, arg in enumerate(args):
            if arg == "--":
                fixed += args[index:]
                break
            previous = fixed[-1] if fixed else ""
            if _NEGATIVE.match(arg) and not self._takes_value(previous):
                raise UsageError(
                    f"invalid value '{arg}': coachlog takes no negative numbers (durations and ids are positive)"
                )
            fixed.append(arg)
            following = args[index + 1] if index + 1 < len(args) else None
            bare_term = following is None or (following.startswith("-") and following != "-")
            if arg == "--term" and bare_term and not self._takes_value(previous):
                from coachlog.domain.periods import CURRENT_TERM

                fixed.append(CURRENT_TERM)
        return super().parse_args(ctx, fixed)

    def _takes_value(self, option: str) -> bool:
        return any(
            option in getattr(param, "opts", ()) and not getattr(param, "is_flag", False) for param in self.params
        )


app = typer.Typer(
    name="coachlog",
    cls=LazyGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    invoke_without_command=True,  # bare `coachlog`: a short status (root below); --help the full help
    context_settings={"help_option_names": list(HELP_OPTION_NAMES)},
    help=APP_HELP,  # cli/roothelp.py prints the root help from the same tables (cli/commands.py) without Typer
)
term_app = typer.Typer(cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="School terms for reports.")
teacher_app = typer.Typer(
    cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="The teachers you work with."
)
config_app = typer.Typer(cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="Settings.")
app.add_typer(term_app, name="term")
app.add_typer(teacher_app, name="teacher")
app.add_typer(config_app, name="config")


def get_state(ctx: typer.Context) -> "Session":
    """The session of this command (made by the root callback; made here for a command run on its own)."""
    from coachlog.services.session import Session

    root = ctx.find_root()
    if not isinstance(root.obj, Session):
        root.obj = Session()
    return root.obj


def _version(value: bool) -> None:
    if value:
        output.say(f"coachlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(DB.name, envvar=DB.envvar, help=DB.help, metavar=DB.metavar),
    ] = None,
    version: Annotated[bool, typer.Option(VERSION.name, callback=_version, is_eager=True, help=VERSION.help)] = False,
    no_pager: Annotated[bool, typer.Option(NO_PAGER.name, help=NO_PAGER.help)] = False,
) -> None:
    """Log coaching sessions by stance and see where the time goes."""
    state = start(get_state(ctx), db, no_pager)  # as the fast path starts it (cli/fastpath.py)
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        _overview(state)


def _overview(state: "Session") -> None:
    """Bare `coachlog`: the running timer, this week's split and the check-backs due, or how to start when nothing
    is logged yet."""
    from coachlog.cli.show import print_due, print_week_split
    from coachlog.services import timer

    if not state.db_url and not state.db_path.exists():
        output.say('Nothing logged yet. Log a session: coachlog add "Ms. Rivera" coaching 45m')
        output.say("Or try the demo: coachlog demo --db demo.db && coachlog --db demo.db report --term")
        output.say("Every command: coachlog --help")
        return
    running = timer.status(state)
    output.say(f"Running: {running.described}" if running else "No timer running.")
    print_week_split(state)
    print_due(state)
    output.say("Every command: coachlog --help")
