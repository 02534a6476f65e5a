"""Proposed coaching sessions from an iCalendar (.ics) file, as Google Calendar or Outlook export it.

`read_calendar` parses the file with `icalendar`, expands recurring events with
`recurring_ical_events` (RRULE, RDATE, EXDATE, moved or cancelled occurrences,
time zones by VTIMEZONE, IANA or Windows names) and turns each occurrence in a
period into a `Proposal`: a NewEntry to import, or the reason it is skipped.
Pure: no SQL, no printing; both libraries are imported only when a file is read.

The rules, in the order they are applied to an occurrence:
- all-day events, cancelled events and events the coach declined are skipped;
- the duration is the event's real length (DTEND - DTSTART, or DURATION), in whole
  minutes; longer than 12 hours or shorter than a minute is skipped;
- the stance comes from the first keyword in the title (the coach's keyword map,
  or a stance's own name: "Coaching", "collab", "consult"), else the default stance;
- the teachers come from the title (see `teachers_in_title`), the attendees or
  the location, as the coach chooses;
- the note stays empty: an event's description often holds video-call links,
  dial-in codes and agendas naming other people or students, none of which the
  coach wrote for a private coaching note.

Each entry's `source` is "ics:<UID>:<instant>", the instant being the occurrence's
original start in UTC (YYYYMMDDTHHMMSSZ; a floating time keeps its wall time,
without Z). An occurrence moved by a RECURRENCE-ID override keeps the identity of
the occurrence it replaces, so importing the same calendar again adds nothing twice.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from coachlog.domain.timeparse import Period
from coachlog.domain.values import (
    MAX_MINUTES,
    MIN_MINUTES,
    STANCES,
    NewEntry,
    Stance,
    clean_name,
    name_key,
    resolve_choice,
)
from coachlog.errors import UsageError

TEACHER_SOURCES: tuple[str, ...] = ("title", "attendee", "location")


@dataclass(frozen=True)
class CalendarRules:
    """How the coach's calendar events become sessions.

    teacher_from: "title", "attendee" (the people invited other than the coach) or
    "location". stances: (keyword, stance) pairs from `calendar.stances`, matched
    as words in the title, any case. default_stance: for titles with no keyword
    (`calendar.default_stance` or --stance). coach_email: the coach's address, to
    recognise the coach among the attendees (for declined events and teachers).
    Values are checked and normalised on creation; bad ones raise UsageError.
    """

    teacher_from: str = "title"
    stances: tuple[tuple[str, str], ...] = ()
    default_stance: str | None = None
    coach_email: str | None = None

    def __post_init__(self) -> None:
        keywords = []
        for keyword, stance in self.stances:
            word = " ".join(keyword.split()).casefold()
            if not word:
                raise UsageError(f"invalid calendar stance keyword '{keyword}': it needs at least one character")
            keywords.append((word, resolve_choice(stance, STANCES, "stance")))
        default = resolve_choice(self.default_stance, STANCES, "stance") if self.default_stance else None
        email = _address(self.coach_email) if self.coach_email and self.coach_email.strip() else None
        if email is not None and "@" not in email:
            raise UsageError(f"invalid coach email '{self.coach_email}': use an address such as coach@school.org")
        object.__setattr__(self, "teacher_from", resolve_choice(self.teacher_from, TEACHER_SOURCES, "teacher source"))
        object.__setattr__(self, "stances", tuple(keywords))
        object.__setattr__(self, "default_stance", default)
        object.__setattr__(self, "coach_email", email)


@dataclass(frozen=True)
class Proposal:
    """One occurrence of a calendar event in the period: a session to import, or why not.

    `when` is the occurrence's start in the coach's zone (midnight for an all-day
    event); it is None only for a broken event whose start cannot be read.
    Exactly one of `entry` and `skipped` is set.
    """

    when: datetime | None
    title: str
    entry: NewEntry | None
    skipped: str | None


def read_calendar(
    data: bytes, period: Period, rules: CalendarRules, tz: tzinfo, *, name: str = "the file"
) -> list[Proposal]:
    """The proposals for every event occurrence whose local start date (in `tz`) lies in `period`.

    Sorted by start. `name` names the file in errors. A file that is not iCalendar
    raises UsageError; a broken event becomes a skipped proposal instead.
    """
    import icalendar
    import recurring_ical_events

    calendars = _parse(icalendar, data, name)
    proposals: list[Proposal] = []
    seen: set[str] = set()
    for calendar in calendars:
        coach = rules.coach_email or _calendar_owner(calendar)
        broken = _remove_broken_events(calendar, period, tz)
        proposals.extend(broken)
        shifts = _this_and_future_shifts(calendar)
        single = _one_off_uids(calendar)
        for item in _occurrences(recurring_ical_events, calendar, period, tz):
            if isinstance(item, Proposal):
                proposals.append(item)
                continue
            try:
                proposal = _propose(item, rules, coach, tz, period, shifts, single)
            except ValueError as error:  # icalendar's errors for unreadable values are ValueErrors
                proposal = Proposal(None, _title(item), None, f"broken event: {_one_line(error)}")
            if proposal is None:
                continue
            if proposal.entry is not None and proposal.entry.source in seen:
                proposal = Proposal(
                    proposal.when, proposal.title, None, "the same occurrence appears twice in the file"
                )
            elif proposal.entry is not None:
                seen.add(proposal.entry.source or "")
            proposals.append(proposal)
    floor = datetime.min.replace(tzinfo=UTC)
    return sorted(proposals, key=lambda p: (p.when or floor, p.title))


# --- reading the file -------------------------------------------------------------------------------------------


def _parse(icalendar: Any, data: bytes, name: str) -> list[Any]:
    """The VCALENDARs in `data`, or UsageError saying in one line what is wrong with the file."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise UsageError(f"{name} is empty: expected an iCalendar file (BEGIN:VCALENDAR ... END:VCALENDAR)")
    if not head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise UsageError(f"{name} is not an iCalendar file: it does not start with BEGIN:VCALENDAR")
    try:
        components = icalendar.Calendar.from_ical(head, multiple=True)
    except ValueError as error:
        raise UsageError(f"{name} is not a valid iCalendar file: {_one_line(error)}") from None
    if not components:
        raise UsageError(f"{name} is not a complete iCalendar file: a BEGIN has no matching END (is it cut short?)")
    others = sorted({c.name for c in components if c.name != "VCALENDAR"})
    if others:
        raise UsageError(f"{name} is not an iCalendar file: besides calendars it holds {', '.join(others)}")
    return list(components)


