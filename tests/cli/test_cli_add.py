"""`coachlog add` and `coachlog duty` through the real CLI, on real SQLite files.

The clock is Monday 2026-11-23 15:00 in New York (see conftest.py) unless a test sets COACHLOG_NOW.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpers import Run, table_dump

NY = ZoneInfo("America/New_York")
TODAY = date(2026, 11, 23)  # a Monday


def exported(ok: Run) -> list[dict]:
    """Every entry from the JSON export, with the CSV's text for hours and for empty fields."""
    rows = json.loads(ok("export", "--format", "json").stdout)
    return [{k: "" if v is None else f"{v:.2f}" if k == "hours" else v for k, v in row.items()} for row in rows]


def report(ok: Run, *args: str, env: dict[str, str] | None = None) -> dict:
    """The JSON report for the range options in `args`."""
    return json.loads(ok("report", "--format", "json", *args, env=env).stdout)


def local(text: str) -> datetime:
    """A New York wall time, 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=NY)


# ---- durations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45", 45), ("45m", 45), ("45min", 45), ("1h", 60), ("1h30m", 90), ("1h 30m", 90), ("1.5h", 90), ("1:30", 90)],
)
def test_each_duration_form_stores_its_minutes(ok: Run, text: str, minutes: int) -> None:
    """Each documented DURATION form stores the minutes it means, ending now."""
    ok("add", "Ms. Rivera", "coaching", text)
    [row] = exported(ok)
    assert row["minutes"] == minutes
    assert row["hours"] == f"{minutes / 60:.2f}"
    assert row["end"] == "2026-11-23 15:00"
    assert local(row["start"]) == datetime(2026, 11, 23, 15, 0, tzinfo=NY) - timedelta(minutes=minutes)


def test_duration_bounds_one_minute_and_twelve_hours_are_accepted(ok: Run) -> None:
    """1 minute and 12 hours are the inclusive limits."""
    ok("add", "Ms. Rivera", "coaching", "1")
    ok("add", "Ms. Rivera", "coaching", "12h", "--at", "2026-11-20 06:00")
    assert sorted(row["minutes"] for row in exported(ok)) == [1, 720]


# ---- --at ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "day", "clock"),
    [
        ("2026-11-20", "2026-11-20", None),
        ("2026-11-20 09:15", "2026-11-20", "09:15"),
        ("09:15", "2026-11-23", "09:15"),
        ("today", "2026-11-23", None),
        ("yesterday", "2026-11-22", None),
        ("monday", "2026-11-16", None),  # today is Monday: the most recent one before today
        ("mon", "2026-11-16", None),
        ("tuesday", "2026-11-17", None),
        ("wed", "2026-11-18", None),
        ("Thursday", "2026-11-19", None),
        ("FRI", "2026-11-20", None),
        ("sat", "2026-11-21", None),
        ("sunday", "2026-11-22", None),
        ("yesterday 14:00", "2026-11-22", "14:00"),
        ("tue 9:15", "2026-11-17", "09:15"),
    ],
)
def test_each_at_form_gives_the_right_local_start(ok: Run, at: str, day: str, clock: str | None) -> None:
    """Each --at form names the right local date (and time when given)."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", at)
    [row] = exported(ok)
    assert row["date"] == day
    if clock is None:
        assert (row["start"], row["end"]) == ("", "")
    else:
        start = local(f"{day} {clock}")
        assert row["start"] == f"{day} {clock}"
        assert row["end"] == (start + timedelta(minutes=45)).strftime("%Y-%m-%d %H:%M")


def test_a_date_without_time_belongs_to_that_date_in_reports(ok: Run) -> None:
    """A date-only session counts on its own local day in a day-by-day report."""
    ok("add", "Ms. Rivera", "coaching", "50m", "--at", "2026-11-18")
    data = report(ok, "--last-week", "--by", "day")
    by_day = {g["date"]: g["coaching"] for g in data["groups"]}
    expected = {(date(2026, 11, 16) + timedelta(days=i)).isoformat(): 0 for i in range(7)}
    expected["2026-11-18"] = 50
    assert by_day == expected
    assert report(ok)["totals"]["minutes"] == 0  # not in this week


# ---- midnight and daylight saving ---------------------------------------------------------


