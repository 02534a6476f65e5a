"""What every command shares: the Typer app and its groups, error handling, the lazy
per-run state (settings, zone, store), and the parsing and printing helpers.

Heavy modules (the store's schema tooling, Rich tables, pendulum) are imported
inside the functions that need them, so `coachlog --help` and `coachlog add`
start fast.
"""

import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coachlog import __version__, output
from coachlog.config import Settings
from coachlog.domain.timeparse import Period, format_minutes
from coachlog.domain.values import DUTY_KINDS, parse_stance, resolve_choice
from coachlog.errors import CoachlogError, UsageError

if TYPE_CHECKING:
    from coachlog.storage.store import Store

CURRENT_TERM = "\x00current"  # what a bare `--term` stands for


# The order of `coachlog --help`: the daily commands first, housekeeping last.
COMMAND_ORDER = (
    "add", "duty", "start", "stop", "status", "cancel", "log", "report", "summary", "export", "import", "push",
    "edit", "delete", "undo", "term", "teacher", "config", "backup", "restore", "demo", "team",
)  # fmt: skip


class CoachlogGroup(TyperGroup):
    """Turns expected errors into one line on stderr and an exit code, never a traceback."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: COMMAND_ORDER.index(name) if name in COMMAND_ORDER else len(names))

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoachlogError as exc:
            output.error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            output.error("interrupted (a change not yet saved was discarded)")
            raise typer.Exit(130) from None


_NEGATIVE = re.compile(r"-[0-9.:]")


class CoachlogCommand(TyperCommand):
    """Two things Click cannot parse as coaches type them, handled before it parses.

    A bare `--term` means the term holding today (`--term "Term 1"` names one), and a
    negative duration such as `-45m` is refused as a duration, not as an unknown option.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
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
                fixed.append(CURRENT_TERM)
        return super().parse_args(ctx, fixed)

    def _takes_value(self, option: str) -> bool:
        return any(
            option in getattr(param, "opts", ()) and not getattr(param, "is_flag", False) for param in self.params
        )


app = typer.Typer(
    name="coachlog",
    cls=CoachlogGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Log coaching sessions by stance and see where the time goes.\n\n"
    "\b\nStart here:\n  coachlog demo --db demo.db && coachlog --db demo.db report --term",
)
term_app = typer.Typer(cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="School terms for reports.")
teacher_app = typer.Typer(
    cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="The teachers you work with."
)
config_app = typer.Typer(cls=CoachlogGroup, rich_markup_mode=None, no_args_is_help=True, help="Settings.")
app.add_typer(term_app, name="term")
app.add_typer(teacher_app, name="teacher")
app.add_typer(config_app, name="config")


