"""`coachlog import calendar.ics`: events become sessions through the real CLI, once, in the coach's time."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Run, table_dump

# A Google-style export: a weekly coaching slot across the DST change (2026-11-01) with an
# exception date and one occurrence moved, a co-planning event in UTC, a declined meeting,
# an all-day event, a meeting with no stance, and a session still to come.
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-TIMEZONE:America/New_York
BEGIN:VEVENT
UID:rivera-weekly@google.com
SUMMARY:Coaching: Ms. Rivera
DTSTART;TZID=America/New_York:20261026T090000
DTEND;TZID=America/New_York:20261026T094500
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6
EXDATE;TZID=America/New_York:20261109T090000
END:VEVENT
BEGIN:VEVENT
UID:rivera-weekly@google.com
RECURRENCE-ID;TZID=America/New_York:20261116T090000
SUMMARY:Coaching: Ms. Rivera
DTSTART;TZID=America/New_York:20261117T140000
DTEND;TZID=America/New_York:20261117T144500
END:VEVENT
BEGIN:VEVENT
UID:coplan-1@google.com
SUMMARY:Co-plan w/ Okafor & Lee
DTSTART:20261110T193000Z
DTEND:20261110T202000Z
END:VEVENT
BEGIN:VEVENT
UID:plc-1@google.com
SUMMARY:Grade 3 PLC
DTSTART:20261112T200000Z
DTEND:20261112T210000Z
ORGANIZER:mailto:principal@school.org
ATTENDEE;PARTSTAT=DECLINED:mailto:kim@school.org
ATTENDEE;PARTSTAT=ACCEPTED:mailto:okafor@school.org
END:VEVENT
BEGIN:VEVENT
UID:pd-day@google.com
SUMMARY:PD day
DTSTART;VALUE=DATE:20261113
DTEND;VALUE=DATE:20261114
END:VEVENT
BEGIN:VEVENT
UID:staff-1@google.com
SUMMARY:Staff meeting
DTSTART:20261111T200000Z
DTEND:20261111T210000Z
END:VEVENT
BEGIN:VEVENT
UID:later-1@google.com
SUMMARY:Debrief with Mr. Okafor
DTSTART;TZID=America/New_York:20261123T160000
DTEND;TZID=America/New_York:20261123T163000
END:VEVENT
END:VCALENDAR
"""


def calendar(tmp_path: Path, text: str = CALENDAR, name: str = "school.ics") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("\n", "\r\n"))
    return path


def exported(ok: Run) -> list[dict]:
    return json.loads(ok("export", "--format", "json").stdout)


