"""`coachlog import`: coachlog's own exports back in exactly, other spreadsheets by their headings."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.changes import Incoming
from coachlog.domain.values import NewEntry, Stance
from coachlog.errors import UsageError
from coachlog.formats.cells import parse_date_cell, parse_minutes
from coachlog.formats.habits import duty_in, split_teachers
from coachlog.formats.records import FileError
from coachlog.storage import open_store
from helpers import Run, row_counts, table_dump

ZONE = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)
FALL_BACK_LATE = "2026-11-01T02:15:00-05:00"  # 45 minutes after the second 01:30 of the night the clocks go back


def fill_database(ok: Run, db: Path) -> None:
    """Entries that test every corner of the export contract."""
    at = ("--db", str(db))
    ok(*at, "add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-17 09:00", "-a", "debrief",
       "-n", 'line one\nline "two", with, commas', "-t", "cycle-1", "-t", "=tag",
       "--helpful", "=SUM(A1)", "--story", "Señora Muñoz's class — 🎉 first time", "--shareable")  # fmt: skip
    ok(*at, "add", "okafor", "collab", "1h30m", "--with", "Dana Whitfield", "--with", "Zoë Ødegaard",
       "--at", "2026-11-18 13:30", "-a", "co-teaching", "-n", "'=x")  # fmt: skip
    ok(*at, "add", "Ms. Rivera", "consulting", "20", "--at", "2026-11-20", "-n", "-45m")  # a date without a time
    ok(*at, "duty", "cover", "50m", "--at", "2026-11-19 12:00", "-n", '+1 period\r\nwith CRLF, and "quotes"')
    ok(*at, "duty", "testing", "2h", "--at", "2026-11-16")
    ok(*at, "add", "Mr. Ōkubo", "coaching", "45m", env={"COACHLOG_NOW": FALL_BACK_LATE})  # the second 01:30
    ok(*at, "add", "Mr. Ōkubo", "consulting", "45m", "--at", "2026-11-01 01:30")  # the first 01:30
    ok(*at, "add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-10 10:00", "-n", "@ someone\tthen a tab")
    ok(*at, "delete", "8", "--yes")  # ids have a gap, and the newest id was used once
    ok(*at, "add", "Ms. Rivera", "coaching", "25", "--at", "2026-11-10 10:00", "-n", "@ someone\tthen a tab")


def entries_of(db: Path) -> list[tuple]:
    """Every stored field of every entry (not when it was written), with teachers in order and tags."""
    with closing(sqlite3.connect(db)) as connection:
        rows = connection.execute(
            """
            SELECT e.id, e.kind, e.start_utc, e.minutes, e.local_date, e.time_known, e.stance, e.duty_kind,
                   e.activity, e.note, e.helpful, e.story, e.shareable, e.source,
                   (SELECT group_concat(name, '|') FROM (SELECT t.name FROM entry_teacher et
                       JOIN teacher t ON t.id = et.teacher_id WHERE et.entry_id = e.id ORDER BY et.position)),
                   (SELECT group_concat(tag, '|') FROM (SELECT tag FROM entry_tag WHERE entry_id = e.id ORDER BY tag))
            FROM entry e ORDER BY e.id
            """
        ).fetchall()
    return rows


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(("fmt", "raw"), [("csv", ()), ("json", ()), ("csv", ("--raw",))])
def test_own_export_round_trip_is_byte_identical(ok: Run, tmp_path: Path, fmt: str, raw: tuple[str, ...]) -> None:
    """export -> import into an empty database -> export gives the same bytes, and every field comes back."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    fill_database(ok, first)
    exported, again = tmp_path / f"first.{fmt}", tmp_path / f"second.{fmt}"
    ok("--db", str(first), "export", "--format", fmt, *raw, "-o", str(exported))
    result = ok("--db", str(second), "import", str(exported), *raw)
    assert result.stdout.startswith(f"Imported 8 entries from first.{fmt}; 5 new teachers: ")
    ok("--db", str(second), "export", "--format", fmt, *raw, "-o", str(again))
    assert again.read_bytes() == exported.read_bytes()
    assert entries_of(second) == entries_of(first)
    starts = {row[0]: row[2] for row in entries_of(second) if row[4] == "2026-11-01"}
    assert sorted(starts.values()) == ["2026-11-01 05:30:00", "2026-11-01 06:30:00"]  # both 01:30s, each kept


def test_importing_the_same_file_twice_adds_nothing(ok: Run, tmp_path: Path) -> None:
    """The second import finds every row already there, and the database is unchanged by it."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    fill_database(ok, first)
    exported = tmp_path / "all.csv"
    ok("--db", str(first), "export", "-o", str(exported))
    ok("--db", str(second), "import", str(exported))
    before = table_dump(second)
    result = ok("--db", str(second), "import", str(exported))
    assert result.stdout == "Imported 0 entries (8 already there) from all.csv\n"
    assert table_dump(second) == before
    back_home = ok("--db", str(first), "import", str(exported))  # into the database it came from
    assert back_home.stdout == "Imported 0 entries (8 already there) from all.csv\n"


def test_equal_rows_in_one_file_are_all_imported_once(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """Two identical rows are two sessions (each existing entry stands for one row), and a re-import adds none."""
    sheet = write(
        tmp_path / "drop-ins.csv",
        "date,teacher,stance,minutes\n2026-11-20,Ms. Rivera,coaching,10\n2026-11-20,Ms. Rivera,coaching,10\n",
    )
    assert ok("import", str(sheet)).stdout.startswith("Imported 2 entries from drop-ins.csv")
    assert ok("import", str(sheet)).stdout == "Imported 0 entries (2 already there) from drop-ins.csv\n"
    assert row_counts(db_path)["entry"] == 2


def test_an_older_export_without_the_teachers_voice_columns_imports(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """Exports from before helpful/story/shareable existed import, with those fields empty."""
    sheet = write(
        tmp_path / "old.csv",
        "id,date,start,end,minutes,hours,kind,stance,teachers,activity,tags,note\r\n"
        "4,2026-11-17,2026-11-17 09:00,2026-11-17 09:45,45,0.75,session,coaching,Ms. Rivera,debrief,a; b,hi\r\n"
        "7,2026-11-18,,,50,0.83,duty,,,cover,,\r\n",
    )
    ok("import", str(sheet))
    rows = entries_of(db_path)
    assert [row[0] for row in rows] == [4, 7]  # the ids were free, so they are kept
    assert rows[0][1:] == ("session", "2026-11-17 14:00:00", 45, "2026-11-17", 1, "coaching", None, "debrief",
                           "hi", None, None, 0, None, "Ms. Rivera", "a|b")  # fmt: skip
    assert rows[1][1:9] == ("duty", "2026-11-18 05:00:00", 50, "2026-11-18", 0, None, "cover", None)


def test_ids_taken_or_used_before_are_not_reused(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """An id in the file that an entry has (or once had) gets a new one; a free id is kept."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-02 09:00")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-03 09:00")
    ok("delete", "2", "--yes")
    sheet = write(
        tmp_path / "ids.csv",
        "id,date,teachers,stance,minutes\n1,2026-11-05,Mr. Park,coaching,20\n2,2026-11-06,Mr. Park,coaching,20\n"
        "9,2026-11-07,Mr. Park,coaching,20\n",
    )
    ok("import", str(sheet))
    assert [(row[0], row[4]) for row in entries_of(db_path)] == [
        (1, "2026-11-02"),
        (3, "2026-11-05"),  # 1 is taken and 2 was used once: the next new ids
        (4, "2026-11-06"),
        (9, "2026-11-07"),  # never used: kept
    ]


