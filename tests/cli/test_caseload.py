"""The caseload through the real CLI on SQLite: the roster (import, add, leave, return, list), reach, next steps
(`add`/`stop --next`, `due`, `done`, undo), `teacher show`, bare `coachlog` and `check` (issue 15)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.caseload import parse_due
from coachlog.errors import UsageError
from helpers import Run, table_dump

ROSTER = "Name,Department,Grade Level\nMs. Rivera,Math,7\nMr. Okafor,Science,8\nDana Whitfield,ELA,7\nMr. Park,Math,8\n"


@pytest.fixture
def roster(isolated: Path) -> Path:
    path = isolated / "staff.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def records(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# ---- the roster ---------------------------------------------------------------------------------


def test_import_matches_known_teachers_by_name_adds_the_rest_and_undo_reverts_it(
    ok: Run, roster: Path, db_path: Path
) -> None:
    """A dry run changes nothing and says what would; the import adds and updates in one step; undo reverts it."""
    ok("add", "ms rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    dry = ok("teacher", "import", str(roster), "--dry-run").stdout
    assert "would add 3, would update 1 (dry run: nothing was changed)" in dry
    assert table_dump(db_path) == before
    done = ok("teacher", "import", str(roster)).stdout
    assert "Roster from staff.csv: added 3, updated 1" in done
    assert "  updated: ms rivera" in done
    listed = {r["name"]: r for r in json.loads(ok("teacher", "list", "--format", "json").stdout)}
    assert (
        listed["ms rivera"] | {"department": "Math", "grade": "7", "on_staff": True, "left_on": None}
        == (listed["ms rivera"])
    )
    assert listed["Mr. Park"]["sessions"] == 0 and listed["Mr. Park"]["on_staff"] is True
    again = ok("teacher", "import", str(roster)).stdout
    assert "added 0, updated 0, 4 already as listed" in again
    assert "Undid the import of staff.csv" in ok("undo").stdout  # the second import changed nothing: no step
    assert [r["name"] for r in json.loads(ok("teacher", "list", "--format", "json").stdout)] == ["ms rivera"]
    assert "department" not in json.loads(ok("teacher", "list", "--format", "json").stdout)[0]  # no roster again


def test_import_without_a_heading_is_a_list_of_names_and_hints_at_a_logged_name(ok: Run, isolated: Path) -> None:
    """A file of names alone; a new name that resembles one already logged gets a hint to merge."""
    ok("add", "okafor", "coaching", "30", "--at", "2026-11-20 09:00")
    path = isolated / "names.csv"
    path.write_text("\ufeffMr. Okafor\n\nMs. Chen\n", encoding="utf-8")
    out = ok("teacher", "import", str(path)).stdout
    assert "added 2, updated 0" in out
    assert "new: Mr. Okafor (like 'okafor', logged before: coachlog teacher merge)" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Name,Department\n,Math\n", "row 2: no name"),
        (b"Name\n\xff\xfe\n", "is not UTF-8 text"),
        (b"Name,Department\n", "lists no teachers"),
        (b"Name,Grade\nMs. Chen," + b"x" * 40 + b"\n", "invalid grade"),
    ],
)
def test_a_bad_roster_file_is_refused_in_one_line_with_nothing_written(
    run: Run, ok: Run, isolated: Path, db_path: Path, content: bytes, message: str
) -> None:
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    path = isolated / "bad.csv"
    path.write_bytes(content)
    result = run("teacher", "import", str(path))
    assert result.exit_code in (1, 2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert table_dump(db_path) == before


def test_missing_roster_file_exits_1(run: Run, isolated: Path) -> None:
    result = run("teacher", "import", str(isolated / "nope.csv"))
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_add_leave_and_return_keep_history_and_undo(ok: Run, run: Run) -> None:
    """A leaver keeps their sessions and leaves reach after their last day; undo puts them back."""
    ok("add", "Mr. Park", "coaching", "30", "--at", "2026-11-02 09:00")
    assert "added 0, updated 1" in ok("teacher", "add", "park", "--department", "Math", "--grade", "8").stdout
    ok("teacher", "add", "Ms. Chen", "-d", "Science")
    out = ok("teacher", "leave", "park", "--at", "2026-11-06").stdout
    assert "'Mr. Park' left the staff on 2026-11-06" in out
    again = run("teacher", "leave", "park")
    assert again.exit_code == 1 and "left on 2026-11-06 already" in again.stderr
    park = next(r for r in records(ok("teacher", "list", "-f", "csv").stdout) if r["name"] == "Mr. Park")
    assert (park["on_staff"], park["left_on"], park["sessions"]) == ("False", "2026-11-06", "1")
    assert "left 2026-11-06" in ok("teacher", "list").stdout
    this_week = json.loads(ok("reach", "--format", "json").stdout)  # no term: the school year
    assert this_week["staff"] == 2 and this_week["never_seen"] == ["Ms. Chen"]
    later = json.loads(ok("reach", "--from", "2026-11-16", "--format", "json").stdout)
    assert later["staff"] == 1 and [t["teacher"] for t in later["teachers"]] == ["Ms. Chen"]
    ok("teacher", "return", "park")
    assert json.loads(ok("reach", "--from", "2026-11-16", "-f", "json").stdout)["staff"] == 2
    assert "return of 'Mr. Park'" in ok("undo").stdout
    assert "leaving of 'Mr. Park'" in ok("undo").stdout
    assert json.loads(ok("reach", "--from", "2026-11-16", "-f", "json").stdout)["staff"] == 2
    assert run("teacher", "return", "park").exit_code == 1  # on staff already


def test_teacher_add_refuses_a_bad_value(run: Run, db_path: Path) -> None:
    result = run("teacher", "add", "Ms. Chen", "--grade", "7\x01")
    assert result.exit_code == 2 and "invalid grade" in result.stderr
    assert run("teacher", "leave", "nobody").exit_code == 1


# ---- reach --------------------------------------------------------------------------------------


def test_reach_names_who_was_not_seen_days_since_and_groups(ok: Run, roster: Path) -> None:
    ok("term", "add", "Fall 2026", "2026-08-24", "2026-12-18")
    ok("teacher", "import", str(roster))
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    ok("add", "okafor", "collab", "45", "--at", "2026-11-09 09:00", "--with", "Dana Whitfield")
    ok("add", "Ms. Rivera", "coaching", "20", "--at", "2026-06-01 09:00")  # last school year: not this term
    data = json.loads(ok("reach", "--format", "json").stdout)
    assert data["period"] == {"label": "Fall 2026", "start": "2026-08-24", "end": "2026-12-18"}
    assert (data["staff"], data["reached"], data["share"], data["staff_from"]) == (4, 3, 75.0, "roster")
    assert data["never_seen"] == ["Mr. Park"]
    days = {t["teacher"]: t["days_since"] for t in data["teachers"]}
    assert days == {"Mr. Park": None, "Mr. Okafor": 14, "Dana Whitfield": 14, "Ms. Rivera": 3}
    assert data["teachers"][0]["teacher"] == "Mr. Park"  # never seen first, then the longest since
    groups = {(g["by"], g["name"]): (g["staff"], g["reached"]) for g in data["groups"]}
    assert groups[("department", "Math")] == (2, 1) and groups[("grade", "7")] == (2, 2)
    table = ok("reach").stdout
    assert "Reached 3 of 4 on staff (75%); not seen in this range: 1." in table
    assert "By department" in table and "By grade" in table and "in cycle" not in table
    rows = records(ok("reach", "-f", "csv").stdout)
    assert rows[0]["teacher"] == "Mr. Park" and rows[0]["last_seen"] == ""
    markdown = ok("reach", "--format", "markdown").stdout
    assert markdown.startswith("# Reach — Fall 2026") and "| Mr. Park | Math | 8 | 0 | - | never | - |" in markdown


def test_reach_without_a_roster_uses_the_staff_setting(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    first = json.loads(ok("reach", "--format", "json").stdout)
    assert (first["staff"], first["staff_from"], first["reached"]) == (None, None, 1)
    assert "import a roster" in ok("reach").stdout
    ok("config", "set", "staff", "40")
    again = json.loads(ok("reach", "--format", "json").stdout)
    assert (again["staff"], again["staff_from"], again["share"]) == (40, "config", 2.5)
    for name in ("Mr. Okafor", "Dana Whitfield", "Ms. Chen", "Mr. Park"):
        ok("add", name, "coaching", "30", "--at", "2026-11-20 10:00")
    assert "| Teachers reached | 5 of 40 (12%) |" in ok("summary", "--all").stdout


def test_reach_refuses_two_ranges_and_an_unknown_format(run: Run) -> None:
    assert run("reach", "--week", "--month").exit_code == 2
    result = run("reach", "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


# ---- next steps ---------------------------------------------------------------------------------


def test_add_next_by_then_due_done_and_undo(ok: Run, db_path: Path) -> None:
    """A next step is saved with its session (one undo removes both); `due` lists it when due; `done` and undo."""
    out = ok("add", "Ms. Rivera", "coaching", "30", "--next", "look at the exit tickets", "--by", "wednesday").stdout
    assert "Check back with Ms. Rivera by Wed 2026-11-25: look at the exit tickets" in out
    ok("add", "okafor", "collab", "45", "--next", "bring the lab data", "--by", "today")
    ok("add", "Dana Whitfield", "coach", "20", "--next", "share the video")  # no --by: a week on
    due = json.loads(ok("due", "--format", "json").stdout)
    assert [(s["teacher"], s["due"], s["state"]) for s in due] == [("okafor", "2026-11-23", "due")]
    everything = json.loads(ok("due", "--all", "-f", "json").stdout)
    assert [s["due"] for s in everything] == ["2026-11-23", "2026-11-25", "2026-11-30"]
    assert everything[0]["entry"] == 2
    assert "2\tokafor\tdue today\tbring the lab data" in ok("due").stdout
    assert "Done: [2] okafor: bring the lab data" in ok("done", "2").stdout
    assert "Nothing due." in ok("due").stderr
    assert "Undid the done of next step 2" in ok("undo").stdout
    assert len(json.loads(ok("due", "-f", "json").stdout)) == 1
    ok("undo")  # the add of Dana Whitfield's session, and its step
    assert len(json.loads(ok("due", "--all", "-f", "json").stdout)) == 2
    assert [r for r in table_dump(db_path)["next_step"] if "share the video" in r] == []


def test_stop_next_saves_a_step_with_the_session(ok: Run) -> None:
    ok("start", "Ms. Rivera", "coaching", "--at", "14:00")
    out = ok("stop", "--next", "see the anchor chart", "--by", "in 3 days").stdout
    assert "Check back with Ms. Rivera by Thu 2026-11-26: see the anchor chart" in out
    step = json.loads(ok("due", "--all", "-f", "json").stdout)[0]
    assert (step["due"], step["entry"]) == ("2026-11-26", 1)
    ok("undo")
    assert json.loads(ok("due", "--all", "-f", "json").stdout) == []
    assert "Running" in ok("status").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "friday"), "--by needs --next"),
        (("--next", "x", "--by", "2026-11-01"), "has passed"),
        (("--next", "x", "--by", "someday"), "invalid date 'someday' for --by"),
        (("--next", "  "), "invalid --next"),
    ],
)
def test_bad_next_step_is_refused_with_no_write(
    run: Run, ok: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    before = table_dump(db_path)
    result = run("add", "Ms. Rivera", "coaching", "30", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert table_dump(db_path) == before


def test_done_refuses_an_unknown_or_done_step(run: Run, ok: Run) -> None:
    assert run("done", "abc").exit_code == 2
    assert run("done", "7").exit_code == 1
    ok("add", "Ms. Rivera", "coaching", "30", "--next", "x", "--by", "today")
    ok("done", "1")
    result = run("done", "#1")
    assert result.exit_code == 1 and "already" in result.stderr


def test_merge_moves_next_steps_and_undo_moves_them_back(ok: Run) -> None:
    ok("add", "Ms Riviera", "coaching", "30", "--next", "x", "--by", "today")
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")
    ok("teacher", "merge", "Ms Riviera", "Ms. Rivera")
    assert json.loads(ok("due", "-f", "json").stdout)[0]["teacher"] == "Ms. Rivera"
    ok("undo")
    assert json.loads(ok("due", "-f", "json").stdout)[0]["teacher"] == "Ms Riviera"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.sampled_from(range(7)))
def test_a_weekday_is_due_within_the_next_seven_days(today: date, weekday: int) -> None:
    """`--by friday`: the next Friday, 1 to 7 days on; the phrases look forward, never back."""
    names = ("mon", "tuesday", "wed", "thu", "friday", "sat", "sunday")
    due = parse_due(names[weekday], today)
    assert due.weekday() == weekday and 1 <= (due - today).days <= 7
    assert parse_due("in 2 weeks", today) == today + timedelta(days=14)
    assert parse_due("tomorrow", today) == today + timedelta(days=1)
    month_day = parse_due(f"{today.month}/{today.day}", today)
    assert month_day == today
    later = today + timedelta(days=40)
    assert parse_due(later.isoformat(), today) == later
    with pytest.raises(UsageError):
        parse_due((today - timedelta(days=1)).isoformat(), today)


def test_a_month_and_day_already_gone_is_next_year() -> None:
    assert parse_due("Nov 1", date(2026, 11, 23)) == date(2027, 11, 1)
    assert parse_due("12/10", date(2026, 11, 23)) == date(2026, 12, 10)
    assert parse_due("2/29", date(2026, 3, 1)) == date(2028, 2, 29)


# ---- teacher show, bare coachlog, check --------------------------------------------------------


def test_teacher_show_is_the_brief(ok: Run, run: Run, roster: Path) -> None:
    ok("teacher", "import", str(roster))
    for day in range(9, 21):
        ok("add", "rivera", "coaching", "20", "--at", f"2026-11-{day:02d} 09:00", "-n", f"note {day}")
    ok("add", "rivera", "collab", "30", "--next", "look at the exit tickets", "--by", "friday")
    text = ok("teacher", "show", "rivera").stdout
    assert text.startswith("Ms. Rivera — Math, grade 7, on staff\n13 sessions, 4h30m; first 2026-11-09")
    assert "[1] due Fri 2026-11-27: look at the exit tickets" in text
    assert "Last 5 sessions:" in text and "note 20" in text and "note 16" not in text
    assert text.index("#13") < text.index("#12")  # the newest first
    assert "Cycle:" not in text  # no cycles known yet
    result = run("teacher", "show", "nobody")
    assert result.exit_code == 1 and "no teacher named 'nobody'" in result.stderr


def test_bare_coachlog_shows_the_check_backs_due(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "30", "--next", "look at the exit tickets", "--by", "today")
    ok("add", "okafor", "coaching", "30", "--next", "later", "--by", "friday")
    text = ok().stdout
    assert "Check-backs due: 1\n  [1] Ms. Rivera, due today: look at the exit tickets" in text
    assert "later" not in text


def test_check_is_quiet_when_all_is_well_and_says_what_needs_attention(
    run: Run, ok: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 0 and no output when nothing needs the coach; else one line each and exit 1."""
    quiet = run("check")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")  # no database yet
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00")  # a Friday; today is Monday
    quiet = run("check")
    assert (quiet.exit_code, quiet.stdout) == (0, "")  # yesterday was a Sunday
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-24T15:00:00-05:00")  # Tuesday: nothing on Monday
    ok("start", "okafor", "collab", "--at", "08:00")
    ok("add", "Dana Whitfield", "coaching", "20", "--at", "2026-11-20 10:00", "--next", "x", "--by", "today")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "timer running since 2026-11-24 08:00 (7h) for okafor, collaborating: coachlog stop --at TIME, or"
        " coachlog cancel",
        "1 check-back due: coachlog due",
        "nothing logged yesterday (Monday 2026-11-23): coachlog add … --at yesterday",
    ]
    assert run("check", "--hours", "8").stdout.count("\n") == 2
    assert run("check", "--hours", "0").exit_code == 2
    ok("term", "add", "Fall 2026", "2026-08-24", "2026-11-20")  # Monday 23rd is after the term: not a working day
    assert "nothing logged" not in run("check").stdout
