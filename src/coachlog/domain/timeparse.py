"""Durations, dates and instants as coaches type them. `now` is always a parameter.

Pure functions over the standard library's datetime and zoneinfo: they sit on the
path of every `coachlog add`, where each import costs start-up time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from coachlog.domain.text import LazyPattern
from coachlog.domain.values import LONG_MINUTES, MAX_MINUTES, MIN_MINUTES, When
from coachlog.errors import UsageError

DURATION_FORMS = "minutes (45, 45m, 45min), hours (1h, 1.5h), both (1h30m, 1h 30m) or h:mm (1:30)"
DAY_WORDS = (
    "YYYY-MM-DD, today, yesterday, a weekday (mon, last tuesday...), 3 days ago, a month and day"
    " (12/1, Dec 1: the most recent one)"
)
WHEN_FORMS = (
    f"now, a time ago (-30m, '1h ago'), HH:MM, YYYY-MM-DD HH:MM or a day ({DAY_WORDS}),"
    " optionally followed by a time (yesterday 14:00, 'Dec 1 9:15')"
)
DATE_FORMS = DAY_WORDS

_MINUTES_ONLY = LazyPattern(r"(?P<m>[0-9]{1,6})\s*(?:m|mins?|minutes?)?", re.ASCII | re.I)
_HOURS_MINUTES = LazyPattern(
    r"(?P<h>[0-9]{1,4}(?:\.[0-9]{1,4})?)\s*(?:h|hrs?|hours?)"
    r"(?:\s*(?P<m>[0-9]{1,6})\s*(?:m|mins?|minutes?)?)?",
    re.ASCII | re.I,
)
_CLOCK_DURATION = LazyPattern(r"(?P<h>[0-9]{1,2}):(?P<m>[0-5][0-9])", re.ASCII)


def parse_duration(text: str) -> int:
    """Minutes in a duration such as 45, 45m, 1h30m, 1.5h or 1:30.

    Raises UsageError naming the value and the accepted forms; the range
    (1 minute to 12 hours) is checked too.
    """
    minutes = _duration_minutes(text)
    if minutes is None:
        raise UsageError(f"invalid duration '{text}': use {DURATION_FORMS}")
    rounded = int(minutes + 0.5)
    if not MIN_MINUTES <= rounded <= MAX_MINUTES:
        raise UsageError(f"duration '{text}' is out of range: from {MIN_MINUTES} minute to {MAX_MINUTES // 60} hours")
    return rounded


def _duration_minutes(text: str) -> float | None:
    """The minutes a duration form gives (not yet rounded or range-checked), or None."""
    value = text.strip()
    if match := _MINUTES_ONLY.fullmatch(value):
        return int(match["m"])
    if match := _HOURS_MINUTES.fullmatch(value):
        return float(match["h"]) * 60 + int(match["m"] or 0)
    if match := _CLOCK_DURATION.fullmatch(value):
        return int(match["h"]) * 60 + int(match["m"])
    return None


def is_long(minutes: int) -> bool:
    return minutes > LONG_MINUTES


def format_minutes(minutes: int) -> str:
    """45 -> '45m', 90 -> '1h30m', 120 -> '2h'."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h{rest:02d}m" if rest else f"{hours}h"


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ISO_DATE = LazyPattern(r"(?P<y>[0-9]{4})-(?P<mo>[0-9]{1,2})-(?P<d>[0-9]{1,2})", re.ASCII)
_CLOCK = LazyPattern(r"(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?", re.ASCII | re.I)


