"""Tests for coachlog.domain.timeparse: durations, session start times, range dates and periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coachlog.domain.periods import month_period, week_period, week_start
from coachlog.domain.timeparse import (
    DATE_FORMS,
    DURATION_FORMS,
    WHEN_FORMS,
    When,
    format_minutes,
    parse_date,
    parse_duration,
    parse_when,
)
from coachlog.errors import UsageError

NEW_YORK = ZoneInfo("America/New_York")
ZONES = [
    ZoneInfo(name)
    for name in (
        "America/New_York",
        "Europe/London",
        "Europe/Berlin",
        "Australia/Lord_Howe",  # a 30-minute DST shift
        "Asia/Kolkata",  # no DST, half-hour offset
        "Pacific/Chatham",  # +12:45 / +13:45
        "America/Santiago",  # southern-hemisphere DST, changes at midnight
        "UTC",
    )
]

# Friday 2026-03-20, noon in New York (after the 2026-03-08 spring-forward change).
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=NEW_YORK)
# Monday 2026-11-02, noon in New York (the day after the 2026-11-01 fall-back change).
AFTER_FALL_BACK = datetime(2026, 11, 2, 12, 0, tzinfo=NEW_YORK)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def random_case(draw_bools: list[bool], text: str) -> str:
    """Upper-case the letters of `text` where the matching flag is set."""
    flags = draw_bools + [False] * len(text)
    return "".join(c.upper() if flag else c.lower() for c, flag in zip(text, flags, strict=False))


def wall_time_exists(day: date, clock: time, tz: ZoneInfo) -> bool:
    """Whether some UTC instant shows `day clock` on the wall in `tz` (an oracle for DST gaps)."""
    naive = datetime.combine(day, clock)
    offsets = {datetime.combine(day, clock, tzinfo=tz).replace(fold=fold).utcoffset() for fold in (0, 1)}
    for offset in offsets:
        instant = (naive - offset).replace(tzinfo=UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == naive:
            return True
    return False


# --------------------------------------------------------------------------- parse_duration


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("45", 45),
        ("45m", 45),
        ("45min", 45),
        ("45mins", 45),
        ("45 minutes", 45),
        ("1 minute", 1),
        ("1h", 60),
        ("1hr", 60),
        ("2hrs", 120),
        ("1hour", 60),
        ("2 hours", 120),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1h30", 90),
        ("1 hr 30 mins", 90),
        ("1.5h", 90),
        ("0.5h", 30),
        ("1.25 hours", 75),
        ("1:30", 90),
        ("0:45", 45),
        ("12:00", 720),
        ("  45m  ", 45),
    ],
)
def test_parse_duration_accepted_forms(text: str, minutes: int) -> None:
    """Every documented duration form gives the expected number of minutes."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["45M", "45MIN", "45Mins", "1H", "1HR", "1Hours", "1H30M", "1.5H", "1 HR 30 MINS"])
def test_parse_duration_ignores_case(text: str) -> None:
    """Unit spellings are accepted in any case."""
    assert parse_duration(text) in {45, 60, 90}


@pytest.mark.parametrize(("text", "minutes"), [("1", 1), ("1m", 1), ("720", 720), ("12h", 720), ("11h60m", 720)])
def test_parse_duration_range_edges_accepted(text: str, minutes: int) -> None:
    """One minute and twelve hours are both inside the range."""
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["0", "0m", "721", "721m", "12h1m", "12:01", "13h", "0:00", "0h", "24:00"])
def test_parse_duration_out_of_range_rejected(text: str) -> None:
    """Zero minutes and anything over twelve hours are rejected with the range in the message."""
    with pytest.raises(UsageError) as info:
        parse_duration(text)
    message = str(info.value)
    assert f"'{text}'" in message
    assert "out of range" in message
    assert "12 hours" in message


