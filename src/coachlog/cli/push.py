"""Sending entries to a team database: push."""

from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.show import plural
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.push import PushPlan
    from coachlog.domain.values import Entry
    from coachlog.services.push import Pushed


@app.command(cls=CoachlogCommand)
def push(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="URL",
            help="The team database (default: COACHLOG_TEAM_DB, else config team.db).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be sent; send nothing.")] = False,
    keep_mine: Annotated[
        bool,
        typer.Option("--keep-mine", help="Settle conflicts with this database's version (sent, or deleted there)."),
    ] = False,
) -> None:
    """Send new, changed and deleted entries, cycles, next steps and roster facts to your team's database.

    Keep logging on your own computer and push when you like: each entry, cycle and next step
    has a global id (a teacher's roster facts and a term go by their name), so pushing twice (or from a
    copy of your database) never duplicates anything. One changed both here and in the team
    database since the last push is a conflict: it is listed and left alone (exit 1) unless
    you add --keep-mine. Sessions join their cycles there as they do here, and your
    terms go too, so the team views can show your cycle counts for an ended term.

    \b
    Examples:
      coachlog config set team.db 'postgresql+psycopg://kim:PASSWORD@db.district.org/coaching'
      coachlog push --dry-run
      coachlog push
    """
    from coachlog.services import push as pushing

    session = get_state(ctx)
    pushed = pushing.push(session, to, dry_run=dry_run, keep_mine=keep_mine, progress=output.progress)
    _print_push(session, pushed.plan, pushed.where, pushed.role, dry_run)
    _print_cycles(pushed, dry_run)
    _print_caseload(pushed, dry_run)
    _print_terms(pushed, dry_run)
    for start, end in pushed.counts_twice:
        verb = "would be" if dry_run else "are"
        output.warn(
            f"The counts of the term {start} to {end} were fixed twice, differently, by a summary here and one of the"
            f" team database: they {verb} withheld in both from now on."
        )
    if pushed.conflicts:
        raise typer.Exit(1)


def _print_caseload(pushed: "Pushed", dry_run: bool) -> None:
    """The next steps' line and the roster's (each only when this database has or had some) and their conflicts."""
    verb = "Would send" if dry_run else "Sent"
    steps, roster = pushed.steps, pushed.roster
    if steps.compared_any:
        counts = (
            f"{plural(len(steps.new), 'new next step')}, {len(steps.changed)} changed, {len(steps.deleted)} deleted"
        )
        output.say(f"{verb} {counts}; nothing to send for {steps.up_to_date}.")
    if roster.compared_any:
        counts = (
            f"{plural(len(roster.new), 'teacher')} new, {len(roster.changed)} changed, {len(roster.deleted)} taken off"
        )
        output.say(f"{verb} the roster: {counts}; nothing to send for {roster.up_to_date}.")
    if steps.conflicts or roster.conflicts:
        _warn_conflicts(len(steps.conflicts) + len(roster.conflicts), "next step or roster conflict")
    for conflict in steps.conflicts:
        step = conflict.mine or conflict.theirs
        assert step is not None
        where = f"next step #{step.id}" if conflict.mine else "deleted here: a next step"
        output.warn(f"  {where} for {step.teacher}, due {step.due_on}: {conflict.reason}")
    for clash in roster.conflicts:
        facts = clash.mine or clash.theirs
        assert facts is not None
        where = "" if clash.mine else "taken off here: "
        output.warn(f"  {where}{facts.name} on the roster: {clash.reason}")


def _print_terms(pushed: "Pushed", dry_run: bool) -> None:
    """The terms' line (only when this database has or had some) and their conflicts."""
    terms = pushed.terms
    if terms.compared_any:
        verb = "Would send" if dry_run else "Sent"
        counts = f"{plural(len(terms.new), 'new term')}, {len(terms.changed)} changed, {len(terms.deleted)} deleted"
        output.say(f"{verb} {counts}; nothing to send for {terms.up_to_date}.")
    if terms.conflicts:
        _warn_conflicts(len(terms.conflicts), "term conflict")
    for conflict in terms.conflicts:
        term = conflict.mine or conflict.theirs
        assert term is not None
        where = "" if conflict.mine else "removed here: "
        output.warn(f"  {where}term '{term.name}' ({term.start} to {term.end}): {conflict.reason}")


def _print_cycles(pushed: "Pushed", dry_run: bool) -> None:
    """The cycles' line (none when this database has no cycle and sends none) and their conflicts."""
    plan = pushed.cycles
    if not (plan.up_to_date or plan.sends_anything or plan.conflicts or pushed.links):
        return
    verb = "Would send" if dry_run else "Sent"
    counts = f"{plural(len(plan.new), 'new cycle')}, {len(plan.changed)} changed, {len(plan.deleted)} deleted"
    linked = f"; {plural(pushed.links, 'session')} joined or left a cycle there" if pushed.links else ""
    output.say(f"{verb} {counts}; nothing to send for {plan.up_to_date}{linked}.")
    if plan.conflicts:
        _warn_conflicts(len(plan.conflicts), "cycle conflict")
    for conflict in plan.conflicts:
        shown = conflict.mine or conflict.theirs
        assert shown is not None
        where = f"cycle #{shown.id}" if conflict.mine else "deleted here: a cycle"
        output.warn(f"  {where} with {', '.join(shown.teachers)}, started {shown.started_on}: {conflict.reason}")


def _print_push(session: Session, plan: "PushPlan[Entry]", where: str, role: str, dry_run: bool) -> None:
    from coachlog.render.entries import entry_line

    verb = "Would send" if dry_run else "Sent"
    new = f"{len(plan.new)} new {'entry' if len(plan.new) == 1 else 'entries'}"
    counts = f"{new}, {len(plan.changed)} changed, {len(plan.deleted)} deleted"
    output.say(f"{verb} {counts} to {where} as {role}; nothing to send for {plan.up_to_date}.")
    if plan.conflicts:
        _warn_conflicts(len(plan.conflicts), "conflict")
        for conflict in plan.conflicts:
            shown = conflict.mine or conflict.theirs
            assert shown is not None
            line = entry_line(shown, session.tz)
            if conflict.mine is None:
                line = "deleted here: " + line.split(" ", 1)[1].lstrip()  # the id is the team database's
            output.warn(f"  {line}: {conflict.reason}")


def _warn_conflicts(count: int, what: str) -> None:
    """The line before a kind's conflicts: how many, and how to send this side's version instead."""
    output.warn(f"{plural(count, what)} left as they are (push --keep-mine sends your version):")