def _weekday_index(word: str) -> int | None:
    word = word.lower()
    for index, name in enumerate(_WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    return None


_DAYS_AGO = LazyPattern(r"(?P<n>[0-9]{1,5}) (?P<unit>days?|weeks?) ago", re.ASCII | re.I)
_MONTH_DAY = LazyPattern(r"(?P<mo>[0-9]{1,2})/(?P<d>[0-9]{1,2})", re.ASCII)
_NAMED_DAY = LazyPattern(r"(?P<name>[a-z]{3,9})\.? (?P<d>[0-9]{1,2})(?:st|nd|rd|th)?,?", re.ASCII | re.I)
_DAY_NAMED = LazyPattern(r"(?P<d>[0-9]{1,2})(?:st|nd|rd|th)? (?P<name>[a-z]{3,9})\.?", re.ASCII | re.I)
_LONGEST_DAY = 3  # words in the longest day phrase ("2 days ago")


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_WORDS = {
    **{name: index for index, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: index for index, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}


def _month_index(word: str) -> int | None:
    """1-12 for a month's name or its abbreviation (sept too), else None."""
    return _MONTH_WORDS.get(word.lower())


def _latest(month: int, day: int, today: date, original: str) -> date:
    """The most recent `month`/`day` on or before `today` (a 29 February: the last leap year's)."""
    if not 1 <= month <= 12:
        raise UsageError(f"invalid date '{original}': the month comes first (12/1 is 1 December) and runs 1 to 12")
    try:
        date(2000, month, day)  # a leap year: every day that is ever on the calendar
    except ValueError:
        raise UsageError(f"invalid date '{original}': no such day on the calendar") from None
    for year in range(today.year, max(today.year - 8, 1899), -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise UsageError(f"invalid date '{original}': coachlog's dates start in 1900")


def _parse_day(word: str, today: date, original: str) -> date | None:
    """A day phrase (ISO date, today, yesterday, [last] weekday, N days ago, 12/1, Dec 1) or None if it is not one."""
    lowered = word.lower()
    if lowered == "today":
        return today
    if lowered == "yesterday":
        return today - timedelta(days=1)
    weekday = _weekday_index(lowered[5:] if lowered.startswith("last ") else lowered)
    if weekday is not None:
        back = (today.weekday() - weekday) % 7 or 7
        return today - timedelta(days=back)
    if match := _DAYS_AGO.fullmatch(word):
        days = int(match["n"]) * (7 if match["unit"].lower().startswith("w") else 1)
        if days > (today - date(1900, 1, 1)).days:
            raise UsageError(f"invalid date '{original}': that is before 1900")
        return today - timedelta(days=days)
    if match := _MONTH_DAY.fullmatch(word):
        return _latest(int(match["mo"]), int(match["d"]), today, original)
    if (match := _NAMED_DAY.fullmatch(word) or _DAY_NAMED.fullmatch(word)) and _month_index(match["name"]):
        return _latest(_month_index(match["name"]) or 0, int(match["d"]), today, original)
    if match := _ISO_DATE.fullmatch(word):
        if not 1900 <= int(match["y"]) <= 9998:
            raise UsageError(f"invalid date '{original}': the year must be between 1900 and 9998")
        try:
            return date(int(match["y"]), int(match["mo"]), int(match["d"]))
        except ValueError:
            raise UsageError(f"invalid date '{original}': no such day on the calendar") from None
    return None


def _split_day(value: str, today: date, original: str) -> tuple[date | None, str]:
    """The day phrase `value` starts with (its longest, up to three words) and the rest, or (None, value)."""
    words = value.split(" ")
    for count in range(min(_LONGEST_DAY, len(words)), 0, -1):
        day = _parse_day(" ".join(words[:count]), today, original)
        if day is not None:
            return day, " ".join(words[count:])
    return None, value


def _parse_clock(text: str, original: str) -> time | None:
    match = _CLOCK.fullmatch(text.strip())
    if not match or (match["m"] is None and match["ampm"] is None):
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if ampm := match["ampm"]:
        if not 1 <= hour <= 12:
            raise UsageError(f"invalid time '{original}': with am/pm the hour runs from 1 to 12")
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"invalid time '{original}': use HH:MM from 00:00 to 23:59")
    return time(hour, minute)


def local_instant(day: date, clock: time, tz: tzinfo, original: str) -> datetime:
    """The instant at `clock` on local `day`; a wall time skipped by a DST change is an error."""
    candidate = datetime.combine(day, clock, tzinfo=tz)
    try:
        round_trip = candidate.astimezone(UTC).astimezone(tz)
    except OverflowError:
        raise UsageError(f"invalid date '{original}': the year is out of range") from None
    if round_trip.replace(tzinfo=None) != candidate.replace(tzinfo=None):
        raise UsageError(
            f"invalid time '{original}': {day} {clock:%H:%M} does not exist in {tz}"
            " (the clocks jumped forward); use a time outside that hour"
        )
    return candidate


def parse_when(text: str, now: datetime) -> When:
    """When a session started, from the forms in WHEN_FORMS, in `now`'s time zone."""
    minutes = _ago(" ".join(text.split()))
    if minutes is not None:
        start = parse_instant(text, now, "start time").replace(second=0, microsecond=0)
        return When(start=start, local_date=start.date(), time_known=True)
    when = _when(text, now)
    if not when.time_known and when.local_date > now.date():
        raise UsageError(f"date '{text}' is in the future: sessions are logged after they happen")
    if when.time_known and when.start.astimezone(UTC) > now.astimezone(UTC):  # instants, not wall clocks
        raise UsageError(
            f"time '{text}' is in the future ({when.start:%Y-%m-%d %H:%M}): sessions are logged after they happen"
        )
    return when


def _when(text: str, now: datetime) -> When:
    """What parse_when reads, in the future or not."""
    tz = now.tzinfo
    assert tz is not None, "now must be aware"
    today = now.date()
    value = " ".join(text.replace("T", " ", 1).split()) if _ISO_DATE.match(text.strip()) else " ".join(text.split())
    if not value:
        raise UsageError(f"invalid date '{text}': use {WHEN_FORMS}")
    if value.lower() == "now":
        start = now.replace(second=0, microsecond=0)
        return When(start=start, local_date=start.date(), time_known=True)
    day, rest = _split_day(value, today, text)
    clock: time | None
    if day is None:
        day, clock = today, _parse_clock(value, text)
        if clock is None:
            raise UsageError(f"invalid date '{text}': use {WHEN_FORMS}")
    elif rest:
        clock = _parse_clock(rest, text)
        if clock is None:
            raise UsageError(f"invalid time in '{text}': use HH:MM after the day, as in 'yesterday 14:00'")
    else:
        clock = None

    if clock is None:
        start = datetime.combine(day, time(0, 0), tzinfo=tz)
        return When(start=start, local_date=day, time_known=False)
    return When(start=local_instant(day, clock, tz, text), local_date=day, time_known=True)


def _ago(value: str) -> float | None:
    """The minutes of a time ago (-30m, '30m ago'), or None when `value` is not one."""
    ago = value[1:] if value.startswith("-") else value[:-4] if value.lower().endswith(" ago") else None
    return None if ago is None else _duration_minutes(ago)


INSTANT_FORMS = (
    "a time today (9:05, 2:30pm), a day and a time ('yesterday 16:50', '2026-11-20 09:15')"
    " or a time ago (-10m, -1h30m, '10m ago')"
)


def parse_instant(text: str, now: datetime, what: str = "time") -> datetime:
    """An instant no later than `now`, for a timer's start or end: the forms in INSTANT_FORMS.

    A time ago counts back real minutes from `now` (across a DST change too). `what`
    ("start time", "end time") names the value in errors.
    """
    value = " ".join(text.split())
    minutes = _ago(value)
    if value.startswith("-") and minutes is None:
        raise UsageError(f"invalid {what} '{text}': use {INSTANT_FORMS}")
    if minutes is not None:
        back = timedelta(minutes=int(minutes + 0.5))
        try:
            return (now.astimezone(UTC) - back).astimezone(now.tzinfo)
        except OverflowError:
            raise UsageError(f"invalid {what} '{text}': that is too long ago") from None
    try:
        when = _when(text, now)
    except UsageError as exc:
        if WHEN_FORMS not in str(exc) and "invalid time in" not in str(exc):
            raise  # a specific complaint (no such day, a time skipped by DST...)
        raise UsageError(f"invalid {what} '{text}': use {INSTANT_FORMS}") from None
    if not when.time_known:
        raise UsageError(f"invalid {what} '{text}': give a time of day too, as in '{value} 09:15', or a time ago")
    start = when.start
    later = start.replace(fold=1)  # the repeated hour when clocks go back: the most recent past one
    if later.astimezone(UTC) != start.astimezone(UTC) and later.astimezone(UTC) <= now.astimezone(UTC):
        start = later
    if start.astimezone(UTC) > now.astimezone(UTC):  # instants: one zone on both sides compares wall clocks
        hint = f"; for yesterday, say 'yesterday {value}'" if _parse_clock(value, text) is not None else ""
        raise UsageError(f"{what} '{text}' is in the future ({start:%Y-%m-%d %H:%M}, now {now:%H:%M}){hint}")
    return start


def to_minute(instant: datetime) -> datetime:
    """`instant` on the nearest whole minute of real time (half a minute rounds up), in its own zone.

    Entries are stored to the minute: the export shows HH:MM, and an import of it
    must find the very same instant again.
    """
    utc = instant.astimezone(UTC)
    floor = utc.replace(second=0, microsecond=0)
    rounded = floor + timedelta(minutes=1) if utc - floor >= timedelta(seconds=30) else floor
    return rounded.astimezone(instant.tzinfo)


def elapsed_minutes(start: datetime, end: datetime) -> int:
    """Whole minutes of real time from `start` to `end`, each taken to its nearest minute first.

    So a session that ends at a switch and the one that starts there meet on the
    same minute. Real time: across a DST change the wall clocks jump, the minutes
    do not. Negative when `end` is before `start` (callers refuse that first).
    """
    # In UTC: two datetimes sharing one zone subtract as wall clocks, which DST breaks.
    return (to_minute(end).astimezone(UTC) - to_minute(start).astimezone(UTC)) // timedelta(minutes=1)


def parse_date(text: str, today: date) -> date:
    """A calendar date for a range: YYYY-MM-DD, today, yesterday or a weekday."""
    value = " ".join(text.split())
    day = _parse_day(value, today, text) if value else None
    if day is None:
        raise UsageError(f"invalid date '{text}': use {DATE_FORMS}")
    return day


UTC_TEXT = "%Y-%m-%d %H:%M:%S"


def utc_text(instant: datetime) -> str:
    """How instants are stored: UTC wall time as sortable text ('2026-11-23 14:05:00')."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: coachlog stores only aware instants")
    return instant.astimezone(UTC).isoformat(" ", "seconds")[:19]  # as UTC_TEXT, several times faster than strftime


def from_utc_text(text: str) -> datetime:
    # fromisoformat: C-fast, unlike strptime; reading the offset is about five times faster than .replace(tzinfo=UTC)
    # (an export reads every entry's start through here), and gives the same timezone.utc
    return datetime.fromisoformat(text[:19] + "+00:00")