@pytest.mark.parametrize(
    "text",
    [
        "-45m",
        "30months",
        "1e9",
        "",
        "   ",
        "1:75",
        "24:60",
        "٣٠",  # Arabic-Indic digits
        "４５",  # fullwidth digits
        "45s",
        "m",
        "h",
        "1.5",
        "1,5h",
        "45m30",
        "1h-30m",
        "forty-five",
        "45 m 30",
        "1:3",
        ":30",
    ],
)
def test_parse_duration_rejects_malformed(text: str) -> None:
    """Malformed durations raise UsageError naming the value and the accepted forms."""
    with pytest.raises(UsageError) as info:
        parse_duration(text)
    message = str(info.value)
    assert f"'{text}'" in message
    assert DURATION_FORMS in message


@pytest.mark.parametrize(("minutes", "text"), [(1, "1m"), (45, "45m"), (60, "1h"), (90, "1h30m"), (125, "2h05m")])
def test_format_minutes_examples(minutes: int, text: str) -> None:
    """format_minutes writes minutes, whole hours, or hours and two-digit minutes."""
    assert format_minutes(minutes) == text


def test_parse_duration_round_trips_every_minute() -> None:
    """Every value in 1..720 survives format_minutes, plain digits and (from an hour) h:mm."""
    for minutes in range(1, 721):
        assert parse_duration(format_minutes(minutes)) == minutes
        assert parse_duration(str(minutes)) == minutes
        if minutes >= 60:
            assert parse_duration(f"{minutes // 60}:{minutes % 60:02d}") == minutes


@given(st.integers(min_value=1, max_value=720))
def test_parse_duration_round_trip_property(minutes: int) -> None:
    """Property: format_minutes output and str(minutes) parse back to the same value."""
    assert parse_duration(format_minutes(minutes)) == minutes
    assert parse_duration(str(minutes)) == minutes


@given(
    hours=st.integers(min_value=0, max_value=12),
    minutes=st.integers(min_value=0, max_value=59),
    hour_unit=st.sampled_from(["h", "hr", "hrs", "hour", "hours"]),
    minute_unit=st.sampled_from(["", "m", "min", "mins", "minute", "minutes"]),
    gap=st.sampled_from(["", " ", "  "]),
    flags=st.lists(st.booleans(), max_size=20),
)
def test_parse_duration_hours_minutes_property(
    hours: int, minutes: int, hour_unit: str, minute_unit: str, gap: str, flags: list[bool]
) -> None:
    """Property: '<h><unit> <m><unit>' in any spelling and case is h*60+m, or out of range."""
    text = random_case(flags, f"{hours}{hour_unit}{gap}{minutes}{minute_unit}")
    total = hours * 60 + minutes
    if 1 <= total <= 720:
        assert parse_duration(text) == total
    else:
        with pytest.raises(UsageError, match="out of range"):
            parse_duration(text)


@given(st.integers(min_value=-100_000, max_value=100_000))
def test_parse_duration_plain_integer_property(value: int) -> None:
    """Property: a plain integer is accepted exactly when it lies in 1..720."""
    if 1 <= value <= 720:
        assert parse_duration(str(value)) == value
    else:
        with pytest.raises(UsageError):
            parse_duration(str(value))


@given(st.text())
@example("0")
@example("9999h")
@example("1\u0663")
@example("1h\x00")
def test_parse_duration_random_text_property(text: str) -> None:
    """Property: any text gives minutes in 1..720 or a UsageError naming the text and the forms."""
    try:
        minutes = parse_duration(text)
    except UsageError as error:
        message = str(error)
        assert f"'{text}'" in message
        # A malformed value names the accepted forms; a well-formed one out of range names the range.
        assert DURATION_FORMS in message or ("out of range" in message and "12 hours" in message)
    else:
        assert isinstance(minutes, int)
        assert 1 <= minutes <= 720


# --------------------------------------------------------------------------- parse_when: accepted forms


def test_parse_when_iso_date_without_time() -> None:
    """A bare date gives local midnight of that date with time_known False."""
    when = parse_when("2026-03-02", NOW)
    assert when == When(datetime(2026, 3, 2, tzinfo=NEW_YORK), date(2026, 3, 2), False)


def test_parse_when_iso_date_with_time() -> None:
    """'YYYY-MM-DD HH:MM' gives that wall time in now's zone."""
    when = parse_when("2026-03-02 14:05", NOW)
    assert when.start == datetime(2026, 3, 2, 14, 5, tzinfo=NEW_YORK)
    assert when.start.astimezone(UTC) == datetime(2026, 3, 2, 19, 5, tzinfo=UTC)
    assert when.local_date == date(2026, 3, 2)
    assert when.time_known is True


