"""Input coachlog must refuse (issue 13): control characters, invisible formatting characters, JSON built to
break a parser, rows that contradict themselves, config values of the wrong type, unknown time zones.

Each is one line naming the value (escaped) and, for a file, its row; exit 2; nothing written.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from helpers import Result, Run, TeamDatabase, table_dump

NUL_AND_FRIENDS = ["\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x9b", "\r"]
DISGUISES = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2069", "\u200b", "\ufeff", "\u2060"]


def refused(result: Result, *parts: str) -> None:
    assert result.exit_code == 2, result
    stderr = result.stderr
    assert stderr.count("\n") == 1 and stderr.startswith("Error: "), stderr
    for part in parts:
        assert part in stderr, (part, stderr)


def escaped(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii")


@pytest.mark.parametrize("char", NUL_AND_FRIENDS)
@pytest.mark.parametrize(
    "args",
    [
        ("add", "Ms. Rivera", "coaching", "30m", "--note"),
        ("add", "Ms. Rivera", "coaching", "30m", "--helpful"),
        ("add", "Ms. Rivera", "coaching", "30m", "--story"),
        ("duty", "cover", "30m", "--note"),
        ("start", "Ms. Rivera", "coaching", "--note"),
        ("edit", "1", "--note"),
        ("edit", "1", "--story"),
    ],
)
def test_a_control_character_in_free_text_is_refused(
    ok: Run, run: Run, db_path: Path, args: tuple[str, ...], char: str
) -> None:
    ok("add", "Mr. Okafor", "consulting", "20m", "--at", "9:00")
    before = table_dump(db_path)
    result = run(*args, f"before{char}after")
    refused(result, f"'before{escaped(char)}after'", "control characters", "(tab and newline are)")
    assert table_dump(db_path) == before


def test_tab_newline_and_crlf_stay_allowed_in_a_note(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "30m", "--note", "one\ttwo\nthree\r\nfour")
    assert json.loads(ok("export", "--format", "json").stdout)[0]["note"] == "one\ttwo\nthree\r\nfour"


NAME_ENTRY_POINTS = [
    (("add", "Ms. Rivera{}gnp", "coaching", "30m"), "teacher name"),
    (("add", "Ms. Rivera", "coaching", "30m", "--tag", "plc{}x"), "tag"),
    (("term", "add", "Fall{}2026", "2026-09-01", "2026-12-18"), "term name"),
    (("config", "set", "activities", "lesson{}study"), "activities"),
    (("config", "set", "school", "Lincoln{}High"), "school"),
    (("config", "set", "coach", "Sam{}Lee"), "coach"),
]


@pytest.mark.parametrize(
    ("args", "what", "char"),
    [
        (args, what, char)
        for args, what in NAME_ENTRY_POINTS
        for char in ("\x1b", "\x00", *DISGUISES)
        if not (char == "\x00" and args[0] == "config")  # argv cannot carry NUL; the config file's test covers it
    ],
)
def test_control_and_invisible_characters_are_refused_in_names(
    run: Run, db_path: Path, tmp_path: Path, args: tuple[str, ...], what: str, char: str
) -> None:
    """U+202E (right-to-left override) and its kin make a name read as something else: refused, shown escaped."""
    result = run(*(arg.format(char) for arg in args))
    refused(result, f"invalid {what} '", escaped(char))
    assert not (tmp_path / "config.toml").exists()
    assert table_dump(db_path).get("teacher", []) == [] and table_dump(db_path).get("term", []) == []


def test_joiners_that_spell_words_stay_allowed_in_names(ok: Run) -> None:
    """ZWNJ spells Persian names (مهرنوش → with U+200C) and ZWJ joins emoji: neither disguises."""
    ok("add", "می\u200cخواهم", "coaching", "30m")
    ok("add", "Coach 👩\u200d🏫", "coaching", "30m", "--at", "9:00")


def write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(json.dumps(rows), encoding="utf-8")
    return path


ROW = {"date": "2026-11-20", "start": "2026-11-20 09:00", "minutes": 30, "stance": "coaching", "teachers": ["A B"]}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"note": "bad\x00note"}, "line 1: invalid note 'bad\\x00note'"),
        ({"helpful": "ok\x1b[2J"}, "invalid helpful 'ok\\x1b[2J'"),
        ({"teachers": ["A\u202eB"]}, "invalid teacher name 'A\\u202eB'"),
        ({"tags": ["x\x07"]}, "invalid tag 'x\\x07'"),
        ({"teachers": [["a"]]}, "'teachers' holds [[\"a\"]]: expected a list of texts"),
        ({"tags": [1, 2]}, "'tags' holds [1, 2]: expected a list of texts"),
        ({"teachers": {"name": "a"}}, "'teachers' holds an object"),
        ({"end": "2026-11-20 08:00"}, "the end '2026-11-20 08:00' is not after the start"),
        ({"end": "2026-11-20 11:00"}, "are 120 minutes apart, but the duration is 30"),
        ({"hours": 2}, "the minutes ('30') and the hours ('2') disagree"),
    ],
)
def test_a_json_row_that_cannot_be_right_is_refused_with_its_row(
    run: Run, db_path: Path, tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    result = run("import", str(write(tmp_path / "in.json", [{**ROW, **change}])))
    refused(result, "line 1: ", expected, "nothing was imported")
    assert table_dump(db_path).get("entry", []) == []


def test_export_hours_and_end_agree_with_their_minutes_on_the_way_back(ok: Run, tmp_path: Path) -> None:
    """An export's hours (2 decimals) and end times are rounding of the minutes, not contradictions."""
    ok("add", "Ms. Rivera", "coaching", "50m", "--at", "9:00")
    ok("add", "Mr. Okafor", "consulting", "7m", "--at", "11:00")
    for fmt in ("json", "csv"):
        ok("export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"))
        ok("--db", str(tmp_path / f"back-{fmt}.db"), "import", str(tmp_path / f"out.{fmt}"))


