"""`coachlog report` and `coachlog term` through the real CLI: every figure equals a sum worked out here."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from helpers import Run, pipe_rows, table_dump

STANCES = ("consulting", "collaborating", "coaching")
TYPED_STANCE = {"consulting": "cons", "collaborating": "Collab", "coaching": "COACH"}
FALL_START, FALL_END = date(2026, 9, 7), date(2026, 12, 18)


@dataclass(frozen=True)
class Logged:
    """One entry as this test logs it, with its minutes worked out by hand from the typed duration."""

    at: str  # what --at gets
    what: str  # a stance, or a duty kind
    duration: str
    minutes: int
    teachers: tuple[str, ...] = ()
    activity: str | None = None

    @property
    def day(self) -> date:
        return date.fromisoformat(self.at[:10])

    @property
    def is_duty(self) -> bool:
        return self.what not in STANCES


# A term as a coach would log it: set-up weeks, cycles, team sessions, duties, a holiday week.
SCRIPT = [
    Logged("2026-09-04 10:00", "consulting", "1h", 60, ("Sam Ortiz",), "planning"),  # before the term
    Logged("2026-09-08 09:00", "consulting", "40m", 40, ("Ms. Rivera",), "planning"),
    Logged("2026-09-09 13:15", "consulting", "1h", 60, ("Mr. Okafor", "Dana Whitfield"), "team"),
    Logged("2026-09-10", "testing", "2h", 120),
    Logged("2026-09-11 10:30", "collaborating", "45", 45, ("Lee Chen",), "co-teaching"),
    Logged("2026-09-14 08:30", "coaching", "20m", 20, ("Ms. Rivera",), "debrief"),
    Logged("2026-09-15", "consulting", "30min", 30, ("Amara Nwosu",), "resources"),
    Logged("2026-09-16 12:00", "supervision", "30", 30),
    Logged("2026-09-17 14:00", "collaborating", "1h30m", 90, ("Mr. Okafor", "Lee Chen", "Jo Park"), "data"),
    Logged("2026-09-29 09:00", "coaching", "1:15", 75, ("Dana Whitfield",), "observing"),
    Logged("2026-09-30 10:00", "coaching", "25", 25, ("Dana Whitfield",), "debrief"),
    Logged("2026-10-01", "cover", "50m", 50),
    Logged("2026-10-02 11:00", "consulting", "35m", 35, ("Jo Park",), "modeling"),
    Logged("2026-10-12 09:45", "collaborating", "55m", 55, ("Ms. Rivera",), "planning"),
    Logged("2026-10-13 13:00", "coaching", "40m", 40, ("Amara Nwosu",), "debrief"),
    Logged("2026-10-14 07:30", "consulting", "1.5h", 90, ("Mr. Okafor", "Ms. Rivera"), "workshop"),
    Logged("2026-10-15 15:30", "admin", "15", 15),
    Logged("2026-10-16", "collaborating", "50", 50, ("Lee Chen",), "co-teaching"),
    Logged("2026-10-27 10:00", "coaching", "30m", 30, ("Jo Park",), "debrief"),
    Logged("2026-10-29 14:00", "consulting", "10m", 10, ("Dana Whitfield",)),
    Logged("2026-10-30 12:10", "supervision", "25", 25),
    Logged("2026-11-02 08:00", "coaching", "45m", 45, ("Ms. Rivera",), "debrief"),
    Logged("2026-11-03 09:00", "collaborating", "1h 5m", 65, ("Amara Nwosu", "Jo Park"), "co-teaching"),
    Logged("2026-11-05", "testing", "3h", 180),
    Logged("2026-11-06 13:30", "coaching", "35", 35, ("Lee Chen",), "observing"),
    Logged("2026-11-09 09:15", "consulting", "20", 20, ("Mr. Okafor",), "resources"),
    Logged("2026-11-10 10:00", "coaching", "50m", 50, ("Mr. Okafor",), "debrief"),
    Logged("2026-11-12 11:00", "collaborating", "1h", 60, ("Ms. Rivera", "Dana Whitfield", "Lee Chen", "Jo Park")),
    Logged("2026-11-13 14:45", "event", "1h", 60),
    Logged("2026-11-16 08:10", "coaching", "30", 30, ("Amara Nwosu",), "debrief"),
    Logged("2026-11-18", "consulting", "15", 15, ("Dana Whitfield",)),
    Logged("2026-11-20 13:00", "collaborating", "40", 40, ("Mr. Okafor",), "planning"),
    Logged("2026-11-23 08:00", "coaching", "55m", 55, ("Ms. Rivera",), "debrief"),
    Logged("2026-11-23 12:00", "supervision", "30", 30),
]


def log_all(ok: Run, entries: list[Logged]) -> None:
    """Log every entry through the CLI, typing names and stances the loose ways coaches do."""
    for index, entry in enumerate(entries):
        if entry.is_duty:
            ok("duty", entry.what[:4], entry.duration, "--at", entry.at)
            continue
        first, *others = entry.teachers
        typed = first.lower().replace(".", "") if index % 3 == 2 else first  # "ms rivera" is "Ms. Rivera"
        stance = TYPED_STANCE[entry.what] if index % 2 else entry.what
        args = ["add", typed, stance, entry.duration, "--at", entry.at]
        for other in others:
            args += ["--with", other]
        if entry.activity:
            args += ["-a", entry.activity]
        ok(*args)


def sunday_of(day: date) -> date:
    return day - timedelta(days=day.isoweekday() % 7)


def monday_of(day: date) -> date:
    year, week, _ = day.isocalendar()
    return date.fromisocalendar(year, week, 1)


@dataclass
class Sums:
    """What a report should say, summed from the Logged list without coachlog's code."""

    minutes: Counter = field(default_factory=Counter)
    sessions: Counter = field(default_factory=Counter)
    teachers: set = field(default_factory=set)
    duties: Counter = field(default_factory=Counter)
    weeks: dict = field(default_factory=dict)  # week start -> Counter of stances, "duties", "sessions"

    @property
    def total(self) -> int:
        return sum(self.minutes.values())

    @property
    def duty_total(self) -> int:
        return sum(self.duties.values())

    def percent(self, stance: str) -> float:
        return round(100 * self.minutes[stance] / self.total, 1) if self.total else 0.0

    def week(self, start: date) -> Counter:
        return self.weeks.get(start, Counter())


