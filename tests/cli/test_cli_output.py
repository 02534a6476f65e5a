"""`coachlog log`, `coachlog export` and output hygiene: order, filters, the CSV contract, plain text only."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from helpers import NOW, ZONE, Run, coachlog_command, pipe_rows

HEADER = "id,date,start,end,minutes,hours,kind,stance,teachers,activity,tags,note,helpful,story,shareable,source,cycle"
LONG_NOTE = "Goal: wait time after questions; try 3 seconds, count silently, then paraphrase what you heard"
LOG_HEADINGS = ["id", "date", "time", "teachers", "stance", "time spent", "activity", "note"]
ESCAPE = "\x1b["


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def ids_of(result_stdout: str) -> list[int]:
    return [entry["id"] for entry in json.loads(result_stdout)]


@pytest.fixture(scope="module")
def logged_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the first test to need `logged` keeps a copy of its database for the others."""
    return tmp_path_factory.mktemp("logged") / "coachlog.db"


@pytest.fixture
def logged(ok: Run, db_path: Path, logged_template: Path) -> None:
    """Seven entries over three weeks, logged out of time order; their ids are 1 to 7 as logged."""
    if logged_template.exists():
        shutil.copyfile(logged_template, db_path)  # the same CLI-built file, without logging it again
        return
    ok("add", "Dana Whitfield", "coaching", "20", "-a", "debrief", "--at", "2026-11-23 09:00", "-n", LONG_NOTE)
    ok(
        "add", "Mr. Okafor", "collab", "1h", "--with", "Dana Whitfield", "-a", "co-teaching",
        "--at", "2026-11-17 10:00", "--tag", "PLC", "--tag", "cycle-2",
    )  # fmt: skip
    ok("add", "Ms. Rivera", "coach", "45m", "-a", "debrief", "--at", "2026-11-16 09:00", "-n", "goal set")
    ok("duty", "cover", "50", "--at", "2026-11-19 11:00", "-n", "sub shortage")
    ok("add", "ms rivera", "consulting", "30", "--at", "2026-11-18")
    ok("duty", "supervision", "30", "--at", "2026-11-23 12:00")
    ok("add", "Mr. Okafor", "cons", "1h30m", "-a", "planning", "--at", "2026-11-06 10:00")
    assert not db_path.with_name(db_path.name + "-wal").exists()  # closed cleanly: one file holds it all
    shutil.copyfile(db_path, logged_template)


TIME_ORDER = [7, 3, 2, 5, 4, 1, 6]


def test_log_lists_entries_oldest_first_with_every_column(ok: Run, logged: None) -> None:
    """`log --all` shows id, date, time, teachers, stance or duty, duration, activity and, piped, the whole note."""
    rows = pipe_rows(ok("log", "--all").stdout)
    assert rows[0] == LOG_HEADINGS
    assert [row[:7] for row in rows[1:]] == [
        ["7", "Fri 2026-11-06", "10:00", "Mr. Okafor", "consulting", "1h30m", "planning"],
        ["3", "Mon 2026-11-16", "09:00", "Ms. Rivera", "coaching", "45m", "debrief"],
        ["2", "Tue 2026-11-17", "10:00", "Mr. Okafor, Dana Whitfield", "collaborating", "1h", "co-teaching"],
        ["5", "Wed 2026-11-18", "", "Ms. Rivera", "consulting", "30m", ""],
        ["4", "Thu 2026-11-19", "11:00", "", "duty: cover", "50m", ""],
        ["1", "Mon 2026-11-23", "09:00", "Dana Whitfield", "coaching", "20m", "debrief"],
        ["6", "Mon 2026-11-23", "12:00", "", "duty: supervision", "30m", ""],
    ]
    notes = [row[7] for row in rows[1:]]
    assert notes[:5] + notes[6:] == ["", "goal set", "", "", "sub shortage", ""]
    assert notes[5] == LONG_NOTE  # piped output is never cut (issue 16: it was cut at 40 characters)


