"""The Typer app: each command parses its arguments, calls the domain and the store, and prints.

Heavy modules (the store's schema tooling, Rich tables, pendulum) are imported
inside the commands that need them, so `coachlog --help` and `coachlog add`
start fast.
"""

import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from coachlog import __version__, output
from coachlog.config import Settings
from coachlog.domain import DUTY_KINDS, NewEntry, clean_name, clean_tag, parse_stance, resolve_choice
from coachlog.errors import CoachlogError, UsageError
from coachlog.timeparse import Period, format_minutes, parse_duration

if TYPE_CHECKING:
    from coachlog.store import Store

CURRENT_TERM = "\x00current"  # what a bare `--term` stands for


class CoachlogGroup(TyperGroup):
    """Turns expected errors into one line on stderr and an exit code, never a traceback."""

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

    db_option: Path | None = None
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
    def db_path(self) -> Path:
        from coachlog.config import default_db_path

        return self.db_option or default_db_path()

    @property
    def store(self) -> "Store":
        if self._store is None:
            from coachlog.store import open_store

            self._store = open_store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _state(ctx: typer.Context) -> AppState:
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
        Path | None,
        typer.Option(
            "--db", envvar="COACHLOG_DB", help="Database file (default: in your data directory).", metavar="PATH"
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Log coaching sessions by stance and see where the time goes."""
    state = _state(ctx)
    state.db_option = db
    ctx.call_on_close(state.close)


# ---- parsing helpers -----------------------------------------------------------------------


def _activity(state: AppState, value: str | None) -> str | None:
    return resolve_choice(value, state.settings.all_activities, "activity") if value else None


def _entry_id(text: str) -> int:
    value = text.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid id '{text}': use the number shown by `coachlog log`, such as 42 or #42")
    return int(value)


def _when(state: AppState, at: str | None, minutes: int) -> Any:
    from coachlog.timeparse import When, parse_when

    now = state.now()
    if at is None:  # it just ended: count back in real time, not wall-clock time (DST)
        start = (now.astimezone(UTC) - timedelta(minutes=minutes)).astimezone(now.tzinfo)
        return When(start=start, local_date=start.date(), time_known=True)
    return parse_when(at, now)


def _print_added(state: AppState, added: Any, verb: str, detail: bool = False) -> None:
    from coachlog.render import entry_line

    for name, suggestion in added.new_teachers:
        hint = f" — did you mean '{suggestion}'?" if suggestion else ""
        output.note(f"new teacher '{name}'{hint}")
    if added.overlaps:
        others = ", ".join(f"#{i}" for i in added.overlaps)
        output.warn(f"#{added.entry.id} overlaps {others}; saved anyway (times from memory are approximate)")
    output.say(f"{verb} {entry_line(added.entry, state.tz, detail)}")


def _print_week_split(state: AppState) -> None:
    """This week's stance split in one line, so every add shows where the week is going."""
    from coachlog.reports import percent, week_split
    from coachlog.timeparse import week_period

    period = week_period(state.today(), state.settings.first_weekday)
    minutes, duties = week_split(state.store.by_day(period))
    total = sum(minutes.values())
    parts = [f"{stance} {format_minutes(m)} ({percent(m, total):g}%)" for stance, m in minutes.items()]
    output.say(f"This week (from {period.start}): " + " · ".join(parts) + f" · duties {format_minutes(duties)}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _warn_if_long(minutes: int) -> None:
    from coachlog.timeparse import is_long

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


@app.command(cls=CoachlogCommand)
def add(
    ctx: typer.Context,
    teacher: Annotated[str, typer.Argument(help="The teacher (matched ignoring case and punctuation).")],
    stance: Annotated[
        str, typer.Argument(help="consulting, collaborating or coaching (or a prefix: cons, collab, coach).")
    ],
    duration: Annotated[str, typer.Argument(help="45, 45m, 1h, 1h30m, 1.5h or 1:30.")],
    with_: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="Another teacher in the session; repeat for more.")
    ] = None,
    at: AtOption = None,
    note: NoteOption = None,
    activity: Annotated[
        str | None,
        typer.Option(
            "--activity",
            "-a",
            help="What you did: planning, observing, modeling, co-teaching, debrief, data, team, workshop,"
            " resources, leaders, other (or a prefix).",
        ),
    ] = None,
    tag: TagOption = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: Annotated[
        bool,
        typer.Option("--shareable", help="The teacher agreed their answer and the story may be shared."),
    ] = False,
) -> None:
    """Log a coaching session that just ended.

    \b
    Examples:
      coachlog add "Ms. Rivera" coaching 45m
      coachlog add okafor collab 1h30m --with "Dana Whitfield" -a co-teaching
      coachlog add rivera coach 20 --at "tue 14:10" -n "goal: wait time"
      coachlog add rivera coach 40 --helpful "the video of my own lesson" --shareable
    """
    state = _state(ctx)
    parsed_stance = parse_stance(stance)
    minutes = parse_duration(duration)
    teachers = tuple(dict.fromkeys(clean_name(name) for name in (teacher, *(with_ or []))))
    new = NewEntry(
        kind="session",
        minutes=minutes,
        teachers=teachers,
        stance=parsed_stance,
        activity=_activity(state, activity),
        note=note or None,
        tags=tuple(dict.fromkeys(clean_tag(t) for t in tag or [])),
        helpful=_text(helpful) or None,
        story=_text(story) or None,
        shareable=shareable,
        **_when_fields(state, at, minutes),
    )
    added = state.store.add(new, state.now(), "add of session")
    _warn_if_long(minutes)
    _print_added(state, added, "Logged")
    _print_week_split(state)