def sums(entries: list[Logged], start: date, end: date, week_of=monday_of) -> Sums:
    result = Sums()
    for entry in entries:
        if not start <= entry.day <= end:
            continue
        week = result.weeks.setdefault(week_of(entry.day), Counter())
        if entry.is_duty:
            result.duties[entry.what] += entry.minutes
            week["duties"] += entry.minutes
        else:
            result.minutes[entry.what] += entry.minutes
            result.sessions[entry.what] += 1
            result.teachers.update(entry.teachers)
            week[entry.what] += entry.minutes
            week["sessions"] += 1
    return result


def minutes_of(text: str) -> int:
    """'1h05m' -> 65, '45m' -> 45, '2h' -> 120: coachlog's display form read back."""
    match = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?", text)
    assert match and text, text
    return int(match[1] or 0) * 60 + int(match[2] or 0)


@pytest.fixture(scope="module")
def scripted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the first test to need the scripted term keeps a copy of its database for the others."""
    return tmp_path_factory.mktemp("scripted") / "coachlog.db"


@pytest.fixture
def term_sums(ok: Run, db_path: Path, scripted_template: Path) -> Sums:
    """The Fall 2026 term and the scripted entries, logged through the CLI; the sums they should give."""
    if scripted_template.exists():
        shutil.copyfile(scripted_template, db_path)  # the same CLI-built file, without logging it again
    else:
        ok("term", "add", "Fall 2026", "2026-09-07", "2026-12-18")
        log_all(ok, SCRIPT)
        assert not db_path.with_name(db_path.name + "-wal").exists()  # closed cleanly: one file holds it all
        shutil.copyfile(db_path, scripted_template)
    expected = sums(SCRIPT, FALL_START, FALL_END)
    assert expected.teachers == {"Ms. Rivera", "Mr. Okafor", "Dana Whitfield", "Lee Chen", "Amara Nwosu", "Jo Park"}
    assert expected.total > 0 and sum(expected.sessions.values()) >= 25
    return expected


def test_term_report_json_equals_independent_sums(ok: Run, term_sums: Sums) -> None:
    """`report --term --format json` gives the period, totals, stance split, duties and weeks summed here."""
    data, t = json.loads(ok("report", "--term", "--format", "json").stdout), term_sums
    assert data["period"] == {"start": "2026-09-07", "end": "2026-12-18", "label": "Fall 2026"}
    totals = data["totals"]
    assert totals["minutes"] == term_sums.total
    assert totals["sessions"] == sum(term_sums.sessions.values())
    assert totals["teachers"] == 6
    assert totals["duty_minutes"] == term_sums.duty_total
    assert data["duties"] == dict(term_sums.duties)
    for s in STANCES:
        assert data["stances"][s] == {"minutes": t.minutes[s], "sessions": t.sessions[s], "percent": t.percent(s)}
    assert sum(figure["percent"] for figure in data["stances"].values()) == pytest.approx(100, abs=0.2)
    starts = [date.fromisoformat(week["start"]) for week in data["weeks"]]
    assert starts[0] == FALL_START
    assert all(later - earlier == timedelta(days=7) for earlier, later in pairwise(starts))
    assert set(term_sums.weeks) <= set(starts)
    keys = (*STANCES, "duties", "sessions")
    for week in data["weeks"]:
        want = term_sums.week(date.fromisoformat(week["start"]))
        assert [week[key] for key in keys] == [want[key] for key in keys], week["start"]


def test_term_report_csv_rows_sum_to_independent_totals(ok: Run, term_sums: Sums) -> None:
    """The CSV report has one row per week, each as summed here, and its columns add up to the term totals."""
    text = ok("report", "--term", "--format", "csv").stdout
    assert (
        text.splitlines()[0]
        == "start,consulting,collaborating,coaching,session_minutes,sessions,duties,coaching_percent"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        want = term_sums.week(date.fromisoformat(row["start"]))
        assert [int(row[s]) for s in STANCES] == [want[s] for s in STANCES], row
        assert int(row["duties"]) == want["duties"]
    for stance in STANCES:
        assert sum(int(row[stance]) for row in rows) == term_sums.minutes[stance]
    assert sum(int(row["session_minutes"]) for row in rows) == term_sums.total
    assert sum(int(row["sessions"]) for row in rows) == sum(term_sums.sessions.values())
    assert sum(int(row["duties"]) for row in rows) == term_sums.duty_total


@pytest.mark.parametrize(
    ("fmt", "first_line"),
    [("markdown", "## Fall 2026 (2026-09-07 to 2026-12-18)"), ("table", "Fall 2026 (2026-09-07 to 2026-12-18)")],
)
def test_term_report_text_views_equal_independent_sums(ok: Run, term_sums: Sums, fmt: str, first_line: str) -> None:
    """The Markdown and table views, read back as text, show the stance split, weeks and totals summed here."""
    text, expected = ok("report", "--term", "--format", fmt).stdout, term_sums
    assert text.splitlines()[0].strip() == first_line
    rows = pipe_rows(text)
    stance_rows = {row[0]: row for row in rows if row[0] in STANCES}
    assert set(stance_rows) == set(STANCES)
    for stance, row in stance_rows.items():
        assert minutes_of(row[1]) == expected.minutes[stance]
        assert float(row[2].rstrip("%")) == expected.percent(stance)
        assert int(row[3]) == expected.sessions[stance]
    week_rows = [row for row in rows if re.fullmatch(r"\d{4}-\d\d-\d\d", row[0])]
    assert week_rows[0][0] == "2026-09-07"
    seen = set()
    for label, *cells in week_rows:
        start = date.fromisoformat(label)
        seen.add(start)
        want = expected.week(start)
        assert [minutes_of(cell) for cell in cells[:3]] == [want[s] for s in STANCES], label
        assert minutes_of(cells[3]) == sum(want[s] for s in STANCES)
        assert int(cells[4]) == want["sessions"]
        assert minutes_of(cells[5]) == want["duties"]
    assert set(expected.weeks) <= seen
    assert f"Teachers reached: {len(expected.teachers)}" in text
    sessions = re.search(r"Sessions: (\d+), (\S+) in all", text)
    assert sessions and int(sessions[1]) == sum(expected.sessions.values())
    assert minutes_of(sessions[2]) == expected.total
    duties = re.search(r"Duties: (\S+), ([\d.]+)% of all logged time", text)
    assert duties and minutes_of(duties[1]) == expected.duty_total
    assert float(duties[2]) == round(100 * expected.duty_total / (expected.total + expected.duty_total), 1)


RANGE_SCRIPT = [
    Logged("2026-09-04 10:00", "consulting", "5", 5, ("Ms. Rivera",)),
    Logged("2026-10-20 10:00", "coaching", "10", 10, ("Mr. Okafor",)),
    Logged("2026-11-05", "collaborating", "20", 20, ("Ms. Rivera",)),
    Logged("2026-11-18 09:00", "coaching", "40", 40, ("Lee Chen",)),
    Logged("2026-11-19 09:00", "consulting", "80", 80, ("Mr. Okafor",)),
    Logged("2026-11-23 09:00", "coaching", "160", 160, ("Ms. Rivera",)),
]


@pytest.mark.parametrize(
    ("args", "start", "end", "label"),
    [
        ((), "2026-11-23", "2026-11-29", "this week"),
        (("--week",), "2026-11-23", "2026-11-29", "this week"),
        (("--last-week",), "2026-11-16", "2026-11-22", "last week"),
        (("--month",), "2026-11-01", "2026-11-30", "November 2026"),
        (("--term",), "2026-09-07", "2026-12-18", "Fall 2026"),
        (("--term", "summer 2026"), "2026-06-15", "2026-09-04", "Summer 2026"),
        (("--from", "2026-11-05", "--to", "2026-11-18"), "2026-11-05", "2026-11-18", "2026-11-05 to 2026-11-18"),
        (("--all",), "2026-09-04", "2026-11-23", "all entries"),
    ],
)
def test_range_options_pick_their_inclusive_dates(ok: Run, args: tuple, start: str, end: str, label: str) -> None:
    """Each range option reports exactly the entries between its first and last day, both included."""
    ok("term", "add", "Summer 2026", "2026-06-15", "2026-09-04")
    ok("term", "add", "Fall 2026", "2026-09-07", "2026-12-18")
    log_all(ok, RANGE_SCRIPT)
    data = json.loads(ok("report", "--format", "json", *args).stdout)
    assert data["period"] == {"start": start, "end": end, "label": label}
    expected = sums(RANGE_SCRIPT, date.fromisoformat(start), date.fromisoformat(end))
    assert data["totals"]["minutes"] == expected.total
    assert data["totals"]["sessions"] == sum(expected.sessions.values())
    assert data["totals"]["teachers"] == len(expected.teachers)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("report", "--week", "--month"), ["choose one range", "--week", "--month"]),
        (("report", "--term", "--all"), ["choose one range", "--term", "--all"]),
        (("report", "--last-week", "--from", "2026-11-01"), ["choose one range", "--last-week", "--from"]),
        (("log", "--term", "Fall 2026", "--week"), ["choose one range", "--term", "--week"]),
        (("export", "--all", "--to", "2026-11-20"), ["choose one range", "--all", "--to"]),
        (("report", "--from", "2026-11-20", "--to", "2026-11-18"), ["2026-11-18", "before", "2026-11-20"]),
    ],
)
def test_conflicting_range_options_are_a_usage_error(run: Run, ok: Run, args: tuple, words: list[str]) -> None:
    """Two range options at once, or --to before --from, exit 2 with one line saying so, and print no data."""
    ok("term", "add", "Fall 2026", "2026-09-07", "2026-12-18")
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert all(word in result.stderr for word in words)


def test_by_teacher_counts_a_team_session_for_each_teacher_and_says_so(ok: Run) -> None:
    """--by teacher gives a three-teacher session to each of them, totals count it once, and the view says so."""
    ok("add", "Ms. Rivera", "collab", "1h", "--with", "Mr. Okafor", "--with", "Dana Whitfield", "--at", "mon 9:00")
    ok("add", "ms rivera", "coaching", "30m", "--at", "2026-11-18 10:00")
    ok("add", "Mr. Okafor", "consulting", "20", "--at", "2026-11-19")
    ok("duty", "cover", "50", "--at", "2026-11-19 13:00")
    data = json.loads(ok("report", "--last-week", "--by", "teacher", "-f", "json").stdout)
    assert data["grouping"] == "teacher"
    groups = {g["teacher"]: (g["consulting"], g["collaborating"], g["coaching"], g["sessions"]) for g in data["groups"]}
    assert groups == {"Dana Whitfield": (0, 60, 0, 1), "Mr. Okafor": (20, 60, 0, 2), "Ms. Rivera": (0, 60, 30, 2)}
    assert data["totals"]["minutes"] == 60 + 30 + 20
    assert data["totals"]["sessions"] == 3 and data["totals"]["teachers"] == 3
    assert sum(g["session_minutes"] for g in data["groups"]) == 3 * 60 + 30 + 20
    note = "counts once in the totals and once for each teacher"
    assert note in ok("report", "--last-week", "--by", "teacher").stdout
    assert note in ok("report", "--last-week", "--by", "teacher", "-f", "markdown").stdout
    assert note not in ok("report", "--last-week").stdout


def test_by_activity_groups_sessions_by_activity(ok: Run) -> None:
    """--by activity sums session minutes per activity; sessions without one are grouped as (none)."""
    ok("add", "Ms. Rivera", "coach", "25", "-a", "debrief", "--at", "2026-11-16 09:00")
    ok("add", "Ms. Rivera", "coach", "15", "-a", "deb", "--at", "2026-11-17 09:00")
    ok("add", "Lee Chen", "collab", "50", "-a", "co-t", "--at", "2026-11-17 11:00")
    ok("add", "Lee Chen", "cons", "10", "--at", "2026-11-18 11:00")
    ok("duty", "testing", "2h", "--at", "2026-11-19 08:00")
    data = json.loads(ok("report", "--last-week", "--by", "activity", "-f", "json").stdout)
    groups = {g["activity"]: (g["session_minutes"], g["sessions"]) for g in data["groups"]}
    assert groups == {"debrief": (40, 2), "co-teaching": (50, 1), "": (10, 1)}
    assert data["totals"]["duty_minutes"] == 120
    rows = {row[0]: row for row in pipe_rows(ok("report", "--last-week", "--by", "act").stdout)}
    assert minutes_of(rows["(none)"][4]) == 10 and minutes_of(rows["debrief"][4]) == 40


def test_single_week_is_per_day_and_by_week_or_day_overrides(ok: Run) -> None:
    """A one-week report has a row per day; --by week gives one row; a month's first week starts before it."""
    ok("add", "Jo Park", "coach", "15", "--at", "2026-11-01 10:00")  # November 2026 starts on a Sunday
    ok("add", "Jo Park", "coach", "30", "--at", "2026-11-16 09:00")
    ok("add", "Jo Park", "cons", "20", "--at", "2026-11-20")
    ok("duty", "supervision", "25", "--at", "2026-11-20 12:00")
    week = json.loads(ok("report", "--last-week", "-f", "json").stdout)
    assert week["grouping"] == "day"
    days = {g["date"]: (g["coaching"], g["consulting"], g["duties"]) for g in week["groups"]}
    assert list(days) == [f"2026-11-{d}" for d in range(16, 23)]
    assert days["2026-11-16"] == (30, 0, 0) and days["2026-11-20"] == (0, 20, 25)
    assert all(days[d] == (0, 0, 0) for d in days if d not in ("2026-11-16", "2026-11-20"))
    by_week = json.loads(ok("report", "--last-week", "--by", "week", "-f", "json").stdout)
    assert [(g["start"], g["session_minutes"], g["duties"]) for g in by_week["groups"]] == [("2026-11-16", 50, 25)]
    month = json.loads(ok("report", "--month", "--by", "day", "-f", "json").stdout)
    assert month["grouping"] == "day"
    assert (month["groups"][0]["date"], month["groups"][0]["coaching"]) == ("2026-11-01", 15)
    assert sum(g["session_minutes"] for g in month["groups"]) == 65
    assert (month["period"]["start"], month["weeks"][0]["start"], month["weeks"][0]["coaching"]) == (
        "2026-11-01", "2026-10-26", 15,
    )  # fmt: skip