def _one_line(error: BaseException, longest: int = 160) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= longest else text[: longest - 3] + "..."


def _title(component: Any) -> str:
    return " ".join(str(component.get("SUMMARY", "")).split())


def _address(value: object) -> str:
    """An email address as compared: 'mailto:' dropped, any case."""
    text = str(value).strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    return text.strip().casefold()


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _calendar_owner(calendar: Any) -> str | None:
    """The owner's address when the calendar is named after it (Google names a primary calendar so)."""
    named = str(calendar.get("X-WR-CALNAME", "")).strip()
    return named.casefold() if _EMAIL.fullmatch(named) else None


def _is_all_day(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _aware(value: datetime, tz: tzinfo) -> datetime:
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
        if _is_all_day(start) != _is_all_day(end):
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
    for rule in _people(event, "RRULE"):
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


def _remove_broken_events(calendar: Any, period: Period, tz: tzinfo) -> list[Proposal]:
    """Take unreadable events out of `calendar`, each with the rest of its series (its UID).

    Returns them as skipped proposals, those that may touch `period` only: a broken
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
                skipped.append(Proposal(when, _title(component), None, problems[index]))
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
        return _aware(start, tz).astimezone(tz)
    return datetime.combine(start, time(0), tzinfo=tz) if isinstance(start, date) else None


def _one_off_uids(calendar: Any) -> set[str]:
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


def _this_and_future_shifts(calendar: Any) -> dict[tuple[str, str], timedelta]:
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


def _occurrences(library: Any, calendar: Any, period: Period, tz: tzinfo) -> list[Any]:
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
                reason = f"broken event: {_one_line(error)}"
            if _may_touch(main, when, period):
                found.append(Proposal(when, _title(main), None, reason))
    return found


# --- one occurrence -----------------------------------------------------------------------------------------------


def _instant_text(value: date) -> str:
    """An occurrence's identity instant: UTC with Z; a floating time as written; a date as YYYYMMDD."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _source(uid: str, instant: str) -> str:
    """The entry's source; very long UIDs (some servers write 200+ characters) are hashed to fit the column."""
    if len(uid) > 200:
        uid = "sha256-" + hashlib.sha256(uid.encode()).hexdigest()
    return f"ics:{uid}:{instant}"


def _identity(component: Any, shifts: dict[tuple[str, str], timedelta], single: set[str]) -> str:
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


def _propose(
    component: Any,
    rules: CalendarRules,
    coach: str | None,
    tz: tzinfo,
    period: Period,
    shifts: dict[tuple[str, str], timedelta],
    single: set[str],
) -> Proposal | None:
    """The proposal for one occurrence, or None when it starts outside `period`."""
    title = _title(component)
    raw_start = component["DTSTART"].dt
    if _is_all_day(raw_start):
        if not period.start <= raw_start <= period.end:
            return None
        return Proposal(datetime.combine(raw_start, time(0), tzinfo=tz), title, None, "all-day event")
    start = _aware(raw_start, tz).astimezone(tz)
    if not period.start <= start.date() <= period.end:
        return None

    def skip(reason: str) -> Proposal:
        return Proposal(start, title, None, reason)

    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return skip("cancelled")
    if declined := _declined(component, coach):
        return skip(declined)
    end = _aware(component["DTEND"].dt, tz) if "DTEND" in component else start
    minutes = int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 60 + 0.5)
    if minutes > MAX_MINUTES:
        return skip(f"longer than {MAX_MINUTES // 60} hours")
    if minutes < MIN_MINUTES:
        return skip("shorter than a minute")
    found = stance_in_title(title, rules.stances)
    stance = found or (Stance(rules.default_stance) if rules.default_stance else None)
    if stance is None:
        return skip("no stance keyword and no default stance")
    try:
        if rules.teacher_from == "attendee":
            teachers = _attendee_teachers(component, coach)
            where = "among the attendees"
        elif rules.teacher_from == "location":
            teachers = split_names(str(component.get("LOCATION", "")))
            where = "in the location"
        else:
            teachers = teachers_in_title(title, rules.stances)
            where = "in the title"
    except UsageError as error:
        return skip(str(error))
    if not teachers:
        return skip(f"no teacher {where}")
    entry = NewEntry(
        kind="session",
        start=start,
        minutes=minutes,
        local_date=start.date(),
        time_known=True,
        teachers=teachers,
        stance=stance,
        source=_source(str(component["UID"]), _identity(component, shifts, single)),
    )
    return Proposal(start, title, entry, None)


