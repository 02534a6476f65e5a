"""What `coachlog push` sends from a coach's own database to a team database: plain logic, no SQL.

Each entry carries a uid. For every uid, the personal database remembers the digest of the
entry's content that both sides last agreed on (the base). Comparing the entry here, the base,
and the entry there tells what happened since:

- here changed, there as the base (or missing and never pushed): send the change (or the new entry);
- here and there now equal: nothing to send, remember the new agreement;
- both changed, or there deleted while here changed, or there changed while here deleted:
  a conflict, reported and left alone unless the coach asks to keep their own version.

Coaching cycles travel the same way (`plan_cycles`, by `cycle_digest`), with their own uids in the same
bookkeeping; a session's link to its cycle is sent as this database has it (`plan_links`). So do next steps
(`plan_steps`, by `step_digest`) and each teacher's roster facts (`plan_roster`, by `roster_digest`): a teacher has
no uid, so their facts are known by `roster_uid`, made from the name key ("teacher:" and a hash, never a UUID).
Terms go the same way (`plan_terms`, by `term_digest`), known by `term_uid` from their name key (unique per coach).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar

from coachlog.domain.caseload import NextStep
from coachlog.domain.cycles import Cycle
from coachlog.domain.names import name_key
from coachlog.domain.timeparse import utc_text
from coachlog.domain.values import Entry, NewEntry

CHANGED_THERE = "changed in the team database since the last push, and changed here"
ALREADY_THERE = "already in the team database with other content"
DELETED_THERE = "deleted in the team database since the last push, and changed here"
CHANGED_THERE_DELETED_HERE = "changed in the team database since the last push, and deleted here"
SAME_EVENT_THERE = "the team database has this calendar event already, with other content"
ROSTER_UID = "teacher:"  # how the uids of roster facts begin (see roster_uid)
TERM_UID = "term:"  # how the uids of terms begin (see term_uid)


def digest(entry: NewEntry) -> str:
    """A fingerprint of what an entry says (not of its id, which differs between databases)."""
    content = [
        entry.kind,
        utc_text(entry.start),
        entry.minutes,
        entry.local_date.isoformat(),
        entry.time_known,
        list(entry.teachers),
        entry.stance.value if entry.stance else None,
        entry.duty_kind,
        entry.activity,
        entry.note,
        sorted(entry.tags),
        entry.helpful,
        entry.story,
        entry.shareable,
        entry.source,
    ]
    return fingerprint(content)


def fingerprint(content: Sequence[object]) -> str:
    """The SHA-256 of `content` as JSON: what push compares to tell whether a row changed on either side."""
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def cycle_digest(cycle: Cycle) -> str:
    """A fingerprint of what a cycle says (its teachers, goal, phase, dates, outcome and evidence; not its id)."""
    content = [
        "cycle",
        list(cycle.teachers),
        cycle.goal,
        cycle.focus,
        cycle.phase,
        cycle.started_on.isoformat(),
        cycle.closed_on.isoformat() if cycle.closed_on else None,
        cycle.outcome,
        cycle.measure,
        cycle.baseline,
        cycle.result,
    ]
    return fingerprint(content)


def step_digest(step: NextStep) -> str:
    """A fingerprint of what a next step says: its teacher, text, due date and the day it was done (not its id,
    nor the session it came from, which the team database may not have)."""
    done = step.done_on.isoformat() if step.done_on else None
    content = ["next step", step.teacher, step.text, step.due_on.isoformat(), done]
    return fingerprint(content)


def roster_uid(name: str) -> str:
    """The uid a teacher's roster facts are pushed under: the same for the same name key in every database."""
    return ROSTER_UID + hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()[: 36 - len(ROSTER_UID)]


@dataclass(frozen=True)
class RosterFacts:
    """A teacher as the roster has them, as push sends them: on staff or not, the day they left, department and
    grade (the name as this database spells it)."""

    name: str
    department: str | None
    grade: str | None
    on_staff: bool
    left_on: date | None

    @property
    def uid(self) -> str:
        return roster_uid(self.name)

    @property
    def any(self) -> bool:
        """Whether there is a fact to send: a teacher only met in sessions has none."""
        return self.on_staff or bool(self.left_on or self.department or self.grade)


def roster_digest(facts: RosterFacts) -> str:
    """A fingerprint of a teacher's roster facts, their name's spelling included."""
    left = facts.left_on.isoformat() if facts.left_on else None
    content = ["roster", facts.name, facts.department, facts.grade, facts.on_staff, left]
    return fingerprint(content)


def term_uid(name: str) -> str:
    """The uid a term is pushed under: the same for the same name key in every database (a coach's term names are
    unique by name key)."""
    return TERM_UID + hashlib.sha256(name_key(name).encode("utf-8")).hexdigest()[: 36 - len(TERM_UID)]


@dataclass(frozen=True)
class TermDates:
    """A term as push sends it: its name as this database spells it, and its first and last days."""

    name: str
    start: date
    end: date

    @property
    def uid(self) -> str:
        return term_uid(self.name)