@dataclass
class AppState:
    """What the root callback records; everything else is worked out lazily by the commands."""

    db_option: str | None = None  # --db or COACHLOG_DB: a file, or a PostgreSQL URL
    _settings: Settings | None = None
    _store: "Store | None" = None
    _tz: tzinfo | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from coachlog.config import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def tz(self) -> tzinfo:
        if self._tz is None:
            from coachlog.config import local_zone

            self._tz = local_zone(self.settings)
        return self._tz

    def now(self) -> datetime:
        from coachlog.config import now_in

        return now_in(self.tz)

    def today(self) -> date:
        return self.now().date()

    @property
    def db_url(self) -> str | None:
        """The team database's URL when --db (or COACHLOG_DB) names one rather than a file (UsageError for a URL
        coachlog cannot use: another kind of database, or malformed)."""
        from coachlog.urls import is_url

        if not is_url(self.db_option):
            return None
        from coachlog.urls import check_url

        return check_url(str(self.db_option))

    @property
    def db_path(self) -> Path:
        from coachlog.config import default_db_path

        if self.db_url:  # commands that need a file refuse a team database before they get here
            raise UsageError("this command works on a database file, not on a PostgreSQL URL")
        return Path(self.db_option).expanduser() if self.db_option else default_db_path()

    def file_only(self, command: str) -> Path:
        """The database file, for a command that works on files alone (backup, restore)."""
        if self.db_url:
            from coachlog.urls import display_url

            raise UsageError(
                f"`coachlog {command}` works on a database file; for the team database at"
                f" {display_url(self.db_url)} use PostgreSQL's pg_dump and pg_restore"
            )
        return self.db_path

    @property
    def store(self) -> "Store":
        if self._store is None:
            from coachlog.storage import open_store

            self._store = open_store(self.db_url or self.db_path, owner=self.settings.coach)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def get_state(ctx: typer.Context) -> AppState:
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
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
        typer.Option(
            "--db",
            envvar="COACHLOG_DB",
            help="Database file (default: in your data directory), or a team database's"
            " postgresql://user@host/dbname URL.",
            metavar="PATH|URL",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Log coaching sessions by stance and see where the time goes."""
    state = get_state(ctx)
    state.db_option = db
    ctx.call_on_close(state.close)


# ---- parsing helpers -----------------------------------------------------------------------


def parse_activity(state: AppState, value: str | None) -> str | None:
    return resolve_choice(value, state.settings.all_activities, "activity") if value else None


def parse_entry_id(text: str) -> int:
    value = text.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid id '{text}': use the number shown by `coachlog log`, such as 42 or #42")
    return int(value)


def when_of(state: AppState, at: str | None, minutes: int) -> Any:
    from coachlog.domain.timeparse import When, parse_when, to_minute

    now = state.now()
    if at is None:  # it just ended: count back in real time, not wall-clock time (DST); whole minutes
        start = to_minute((now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(now.tzinfo))
        return When(start=start, local_date=start.date(), time_known=True)
    return parse_when(at, now)


def print_added(state: AppState, added: Any, verb: str, detail: bool = False) -> None:
    from coachlog.render.entries import entry_line

    for name, suggestion in added.new_teachers:
        hint = f" — did you mean '{suggestion}'?" if suggestion else ""
        output.note(f"new teacher '{name}'{hint}")
    if added.overlaps:
        others = ", ".join(f"#{i}" for i in added.overlaps)
        output.warn(f"#{added.entry.id} overlaps {others}; saved anyway (times from memory are approximate)")
    output.say(f"{verb} {entry_line(added.entry, state.tz, detail)}")


def print_week_split(state: AppState) -> None:
    """This week's stance split in one line, so every add shows where the week is going."""
    from coachlog.domain.timeparse import week_period
    from coachlog.reports.report import percent, week_split

    period = week_period(state.today(), state.settings.first_weekday)
    minutes, duties = week_split(state.store.aggregates.by_day(period))
    total = sum(minutes.values())
    parts = [f"{stance} {format_minutes(m)} ({percent(m, total):g}%)" for stance, m in minutes.items()]
    output.say(f"This week (from {period.start}): " + " · ".join(parts) + f" · duties {format_minutes(duties)}")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def warn_if_long(minutes: int) -> None:
    from coachlog.domain.timeparse import is_long

    if is_long(minutes):
        output.warn(f"{format_minutes(minutes)} is a long session; saved anyway (fix it with `coachlog edit`)")


# ---- commands: logging ------------------------------------------------------------------------

AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it started: 2026-11-20, '2026-11-20 09:15', 09:15, yesterday, 'tue 9:15'. Default: it just ended.",
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="A private note (never in shared summaries).")]
TagOption = Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat for more.")]
HelpfulOption = Annotated[
    str | None,
    typer.Option("--helpful", help='The teacher\'s answer to "What was most helpful for you today?"'),
]
StoryOption = Annotated[str | None, typer.Option("--story", help="A success worth telling.")]


def clean_text(value: str | None) -> str | None:
    """Free text as typed, ends trimmed ("" stays "", to clear a field on edit)."""
    return None if value is None else value.strip()


def when_fields(state: AppState, at: str | None, minutes: int) -> dict[str, Any]:
    when = when_of(state, at, minutes)
    return {"start": when.start, "local_date": when.local_date, "time_known": when.time_known}


# ---- ranges ---------------------------------------------------------------------------------

WeekOption = Annotated[bool, typer.Option("--week", help="This week.")]
LastWeekOption = Annotated[bool, typer.Option("--last-week", help="Last week.")]
MonthOption = Annotated[bool, typer.Option("--month", help="This month.")]
TermOption = Annotated[
    str | None,
    typer.Option("--term", help="The term holding today, or a named term: --term 'Term 1'.", metavar="[NAME]"),
]
FromOption = Annotated[str | None, typer.Option("--from", help="First day, inclusive (YYYY-MM-DD, yesterday, mon...).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, inclusive.")]
AllOption = Annotated[bool, typer.Option("--all", help="Everything logged.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, json or markdown.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (created owner-only).")]


