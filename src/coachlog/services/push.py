"""Sending entries to a team database: push."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coachlog.domain.frozen import replace
from coachlog.errors import CoachlogError, UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.caseload import NextStep
    from coachlog.domain.cycles import Cycle
    from coachlog.domain.push import PushPlan, RosterFacts, TermDates
    from coachlog.domain.values import Entry
    from coachlog.storage.store import Store
    from coachlog.storage.sync import CaseloadSent

Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]  # wraps items in a progress bar: (items, total, label)


def _no_plan() -> PushPlan[Any]:
    from coachlog.domain.push import PushPlan

    return PushPlan()


@dataclass(frozen=True)
class Pushed:
    """What a push did (or, dry, would do): the plans for entries and cycles, where it went (password hidden), as
    whom, how many sessions' links to cycles were set there, and the plans for next steps, the roster and terms."""

    plan: PushPlan[Entry]
    where: str
    role: str
    cycles: PushPlan[Cycle]
    links: int = 0
    steps: PushPlan[NextStep] = field(default_factory=_no_plan)
    roster: PushPlan[RosterFacts] = field(default_factory=_no_plan)
    terms: PushPlan[TermDates] = field(default_factory=_no_plan)
    counts_twice: tuple[tuple[str, str], ...] = ()  # the terms (first and last day) whose counts were fixed twice

    @property
    def conflicts(self) -> bool:
        kinds = (self.plan, self.cycles, self.steps, self.roster, self.terms)
        return any(kind.conflicts for kind in kinds)


def push(session: Session, to: str | None, *, dry_run: bool, keep_mine: bool, progress: Progress) -> Pushed:
    """`coachlog push`: compare this database with the team's, send what is new, changed or deleted here
    (entries, the coaching cycles with the sessions' links to them, next steps, the roster's facts and terms), and
    record what the team database now holds (nothing is sent or recorded on a dry run)."""
    from coachlog.domain.push import plan_cycles, plan_links, plan_push, plan_terms, unsendable
    from coachlog.storage import open_store
    from coachlog.urls import hide_password

    target = _target(session, to)
    local = session.store
    with open_store(target) as remote:
        remote_id = remote.sync.database_id()
        if remote_id == local.sync.database_id():
            raise UsageError(f"{hide_password(target)} is this same database: push to your team's database")
        base = local.sync.pushed_digests(remote_id)
        mine, gone = local.cycles.all(), local.sync.gone(remote_id)
        steps_gone = set(remote.sync.steps_by_uid(gone)) if gone else set()  # the rest were cycles
        cycles = plan_cycles(mine, base, [u for u in gone if u not in steps_gone], remote.sync.cycles_by_uid, keep_mine)
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
        steps, roster = _plan_caseload(local, remote, base, sorted(steps_gone), plan.adopted, keep_mine)
        terms = plan_terms(local.sync.terms(), base, remote.sync.terms_by_uid, keep_mine)
        counts = _counts_plan(local, remote)
        caseload = counts.sends or bool(mine or gone) or any(p.compared_any for p in (steps, roster, terms))
        links: dict[str, str | None] = {}
        if mine or gone:  # a coach without cycles pushes as before, not reading the team database's cycles
            skipped = {conflict.uid for conflict in plan.conflicts} | {conflict.uid for conflict in cycles.conflicts}
            there = {plan.adopted.get(uid, uid) for uid in local.sync.entry_uids()}
            mine_links = {plan.adopted.get(uid, uid): cycle for uid, cycle in local.sync.cycle_links().items()}
            links = plan_links(mine_links, remote.sync.cycle_links(), sorted(there), skipped)
        sends = counts.sends or any(kind.sends_anything for kind in (plan, cycles, steps, roster, terms))
        if not dry_run and (sends or links):
            sending = progress(plan.new, len(plan.new), "Sending")  # a bar on a terminal, for a big push
            sent = _caseload_sent(cycles, steps, roster, terms, counts) if caseload else None  # None: as before cycles
            remote.sync.receive(sending, plan.changed, plan.deleted, session.now(), sent, links)
        if not dry_run:
            local.term_counts.take(counts.back, counts.withheld)
            agreed = {**plan.agreed, **cycles.agreed, **steps.agreed, **roster.agreed, **terms.agreed}
            forgotten = [*plan.forgotten, *cycles.forgotten, *steps.forgotten, *roster.forgotten, *terms.forgotten]
            local.sync.record_push(remote_id, agreed, forgotten, plan.adopted)
            if (team_k := remote.thresholds.team_min_group()) is not None:  # the summary uses at least the team's
                local.thresholds.remember_min_group(team_k)
        twice = tuple((str(row["start_date"]), str(row["end_date"])) for row in counts.fixed_twice)
        return Pushed(plan, hide_password(target), remote.owner, cycles, len(links), steps, roster, terms, twice)


