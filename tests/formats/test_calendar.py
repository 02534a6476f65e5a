"""Tests for coachlog.formats.calendar: iCalendar events (as Google and Outlook export them) proposed as sessions."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coachlog.domain.periods import Period
from coachlog.domain.values import Stance
from coachlog.errors import UsageError
from coachlog.formats.calendar import CalendarRules, Proposal, read_calendar, stance_in_title, teachers_in_title

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
ZONE_NAME = "America/New_York"
AUTUMN = Period(date(2026, 9, 1), date(2026, 12, 31), "autumn")
DEFAULT = CalendarRules(default_stance="consulting")

# America/New_York as Google Calendar writes it into an export.
GOOGLE_NEW_YORK = """BEGIN:VTIMEZONE
TZID:America/New_York
X-LIC-LOCATION:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE"""


def outlook_zone(tzid: str) -> str:
    """US Eastern time as Outlook writes it: a Windows or display name, rules from 1601."""
    return f"""BEGIN:VTIMEZONE
TZID:{tzid}
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE"""


def vevent(uid: str, summary: str, start: str, end: str | None = None, *lines: str, zone: str | None = None) -> str:
    """One VEVENT. `start`/`end` are iCalendar values (20261102T090000, 20261102T140000Z, 20261102)."""

    def stamp(key: str, value: str) -> str:
        if len(value) == 8:
            return f"{key};VALUE=DATE:{value}"
        quoted = f'"{zone}"' if zone and set(zone) & set(":;,") else zone  # RFC 5545 quotes such values
        return f"{key};TZID={quoted}:{value}" if zone else f"{key}:{value}"

    body = [f"UID:{uid}", "DTSTAMP:20261001T120000Z", f"SUMMARY:{summary}", stamp("DTSTART", start)]
    if end is not None:
        body.append(stamp("DTEND", end))
    return "\n".join(["BEGIN:VEVENT", *body, *lines, "END:VEVENT"])


def ics(*parts: str, head: str = "") -> bytes:
    """A VCALENDAR around `parts` (VTIMEZONEs and VEVENTs), with CRLF line ends as RFC 5545 asks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coachlog tests//EN", *filter(None, [head]), *parts]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def read(
    data: bytes, rules: CalendarRules = DEFAULT, period: Period = AUTUMN, tz: ZoneInfo = NEW_YORK
) -> list[Proposal]:
    return read_calendar(data, period, rules, tz, name="calendar.ics")


def proposed(proposals: list[Proposal]) -> list[Proposal]:
    return [p for p in proposals if p.entry is not None]


def reasons(proposals: list[Proposal]) -> dict[str, str | None]:
    return {p.title: p.skipped for p in proposals}


# --- recurrence, time zones and identity ------------------------------------------------------------------------

WEEKLY = ics(
    GOOGLE_NEW_YORK,
    vevent(
        "weekly-rivera@google.com",
        "Coaching: Ms. Rivera",
        "20261019T090000",
        "20261019T095000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6",
        "EXDATE;TZID=America/New_York:20261026T090000",
        zone="America/New_York",
    ),
    vevent(
        "weekly-rivera@google.com",
        "Coaching: Ms. Rivera",
        "20261110T140000",
        "20261110T150000",
        "RECURRENCE-ID;TZID=America/New_York:20261109T090000",
        zone="America/New_York",
    ),
    head="X-WR-TIMEZONE:America/New_York",
)


def test_weekly_series_across_the_dst_change_with_exdate_and_moved_occurrence() -> None:
    """9:00 stays 9:00 local after 2026-11-01 (13:00Z then 14:00Z); the EXDATE is gone; the moved one keeps its id."""
    sessions = proposed(read(WEEKLY))
    starts = [p.entry.start for p in sessions if p.entry]
    assert [s.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for s in starts] == [
        "10-19 09:00",
        "11-02 09:00",
        "11-10 14:00",
        "11-16 09:00",
        "11-23 09:00",
    ]
    assert starts[0].astimezone(UTC).hour == 13 and starts[1].astimezone(UTC).hour == 14
    entries = [p.entry for p in sessions if p.entry]
    assert [e.minutes for e in entries] == [50, 50, 60, 50, 50]
    assert entries[2].source == "ics:weekly-rivera@google.com:20261109T140000Z"  # the 9 Nov 9:00 it replaces
    assert entries[1].source == "ics:weekly-rivera@google.com:20261102T140000Z"
    assert entries[0].source == "ics:weekly-rivera@google.com:20261019T130000Z"
    assert all(e.teachers == ("Ms. Rivera",) and e.stance is Stance.COACHING for e in entries)
    assert all(e.kind == "session" and e.time_known and e.note is None for e in entries)
    assert [e.local_date for e in entries] == [date(2026, 10, 19), *(date(2026, 11, d) for d in (2, 10, 16, 23))]


