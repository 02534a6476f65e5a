"""`--at` as coaches say it (issue 16): now, -30m, last monday, 2 days ago, 12/1, Dec 1 (9:15).

Through the real CLI on real SQLite files, and the parser's properties with hypothesis.
The clock is Monday 2026-11-23 15:00 in New York (see conftest.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.timeparse import parse_date, parse_when
from coachlog.errors import UsageError
from helpers import Run, row_counts

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=NY)


def started(ok: Run) -> tuple[str, str]:
    """The date and start time of the only entry, as the JSON export gives them."""
    (row,) = json.loads(ok("export", "--format", "json").stdout)
    return row["date"], row["start"]


@pytest.mark.parametrize(
    ("at", "day", "start"),
    [
        ("now", "2026-11-23", "15:00"),
        ("-30m", "2026-11-23", "14:30"),
        ("1h30m ago", "2026-11-23", "13:30"),
        ("last monday", "2026-11-16", ""),
        ("Last Friday 9:15", "2026-11-20", "09:15"),
        ("2 days ago", "2026-11-21", ""),
        ("1 week ago 8am", "2026-11-16", "08:00"),
        ("12/1", "2025-12-01", ""),
        ("11/20", "2026-11-20", ""),
        ("Dec 1", "2025-12-01", ""),
        ("Dec 1 9:15", "2025-12-01", "09:15"),
        ("december 1st, 9:15", "2025-12-01", "09:15"),
        ("1 Nov 10:00", "2026-11-01", "10:00"),
        ("sept 30", "2026-09-30", ""),
    ],
)
def test_add_at_phrases(run: Run, ok: Run, at: str, day: str | None, start: str | None) -> None:
    result = run("add", "Ms. Rivera", "coaching", "45m", "--at", at)
    if day is None:
        assert result.exit_code == 2, result
        return
    assert result.exit_code == 0, result
    got_day, got_start = started(ok)
    assert got_day == day
    assert (got_start or "").endswith(start) if start else not got_start


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("13/1", "the month comes first"),
        ("2/30", "no such day"),
        ("Dec 32", "no such day"),
        ("last", "now, a time ago"),
        ("last someday", "now, a time ago"),
        ("2 fortnights ago", "now, a time ago"),
        ("-30x", "a time ago"),
        ("tomorrow", "now, a time ago"),
        ("Dec 1 25:00", "HH:MM"),
    ],
)
def test_at_refusals_are_one_line(run: Run, db_path, at: str, words: str) -> None:
    before = row_counts(db_path)
    result = run("add", "Ms. Rivera", "coaching", "45m", "--at", at)
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"'{at}'" in lines[0] and words in lines[0], result.stderr
    assert row_counts(db_path) == before


def test_edit_and_duty_take_the_phrases(ok: Run) -> None:
    ok("duty", "cover", "50m", "--at", "last tuesday 12:10")
    ok("edit", "1", "--at", "3 days ago 13:00")
    assert started(ok) == ("2026-11-20", "2026-11-20 13:00")


def test_ranges_take_the_day_phrases(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "Nov 2 10:00")
    ok("add", "Ms. Rivera", "coaching", "30m", "--at", "2 days ago 10:00")
    rows = json.loads(ok("export", "--format", "json", "--from", "11/1", "--to", "1 week ago").stdout)
    assert [row["date"] for row in rows] == ["2026-11-02"]


# ---- the parser's properties -----------------------------------------------------------------

TODAY = NOW.date()
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(st.dates(min_value=date(1901, 1, 1), max_value=TODAY))
def test_month_day_is_the_latest_such_day(day: date) -> None:
    """Property: M/D and 'Mon D' give the most recent such day, never one after today."""
    for text in (f"{day.month}/{day.day}", f"{MONTHS[day.month - 1]} {day.day}", f"{day.day} {MONTHS[day.month - 1]}"):
        got = parse_date(text, TODAY)
        assert got <= TODAY and (got.month, got.day) == (day.month, day.day)
        assert got.year >= TODAY.year - (8 if (day.month, day.day) == (2, 29) else 1)
        assert parse_when(text, NOW).local_date == got


@given(st.integers(0, 20000), st.sampled_from(("day", "days", "week", "weeks")))
def test_days_ago_counts_back(count: int, unit: str) -> None:
    """Property: 'N days ago' is N days before today, 'N weeks ago' 7N; before 1900 is refused in one line."""
    back = timedelta(days=count * (7 if unit.startswith("week") else 1))
    if TODAY - back < date(1900, 1, 1):
        with pytest.raises(UsageError, match="before 1900"):
            parse_date(f"{count} {unit} ago", TODAY)
    else:
        assert parse_date(f"{count} {unit} ago", TODAY) == TODAY - back


@given(st.integers(0, 6), st.booleans())
def test_last_weekday_is_the_weekday(index: int, last: bool) -> None:
    """Property: 'last monday' is 'monday': the most recent one before today."""
    name = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]
    got = parse_date(f"last {name}" if last else name, TODAY)
    assert got.weekday() == index and timedelta(days=1) <= TODAY - got <= timedelta(days=7)


@given(st.integers(1, 720))
def test_ago_is_real_minutes_back(minutes: int) -> None:
    """Property: -Nm is N minutes before now, to the minute, and known to the minute."""
    when = parse_when(f"-{minutes}m", NOW)
    assert when.time_known and NOW - when.start == timedelta(minutes=minutes)


@given(st.text(alphabet=st.sampled_from("0123456789/ abcdeklmnorstuwy:-"), max_size=20))
def test_any_phrase_is_a_time_or_a_one_line_refusal(text: str) -> None:
    """Property: any text of these characters gives a When not after now, or a UsageError naming it."""
    try:
        when = parse_when(text, NOW)
    except UsageError as error:
        assert f"'{text}'" in str(error) and "\n" not in str(error)
    else:
        assert when.start <= NOW and when.local_date <= TODAY


@pytest.mark.parametrize(("at", "ends"), [("now", "15:45"), ("-30m", "15:15")])
def test_a_session_that_would_end_later_today_is_saved_with_a_warning(run: Run, at: str, ends: str) -> None:
    """`--at now` is when the session started: 45 minutes from now it is still going. Saved (times are from memory),
    with one warning that says when it would end and how to log a session that just ended."""
    result = run("add", "rivera", "coaching", "45", "--at", at)
    assert result.exit_code == 0, result
    (warning,) = [line for line in result.stderr.splitlines() if "still to come" in line]
    assert result.stderr.count("Warning:") == 1, result.stderr
    assert warning.startswith(f"Warning: #1 ends at {ends}, still to come: --at is when it started"), warning
    assert "leave --at out" in warning


@pytest.mark.parametrize("at", [None, "-45m", "13:00", "yesterday 23:30", "last friday"])
def test_a_session_over_by_now_gets_no_warning(run: Run, at: str | None) -> None:
    """Without --at a session ends now; one that started 45 minutes ago or earlier, or a bare day, warns of nothing."""
    result = run("add", "rivera", "coaching", "45", *(("--at", at) if at else ()))
    assert result.exit_code == 0 and "Warning" not in result.stderr, result