def test_default_start_just_after_midnight_lands_on_the_previous_day(ok: Run) -> None:
    """At 00:10 a 30 minute session that just ended started yesterday, in last week's report."""
    env = {"COACHLOG_NOW": "2026-11-23T00:10:00-05:00"}
    ok("add", "Ms. Rivera", "coaching", "30", env=env)
    ok("add", "Mr. Okafor", "consulting", "5", env=env)  # 00:05 to 00:10: today
    rows = {row["teachers"][0]: row for row in exported(ok)}
    assert rows["Ms. Rivera"]["date"] == "2026-11-22"
    assert rows["Ms. Rivera"]["start"] == "2026-11-22 23:40"
    assert rows["Mr. Okafor"]["date"] == "2026-11-23"
    assert report(ok, "--last-week", env=env)["stances"]["coaching"]["minutes"] == 30
    this_week = report(ok, env=env)
    assert (this_week["stances"]["coaching"]["minutes"], this_week["stances"]["consulting"]["minutes"]) == (0, 5)


def test_sessions_either_side_of_midnight_fall_in_their_local_week(ok: Run) -> None:
    """Sunday 23:50 is last week (though already Monday in UTC); Monday 00:05 is this week."""
    assert local("2026-11-22 23:50").astimezone(UTC).date() == date(2026, 11, 23)  # the trap is real
    ok("add", "Ms. Rivera", "coaching", "20m", "--at", "yesterday 23:50")
    ok("add", "Ms. Rivera", "consulting", "25m", "--at", "00:05")
    dates = [(row["date"], row["minutes"]) for row in exported(ok)]
    assert dates == [("2026-11-22", 20), ("2026-11-23", 25)]
    last, this = report(ok, "--last-week"), report(ok)
    assert (last["totals"]["minutes"], this["totals"]["minutes"]) == (20, 25)
    assert [w["start"] for w in last["weeks"]] == ["2026-11-16"]


def test_sunday_start_week_puts_saturday_night_and_sunday_morning_apart(ok: Run) -> None:
    """With weeks starting on Sunday, Saturday 23:50 and Sunday 00:05 are in different weeks."""
    ok("config", "set", "week_start", "sunday")
    ok("add", "Ms. Rivera", "coaching", "20m", "--at", "sat 23:50")
    ok("add", "Ms. Rivera", "consulting", "25m", "--at", "sun 00:05")
    this = report(ok)
    assert (this["period"]["start"], this["period"]["end"]) == ("2026-11-22", "2026-11-28")
    assert this["totals"]["minutes"] == 25
    assert report(ok, "--last-week")["totals"]["minutes"] == 20


@pytest.mark.parametrize(
    ("week_start", "sessions", "next_day"),
    [
        (  # clocks go back at 02:00 on Sunday 2026-11-01
            "2026-10-26",
            [("2026-10-31 23:30", 30), ("2026-11-01 01:30", 40), ("2026-11-01 23:30", 50), ("2026-10-26 07:00", 20)],
            "2026-11-02 00:15",
        ),
        (  # clocks go forward at 02:00 on Sunday 2026-03-08
            "2026-03-02",
            [("2026-03-07 23:30", 30), ("2026-03-08 01:30", 40), ("2026-03-08 23:30", 50), ("2026-03-02 07:00", 20)],
            "2026-03-09 00:15",
        ),
    ],
)
def test_week_across_a_dst_change_counts_each_session_on_its_local_date(
    ok: Run, week_start: str, sessions: list[tuple[str, int]], next_day: str
) -> None:
    """In a week holding a DST change, each session counts on its local date and in that week only."""
    for at, minutes in sessions:
        ok("add", "Ms. Rivera", "coaching", str(minutes), "--at", at)
    ok("add", "Ms. Rivera", "coaching", "15", "--at", next_day)
    first = date.fromisoformat(week_start)
    end = first + timedelta(days=6)
    data = report(ok, "--from", week_start, "--to", end.isoformat(), "--by", "day")
    expected = {(first + timedelta(days=i)).isoformat(): 0 for i in range(7)}
    for at, minutes in sessions:
        expected[at[:10]] += minutes
    assert {g["date"]: g["coaching"] for g in data["groups"]} == expected
    assert data["totals"]["minutes"] == sum(m for _, m in sessions)
    assert [(w["start"], w["coaching"]) for w in data["weeks"]] == [(week_start, sum(m for _, m in sessions))]
    after = report(ok, "--from", next_day[:10], "--to", next_day[:10])
    assert after["totals"]["minutes"] == 15