def test_sunday_start_week_moves_week_bounds(ok: Run) -> None:
    """With week_start sunday, --week runs Sunday to Saturday and weeks[].start is a Sunday."""
    entries = [
        Logged("2026-11-21 10:00", "consulting", "20", 20, ("Lee Chen",)),  # Saturday
        Logged("2026-11-22 10:00", "coaching", "30", 30, ("Lee Chen",)),  # Sunday
        Logged("2026-11-23 10:00", "collaborating", "40", 40, ("Jo Park",)),  # Monday, today
    ]
    log_all(ok, entries)
    monday = json.loads(ok("report", "--week", "-f", "json").stdout)
    assert (monday["period"]["start"], monday["totals"]["minutes"]) == ("2026-11-23", 40)
    ok("config", "set", "week_start", "sunday")
    week = json.loads(ok("report", "--week", "-f", "json").stdout)
    assert (week["period"]["start"], week["period"]["end"]) == ("2026-11-22", "2026-11-28")
    assert week["totals"]["minutes"] == sums(entries, date(2026, 11, 22), date(2026, 11, 28)).total == 70
    assert [w["start"] for w in week["weeks"]] == ["2026-11-22"]
    assert date.fromisoformat(week["weeks"][0]["start"]).isoweekday() == 7
    last = json.loads(ok("report", "--last-week", "-f", "json").stdout)
    assert (last["period"]["start"], last["totals"]["minutes"]) == ("2026-11-15", 20)
    month = json.loads(ok("report", "--month", "-f", "json").stdout)
    expected = sums(entries, date(2026, 11, 1), date(2026, 11, 30), week_of=sunday_of)
    starts = [date.fromisoformat(w["start"]) for w in month["weeks"]]
    assert starts[:4] == [date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15), date(2026, 11, 22)]
    assert all(start.isoweekday() == 7 for start in starts)
    assert [w["session_minutes"] for w in month["weeks"]] == [
        sum(expected.week(date.fromisoformat(w["start"]))[s] for s in STANCES) for w in month["weeks"]
    ]
    assert "This week (from 2026-11-22)" in ok("add", "Jo Park", "coach", "5", "--at", "2026-11-23 11:00").stdout