@dataclass(frozen=True)
class CountsPlan:
    """The ended terms' fixed counts a push settles: those fixed here and not there (`send`), there and not here
    for a term of this database (`back`), and those fixed in both but differently (`withheld` in both from then
    on: the lines that say so; `fixed_twice`: those not withheld in both before this push)."""

    send: list[dict[str, object]]
    back: list[dict[str, object]]
    withheld: list[dict[str, object]]
    fixed_twice: list[dict[str, object]]

    @property
    def sends(self) -> bool:
        return bool(self.send or self.withheld)


def _target(session: Session, to: str | None) -> str:
    """The team database's URL: `to`, else config team.db; a UsageError when none, or when --db names a URL."""
    from coachlog.config import team_db

    target = to or team_db(session.settings)
    if not target:
        raise UsageError(
            "no team database: pass --to URL, or set it once with"
            " coachlog config set team.db 'postgresql+psycopg://NAME:PASSWORD@HOST/DB'"
        )
    if session.db_url:
        raise UsageError("push sends your own database (a file) to a team database: --db must name a file, not a URL")
    return target


def _counts_plan(local: Store, remote: Store) -> CountsPlan:
    """One fixing per term: the team views show a term's counts only as the coach's own summary fixed them, in
    whichever database it ran; a term fixed in both, differently, would show two fixings side by side (the coach's
    summary beside their team row), so neither shows them from then on."""
    from coachlog.reports.term_counts import TWICE, fixed_twice_json

    mine = {(row["start_date"], row["end_date"]): row for row in local.term_counts.all()}
    terms = {(term.start.isoformat(), term.end.isoformat()) for term in local.terms.all()}
    if not mine and not terms:  # nothing to settle: the team database's counts are not read
        return CountsPlan([], [], [], [])
    theirs = {(row["start_date"], row["end_date"]): row for row in remote.term_counts.all()}
    plan = CountsPlan([row for key, row in mine.items() if key not in theirs], [], [], [])
    plan.back.extend(row for key, row in theirs.items() if key not in mine and key in terms)
    for key in sorted(mine.keys() & theirs.keys(), key=str):
        lines = [json.loads(str(side[key]["lines"])) for side in (mine, theirs)]
        if lines[0] == lines[1]:
            continue
        kept = next(
            (side[key]["lines"] for side, line in zip((mine, theirs), lines, strict=True) if TWICE in line), None
        )
        if kept is None:
            kept = fixed_twice_json(str(mine[key]["fixed_on"]), str(theirs[key]["fixed_on"]))
            plan.fixed_twice.append(mine[key])
        plan.withheld.append({**mine[key], "lines": kept})
    return plan


def _caseload_sent(
    cycles: PushPlan[Cycle],
    steps: PushPlan[NextStep],
    roster: PushPlan[RosterFacts],
    terms: PushPlan[TermDates],
    counts: CountsPlan,
) -> CaseloadSent:
    from coachlog.storage.sync import CaseloadSent

    return CaseloadSent(
        new=cycles.new,
        changed=cycles.changed,
        deleted=cycles.deleted,
        steps=[*steps.new, *steps.changed],
        steps_deleted=steps.deleted,
        roster=[*roster.new, *roster.changed],
        roster_cleared=roster.deleted,
        terms=[*terms.new, *terms.changed],
        terms_deleted=terms.deleted,
        term_counts=counts.send,
        term_counts_withheld=counts.withheld,
    )


def _plan_caseload(
    local: Store, remote: Store, base: dict[str, str], steps_gone: list[str], adopted: dict[str, str], keep_mine: bool
) -> tuple[PushPlan[NextStep], PushPlan[RosterFacts]]:
    """The plans for next steps and roster facts (which read the team database only when this one has some, or
    had: a coach without them pushes as before). A step's session is known there by the uid it is adopted under."""
    from coachlog.domain.push import plan_roster, plan_steps

    mine = [replace(step, entry_uid=adopted.get(step.entry_uid or "", step.entry_uid)) for step in local.sync.steps()]
    steps = plan_steps(mine, base, steps_gone, remote.sync.steps_by_uid, keep_mine)
    roster = plan_roster(local.sync.roster(), base, remote.sync.roster_by_uid, keep_mine)
    return steps, roster