@dataclass(frozen=True)
class Ranges:
    """The range options of a command (--week ... --all), as one value."""

    week: bool = False
    last_week: bool = False
    month: bool = False
    term: str | None = None
    from_: str | None = None
    to: str | None = None
    all_: bool = False

    def chosen(self) -> list[str]:
        """The options given, as the coach typed them."""
        given = (
            ("--week", self.week),
            ("--last-week", self.last_week),
            ("--month", self.month),
            ("--term", self.term is not None),
            ("--from/--to", bool(self.from_ or self.to)),
            ("--all", self.all_),
        )
        return [name for name, on in given if on]


NO_RANGE = Ranges()  # what a command sees when no range option is given

_RANGE_OPTIONS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
    for name, annotation, default in (
        ("week", WeekOption, False),
        ("last_week", LastWeekOption, False),
        ("month", MonthOption, False),
        ("term", TermOption, None),
        ("from_", FromOption, None),
        ("to", ToOption, None),
        ("all_", AllOption, False),
    )
]


def range_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give `command` the seven range options, handed to it as one `ranges: Ranges` argument.

    Typer reads a command's options from its signature, so the wrapper's signature is
    the command's own (less `ranges`) plus the range options.
    """
    signature = inspect.signature(command)
    own = [param for param in signature.parameters.values() if param.name != "ranges"]

    @functools.wraps(command)
    def with_ranges(*args: Any, **kwargs: Any) -> Any:
        ranges = Ranges(**{param.name: kwargs.pop(param.name) for param in _RANGE_OPTIONS})
        return command(*args, ranges=ranges, **kwargs)

    with_ranges.__signature__ = signature.replace(parameters=[*own, *_RANGE_OPTIONS])  # type: ignore[attr-defined]
    return with_ranges


def period_from(state: AppState, ranges: Ranges, *, default: str) -> Period | None:
    """The inclusive local-date range the range options name; None means everything."""
    from coachlog.domain.timeparse import month_period, parse_date, week_period

    chosen = ranges.chosen()
    if len(chosen) > 1:
        raise UsageError(f"choose one range, not {' and '.join(chosen)}")
    today = state.today()
    first = state.settings.first_weekday
    if ranges.all_ or (not chosen and default == "all"):
        return None
    if ranges.last_week:
        return week_period(today - timedelta(days=7), first, "last week")
    if ranges.month:
        return month_period(today)
    if ranges.term is not None:
        return term_period(state, ranges.term, today)
    if ranges.from_ or ranges.to:
        start = parse_date(ranges.from_, today) if ranges.from_ else None
        end = parse_date(ranges.to, today) if ranges.to else today
        if start is None:
            span = state.store.aggregates.date_span()
            start = min(span[0], end) if span else end
        if end < start:
            raise UsageError(f"--to {end} is before --from {start}: the range runs forwards")
        return Period(start, end, f"{start} to {end}")
    return week_period(today, first, "this week")


def term_period(state: AppState, name: str, today: date) -> Period:
    from coachlog.domain.values import name_key

    terms = state.store.terms.all()
    how = "add one with: coachlog term add 'Term 1' 2026-09-01 2026-12-18"
    if not terms:
        raise UsageError(f"no terms are defined yet: {how}")
    if name == CURRENT_TERM:
        for term in terms:
            if term.start <= today <= term.end:
                return Period(term.start, term.end, term.name)
        listed = ", ".join(f"{t.name} ({t.start} to {t.end})" for t in terms)
        raise UsageError(f"today ({today}) is in no term: the terms are {listed}; name one with --term NAME or {how}")
    for term in terms:
        if name_key(term.name) == name_key(name):
            return Period(term.start, term.end, term.name)
    raise UsageError(f"unknown term '{name}': choose one of {', '.join(t.name for t in terms)}")


def parse_format(value: str, choices: tuple[str, ...]) -> str:
    return resolve_choice(value, choices, "format")


def filters_from(state: AppState, teacher: str | None, stance: str | None, activity: str | None, duties: bool) -> Any:
    from coachlog.domain.values import Filters

    activity_value = None
    if activity:
        activity_value = resolve_choice(
            activity, tuple(dict.fromkeys(state.settings.all_activities + DUTY_KINDS)), "activity"
        )
    return Filters(
        teacher=teacher,
        stance=parse_stance(stance) if stance else None,
        activity=activity_value,
        duties_only=duties,
    )


def heading(state: AppState, period: Period) -> str:
    who = " · ".join(x for x in (state.settings.coach, state.settings.school) if x)
    span = (
        f"{period.label} ({period.start} to {period.end})"
        if period.label != f"{period.start} to {period.end}"
        else period.label
    )
    return f"{who} — {span}" if who else span
