"""The caseload: the roster (import, add, leave, return), reach, next steps and the brief on one teacher.

The coaching cycles show here too: `cycle_teachers` gives reach its "in cycle" column, `active_cycle` the
brief its line on the teacher's open cycle and its goal.
"""

from __future__ import annotations

from collections import deque
from datetime import date
from pathlib import Path

from coachlog.domain.caseload import NextStep, RosterChange, RosterLine, RosterMember, clean_roster_field
from coachlog.domain.frozen import NamedTuple
from coachlog.domain.periods import Period, RangeChoice
from coachlog.domain.values import Entry
from coachlog.errors import CoachlogError
from coachlog.reports.reach import Reach
from coachlog.services.session import Session

RECENT_SESSIONS = 5  # sessions the brief on a teacher shows


# ---- coaching cycles in the caseload ------------------------------------------------------------


def cycle_teachers(session: Session) -> set[int] | None:
    """Ids of the teachers in an active (open) coaching cycle: reach's "in cycle" column; None while the coach has
    never started a cycle (reach then reads as before, with no such column)."""
    return session.store.cycles.open_teacher_ids()


def active_cycle(session: Session, name: str) -> str | None:
    """The teacher's active cycle and its goal, as one line for the brief; None: none."""
    for cycle in session.store.cycles.all(include_closed=False):
        if name in cycle.teachers:
            focus = f", focus {cycle.focus}" if cycle.focus else ""
            return (
                f"#{cycle.id} since {cycle.started_on} ({cycle.phase}, week {cycle.weeks(session.today())}{focus}):"
                f" {cycle.goal}"
            )
    return None


# ---- the roster ---------------------------------------------------------------------------------


def import_roster(session: Session, path: Path, dry_run: bool) -> RosterChange:
    """`teacher import FILE`: put the file's teachers on staff (matched by name), in one transaction."""
    from coachlog.formats.roster import read_roster

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CoachlogError(f"cannot read {path}: {exc.strerror}") from None
    lines = read_roster(data, str(path))
    return session.store.roster.apply(lines, session.now(), dry_run=dry_run, description=f"import of {path.name}")


def add_member(session: Session, name: str, department: str | None, grade: str | None) -> RosterChange:
    """`teacher add NAME`: one teacher on staff; a known one (matched as `add` matches names: `park` is Mr. Park
    when only one teacher is called Park) is updated."""
    (matched,) = session.store.teachers.match((name,))
    name = name if matched.new else matched.name
    line = RosterLine(name, clean_roster_field(department, "department"), clean_roster_field(grade, "grade"))
    return session.store.roster.apply([line], session.now(), dry_run=False, description=f"roster add of '{name}'")


def leave(session: Session, name: str, at: str | None) -> RosterMember:
    """`teacher leave NAME [--at DATE]`: off the staff from that day (default today); sessions stay."""
    from coachlog.domain.timeparse import parse_date

    today = session.today()
    day = parse_date(at, today) if at is not None else today
    return session.store.roster.leave(name, day)


def back(session: Session, name: str) -> RosterMember:
    """`teacher return NAME`: back on staff."""
    return session.store.roster.back(name)


def members(session: Session) -> dict[int, RosterMember]:
    """Every teacher with the roster's facts, by id."""
    return {member.id: member for member in session.store.roster.members()}


def staff_count(session: Session, period: Period) -> int | None:
    """How many teachers were on staff in `period`: from the roster when there is one, else the `staff` setting."""
    roster = session.store.roster
    if not roster.exists():
        return session.settings.staff
    return sum(1 for member in roster.members() if member.on_staff_during(period.start, period.end))


# ---- reach --------------------------------------------------------------------------------------


def reach_period(session: Session, choice: RangeChoice) -> Period:
    """The range options' period; none given: the term holding today, else the school year."""
    from coachlog.domain.periods import check_one_range, school_year

    if check_one_range(choice):
        return session.period_or_span(choice, default="week")
    today = session.today()
    term = next((t for t in session.store.terms.all() if t.start <= today <= t.end), None)
    return school_year(today) if term is None else Period(term.start, term.end, term.name)


def reach(session: Session, period: Period) -> Reach:
    """`coachlog reach`: who on staff was seen in `period`, who not, and how long since each."""
    from coachlog.reports.reach import Contact, build_reach

    store = session.store
    contacts = {key: Contact(*value) for key, value in store.roster.contacts(period.start, period.end).items()}
    return build_reach(
        period,
        store.roster.members(),
        contacts,
        session.today(),
        configured_staff=session.settings.staff,
        in_cycles=cycle_teachers(session),
    )


# ---- next steps ---------------------------------------------------------------------------------


def due_steps(session: Session, everything: bool) -> list[NextStep]:
    """`coachlog due`: open steps due today or before (with `everything`, the upcoming ones too)."""
    return session.store.steps.open(None if everything else session.today())


def change_step(session: Session, step_id: int, text: str | None, by: str | None) -> tuple[NextStep, NextStep]:
    """`coachlog due ID --by DATE --next TEXT`: reschedule or reword a check-back (a done one is reopened)."""
    from coachlog.domain.caseload import parse_step_change

    new_text, due_on = parse_step_change(text, by, session.today())
    return session.store.steps.change(step_id, new_text, due_on, session.now())


def mark_done(session: Session, step_id: int) -> NextStep:
    """`coachlog done ID`: the step is done today."""
    return session.store.steps.done(step_id, session.today(), session.now())


# ---- the brief on one teacher -------------------------------------------------------------------


class Brief(NamedTuple):
    """What to read before walking into a teacher's classroom (a NamedTuple: a summary, which imports this module
    for the roster's reach, creates no dataclass, issue 17)."""

    member: RosterMember
    sessions: int
    minutes: int
    first_seen: date | None
    last_seen: date | None
    recent: tuple[Entry, ...]  # the last sessions, oldest first
    steps: tuple[NextStep, ...]  # open next steps, the earliest due first
    cycle: str | None  # the active cycle and its goal (None: none, or cycles not known)


def brief(session: Session, name: str) -> Brief:
    """`coachlog teacher show NAME`."""
    from coachlog.domain.contract import Filters

    store = session.store
    teacher_id = store.teachers.id_of(name)
    member = store.roster.member(teacher_id)
    sessions = minutes = 0
    first: date | None = None
    recent: deque[Entry] = deque(maxlen=RECENT_SESSIONS)
    for entry in store.entries.query(None, Filters(teacher=member.name)):
        sessions += 1
        minutes += entry.minutes
        first = first or entry.local_date
        recent.append(entry)
    return Brief(
        member=member,
        sessions=sessions,
        minutes=minutes,
        first_seen=first,
        last_seen=recent[-1].local_date if recent else None,
        recent=tuple(recent),
        steps=tuple(store.steps.of_teacher(teacher_id)),
        cycle=active_cycle(session, member.name),
    )
