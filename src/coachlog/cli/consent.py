"""`coachlog consent`: withdraw a teacher's consent to share an answer or story, and see where it went."""

from typing import Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, CoachlogGroup, app, get_state

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
def list_(ctx: typer.Context) -> None:
    """Entries whose consent was withdrawn, with the day it was.

    \b
    Example:
      coachlog consent list
    """
    from coachlog.render.entries import entry_line
    from coachlog.services import consent

    session = get_state(ctx)
    rows = consent.withdrawn(session)
    if not rows:
        output.note("No consent has been withdrawn.")
    for entry, when in rows:
        output.say(f"{when.astimezone(session.tz):%Y-%m-%d}  {entry_line(entry, session.tz)}")


@consent_app.command("where", cls=CoachlogCommand)
def where(ctx: typer.Context, ident: IdArgument) -> None:
    """The summaries already written that showed entry ID's answer or story: when, range, format and file.

    \b
    Example:
      coachlog consent where 12
    """
    from coachlog.services import consent

    session = get_state(ctx)
    found = consent.summaries_with(session, ident)
    if not found:
        output.note(f"No recorded summary showed #{ident}'s answer or story.")
    for record in found:
        made = record.made_at.astimezone(session.tz)
        place = record.path or "standard output"
        output.say(f"{made:%Y-%m-%d %H:%M}  {record.label} ({record.start} to {record.end})  {record.format}  {place}")