def term_digest(term: TermDates) -> str:
    """A fingerprint of a term: its name's spelling and its dates."""
    return fingerprint(["term", term.name, term.start.isoformat(), term.end.isoformat()])


class Synced(Protocol):
    """What push sends: something with a uid that is the same in every database."""

    @property
    def uid(self) -> str | None: ...


T = TypeVar("T", bound=Synced)


@dataclass(frozen=True)
class Conflict(Generic[T]):
    """An entry (or cycle) changed on both sides: `mine` is None when it was deleted here, `theirs` when deleted
    there."""

    uid: str
    mine: T | None
    theirs: T | None
    reason: str


@dataclass
class PushPlan(Generic[T]):
    """What to send, and what both sides will agree on afterwards."""

    new: list[T] = field(default_factory=list)
    changed: list[T] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    conflicts: list[Conflict[T]] = field(default_factory=list)
    agreed: dict[str, str] = field(default_factory=dict)  # uid -> digest both sides hold after the push
    forgotten: list[str] = field(default_factory=list)  # uids gone on both sides
    adopted: dict[str, str] = field(default_factory=dict)  # uid here -> the uid the team database has it under
    up_to_date: int = 0  # entries that needed nothing

    @property
    def sends_anything(self) -> bool:
        return bool(self.new or self.changed or self.deleted)

    @property
    def compared_any(self) -> bool:
        """Whether there was anything to compare: a row here, or one agreed before and gone here."""
        return bool(self.up_to_date or self.sends_anything or self.conflicts or self.forgotten)


def unsendable(entries: Iterable[Entry]) -> str | None:
    """Why the first of `entries` a team database cannot store cannot be sent (a NUL character, which an older
    coachlog let in and PostgreSQL's text refuses), naming the entry and the way to fix it; None if all can be."""
    for entry in entries:
        texts = {"note": entry.note, "helpful": entry.helpful, "story": entry.story, "activity": entry.activity}
        texts |= {"teacher": "".join(entry.teachers), "tag": "".join(entry.tags), "source": entry.source}
        for what, text in texts.items():
            if text and "\x00" in text:
                fix = {"teacher": "`coachlog teacher rename`", "source": "`coachlog delete` and a new entry"}.get(
                    what, f"`coachlog edit {entry.id} --{what} ...`"
                )
                return (
                    f"entry #{entry.id} holds a NUL character (\\x00) in its {what}, which the team database cannot"
                    f" store; nothing was pushed: change it with {fix}, then push again"
                )
    return None


def plan_push(
    mine: Iterable[Entry],
    base: dict[str, str],
    tombstones: list[str],
    theirs: Callable[[list[str]], dict[str, Entry]],
    keep_mine: bool = False,
    theirs_by_source: Callable[[list[str]], dict[str, Entry]] | None = None,
) -> PushPlan[Entry]:
    """Decide what a push does. `mine`: every entry here; `base`: uid -> agreed digest; `tombstones`: uids
    deleted here; `theirs(uids)`: the team database's entries with those uids; `theirs_by_source(sources)`:
    its entries from those calendar events. With `keep_mine`, a conflict is settled in favour of this
    database (sent, or deleted there) instead of being left alone.

    A new entry from a calendar event the team database already has (imported on another computer, or
    there) is the same entry: it takes the team's uid when both say the same, else it is a conflict."""

    def calendar_events(plan: PushPlan[Entry]) -> None:
        if theirs_by_source is not None:
            _match_calendar_events(plan, theirs_by_source, keep_mine)

    return _plan(mine, base, tombstones, theirs, digest, keep_mine, calendar_events)


def plan_cycles(
    mine: Iterable[Cycle],
    base: dict[str, str],
    gone: list[str],
    theirs: Callable[[list[str]], dict[str, Cycle]],
    keep_mine: bool = False,
) -> PushPlan[Cycle]:
    """Decide what a push does with the coach's cycles, as plan_push does with entries. `gone`: uids agreed with the
    team database that name nothing here any more (cycles deleted here: the bookkeeping is their tombstone)."""
    return _plan(mine, base, gone, theirs, cycle_digest, keep_mine)


def plan_steps(
    mine: Iterable[NextStep],
    base: dict[str, str],
    gone: list[str],
    theirs: Callable[[list[str]], dict[str, NextStep]],
    keep_mine: bool = False,
) -> PushPlan[NextStep]:
    """Decide what a push does with the coach's next steps, as plan_cycles does with cycles (`gone`: the uids of
    steps agreed with the team database and deleted here)."""
    return _plan(mine, base, gone, theirs, step_digest, keep_mine)