def test_sources_are_stable_across_reads_and_unique_per_occurrence() -> None:
    """Reading the same file twice gives the same sources (a re-import adds nothing); no two occurrences share one."""
    first = [p.entry.source for p in read(WEEKLY) if p.entry]
    second = [p.entry.source for p in read(WEEKLY) if p.entry]
    assert first == second
    assert len(set(first)) == len(first) == 5


def test_the_same_occurrence_twice_in_a_file_is_proposed_once() -> None:
    """Two calendars holding one event (two exports joined into one file) give one session and one skip."""
    event = vevent("dup-1", "Coaching: Lee", "20261110T150000Z", "20261110T153000Z")
    assert len(read(ics(event, event))) == 1  # within one calendar the library already merges copies
    proposals = read(ics(event) + ics(event))
    assert len(proposed(proposals)) == 1
    assert [p.skipped for p in proposals if p.entry is None] == ["the same occurrence appears twice in the file"]


def test_this_and_future_override_gives_each_later_occurrence_its_own_identity() -> None:
    """RANGE=THISANDFUTURE moves the rest of a series; each moved occurrence keeps its original start as id."""
    data = ics(
        vevent(
            "tf-1", "Coaching Lee", "20261001T100000", "20261001T110000", "RRULE:FREQ=WEEKLY;COUNT=4", zone=ZONE_NAME
        ),
        vevent(
            "tf-1",
            "Coaching Lee",
            "20261008T120000",
            "20261008T130000",
            f"RECURRENCE-ID;RANGE=THISANDFUTURE;TZID={ZONE_NAME}:20261008T100000",
            zone=ZONE_NAME,
        ),
    )
    entries = [p.entry for p in read(data) if p.entry]
    assert [e.start.strftime("%m-%d %H:%M") for e in entries] == [
        "10-01 10:00",
        "10-08 12:00",
        "10-15 12:00",
        "10-22 12:00",
    ]
    assert [e.source for e in entries] == [f"ics:tf-1:202610{d}T140000Z" for d in ("01", "08", "15", "22")]


@pytest.mark.parametrize(
    ("tzid", "block"),
    [
        ("Eastern Standard Time", True),  # Outlook: a Windows zone name with its VTIMEZONE
        ("Eastern Standard Time", False),  # a Windows name alone: mapped to America/New_York
        ("(UTC-05:00) Eastern Time (US & Canada)", True),  # older Outlook: only the VTIMEZONE rules say what it is
        ("America/New_York", False),  # an IANA name without a VTIMEZONE
    ],
)
def test_outlook_and_named_zones_follow_their_rules(tzid: str, block: bool) -> None:
    """A weekly 9:00 in the event's zone is 9:00 in New York on both sides of the DST change."""
    data = ics(
        *([outlook_zone(tzid)] if block else []),
        vevent("o-1", "Coaching: Okafor", "20261026T090000", "20261026T094500", "RRULE:FREQ=WEEKLY;COUNT=2", zone=tzid),
    )
    entries = [p.entry for p in read(data) if p.entry]
    assert [e.start.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for e in entries] == ["10-26 09:00", "11-02 09:00"]
    assert [e.start.astimezone(UTC).hour for e in entries] == [13, 14]
    assert [e.minutes for e in entries] == [45, 45]


def test_an_event_in_another_zone_gets_the_coachs_local_date() -> None:
    """03:00 in London on 10 Nov is 22:00 on 9 Nov in New York: the session belongs to 9 Nov there."""
    data = ics(vevent("ldn-1", "Coaching: Ms. Patel", "20261110T030000", "20261110T040000", zone="Europe/London"))
    ninth = Period(date(2026, 11, 9), date(2026, 11, 9), "9 Nov")
    tenth = Period(date(2026, 11, 10), date(2026, 11, 10), "10 Nov")
    (only,) = read(data, period=ninth)
    assert only.entry is not None and only.entry.local_date == date(2026, 11, 9)
    assert only.when == datetime(2026, 11, 9, 22, 0, tzinfo=NEW_YORK)
    assert only.entry.source == "ics:ldn-1:once"  # a one-off is known by its UID, wherever it moves
    assert read(data, period=tenth) == []
    (london,) = read(data, period=tenth, tz=LONDON)  # the same event read by a coach in London
    assert london.entry is not None and london.entry.local_date == date(2026, 11, 10)


