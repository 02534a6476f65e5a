"""An iCalendar (.ics) file read safely: its calendars, events, recurrences, identities and people.

`parse` checks the file is iCalendar before `icalendar` reads it; `remove_broken_events`
takes out the events that cannot be read (each with the rest of its series) before
`occurrences` expands the recurring ones with `recurring_ical_events` (RRULE, RDATE,
EXDATE, moved or cancelled occurrences, time zones by VTIMEZONE, IANA or Windows names).
Both libraries are passed in or imported only when a file is read (start-up speed).

An occurrence's identity (`identity`, `source`) is "ics:<UID>:<instant>", the instant
being its original start in UTC (YYYYMMDDTHHMMSSZ; a floating time keeps its wall time,
without Z). An occurrence moved by a RECURRENCE-ID override keeps the identity of the
occurrence it replaces, so importing the same calendar again adds nothing twice.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, ClassVar

from coachlog.domain.frozen import Frozen
from coachlog.domain.names import clean_name, name_key
from coachlog.domain.periods import Period
from coachlog.errors import UsageError

CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar", ".ifb")


class BrokenEvent(Frozen):
    """An event (or a series) that cannot be read: when it starts if that is readable, its title, and why. Frozen
    (domain/frozen.py): a spreadsheet's import, which asks is_calendar, loads no `dataclasses`."""

    FIELDS: ClassVar[tuple[str, ...]] = ("when", "title", "reason")
    when: datetime | None
    title: str
    reason: str

    def __init__(self, when: datetime | None, title: str, reason: str) -> None:
        self.__dict__.update(when=when, title=title, reason=reason)


def is_calendar(path: Path) -> bool:
    """An .ics file, or any file that starts like one (a calendar saved under another name)."""
    if path.suffix.lower() in CALENDAR_SUFFIXES:
        return True
    try:
        with path.open("rb") as handle:
            start = handle.read(64)
    except OSError:
        return False  # the spreadsheet path says what is wrong with the file
    return start.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")


# --- reading the file -------------------------------------------------------------------------------------------


def parse_calendars(icalendar: Any, data: bytes, name: str) -> list[Any]:
    """The VCALENDARs in `data`, or UsageError saying in one line what is wrong with the file."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise UsageError(f"{name} is empty: expected an iCalendar file (BEGIN:VCALENDAR ... END:VCALENDAR)")
    if not head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise UsageError(f"{name} is not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    try:
        components = icalendar.Calendar.from_ical(head, multiple=True)
    except ValueError as error:
        raise UsageError(f"{name} is not a valid iCalendar file: {one_line(error)}") from None
    if not components:
        raise UsageError(f"{name} is not a complete iCalendar file: a BEGIN has no matching END (is it cut short?)")
    others = sorted({c.name for c in components if c.name != "VCALENDAR"})
    if others:
        raise UsageError(f"{name} is not an iCalendar file: besides calendars it holds {', '.join(others)}")
    return list(components)


def one_line(error: BaseException, longest: int = 160) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= longest else text[: longest - 3] + "..."


def event_title(component: Any) -> str:
    return " ".join(str(component.get("SUMMARY", "")).split())


def email_address(value: object) -> str:
    """An email address as compared: 'mailto:' dropped, any case."""
    text = str(value).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def calendar_owner(calendar: Any) -> str | None:
    """The owner's address when the calendar is named after it (Google names a primary calendar so)."""
    named = str(calendar.get("X-WR-CALNAME", "")).strip()
    return named.casefold() if _EMAIL.fullmatch(named) else None


def is_all_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def aware(value: datetime, tz: tzinfo) -> datetime:
    """A floating time (no zone) is the coach's local time."""
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


_TIMES = {
    "DTSTART": "start (DTSTART)",
    "DTEND": "end (DTEND)",
    "DURATION": "DURATION",
    "RECURRENCE-ID": "RECURRENCE-ID",
}


def _event_problem(event: Any) -> str | None:
    """Why an event cannot be read, or None; checked before expanding recurrences."""
    if not str(event.get("UID", "")).strip():
        return "no UID, so a second import could not recognise it"
    if "DTSTART" not in event:
        return "no start (DTSTART)"
    values: dict[str, Any] = {}
    for key, label in _TIMES.items():
        if key not in event:
            continue
        try:
            values[key] = event[key].dt
        except (ValueError, AttributeError, TypeError):  # icalendar raises ValueErrors for broken values
            return f"unreadable {label}"
        if not isinstance(values[key], timedelta if key == "DURATION" else date):
            return f"unreadable {label}"
    if (rule_problem := _rule_problem(event)) is not None:
        return rule_problem
    start, end = values["DTSTART"], values.get("DTEND")
    zone = event["DTSTART"].params.get("TZID")
    if zone and isinstance(start, datetime) and start.tzinfo is None:
        return f"unknown time zone '{zone}'"
    if end is not None:
        if is_all_day(start) != is_all_day(end):
            return "its start and end are not both dates or both times"
        if isinstance(start, datetime) and (start.tzinfo is None) != (end.tzinfo is None):
            return "its start and end mix a floating time with a zoned one"
        if end < start:
            return "it ends before it starts"
    elif values.get("DURATION", timedelta(0)) < timedelta(0):
        return "negative DURATION"
    return None


