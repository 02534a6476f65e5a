"""Sending entries to a team database: push."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachlog.errors import CoachlogError, UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.cycles import Cycle
    from coachlog.domain.push import PushPlan
    from coachlog.domain.values import Entry

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]  # wraps items in a progress bar: (items, total, label)


@dataclass(frozen=True)
class Pushed:
    """What a push did (or, dry, would do): the plans for entries and cycles, where it went (password hidden), as
    whom, and how many sessions' links to cycles were set there."""

    plan: PushPlan[Entry]
    where: str
    role: str
    cycles: PushPlan[Cycle]
    links: int = 0


def push(session: Session, to: str | None, *, dry_run: bool, keep_mine: bool, progress: Progress) -> Pushed:
    """`coachlog push`: compare this database with the team's, send what is new, changed or deleted here
    (entries, and the coaching cycles with the sessions' links to them), and record what the team database now
    holds (nothing is sent or recorded on a dry run)."""
    from coachlog.config import team_db
    from coachlog.domain.push import plan_cycles, plan_links, plan_push, unsendable
    from coachlog.storage import open_store
    from coachlog.storage.sync import CyclesSent
    from coachlog.urls import hide_password

    target = to or team_db(session.settings)
    if not target:
        raise UsageError(
            "no team database: pass --to URL, or set it once with"
            " coachlog config set team.db 'postgresql+psycopg://NAME:PASSWORD@HOST/DB'"
        )
    if session.db_url:
        raise UsageError("push sends your own database (a file) to a team database: --db must name a file, not a URL")
    local = session.store
    with open_store(target) as remote:
        remote_id = remote.sync.database_id()
        if remote_id == local.sync.database_id():
            raise UsageError(f"{hide_password(target)} is this same database: push to your team's database")
        base = local.sync.pushed_digests(remote_id)
        mine, gone = local.cycles.all(), local.sync.gone(remote_id)
        cycles = plan_cycles(mine, base, gone, remote.sync.cycles_by_uid, keep_mine=keep_mine)
        plan = plan_push(
            progress(local.entries.query(None), local.entries.count(), "Comparing"),  # a bar on a terminal, if long
            base,
            local.sync.tombstones(),
            remote.sync.entries_by_uid,
            keep_mine=keep_mine,
            theirs_by_source=remote.sync.entries_by_source,
        )
        if problem := unsendable([*plan.new, *plan.changed]):
            raise CoachlogError(problem)
        links: dict[str, str | None] = {}
        if mine or gone:  # a coach without cycles pushes as before, not reading the team database's cycles
            skipped = {conflict.uid for conflict in plan.conflicts} | {conflict.uid for conflict in cycles.conflicts}
            there = {plan.adopted.get(uid, uid) for uid in local.sync.entry_uids()}
            mine_links = {plan.adopted.get(uid, uid): cycle for uid, cycle in local.sync.cycle_links().items()}
            links = plan_links(mine_links, remote.sync.cycle_links(), sorted(there), skipped)
        if not dry_run and (plan.sends_anything or cycles.sends_anything or links):
            sending = progress(plan.new, len(plan.new), "Sending")  # a bar on a terminal, for a big push
            sent = CyclesSent(cycles.new, cycles.changed, cycles.deleted) if mine or gone else None
            remote.sync.receive(sending, plan.changed, plan.deleted, session.now(), sent, links)
        if not dry_run:
            agreed, forgotten = {**plan.agreed, **cycles.agreed}, [*plan.forgotten, *cycles.forgotten]
            local.sync.record_push(remote_id, agreed, forgotten, plan.adopted)
        return Pushed(plan, hide_password(target), remote.owner, cycles, len(links))
