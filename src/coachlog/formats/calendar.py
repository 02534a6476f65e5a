"""Proposed coaching sessions from an iCalendar (.ics) file, as Google Calendar or Outlook export it.

`read_calendar` reads the file (ics.py: parsing with `icalendar`, recurring events
expanded with `recurring_ical_events`, broken events set aside) and turns each
occurrence in a period into a `Proposal`: a NewEntry to import, or the reason it is
skipped. Pure: no SQL, no printing; both libraries are imported only when a file is read.

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

Each entry's `source` is the occurrence's identity (ics.py: "ics:<UID>:<instant>"),
so importing the same calendar again adds nothing twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

from coachlog.domain.names import clean_name, name_key, resolve_choice
from coachlog.domain.periods import Period
from coachlog.domain.values import MAX_MINUTES, MIN_MINUTES, STANCES, NewEntry, Stance
from coachlog.errors import UsageError
from coachlog.formats.ics import (
    BrokenEvent,
    attendee_teachers,
    aware,
    calendar_owner,
    email_address,
    event_title,
    identity,
    is_all_day,
    occurrences,
    one_line,
    one_off_uids,
    parse_calendars,
    remove_broken_events,
    source,
    this_and_future_shifts,
    why_declined,
)

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
        email = email_address(self.coach_email) if self.coach_email and self.coach_email.strip() else None
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

    calendars = parse_calendars(icalendar, data, name)
    proposals: list[Proposal] = []
    seen: set[str] = set()
    for calendar in calendars:
        coach = rules.coach_email or calendar_owner(calendar)
        broken = remove_broken_events(calendar, period, tz)
        proposals.extend(_skipped(event) for event in broken)
        shifts = this_and_future_shifts(calendar)
        single = one_off_uids(calendar)
        for item in occurrences(recurring_ical_events, calendar, period, tz):
            if isinstance(item, BrokenEvent):
                proposals.append(_skipped(item))
                continue
            try:
                proposal = _propose(item, rules, coach, tz, period, shifts, single)
            except ValueError as error:  # icalendar's errors for unreadable values are ValueErrors
                proposal = Proposal(None, event_title(item), None, f"broken event: {one_line(error)}")
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


# --- one occurrence -----------------------------------------------------------------------------------------------


def _skipped(event: BrokenEvent) -> Proposal:
    return Proposal(event.when, event.title, None, event.reason)


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
    title = event_title(component)
    raw_start = component["DTSTART"].dt
    if is_all_day(raw_start):
        if not period.start <= raw_start <= period.end:
            return None
        return Proposal(datetime.combine(raw_start, time(0), tzinfo=tz), title, None, "all-day event")
    start = aware(raw_start, tz).astimezone(tz)
    if not period.start <= start.date() <= period.end:
        return None

    def skip(reason: str) -> Proposal:
        return Proposal(start, title, None, reason)

    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return skip("cancelled")
    if declined := why_declined(component, coach):
        return skip(declined)
    end = aware(component["DTEND"].dt, tz) if "DTEND" in component else start
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
        teachers, where = _teachers(component, title, rules, coach)
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
        source=source(str(component["UID"]), identity(component, shifts, single)),
    )
    return Proposal(start, title, entry, None)


def _teachers(component: Any, title: str, rules: CalendarRules, coach: str | None) -> tuple[tuple[str, ...], str]:
    """The teachers an occurrence names, as the rules say where to look, and where that was."""
    if rules.teacher_from == "attendee":
        return attendee_teachers(component, coach), "among the attendees"
    if rules.teacher_from == "location":
        return split_names(str(component.get("LOCATION", ""))), "in the location"
    return teachers_in_title(title, rules.stances), "in the title"


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