def test_a_session_across_spring_forward_ends_an_hour_later_on_the_wall(ok: Run) -> None:
    """01:30 plus 60 minutes on 2026-03-08 ends at 03:30 local: the 02:00 hour does not exist."""
    ok("add", "Ms. Rivera", "coaching", "60", "--at", "2026-03-08 01:30")
    [row] = exported(ok)
    expected_end = (local("2026-03-08 01:30").astimezone(UTC) + timedelta(minutes=60)).astimezone(NY)
    assert row["end"] == expected_end.strftime("%Y-%m-%d %H:%M") == "2026-03-08 03:30"


@pytest.mark.parametrize(
    ("now", "expected_start"),
    [("2026-03-08T03:10:00-04:00", "2026-03-08 01:40"), ("2026-11-01T01:10:00-05:00", "2026-11-01 01:40")],
)
def test_default_start_across_a_dst_change_is_real_minutes_before_now(ok: Run, now: str, expected_start: str) -> None:
    """A session that just ended started its duration ago in real time, even across a DST change."""
    ok("add", "Ms. Rivera", "coaching", "30", env={"COACHLOG_NOW": now})
    [row] = exported(ok)
    real = (datetime.fromisoformat(now).astimezone(UTC) - timedelta(minutes=30)).astimezone(NY)
    assert real.strftime("%Y-%m-%d %H:%M") == expected_start
    assert row["start"] == expected_start


# ---- teachers -----------------------------------------------------------------------------


def test_teacher_names_match_ignoring_case_punctuation_and_spaces(ok: Run) -> None:
    """'ms rivera', 'MS.  RIVERA' and 'Ms Rivera' are the teacher first typed as 'Ms. Rivera'."""
    first = ok("add", "Ms. Rivera", "coaching", "45m")
    assert first.stderr.splitlines() == ["new teacher 'Ms. Rivera'"]
    for spelling in ("ms rivera", "MS.  RIVERA", " Ms Rivera "):
        again = ok("add", spelling, "consulting", "10", "--at", "2026-11-20")
        assert "new teacher" not in again.stderr
    lines = ok("teacher", "list").stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Ms. Rivera ")
    assert "4 sessions" in lines[0]
    assert {tuple(row["teachers"]) for row in exported(ok)} == {("Ms. Rivera",)}