def test_google_utc_times_are_read_in_the_calendars_zone() -> None:
    """Google writes times in UTC (Z) with X-WR-TIMEZONE; the instant is kept, the local date follows the coach."""
    data = ics(
        vevent("utc-1", "Coaching: Lee", "20261110T033000Z", "20261110T041500Z"), head="X-WR-TIMEZONE:Europe/London"
    )
    (only,) = read(data, period=Period(date(2026, 11, 9), date(2026, 11, 9), "9 Nov"))
    assert only.entry is not None and only.entry.start == datetime(2026, 11, 10, 3, 30, tzinfo=UTC)
    assert only.entry.minutes == 45 and only.entry.local_date == date(2026, 11, 9)


def test_floating_times_are_the_coachs_local_time() -> None:
    """A time without a zone is wall time where the coach is; its id does not change with the zone."""
    data = ics(vevent("float-1", "Coaching: Lee", "20261110T140000", "20261110T143000"))
    (only,) = read(data)
    assert only.entry is not None and only.entry.start == datetime(2026, 11, 10, 14, 0, tzinfo=NEW_YORK)
    assert only.entry.source == "ics:float-1:once"
    (in_london,) = read(data, tz=LONDON)
    assert in_london.entry is not None and in_london.entry.start == datetime(2026, 11, 10, 14, 0, tzinfo=LONDON)
    assert in_london.entry.source == only.entry.source  # moving zones does not duplicate it


def test_period_keeps_only_occurrences_starting_on_its_local_dates() -> None:
    """A daily series gives exactly the days in the period, first and last included."""
    data = ics(vevent("d-1", "Coaching: Lee", "20261101T080000", "20261101T083000", "RRULE:FREQ=DAILY", zone=ZONE_NAME))
    week = Period(date(2026, 11, 9), date(2026, 11, 15), "week")
    assert [p.entry.local_date for p in read(data, period=week) if p.entry] == [
        date(2026, 11, 9) + timedelta(days=n) for n in range(7)
    ]


def test_duration_is_the_real_length_of_the_event() -> None:
    """00:30-02:30 on the night the clocks go back lasts 3 hours; DURATION counts; seconds round to a minute."""
    data = ics(
        vevent("dst-night", "Coaching: Lee", "20261101T003000", "20261101T023000", zone=ZONE_NAME),
        vevent("dur", "Coaching: Rivera", "20261102T100000", None, "DURATION:PT45M", zone=ZONE_NAME),
        vevent("secs", "Coaching: Okafor", "20261103T100000Z", "20261103T102030Z"),
        vevent("secs2", "Coaching: Chen", "20261103T110000Z", "20261103T112029Z"),
    )
    minutes = {p.title: p.entry.minutes for p in read(data) if p.entry}
    assert minutes == {"Coaching: Lee": 180, "Coaching: Rivera": 45, "Coaching: Okafor": 21, "Coaching: Chen": 20}


# --- what is skipped ----------------------------------------------------------------------------------------------

ORGANIZER = "ORGANIZER;CN=Coach Kim:mailto:kim@school.org"


def attendee(address: str, answer: str = "ACCEPTED", cn: str | None = None, cutype: str | None = None) -> str:
    params = f";PARTSTAT={answer}" + (f";CN={cn}" if cn else "") + (f";CUTYPE={cutype}" if cutype else "")
    return f"ATTENDEE{params}:mailto:{address}"


