"""Terms, teachers, settings, backups and the demo."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, app, config_app, get_state, teacher_app, term_app
from coachlog.cli.options import FormatOption, ListFormatOption, parse_format
from coachlog.cli.show import LISTING_FORMATS, RECORD_FORMATS, plural, print_records
from coachlog.domain.names import clean_name, resolve_choice
from coachlog.domain.timeparse import format_minutes
from coachlog.errors import UsageError

SETTING_KEYS = (
    "coach", "school", "week_start", "timezone", "activities", "staff", "target.consulting",
    "target.collaborating", "target.coaching", "target.with_teachers", "target.cycles", "privacy.min_group",
    "calendar.stances", "calendar.default_stance", "team.db", "cycle.phases",
)  # fmt: skip  # config.SETTING_KEYS, spelled out so --help does not import config (tests hold them equal)

# ---- terms, teachers, config ------------------------------------------------------------------


@term_app.command("add", cls=CoachlogCommand)
def term_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The term's name, as your school says it.")],
    start: Annotated[str, typer.Argument(metavar="START", help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Argument(metavar="END", help="Last day, YYYY-MM-DD (on or after START).")],
) -> None:
    """Add a school term; terms may not overlap.

    \b
    Example:
      coachlog term add "Fall 2026" 2026-08-24 2026-12-18
    """
    from coachlog.domain.names import name_key
    from coachlog.domain.text import name_problem, shown
    from coachlog.domain.timeparse import parse_date
    from coachlog.domain.values import Term

    state = get_state(ctx)
    today = state.today()
    cleaned = " ".join(name.split())
    if not name_key(cleaned) or len(cleaned) > 100:
        raise UsageError(
            f"invalid term name '{name}': use 1 to 100 characters with a letter or digit, such as 'Term 1'"
        )
    if problem := name_problem(cleaned):
        raise UsageError(f"invalid term name '{shown(name)}': {problem}")
    term = Term(cleaned, parse_date(start, today), parse_date(end, today))
    state.store.terms.add(term)  # the store checks the dates and overlaps, in the same transaction
    output.say(f"Added term '{term.name}': {term.start} to {term.end}")


@term_app.command("list", cls=CoachlogCommand)
def term_list(ctx: typer.Context, fmt: ListFormatOption = "table") -> None:
    """List the terms.

    \b
    Examples:
      coachlog term list
      coachlog term list --format json
    """
    fmt = parse_format(fmt, LISTING_FORMATS)
    terms = get_state(ctx).store.terms.all()
    records = [
        {"name": t.name, "start": t.start.isoformat(), "end": t.end.isoformat(), "days": (t.end - t.start).days + 1}
        for t in terms
    ]

    def table() -> None:
        if not terms:
            output.note("No terms yet. Add one: coachlog term add 'Term 1' 2026-09-01 2026-12-18")
        elif output.is_terminal(sys.stdout):  # a table fitted to the screen; piped, the tab-separated lines below
            from coachlog.render.text import write_table

            rows = [[t.name, str(t.start), str(t.end), f"{((t.end - t.start).days + 1) / 7:.1f}"] for t in terms]
            write_table(sys.stdout, [(None, ("term", "start", "end", "weeks"), rows, {3})], [])
            return
        for term in terms:
            weeks = ((term.end - term.start).days + 1) / 7
            output.say(f"{term.name}\t{term.start}\t{term.end}\t{weeks:.1f} weeks")

    print_records(records, fmt, table, ("name", "start", "end", "days"))


@term_app.command("remove", cls=CoachlogCommand)
def term_remove(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The term's name.", autocompletion=complete.terms)]
) -> None:
    """Remove a term (its sessions stay).

    \b
    Example:
      coachlog term remove "Fall 2026"
    """
    term = get_state(ctx).store.terms.remove(name)
    output.say(f"Removed term '{term.name}' ({term.start} to {term.end})")


@teacher_app.command("list", cls=CoachlogCommand)
def teacher_list(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Teachers with their sessions, total time and the day you last saw them (and, once there is a roster,
    their department, grade and whether they are on staff).

    \b
    Examples:
      coachlog teacher list
      coachlog teacher list --format csv > teachers.csv
    """
    fmt = parse_format(fmt, RECORD_FORMATS)
    session = get_state(ctx)
    stats = session.store.teachers.stats()
    records: list[dict[str, object]] = [
        {
            "name": s.name,
            "sessions": s.sessions,
            "minutes": s.minutes,
            "last_seen": s.last_seen.isoformat() if s.last_seen else None,
        }
        for s in stats
    ]
    if session.store.roster.exists():
        from coachlog.cli.caseload import print_roster

        print_roster(session, stats, records, fmt)
        return

    def table() -> None:
        if not stats:
            output.note("No teachers yet: they are added as you log sessions.")
            return
        if output.is_terminal(sys.stdout):  # a table fitted to the screen; piped, the aligned lines below
            from coachlog.render.text import write_table

            rows = [[s.name, str(s.sessions), format_minutes(s.minutes), str(s.last_seen or "-")] for s in stats]
            write_table(sys.stdout, [(None, ("teacher", "sessions", "time", "last seen"), rows, {1, 2})], [])
            return
        width = max(len(s.name) for s in stats)
        for s in stats:
            last = s.last_seen.isoformat() if s.last_seen else "-"
            sessions = plural(s.sessions, "session")
            output.say(f"{s.name:<{width}}  {sessions:>12}  {format_minutes(s.minutes):>7}  last seen {last}")

    print_records(records, fmt, table, ("name", "sessions", "minutes", "last_seen"))


