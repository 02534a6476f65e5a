"""Sending entries to a team database: push."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coachlog.errors import CoachlogError, UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.push import PushPlan

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]  # wraps items in a progress bar: (items, total, label)


@dataclass(frozen=True)
class Pushed:
    """What a push did (or, dry, would do): the plan, where it went (password hidden) and as whom."""

    plan: PushPlan
    where: str
    role: str


def push(session: Session, to: str | None, *, dry_run: bool, keep_mine: bool, progress: Progress) -> Pushed:
    """`coachlog push`: compare this database with the team's, send what is new, changed or deleted here,
    and record what the team database now holds (nothing is sent or recorded on a dry run)."""
    from coachlog.config import team_db
    from coachlog.domain.push import plan_push, unsendable
    from coachlog.storage import open_store
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
        plan = plan_push(
            progress(local.entries.query(None), local.entries.count(), "Comparing"),  # a bar on a terminal, if long
            local.sync.pushed_digests(remote_id),
            local.sync.tombstones(),
            remote.sync.entries_by_uid,
            keep_mine=keep_mine,
            theirs_by_source=remote.sync.entries_by_source,
        )
        if problem := unsendable([*plan.new, *plan.changed]):
            raise CoachlogError(problem)
        if not dry_run and plan.sends_anything:
            sending = progress(plan.new, len(plan.new), "Sending")  # a bar on a terminal, for a big push
            remote.sync.receive(sending, plan.changed, plan.deleted, session.now())
        if not dry_run:
            local.sync.record_push(remote_id, plan.agreed, plan.forgotten, plan.adopted)
        return Pushed(plan, hide_password(target), remote.owner)