def _text(value: str | None) -> str | None:
    """Free text as typed, ends trimmed ("" stays "", to clear a field on edit)."""
    return None if value is None else value.strip()


def _when_fields(state: AppState, at: str | None, minutes: int) -> dict[str, Any]:
    when = _when(state, at, minutes)
    return {"start": when.start, "local_date": when.local_date, "time_known": when.time_known}


@app.command(cls=CoachlogCommand)
def duty(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="cover, supervision, testing, admin, event or other (or a prefix).")],
    duration: Annotated[str, typer.Argument(help="45, 45m, 1h, 1h30m, 1.5h or 1:30.")],
    at: AtOption = None,
    note: NoteOption = None,
) -> None:
    """Log time pulled away from coaching (covering a class, supervision, testing...).

    \b
    Examples:
      coachlog duty cover 50m
      coachlog duty sup 30 --at "yesterday 12:10"
    """
    state = _state(ctx)
    duty_kind = resolve_choice(kind, DUTY_KINDS, "duty")
    minutes = parse_duration(duration)
    new = NewEntry(
        kind="duty", minutes=minutes, duty_kind=duty_kind, note=note or None, **_when_fields(state, at, minutes)
    )
    added = state.store.add(new, state.now(), "add of duty")
    _warn_if_long(minutes)
    _print_added(state, added, "Logged")
    _print_week_split(state)


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


def _period(
    state: AppState,
    *,
    week: bool,
    last_week: bool,
    month: bool,
    term: str | None,
    from_: str | None,
    to: str | None,
    all_: bool,
    default: str,
) -> Period | None:
    """The inclusive local-date range the range options name; None means everything."""
    from coachlog.timeparse import month_period, parse_date, week_period

    chosen = [
        name
        for name, on in (
            ("--week", week),
            ("--last-week", last_week),
            ("--month", month),
            ("--term", term is not None),
            ("--from/--to", bool(from_ or to)),
            ("--all", all_),
        )
        if on
    ]
    if len(chosen) > 1:
        raise UsageError(f"choose one range, not {' and '.join(chosen)}")
    today = state.today()
    first = state.settings.first_weekday
    if all_ or (not chosen and default == "all"):
        return None
    if last_week:
        return week_period(today - timedelta(days=7), first, "last week")
    if month:
        return month_period(today)
    if term is not None:
        return _term_period(state, term, today)
    if from_ or to:
        start = parse_date(from_, today) if from_ else None
        end = parse_date(to, today) if to else today
        if start is None:
            span = state.store.date_span()
            start = min(span[0], end) if span else end
        if end < start:
            raise UsageError(f"--to {end} is before --from {start}: the range runs forwards")
        return Period(start, end, f"{start} to {end}")
    return week_period(today, first, "this week")


def _term_period(state: AppState, name: str, today: date) -> Period:
    from coachlog.domain import name_key

    terms = state.store.terms()
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


def _format(value: str, choices: tuple[str, ...]) -> str:
    return resolve_choice(value, choices, "format")


# ---- commands: reading ------------------------------------------------------------------------


