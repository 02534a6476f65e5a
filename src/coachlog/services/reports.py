"""The figures a coach reads: the report (`coachlog report`) and the leaders' one-pager (`coachlog summary`)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from coachlog.domain.contract import NO_FILTERS, Filters
from coachlog.domain.names import resolve_choice
from coachlog.domain.periods import CURRENT_TERM, Period, RangeChoice, previous_period
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.domain.contract import PeriodParts
    from coachlog.domain.figures import CycleGroup, SessionAtom, TeacherGroup
    from coachlog.reports.leaders import FigureSection
    from coachlog.reports.reach import GroupRow
    from coachlog.reports.report import Report
    from coachlog.reports.summary import Summary
    from coachlog.storage.term_counts import FixedCounts


def report(
    session: Session, choice: RangeChoice, by: str | None, chosen: Filters = NO_FILTERS
) -> tuple[Report, Period]:
    """`coachlog report`: the report of the range (default: this week), grouped `by` teacher, activity, tag, week
    or day, of the entries that pass `chosen` (a teacher, a tag)."""
    from coachlog.reports.report import GROUPINGS, build_report

    grouping = resolve_choice(by, GROUPINGS, "grouping") if by else None
    period = session.period_or_span(choice, default="week")
    store = session.store
    group_rows = None
    if grouping == "teacher":
        group_rows = store.aggregates.by_teacher(period, chosen)
    elif grouping == "activity":
        group_rows = store.aggregates.by_activity(period, chosen)
    elif grouping == "tag":
        group_rows = store.aggregates.by_tag(period, chosen)
    result = build_report(
        period,
        store.aggregates.by_day(period, chosen),
        store.aggregates.teachers_reached(period, chosen),
        session.settings.first_weekday,
        grouping,
        group_rows,
        today=session.today(),
    )
    if result.prep_minutes:
        result = result.replace(prep_by_activity=store.aggregates.prep_by_activity(period, chosen))
    return result, period


def summary(session: Session, choice: RangeChoice, names: bool) -> Summary:
    """`coachlog summary`: the one-pager of the range (default: the term holding today), of every entry (no
    filter: a filtered one-pager subtracted from the whole would leave units the rounding does not cover)."""
    if not choice.chosen():
        choice = choice._replace(term=CURRENT_TERM)  # the default: the term holding today
    period = session.period_or_span(choice, default="week")
    return build(session, period, names)


DUTIES = Filters(duties_only=True)


def build(session: Session, period: Period, names: bool) -> Summary:
    """The summary of `period`, compared with the period before it (see domain.periods.previous_period).

    Its time figures are summed from rounded units (reports/rounding.py), so they differ from `report`'s
    a little; duties and counts are exact.
    """
    from coachlog.domain.values import ROUND_TO
    from coachlog.reports.beside import cycle_split
    from coachlog.reports.rounding import shared_report
    from coachlog.reports.summary import build_summary

    store, settings = session.store, session.settings
    min_group = min_group_used(session)

    def shared(span: Period, parts: PeriodParts, cells: list[TeacherGroup]) -> tuple[Report, dict[str, int]]:
        """The span's report and its activities, from its parts (one pass over its entries, see storage's
        period_parts); `cells`: who its sessions describe (the teacher groups of `span`)."""
        report, activities = shared_report(
            span,
            parts.atoms,
            parts.duties,  # session time comes from the units, rounded
            _teachers_reached(cells, parts.outside),
            first_weekday=settings.first_weekday,
            today=session.today(),
            base=ROUND_TO,
        )
        prep = store.aggregates.prep_by_activity(span)  # describes no teacher: exact, like duties
        return report.replace(prep_minutes=sum(prep.values()), prep_by_activity=prep), activities

    parts = store.aggregates.period_parts(period)
    cycle_groups = parts.groups  # the period's teacher groups, split by cycle
    cells = _teacher_groups(cycle_groups)
    (current, activities), atoms = shared(period, parts, cells), parts.atoms
    before = previous_period(period, [(t.name, t.start, t.end) for t in store.terms.all()], session.today())
    parts_before = store.aggregates.period_parts(before)
    previous_cells = _teacher_groups(parts_before.groups)
    previous, previous_activities = shared(before, parts_before, previous_cells)
    summary = build_summary(
        report=current,
        cells=cells,
        activity_minutes=activities,
        voices=store.aggregates.shared_voices(period, names=names),  # names only where the page prints them
        previous=(previous, previous_cells, previous_activities),
        coach=settings.coach,
        school=settings.school,
        staff=_staff(session, period),  # the roster's staff in the period; else the `staff` setting
        targets=settings.targets,
        with_teachers_target=settings.target_with_teachers,
        min_group=min_group,
        first_weekday=settings.first_weekday,
        made=session.today(),
        teacher_names=store.aggregates.teacher_names(period) if names else None,
        cycles=cycle_split(cycle_groups, atoms, settings.first_weekday, ROUND_TO),
    )
    # Further sections go here, each a reports.leaders.FigureSection rendered alike in every format.
    whole = _whole_term(session, period)
    fixed = store.term_counts.fixed(period.start, period.end) if whole else None
    figures: tuple[FigureSection, ...] = (
        _coaching_work(session, summary, current, atoms, movement=whole and fixed is None),  # else the fixed lines
        _cycles_and_reach(session, summary, atoms, cycle_groups),
    )
    if whole:
        figures = _fixed_counts(session, summary, figures, fixed)
    summary = _replaced(summary, figures=figures)
    return _with_widening(session, summary)


def min_group_used(session: Session) -> int:
    """The summary's threshold: config privacy.min_group, or the team database's when larger, as the last push
    saw it or, run on the team database itself, its own (the team row hides by that one: the summary beside it
    must hide as much; README, "A coach's summary beside their row")."""
    own_team, remembered = session.store.thresholds.min_groups()
    return max(session.settings.privacy_min_group, remembered or 0, own_team or 0)


def _coaching_work(
    session: Session, summary: Summary, report: Report, atoms: list[SessionAtom], movement: bool
) -> FigureSection:
    """Prep time, the stance movement (for a whole term that has ended), coaching lost to duties (at the typical
    session of one activity as this page shows it: its shown minutes over its sessions in the range)."""
    from coachlog.reports.leaders import (
        NOT_A_TERM,
        POSITION,
        StanceMovement,
        coaching_lost,
        coaching_work_section,
        second_half,
        stance_movement,
        typical_minutes,
    )
    from coachlog.reports.summary import plain

    period, aggregates = summary.period, session.store.aggregates
    moved = StanceMovement(None, None, NOT_A_TERM)
    if movement:  # a whole ended term whose counts are not fixed yet: else hidden, not worth a pass over teachers
        halves = aggregates.stance_halves(period, second_half(period.start, period.end), POSITION)
        moved = stance_movement(halves, summary.min_group, whole_term=True)
    lost = None
    if summary.duty_minutes:
        sessions: dict[str, int] = {}
        for unit in atoms:
            if unit.activity:  # the page names an activity as plain() shows it
                name = plain(unit.activity) or ""
                sessions[name] = sessions.get(name, 0) + unit.sessions
        shown = {share.activity: share.minutes for share in summary.activities}
        lost = coaching_lost(summary.duty_minutes, summary.duty_by_kind, typical_minutes(shown, sessions))
    return coaching_work_section(report.prep_minutes, report.prep_by_activity, moved, lost)


def _fixed_counts(
    session: Session, summary: Summary, figures: tuple[FigureSection, ...], fixed: FixedCounts | None
) -> tuple[FigureSection, ...]:
    """An ended term's exact counts as its first summary showed them (fixed now if this is the first), or none
    when its counted days overlap another term's fixed counts (see reports/term_counts.py)."""
    from coachlog.reports.term_counts import (
        READ_ONLY,
        against_adjacent,
        counts_json,
        stricter,
        term_changed,
        with_fixed_counts,
        without_counts,
    )

    store, period, k = session.store.term_counts, summary.period, summary.min_group
    if fixed is None:
        window = _since_term_before(session, period).start  # the cycle counts take in the break before it
        other = store.overlapped(period.start, period.end, window)
        if other is not None:
            return without_counts(figures, term_changed(other))
        if session.store.read_only:  # counts that could not be kept could differ from the next summary's
            return without_counts(figures, READ_ONLY)
        figures = against_adjacent(figures, *store.adjacent(window, period.end))  # see against_adjacent
        fixed = store.fix(period.start, period.end, window, k, session.today(), counts_json(figures))
    if k > fixed.min_group:
        return without_counts(figures, stricter(fixed.min_group, k))
    return with_fixed_counts(figures, fixed.lines, fixed.fixed_on, summary.teachers, summary.staff, k)


