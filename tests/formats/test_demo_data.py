"""The demo term and entries: repeatable, realistic, and never in the future."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.periods import week_start
from coachlog.domain.values import DEFAULT_ACTIVITIES, DUTY_KINDS, NewEntry, Stance
from coachlog.formats.demo import demo_entries, demo_term

NEW_YORK = ZoneInfo("America/New_York")
ZONES = [NEW_YORK, ZoneInfo("Europe/London"), ZoneInfo("Australia/Sydney"), ZoneInfo("UTC")]
NOWS = [
    datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK),  # a Friday afternoon
    datetime(2026, 10, 30, 16, 45, tzinfo=NEW_YORK),  # the Friday before clocks go back
    datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK),  # the repeated hour itself
    datetime(2026, 11, 2, 8, 20, tzinfo=NEW_YORK),  # the Monday after, mid-morning
    datetime(2026, 3, 9, 7, 0, tzinfo=NEW_YORK),  # Monday after clocks go forward, before school
    datetime(2026, 11, 8, 12, 0, tzinfo=NEW_YORK),  # a Sunday: its own week when weeks start on Sunday
    datetime(2027, 2, 3, 10, 5, tzinfo=ZoneInfo("Australia/Sydney")),
    datetime(2026, 1, 7, 13, 0, tzinfo=ZoneInfo("Europe/London")),
]


def entries_for(now: datetime, first_weekday: int = 0) -> list[NewEntry]:
    return demo_entries(now.date(), now, first_weekday)


def end_of(entry: NewEntry) -> datetime:
    return entry.start.astimezone(UTC) + timedelta(minutes=entry.minutes)


def full_weeks(entries: list[NewEntry], now: datetime, first_weekday: int) -> dict[date, int]:
    """Entries in each week of the term that ended before the week holding `now`."""
    term = demo_term(now.date(), first_weekday)
    this_week = week_start(now.date(), first_weekday)
    counts = Counter(week_start(e.local_date, first_weekday) for e in entries)
    first = week_start(term.start, first_weekday)
    weeks = [first + timedelta(weeks=i) for i in range((this_week - first).days // 7)]
    return {week: counts[week] for week in weeks}


def minute_of_day(entry: NewEntry) -> int:
    return entry.start.hour * 60 + entry.start.minute


def coaching_share(entries: list[NewEntry]) -> float:
    sessions = [e for e in entries if e.kind == "session"]
    return sum(e.stance is Stance.COACHING for e in sessions) / len(sessions)


@pytest.mark.parametrize("first_weekday", [0, 6])
@pytest.mark.parametrize("now", NOWS, ids=str)
def test_same_inputs_give_the_same_entries(now: datetime, first_weekday: int) -> None:
    """Two calls with the same inputs return equal lists."""
    assert entries_for(now, first_weekday) == entries_for(now, first_weekday)
    assert demo_term(now.date(), first_weekday) == demo_term(now.date(), first_weekday)


@pytest.mark.parametrize("first_weekday", [0, 6])
@pytest.mark.parametrize("now", NOWS, ids=str)
def test_no_entry_ends_after_now(now: datetime, first_weekday: int) -> None:
    """Every entry has started and ended by `now`, compared as instants."""
    entries = entries_for(now, first_weekday)
    assert entries
    assert all(end_of(e) <= now.astimezone(UTC) for e in entries)


def test_entries_on_both_sides_of_the_dst_change_keep_local_times() -> None:
    """Around America/New_York's 2026-11-01 change, entries keep school-hour local times and offsets."""
    now = datetime(2026, 11, 6, 17, 0, tzinfo=NEW_YORK)
    entries = entries_for(now)
    before = [e for e in entries if e.local_date == date(2026, 10, 30)]
    after = [e for e in entries if e.local_date == date(2026, 11, 2)]
    assert before and after
    assert {e.start.utcoffset() for e in before} == {timedelta(hours=-4)}
    assert {e.start.utcoffset() for e in after} == {timedelta(hours=-5)}
    assert all(minute_of_day(e) >= 7 * 60 + 30 for e in before + after)