def test_all_day_cancelled_declined_and_long_events_are_skipped_with_reasons() -> None:
    """Each kind of event that is not a session says why; a plain event beside them is proposed."""
    data = ics(
        vevent("allday", "Coaching: PD day", "20261111", "20261112"),
        vevent("cancelled", "Coaching: Rivera cancelled", "20261111T100000Z", "20261111T110000Z", "STATUS:CANCELLED"),
        vevent(
            "declined",
            "Coaching: Okafor declined",
            "20261111T120000Z",
            "20261111T130000Z",
            ORGANIZER,
            attendee("kim@school.org", "ACCEPTED"),
            attendee("Okafor@School.org", "ACCEPTED"),
            attendee("Coach@School.org", "DECLINED"),
        ),
        vevent(
            "teacher-declined",
            "Coaching: Lee declined",
            "20261111T140000Z",
            "20261111T150000Z",
            ORGANIZER,
            attendee("kim@school.org", "ACCEPTED"),
            attendee("lee@school.org", "DECLINED"),
            attendee("room-12@school.org", "ACCEPTED", cutype="ROOM"),
        ),
        vevent("long", "Coaching: retreat", "20261112T080000Z", "20261112T210000Z"),
        vevent("zero", "Coaching: reminder", "20261112T080000Z", "20261112T080000Z"),
        vevent("ok", "Coaching: Chen", "20261113T150000Z", "20261113T154500Z"),
    )
    found = read(data, CalendarRules(default_stance="consulting", coach_email="MAILTO:coach@school.org"))
    assert reasons(found) == {
        "Coaching: PD day": "all-day event",
        "Coaching: Rivera cancelled": "cancelled",
        "Coaching: Okafor declined": "declined",
        "Coaching: Lee declined": "declined by everyone invited",
        "Coaching: retreat": "longer than 12 hours",
        "Coaching: reminder": "shorter than a minute",
        "Coaching: Chen": None,
    }
    all_day = next(p for p in found if p.title == "Coaching: PD day")
    assert all_day.when == datetime(2026, 11, 11, tzinfo=NEW_YORK) and all_day.entry is None


def test_declined_needs_the_coachs_address_unless_the_calendar_is_named_after_it() -> None:
    """Another attendee's refusal does not skip a meeting; the coach's does, known from rules or X-WR-CALNAME."""
    event = vevent(
        "plc",
        "Coaching: Grade 3 team",
        "20261111T120000Z",
        "20261111T130000Z",
        ORGANIZER,
        attendee("coach@school.org", "DECLINED"),
        attendee("lee@school.org", "ACCEPTED"),
    )
    assert read(ics(event))[0].skipped is None  # who is the coach? nobody said
    assert read(ics(event, head="X-WR-CALNAME:coach@school.org"))[0].skipped == "declined"
    assert read(ics(event), CalendarRules(default_stance="coaching", coach_email="coach@school.org"))[0].skipped == (
        "declined"
    )


def test_a_cancelled_occurrence_of_a_series_is_skipped_alone() -> None:
    """Google marks one cancelled meeting of a series with an override whose STATUS is CANCELLED."""
    data = ics(
        vevent(
            "s-1", "Coaching: Lee", "20261102T100000", "20261102T103000", "RRULE:FREQ=WEEKLY;COUNT=3", zone=ZONE_NAME
        ),
        vevent(
            "s-1",
            "Coaching: Lee",
            "20261109T100000",
            "20261109T103000",
            f"RECURRENCE-ID;TZID={ZONE_NAME}:20261109T100000",
            "STATUS:CANCELLED",
            zone=ZONE_NAME,
        ),
    )
    assert [(p.when.day if p.when else None, p.skipped) for p in read(data)] == [
        (2, None),
        (9, "cancelled"),
        (16, None),
    ]


def test_no_stance_and_no_teacher_are_reasons_too() -> None:
    """Without a keyword and without a default stance an event is skipped; so is a title with nothing but a keyword."""
    data = ics(
        vevent("a", "Ms. Rivera", "20261110T150000Z", "20261110T153000Z"),
        vevent("b", "Coaching", "20261110T160000Z", "20261110T163000Z"),
        vevent("c", "Debrief: (room 12)", "20261110T170000Z", "20261110T173000Z"),
    )
    found = read(data, CalendarRules(stances=(("debrief", "coaching"),)))
    assert reasons(found) == {
        "Ms. Rivera": "no stance keyword and no default stance",
        "Coaching": "no teacher in the title",
        "Debrief: (room 12)": "no teacher in the title",
    }


# --- stances and teachers from titles --------------------------------------------------------------------------

STANCES = (("debrief", "coaching"), ("co-plan", "collaborating"), ("plan", "collaborating"), ("1:1", "coaching"))