# --- people -------------------------------------------------------------------------------------------------------


def _people(component: Any, key: str) -> list[Any]:
    """The values of a property that may appear once or several times (ATTENDEE, RRULE)."""
    value = component.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _declined(component: Any, coach: str | None) -> str | None:
    """Why an event did not happen for the coach, going by the attendees' answers; None if it did.

    "declined": the attendee with the coach's address declined. "declined by everyone
    invited": every attendee other than the organizer (rooms and resources aside)
    declined; that catches the coach's own refusal without an address, and a 1:1
    the teacher declined.
    """
    attendees = _people(component, "ATTENDEE")
    if not attendees:
        return None
    organizer = _address(component.get("ORGANIZER", ""))
    invited = []
    for person in attendees:
        answer = str(person.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        address = _address(person)
        if coach is not None and address == coach and answer == "DECLINED":
            return "declined"
        if address != organizer and str(person.params.get("CUTYPE", "")).upper() not in ("ROOM", "RESOURCE"):
            invited.append(answer)
    if invited and all(answer == "DECLINED" for answer in invited):
        return "declined by everyone invited"
    return None


def _attendee_teachers(component: Any, coach: str | None) -> tuple[str, ...]:
    """The people at the event other than the coach: organizer and attendees, rooms and refusals left out.

    Without the coach's address the organizer is taken to be the coach (who sends
    most session invitations). A name is the CN, else the address's local part
    ("jane.rivera@school.org" gives "Jane Rivera").
    """
    organizer = component.get("ORGANIZER")
    people = ([organizer] if organizer is not None and coach is not None else []) + _people(component, "ATTENDEE")
    excluded = {coach if coach is not None else _address(organizer or "")}
    names: dict[str, str] = {}
    for person in people:
        address = _address(person)
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


# --- titles -------------------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_STEMS = {stance: stance.value.removesuffix("ing") for stance in Stance}  # coach, collaborat, consult


def _stance_named(word: str) -> Stance | None:
    """The stance a title word names: a prefix of its name ("collab", "coach") or a form of it ("consultation")."""
    word = word.casefold()
    if len(word) < 5:
        return None
    for stance, stem in _STEMS.items():
        if stance.value.startswith(word) or word.startswith(stem):
            return stance
    return None


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword as a whole word (or words), any case: 'plan' finds 'Co-plan' but not 'Planet'."""
    words = r"\s+".join(re.escape(part) for part in keyword.split())
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def _keyword_spans(text: str, keywords: tuple[tuple[str, str], ...]) -> list[tuple[int, int, int, Stance]]:
    """Every keyword in `text`: (start, rank, end, stance); configured keywords rank before stance names."""
    spans = []
    for rank, (keyword, stance) in enumerate(keywords):
        spans += [(m.start(), rank, m.end(), Stance(stance)) for m in _keyword_pattern(keyword).finditer(text)]
    for match in _WORD.finditer(text):
        if (named := _stance_named(match.group())) is not None:
            spans.append((match.start(), len(keywords), match.end(), named))
    return sorted(spans, key=lambda span: (span[0], span[1], -span[2]))


def stance_in_title(title: str, keywords: tuple[tuple[str, str], ...] = ()) -> Stance | None:
    """The stance of the first keyword in the title; at one place a configured keyword wins over a stance's name."""
    spans = _keyword_spans(title, keywords)
    return spans[0][3] if spans else None


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}|<[^<>]*>")
# ":" (not in "1:1" or "10:30"), "|", en and em dashes, a hyphen between spaces, "with", "w/".
_SEPARATOR = re.compile(r"(\s*(?::(?!\d)|[|–—])\s*|\s+-\s+|^-\s+|\s+-$|(?<!\S)(?:with(?!\S)|w/))", re.IGNORECASE)
_AND = re.compile(r"\s*(?:&|,|\+|;)\s*|\s+and\s+", re.IGNORECASE)
_EDGES = " \t-–—:|,;/&+"