def _teacher_groups(cycle_groups: list[CycleGroup]) -> list[TeacherGroup]:
    """The period's teacher groups (storage's teacher_groups) from its groups split by cycle, in their order:
    one pass over the period's sessions and their teachers less (a tenth of a second at a million entries).
    Their teachers stay sorted tuples, as period_parts gives them."""
    from coachlog.domain.figures import TeacherGroup

    merged: dict[tuple[date, str, str], Collection[int]] = {}
    for group in cycle_groups:
        key = (group.local_date, group.stance, group.activity)
        found = merged.get(key)
        merged[key] = group.teachers if found is None else tuple(sorted(frozenset(found).union(group.teachers)))
    return [TeacherGroup(day, stance, activity, teachers) for (day, stance, activity), teachers in merged.items()]


def _teachers_reached(cells: list[TeacherGroup], outside: frozenset[int]) -> int:
    """Distinct teachers of the span's entries (storage's teachers_reached): those of its sessions, from their
    groups already read, and those of its other entries (rare), read in the same pass."""
    everyone = set(outside)
    everyone.update(*(group.teachers for group in cells))  # one set, not a union copied once more with outside
    return len(everyone)


def _whole_term(session: Session, period: Period) -> bool:
    """The period is a whole named term that has ended: the only range exact counts show for (one per term)."""
    terms = session.store.terms.all()
    return period.end < session.today() and any((t.start, t.end) == (period.start, period.end) for t in terms)