GOOGLE_FORM = (
    "Timestamp,Session date,Coaching stance,Teacher name,Time spent,Activity,Notes,Start time\n"
    '17/11/2026 15:02:11,17/11/2026,Coaching (you),Ms. Rivera,0:45,Debrief,"Goal: wait time, ""3 s""",9:00\n'
    "06/11/2026 08:00:00,05/11/2026,Collaborating (we),Mr. Okafor; Dana Whitfield,1:30,co-teaching,,1:30 PM\n"
    "20/11/2026 12:00:00,19/11/2026,Cover,,0:50,,covered 7B,\n"
)


def test_a_google_form_with_day_first_dates(ok: Run, tmp_path: Path) -> None:
    """Headings in another order, h:mm durations, dd/mm/yyyy with --date-order dmy; Timestamp is not the date."""
    sheet = write(tmp_path / "Coaching log (Responses).csv", GOOGLE_FORM)
    result = ok("import", str(sheet), "--date-order", "dmy")
    assert "Ignored column 'Timestamp'" in result.stderr
    assert result.stdout == (
        "Imported 3 entries from Coaching log (Responses).csv; 3 new teachers: Ms. Rivera, Mr. Okafor, Dana Whitfield\n"
    )
    exported = ok("export").stdout.splitlines()
    assert exported[1:] == [
        "2,2026-11-05,2026-11-05 13:30,2026-11-05 15:00,90,1.50,session,collaborating,Mr. Okafor; Dana Whitfield,"
        "co-teaching,,,,,no,,",
        '1,2026-11-17,2026-11-17 09:00,2026-11-17 09:45,45,0.75,session,coaching,Ms. Rivera,debrief,,"Goal: wait time,'
        ' ""3 s""",,,no,,',
        "3,2026-11-19,,,50,0.83,duty,,,cover,,covered 7B,,,no,,",
    ]


def test_ambiguous_dates_need_a_date_order(run: Run, tmp_path: Path, db_path: Path) -> None:
    """05/11/2026 could be 5 November or May 11: when no date of the file settles the order, nothing is imported
    without --date-order, and the error says so."""
    sheet = write(tmp_path / "form.csv", "Date,Teacher,Stance,Minutes\n05/11/2026,Ms. Rivera,coaching,30\n"
                  "06/11/2026,Ms. Rivera,coaching,30\n")  # fmt: skip
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: line 2: date '05/11/2026' could be day first (November 5) or month first (May 11):"
        " say which with --date-order dmy or --date-order mdy; nothing was imported"
    )
    assert row_counts(db_path).get("entry", 0) == 0


def test_one_date_settles_the_order_of_the_column(ok: Run, tmp_path: Path) -> None:
    """05/11/2026 on line 3 reads day first because 17/11/2026 on line 2 can only be; and month first in a sheet
    where 9/14/2025 comes later, after the ambiguous dates. The coach is told which date settled it."""
    form = ok("import", str(write(tmp_path / "form.csv", GOOGLE_FORM)))
    assert "Dates read day first, as '17/11/2026' on line 2 shows" in form.stderr.splitlines()
    us = write(tmp_path / "us.csv", "Date,Teacher,Stance,Minutes\n9/8/2025,Ms. Lee,coaching,30\n"
               "9/10/2025,Ms. Lee,coaching,30\n9/14/2025,Ms. Lee,coaching,30\n")  # fmt: skip
    result = ok("import", str(us))
    assert result.stderr == "Dates read month first, as '9/14/2025' on line 4 shows\n"
    dates = [line.split(",")[1] for line in ok("export").stdout.splitlines()[1:]]
    assert dates == ["2025-09-08", "2025-09-10", "2025-09-14", "2026-11-05", "2026-11-17", "2026-11-19"]


def test_a_later_date_that_disagrees_with_the_settled_order_stops_the_import(run: Run, tmp_path: Path) -> None:
    """9/8/2025 is settled by a later 9/14/2025, but 14/9/2025 after it reads day first: the file is refused."""
    sheet = write(tmp_path / "mixed.csv", "Date,Teacher,Stance,Minutes\n9/8/2025,Ms. Lee,coaching,30\n"
                  "9/14/2025,Ms. Lee,coaching,30\n14/9/2025,Ms. Lee,coaching,30\n")  # fmt: skip
    result = run("import", str(sheet), "--skip-invalid")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 4: date '14/9/2025' reads day first but line 3 ('9/14/2025') reads month first:"
        " say which with --date-order dmy or --date-order mdy; nothing was imported\n"
    )


def test_dates_that_disagree_on_their_order_are_refused(run: Run, tmp_path: Path, db_path: Path) -> None:
    """17/11/2026 is day first and 11/18/2026 month first: one file cannot be both, even with --skip-invalid."""
    sheet = write(
        tmp_path / "mixed.csv",
        "Date,Teacher,Stance,Minutes\n17/11/2026,Ms. Rivera,coaching,30\n11/18/2026,Ms. Rivera,coaching,30\n",
    )
    result = run("import", str(sheet), "--skip-invalid")
    assert result.exit_code == 2
    assert "line 3: date '11/18/2026' reads month first but line 2 ('17/11/2026') reads day first" in result.stderr
    assert row_counts(db_path).get("entry", 0) == 0
    ok_result = run("import", str(sheet), "--date-order", "mdy")
    assert ok_result.exit_code == 2 and "line 2: invalid date '17/11/2026': no such day" in ok_result.stderr


def test_unambiguous_month_first_dates_need_no_flag(ok: Run, tmp_path: Path) -> None:
    """A US form whose days are all past the 12th reads month first without --date-order, dots and dashes too."""
    sheet = write(
        tmp_path / "us.csv",
        "Date,Teacher,Stance,Duration\n11/17/2026 9:00 AM,Ms. Rivera,consulting,25m\n11/18/2026,Ms. Rivera,coach,1h\n"
        "11.19.2026,Ms. Rivera,coach,15\n",
    )
    ok("import", str(sheet))
    assert [line.split(",")[1:5] for line in ok("export").stdout.splitlines()[1:]] == [
        ["2026-11-17", "2026-11-17 09:00", "2026-11-17 09:25", "25"],
        ["2026-11-18", "", "", "60"],
        ["2026-11-19", "", "", "15"],
    ]