def plan_roster(
    mine: Iterable[RosterFacts],
    base: dict[str, str],
    theirs: Callable[[list[str]], dict[str, RosterFacts]],
    keep_mine: bool = False,
) -> PushPlan[RosterFacts]:
    """Decide what a push does with the roster: the facts of each teacher here who has any (`mine`), as
    plan_cycles does with cycles; `theirs(uids)`: the team database's teachers with facts, by roster_uid. Facts
    agreed before that no teacher here has any more (undone, or the teacher renamed) are taken off there."""
    listed = [facts for facts in mine if facts.any]
    here = {facts.uid for facts in listed}
    gone = sorted(uid for uid in base if uid.startswith(ROSTER_UID) and uid not in here)
    return _plan(listed, base, gone, theirs, roster_digest, keep_mine)


def plan_terms(
    mine: Iterable[TermDates],
    base: dict[str, str],
    theirs: Callable[[list[str]], dict[str, TermDates]],
    keep_mine: bool = False,
) -> PushPlan[TermDates]:
    """Decide what a push does with the coach's terms, as plan_roster does with roster facts: a term agreed before
    that this database no longer has (removed, or renamed to another name key) is deleted there."""
    listed = list(mine)
    here = {term.uid for term in listed}
    gone = sorted(uid for uid in base if uid.startswith(TERM_UID) and uid not in here)
    return _plan(listed, base, gone, theirs, term_digest, keep_mine)


def plan_links(
    mine: Mapping[str, str], theirs: Mapping[str, str], entries: Iterable[str], skipped: set[str]
) -> dict[str, str | None]:
    """The sessions' links to cycles to set there (entry uid there -> cycle uid, None: no cycle): each entry in
    `entries` (uids as the team database knows them) takes this database's link (`mine`) where the team database's
    (`theirs`) differs; an entry or cycle in `skipped` (conflicts, not sent) keeps the team database's."""
    links: dict[str, str | None] = {}
    for uid in entries:
        want = mine.get(uid)
        if uid in skipped or (want is not None and want in skipped):
            continue
        if theirs.get(uid) != want:
            links[uid] = want
    return links


def _plan(
    mine: Iterable[T],
    base: dict[str, str],
    tombstones: list[str],
    theirs: Callable[[list[str]], dict[str, T]],
    fingerprint: Callable[[T], str],
    keep_mine: bool,
    between: Callable[[PushPlan[T]], None] | None = None,
) -> PushPlan[T]:
    """plan_push for any kind of row with a uid, compared by `fingerprint`; `between` runs after the rows here
    are planned, before the rows deleted here."""
    digest = fingerprint
    plan: PushPlan[T] = PushPlan()
    candidates: dict[str, tuple[T, str]] = {}
    for entry in mine:
        assert entry.uid is not None
        mine_digest = digest(entry)
        if base.get(entry.uid) == mine_digest:
            plan.up_to_date += 1
        else:
            candidates[entry.uid] = (entry, mine_digest)
    gone_here = [uid for uid in tombstones if uid in base and uid not in candidates]
    plan.forgotten += [uid for uid in tombstones if uid not in base]
    there = theirs([*candidates, *gone_here]) if candidates or gone_here else {}

    for uid, (entry, mine_digest) in candidates.items():
        other = there.get(uid)
        agreed = base.get(uid)
        if other is None:
            if agreed is None or keep_mine:
                plan.new.append(entry)
                plan.agreed[uid] = mine_digest
            else:
                plan.conflicts.append(Conflict(uid, entry, None, DELETED_THERE))
            continue
        their_digest = digest(other)
        if their_digest == mine_digest:
            plan.agreed[uid] = mine_digest
            plan.up_to_date += 1
        elif (agreed is not None and their_digest == agreed) or keep_mine:
            plan.changed.append(entry)
            plan.agreed[uid] = mine_digest
        else:
            plan.conflicts.append(Conflict(uid, entry, other, CHANGED_THERE if agreed else ALREADY_THERE))

    if between is not None:
        between(plan)

    for uid in gone_here:
        other = there.get(uid)
        if other is None:
            plan.forgotten.append(uid)
        elif digest(other) == base[uid] or keep_mine:
            plan.deleted.append(uid)
            plan.forgotten.append(uid)
        else:
            plan.conflicts.append(Conflict(uid, None, other, CHANGED_THERE_DELETED_HERE))
    return plan


def _match_calendar_events(
    plan: PushPlan[Entry], theirs_by_source: Callable[[list[str]], dict[str, Entry]], keep_mine: bool
) -> None:
    """New entries whose calendar event the team database holds under another uid (see plan_push)."""
    events = {entry.source: entry for entry in plan.new if entry.source is not None}
    there = theirs_by_source(list(events)) if events else {}
    for source, other in there.items():
        entry = events[source]
        assert entry.uid is not None and other.uid is not None
        plan.new.remove(entry)
        mine_digest = plan.agreed.pop(entry.uid)
        if digest(other) == mine_digest:
            plan.adopted[entry.uid] = other.uid
            plan.agreed[other.uid] = mine_digest
            plan.up_to_date += 1
        elif keep_mine:
            plan.changed.append(entry.replace(uid=other.uid))
            plan.adopted[entry.uid] = other.uid
            plan.agreed[other.uid] = mine_digest
        else:
            plan.conflicts.append(Conflict(entry.uid, entry, other, SAME_EVENT_THERE))