def test_sunday_start_week_holds_nothing_on_its_sunday() -> None:
    """With Sunday-start weeks, a Sunday `now` gives no entry in the new week."""
    now = datetime(2026, 11, 8, 23, 0, tzinfo=NEW_YORK)
    entries = entries_for(now, first_weekday=6)
    assert max(e.local_date for e in entries) == date(2026, 11, 6)
    assert demo_term(now.date(), 6).start.weekday() == 0


def test_full_weeks_hold_12_to_25_entries_and_one_holiday() -> None:
    """Every full week holds 12-25 entries, except exactly one holiday week in the middle."""
    for first_weekday in (0, 6):
        now = datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK)
        weeks = full_weeks(entries_for(now, first_weekday), now, first_weekday)
        counts = list(weeks.values())
        assert len(counts) == 10
        assert counts.count(0) == 1 and 0 not in (counts[0], counts[-1])
        assert all(12 <= n <= 25 for n in counts if n)


def test_assessment_week_pulls_time_into_testing() -> None:
    """One week has far more testing duty than any other."""
    now = datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK)
    testing = Counter()
    for e in entries_for(now):
        if e.duty_kind == "testing":
            testing[week_start(e.local_date, 0)] += e.minutes
    most, second, *_ = [*sorted(testing.values(), reverse=True), 0]
    assert most >= 180 and most > 2 * second


def test_stance_mix_moves_towards_coaching() -> None:
    """The last third of sessions has a clearly larger coaching share than the first third."""
    now = datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK)
    entries = entries_for(now)
    third = len(entries) // 3
    assert coaching_share(entries[-third:]) > coaching_share(entries[:third]) + 0.1


def test_caseload_and_teams() -> None:
    """About 30 teachers appear, about 10 of them often, and some sessions have 2-4 teachers."""
    entries = entries_for(datetime(2026, 11, 13, 15, 0, tzinfo=NEW_YORK))
    seen = Counter(name for e in entries for name in e.teachers)
    assert 25 <= len(seen) <= 35
    assert 8 <= sum(n >= 7 for n in seen.values()) <= 14
    teams = [e for e in entries if e.activity == "team"]
    assert teams and all(2 <= len(e.teachers) <= 4 for e in teams)


@settings(max_examples=60, deadline=None)
@given(
    now=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.sampled_from(ZONES),
        allow_imaginary=False,
    ),
    first_weekday=st.sampled_from([0, 6]),
)
def test_entries_are_well_formed(now: datetime, first_weekday: int) -> None:
    """For any `now`: shapes, school days and hours, 5-minute steps, no overlaps, nothing in the future."""
    term = demo_term(now.date(), first_weekday)
    assert term.start <= now.date() <= term.end
    entries = entries_for(now, first_weekday)
    assert entries
    for e in entries:
        assert e.start.tzinfo is now.tzinfo and e.local_date == e.start.date() and e.time_known
        assert term.start <= e.local_date <= now.date() and e.local_date.weekday() < 5
        assert 5 <= e.minutes <= 240 and e.minutes % 5 == 0
        assert 7 * 60 + 30 <= minute_of_day(e) <= 16 * 60 + 30 - e.minutes
        assert end_of(e) <= now.astimezone(UTC)
        if e.kind == "session":
            assert e.teachers and isinstance(e.stance, Stance) and e.duty_kind is None
            assert e.activity in DEFAULT_ACTIVITIES
        else:
            assert e.kind == "duty" and e.teachers == () and e.stance is None
            assert e.duty_kind in DUTY_KINDS and e.activity is None
    assert [e.start for e in entries] == sorted(e.start for e in entries)
    for earlier, later in pairwise(entries):
        if earlier.local_date == later.local_date:
            assert end_of(earlier) < later.start.astimezone(UTC)