def test_a_new_name_close_to_a_known_one_suggests_it(ok: Run) -> None:
    """A new teacher close to an existing name is created, with a 'did you mean' hint."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    result = ok("add", "Ms. Riviera", "coaching", "20m", "--at", "10:00")
    assert result.stderr.splitlines() == ["new teacher 'Ms. Riviera' — did you mean 'Ms. Rivera'?"]
    far = ok("add", "Mr. Okafor", "coaching", "20m", "--at", "11:00")
    assert far.stderr.splitlines() == ["new teacher 'Mr. Okafor'"]
    assert len(ok("teacher", "list").stdout.splitlines()) == 3


def test_team_session_counts_once_in_totals_and_once_per_teacher_by_teacher(ok: Run) -> None:
    """A --with session is one session in totals but counts for each teacher in --by teacher."""
    ok("add", "Ms. Rivera", "collab", "60", "--with", "Mr. Okafor", "-w", "Dana Lee", "--at", "09:00")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "11:00")
    ok("add", "ms rivera", "cons", "15", "--with", "MS. RIVERA", "--at", "12:00")  # same teacher twice
    data = report(ok)
    assert data["totals"]["sessions"] == 3
    assert data["totals"]["minutes"] == 60 + 30 + 15
    assert data["totals"]["teachers"] == 3
    assert data["stances"]["collaborating"] == {"minutes": 60, "sessions": 1, "percent": round(100 * 60 / 105, 1)}
    groups = {g["teacher"]: (g["session_minutes"], g["sessions"]) for g in report(ok, "--by", "teacher")["groups"]}
    assert groups == {"Ms. Rivera": (105, 3), "Mr. Okafor": (60, 1), "Dana Lee": (60, 1)}
    table = ok("report", "--by", "teacher").stdout
    assert "counts once in the totals and once for each teacher" in table
    assert [row["teachers"] for row in exported(ok)][2] == ["Ms. Rivera"]


# ---- stances, activities, tags ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stance"),
    [
        ("cons", "consulting"),
        ("COLLAB", "collaborating"),
        ("coach", "coaching"),
        ("Coaching", "coaching"),
        ("CONSULTING", "consulting"),
        ("collaborating", "collaborating"),
    ],
)
def test_stance_prefixes_and_case(ok: Run, typed: str, stance: str) -> None:
    """Any case and any unambiguous prefix names a stance."""
    ok("add", "Ms. Rivera", typed, "30")
    assert exported(ok)[0]["stance"] == stance


@pytest.mark.parametrize(
    ("typed", "activity"),
    [
        ("plan", "planning"),
        ("OBS", "observing"),
        ("mod", "modeling"),
        ("co-t", "co-teaching"),
        ("deb", "debrief"),
        ("da", "data"),
        ("te", "team"),
        ("work", "workshop"),
        ("res", "resources"),
        ("le", "leaders"),
        ("ot", "other"),
    ],
)
def test_activity_prefixes(ok: Run, typed: str, activity: str) -> None:
    """--activity takes any unambiguous prefix of a known activity."""
    ok("add", "Ms. Rivera", "coaching", "30", "--activity", typed)
    assert exported(ok)[0]["activity"] == activity


def test_tags_and_note_are_stored(ok: Run) -> None:
    """Tags are lower-cased and trimmed, repeated ones kept once; the note is stored as typed."""
    ok(
        "add",
        "Ms. Rivera",
        "coaching",
        "30",
        "--tag",
        "Cycle-2",
        "-t",
        "  wait   time ",
        "-t",
        "cycle-2",
        "-n",
        "[draft]",
    )
    [row] = exported(ok)
    assert row["tags"] == ["cycle-2", "wait time"]
    assert row["note"] == "[draft]"


# ---- output -------------------------------------------------------------------------------


def test_confirmation_line_names_id_date_time_teachers_stance_duration(ok: Run) -> None:
    """The first stdout line confirms the id, date, time span, teachers, stance and duration."""
    ok("add", "Ms. Rivera", "coaching", "20", "--at", "2026-11-19 08:00")
    result = ok("add", "Ms. Rivera", "coach", "1h15m", "--with", "Mr. Okafor", "--at", "fri 9:15", "-a", "deb")
    line = result.stdout.splitlines()[0]
    start = datetime(2026, 11, 20, 9, 15)
    end = start + timedelta(minutes=75)
    assert line.startswith("Logged #2 ")
    assert line.split() == [
        "Logged",
        "#2",
        "Fri",
        "2026-11-20",
        f"{start:%H:%M}-{end:%H:%M}",
        "Ms.",
        "Rivera,",
        "Mr.",
        "Okafor",
        "coaching",
        "1h15m",
        "debrief",
    ]


def test_week_split_line_shows_this_weeks_stance_mix_and_duties(ok: Run) -> None:
    """The second line splits this week (not the entry's week) by stance, with duties apart."""
    ok("add", "Ms. Rivera", "consulting", "15", "--at", "09:00")
    ok("duty", "cover", "50", "--at", "10:00")
    ok("add", "Ms. Rivera", "consulting", "2h", "--at", "2026-11-20 09:00")  # last week: not in the split
    result = ok("add", "Mr. Okafor", "coaching", "45", "--at", "11:00")
    consulting, coaching = 15, 45
    share = {"c": round(100 * consulting / 60), "k": round(100 * coaching / 60)}
    assert result.stdout.splitlines()[1] == (
        f"This week (from 2026-11-23): consulting {consulting}m ({share['c']}%) · collaborating 0m (0%)"
        f" · coaching {coaching}m ({share['k']}%) · duties 50m"
    )
    past = ok("add", "Mr. Okafor", "collab", "30", "--at", "2026-11-17 10:00")
    assert past.stdout.splitlines()[1] == result.stdout.splitlines()[1]  # last week's entry: this week unchanged


# ---- warnings -----------------------------------------------------------------------------


def test_a_session_over_four_hours_warns_but_is_saved(ok: Run) -> None:
    """Above 4 hours the session is saved with a warning; exactly 4 hours gives none."""
    exact = ok("add", "Ms. Rivera", "coaching", "4h", "--at", "2026-11-20 08:00")
    assert "Warning" not in exact.stderr
    long = ok("add", "Ms. Rivera", "coaching", "4h05m", "--at", "2026-11-19 08:00")
    warnings = [line for line in long.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "4h05m" in warnings[0]
    assert sorted(row["minutes"] for row in exported(ok)) == [240, 245]


def test_an_overlapping_session_warns_but_is_saved(ok: Run) -> None:
    """A session overlapping another is saved with a warning naming it; touching ones don't warn."""
    ok("add", "Ms. Rivera", "coaching", "60", "--at", "13:00")
    touching = ok("add", "Mr. Okafor", "coaching", "30", "--at", "14:00")
    assert "Warning" not in touching.stderr
    result = ok("add", "Dana Lee", "consulting", "30", "--at", "13:45")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert "#3 overlaps #1, #2" in warnings[0]
    assert [row["id"] for row in exported(ok)] == [1, 3, 2]


# ---- bad input ----------------------------------------------------------------------------

BAD_INPUT = [
    (["add", "Ms. Rivera", "evaluating", "45"], "evaluating"),
    (["add", "Ms. Rivera", "co", "45"], "'co'"),
    (["add", "Ms. Rivera", "coaching", "0"], "'0'"),
    (["add", "--", "Ms. Rivera", "coaching", "-45m"], "-45m"),
    (["add", "Ms. Rivera", "coaching", "13h"], "13h"),
    (["add", "Ms. Rivera", "coaching", "721"], "721"),
    (["add", "Ms. Rivera", "coaching", "30months"], "30months"),
    (["add", "Ms. Rivera", "coaching", "1e9"], "1e9"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "2026-02-30"], "2026-02-30"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "24:00"], "24:00"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "15:30"], "15:30"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "2026-11-24"], "2026-11-24"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "2026-03-08 02:30"], "2026-03-08 02:30"),
    (["add", "Ms. Rivera", "coaching", "45", "--at", "tomorrow"], "tomorrow"),
    (["add", "Ms. Rivera", "coaching", "45", "-a", "dancing"], "dancing"),
    (["add", "Ms. Rivera", "coaching", "45", "-a", "o"], "'o'"),
    (["add", "", "coaching", "45"], "''"),
    (["add", "...", "coaching", "45"], "'...'"),
    (["add", "Ms. Rivera", "coaching", "45", "--with", "  "], "'  '"),
    (["duty", "recess", "30"], "recess"),
    (["duty", "cover", "0"], "'0'"),
    (["duty", "cover", "30", "--at", "16:00"], "16:00"),
]