@teacher_app.command("rename", cls=CoachlogCommand)
def teacher_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The name as it is.", autocompletion=complete.teachers)],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The name as it should be.")],
) -> None:
    """Rename a teacher everywhere.

    \b
    Example:
      coachlog teacher rename "ms rivera" "Ms. Rivera-Lopez"
    """
    before, after = get_state(ctx).store.teachers.rename(old, clean_name(new))
    output.say(f"Renamed '{before}' to '{after}'")


@teacher_app.command("merge", cls=CoachlogCommand)
def teacher_merge(
    ctx: typer.Context,
    source: Annotated[
        str, typer.Argument(metavar="FROM", help="The duplicate to remove.", autocompletion=complete.teachers)
    ],
    target: Annotated[
        str, typer.Argument(metavar="INTO", help="The teacher to keep.", autocompletion=complete.teachers)
    ],
) -> None:
    """Move every session of FROM to INTO and remove FROM (fixes a name typed two ways).

    \b
    Example:
      coachlog teacher merge "Ms Riviera" "Ms. Rivera"
    """
    gone, kept, moved, shared = get_state(ctx).store.teachers.merge(source, target)
    both = f"; {plural(shared, 'session')} already had both" if shared else ""
    output.say(f"Merged '{gone}' into '{kept}': {plural(moved, 'session')} moved{both}")


@config_app.command("show", cls=CoachlogCommand)
def config_show(ctx: typer.Context, fmt: ListFormatOption = "table") -> None:
    """Show every setting.

    \b
    Examples:
      coachlog config show
      coachlog config show --format json
    """
    fmt = parse_format(fmt, LISTING_FORMATS)
    settings = get_state(ctx).settings.as_text()

    def table() -> None:
        for key, value in settings.items():
            output.say(f"{key} = {value}")

    print_records(settings, fmt, table)


@config_app.command("set", cls=CoachlogCommand)
def config_set(
    key: Annotated[
        str,
        typer.Argument(metavar="KEY", help=f"One of: {', '.join(SETTING_KEYS)}.", autocompletion=complete.setting_keys),
    ],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="The value ('' resets it).", autocompletion=complete.setting_values)
    ],
) -> None:
    """Change a setting.

    \b
    Examples:
      coachlog config set week_start sunday
      coachlog config set timezone America/Chicago
      coachlog config set coach "Sam Lee"
      coachlog config set activities "walkthrough, book study"
      coachlog config set target.cycles 60  (percent of session time in coaching cycles)
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
        Path | None,
        typer.Argument(metavar="PATH", help="Where to write the copy (default: a backups folder beside the database)."),
    ] = None,
) -> None:
    """Copy the database safely, even while other coachlog commands run.

    \b
    Examples:
      coachlog backup
      coachlog backup ~/Documents/coachlog-2026-11-23.db
    """
    from coachlog.services import maintenance

    count, written = maintenance.backup(get_state(ctx), target)
    output.say(f"Backed up {count} entries to {written}")


@app.command(cls=CoachlogCommand)
def restore(
    ctx: typer.Context,
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="A backup made by `coachlog backup`.")],
) -> None:
    """Replace the database with a backup; the database it replaces is kept as a backup too.

    \b
    Example:
      coachlog restore ~/.local/share/coachlog/backups/coachlog-20261120-170000.db
    """
    from coachlog.services import maintenance

    session = get_state(ctx)
    entries, kept = maintenance.restore(session, source)
    output.say(f"Restored {entries} entries from {source} into {session.db_path}")
    if kept:
        output.say(f"The database it replaced is kept at {kept}")


@app.command(cls=CoachlogCommand)
def demo(ctx: typer.Context) -> None:
    """Fill an empty database with a realistic term of one coach's work (the same every time).

    \b
    Example:
      coachlog demo --db demo.db  (or: coachlog --db demo.db demo)
    """
    from coachlog.services import maintenance

    done = maintenance.demo(get_state(ctx))
    term = done.term
    added_term = "" if term is None else f" and the term '{term.name}' ({term.start} to {term.end})"
    output.say(f"Added {done.count} demo entries{added_term} to {done.path}")
    output.say(f"Try: coachlog --db {done.path} report --term")