@app.command(cls=CoachlogCommand)
def log(
    ctx: typer.Context,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    week: WeekOption = False,
    last_week: LastWeekOption = False,
    month: MonthOption = False,
    term: TermOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    all_: AllOption = False,
    fmt: FormatOption = "table",
) -> None:
    """List entries with their ids, oldest first (default: this week).

    \b
    Examples:
      coachlog log
      coachlog log --last-week --teacher rivera
      coachlog log --all --duties --format csv > duties.csv
    """
    from coachlog.render import FORMATS, render_log

    state = _state(ctx)
    filters = _filters(state, teacher, stance, activity, duties)
    fmt = _format(fmt, FORMATS)
    period = _period(
        state, week=week, last_week=last_week, month=month, term=term, from_=from_, to=to, all_=all_, default="week"
    )
    shown = render_log(state.store.entries(period, filters), fmt, sys.stdout, state.tz)
    if fmt == "table" and not shown:
        output.note("No entries in this range. Try --all, or log one with `coachlog add`.")


def _filters(state: AppState, teacher: str | None, stance: str | None, activity: str | None, duties: bool) -> Any:
    from coachlog.store import Filters

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


@app.command(cls=CoachlogCommand)
def report(
    ctx: typer.Context,
    by: Annotated[str | None, typer.Option("--by", help="Group rows by teacher, activity, week or day.")] = None,
    week: WeekOption = False,
    last_week: LastWeekOption = False,
    month: MonthOption = False,
    term: TermOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    all_: AllOption = False,
    fmt: FormatOption = "table",
) -> None:
    """Where the time went: stance split, weekly rows, reach and duties (default: this week).

    \b
    Examples:
      coachlog report
      coachlog report --term
      coachlog report --term "Term 1" --by teacher
      coachlog report --month --format json
    """
    from coachlog.render import FORMATS, render_report
    from coachlog.reports import GROUPINGS, build_report

    state = _state(ctx)
    fmt = _format(fmt, FORMATS)
    grouping = resolve_choice(by, GROUPINGS, "grouping") if by else None
    period = _period(
        state, week=week, last_week=last_week, month=month, term=term, from_=from_, to=to, all_=all_, default="week"
    )
    store = state.store
    if period is None:
        span = store.date_span() or (state.today(), state.today())
        period = Period(span[0], span[1], "all entries")
    group_rows = None
    if grouping == "teacher":
        group_rows = store.by_teacher(period)
    elif grouping == "activity":
        group_rows = store.by_activity(period)
    result = build_report(
        period,
        store.by_day(period),
        store.teachers_reached(period),
        state.settings.first_weekday,
        grouping,
        group_rows,
        today=state.today(),
    )
    render_report(result, fmt, sys.stdout, _heading(state, period))


def _heading(state: AppState, period: Period) -> str:
    who = " · ".join(x for x in (state.settings.coach, state.settings.school) if x)
    span = (
        f"{period.label} ({period.start} to {period.end})"
        if period.label != f"{period.start} to {period.end}"
        else period.label
    )
    return f"{who} — {span}" if who else span


@app.command(cls=CoachlogCommand)
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or json.")] = "csv",
    out: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (created owner-only).")] = None,
    raw: Annotated[
        bool, typer.Option("--raw", help="Do not neutralise cells that a spreadsheet would run as formulas.")
    ] = False,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Only sessions with this teacher.")] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="Only this stance.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or duty kind).")] = None,
    duties: Annotated[bool, typer.Option("--duties", help="Only duties.")] = False,
    week: WeekOption = False,
    last_week: LastWeekOption = False,
    month: MonthOption = False,
    term: TermOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    all_: AllOption = False,
) -> None:
    """Write one row per entry, in time order, as CSV or JSON (default: everything).

    \b
    Examples:
      coachlog export > coaching.csv
      coachlog export --term -o term.csv
      coachlog export --format json --month
    """
    from coachlog.render import EXPORT_FORMATS, write_entries_csv, write_entries_json

    state = _state(ctx)
    fmt = _format(fmt, EXPORT_FORMATS)
    filters = _filters(state, teacher, stance, activity, duties)
    period = _period(
        state, week=week, last_week=last_week, month=month, term=term, from_=from_, to=to, all_=all_, default="all"
    )
    entries = state.store.entries(period, filters)
    if out is None:
        if fmt == "csv":
            write_entries_csv(entries, sys.stdout, state.tz, raw)
        else:
            write_entries_json(entries, sys.stdout, state.tz)
        return
    from coachlog.files import private_text_file

    if sys.stderr.isatty():
        entries = output.progress(entries, state.store.count(period, filters), "Exporting")
    with private_text_file(out) as handle:
        count = (
            write_entries_csv(entries, handle, state.tz, raw)
            if fmt == "csv"
            else write_entries_json(entries, handle, state.tz)
        )
    output.note(f"Wrote {count} entries to {out}")