@pytest.mark.parametrize(("args", "bad"), BAD_INPUT, ids=[" ".join(a[1:]) or "empty" for a, _ in BAD_INPUT])
def test_bad_input_is_one_error_line_exit_2_and_no_change(
    run: Run, ok: Run, db_path, args: list[str], bad: str
) -> None:
    """Bad input: exit 2, one 'Error:' line naming the value, nothing on stdout, the database unchanged."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    result = run(*args)
    assert result.exit_code == 2, result
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert bad in result.stderr
    assert result.stdout == ""
    assert table_dump(db_path) == before


def test_negative_duration_typed_plainly_is_one_clear_error(run: Run, ok: Run, db_path) -> None:
    """`add NAME coaching -45m` (no --) gives one error line naming -45m, exit 2."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    result = run("add", "Ms. Rivera", "coaching", "-45m")
    assert result.exit_code == 2
    assert table_dump(db_path) == before
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("Error: ") and "-45m" in result.stderr


# ---- duty ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("cover", "cover"),
        ("cov", "cover"),
        ("SUP", "supervision"),
        ("test", "testing"),
        ("adm", "admin"),
        ("Ev", "event"),
        ("oth", "other"),
    ],
)
def test_duty_kinds_and_prefixes(ok: Run, typed: str, kind: str) -> None:
    """Each duty kind, typed in full or as a prefix in any case, is stored as a duty."""
    result = ok("duty", typed, "40", "--at", "yesterday 12:10", "-n", "lunch")
    assert result.stdout.splitlines()[0].split()[-3:] == ["duty", kind, "40m"]
    [row] = exported(ok)
    assert (row["kind"], row["activity"], row["stance"], row["teachers"]) == ("duty", kind, "", [])
    assert (row["date"], row["start"], row["minutes"], row["note"]) == ("2026-11-22", "2026-11-22 12:10", 40, "lunch")


