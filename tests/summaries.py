"""Shared summaries built from plain entries, as `coachlog summary` builds them (tests/reports use them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import strategies as st

from coachlog.domain.periods import Period
from coachlog.domain.values import ROUND_TO, STANCES, SessionAtom, TeacherCell
from coachlog.reports.report import Report
from coachlog.reports.rounding import shared_report
from coachlog.reports.summary import Summary, build_summary

Entry = tuple[int, str, str, frozenset[int], int]  # day, stance, activity, teachers, minutes


def units_of(entries: list[Entry], monday: date) -> tuple[list[SessionAtom], list[TeacherCell]]:
    """The summary's units and teacher cells of `entries` (day from `monday`, stance, activity, teachers, minutes)."""
    minutes: dict[tuple[date, str, str], list[int]] = defaultdict(lambda: [0, 0])
    cells = set()
    for day, stance, activity, teachers, length in entries:
        when = monday + timedelta(days=day)
        minutes[(when, stance, activity)][0] += length
        minutes[(when, stance, activity)][1] += 1
        cells |= {TeacherCell(when, stance, activity, t) for t in teachers}
    atoms = [SessionAtom(d, s, a, m, n, f"uid {d} {s} {a}") for (d, s, a), (m, n) in sorted(minutes.items())]
    return atoms, sorted(cells, key=lambda c: (c.local_date, c.stance, c.activity, c.teacher_id))


def session(days: int, teachers: int, most: int) -> st.SearchStrategy[Entry]:
    """One drawn session: a day of `days` from the Monday, a stance, an activity, 1 to `most` of `teachers`
    teachers, 20 to 120 minutes."""
    return st.tuples(
        st.integers(0, days - 1),
        st.sampled_from(STANCES),
        st.sampled_from(["planning", "debrief", "modeling"]),
        st.frozensets(st.integers(1, teachers), min_size=1, max_size=most),
        st.integers(2, 12).map(lambda n: 10 * n),
    )


def parts_of(
    atoms: list[SessionAtom], cells: list[TeacherCell], start: date, end: date, today: date
) -> tuple[Report, list[TeacherCell], dict[str, int]]:
    """The report of start..end as a summary sums it, its teacher cells and its activities' minutes."""
    atoms = [a for a in atoms if start <= a.local_date <= end]
    cells = [c for c in cells if start <= c.local_date <= end]
    report, activities = shared_report(
        Period(start, end, f"{start} to {end}"),
        atoms,
        [],
        len({c.teacher_id for c in cells}),
        first_weekday=0,
        today=today,
        base=ROUND_TO,
    )
    return report, cells, activities


def summary_of(
    atoms: list[SessionAtom], cells: list[TeacherCell], start: date, end: date, since: date | None = None
) -> Summary:
    """What a shared summary of start..end shows, built as `coachlog summary` builds it; compared with
    since..start - 1 when `since` is given."""
    report, who, activities = parts_of(atoms, cells, start, end, end)
    before = parts_of(atoms, cells, since, start - timedelta(days=1), end) if since is not None else None
    return build_summary(
        report=report,
        cells=who,
        activity_minutes=activities,
        voices=[],
        previous=before,
        coach=None,
        school=None,
        staff=None,
        targets={},
        with_teachers_target=None,
        min_group=5,
        first_weekday=0,
        made=end,
    )