# ---- commands: changing -----------------------------------------------------------------------


@app.command(cls=CoachlogCommand)
def edit(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `coachlog log` shows it.")],
    teacher: Annotated[str | None, typer.Option("--teacher", help="The (first) teacher.")] = None,
    with_: Annotated[
        list[str] | None, typer.Option("--with", "-w", help="The other teachers (replaces them); repeat for more.")
    ] = None,
    stance: Annotated[str | None, typer.Option("--stance", help="consulting, collaborating or coaching.")] = None,
    duration: Annotated[str | None, typer.Option("--duration", "-d", help="45m, 1h30m...")] = None,
    at: Annotated[str | None, typer.Option("--at", help="When it started.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", help="The note ('' clears it).")] = None,
    activity: Annotated[
        str | None, typer.Option("--activity", "-a", help="The activity, or a duty's kind ('' clears it).")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="The tags (replaces them); repeat for more; --tag '' removes them all."),
    ] = None,
    helpful: HelpfulOption = None,
    story: StoryOption = None,
    shareable: Annotated[
        bool | None,
        typer.Option(
            "--shareable/--not-shareable", help="Whether the teacher agreed their answer and story may be shared."
        ),
    ] = None,
) -> None:
    """Change an entry and show it before and after.

    \b
    Examples:
      coachlog edit 42 --stance coaching
      coachlog edit 42 --duration 50m --at "yesterday 13:20"
      coachlog edit 42 --with "Mr. Okafor" --tag cycle-2
      coachlog edit 42 --story "first time she tried think-pair-share" --shareable
    """
    from coachlog.store import EntryChanges

    state = _state(ctx)
    ident = _entry_id(entry_id)
    minutes = parse_duration(duration) if duration is not None else None
    store = state.store
    current = store.get(ident)
    if current.kind == "duty" and activity is not None:
        activity_value: str | None = resolve_choice(activity, DUTY_KINDS, "duty")
    else:
        activity_value = _activity(state, activity) if activity else activity
    when = None
    if at is not None:
        from coachlog.timeparse import parse_when

        when = parse_when(at, state.now())
    changes = EntryChanges(
        teacher=clean_name(teacher) if teacher is not None else None,
        others=tuple(clean_name(n) for n in with_ if n.strip()) if with_ is not None else None,
        stance=parse_stance(stance) if stance is not None else None,
        minutes=minutes,
        when=when,
        note=note,
        activity=activity_value,
        tags=_edited_tags(tag),
        helpful=_text(helpful),
        story=_text(story),
        shareable=shareable,
    )
    if changes.is_empty():
        raise UsageError(
            "nothing to change: give at least one of --teacher, --with, --stance, --duration, --at,"
            " --note, --activity, --tag, --helpful, --story, --shareable"
        )
    before, added = store.edit(ident, changes, state.now())
    if minutes is not None:
        _warn_if_long(minutes)
    from coachlog.render import entry_line

    output.say(f"before: {entry_line(before, state.tz, detail=True)}")
    _print_added(state, added, "after: ", detail=True)


def _edited_tags(tags: list[str] | None) -> tuple[str, ...] | None:
    if tags is None:
        return None
    if len(tags) == 1 and not tags[0].strip():
        return ()  # --tag '' removes them all
    return tuple(dict.fromkeys(clean_tag(t) for t in tags))


@app.command(cls=CoachlogCommand)
def delete(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as `coachlog log` shows it.")],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (needed when not in a terminal).")
    ] = False,
) -> None:
    """Delete an entry (undo brings it back).

    \b
    Examples:
      coachlog delete 42
      coachlog delete 42 --yes
    """
    from coachlog.render import entry_line

    state = _state(ctx)
    ident = _entry_id(entry_id)
    entry = state.store.get(ident)
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"not in a terminal, so not asking: add --yes to delete #{ident}")
        if not typer.confirm(f"Delete {entry_line(entry, state.tz)}?", default=False):
            output.note("Nothing deleted.")
            raise typer.Exit(1)
    deleted = state.store.delete(ident)
    output.say(f"Deleted {entry_line(deleted, state.tz)}")