def test_parse_when_clock_only_is_today() -> None:
    """'HH:MM' alone is that time today."""
    when = parse_when("09:15", NOW)
    assert when.start == datetime(2026, 3, 20, 9, 15, tzinfo=NEW_YORK)
    assert when.local_date == NOW.date()
    assert when.time_known is True


@pytest.mark.parametrize(("text", "day"), [("today", date(2026, 3, 20)), ("yesterday", date(2026, 3, 19))])
def test_parse_when_today_yesterday(text: str, day: date) -> None:
    """today and yesterday without a time give that date with time_known False."""
    for spelling in (text, text.upper(), text.title(), f"  {text}  "):
        when = parse_when(spelling, NOW)
        assert when.local_date == day
        assert when.time_known is False
        assert when.start == datetime.combine(day, time(0, 0), tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("mon", date(2026, 3, 16)),
        ("monday", date(2026, 3, 16)),
        ("Tue", date(2026, 3, 17)),
        ("tues", date(2026, 3, 17)),
        ("WEDNESDAY", date(2026, 3, 18)),
        ("thu", date(2026, 3, 19)),
        ("thurs", date(2026, 3, 19)),
        ("fri", date(2026, 3, 13)),  # today is Friday: a week back
        ("friday", date(2026, 3, 13)),
        ("sat", date(2026, 3, 14)),
        ("sun", date(2026, 3, 15)),
    ],
)
def test_parse_when_weekdays(text: str, day: date) -> None:
    """A weekday is its most recent occurrence before today (today itself excluded)."""
    when = parse_when(text, NOW)
    assert when.local_date == day
    assert when.time_known is False


def test_parse_when_weekday_on_same_weekday_goes_back_a_week() -> None:
    """'mon' on a Monday is the Monday seven days earlier."""
    monday = datetime(2026, 3, 16, 18, 0, tzinfo=NEW_YORK)
    assert parse_when("mon", monday).local_date == date(2026, 3, 9)
    assert parse_when("monday 9:00", monday).local_date == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 14:00", datetime(2026, 3, 19, 14, 0)),
        ("today 9:30", datetime(2026, 3, 20, 9, 30)),
        ("tue 9:15", datetime(2026, 3, 17, 9, 15)),
        ("Tuesday 09:15", datetime(2026, 3, 17, 9, 15)),
        ("2026-03-02   7:05", datetime(2026, 3, 2, 7, 5)),
        ("yesterday 2pm", datetime(2026, 3, 19, 14, 0)),
        ("yesterday 2:30 PM", datetime(2026, 3, 19, 14, 30)),
        ("yesterday 2:30 p.m.", datetime(2026, 3, 19, 14, 30)),
        ("yesterday 12am", datetime(2026, 3, 19, 0, 0)),
        ("yesterday 12pm", datetime(2026, 3, 19, 12, 0)),
        ("yesterday 12:30 a.m.", datetime(2026, 3, 19, 0, 30)),
        ("9am", datetime(2026, 3, 20, 9, 0)),
        ("9 AM", datetime(2026, 3, 20, 9, 0)),
        ("11:59am", datetime(2026, 3, 20, 11, 59)),
    ],
)
def test_parse_when_day_word_with_time(text: str, expected: datetime) -> None:
    """A day word may be followed by a 24-hour or am/pm time."""
    when = parse_when(text, NOW)
    assert when.start == expected.replace(tzinfo=NEW_YORK)
    assert when.local_date == expected.date()
    assert when.time_known is True


def test_parse_when_exactly_now_is_allowed() -> None:
    """A start equal to now is not in the future."""
    assert parse_when("12:00", NOW).start == NOW