def test_dry_run_proposes_and_changes_nothing(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """--dry-run lists each proposed session and each event left out with its reason; nothing is written."""
    ok("config", "set", "calendar.stances", "co-plan=collaborating, debrief=coaching")
    ok("add", "Ms. Rivera", "coaching", "20", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    result = ok("import", str(calendar(tmp_path)), "--dry-run", "--me", "kim@school.org")
    assert table_dump(db_path) == before
    assert result.stdout.splitlines()[:5] == [
        "Mon 2026-10-26 09:00  Ms. Rivera  coaching  45m  ('Coaching: Ms. Rivera')",
        "Mon 2026-11-02 09:00  Ms. Rivera  coaching  45m  ('Coaching: Ms. Rivera')",
        "Tue 2026-11-10 14:30  Okafor, Lee  collaborating  50m  ('Co-plan w/ Okafor & Lee')",
        "Tue 2026-11-17 14:00  Ms. Rivera  coaching  45m  ('Coaching: Ms. Rivera')",
        "Mon 2026-11-23 09:00  Ms. Rivera  coaching  45m  ('Coaching: Ms. Rivera')",
    ]
    assert "would add 5 entries" in result.stdout and "events left out: 4" in result.stdout
    reasons = result.stderr
    assert "'Grade 3 PLC': declined" in reasons
    assert "'PD day': all-day event" in reasons
    assert "'Staff meeting': no stance keyword and no default stance" in reasons
    assert "'Debrief with Mr. Okafor': not over yet" in reasons


def test_weekly_series_across_dst_imports_once_at_the_same_local_time(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """The 9:00 slot stays 9:00 local either side of the DST change (its UTC hour moves); the exception
    date is left out, the moved occurrence comes at its new time, and a second import adds nothing."""
    ok("config", "set", "calendar.stances", "co-plan=collaborating")
    path = calendar(tmp_path)
    first = ok("import", str(path))
    assert first.stdout.startswith("Imported 5 entries from school.ics; 3 new teachers: Ms. Rivera, Okafor, Lee")
    again = ok("import", str(path))
    assert again.stdout.startswith("Imported 0 entries (5 already there) from school.ics")
    rivera = [e for e in exported(ok) if e["teachers"] == ["Ms. Rivera"]]
    assert [(e["start"], e["minutes"]) for e in rivera] == [
        ("2026-10-26 09:00", 45),
        ("2026-11-02 09:00", 45),
        ("2026-11-17 14:00", 45),
        ("2026-11-23 09:00", 45),
    ]
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        instants = [row[0] for row in connection.execute("SELECT start_utc FROM entry ORDER BY start_utc LIMIT 2")]
    assert instants == ["2026-10-26 13:00:00", "2026-11-02 14:00:00"]


def test_a_default_stance_takes_the_events_without_a_keyword(ok: Run, tmp_path: Path) -> None:
    """--stance (or config calendar.default_stance) gives the stance of titles that name none."""
    ok("import", str(calendar(tmp_path)), "--stance", "consulting", "--from", "2026-11-11", "--to", "2026-11-11")
    assert [(e["teachers"], e["stance"]) for e in exported(ok)] == [(["Staff meeting"], "consulting")]


def test_the_range_limits_the_events(ok: Run, tmp_path: Path) -> None:
    """--from/--to keep the events whose local start date is in the range."""
    ok("config", "set", "calendar.stances", "co-plan=collaborating")
    result = ok("import", str(calendar(tmp_path)), "--from", "2026-11-01", "--to", "2026-11-10")
    assert result.stdout.startswith("Imported 2 entries")
    assert [e["date"] for e in exported(ok)] == ["2026-11-02", "2026-11-10"]


def test_one_calendar_import_is_one_undo_step(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """Undo takes back the whole import: its entries and the teachers it created."""
    ok("add", "Ms. Rivera", "coaching", "20", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    ok("import", str(calendar(tmp_path)))
    assert ok("undo").stdout.startswith("Undid the import of 4 entries from school.ics")
    assert table_dump(db_path) == before


def test_a_file_that_is_not_a_calendar_is_one_line_and_writes_nothing(run: Run, tmp_path: Path, db_path: Path) -> None:
    run("add", "Ms. Rivera", "coaching", "20")
    before = table_dump(db_path)
    result = run("import", str(calendar(tmp_path, "date,teacher\n2026-11-02,Ms. Rivera\n", "broken.ics")))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "broken.ics" in result.stderr
    assert table_dump(db_path) == before


def test_calendar_options_on_a_spreadsheet_are_refused(run: Run, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("date,teacher,stance,minutes\n2026-11-02,Ms. Rivera,coaching,30\n")
    result = run("import", str(sheet), "--stance", "coaching")
    assert result.exit_code == 2 and "calendar (.ics) files" in result.stderr


def test_a_calendar_saved_under_another_name_is_recognised(ok: Run, tmp_path: Path) -> None:
    result = ok("import", str(calendar(tmp_path, name="export.txt")), "--from", "2026-11-02", "--to", "2026-11-02")
    assert result.stdout.startswith("Imported 1 entry from export.txt")


def test_a_one_off_event_moved_after_import_is_not_imported_again(ok: Run, tmp_path: Path) -> None:
    """A single event keeps its identity (its UID) when it moves, so the newer export adds nothing."""
    ok("config", "set", "calendar.stances", "co-plan=collaborating")
    ok("import", str(calendar(tmp_path)))
    moved = CALENDAR.replace(
        "DTSTART:20261110T193000Z\nDTEND:20261110T202000Z", "DTSTART:20261110T203000Z\nDTEND:20261110T212000Z"
    )
    assert moved != CALENDAR
    result = ok("import", str(calendar(tmp_path, moved, "newer.ics")))
    assert result.stdout.startswith("Imported 0 entries (5 already there)")


def test_spreadsheet_options_on_a_calendar_are_refused(run: Run, tmp_path: Path) -> None:
    result = run("import", str(calendar(tmp_path)), "--date-order", "xyz")
    assert result.exit_code == 2 and "not calendars" in result.stderr


def test_a_missing_calendar_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nowhere.ics"))
    assert result.exit_code == 2 and "nowhere.ics" in result.stderr


def test_a_title_with_terminal_escapes_is_left_out_not_printed(ok: Run, tmp_path: Path) -> None:
    """A calendar title is written by whoever sent the invitation: control characters never reach the log."""
    evil = CALENDAR.replace("SUMMARY:Coaching: Ms. Rivera", "SUMMARY:Coaching: \x1b]0;owned\x07Evil\x1b[2J")
    ok("import", str(calendar(tmp_path, evil)), "--from", "2026-10-26", "--to", "2026-10-26")
    assert "\x1b" not in ok("teacher", "list").stdout + ok("log", "--all").stdout


def test_moving_computers_keeps_the_calendar_identity(ok: Run, tmp_path: Path) -> None:
    """export -> import on another database keeps each entry's source, so importing the calendar there
    adds nothing twice (found by a review: the export dropped the source)."""
    ok("config", "set", "calendar.stances", "co-plan=collaborating")
    ok("import", str(calendar(tmp_path)))
    ok("edit", "1", "-n", "a note added since")  # no longer equal to the event: only its source tells
    for fmt in ("csv", "json"):
        moved = tmp_path / f"all.{fmt}"
        ok("export", "--format", fmt, "-o", str(moved))
        other = str(tmp_path / f"laptop-{fmt}.db")
        ok("--db", other, "import", str(moved))
        again = ok("--db", other, "import", str(calendar(tmp_path)))
        assert again.stdout.startswith("Imported 0 entries (5 already there)"), fmt
        sources = [e["source"] for e in json.loads(ok("--db", other, "export", "--format", "json").stdout)]
        assert all(source and source.startswith("ics:") for source in sources), fmt


def test_a_dry_run_after_an_import_marks_what_is_already_there(ok: Run, tmp_path: Path) -> None:
    """Re-running --dry-run on an imported calendar says which proposals are already in the log."""
    path = calendar(tmp_path)
    ok("import", str(path), "--from", "2026-10-26", "--to", "2026-10-26")
    lines = ok("import", str(path), "--dry-run", "--from", "2026-10-26", "--to", "2026-11-02").stdout.splitlines()
    assert lines[0].endswith("('Coaching: Ms. Rivera')  already there")
    assert lines[1].endswith("('Coaching: Ms. Rivera')")