def split_names(text: str) -> tuple[str, ...]:
    """Teachers' names in a piece of text: bracketed text dropped, split on '&', ',', '+', ';' and ' and '."""
    names: dict[str, str] = {}
    for part in _AND.split(_BRACKETED.sub(" ", text)):
        part = part.strip(_EDGES)
        if any(c.isalnum() for c in part):
            name = clean_name(part)
            names.setdefault(name_key(name), name)
    return tuple(names.values())


def teachers_in_title(title: str, keywords: tuple[tuple[str, str], ...] = ()) -> tuple[str, ...]:
    """The teachers an event title names.

    Bracketed text goes; the title is cut at separators (":", "|", "–", "—", " - ",
    "with", "w/"). The teachers are in the part after "with"/"w/" if there is one,
    else in the first part holding no stance keyword, else in the keyword's own part
    with the keyword's words removed. That part is split into names on "&", ",",
    "+", ";" and " and ". So "Coaching: Ms. Rivera" gives Ms. Rivera, "Rivera –
    debrief" (debrief a keyword) gives Rivera, "Co-plan w/ Okafor & Lee" gives
    Okafor and Lee. UsageError for a name over 100 characters.
    """
    text = " ".join(_BRACKETED.sub(" ", title).split())
    pieces = _SEPARATOR.split(text)
    parts: list[tuple[str, bool]] = []  # (text, follows "with")
    after_with = False
    for index, piece in enumerate(pieces):
        if index % 2:
            after_with = piece.strip().casefold() in ("with", "w/")
        elif piece.strip(_EDGES):
            parts.append((piece, after_with))
    if not parts:
        return ()
    chosen = next((p for p, with_ in parts if with_), None)
    if chosen is None:
        chosen = next((p for p, _ in parts if not _keyword_spans(p, keywords)), parts[0][0])
    return split_names(_without_keywords(chosen, keywords))


def _without_keywords(text: str, keywords: tuple[tuple[str, str], ...]) -> str:
    """`text` without the space-separated words that hold a keyword ('Co-plan' goes for the keyword 'plan')."""
    cut = [False] * len(text)
    for begin, _, end, _ in _keyword_spans(text, keywords):
        while begin > 0 and not text[begin - 1].isspace():
            begin -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        cut[begin:end] = [True] * (end - begin)
    return "".join(c for c, gone in zip(text, cut, strict=True) if not gone)