@pytest.mark.parametrize(
    ("title", "teachers"),
    [
        ("Coaching: Ms. Rivera", ("Ms. Rivera",)),
        ("Rivera – debrief", ("Rivera",)),
        ("Co-plan w/ Okafor & Lee", ("Okafor", "Lee")),
        ("Co-plan w/Okafor and Lee", ("Okafor", "Lee")),
        ("Debrief with Mr. Lee (room 12)", ("Mr. Lee",)),
        ("Meeting with Mr. Lee", ("Mr. Lee",)),  # no keyword at all: the part after "with" names the teacher
        ("Ms. Rivera: coaching cycle", ("Ms. Rivera",)),
        ("Debrief Rivera", ("Rivera",)),
        ("1:1 Rivera", ("Rivera",)),
        ("Okafor, Lee & Chen | planning [grade 3]", ("Okafor", "Lee", "Chen")),
        ("Consulting - Jean-Paul Okafor", ("Jean-Paul Okafor",)),
        ("Rivera-Smith", ("Rivera-Smith",)),
        ("Grade 3 team — debrief", ("Grade 3 team",)),
        ("Lee & lee", ("Lee",)),
        ("Debrief", ()),
    ],
)
def test_teachers_from_title_variants(title: str, teachers: tuple[str, ...]) -> None:
    """Keywords, separators and bracketed text go; what is left is split into names."""
    assert teachers_in_title(title, STANCES) == teachers


@pytest.mark.parametrize(
    ("title", "stance"),
    [
        ("Debrief: Rivera", Stance.COACHING),
        ("DEBRIEF: Rivera", Stance.COACHING),
        ("Co-plan w/ Okafor", Stance.COLLABORATING),
        ("Planning with Okafor", None),  # 'plan' is a keyword, 'planning' is another word
        ("Coaching: Ms. Rivera", Stance.COACHING),
        ("Collab: Lee", Stance.COLLABORATING),
        ("Collaboration with Lee", Stance.COLLABORATING),
        ("Consult w/ Lee", Stance.CONSULTING),
        ("Lee consultation then debrief", Stance.CONSULTING),  # the first keyword in the title
        ("Coach Lee", Stance.COACHING),
        ("Cons Lee", None),  # too short to be a stance's name
        ("Lee", None),
    ],
)
def test_stance_from_the_first_keyword_or_stance_name(title: str, stance: Stance | None) -> None:
    """The keyword map and the stances' own names, as words in any case; the earliest one wins."""
    assert stance_in_title(title, STANCES) is stance


def test_keyword_map_wins_over_stance_name_and_default_fills_in() -> None:
    """A configured keyword at the same place beats a stance name; titles with no keyword take the default stance."""
    data = ics(
        vevent("a", "Coaching cycle: Lee", "20261110T150000Z", "20261110T153000Z"),
        vevent("b", "Okafor", "20261110T160000Z", "20261110T163000Z"),
    )
    rules = CalendarRules(stances=(("coaching cycle", "consult"),), default_stance="collab")
    stances = {p.title: p.entry.stance for p in read(data, rules) if p.entry}
    assert stances == {"Coaching cycle: Lee": Stance.CONSULTING, "Okafor": Stance.COLLABORATING}


def test_teachers_from_attendees() -> None:
    """Attendees other than the coach, by CN or address; rooms and those who declined left out; organizer counts."""
    data = ics(
        vevent(
            "att",
            "Coaching",
            "20261110T150000Z",
            "20261110T153000Z",
            "ORGANIZER;CN=Ms. Rivera:mailto:rivera@school.org",
            attendee("rivera@school.org", "ACCEPTED", cn="Ms. Rivera"),
            attendee("coach@school.org", "ACCEPTED", cn="Coach Kim"),
            attendee("jean.okafor@school.org", "NEEDS-ACTION"),
            attendee("lee@school.org", "DECLINED", cn="Mr. Lee"),
            attendee("room-12@school.org", "ACCEPTED", cn="Room 12", cutype="ROOM"),
        ),
    )
    rules = CalendarRules(teacher_from="attendee", default_stance="coaching", coach_email="coach@school.org")
    (only,) = read(data, rules)
    assert only.entry is not None and only.entry.teachers == ("Ms. Rivera", "Jean Okafor")
    # without the coach's address the organizer is taken to be the coach
    (guess,) = read(data, CalendarRules(teacher_from="attendee", default_stance="coaching"))
    assert guess.entry is not None and guess.entry.teachers == ("Coach Kim", "Jean Okafor")


