"""Sending entries to a team database: push."""

from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import output
from coachlog.cli.app import AppState, CoachlogCommand, app, get_state, plural
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from coachlog.domain.push import PushPlan


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
    """Send new, changed and deleted entries to your program's team database.

    Keep logging on your own computer and push when you like: each entry has a global
    id, so pushing twice (or from a copy of your database) never duplicates anything.
    An entry changed both here and in the team database since the last push is a
    conflict: it is listed and left alone (exit 1) unless you add --keep-mine.

    \b
    Examples:
      coachlog config set team.db 'postgresql+psycopg://kim:PASSWORD@db.district.org/coaching'
      coachlog push --dry-run
      coachlog push
    """
    from coachlog.config import team_db
    from coachlog.domain.push import plan_push
    from coachlog.storage import open_store
    from coachlog.urls import hide_password

    state = get_state(ctx)
    target = to or team_db(state.settings)
    if not target:
        raise UsageError(
            "no team database: pass --to URL, or set it once with"
            " coachlog config set team.db 'postgresql+psycopg://NAME:PASSWORD@HOST/DB'"
        )
    if state.db_url:
        raise UsageError("push sends your own database (a file) to a team database: --db must name a file, not a URL")
    local = state.store
    with open_store(target) as remote:
        remote_id = remote.sync.database_id()
        if remote_id == local.sync.database_id():
            raise UsageError(f"{hide_password(target)} is this same database: push to your team's database")
        plan = plan_push(
            output.progress(
                local.entries.query(None), local.entries.count(), "Comparing"
            ),  # a bar on a terminal, if long
            local.sync.pushed_digests(remote_id),
            local.sync.tombstones(),
            remote.sync.entries_by_uid,
            keep_mine=keep_mine,
            theirs_by_source=remote.sync.entries_by_source,
        )
        if not dry_run and plan.sends_anything:
            sending = output.progress(plan.new, len(plan.new), "Sending")  # a bar on a terminal, for a big push
            remote.sync.receive(sending, plan.changed, plan.deleted, state.now())
        if not dry_run:
            local.sync.record_push(remote_id, plan.agreed, plan.forgotten, plan.adopted)
        _print_push(state, plan, hide_password(target), remote.owner, dry_run)
    if plan.conflicts:
        raise typer.Exit(1)


def _print_push(state: AppState, plan: "PushPlan", where: str, role: str, dry_run: bool) -> None:
    from coachlog.render.entries import entry_line

    verb = "Would send" if dry_run else "Sent"
    new = f"{len(plan.new)} new {'entry' if len(plan.new) == 1 else 'entries'}"
    counts = f"{new}, {len(plan.changed)} changed, {len(plan.deleted)} deleted"
    output.say(f"{verb} {counts} to {where} as {role}; nothing to send for {plan.up_to_date}.")
    if plan.conflicts:
        output.warn(
            f"{plural(len(plan.conflicts), 'conflict')} left as they are (push --keep-mine sends your version):"
        )
        for conflict in plan.conflicts:
            shown = conflict.mine or conflict.theirs
            assert shown is not None
            line = entry_line(shown, state.tz)
            if conflict.mine is None:
                line = "deleted here: " + line.split(" ", 1)[1].lstrip()  # the id is the team database's
            output.warn(f"  {line}: {conflict.reason}")