@app.command(cls=CoachlogCommand)
def undo(ctx: typer.Context) -> None:
    """Revert the most recent add, duty, edit, delete, rename or merge; one step per call.

    \b
    Example:
      coachlog undo
    """
    reverted = _state(ctx).store.undo()
    if reverted is None:
        output.note("Nothing to undo.")
    else:
        output.say(f"Undid the {reverted}.")


# ---- terms, teachers, config ------------------------------------------------------------------


@term_app.command("add", cls=CoachlogCommand)
def term_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The term's name, as your school says it.")],
    start: Annotated[str, typer.Argument(help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Argument(help="Last day, YYYY-MM-DD (on or after START).")],
) -> None:
    """Add a school term; terms may not overlap.

    \b
    Example:
      coachlog term add "Fall 2026" 2026-08-24 2026-12-18
    """
    from coachlog.domain import Term, name_key
    from coachlog.timeparse import parse_date

    state = _state(ctx)
    today = state.today()
    cleaned = " ".join(name.split())
    if not name_key(cleaned) or len(cleaned) > 100:
        raise UsageError(
            f"invalid term name '{name}': use 1 to 100 characters with a letter or digit, such as 'Term 1'"
        )
    term = Term(cleaned, parse_date(start, today), parse_date(end, today))
    state.store.add_term(term)  # the store checks the dates and overlaps, in the same transaction
    output.say(f"Added term '{term.name}': {term.start} to {term.end}")


@term_app.command("list", cls=CoachlogCommand)
def term_list(ctx: typer.Context) -> None:
    """List the terms.

    \b
    Example:
      coachlog term list
    """
    terms = _state(ctx).store.terms()
    if not terms:
        output.note("No terms yet. Add one: coachlog term add 'Term 1' 2026-09-01 2026-12-18")
    for term in terms:
        weeks = ((term.end - term.start).days + 1) / 7
        output.say(f"{term.name}\t{term.start}\t{term.end}\t{weeks:.1f} weeks")


@term_app.command("remove", cls=CoachlogCommand)
def term_remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The term's name.")]) -> None:
    """Remove a term (its sessions stay).

    \b
    Example:
      coachlog term remove "Fall 2026"
    """
    term = _state(ctx).store.remove_term(name)
    output.say(f"Removed term '{term.name}' ({term.start} to {term.end})")


@teacher_app.command("list", cls=CoachlogCommand)
def teacher_list(ctx: typer.Context) -> None:
    """Teachers with their sessions, total time and the day you last saw them.

    \b
    Example:
      coachlog teacher list
    """
    stats = _state(ctx).store.teacher_stats()
    if not stats:
        output.note("No teachers yet: they are added as you log sessions.")
        return
    width = max(len(s.name) for s in stats)
    for s in stats:
        last = s.last_seen.isoformat() if s.last_seen else "-"
        output.say(
            f"{s.name:<{width}}  {_plural(s.sessions, 'session'):>12}  {format_minutes(s.minutes):>7}  last seen {last}"
        )


@teacher_app.command("rename", cls=CoachlogCommand)
def teacher_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The name as it is.")],
    new: Annotated[str, typer.Argument(help="The name as it should be.")],
) -> None:
    """Rename a teacher everywhere.

    \b
    Example:
      coachlog teacher rename "ms rivera" "Ms. Rivera-Lopez"
    """
    before, after = _state(ctx).store.rename_teacher(old, clean_name(new))
    output.say(f"Renamed '{before}' to '{after}'")


@teacher_app.command("merge", cls=CoachlogCommand)
def teacher_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The duplicate to remove.")],
    target: Annotated[str, typer.Argument(metavar="INTO", help="The teacher to keep.")],
) -> None:
    """Move every session of FROM to INTO and remove FROM (fixes a name typed two ways).

    \b
    Example:
      coachlog teacher merge "Ms Riviera" "Ms. Rivera"
    """
    gone, kept, moved, shared = _state(ctx).store.merge_teachers(source, target)
    both = f"; {_plural(shared, 'session')} already had both" if shared else ""
    output.say(f"Merged '{gone}' into '{kept}': {_plural(moved, 'session')} moved{both}")