DST_SCRIPT = [
    Logged("2026-10-31 23:30", "coaching", "45", 45, ("Ms. Rivera",)),  # Saturday, ends after midnight
    Logged("2026-11-01 00:45", "collaborating", "1h30m", 90, ("Ms. Rivera",)),  # runs through the repeated hour
    Logged("2026-11-01 01:30", "consulting", "30", 30, ("Lee Chen",)),  # the first 01:30 (EDT)
    Logged("2026-11-01 23:30", "coaching", "40", 40, ("Lee Chen",)),  # after the change: 04:30 UTC next day
    Logged("2026-11-02 00:10", "supervision", "20", 20),  # Monday, just after midnight
]


@pytest.mark.parametrize(("week_start", "week_of"), [("monday", monday_of), ("sunday", sunday_of)])
def test_week_crossing_the_dst_change_sums_correctly(ok: Run, week_start: str, week_of) -> None:
    """Around New York's 2026-11-01 change, entries stay on their local dates and weeks sum as here."""
    ok("config", "set", "week_start", week_start)
    log_all(ok, DST_SCRIPT)
    start, end = date(2026, 10, 25), date(2026, 11, 8)
    expected = sums(DST_SCRIPT, start, end, week_of=week_of)
    data = json.loads(ok("report", "--from", str(start), "--to", str(end), "-f", "json").stdout)
    assert data["totals"]["minutes"] == expected.total == 205
    assert data["totals"]["duty_minutes"] == 20
    for week in data["weeks"]:
        want = expected.week(date.fromisoformat(week["start"]))
        assert [week[s] for s in STANCES] + [week["duties"]] == [want[s] for s in STANCES] + [want["duties"]]
    assert set(expected.weeks) <= {date.fromisoformat(w["start"]) for w in data["weeks"]}
    days = json.loads(ok("report", "--from", str(start), "--to", str(end), "--by", "day", "-f", "json").stdout)
    per_day = {
        g["date"]: g["session_minutes"] + g["duties"] for g in days["groups"] if g["session_minutes"] + g["duties"]
    }
    assert per_day == {"2026-10-31": 45, "2026-11-01": 160, "2026-11-02": 20}
    rows = list(csv.DictReader(io.StringIO(ok("export", "--raw").stdout)))
    assert [(r["start"], r["end"], r["minutes"]) for r in rows[:2]] == [
        ("2026-10-31 23:30", "2026-11-01 00:15", "45"),
        ("2026-11-01 00:45", "2026-11-01 01:15", "90"),  # 90 real minutes: the clocks went back an hour
    ]