def test_ids_never_renumber(ok: Run, logged: None) -> None:
    """After a delete, the other entries keep their ids and the next entry gets a new one."""
    ok("delete", "2", "--yes")
    ok("add", "Lee Chen", "coach", "15", "--at", "2026-11-20 10:00")
    assert ids_of(ok("log", "--all", "-f", "json").stdout) == [7, 3, 5, 4, 8, 1, 6]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--all",), TIME_ORDER),
        ((), [1, 6]),
        (("--week",), [1, 6]),
        (("--last-week",), [3, 2, 5, 4]),
        (("--month",), TIME_ORDER),
        (("--from", "2026-11-17", "--to", "2026-11-19"), [2, 5, 4]),
        (("--from", "2026-11-18"), [5, 4, 1, 6]),
        (("--all", "--teacher", "dana whitfield"), [2, 1]),
        (("--all", "--teacher", "MS. RIVERA"), [3, 5]),
        (("--all", "--teacher", "Mr. Okafor", "--stance", "cons"), [7]),
        (("--all", "--stance", "coach"), [3, 1]),
        (("--all", "--activity", "deb"), [3, 1]),
        (("--all", "--activity", "cover"), [4]),
        (("--all", "--duties"), [4, 6]),
        (("--last-week", "--duties"), [4]),
        (("--all", "--duties", "--stance", "coaching"), []),
    ],
)
def test_log_filters_and_ranges(ok: Run, logged: None, args: tuple, ids: list[int]) -> None:
    """Each filter and range keeps exactly the entries it names, still oldest first."""
    assert ids_of(ok("log", "-f", "json", *args).stdout) == ids


def test_log_of_an_empty_range_says_how_to_see_more(ok: Run, logged: None) -> None:
    """A table log of a range with no entries exits 0, prints no rows, and hints at --all on stderr."""
    result = ok("log", "--from", "2026-07-01", "--to", "2026-07-31")
    assert pipe_rows(result.stdout)[1:] == []
    assert "--all" in result.stderr
    assert json.loads(ok("log", "--from", "2026-07-01", "--to", "2026-07-31", "-f", "json").stdout) == []


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("--teacher", "Nobody"), 2, ["Nobody", "teacher list"]),
        (("--activity", "co"), 2, ["ambiguous", "co-teaching", "cover"]),
        (("--stance", "evaluating"), 2, ["evaluating", "consulting"]),
        (("--format", "html"), 2, ["html", "markdown"]),
    ],
)
def test_log_bad_filter_is_one_line_error(run: Run, logged: None, args: tuple, code: int, words: list[str]) -> None:
    """An unknown teacher exits 1; an ambiguous or unknown choice exits 2; one line on stderr."""
    result = run("log", "--all", *args)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.count("\n") == 1 and all(word in result.stderr for word in words)


def test_log_formats_show_the_same_entries(ok: Run, logged: None) -> None:
    """Table, CSV, JSON and Markdown list the same ids in the same order."""
    table = [int(row[0]) for row in pipe_rows(ok("log", "--all").stdout)[1:]]
    markdown_text = ok("log", "--all", "-f", "markdown").stdout
    markdown = pipe_rows(markdown_text)
    assert markdown_text.startswith("| id | date | time | teachers | stance | time spent | activity | note |\n|---")
    assert markdown[0] == LOG_HEADINGS
    csv_text = ok("log", "--all", "-f", "csv").stdout
    assert csv_text.splitlines()[0] == HEADER
    assert table == [int(row[0]) for row in markdown[1:]] == [int(r["id"]) for r in csv_rows(csv_text)] == TIME_ORDER
    assert ids_of(ok("log", "--all", "-f", "json").stdout) == TIME_ORDER


EXPORTED = {  # id: (date, start, end, minutes, hours, kind, stance, teachers, activity, tags, note)
    7: ("2026-11-06", "2026-11-06 10:00", "2026-11-06 11:30", "90", "1.50", "session", "consulting", "Mr. Okafor",
        "planning", "", ""),
    3: ("2026-11-16", "2026-11-16 09:00", "2026-11-16 09:45", "45", "0.75", "session", "coaching", "Ms. Rivera",
        "debrief", "", "goal set"),
    2: ("2026-11-17", "2026-11-17 10:00", "2026-11-17 11:00", "60", "1.00", "session", "collaborating",
        "Mr. Okafor; Dana Whitfield", "co-teaching", "cycle-2; plc", ""),
    5: ("2026-11-18", "", "", "30", "0.50", "session", "consulting", "Ms. Rivera", "", "", ""),
    4: ("2026-11-19", "2026-11-19 11:00", "2026-11-19 11:50", "50", "0.83", "duty", "", "", "cover", "",
        "sub shortage"),
    1: ("2026-11-23", "2026-11-23 09:00", "2026-11-23 09:20", "20", "0.33", "session", "coaching", "Dana Whitfield",
        "debrief", "", LONG_NOTE),
    6: ("2026-11-23", "2026-11-23 12:00", "2026-11-23 12:30", "30", "0.50", "duty", "", "", "supervision", "", ""),
}  # fmt: skip