def test_map_names_what_other_columns_hold(ok: Run, run: Run, tmp_path: Path) -> None:
    """--map COLUMN=FIELD for headings coachlog cannot know, and COLUMN= to leave one out."""
    sheet = write(
        tmp_path / "mine.csv",
        "When,Who,How,Mins with teacher,Email Address,Time\n"
        "2026-11-17,Ms. Rivera,coaching,30,me@x.org,9:00\n2026-11-18,Mr. Park,collaborating,45,me@x.org,10:15\n",
    )
    first = run("import", str(sheet))
    assert first.exit_code == 2
    assert first.stderr.startswith("Error: unclear column in mine.csv: 'Time' could be the start or the duration")
    maps = ["--map", "When=date", "--map", "who=teacher", "--map", "How=stance", "--map", "Mins with teacher=minutes"]
    second = run("import", str(sheet), *maps, "--map", "Time=start")
    assert second.exit_code == 2
    assert "columns coachlog does not know: 'Email Address'; say what each holds with --map" in second.stderr
    ok("import", str(sheet), *maps, "--map", "Time=start", "--map", "Email Address=")
    assert [line.split(",")[2:9] for line in ok("export").stdout.splitlines()[1:]] == [
        ["2026-11-17 09:00", "2026-11-17 09:30", "30", "0.50", "session", "coaching", "Ms. Rivera"],
        ["2026-11-18 10:15", "2026-11-18 11:00", "45", "0.75", "session", "collaborating", "Mr. Park"],
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Date,Teacher,Stance", "Error: no minutes column in sheet.csv: its columns are 'Date', 'Teacher', 'Stance';"
         " say which holds it with --map 'COLUMN=minutes'"),
        ("Date,Session date,Teacher,Stance,Minutes", "Error: columns 'Date', 'Session date' of sheet.csv all hold the"
         " date: keep one and ignore the others with --map 'Session date='"),
        ("Teacher,Stance,Minutes", "Error: no date column in sheet.csv"),
        ("Date,Teacher,Minutes", "Error: no stance column in sheet.csv"),
    ],
)  # fmt: skip
def test_missing_and_doubled_columns_are_named(run: Run, tmp_path: Path, header: str, message: str) -> None:
    """A required column that is missing, or two columns for one field, stop the import before any row is read."""
    sheet = write(tmp_path / "sheet.csv", header + "\n")
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_map_of_a_column_the_file_lacks_is_refused(run: Run, tmp_path: Path) -> None:
    """--map naming no column of the file, or without '=', is a one-line usage error."""
    sheet = write(tmp_path / "s.csv", "Date,Teacher,Stance,Minutes\n")
    result = run("import", str(sheet), "--map", "Dte=date")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --map names a column 'Dte' that s.csv does not have: its columns are 'Date', 'Teacher', 'Stance',"
        " 'Minutes'\n"
    )
    assert "use COLUMN=FIELD" in run("import", str(sheet), "--map", "Date").stderr
    assert "unknown field 'when'" in run("import", str(sheet), "--map", "Date=when").stderr


def test_dry_run_changes_nothing_and_says_what_would_happen(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """--dry-run lists each row as it was read (line, date and time, minutes, teachers, stance or duty, activity),
    then counts per stance and duties, the dates, new teachers and rows already there."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-17 09:00")
    sheet = write(
        tmp_path / "plan.csv",
        "date,start,teacher,stance,minutes\n2026-11-17,09:00,Ms. Rivera,coaching,45\n"
        "2026-11-12,,Mr. Park,consulting,30\n2026-11-13,,Ms. Rivera,collab,30\n2026-11-16,,,cover,50\n",
    )
    before = table_dump(db_path)
    result = ok("import", str(sheet), "--dry-run")
    assert table_dump(db_path) == before
    assert result.stdout == (
        "line 2  Tue 2026-11-17 09:00  45m  Ms. Rivera  coaching\n"
        "line 3  Thu 2026-11-12        30m  Mr. Park  consulting\n"
        "line 4  Fri 2026-11-13        30m  Ms. Rivera  collaborating\n"
        "line 5  Mon 2026-11-16        50m  -  duty: cover\n"
        "Dry run: nothing was changed. plan.csv would add 3 entries:\n"
        "  sessions: 2 (consulting 1, collaborating 1, coaching 0)\n"
        "  duties: 1 (cover 1)\n"
        "  dates: 2026-11-12 to 2026-11-16\n"
        "  already there (would be skipped): 1\n"
        "  new teachers: 1 (Mr. Park)\n"
    )


def test_an_invalid_row_stops_everything_with_its_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    """The line number counts the lines of a note that spans several; nothing is written; exit 2."""
    run("add", "Ms. Rivera", "coaching", "45m")
    sheet = write(
        tmp_path / "bad.csv",
        'date,teacher,stance,minutes,note\n2026-11-17,Ms. Rivera,coaching,30,"two\nlines"\n'
        "2026-11-18,Ms. Rivera,coaching,half an hour,\n2026-11-19,Ms. Rivera,coaching,20,\n",
    )
    before = table_dump(db_path)
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 4: invalid duration 'half an hour': use minutes (45, 45m, 45min), hours (1h, 1.5h),"
        " both (1h30m, 1h 30m) or h:mm (1:30); nothing was imported\n"
    )
    assert table_dump(db_path) == before


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2026-11-18,Ms. Rivera,teaching,30", "unknown stance 'teaching'"),
        ("2026-11-18,,coaching,30", "a session needs a teacher"),
        ("2026-11-31,Ms. Rivera,coaching,30", "invalid date '2026-11-31': no such day on the calendar"),
        ("2026-11-24,Ms. Rivera,coaching,30", "date 2026-11-24 is in the future"),
        ("2026-11-18,Ms. Rivera,coaching,0", "duration '0' is out of range"),
        ("2026-11-18,Ms. Rivera,coaching,", "no duration"),
        ("18/11/26,Ms. Rivera,coaching,30", "invalid date '18/11/26': write the year with four digits"),
    ],
)
def test_invalid_values_name_the_line_and_the_reason(run: Run, tmp_path: Path, row: str, reason: str) -> None:
    """Each kind of bad cell is reported with its line, and the import stops."""
    sheet = write(tmp_path / "s.csv", f"date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n{row}\n")
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: line 3: {reason}"), result.stderr
    assert result.stderr.endswith("; nothing was imported\n")


def test_skip_invalid_imports_the_rest_and_lists_what_it_left(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """--skip-invalid adds the good rows and names each skipped line with its reason on stderr."""
    sheet = write(
        tmp_path / "s.csv",
        "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n2026-11-18,Ms. Rivera,coaching,lots\n"
        "2026-11-19,Ms. Rivera,evaluating,30\n2026-11-20,Mr. Park,consulting,30\n",
    )
    result = ok("import", str(sheet), "--skip-invalid")
    assert result.stdout == (
        "Imported 2 entries from s.csv; 2 new teachers: Ms. Rivera, Mr. Park; skipped 2 invalid rows (listed above)\n"
    )
    assert result.stderr.splitlines() == [
        "Skipped line 3: invalid duration 'lots': use minutes (45, 45m, 45min), hours (1h, 1.5h), both (1h30m, 1h 30m)"
        " or h:mm (1:30)",
        "Skipped line 4: unknown stance 'evaluating': choose one of consulting, collaborating, coaching, cover,"
        " supervision, testing, admin, event, other, duty",
    ]
    assert row_counts(db_path)["entry"] == 2


def test_excel_files_with_a_bom_and_semicolons_import(ok: Run, tmp_path: Path) -> None:
    """UTF-8 with a byte-order mark, and European Excel's ';' with decimal commas, are read from the header."""
    ok(
        "import",
        str(write(tmp_path / "bom.csv", "\ufeffDate,Teacher,Stance,Minutes\r\n2026-11-17,Zoë,coaching,30\r\n")),
    )
    european = 'Date;Teacher;Stance;Hours;Notes\r\n17.11.2026;Herr Schröder;coaching;1,5;"gut; sehr gut, danke"\r\n'
    sheet = write(tmp_path / "semi.csv", european)
    result = ok("import", str(sheet), "--date-order", "dmy")
    assert result.stdout == "Imported 1 entry from semi.csv; 1 new teacher: Herr Schröder\n"
    assert [line.split(",")[1:9] for line in ok("export").stdout.splitlines()[1:]] == [
        ["2026-11-17", "", "", "30", "0.50", "session", "coaching", "Zoë"],
        ["2026-11-17", "", "", "90", "1.50", "session", "coaching", "Herr Schröder"],
    ]


def test_a_file_that_is_not_utf8_gives_one_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    """A Windows-1252 export is refused in one line that says how to save it, before anything is written."""
    sheet = write(tmp_path / "latin.csv", "Date,Teacher,Stance,Minutes\n2026-11-17,Zoë,coaching,30\n", "cp1252")
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: latin.csv is not UTF-8 text: in Excel save it as 'CSV UTF-8 (Comma delimited)',"
        " in Sheets download it as CSV\n"
    )
    assert row_counts(db_path).get("entry", 0) == 0