# --------------------------------------------------------------------------- parse_when: errors


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-13-01",
        "2026-02-30 10:00",
        "24:00",
        "yesterday 24:00",
        "12:60",
        "15 minutes aog",
        "",
        "   ",
        "tomorrow",
        "mo",
        "9",
        "yesterday 9",
        "yesterday at 9:00",
        "13pm",
        "0am",
        "yesterday 14:00 extra",
        "2026/03/02",
        "٢٠٢٦-٠٣-٠٢",
    ],
)
def test_parse_when_rejects_malformed(text: str) -> None:
    """Impossible or unrecognised dates and times raise UsageError naming the value."""
    with pytest.raises(UsageError) as info:
        parse_when(text, NOW)
    assert f"'{text}'" in str(info.value)


@pytest.mark.parametrize("text", ["15 minutes aog", "", "tomorrow"])
def test_parse_when_unrecognised_names_forms(text: str) -> None:
    """An unrecognised value lists the accepted forms."""
    with pytest.raises(UsageError) as info:
        parse_when(text, NOW)
    assert WHEN_FORMS in str(info.value)


@pytest.mark.parametrize("text", ["2026-03-21", "2099-01-01", "12:01", "today 23:59", "2026-03-20 12:01", "11pm"])
def test_parse_when_rejects_future(text: str) -> None:
    """A date or time after now is rejected: sessions are logged after they happen."""
    with pytest.raises(UsageError) as info:
        parse_when(text, NOW)
    message = str(info.value)
    assert f"'{text}'" in message
    assert "future" in message


@pytest.mark.parametrize("text", ["2026-03-08 02:30", "2026-03-08 2:00", "2026-03-08 02:59", "2026-03-08 2:30am"])
def test_parse_when_rejects_spring_forward_gap(text: str) -> None:
    """A wall time skipped by the spring-forward change does not exist and is rejected."""
    with pytest.raises(UsageError) as info:
        parse_when(text, NOW)
    message = str(info.value)
    assert f"'{text}'" in message
    assert "does not exist" in message


@pytest.mark.parametrize(
    ("text", "utc"),
    [("2026-03-08 01:59", datetime(2026, 3, 8, 6, 59)), ("2026-03-08 03:00", datetime(2026, 3, 8, 7, 0))],
)
def test_parse_when_around_spring_forward_gap(text: str, utc: datetime) -> None:
    """The minutes either side of the gap are valid and map to the right UTC instants."""
    when = parse_when(text, NOW)
    assert when.start.astimezone(UTC) == utc.replace(tzinfo=UTC)


def test_parse_when_fall_back_ambiguity_picks_valid_instant() -> None:
    """01:30 on the fall-back day happens twice; one of the two real instants is chosen."""
    when = parse_when("2026-11-01 01:30", AFTER_FALL_BACK)
    utc = when.start.astimezone(UTC)
    assert utc in {
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),  # 01:30 EDT
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),  # 01:30 EST
    }
    assert utc.astimezone(NEW_YORK).replace(tzinfo=None) == datetime(2026, 11, 1, 1, 30)
    assert when.local_date == date(2026, 11, 1)


def test_parse_when_near_midnight_stays_on_local_date() -> None:
    """'yesterday 23:50' keeps yesterday's local date although the UTC instant is the next day."""
    just_after_midnight = datetime(2026, 3, 20, 0, 5, tzinfo=NEW_YORK)
    when = parse_when("yesterday 23:50", just_after_midnight)
    assert when.local_date == date(2026, 3, 19)
    assert when.start.astimezone(UTC) == datetime(2026, 3, 20, 3, 50, tzinfo=UTC)
    assert when.start.astimezone(NEW_YORK).date() == date(2026, 3, 19)


def test_parse_when_near_midnight_east_of_utc() -> None:
    """Shortly after local midnight east of UTC, '00:10' is today although UTC is still yesterday."""
    tokyo = ZoneInfo("Asia/Tokyo")
    now = datetime(2026, 3, 20, 0, 30, tzinfo=tokyo)
    when = parse_when("00:10", now)
    assert when.local_date == date(2026, 3, 20)
    assert when.start.astimezone(UTC) == datetime(2026, 3, 19, 15, 10, tzinfo=UTC)


def test_parse_when_late_clock_shortly_after_midnight_is_future() -> None:
    """'23:50' alone means today, so just after midnight it is in the future."""
    just_after_midnight = datetime(2026, 3, 20, 0, 5, tzinfo=NEW_YORK)
    with pytest.raises(UsageError, match="future"):
        parse_when("23:50", just_after_midnight)