@config_app.command("show", cls=CoachlogCommand)
def config_show(ctx: typer.Context) -> None:
    """Show every setting.

    \b
    Example:
      coachlog config show
    """
    for key, value in _state(ctx).settings.as_text().items():
        output.say(f"{key} = {value}")


@config_app.command("set", cls=CoachlogCommand)
def config_set(
    key: Annotated[str, typer.Argument(help="coach, school, week_start, timezone or activities.")],
    value: Annotated[str, typer.Argument(help="The value ('' resets it).")],
) -> None:
    """Change a setting.

    \b
    Examples:
      coachlog config set week_start sunday
      coachlog config set timezone America/Chicago
      coachlog config set coach "Sam Lee"
      coachlog config set activities "walkthrough, book study"
    """
    from coachlog.config import SETTING_KEYS, save_setting

    settings = save_setting(key, value)  # reads and validates the file, then the key and value
    name = resolve_choice(key, SETTING_KEYS, "setting")
    output.say(f"{name} = {settings.as_text()[name]}")


@config_app.command("path", cls=CoachlogCommand)
def config_path_command() -> None:
    """Print where the config file lives (COACHLOG_CONFIG overrides it).

    \b
    Example:
      coachlog config path
    """
    from coachlog.config import config_path

    output.say(str(config_path()))


@app.command(cls=CoachlogCommand)
def backup(
    ctx: typer.Context,
    target: Annotated[
        Path | None, typer.Argument(help="Where to write the copy (default: a backups folder beside the database).")
    ] = None,
) -> None:
    """Copy the database safely, even while other coachlog commands run.

    \b
    Examples:
      coachlog backup
      coachlog backup ~/Documents/coachlog-2026-11-23.db
    """
    from coachlog.database import backup_file, default_backup_path

    state = _state(ctx)
    source = state.store.path  # opening it first checks that it is a sound coachlog database
    written = backup_file(source, Path(target).expanduser() if target else default_backup_path(source))
    output.say(f"Backed up {state.store.count()} entries to {written}")


@app.command(cls=CoachlogCommand)
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(help="A backup made by `coachlog backup`.")],
) -> None:
    """Replace the database with a backup; the database it replaces is kept as a backup too.

    \b
    Example:
      coachlog restore ~/.local/share/coachlog/backups/coachlog-20261120-170000.db
    """
    from coachlog.database import restore_file

    state = _state(ctx)
    entries, kept = restore_file(Path(source).expanduser(), state.db_path)
    output.say(f"Restored {entries} entries from {source} into {state.db_path}")
    if kept:
        output.say(f"The database it replaced is kept at {kept}")


@app.command(cls=CoachlogCommand)
def demo(ctx: typer.Context) -> None:
    """Fill an empty database with a realistic term of one coach's work (the same every time).

    \b
    Example:
      coachlog demo --db demo.db  (or: coachlog --db demo.db demo)
    """
    from coachlog.demo import demo_entries, demo_term

    state = _state(ctx)
    store = state.store
    if store.count():
        raise CoachlogError(f"{store.path} already holds entries: run demo on a new file, e.g. --db demo.db")
    now = state.now()
    term = demo_term(now.date(), state.settings.first_weekday)
    entries = demo_entries(now.date(), now, state.settings.first_weekday)
    overlapping = any(t.start <= term.end and t.end >= term.start for t in store.terms())
    count = store.add_many(entries, now, terms=() if overlapping else (term,))
    added_term = "" if overlapping else f" and the term '{term.name}' ({term.start} to {term.end})"
    output.say(f"Added {count} demo entries{added_term} to {store.path}")
    output.say(f"Try: coachlog --db {store.path} report --term")


def main() -> None:
    """Console entry point."""
    _allow_db_after_command()
    app(prog_name="coachlog")


def _allow_db_after_command() -> None:
    """Accept `--db PATH` anywhere on the line (`coachlog demo --db demo.db`), as people type it."""
    args = sys.argv[1:]
    for index, arg in enumerate(args):
        if arg == "--":
            return
        if arg == "--db" and index + 1 < len(args) and index > 0:
            value = args[index + 1]
            del args[index : index + 2]
            sys.argv[1:] = ["--db", value, *args]
            return
        if arg.startswith("--db=") and index > 0:
            del args[index]
            sys.argv[1:] = [arg, *args]
            return