def test_a_missing_file_gives_one_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    """A file that is not there is named in one line; no database is created for it."""
    result = run("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: no file {tmp_path / 'nope.csv'}: check the name (give the path to a .csv or .json file)\n"
    )
    assert not db_path.exists()


def test_duties_from_a_stance_cell_or_a_kind_column(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """'cover' in the stance column is a duty; so is kind 'duty' with its kind under activity."""
    ok("import", str(write(tmp_path / "a.csv", "Date,Stance,Minutes,Teacher\n2026-11-17,Supervision,30,\n")))
    ok("import", str(write(tmp_path / "b.csv", "date,kind,activity,minutes,teachers\n2026-11-18,duty,testing,2h,\n")))
    assert [(row[1], row[7], row[3]) for row in entries_of(db_path)] == [
        ("duty", "supervision", 30),
        ("duty", "testing", 120),
    ]


def test_one_import_is_one_undo_step(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """undo removes every entry the import added and the teachers it created, and nothing that was there."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    before = table_dump(db_path)
    sheet = write(
        tmp_path / "s.csv",
        "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n2026-11-18,Mr. Park; Ms. Rivera,collab,45\n",
    )
    ok("import", str(sheet))
    assert row_counts(db_path)["entry"] == 3
    assert ok("undo").stdout.splitlines()[0] == "Undid the import of 2 entries from s.csv."
    after = table_dump(db_path)
    assert {t: rows for t, rows in after.items() if t != "undo_step"} == {
        t: rows for t, rows in before.items() if t != "undo_step"
    }
    assert ok("undo").stdout.startswith("Undid the add of session #1")


def test_an_import_with_nothing_new_is_not_an_undo_step(ok: Run, tmp_path: Path) -> None:
    """Re-importing a file adds no undo step, so undo still reverts the import that added the entries."""
    sheet = write(tmp_path / "s.csv", "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n")
    ok("import", str(sheet))
    ok("import", str(sheet))
    assert ok("undo").stdout.splitlines()[0] == "Undid the import of 1 entry from s.csv."


def _undo_before(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return str(connection.execute("SELECT before FROM undo_step ORDER BY id DESC LIMIT 1").fetchone()[0])


def test_an_imports_undo_step_stays_small_however_many_rows_it_adds(ok: Run, tmp_path: Path) -> None:
    """The undo step keeps the new entries as runs of ids (issue 17: an import's memory stays flat to a million
    rows), so it is as small for 400 rows as for 3; undo still removes every one, ids kept from the file too."""
    sizes = {}
    for count in (3, 400):
        db = tmp_path / f"{count}.db"
        rows = [f"2026-10-{1 + n % 28:02},Mr. Park {n % 7},coaching,20" for n in range(count)]
        ok(
            "--db",
            str(db),
            "import",
            str(write(tmp_path / f"{count}.csv", "\n".join(["date,teacher,stance,minutes", *rows]))),
        )
        sizes[count] = len(_undo_before(db))
        assert row_counts(db)["entry"] == count
        assert (
            ok("--db", str(db), "undo").stdout.splitlines()[0]
            == f"Undid the import of {count} entries from {count}.csv."
        )
        assert row_counts(db)["entry"] == row_counts(db)["teacher"] == 0
    assert sizes[400] - sizes[3] < 60, sizes  # 4 more new teachers; a key for each new entry would take 4,000 more


def test_an_import_with_ids_out_of_order_undoes_whole(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """Ids kept from the file in any order (one wanted twice gets a new one) are each undone."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-02 09:00")
    before = table_dump(db_path)
    sheet = write(
        tmp_path / "ids.csv",
        "id,date,teachers,stance,minutes\n9,2026-11-05,Mr. Park,coaching,20\n5,2026-11-06,Mr. Park,coaching,20\n"
        "9,2026-11-07,Mr. Park,coaching,25\n6,2026-11-08,Mr. Park,coaching,20\n",
    )
    ok("import", str(sheet))
    assert [(row[0], row[4]) for row in entries_of(db_path)] == [
        (1, "2026-11-02"),
        (5, "2026-11-06"),
        (6, "2026-11-08"),
        (9, "2026-11-05"),
        (10, "2026-11-07"),  # 9 was just taken by this import: the next new id
    ]
    assert ok("undo").stdout.splitlines()[0] == "Undid the import of 4 entries from ids.csv."
    after = table_dump(db_path)
    assert {t: rows for t, rows in after.items() if t != "undo_step"} == {
        t: rows for t, rows in before.items() if t != "undo_step"
    }


def test_an_import_step_written_before_the_runs_of_ids_still_undoes(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """A database from before keeps each new id as a key of "entries": undo reads that form too."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    before = table_dump(db_path)
    sheet = "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n2026-11-18,Mr. Park,collab,45\n"
    ok("import", str(write(tmp_path / "s.csv", sheet)))
    step = json.loads(_undo_before(db_path))
    runs = step.pop("new_entries")
    old = {**step, "entries": {str(i): None for first, last in runs for i in range(first, last + 1)}}
    assert list(old["entries"]) == ["2", "3"] and "new_entries" not in old
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE undo_step SET before = ? WHERE before = ?", (json.dumps(old), _undo_before(db_path)))
    assert ok("undo").stdout.splitlines()[0] == "Undid the import of 2 entries from s.csv."
    after = table_dump(db_path)
    assert {t: rows for t, rows in after.items() if t != "undo_step"} == {
        t: rows for t, rows in before.items() if t != "undo_step"
    }


def test_new_teachers_like_known_ones_get_a_hint(ok: Run, tmp_path: Path) -> None:
    """A new name close to a known one is pointed out, as `add` does."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    result = ok(
        "import", str(write(tmp_path / "s.csv", "date,teacher,stance,minutes\n2026-11-17,Ms. Riviera,coach,30\n"))
    )
    assert "new teacher 'Ms. Riviera' — did you mean 'Ms. Rivera'?" in result.stderr


def test_start_and_end_without_minutes_give_the_duration(ok: Run, tmp_path: Path) -> None:
    """A sheet with start and end times and no duration column: minutes are the time between them."""
    sheet = write(
        tmp_path / "times.csv",
        "Date,Start time,End time,Teacher,Stance\n2026-11-17,9:00 AM,9:40 AM,Ms. Rivera,coaching\n"
        "2026-11-16,23:30,00:15,Ms. Rivera,coaching\n",
    )
    ok("import", str(sheet))
    assert [line.split(",")[2:5] for line in ok("export").stdout.splitlines()[1:]] == [
        ["2026-11-16 23:30", "2026-11-17 00:15", "45"],
        ["2026-11-17 09:00", "2026-11-17 09:40", "40"],
    ]


def test_a_json_export_with_a_bad_entry_names_its_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    """JSON rows are numbered by the line their object starts on."""
    entries = [
        {"date": "2026-11-17", "minutes": 30, "kind": "session", "stance": "coaching", "teachers": ["Ms. Rivera"]},
        {"date": "2026-11-18", "minutes": 30, "kind": "session", "stance": "coaching", "teachers": []},
    ]
    sheet = tmp_path / "e.json"
    sheet.write_text("[\n" + ",\n".join(json.dumps(e) for e in entries) + "\n]\n")
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == "Error: line 3: a session needs a teacher; nothing was imported\n"
    assert row_counts(db_path).get("entry", 0) == 0


def test_sources_are_imported_once(db_path: Path) -> None:
    """The store's import (shared with calendar imports) skips an entry whose source is already stored."""
    entry = NewEntry(
        kind="session",
        start=datetime(2026, 11, 17, 9, 0, tzinfo=ZONE),
        minutes=30,
        local_date=date(2026, 11, 17),
        time_known=True,
        teachers=("Ms. Rivera",),
        stance=Stance.COACHING,
        source="ics:event-1@school",
    )
    moved = NewEntry(**{**entry.__dict__, "minutes": 45})  # the event changed since: still the same source
    with open_store(db_path) as store:
        first = store.imports.run([entry], NOW, "from cal.ics")
        second = store.imports.run([Incoming(moved, where="event 1")], NOW, "from cal.ics")
        later = NewEntry(**{**entry.__dict__, "source": "ics:2", "start": datetime(2026, 11, 17, 11, 0, tzinfo=ZONE)})
        dry = store.imports.run([later], NOW, "x", dry_run=True)
    assert (first.added, first.already_there, first.new_teachers) == (1, 0, [("Ms. Rivera", None)])
    assert (second.added, second.already_there) == (0, 1)
    assert (dry.added, dry.sessions["coaching"], dry.first) == (1, 1, date(2026, 11, 17))
    assert row_counts(db_path)["entry"] == 1


# ---- the value parsers ------------------------------------------------------------------------------


@given(st.integers(0, 12), st.integers(0, 59), st.sampled_from(["minutes", "hours", "duration"]))
def test_h_mm_is_hours_and_minutes_in_any_column(hours: int, minutes: int, unit: str) -> None:
    """1:30 is 90 minutes whatever the column; out of 1 minute .. 12 hours it is refused."""
    total = hours * 60 + minutes
    if 1 <= total <= 720:
        assert parse_minutes(f"{hours}:{minutes:02d}", unit) == total
    else:
        with pytest.raises(UsageError, match="out of range"):
            parse_minutes(f"{hours}:{minutes:02d}", unit)


@given(st.integers(1, 1200), st.booleans())
def test_decimal_hours_round_to_the_nearest_minute(hundredths: int, comma: bool) -> None:
    """1.5 (or 1,5) in an hours column is 90 minutes; 0.01 is 1 (rounded half up, as `add` rounds 1.5h)."""
    text = f"{hundredths // 100}.{hundredths % 100:02d}"
    expected = int(Fraction(hundredths * 60, 100) + Fraction(1, 2))
    assert parse_minutes(text.replace(".", ",") if comma else text, "hours") == expected


@given(st.integers(1, 720))
def test_a_bare_number_is_read_by_its_column(minutes: int) -> None:
    """45 is 45 minutes in a minutes or duration column; 2 is two hours in an hours column."""
    assert parse_minutes(str(minutes), "minutes") == minutes
    assert parse_minutes(str(minutes), "duration") == minutes
    if minutes <= 12:
        assert parse_minutes(str(minutes), "hours") == minutes * 60


def test_a_decimal_in_a_minutes_column_is_refused() -> None:
    """1.5 in a minutes column is not guessed to be hours."""
    with pytest.raises(UsageError, match="holds whole minutes"):
        parse_minutes("1.5", "minutes")


DAYS = st.dates(date(1900, 1, 1), date(9998, 12, 31))


@given(DAYS, st.sampled_from(["dmy", "mdy"]), st.sampled_from("/.-"), st.booleans())
def test_dates_read_in_the_order_given(day: date, order: str, sep: str, pad: bool) -> None:
    """With --date-order, a day-first or month-first date (any separator, padded or not) is that date."""
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    text = sep.join((d, m) if order == "dmy" else (m, d)) + f"{sep}{day.year}"
    assert parse_date_cell(text, order, ZONE, NOW).day == day


@given(DAYS, st.sampled_from(["dmy", "mdy"]))
def test_without_an_order_only_unambiguous_dates_are_read(day: date, order: str) -> None:
    """A day over 12 shows the order; a day equal to the month needs none; anything else is refused."""
    first, second = (day.day, day.month) if order == "dmy" else (day.month, day.day)
    text = f"{first}/{second}/{day.year}"
    if day.day > 12 or day.day == day.month:
        cell = parse_date_cell(text, None, ZONE, NOW)
        assert cell.day == day
        assert cell.order == (order if day.day > 12 else None)
    else:
        with pytest.raises(FileError, match="--date-order"):
            parse_date_cell(text, None, ZONE, NOW)


@given(DAYS, st.sampled_from([None, "dmy", "mdy", "ymd"]), st.sampled_from("/.-"), st.times())
def test_year_first_dates_need_no_order(day: date, order: str | None, sep: str, clock) -> None:  # type: ignore[no-untyped-def]
    """YYYY-MM-DD (and YYYY/MM/DD) with or without a time is that date and minute, whatever --date-order says."""
    text = f"{day.year}{sep}{day.month:02d}{sep}{day.day:02d} {clock.hour:02d}:{clock.minute:02d}"
    cell = parse_date_cell(text, order, ZONE, NOW)
    assert (cell.day, cell.clock) == (day, clock.replace(second=0, microsecond=0))


def test_an_offset_in_a_date_settles_the_repeated_hour() -> None:
    """2026-11-01T01:30:00-05:00 is the second 01:30 of that night in New York."""
    cell = parse_date_cell("2026-11-01T06:30:00Z", None, ZONE, NOW)
    assert (cell.day, cell.clock, cell.fold) == (date(2026, 11, 1), datetime(2026, 1, 1, 1, 30).time(), 1)
    instant = datetime.combine(cell.day, cell.clock, tzinfo=ZONE).replace(fold=cell.fold)
    assert instant.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


def test_a_name_that_could_be_two_teachers_stops_at_its_line(run: Run, ok: Run, tmp_path: Path, db_path: Path) -> None:
    """'Rivera' with both Ms. and Mr. Rivera known is an error on its line, or a skipped row with --skip-invalid."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    ok("add", "Mr. Rivera", "coaching", "45m")
    sheet = write(
        tmp_path / "s.csv",
        "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n2026-11-18,Rivera,coaching,30\n",
    )
    before = table_dump(db_path)
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 3: teacher 'Rivera' could be 'Ms. Rivera' or 'Mr. Rivera': type the name in full;"
        " nothing was imported\n"
    )
    assert table_dump(db_path) == before
    sheet.write_text(sheet.read_text() + "2026-11-19,Mr. New; Rivera,coaching,30\n")
    skipping = ok("import", str(sheet), "--skip-invalid")
    assert [line[:41] for line in skipping.stderr.splitlines()] == [
        "Skipped line 3: teacher 'Rivera' could be",
        "Skipped line 4: teacher 'Rivera' could be",
    ]
    assert row_counts(db_path)["entry"] == 3
    assert row_counts(db_path)["teacher"] == 2  # the skipped row's new teacher was not created
    dry = ok("import", str(sheet), "--skip-invalid", "--dry-run")
    assert [line for line in dry.stdout.splitlines() if line.startswith("line ")] == [
        "line 2  Tue 2026-11-17        30m  Ms. Rivera  coaching"  # the rows skipped are not listed as read
    ]


def test_an_empty_export_imports_nothing(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """The export of an empty database (a header, or []) imports as 0 entries."""
    ok("--db", str(tmp_path / "empty.db"), "export", "-o", str(tmp_path / "e.csv"))
    ok("--db", str(tmp_path / "empty.db"), "export", "-f", "json", "-o", str(tmp_path / "e.json"))
    assert ok("import", str(tmp_path / "e.csv")).stdout == "Imported 0 entries from e.csv\n"
    assert ok("import", str(tmp_path / "e.json")).stdout == "Imported 0 entries from e.json\n"
    assert row_counts(db_path)["entry"] == 0


# ---- found by a review: each failed before its fix ------------------------------------------------


def test_an_entry_logged_at_a_clock_with_seconds_imports_back_once(
    ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add` with no --at at 09:05:37 stores whole minutes, so its HH:MM export is found again on import."""
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-23T09:05:37-05:00")
    ok("add", "Ms. Rivera", "coaching", "30m")
    for fmt in ("csv", "json"):
        target = tmp_path / f"a.{fmt}"
        ok("export", "--format", fmt, "-o", str(target))
        assert ok("import", str(target)).stdout.startswith("Imported 0 entries (1 already there)"), fmt
    assert json.loads(ok("export", "--format", "json").stdout)[0]["start"] == "2026-11-23 08:36"


def test_an_unclosed_quote_stops_at_its_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    """A quote left open would swallow every later row into one note: it is an error, nothing is written."""
    run("add", "Ms. Rivera", "coaching", "20")
    before = table_dump(db_path)
    sheet = tmp_path / "quote.csv"
    sheet.write_text(
        'date,teacher,stance,minutes,note\n2026-11-02,Rivera,coach,30,"she said ""wait\n'
        "2026-11-03,Rivera,coach,30,ok\n2026-11-04,Rivera,coach,45,fine\n"
    )
    result = run("import", str(sheet))
    assert result.exit_code == 2 and "line" in result.stderr and result.stderr.count("\n") == 1
    assert table_dump(db_path) == before


def test_a_skipped_row_leaves_no_teacher_behind(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """--skip-invalid: a row refused halfway (its third name could be two people) creates nobody."""
    ok("add", "Ms. Smith", "coaching", "20", "--at", "2026-11-02 09:00")
    ok("add", "Mr. Smith", "coaching", "20", "--at", "2026-11-02 10:00")
    sheet = tmp_path / "pw.csv"
    sheet.write_text(
        "date,teacher,stance,minutes\n2026-11-03,Ann New; Bob New; smith,coach,30\n2026-11-04,Kim,coach,30\n"
    )
    result = ok("import", str(sheet), "--skip-invalid")
    assert "Skipped line 2" in result.stderr
    names = [line.split("  ")[0] for line in ok("teacher", "list").stdout.splitlines()]
    assert "Ann New" not in names and "Bob New" not in names and "Kim" in names
    ok("undo")
    assert "Kim" not in ok("teacher", "list").stdout


def test_a_very_long_note_survives_the_csv_round_trip(ok: Run, tmp_path: Path) -> None:
    """A note longer than the csv module's default field limit (131,072) exports and imports back."""
    note = "x" * 200_000
    source = tmp_path / "one.json"
    source.write_text(json.dumps([{"date": "2026-11-02", "minutes": 30, "kind": "session", "stance": "coaching",
                                   "teachers": ["Ms. Rivera"], "note": note}]))  # fmt: skip
    ok("import", str(source))
    ok("export", "-o", str(tmp_path / "out.csv"))
    ok("--db", str(tmp_path / "second.db"), "import", str(tmp_path / "out.csv"))
    again = json.loads(ok("--db", str(tmp_path / "second.db"), "export", "--format", "json").stdout)
    assert again[0]["note"] == note


@pytest.mark.parametrize("args", [["Ms. Smith; Mr. Jones", "coaching", "30"], ["Ann", "coaching", "30", "-t", "a;b"],
                                  ["Ann\x1b[2J", "coaching", "30"]])  # fmt: skip
def test_names_and_tags_with_a_separator_or_control_character_are_refused(run: Run, args: list[str]) -> None:
    """'; ' joins names and tags in exports, and a terminal would obey a control character: both refused."""
    result = run("add", *args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "\x1b" not in result.stderr.replace("\\x1b", "")


# A coach's own sheet, kept for a year before coachlog: month-first dates that only 9/14/2025 settles, a duty
# written several ways, two teachers in one cell, and a Total row at the bottom.
OLD_SHEET = (
    "Date,Teacher,Stance,Activity,Minutes,Notes\n"
    "9/8/2025,Patel & Nguyen,Collaborating,co-teaching,45,planning unit 1\n"
    "9/10/2025,Ms. Smith-Jones,coaching,debrief,30,\n"
    "9/11/2025,,,Cover,50,covered 7B\n"
    "9/14/2025,Garcia and Lee,consulting,,20,\n"
    "9/15/2025,,Duty,Lunch duty,25,\n"
    "9/16/2025,Kim/Ortiz,coaching,,40,\n"
    "9/17/2025,Ms. Rivera,Cover,,45,\n"
    "9/18/2025,,duty,,15,\n"
    "9/19/2025,Mr. & Mrs. Lee; O'Connell,coaching,modeling,35,\n"
    ",,Total,,305,\n"
)


def test_a_coachs_old_sheet_imports_in_one_try(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """The sheet of issue 16 imports without a flag: the order settled by 9/14/2025, the Total row left out and
    said so, duties read from the activity or the stance, 'Patel & Nguyen' two teachers, 'Smith-Jones' one."""
    sheet = write(tmp_path / "old.csv", OLD_SHEET)
    result = ok("import", str(sheet))
    assert result.stderr.splitlines() == [
        "Dates read month first, as '9/14/2025' on line 5 shows",
        "Skipped line 11: a total row ('Total'), not an entry",
    ]
    assert result.stdout == (
        "Imported 9 entries from old.csv; 9 new teachers: Patel, Nguyen, Ms. Smith-Jones, Garcia, Lee, Kim, Ortiz,"
        " Mr. & Mrs. Lee, O'Connell; left out 1 total row\n"
    )
    rows = [(row[1], row[4], row[3], row[7], row[9], row[6]) for row in entries_of(db_path)]
    assert [row[:5] for row in rows] == [
        ("session", "2025-09-08", 45, None, "planning unit 1"),
        ("session", "2025-09-10", 30, None, None),
        ("duty", "2025-09-11", 50, "cover", "covered 7B"),
        ("session", "2025-09-14", 20, None, None),
        ("duty", "2025-09-15", 25, "supervision", None),
        ("session", "2025-09-16", 40, None, None),
        ("duty", "2025-09-17", 45, "cover", "for Ms. Rivera"),  # a duty has no teachers: the note keeps the name
        ("duty", "2025-09-18", 15, "other", None),
        ("session", "2025-09-19", 35, None, None),
    ]
    teachers = [line.split(",")[8] for line in ok("export").stdout.splitlines()[1:]]
    assert teachers == ["Patel; Nguyen", "Ms. Smith-Jones", "", "Garcia; Lee", "", "Kim; Ortiz", "", "",
                        "Mr. & Mrs. Lee; O'Connell"]  # fmt: skip


def test_the_dry_run_of_an_old_sheet_shows_each_row_as_read(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """--dry-run prints every parsed row (line, date, time, minutes, teachers, stance or duty, activity) on
    stdout before the counts, and writes nothing."""
    sheet = write(tmp_path / "old.csv", OLD_SHEET.replace("9/8/2025,", "9/8/2025 8:15 AM,"))
    result = ok("import", str(sheet), "--dry-run")
    assert not db_path.exists() or row_counts(db_path).get("entry", 0) == 0
    assert result.stdout.splitlines() == [
        "line 2  Mon 2025-09-08 08:15  45m  Patel, Nguyen  collaborating  co-teaching",
        "line 3  Wed 2025-09-10        30m  Ms. Smith-Jones  coaching  debrief",
        "line 4  Thu 2025-09-11        50m  -  duty: cover",
        "line 5  Sun 2025-09-14        20m  Garcia, Lee  consulting",
        "line 6  Mon 2025-09-15        25m  -  duty: supervision",
        "line 7  Tue 2025-09-16        40m  Kim, Ortiz  coaching",
        "line 8  Wed 2025-09-17        45m  -  duty: cover",
        "line 9  Thu 2025-09-18        15m  -  duty: other",
        "line 10  Fri 2025-09-19        35m  Mr. & Mrs. Lee, O'Connell  coaching  modeling",
        "Dry run: nothing was changed. old.csv would add 9 entries:",
        "  sessions: 5 (consulting 1, collaborating 1, coaching 3)",
        "  duties: 4 (cover 2, other 1, supervision 1)",
        "  dates: 2025-09-08 to 2025-09-19",
        "  already there (would be skipped): 0",
        "  new teachers: 9 (Patel, Nguyen, Ms. Smith-Jones, Garcia, Lee, Kim, Ortiz, Mr. & Mrs. Lee, O'Connell)",
        "  total rows left out: 1 (listed above)",
    ]


@pytest.mark.parametrize(
    ("row", "kept"),
    [
        ("Total,,,,305", True),
        ("TOTALS:,,,,305", True),
        ("Grand total,,,,305", True),
        (",Sum,,,305", True),
        ("2025-09-20,Ms. Lee,coaching,,30,total reset", False),  # an entry whose note says total
    ],
)
def test_total_rows_are_left_out_wherever_the_word_is(ok: Run, tmp_path: Path, row: str, kept: bool) -> None:
    """A row whose date is empty or a total word, with a cell that is only 'Total', 'Totals', 'Grand total' or
    'Sum', is a sheet's total; a note that mentions a total is not."""
    sheet = write(
        tmp_path / "s.csv", f"Date,Teacher,Stance,Activity,Minutes,Notes\n2025-09-19,Ms. Lee,coaching,,30,\n{row}\n"
    )
    result = ok("import", str(sheet))
    assert ("left out 1 total row" in result.stdout) == kept
    assert ("Skipped line 3: a total row" in result.stderr) == kept


def test_own_exports_keep_names_with_an_ampersand_whole(ok: Run, tmp_path: Path) -> None:
    """An export joins teachers with '; ' only: a teacher named 'Patel & Nguyen' (one team, logged as one)
    comes back as one, so the round trip stays byte-identical."""
    ok("add", "Patel & Nguyen", "coaching", "30", "--with", "Kim/Ortiz", "--at", "2026-11-20 09:00")
    ok("export", "-o", str(tmp_path / "out.csv"))
    ok("--db", str(tmp_path / "b.db"), "import", str(tmp_path / "out.csv"))
    ok("--db", str(tmp_path / "b.db"), "export", "-o", str(tmp_path / "again.csv"))
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "out.csv").read_bytes()
    assert "Patel & Nguyen; Kim/Ortiz" in (tmp_path / "again.csv").read_text()


@pytest.mark.parametrize("fmt_args", [(), ("--raw",)])
def test_export_bom_opens_in_spreadsheets_and_imports_back_byte_identical(
    ok: Run, run: Run, tmp_path: Path, fmt_args: tuple[str, ...]
) -> None:
    """--bom starts the CSV with a UTF-8 byte-order mark (what Excel and LibreOffice need on a double-click to
    read 'José Núñez'); import skips it, and the round trip gives the same bytes. Without --bom, no mark."""
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    fill_database(ok, first)
    exported, again = tmp_path / "first.csv", tmp_path / "second.csv"
    ok("--db", str(first), "export", "--bom", *fmt_args, "-o", str(exported))
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,date,")
    ok("--db", str(first), "export", *fmt_args, "-o", str(tmp_path / "plain.csv"))
    assert data == b"\xef\xbb\xbf" + (tmp_path / "plain.csv").read_bytes()  # the same CSV after the mark
    plain = ok("--db", str(first), "export", *fmt_args).stdout
    assert not plain.startswith("\ufeff")
    assert ok("--db", str(first), "export", "--bom", *fmt_args).stdout == "\ufeff" + plain  # stdout too, when asked
    ok("--db", str(second), "import", str(exported), *fmt_args)
    ok("--db", str(second), "export", "--bom", *fmt_args, "-o", str(again))
    assert again.read_bytes() == data
    assert entries_of(second) == entries_of(first)
    refused = run("--db", str(first), "export", "--bom", "--format", "json")
    assert refused.exit_code == 2
    assert (
        refused.stderr == "Error: --bom is for CSV: a json file has no byte-order mark (drop --bom, or --format csv)\n"
    )
    assert "--bom" in ok("export", "--help").stdout


@pytest.mark.parametrize(
    ("cell", "teachers"),
    [
        ("Patel & Nguyen", ["Patel", "Nguyen"]),
        ("Garcia and Lee", ["Garcia", "Lee"]),
        ("Kim/Ortiz", ["Kim", "Ortiz"]),
        ("Ms. Kim; Mr. Ortiz", ["Ms. Kim", "Mr. Ortiz"]),
        ("Ms. Smith-Jones", ["Ms. Smith-Jones"]),
        ("Alexandra Anderson", ["Alexandra Anderson"]),
        ("Mr. & Mrs. Lee", ["Mr. & Mrs. Lee"]),
        ("Ms. Patel & Mr. Nguyen and Kim", ["Ms. Patel", "Mr. Nguyen", "Kim"]),
    ],
)
def test_a_teacher_cell_names_one_or_more_teachers(cell: str, teachers: list[str]) -> None:
    """'&', 'and', '/' and ';' separate teachers in a sheet's cell; a hyphen, a word containing 'and', or a title
    left alone do not."""
    assert split_teachers(cell) == teachers


@pytest.mark.parametrize(
    ("cell", "said"),
    [("Cover", "cover"), ("Covering 7B", "cover"), ("Lunch duty", "supervision"), ("Bus duty", "supervision"),
     ("Duty", "duty"), ("duties", "duty"), ("Proctoring", "testing"), ("Test prep", None), ("co-teaching", None),
     ("Formative assessment", None)],
)  # fmt: skip
def test_words_that_say_a_duty(cell: str, said: str | None) -> None:
    """A duty kind, or a word a sheet uses for one, says a duty; coaching activities such as "Test prep" do not."""
    assert duty_in(cell) == said


def test_a_row_without_a_stance_is_a_duty_only_when_its_activity_says_one(run: Run, tmp_path: Path) -> None:
    """No stance and the activity "Test prep": still the one-line error, not a duty guessed."""
    sheet = write(tmp_path / "s.csv", "Date,Teacher,Stance,Activity,Minutes\n2025-09-19,Ms. Lee,,Test prep,30\n")
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 2: no stance: a session needs consulting, collaborating or coaching; nothing was imported\n"
    )


@pytest.mark.parametrize(("cell", "duty_kind"), [("duty: cover", "cover"), ("duty - supervision", "supervision"),
                                                 ("Duty", "other")])  # fmt: skip
def test_a_stance_cell_saying_duty_and_its_kind_keeps_the_kind(
    ok: Run, tmp_path: Path, db_path: Path, cell: str, duty_kind: str
) -> None:
    """'duty: cover' (the way `log` prints a duty) is a cover duty, not one of kind 'other'."""
    ok("import", str(write(tmp_path / "a.csv", f"Date,Stance,Minutes,Teacher\n2026-11-17,{cell},30,\n")))
    assert [(row[1], row[7]) for row in entries_of(db_path)] == [("duty", duty_kind)]


def test_a_type_column_of_stances_is_the_stance(ok: Run, tmp_path: Path, db_path: Path) -> None:
    """'Type' holding only stances and duties is read as the stance column, and the coach is told."""
    sheet = write(
        tmp_path / "a.csv", "Date,Type,Minutes,Teacher\n2026-11-17,Coaching,30,Ms. Rivera\n2026-11-18,Cover,20,\n"
    )
    result = ok("import", str(sheet))
    assert "Read column 'Type' as the stance" in result.stderr + result.stdout
    assert [(row[1], row[6], row[7]) for row in entries_of(db_path)] == [
        ("session", "coaching", None),
        ("duty", None, "cover"),
    ]


def test_a_type_column_of_other_words_names_the_stance_in_its_hint(run: Run, tmp_path: Path, db_path: Path) -> None:
    """When the values do not settle it, the hint offers --map 'Type=stance' too."""
    sheet = write(
        tmp_path / "a.csv", "Date,Type,Minutes,Teacher\n2026-11-17,Coaching,30,Ms. Rivera\n2026-11-18,walkthrough,20,\n"
    )
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert "--map 'Type=stance'" in result.stderr
    assert not db_path.exists()