def test_parse_when_uses_nows_zone() -> None:
    """The same text means different instants in different zones."""
    london = datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo("Europe/London"))
    in_london = parse_when("2026-03-02 09:00", london).start.astimezone(UTC)
    in_new_york = parse_when("2026-03-02 09:00", NOW).start.astimezone(UTC)
    assert in_new_york - in_london == timedelta(hours=5)


@pytest.mark.parametrize(
    ("text", "zone"), [("9999-12-31 23:59", "America/New_York"), ("0001-01-01 00:00", "Asia/Tokyo")]
)
def test_parse_when_extreme_years_raise_usage_error(text: str, zone: str) -> None:
    """Dates at the edge of the calendar give UsageError, not OverflowError."""
    now = datetime(2026, 3, 20, 12, 0, tzinfo=ZoneInfo(zone))
    with pytest.raises(UsageError):
        parse_when(text, now)


# --------------------------------------------------------------------------- parse_when: properties


def _check_when(text: str, now: datetime) -> None:
    try:
        when = parse_when(text, now)
    except UsageError:
        return
    assert isinstance(when, When)
    assert when.start <= now
    assert when.local_date <= now.date()
    assert when.start.tzinfo is now.tzinfo


@given(text=st.text(), zone=st.sampled_from(ZONES))
def test_parse_when_random_text_property(text: str, zone: ZoneInfo) -> None:
    """Property: any text gives a When no later than now, or a UsageError."""
    _check_when(text, NOW.astimezone(zone))