def test_export_csv_follows_the_contract(ok: Run, logged: None) -> None:
    """Exact header, one row per entry in time order, hours with two places, duties apart, no total rows."""
    text = ok("export").stdout
    assert text.splitlines()[0] == HEADER
    rows = csv_rows(text)
    assert [int(row["id"]) for row in rows] == TIME_ORDER
    for row in rows:
        assert tuple(row.values())[1:12] == EXPORTED[int(row["id"])], row["id"]
        assert tuple(row.values())[12:] == ("", "", "no", "", "")  # helpful, story, shareable, source, cycle: none
        assert re.fullmatch(r"\d+\.\d\d", row["hours"])
        exact = (Decimal(row["minutes"]) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert Decimal(row["hours"]) == exact
    assert len(rows) == 7 and all(row["id"].isdigit() for row in rows)


def test_export_json_is_a_list_with_the_csv_fields(ok: Run, logged: None) -> None:
    """The JSON export holds the CSV's fields in order, teachers and tags as lists, numbers as numbers."""
    entries = json.loads(ok("export", "--format", "json").stdout)
    assert [entry["id"] for entry in entries] == TIME_ORDER
    for entry in entries:
        assert list(entry) == HEADER.split(",")
        want = EXPORTED[entry["id"]]
        assert entry["minutes"] == int(want[3])
        assert entry["teachers"] == [name for name in want[7].split("; ") if name]
        assert entry["tags"] == [tag for tag in want[9].split("; ") if tag]
        assert entry["hours"] == round(int(want[3]) / 60, 2)
        assert entry["stance"] == (want[6] or None)  # null for a duty
        assert (entry["date"], entry["start"], entry["kind"], entry["activity"], entry["note"]) == (
            want[0], want[1] or None, want[5], want[8] or None, want[10] or None,
        )  # fmt: skip


@pytest.mark.parametrize("umask", [0o022, 0o000])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_to_a_file_is_owner_only(ok: Run, logged: None, tmp_path: Path, umask: int, fmt: str) -> None:
    """`export -o FILE` writes what stdout gets into a 0600 file, whatever the umask, even over a 0644 file."""
    target = tmp_path / f"out.{fmt}"
    target.write_text("old\n")
    target.chmod(0o644)
    previous = os.umask(umask)
    try:
        result = ok("export", "--format", fmt, "-o", str(target))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert result.stdout == "" and "7 entries" in result.stderr
    assert target.read_text(encoding="utf-8") == ok("export", "--format", fmt).stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


FORMULAS = ["=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1"]


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(ok: Run) -> None:
    """Notes and names starting with = + - @ or a tab get a leading ' in CSV; --raw and JSON keep them as typed."""
    for minute, note in enumerate(FORMULAS):
        ok("add", "Lee Chen", "coach", "10", "--at", f"2026-11-20 0{minute}:00", "-n", note)
    ok("add", "@lee", "coach", "10", "--at", "2026-11-20 07:00", "-n", "a = b, mail me@school")
    safe = [row["note"] for row in csv_rows(ok("export").stdout)]
    assert safe == ["'" + note for note in FORMULAS] + ["a = b, mail me@school"]
    assert csv_rows(ok("export").stdout)[-1]["teachers"] == "'@lee"
    assert [row["note"] for row in csv_rows(ok("log", "--all", "-f", "csv").stdout)] == safe
    raw = csv_rows(ok("export", "--raw").stdout)
    assert [row["note"] for row in raw] == [*FORMULAS, "a = b, mail me@school"]
    assert raw[-1]["teachers"] == "@lee"
    assert [entry["note"] for entry in json.loads(ok("export", "-f", "json").stdout)][:5] == FORMULAS
    teachers = csv_rows(ok("report", "--last-week", "--by", "teacher", "-f", "csv").stdout)
    assert [row["teacher"] for row in teachers] == ["'@lee", "Lee Chen"]


NAMES = ["José Núñez", "李小龙", "فاطمة الزهراء", "Zoë 😀 Park"]
NOTES = [
    'She said "try it, then wait"\nnext: 3 kids, 2 groups',
    "نعم، شكراً 😀 — ça marche",
    "café, crème; 漢字, 'quoted'",
]


def test_non_ascii_quotes_commas_and_newlines_survive_a_csv_round_trip(ok: Run, tmp_path: Path) -> None:
    """Accents, CJK, Arabic, emoji, quotes, commas and newlines come back unchanged through Python's csv reader."""
    ok("add", NAMES[0], "coach", "30", "--with", NAMES[1], "--with", NAMES[2], "--at", "mon 9:00", "-n", NOTES[0])
    ok("add", NAMES[3], "collab", "45", "--at", "mon 10:00", "-n", NOTES[1], "--tag", "é-tag")
    ok("duty", "other", "10", "--at", "mon 11:00", "-n", NOTES[2])
    ok("export", "-o", str(tmp_path / "out.csv"))
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        from_file = list(csv.DictReader(handle))
    for rows in (from_file, csv_rows(ok("export").stdout)):
        assert [row["teachers"] for row in rows] == ["; ".join(NAMES[:3]), NAMES[3], ""]
        assert [row["note"] for row in rows] == NOTES
        assert rows[1]["tags"] == "é-tag"
    entries = json.loads(ok("export", "-f", "json").stdout)
    assert [entry["teachers"] for entry in entries] == [NAMES[:3], [NAMES[3]], []]
    assert [entry["note"] for entry in entries] == NOTES
    table = ok("log", "--all").stdout
    assert all(name in table for name in NAMES)


def test_square_brackets_in_notes_and_names_are_kept(ok: Run) -> None:
    """A note '[draft]' and a team '[Team A]' keep their brackets in the table and Markdown views."""
    note = "[draft] goal: [bold]wait time[/bold]"
    ok("add", "[Team A]", "collab", "50", "--at", "2026-11-20 10:00", "-n", note)
    table = ok("log", "--all").stdout
    assert "[draft] goal: [bold]wait time[/bold]" in table and "[Team A]" in table
    assert note in ok("log", "--all", "-f", "markdown").stdout
    by_teacher = pipe_rows(ok("report", "--last-week", "--by", "teacher").stdout)
    assert ["[Team A]", "0m", "50m", "0m", "50m", "1", "0m", "0%"] in by_teacher


def test_square_brackets_in_a_term_name_are_kept_in_the_report_title(ok: Run) -> None:
    """A term named 'Fall [pilot]' is shown with its brackets at the top of the table report."""
    ok("term", "add", "Fall [pilot]", "2026-09-07", "2026-12-18")
    assert ok("report", "--term").stdout.splitlines()[0].strip() == "Fall [pilot] (2026-09-07 to 2026-12-18)"


def test_a_school_name_that_looks_like_markup_does_not_crash_the_report(ok: Run) -> None:
    """`config set school 'Lincoln [/b]'` then `report` prints the heading as typed and exits 0."""
    ok("config", "set", "school", "Lincoln [/b]")
    assert ok("report").stdout.splitlines()[0].startswith("Lincoln [/b] — this week")


PLAIN_COMMANDS = [
    ("log", "--all"),
    ("log", "--all", "-f", "csv"),
    ("log", "--all", "-f", "json"),
    ("log", "--all", "-f", "markdown"),
    ("report", "--term"),
    ("report", "--term", "-f", "csv"),
    ("report", "--term", "-f", "json"),
    ("report", "--term", "-f", "markdown"),
    ("report", "--term", "--by", "teacher"),
    ("export",),
    ("export", "-f", "json"),
    ("term", "list"),
    ("teacher", "list"),
    ("config", "show"),
    ("add", "Lee Chen", "coach", "10", "--at", "2026-11-20 14:00"),
    ("report", "--term", "--all"),  # an error message
]


@pytest.mark.parametrize("no_color", [None, "1"])
def test_no_escape_codes_in_any_output(ok: Run, run: Run, logged: None, no_color: str | None) -> None:
    """No format of any command writes ANSI escape codes when output is captured, with or without NO_COLOR."""
    ok("term", "add", "Fall 2026", "2026-09-07", "2026-12-18")
    env = {"NO_COLOR": no_color} if no_color else None
    for args in PLAIN_COMMANDS:
        result = run(*args, env=env)
        assert result.stdout or result.stderr, args
        assert ESCAPE not in result.stdout and ESCAPE not in result.stderr, args


@pytest.mark.slow
@pytest.mark.parametrize("args", [("report",), ("log", "--all"), ("export", "--format", "json")])
def test_installed_command_writes_plain_text_to_a_pipe(ok: Run, logged: None, tmp_path: Path, args: tuple) -> None:
    """The real command with stdout to a pipe exits 0 with no escape codes and the same data as in-process."""
    env = {
        **os.environ,
        "COACHLOG_DB": str(tmp_path / "coachlog.db"),
        "COACHLOG_CONFIG": str(tmp_path / "config.toml"),
        "COACHLOG_NOW": NOW,
        "COACHLOG_TIMEZONE": ZONE,
        "COLUMNS": "40",
    }
    done = subprocess.run([*coachlog_command(), *args], capture_output=True, env=env, timeout=120)  # pipes
    stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert ESCAPE not in stdout and ESCAPE not in stderr
    assert stdout.replace("\r\n", "\n") == ok(*args).stdout
    if args == ("report",):
        assert "Sessions: 1, 20m in all" in stdout  # this week: Dana Whitfield's 20 minutes today
    elif args[0] == "log":
        assert [int(row[0]) for row in pipe_rows(stdout)[1:]] == TIME_ORDER


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--all", "--by", "teacher", "-f", "csv"),
        ("report", "--all", "-f", "json"),
        ("log", "--all", "-f", "csv"),
        ("log", "--all", "-f", "json"),
        ("export",),
        ("export", "-f", "json"),
    ],
)
def test_csv_and_json_do_not_depend_on_terminal_width(ok: Run, logged: None, args: tuple) -> None:
    """CSV and JSON are byte for byte the same with COLUMNS=40 and COLUMNS=200, long notes unbroken."""
    narrow = ok(*args, env={"COLUMNS": "40", "TERMINAL_WIDTH": "40"}).stdout
    wide = ok(*args, env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"}).stdout
    assert narrow == wide
    if args[0] != "report":
        assert LONG_NOTE in narrow or json.dumps(LONG_NOTE)[1:-1] in narrow


def test_helpful_story_and_consent_reach_the_log_and_every_export(ok: Run) -> None:
    """--helpful, --story and --shareable are saved, shown by `log`, and exported in CSV and JSON."""
    ok("add", "Ms. Rivera", "coach", "40", "--at", "2026-11-23 09:00", "--helpful", "=the video", "--story", "a,b")
    ok("add", "Mr. Okafor", "coach", "30", "--at", "2026-11-23 10:00", "--helpful", "modeling", "--shareable")
    table = ok("log").stdout
    assert "helpful" in table.splitlines()[0] and "shareable" in table.splitlines()[0]
    assert "=the video" in table and "modeling" in table
    rows = csv_rows(ok("export").stdout)
    assert [(r["helpful"], r["story"], r["shareable"]) for r in rows] == [
        ("'=the video", "a,b", "no"),
        ("modeling", "", "yes"),
    ]
    entries = json.loads(ok("export", "--format", "json").stdout)
    assert [(e["helpful"], e["story"], e["shareable"]) for e in entries] == [
        ("=the video", "a,b", False),
        ("modeling", None, True),
    ]
    ok("edit", "2", "--not-shareable", "--helpful", "")
    entries = json.loads(ok("export", "--format", "json").stdout)
    assert (entries[1]["helpful"], entries[1]["shareable"]) == (None, False)


def test_a_duty_takes_no_answers_or_stories(run: Run, ok: Run) -> None:
    ok("duty", "cover", "50")
    result = run("edit", "1", "--story", "x")
    assert result.exit_code == 2 and "is a duty" in result.stderr


def test_control_characters_in_stored_text_are_shown_escaped(ok: Run, db_path: Path, tmp_path: Path) -> None:
    """A name or a note from an older database may hold terminal escapes (imports and `add` refuse them now):
    every listing and the summary show them escaped (\\x1b), never raw (found by a review)."""
    ok("add", "Ann Lee", "coaching", "30m", "--at", "2026-11-20 9:00", "--note", "fine")
    import sqlite3

    with sqlite3.connect(db_path) as connection:  # as a 0.1.0 database could hold them
        connection.execute("UPDATE teacher SET name = 'Zed\x1b[31mCtl'")
        connection.execute("UPDATE entry SET note = 'bad\x1b]0;pwned\x07note'")
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    for args in (["log", "--all"], ["teacher", "list"], ["summary", "--names", "-f", "text"], ["summary", "--names"]):
        text = ok(*args).stdout
        assert "\x1b" not in text and "\x07" not in text, args
        assert "\\x1b" in text, args