def test_duties_are_reported_apart_from_sessions(ok: Run) -> None:
    """Duties add to totals.duty_minutes, never to session minutes, sessions or teachers."""
    ok("add", "Ms. Rivera", "coaching", "45", "--at", "09:00")
    ok("add", "Mr. Okafor", "consulting", "15", "--at", "10:00")
    ok("duty", "cover", "50", "--at", "11:00")
    ok("duty", "supervision", "30", "--at", "12:00")
    ok("duty", "cov", "20", "--at", "2026-11-20")
    week = report(ok)
    assert week["totals"]["minutes"] == 60
    assert week["totals"]["sessions"] == 2
    assert week["totals"]["teachers"] == 2
    assert week["totals"]["duty_minutes"] == 80
    assert week["totals"]["duty_percent"] == round(100 * 80 / 140, 1)
    assert week["duties"] == {"cover": 50, "supervision": 30}
    assert week["weeks"][0]["duties"] == 80
    assert sum(s["sessions"] for s in week["stances"].values()) == 2
    assert report(ok, "--last-week")["totals"]["duty_minutes"] == 20
    duties = json.loads(ok("log", "--all", "--duties", "--format", "json").stdout)
    assert [(d["activity"], d["minutes"]) for d in duties] == [("cover", 20), ("cover", 50), ("supervision", 30)]


def test_duty_takes_no_teacher_or_stance(run: Run, ok: Run, db_path) -> None:
    """A duty has no --with option and no stance argument: such input is a usage error."""
    ok("duty", "cover", "50", "--at", "09:00")
    before = table_dump(db_path)
    assert run("duty", "cover", "50", "--with", "Ms. Rivera").exit_code == 2
    assert run("duty", "cover", "coaching", "50").exit_code == 2
    assert table_dump(db_path) == before


def test_a_surname_alone_finds_the_one_teacher_with_a_title(ok: Run) -> None:
    """`rivera` is 'Ms. Rivera' when she is the only Rivera; so is `--teacher rivera` in log."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    result = ok("add", "rivera", "consulting", "20", "--at", "2026-11-20 10:00")
    assert "new teacher" not in result.stderr
    assert "Ms. Rivera" in result.stdout
    rows = exported(ok)
    assert [row["teachers"] for row in rows] == [["Ms. Rivera"], ["Ms. Rivera"]]
    logged = json.loads(ok("log", "--all", "--teacher", "RIVERA", "--format", "json").stdout)
    assert [row["minutes"] for row in logged] == [30, 20]


def test_a_different_title_is_a_different_teacher(ok: Run) -> None:
    """'Mr. Rivera' is not 'Ms. Rivera': a new teacher, with a hint."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    result = ok("add", "Mr. Rivera", "coaching", "30", "--at", "2026-11-20 10:00")
    assert "new teacher 'Mr. Rivera'" in result.stderr
    assert [row["teachers"] for row in exported(ok)] == [["Ms. Rivera"], ["Mr. Rivera"]]


def test_a_surname_shared_by_two_teachers_is_refused(run: Run, ok: Run, db_path) -> None:
    """With Ms. and Mr. Rivera, a bare `rivera` names both: exit 2, nothing written."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    ok("add", "Mr. Rivera", "coaching", "30", "--at", "2026-11-20 10:00")
    before = table_dump(db_path)
    result = run("add", "rivera", "coaching", "30", "--at", "2026-11-20 11:00")
    assert result.exit_code == 2
    assert result.stderr == "Error: teacher 'rivera' could be 'Ms. Rivera' or 'Mr. Rivera': type the name in full\n"
    assert table_dump(db_path) == before