_DAY_WORDS = st.one_of(
    st.sampled_from(["today", "yesterday", "Today", "YESTERDAY", *WEEKDAY_NAMES, "mon", "TUE", "thur", "xyz"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(str),
    st.builds(
        "{}-{}-{}".format,
        st.integers(1900, 2100),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
)
_CLOCKS = st.builds(
    "{}{}{}{}".format,
    st.integers(0, 25),
    st.sampled_from(["", ":00", ":30", ":59", ":60", ":5"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["", "am", "PM", "a.m.", "p.m."]),
)


@given(
    day=_DAY_WORDS,
    clock=st.one_of(st.just(""), _CLOCKS),
    zone=st.sampled_from(ZONES),
    offset_minutes=st.integers(0, 365 * 24 * 60),
)
def test_parse_when_structured_text_property(day: str, clock: str, zone: ZoneInfo, offset_minutes: int) -> None:
    """Property: near-miss combinations of day words and clocks never raise anything but UsageError."""
    now = (NOW - timedelta(minutes=offset_minutes)).astimezone(zone)
    _check_when(f"{day} {clock}".strip(), now)
    _check_when(clock, now)


@given(
    days_back=st.integers(min_value=1, max_value=400),
    hour=st.integers(min_value=0, max_value=23),
    minute=st.integers(min_value=0, max_value=59),
    zone=st.sampled_from(ZONES),
)
@example(days_back=(AFTER_FALL_BACK.date() - date(2026, 3, 8)).days, hour=2, minute=30, zone=NEW_YORK)
@example(days_back=1, hour=1, minute=30, zone=NEW_YORK)
@example(days_back=(AFTER_FALL_BACK.date() - date(2025, 10, 5)).days, hour=2, minute=15, zone=ZONES[3])
def test_parse_when_round_trips_wall_time_property(days_back: int, hour: int, minute: int, zone: ZoneInfo) -> None:
    """Property: 'YYYY-MM-DD HH:MM' in the last 400 days keeps its wall time, unless it is a DST gap."""
    now = AFTER_FALL_BACK.replace(tzinfo=zone)
    day = now.date() - timedelta(days=days_back)
    clock = time(hour, minute)
    text = f"{day} {hour:02d}:{minute:02d}"
    if not wall_time_exists(day, clock, zone):
        with pytest.raises(UsageError, match="does not exist"):
            parse_when(text, now)
        return
    when = parse_when(text, now)
    assert when.local_date == day
    assert when.time_known is True
    local = when.start.astimezone(UTC).astimezone(zone)
    assert local.replace(tzinfo=None) == datetime.combine(day, clock)


def test_wall_time_oracle_sees_the_new_york_gap() -> None:
    """The test oracle itself knows the 2026 spring-forward gap and the fall-back overlap."""
    assert not wall_time_exists(date(2026, 3, 8), time(2, 30), NEW_YORK)
    assert wall_time_exists(date(2026, 3, 8), time(3, 0), NEW_YORK)
    assert wall_time_exists(date(2026, 11, 1), time(1, 30), NEW_YORK)


@given(
    days_back=st.integers(min_value=0, max_value=400),
    zone=st.sampled_from(ZONES),
)
@example(days_back=(NOW.date() - date(2025, 9, 7)).days, zone=ZoneInfo("America/Santiago"))
def test_parse_when_date_only_property(days_back: int, zone: ZoneInfo) -> None:
    """Property: a past date without a time keeps that local date and has time_known False."""
    now = NOW.astimezone(zone)
    day = now.date() - timedelta(days=days_back)
    when = parse_when(day.isoformat(), now)
    assert when.local_date == day
    assert when.time_known is False
    assert when.start.date() == day
    # Even where local midnight is skipped (Santiago), the instant falls on that local date.
    assert when.start.astimezone(UTC).astimezone(zone).date() == day


@given(today=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 1, 1)), index=st.integers(0, 6))
def test_parse_when_weekday_property(today: date, index: int) -> None:
    """Property: a weekday name is 1 to 7 days back and falls on that weekday."""
    now = datetime.combine(today, time(23, 59), tzinfo=NEW_YORK)
    name = WEEKDAY_NAMES[index]
    for spelling in (name, name[:3], name.upper()):
        day = parse_when(spelling, now).local_date
        assert day.weekday() == index
        assert 1 <= (today - day).days <= 7


# --------------------------------------------------------------------------- parse_date

TODAY = date(2026, 3, 20)  # a Friday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026-3-2", date(2026, 3, 2)),
        (" 2026-03-02 ", date(2026, 3, 2)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("yesterday", date(2026, 3, 19)),
        ("mon", date(2026, 3, 16)),
        ("Thursday", date(2026, 3, 19)),
        ("fri", date(2026, 3, 13)),
        ("sun", date(2026, 3, 15)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_parse_date_accepted_forms(text: str, day: date) -> None:
    """parse_date accepts ISO dates, today, yesterday and weekdays."""
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize(
    "text", ["", "   ", "2026-02-30", "2025-02-29", "2026-00-10", "tomorrow", "2026-03-02 10:00", "mo", "3/2/2026"]
)
def test_parse_date_rejects(text: str) -> None:
    """Invalid range dates raise UsageError naming the value."""
    with pytest.raises(UsageError) as info:
        parse_date(text, TODAY)
    assert f"'{text}'" in str(info.value)


@pytest.mark.parametrize("text", ["", "tomorrow", "next week"])
def test_parse_date_unrecognised_names_forms(text: str) -> None:
    """An unrecognised range date lists the accepted forms."""
    with pytest.raises(UsageError) as info:
        parse_date(text, TODAY)
    assert DATE_FORMS in str(info.value)


def test_parse_date_impossible_day_message() -> None:
    """A date missing from the calendar says so."""
    with pytest.raises(UsageError, match="no such day"):
        parse_date("2026-02-30", TODAY)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_parse_date_iso_round_trip_property(day: date) -> None:
    """Property: any ISO date parses back to itself."""
    assert parse_date(day.isoformat(), TODAY) == day


@given(text=st.text(), today=st.dates(min_value=date(1900, 1, 8), max_value=date(2200, 1, 1)))
def test_parse_date_random_text_property(text: str, today: date) -> None:
    """Property: any text gives a date or a UsageError naming the text."""
    try:
        result = parse_date(text, today)
    except UsageError as error:
        assert f"'{text}'" in str(error)
    else:
        assert isinstance(result, date)


# --------------------------------------------------------------------------- weeks and months


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    first_weekday=st.sampled_from([0, 6]),
)
def test_week_start_property(day: date, first_weekday: int) -> None:
    """Property: the week start is on first_weekday, not after day, and less than 7 days before it."""
    start = week_start(day, first_weekday)
    assert start <= day
    assert day - start < timedelta(days=7)
    assert start.weekday() == first_weekday
    assert week_start(start, first_weekday) == start


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    first_weekday=st.integers(0, 6),
)
def test_week_period_property(day: date, first_weekday: int) -> None:
    """Property: a week period holds day, runs 7 inclusive dates and starts on first_weekday."""
    period = week_period(day, first_weekday)
    assert period.start <= day <= period.end
    assert period.end - period.start == timedelta(days=6)
    assert period.days == 7
    assert period.start.weekday() == first_weekday
    assert period.label == f"week of {period.start.isoformat()}"


@pytest.mark.parametrize(
    ("day", "first_weekday", "start"),
    [
        (date(2026, 3, 20), 0, date(2026, 3, 16)),  # Friday, Monday start
        (date(2026, 3, 20), 6, date(2026, 3, 15)),  # Friday, Sunday start
        (date(2026, 3, 16), 0, date(2026, 3, 16)),  # a Monday starts its own week
        (date(2026, 3, 15), 0, date(2026, 3, 9)),  # a Sunday ends a Monday week
        (date(2026, 3, 15), 6, date(2026, 3, 15)),  # a Sunday starts a Sunday week
        (date(2026, 1, 1), 0, date(2025, 12, 29)),  # across a year end
    ],
)
def test_week_start_examples(day: date, first_weekday: int, start: date) -> None:
    """week_start for Monday and Sunday weeks, including one crossing a year end."""
    assert week_start(day, first_weekday) == start


@pytest.mark.parametrize(
    ("day", "first_weekday"),
    [(date(2026, 3, 8), 6), (date(2026, 3, 8), 0), (date(2026, 11, 1), 6), (date(2026, 11, 1), 0)],
)
def test_week_across_dst_change_has_seven_local_dates(day: date, first_weekday: int) -> None:
    """A week holding a DST change still has 7 local dates even though it is not 168 hours long."""
    period = week_period(day, first_weekday)
    assert period.start <= day <= period.end
    assert period.days == 7
    dates = [period.start + timedelta(days=i) for i in range(period.days)]
    assert len(set(dates)) == 7
    assert dates[-1] == period.end
    first_midnight = datetime.combine(period.start, time(0, 0), tzinfo=NEW_YORK)
    after_last = datetime.combine(period.end + timedelta(days=1), time(0, 0), tzinfo=NEW_YORK)
    elapsed = after_last.astimezone(UTC) - first_midnight.astimezone(UTC)
    assert elapsed in {timedelta(hours=167), timedelta(hours=169)}
    local_dates = {
        (first_midnight.astimezone(UTC) + timedelta(hours=h)).astimezone(NEW_YORK).date()
        for h in range(int(elapsed.total_seconds() // 3600))
    }
    assert sorted(local_dates) == dates


def test_week_period_custom_label() -> None:
    """An explicit label replaces the default 'week of' heading."""
    assert week_period(date(2026, 3, 20), 0, "this week").label == "this week"


@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (date(2024, 2, 14), date(2024, 2, 1), date(2024, 2, 29), "February 2024"),
        (date(2026, 2, 28), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
        (date(2000, 2, 1), date(2000, 2, 1), date(2000, 2, 29), "February 2000"),
        (date(2100, 2, 10), date(2100, 2, 1), date(2100, 2, 28), "February 2100"),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31), "December 2026"),
        (date(2026, 1, 31), date(2026, 1, 1), date(2026, 1, 31), "January 2026"),
        (date(2026, 4, 30), date(2026, 4, 1), date(2026, 4, 30), "April 2026"),
    ],
)
def test_month_period_examples(day: date, start: date, end: date, label: str) -> None:
    """month_period runs from the 1st to the last day inclusive, leap Februaries and December too."""
    period = month_period(day)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.days == end.day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_month_period_property(day: date) -> None:
    """Property: the month period holds day, starts on the 1st and ends the day before the next 1st."""
    period = month_period(day)
    assert period.start == day.replace(day=1)
    assert period.start <= day <= period.end
    following = period.end + timedelta(days=1)
    assert following.day == 1
    assert following.month == day.month % 12 + 1
    assert 28 <= period.days <= 31