def test_teachers_from_location() -> None:
    """--teacher-from location reads names from LOCATION; an empty one is a reason to skip."""
    data = ics(
        vevent("loc", "Coaching", "20261110T150000Z", "20261110T153000Z", "LOCATION:Okafor & Lee (room 12)"),
        vevent("noloc", "Coaching cycle", "20261110T160000Z", "20261110T163000Z"),
    )
    found = read(data, CalendarRules(teacher_from="loc", default_stance="coaching"))
    assert [p.entry.teachers for p in found if p.entry] == [("Okafor", "Lee")]
    assert reasons(found)["Coaching cycle"] == "no teacher in the location"


def test_a_description_never_becomes_a_note() -> None:
    """Event descriptions hold call links and other people's details: the proposed note stays empty."""
    data = ics(
        vevent("d", "Coaching: Lee", "20261110T150000Z", "20261110T153000Z", "DESCRIPTION:Zoom 123 / Jo (student)")
    )
    (only,) = read(data)
    assert only.entry is not None and only.entry.note is None


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"teacher_from": "subject"}, "unknown teacher source 'subject'"),
        ({"default_stance": "evaluating"}, "unknown stance 'evaluating'"),
        ({"stances": (("debrief", "coach"), (" ", "coaching"))}, "invalid calendar stance keyword"),
        ({"coach_email": "coach"}, "invalid coach email 'coach'"),
    ],
)
def test_rules_are_checked(rules: dict, message: str) -> None:
    """Bad rules raise UsageError naming the bad value."""
    with pytest.raises(UsageError, match=message):
        CalendarRules(**rules)


# --- bad files and broken events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "calendar.ics is empty"),
        (b"  \r\n", "calendar.ics is empty"),
        (
            b"date,teacher\n2026-11-10,Lee\n",
            "calendar.ics is not an iCalendar file: it does not start with BEGIN:VCALENDAR",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "calendar.ics is not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\n", "calendar.ics is not a complete iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nnot a content line\r\nEND:VCALENDAR\r\n", "calendar.ics is not a valid iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCARD\r\nEND:VCARD\r\n", "it holds VCARD"),
    ],
)
def test_a_file_that_is_not_icalendar_is_a_usage_error(data: bytes, message: str) -> None:
    """One line naming the file and what is wrong, no traceback from the parser."""
    with pytest.raises(UsageError) as raised:
        read(data)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


BACKWARDS_PERIOD = "RDATE;VALUE=PERIOD:20261105T100000Z/20261105T090000Z"  # an extra occurrence ending before it starts


def test_broken_events_are_skipped_with_reasons_and_the_rest_is_read() -> None:
    """An unreadable start, an unknown zone, a bad RRULE, an end before the start, no UID: reasons, not a crash.

    Broken events outside the period stay quiet; a broken override takes its series with it.
    """
    data = ics(
        vevent("bad-start", "Coaching: A", "garbage"),
        vevent("bad-zone", "Coaching: B", "20261110T090000", "20261110T100000", zone="Mars/Olympus"),
        vevent("bad-rule", "Coaching: C", "20261101T090000Z", "20261101T100000Z", "RRULE:FREQ=WEEKLY;BYHOUR=25"),
        vevent("bad-period", "Coaching: J", "20261101T090000Z", "20261101T100000Z", BACKWARDS_PERIOD),
        vevent("backwards", "Coaching: D", "20261110T100000Z", "20261110T090000Z"),
        vevent("", "Coaching: E", "20261110T100000Z", "20261110T110000Z"),
        vevent("good", "Coaching: Lee", "20261110T150000Z", "20261110T153000Z"),
        vevent("old-broken", "Coaching: F", "20200110T100000Z", "20200110T090000Z"),  # long before the period
        vevent("old-rule", "Coaching: G", "20200110T100000Z", "20200110T110000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
        vevent("new-rule", "Coaching: H", "20270110T100000Z", "20270110T110000Z", "RRULE:FREQ=DAILY;INTERVAL=0"),
        vevent("minutely", "Coaching: I", "20261110T100000Z", "20261110T100100Z", "RRULE:FREQ=MINUTELY"),
        vevent("s-1", "Coaching: Lee", "20261102T100000Z", "20261102T110000Z", "RRULE:FREQ=WEEKLY;COUNT=3"),
        vevent("s-1", "Coaching: Lee moved", "20261110T100000Z", "20261110T090000Z", "RECURRENCE-ID:20261109T100000Z"),
    )
    found = reasons(read(data))
    assert found == {
        "Coaching: A": found["Coaching: A"],
        "Coaching: B": "unknown time zone 'Mars/Olympus'",
        "Coaching: C": "unreadable repetition rule (RRULE)",  # found by the library: the series alone is lost
        "Coaching: J": found["Coaching: J"],
        "Coaching: D": "it ends before it starts",
        "Coaching: E": "no UID, so a second import could not recognise it",
        "Coaching: G": "a repetition rule (RRULE) whose INTERVAL is not 1 or more",  # from before the period
        "Coaching: I": "it repeats every minute or second: not a session",
        "Coaching: Lee": None,
        "Coaching: Lee moved": "it ends before it starts",  # and the rest of its series goes with it
    }
    assert found["Coaching: J"] and found["Coaching: J"].startswith("broken event: ")
    assert found["Coaching: A"] in ("unreadable start (DTSTART)", "no start (DTSTART)")  # icalendar 7 / 6 see it so
    assert next(p for p in read(data) if p.title == "Coaching: A").when is None


# --- properties ---------------------------------------------------------------------------------------------------

ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "America/Santiago", "UTC"]


