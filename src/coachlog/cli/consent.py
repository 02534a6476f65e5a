"""`coachlog consent`: withdraw a teacher's consent to share an answer or story, and see where it went."""

from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, CoachlogGroup, app, get_state
from coachlog.cli.options import FormatOption, parse_format
from coachlog.cli.show import RECORD_FORMATS, print_records

consent_app = typer.Typer(
    cls=CoachlogGroup,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Consent to share answers and stories: withdraw it, list withdrawals, find the summaries that held one.",
)
app.add_typer(consent_app, name="consent")

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The entry's id (see coachlog log).")]


@consent_app.command("withdraw", cls=CoachlogCommand)
def withdraw(ctx: typer.Context, ident: IdArgument) -> None:
    """Withdraw the teacher's consent: the entry's answer and story leave every later summary (undo reverts it).

    \b
    Examples:
      coachlog consent withdraw 12
      coachlog consent where 12
    """
    from coachlog.render.entries import entry_line
    from coachlog.services import consent

    session = get_state(ctx)
    entry = consent.withdraw(session, ident)
    output.say(f"Withdrew consent for {entry_line(entry, session.tz)}")
    shown = consent.summaries_with(session, ident)
    if shown:
        output.say(
            f"Already in {len(shown)} summar{'y' if len(shown) == 1 else 'ies'}: see coachlog consent where {ident}"
        )


@consent_app.command("list", cls=CoachlogCommand)
def list_(ctx: typer.Context, fmt: FormatOption = "table") -> None:
    """Entries whose consent was withdrawn, with the day it was.

    \b
    Examples:
      coachlog consent list
      coachlog consent list --format csv
    """
    from coachlog.render.entries import entry_line
    from coachlog.services import consent

    session = get_state(ctx)
    fmt = parse_format(fmt, RECORD_FORMATS)
    rows = consent.withdrawn(session)
    records = [
        {
            "withdrawn_on": f"{when.astimezone(session.tz):%Y-%m-%d}",
            "id": entry.id,
            "date": entry.local_date.isoformat(),
            "teachers": "; ".join(entry.teachers) if fmt == "csv" else list(entry.teachers),
            "stance": str(entry.stance) if entry.stance else None,
            "minutes": entry.minutes,
        }
        for entry, when in rows
    ]

    def table() -> None:
        if not rows:
            output.note("No consent has been withdrawn.")
        for entry, when in rows:
            output.say(f"{when.astimezone(session.tz):%Y-%m-%d}  {entry_line(entry, session.tz)}")

    print_records(records, fmt, table, ("withdrawn_on", "id", "date", "teachers", "stance", "minutes"))


@consent_app.command("where", cls=CoachlogCommand)
def where(ctx: typer.Context, ident: IdArgument, fmt: FormatOption = "table") -> None:
    """The summaries already written that showed entry ID's answer or story: when, range, format and file.

    \b
    Examples:
      coachlog consent where 12
      coachlog consent where 12 --format json
    """
    from coachlog.services import consent

    session = get_state(ctx)
    fmt = parse_format(fmt, RECORD_FORMATS)
    found = consent.summaries_with(session, ident)
    records = [
        {
            "made_at": f"{record.made_at.astimezone(session.tz):%Y-%m-%d %H:%M}",
            "range": record.label,
            "start": record.start.isoformat(),
            "end": record.end.isoformat(),
            "format": record.format,
            "file": record.path,
        }
        for record in found
    ]

    def table() -> None:
        if not found:
            output.note(f"No recorded summary showed #{ident}'s answer or story.")
        for record in records:
            place = record["file"] or "standard output"
            output.say(
                f"{record['made_at']}  {record['range']} ({record['start']} to {record['end']})  {record['format']}"
                f"  {place}"
            )

    print_records(records, fmt, table, ("made_at", "range", "start", "end", "format", "file"))