@pytest.fixture
def fall_db(ok: Run, db_path: Path) -> Path:
    """A database with the Fall 2026 term and two entries."""
    ok("term", "add", "Fall 2026", "2026-09-07", "2026-12-18")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-16 09:00")
    ok("duty", "cover", "50", "--at", "2026-11-17 10:00")
    return db_path


@pytest.mark.parametrize(
    ("args", "env", "code", "words"),
    [
        (("term", "add", "Winter", "2026-12-18", "2027-01-08"), None, 2, ["Winter", "Fall 2026", "overlap"]),
        (("term", "add", "Whole year", "2026-08-01", "2027-06-30"), None, 2, ["Whole year", "Fall 2026", "overlap"]),
        (("term", "add", "fall  2026", "2027-01-04", "2027-03-26"), None, 2, ["already exists"]),
        (("term", "add", "Spring 2027", "2027-06-11", "2027-01-04"), None, 2, ["Spring 2027", "before"]),
        (("term", "add", "Spring 2027", "2027-02-30", "2027-06-11"), None, 2, ["2027-02-30"]),
        (("report", "--term", "Winter"), None, 2, ["unknown term 'Winter'", "Fall 2026"]),
        (("report", "--term"), {"COACHLOG_NOW": "2026-12-25T12:00:00-05:00"}, 2, ["2026-12-25", "term add"]),
        (("export", "--term"), {"COACHLOG_NOW": "2027-01-04T09:00:00-05:00"}, 2, ["2027-01-04", "term add"]),
        (("term", "remove", "Winter"), None, 1, ["Winter", "term list"]),
    ],
)
def test_term_errors_exit_with_one_line_and_change_nothing(
    run: Run, fall_db: Path, args: tuple, env: dict | None, code: int, words: list[str]
) -> None:
    """Bad term input or a missing term exits 1 or 2 with one clear line, and leaves every table as it was."""
    before = table_dump(fall_db)
    result = run(*args, env=env)
    assert result.exit_code == code and result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert all(word in result.stderr for word in words)
    assert table_dump(fall_db) == before