@settings(deadline=None)  # the first example imports icalendar; machines are shared
@given(
    first=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    hour=st.integers(6, 20),
    minute=st.sampled_from([0, 15, 30, 45]),
    count=st.integers(1, 30),
    event_zone=st.sampled_from(ZONES),
    coach_zone=st.sampled_from(ZONES),
    dropped=st.sets(st.integers(0, 29)),
)
def test_weekly_series_gives_one_proposal_per_kept_occurrence_at_the_same_wall_time(
    first: date, hour: int, minute: int, count: int, event_zone: str, coach_zone: str, dropped: set[int]
) -> None:
    """N weekly occurrences minus k EXDATEs are N - k sessions, each at the same wall time in the event's zone."""
    dropped = {n for n in dropped if n < count}
    start = datetime(first.year, first.month, first.day, hour, minute)
    exdates = [f"EXDATE;TZID={event_zone}:{start + timedelta(weeks=n):%Y%m%dT%H%M%S}" for n in sorted(dropped)]
    data = ics(
        vevent(
            "prop-1",
            "Coaching: Lee",
            f"{start:%Y%m%dT%H%M%S}",
            f"{start + timedelta(minutes=40):%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=WEEKLY;COUNT={count}",
            *exdates,
            zone=event_zone,
        )
    )
    wide = Period(first - timedelta(days=2), first + timedelta(weeks=count, days=2), "all")
    entries = [p.entry for p in read(data, period=wide, tz=ZoneInfo(coach_zone)) if p.entry]
    assert len(entries) == count - len(dropped)
    assert {e.start.astimezone(ZoneInfo(event_zone)).strftime("%H:%M") for e in entries} <= {f"{hour:02d}:{minute:02d}"}
    assert len({e.source for e in entries}) == len(entries)
    assert all(e.minutes == 40 for e in entries)


NAME = st.from_regex(r"(Ms\. |Mr\. )?[A-Z][a-z]{2,9}", fullmatch=True).filter(
    lambda name: stance_in_title(name) is None and name.split()[-1].casefold() not in ("with", "and")
)


@given(
    names=st.lists(NAME, min_size=1, max_size=3, unique_by=str.casefold),
    keyword=st.sampled_from(["Coaching", "debrief", "Co-plan", "COLLAB"]),
    form=st.sampled_from(["{k}: {n}", "{n} – {k}", "{k} w/ {n}", "{n} | {k} (room 4)", "{k} with {n}"]),
    joiner=st.sampled_from([" & ", ", ", " and "]),
)
def test_any_title_form_gives_back_the_names(names: list[str], keyword: str, form: str, joiner: str) -> None:
    """Whatever the separator and keyword, the names put into a title come back out, in order."""
    title = form.format(k=keyword, n=joiner.join(names))
    assert teachers_in_title(title, STANCES) == tuple(names)
    assert stance_in_title(title, STANCES) is not None


def test_importing_the_module_loads_no_calendar_library() -> None:
    """icalendar and recurring_ical_events load only when a file is read (start-up speed)."""
    probe = "import sys, coachlog.formats.calendar; print(sorted(m for m in sys.modules if 'ical' in m))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