def _rule_problem(event: Any) -> str | None:
    """What is wrong with an event's RRULE: checked first, as INTERVAL=0 sends the expansion into an endless loop."""
    for rule in _values_of(event, "RRULE"):
        try:
            frequency = [str(f).upper() for f in rule.get("FREQ", [])]
            interval = rule.get("INTERVAL", [1])
        except (ValueError, AttributeError, TypeError):
            return "unreadable repetition rule (RRULE)"
        if not frequency:
            return "a repetition rule (RRULE) without FREQ"
        if any(not isinstance(n, int) or n < 1 for n in interval):
            return "a repetition rule (RRULE) whose INTERVAL is not 1 or more"
        if frequency[0] in ("SECONDLY", "MINUTELY"):
            return "it repeats every minute or second: not a session"
    return None


def remove_broken_events(calendar: Any, period: Period, tz: tzinfo) -> list[BrokenEvent]:
    """Take unreadable events out of `calendar`, each with the rest of its series (its UID).

    Returns them as BrokenEvents, those that may touch `period` only: a broken
    event from years ago does not come back at every import.
    """
    problems = {}
    for index, component in enumerate(calendar.subcomponents):
        if component.name == "VEVENT" and (problem := _event_problem(component)) is not None:
            problems[index] = problem
    if not problems:
        return []
    broken = {str(calendar.subcomponents[index].get("UID", "")) for index in problems}
    broken.discard("")  # events without a UID are not a series: each is broken on its own
    skipped, kept = [], []
    for index, component in enumerate(calendar.subcomponents):
        if index in problems:
            when = _readable_start(component, tz)
            if _may_touch(component, when, period):
                skipped.append(BrokenEvent(when, event_title(component), problems[index]))
        elif component.name != "VEVENT" or str(component.get("UID", "")) not in broken:
            kept.append(component)
    calendar.subcomponents[:] = kept
    return skipped


def _may_touch(component: Any, when: datetime | None, period: Period) -> bool:
    """Whether a broken event may have occurrences in `period`: unknown start, in it, or recurring from before it."""
    if when is None or period.start <= when.date() <= period.end:
        return True
    return when.date() <= period.end and any(key in component for key in ("RRULE", "RDATE"))


def _readable_start(component: Any, tz: tzinfo) -> datetime | None:
    try:
        start = component["DTSTART"].dt
    except (ValueError, AttributeError, TypeError, KeyError):
        return None
    if isinstance(start, datetime):
        return aware(start, tz).astimezone(tz)
    return datetime.combine(start, time(0), tzinfo=tz) if isinstance(start, date) else None


def one_off_uids(calendar: Any) -> set[str]:
    """UIDs of events that do not repeat: no RRULE, no RDATE, no override of an occurrence.

    recurring_ical_events gives every occurrence a RECURRENCE-ID, one-offs included,
    so this is read from the calendar as written.
    """
    repeating: set[str] = set()
    every: set[str] = set()
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        every.add(uid)
        if any(key in event for key in ("RRULE", "RDATE", "RECURRENCE-ID")):
            repeating.add(uid)
    return every - repeating


def this_and_future_shifts(calendar: Any) -> dict[tuple[str, str], timedelta]:
    """For overrides with RANGE=THISANDFUTURE: how far they move the later occurrences.

    recurring_ical_events gives those occurrences the override's RECURRENCE-ID;
    subtracting the shift recovers each one's own original start (its identity).
    """
    shifts = {}
    for event in calendar.walk("VEVENT"):
        recurrence = event.get("RECURRENCE-ID")
        if recurrence is None or str(recurrence.params.get("RANGE", "")).upper() != "THISANDFUTURE":
            continue
        start, original = event["DTSTART"].dt, recurrence.dt
        both = isinstance(start, datetime) and isinstance(original, datetime)
        if both and (start.tzinfo is None) == (original.tzinfo is None):
            shifts[(str(event["UID"]), _instant_text(original))] = start - original
    return shifts