def test_report_term_with_no_terms_shows_how_to_add_one(run: Run, ok: Run, db_path: Path) -> None:
    """`report --term` before any term exists exits 2 with a `coachlog term add` example, changing nothing."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-16 09:00")
    before = table_dump(db_path)
    result = run("report", "--term")
    assert result.exit_code == 2
    assert "no terms" in result.stderr and "coachlog term add" in result.stderr
    assert table_dump(db_path) == before


def test_term_list_add_and_remove(ok: Run, db_path: Path) -> None:
    """Terms list by start date with their length; a term may start the day after another ends; remove keeps entries."""
    ok("term", "add", "Spring 2027", "2027-01-04", "2027-06-11")
    added = ok("term", "add", "Fall 2026", "2026-09-07", "2027-01-03")
    assert added.stdout == "Added term 'Fall 2026': 2026-09-07 to 2027-01-03\n"
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-16 09:00")
    listed = ok("term", "list").stdout.splitlines()
    assert listed == [
        "Fall 2026\t2026-09-07\t2027-01-03\t17.0 weeks",
        "Spring 2027\t2027-01-04\t2027-06-11\t22.7 weeks",
    ]
    removed = ok("term", "remove", "fall 2026")
    assert removed.stdout == "Removed term 'Fall 2026' (2026-09-07 to 2027-01-03)\n"
    assert ok("term", "list").stdout.splitlines() == ["Spring 2027\t2027-01-04\t2027-06-11\t22.7 weeks"]
    data = json.loads(ok("report", "--all", "-f", "json").stdout)
    assert data["totals"]["minutes"] == 45


def test_empty_period_gives_a_zero_report(ok: Run) -> None:
    """A range with no entries is a report of zeros in every format, not an error."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-16 09:00")
    args = ("report", "--from", "2026-07-01", "--to", "2026-07-31")
    data = json.loads(ok(*args, "-f", "json").stdout)
    assert data["period"] == {"start": "2026-07-01", "end": "2026-07-31", "label": "2026-07-01 to 2026-07-31"}
    assert [data["totals"][k] for k in ("minutes", "sessions", "teachers", "duty_minutes")] == [0, 0, 0, 0]
    assert data["stances"] == {s: {"minutes": 0, "sessions": 0, "percent": 0.0} for s in STANCES}
    assert data["weeks"][0]["start"] == "2026-06-29"
    assert all(w["session_minutes"] == 0 and w["duties"] == 0 for w in data["weeks"])
    rows = list(csv.DictReader(io.StringIO(ok(*args, "-f", "csv").stdout)))
    assert rows and all(int(r["session_minutes"]) == 0 for r in rows)
    assert "Sessions: 0, 0m in all" in ok(*args).stdout
    assert "Teachers reached: 0" in ok(*args, "-f", "markdown").stdout


def test_report_on_a_new_database_is_zero(run: Run, tmp_path: Path) -> None:
    """`report` before anything is logged is this week with zeros."""
    result = run("--db", str(tmp_path / "new.db"), "report", "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["period"]["start"], data["totals"]["minutes"], data["totals"]["sessions"]) == ("2026-11-23", 0, 0)
