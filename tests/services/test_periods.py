"""Tests for coachlog.domain.periods and coachlog.services, called directly (no CLI in between)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coachlog.domain.periods import CURRENT_TERM, Period, RangeChoice, resolve_period, team_range
from coachlog.domain.values import Stance, Term
from coachlog.errors import UsageError

MONDAY = 0
TODAY = date(2026, 11, 23)  # a Monday
TERMS = [Term("Term 1", date(2026, 9, 1), date(2026, 12, 18))]


def unasked() -> list[Term]:
    raise AssertionError("asked the store for something this range does not need")


def test_a_range_asks_the_store_only_when_it_needs_to() -> None:
    """The week, last week and the month need neither the terms nor the logged span."""
    for choice in (RangeChoice(), RangeChoice(week=True), RangeChoice(last_week=True), RangeChoice(month=True)):
        assert resolve_period(choice, TODAY, MONDAY, unasked, unasked, default="week") is not None
    assert resolve_period(RangeChoice(all_=True), TODAY, MONDAY, unasked, unasked, default="week") is None


def test_the_term_and_an_open_start_come_from_the_store() -> None:
    """A bare --term is the term holding today; --to alone starts at the first entry logged."""
    term = resolve_period(RangeChoice(term=CURRENT_TERM), TODAY, MONDAY, lambda: TERMS, unasked, default="week")
    assert term == Period(date(2026, 9, 1), date(2026, 12, 18), "Term 1")
    span = (date(2026, 10, 5), date(2026, 11, 20))
    upto = resolve_period(RangeChoice(to="2026-11-01"), TODAY, MONDAY, unasked, lambda: span, default="week")
    assert upto == Period(date(2026, 10, 5), date(2026, 11, 1), "2026-10-05 to 2026-11-01")


def test_two_ranges_are_refused() -> None:
    """One range at a time, for a coach's own figures and for the team's."""
    both = RangeChoice(week=True, month=True)
    with pytest.raises(UsageError, match="choose one range, not --week and --month"):
        resolve_period(both, TODAY, MONDAY, unasked, unasked, default="week")
    with pytest.raises(UsageError, match="choose one range"):
        team_range(both, TODAY, MONDAY)


def test_team_figures_default_to_the_school_year() -> None:
    """No range: from 1 July to today; before July, the year that began the July before."""
    assert team_range(RangeChoice(), TODAY, MONDAY) == (date(2026, 7, 1), TODAY, "school year 2026-27 to date")
    assert team_range(RangeChoice(), date(2027, 3, 1), MONDAY)[0] == date(2026, 7, 1)


def test_services_log_and_report_without_the_cli(db_path: Path) -> None:
    """A session on a file (conftest fixes the clock and zone): log a session, then the report counts it."""
    from coachlog.services import entries, reports
    from coachlog.services.session import Session

    session = Session(db_option=str(db_path))
    try:
        added = entries.log_session(
            session,
            ("Ms. Rivera",),
            Stance.COACHING,
            45,
            at=None,
            note=None,
            activity="debrief",
            tags=["cycle-1"],
            helpful=None,
            story=None,
            shareable=False,
        )
        assert (added.entry.minutes, added.entry.activity, added.entry.tags) == (45, "debrief", ("cycle-1",))
        result, period = reports.report(session, RangeChoice(week=True), None)
        assert period.label == "this week"
        assert result.session_minutes == 45
    finally:
        session.close()