def test_a_csv_row_with_nul_in_its_note_is_refused_with_its_line(run: Run, db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"date,minutes,stance,teachers,note\n2026-11-20,30,coaching,A B,fine\n2026-11-20,30,coaching,A B,a\0b\n"
    )
    refused(run("import", str(source)), "line 3: invalid note 'a\\x00b'")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" + "[" * 100_000 + "]" * 100_000 + "]", "nested too deeply"),
        ('[{"date": "2026-11-20", "minutes": ' + "[" * 5000 + "]" * 5000 + "}]", "nested too deeply"),
        ('[{"date": "2026-11-20", "minutes": ' + "9" * 5000 + ', "stance": "coaching"}]', "4300 digits"),
    ],
    ids=["nested-list", "nested-value", "5000-digits"],
)
def test_json_built_to_break_a_parser_is_one_line(run: Run, tmp_path: Path, text: str, expected: str) -> None:
    source = tmp_path / "evil.json"
    source.write_text(text)
    refused(run("import", str(source)), "evil.json line 1:", expected, "nothing was imported")


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ("school = {x = 1}", "school is a table, but it must be text"),
        ("school = [1, 2]", "school is a list, but it must be text"),
        ("coach = true", "coach is true/false, but it must be text"),
        ("staff = [12]", "staff is a list, but it must be a whole number"),
        ("activities = ['a', 1]", "activities is a list, but it must be a list of texts"),
        ("week_start = 2026-01-01", "week_start is a date or time, but it must be text"),
        ("[target]\ncoaching = true", "target.coaching is true/false, but it must be a number"),
        ("[privacy]\nmin_group = {n = 5}", "privacy.min_group is a table"),
        ('school = "Lincoln\\u0000High"', "invalid school 'Lincoln\\x00High'"),
        ('coach = "Sam\\u202eLee"', "invalid coach 'Sam\\u202eLee'"),
        ('timezone = "Nonsense/Zone"', "unknown time zone 'Nonsense/Zone'"),
    ],
)
def test_a_config_value_of_the_wrong_type_names_the_key(run: Run, tmp_path: Path, config: str, expected: str) -> None:
    """Never dropped in silence: the command stops, naming the key and what it must be."""
    (tmp_path / "config.toml").write_text(config + "\n")
    result = run("log")
    assert result.exit_code == 1, result
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("env", "where"),
    [
        ({"COACHLOG_TIMEZONE": "", "TZ": "Nonsense/Zone"}, "in TZ"),
        ({"COACHLOG_TIMEZONE": "Nonsense/Zone"}, "in COACHLOG_TIMEZONE"),
    ],
)
def test_an_unknown_time_zone_is_named_not_utc_in_silence(run: Run, env: dict[str, str], where: str) -> None:
    result = run("log", env=env)
    refused(result, "unknown time zone 'Nonsense/Zone'", where)


def test_tz_as_a_path_into_the_zone_database_still_works(ok: Run) -> None:
    shown = ok("config", "show", env={"COACHLOG_TIMEZONE": "", "TZ": ":/usr/share/zoneinfo/Europe/Paris"}).stdout
    assert "Europe/Paris (system)" in shown


def test_push_names_the_entry_holding_a_nul_and_sends_nothing(
    ok: Run, run: Run, db_path: Path, team_database: TeamDatabase
) -> None:
    """A NUL stored by an older coachlog (PostgreSQL cannot hold it): push says which entry, in one line."""
    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "30m", "--at", "9:00")
    ok("add", "Mr. Okafor", "consulting", "20m", "--note", "fine")
    with closing(sqlite3.connect(db_path)) as connection, connection:
        connection.execute("UPDATE entry SET note = 'a' || char(0) || 'b' WHERE id = 2")
    ok("log")  # still readable, as stored
    result = run("push", "--to", coach)
    assert result.exit_code == 1, result
    assert result.stderr.count("\n") == 1 and "entry #2 holds a NUL character" in result.stderr
    assert "coachlog edit 2 --note" in result.stderr
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(0,)]
    ok("edit", "2", "--note", "a b")
    ok("push", "--to", coach)
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(2,)]


def test_a_calendar_event_naming_a_teacher_with_hidden_characters_is_left_out_and_shown_escaped(
    ok: Run, db_path: Path, tmp_path: Path
) -> None:
    """Calendar import: the event is left out with its reason; its title is shown escaped, never obeyed."""
    events = [("a1", "20261119", "Coaching \u202eMr. Okafor"), ("a2", "20261120", "Coaching Ms. Rivera\x07")]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:test"]
    for uid, day, title in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{day}T140000Z", f"DTEND:{day}T143000Z", f"SUMMARY:{title}"]
        lines += ["END:VEVENT"]
    (tmp_path / "cal.ics").write_text("\r\n".join([*lines, "END:VCALENDAR", ""]), encoding="utf-8")
    result = ok("import", str(tmp_path / "cal.ics"), "--stance", "coaching", "--dry-run")
    assert "'Coaching \\u202eMr. Okafor': invalid teacher name '\\u202eMr. Okafor': invisible" in result.stderr
    assert "invalid teacher name 'Ms. Rivera\\x07': control characters" in result.stderr
    assert "\u202e" not in result.stderr + result.stdout
    ok("import", str(tmp_path / "cal.ics"), "--stance", "coaching")
    assert table_dump(db_path)["entry"] == []