def occurrences(library: Any, calendar: Any, period: Period, tz: tzinfo) -> list[Any]:
    """Every occurrence near `period` (a day's margin each side, for other zones), as components.

    If the library rejects the calendar (a malformed RRULE, say), each event series is
    expanded on its own so that only the broken ones are lost, each with its reason.
    """
    low, high = period.start - timedelta(days=1), period.end + timedelta(days=2)
    try:
        return list(library.of(calendar).between(low, high))
    except Exception:  # any failure inside the library: narrowed to each series below
        pass
    found: list[Any] = []
    series: dict[str, list[Any]] = {}
    others = []
    for component in calendar.subcomponents:
        if component.name == "VEVENT":
            series.setdefault(str(component.get("UID")), []).append(component)
        else:
            others.append(component)
    for events in series.values():
        single = calendar.copy()
        for component in [*others, *events]:
            single.add_component(component)
        try:
            found.extend(library.of(single).between(low, high))
        except Exception as error:  # a broken series is reported, not raised
            main = next((e for e in events if "RECURRENCE-ID" not in e), events[0])
            when = _readable_start(main, tz)
            if isinstance(error, library.BadRuleStringFormat):
                reason = "unreadable repetition rule (RRULE)"  # the library's message guesses at a missing UNTIL
            else:
                reason = f"broken event: {one_line(error)}"
            if _may_touch(main, when, period):
                found.append(BrokenEvent(when, event_title(main), reason))
    return found


# --- an occurrence's identity -----------------------------------------------------------------------------------


def _instant_text(value: date) -> str:
    """An occurrence's identity instant: UTC with Z; a floating time as written; a date as YYYYMMDD."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def source(uid: str, instant: str) -> str:
    """The entry's source; very long UIDs (some servers write 200+ characters) are hashed to fit the column."""
    if len(uid) > 200:
        import hashlib  # here: it loads OpenSSL, which a spreadsheet's import (it asks is_calendar) does not need

        uid = "sha256-" + hashlib.sha256(uid.encode()).hexdigest()
    return f"ics:{uid}:{instant}"


def identity(component: Any, shifts: dict[tuple[str, str], timedelta], single: set[str]) -> str:
    """Which occurrence this is: its original start (its RECURRENCE-ID, or its own start in a series),
    or "once" for an event that does not repeat."""
    if str(component["UID"]) in single:
        return "once"  # a one-off event is itself, wherever it is moved to later
    recurrence = component.get("RECURRENCE-ID")
    if recurrence is None:
        return _instant_text(component["DTSTART"].dt)
    original = recurrence.dt
    shift = shifts.get((str(component["UID"]), _instant_text(original)))
    if shift is not None:
        original = component["DTSTART"].dt - shift
    return _instant_text(original)


# --- people -------------------------------------------------------------------------------------------------------


def _values_of(component: Any, key: str) -> list[Any]:
    """The values of a property that may appear once or several times (ATTENDEE, RRULE)."""
    value = component.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def why_declined(component: Any, coach: str | None) -> str | None:
    """Why an event did not happen for the coach, going by the attendees' answers; None if it did.

    "declined": the attendee with the coach's address declined. "declined by everyone
    invited": every attendee other than the organizer (rooms and resources aside)
    declined; that catches the coach's own refusal without an address, and a 1:1
    the teacher declined.
    """
    attendees = _values_of(component, "ATTENDEE")
    if not attendees:
        return None
    organizer = email_address(component.get("ORGANIZER", ""))
    invited = []
    for person in attendees:
        answer = str(person.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        address = email_address(person)
        if coach is not None and address == coach and answer == "DECLINED":
            return "declined"
        if address != organizer and str(person.params.get("CUTYPE", "")).upper() not in ("ROOM", "RESOURCE"):
            invited.append(answer)
    if invited and all(answer == "DECLINED" for answer in invited):
        return "declined by everyone invited"
    return None


def attendee_teachers(component: Any, coach: str | None) -> tuple[str, ...]:
    """The people at the event other than the coach: organizer and attendees, rooms and refusals left out.

    Without the coach's address the organizer is taken to be the coach (who sends
    most session invitations). A name is the CN, else the address's local part
    ("jane.rivera@school.org" gives "Jane Rivera").
    """
    organizer = component.get("ORGANIZER")
    people = ([organizer] if organizer is not None and coach is not None else []) + _values_of(component, "ATTENDEE")
    excluded = {coach if coach is not None else email_address(organizer or "")}
    names: dict[str, str] = {}
    for person in people:
        address = email_address(person)
        if address in excluded or str(person.params.get("CUTYPE", "")).upper() in ("ROOM", "RESOURCE"):
            continue
        if str(person.params.get("PARTSTAT", "")).upper() == "DECLINED":
            continue
        excluded.add(address)
        shown = " ".join(str(person.params.get("CN", "")).split())
        if not shown or _EMAIL.fullmatch(shown):
            local = address.partition("@")[0]
            shown = " ".join(part.capitalize() for part in re.split(r"[._]+", local) if part)
        if shown and any(c.isalnum() for c in shown):
            name = clean_name(shown)
            names.setdefault(name_key(name), name)
    return tuple(names.values())