def _cycles_and_reach(
    session: Session, summary: Summary, atoms: list[SessionAtom], cycle_groups: list[CycleGroup]
) -> FigureSection:
    """Time in cycles (from the rounded units) against target.cycles, the cycle counts, staff reached (see
    reports/cycle_reach.py for what each shows when)."""
    from coachlog.domain.values import ROUND_TO
    from coachlog.reports.cycle_bounds import cycle_page
    from coachlog.reports.cycle_reach import (
        CycleInputs,
        cycle_lines,
        cycles_and_reach_section,
        reach_lines,
        time_in_cycles,
    )
    from coachlog.reports.rounding import protect

    store = session.store
    period = summary.period
    whole_term = _whole_term(session, period)
    k = summary.min_group
    in_cycles = _at_least(k, (g.teachers for g in cycle_groups if g.in_cycle))
    outside = _at_least(k, (g.teachers for g in cycle_groups if not g.in_cycle))
    page = (
        None
        if summary.page is None
        else cycle_page(summary.page, cycle_groups, session.settings.first_weekday, summary.min_group)
    )
    table_hides = summary.too_few or any(
        [s.hidden for s in summary.stances]
        + [w.hidden or w.hidden_stances for w in summary.weeks]
        + [a.hidden for a in summary.activities]
    )
    inputs = CycleInputs(
        units=protect(atoms, ROUND_TO),
        in_cycles=in_cycles,
        outside=outside,
        page=page,
        with_teachers=summary.with_teachers_minutes,
        table_hides=bool(table_hides),
        pinned=summary.in_cycles_pinned,
        cycles=store.cycles.all(),
        cycle_teachers=store.cycles.teacher_ids(),
        target=session.settings.target_cycles,
        whole_term=whole_term,
        min_group=k,
    )
    reach = _reach_groups(session, period)
    groups, staff_reached = (None, None) if reach is None else reach
    staff = reach_lines(summary.teachers, summary.staff, groups, whole_term, summary.min_group, staff_reached)
    return cycles_and_reach_section(
        [time_in_cycles(inputs), *cycle_lines(inputs, _since_term_before(session, period)), *staff]
    )


def _at_least(k: int, groups: Iterable[Collection[int]]) -> frozenset[int]:
    """The teachers of `groups`, or k or more of them when there are that many: all that cycle_reach reads of who
    time in cycles and the rest describe (none, or fewer than k, or not), without uniting thousands (issue 17)."""
    found: set[int] = set()
    for teachers in groups:
        if len(found) >= k:
            break
        found.update(teachers)
    return frozenset(found)


def _staff(session: Session, period: Period) -> int | None:
    """The caseload's staff_count: the roster's staff in the period, else the `staff` setting; the caseload's
    modules are loaded only when there is a roster (a summary's start-up, issue 17)."""
    if not session.store.roster.exists():
        return session.settings.staff
    from coachlog.services.caseload import staff_count

    return staff_count(session, period)


def _reach_groups(session: Session, period: Period) -> tuple[tuple[GroupRow, ...], int] | None:
    """The roster's groups as `reach` counts them in the period, and its staff reached; None without a roster."""
    if not session.store.roster.exists():
        return None
    from coachlog.services.caseload import reach

    found = reach(session, period)
    return found.groups, found.reached


def _since_term_before(session: Session, period: Period) -> Period:
    """The window a term's cycle counts cover: from the day after the term before it ended. A break between
    terms belongs to the term after it, so no cycle starts or closes between two terms' counts (which would let
    one term's "active less completed" and the next's "active less started" subtract to it)."""
    ends = [t.end for t in session.store.terms.all() if t.end < period.start]
    if not ends:
        return period
    return Period(min(period.start, max(ends) + timedelta(days=1)), period.end, period.label)


def _with_widening(session: Session, summary: Summary) -> Summary:
    """When the rule hides most of the page: the latest start, ending where this one ends, whose stance mix shows."""
    from coachlog.reports.summary import start_that_shows

    span = session.store.aggregates.date_span()
    if summary.empty or not summary.mostly_hidden or span is None or span[0] >= summary.period.start:
        return summary
    period = summary.period
    cells = session.store.aggregates.teacher_cells(Period(span[0], period.end, ""))
    start = start_that_shows(cells, period.start, period.end, span[0], summary.min_group)
    return _replaced(summary, widen_from=start)


def _replaced(summary: Summary, **changes: Any) -> Summary:
    """A copy of `summary` with `changes` (a Summary is a NamedTuple: no `dataclasses` to load, issue 17)."""
    from coachlog.domain.frozen import replace

    return replace(summary, **changes)
