"""What leaders see, in the coordinator's views (issue 15): "N of M teachers moved toward the coaching stance",
the focus areas most worked on and reach by department, per coach and for the totals, each as the coach's own
summary of the term fixed it; and duties restated as sessions at the coach's mean session.

The rule is that summary's, run again against the team row (reports/team_counts.py fixed_figures): the team row
never shows more than the coach's own summary of the same term, a figure of 1..min_group-1 teachers shows
nowhere, and the totals show a figure only when every shown coach's does (so the totals less the rows give
nothing withheld). Played through the real CLI against PostgreSQL, as coaches logging and a coordinator reading.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coachlog.reports.leaders import NOT_A_TERM
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.team_counts import NOT_FIXED_YET
from helpers import Run, TeamDatabase
from teamlog import numbered as _names
from teamlog import ok_on as _ok
from teamlog import summary_pages_show

pytest.importorskip("psycopg")

TERM = ("--from", "2026-09-01", "--to", "2026-11-20")  # "fall": its second half starts on 2026-10-12
FIRST_HALF, SECOND_HALF = ("2026-09-14", "2026-09-21"), ("2026-10-19", "2026-10-26")
URLS: dict[str, dict[str, str]] = {}  # each test's coaches' URLs, by the team's role prefix


def _sessions(run: Run, url: str, teachers: list[str], stance: str, days: tuple[str, ...]) -> None:
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    for day in days:
        _ok(run, url, "add", first, stance, "60m", *more, "--at", f"{day} 10:00")


def _cycle(run: Run, url: str, teachers: list[str], focus: str) -> None:
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    _ok(run, url, "cycle", "start", first, *more, "--goal", "students talk more", "--focus", focus, "--at",
        "2026-09-07")  # fmt: skip


def _program(run: Run, team_database: TeamDatabase, tmp_path: Path, fixed: bool = True, art: str = "art") -> str:
    """ana: a roster (math A0-A14, art A15-A19); A0-A9 met consulting twice in each half, A0-A4 then coaching
    (5 of 10 moved); cycles of A0-A4 (questioning) and A5-A9 (routines); 2 hours covering classes. ben: B0-B7
    met, of whom B0-B2 moved and are his one cycle (questioning): 3 teachers, so his movement and focus are
    "fewer than 5". Each then makes their own summary of the term (`fixed`), which fixes what the team shows."""
    ana, ben = (team_database.member(short) for short in ("ana", "ben"))
    roster = tmp_path / "roster.csv"
    rows = [f"A{i},{'math' if i < 15 else art}\n" for i in range(20)]
    roster.write_text("name,department\n" + "".join(rows), encoding="utf-8")
    _ok(run, ana, "teacher", "import", str(roster))
    for url in (ana, ben):
        _ok(run, url, "term", "add", "fall", "2026-09-01", "2026-11-20")
    _cycle(run, ana, _names("A", range(5)), "questioning")
    _cycle(run, ana, _names("A", range(5, 10)), "routines")
    _sessions(run, ana, _names("A", range(10)), "consulting", FIRST_HALF)
    _sessions(run, ana, _names("A", range(5)), "coaching", SECOND_HALF)
    _sessions(run, ana, _names("A", range(5, 10)), "consulting", SECOND_HALF)
    _ok(run, ana, "duty", "cover", "2h", "--at", "2026-10-20 13:00")
    _cycle(run, ben, _names("B", range(3)), "questioning")
    _sessions(run, ben, _names("B", range(8)), "consulting", FIRST_HALF)
    _sessions(run, ben, _names("B", range(3)), "coaching", SECOND_HALF)
    _sessions(run, ben, _names("B", range(3, 8)), "consulting", SECOND_HALF)
    for url in (ana, ben) if fixed else ():
        _ok(run, url, "summary", "--term", "fall", "--format", "json")
    URLS[team_database.prefix] = {"ana": ana, "ben": ben}
    return team_database.member("cora", "coordinator")


def _report(run: Run, url: str, *args: str, fmt: str = "json") -> Any:
    out = _ok(run, url, "report", "--team", *args, "--format", fmt)
    return json.loads(out) if fmt == "json" else out


def _rows(data: dict[str, Any], team_database: TeamDatabase) -> dict[str, Any]:
    return {row["coach"].removeprefix(team_database.prefix): row for row in data["coaches"]}


def _figures(counts: dict[str, Any]) -> tuple[Any, Any, Any]:
    return counts["stance_movement"], counts["focus_areas"], counts["reach_by_department"]


def test_a_fixed_term_shows_what_the_coachs_summary_shows(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """ana's row shows "5 of 10 teachers", her focus areas and her reach by department, each as her own summary
    of the term shows it; her duties cost ≈ 2 sessions at her mean 60 minutes. ben's movement and focus describe
    3 teachers: "fewer than 5" in his summary and in his row."""
    cora = _program(run, team_database, tmp_path)
    rows = _rows(_report(run, cora, *TERM), team_database)
    movement, focus, departments = _figures(rows["ana"]["cycle_counts"])
    assert movement == {"moved": 5, "of": 10, "hidden": None}
    assert focus == {"areas": {"questioning": 1, "routines": 1}, "hidden": None}
    expected = {"math": {"reached": 10, "staff": 15}, "art": {"reached": 0, "staff": 5}}
    assert departments == {"departments": expected, "hidden": None}
    assert rows["ana"]["coaching_lost"] == {"sessions": 2, "minutes": 60}
    own = json.loads(_ok(run, URLS[team_database.prefix]["ana"], "summary", "--term", "fall", "--format", "json"))
    figures = own["figures"]
    assert figures["coaching_work"]["stance_movement"]["value"] == {"moved": 5, "of": 10}
    assert figures["cycles_and_reach"]["focus_areas"]["value"] == focus["areas"]
    assert figures["cycles_and_reach"]["reach_by_department"]["value"] == expected
    ben = _figures(rows["ben"]["cycle_counts"])
    assert [ben[0]["hidden"], ben[1]["hidden"]] == [FEWER, FEWER] and ben[0]["moved"] is ben[1]["areas"] is None
    own = json.loads(_ok(run, URLS[team_database.prefix]["ben"], "summary", "--term", "fall", "--format", "json"))
    assert own["figures"]["coaching_work"]["stance_movement"]["hidden"] == FEWER
    assert own["figures"]["cycles_and_reach"]["focus_areas"]["hidden"] == FEWER


def test_the_totals_less_the_rows_give_no_few_teachers(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Attack: the totals less ana's row would be ben's 3 movers and his 3-teacher focus area. The totals withhold
    each figure any shown coach withholds ("hidden"), so nothing subtracts to ben's; reach by department, shown
    for every coach who has one (ben has no roster: none), is ana's; the duties' cost is at the shown coaches'
    mean session."""
    cora = _program(run, team_database, tmp_path)
    data = _report(run, cora, *TERM)
    movement, focus, departments = _figures(data["totals"]["cycle_counts"])
    assert movement == {"moved": None, "of": None, "hidden": PROTECTS}
    assert focus == {"areas": None, "hidden": PROTECTS}
    assert departments["departments"] == {"math": {"reached": 10, "staff": 15}, "art": {"reached": 0, "staff": 5}}
    assert data["totals"]["coaching_lost"] == {"sessions": 2, "minutes": 60}  # 12 sessions of 60 min, 2 hours


def test_a_late_change_that_makes_reached_less_m_a_few_hides_the_movement_everywhere(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: after ana's summary fixed "5 of 10", she logs a session in the term with two teachers met only
    then: teachers reached less M is now 2, two teachers who are neither movers nor counted. Her summary hides
    the fixed movement ("fewer than 5"); so does her team row, and then the totals."""
    cora = _program(run, team_database, tmp_path)
    ana = URLS[team_database.prefix]["ana"]
    _ok(run, ana, "add", "N0", "coaching", "30m", "--with", "N1", "--at", "2026-11-02 10:00")
    own = json.loads(_ok(run, ana, "summary", "--term", "fall", "--format", "json"))
    assert own["figures"]["coaching_work"]["stance_movement"]["hidden"] == FEWER
    data = _report(run, cora, *TERM)
    assert _rows(data, team_database)["ana"]["cycle_counts"]["stance_movement"]["hidden"] == FEWER
    assert data["totals"]["cycle_counts"]["stance_movement"]["hidden"] == PROTECTS


def test_before_the_coachs_summary_and_for_any_other_range_nothing_shows(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Before the coach's own summary fixed the term: "not fixed yet"; for a range that is not a whole ended term
    ("term only"): the figures are exact, and two over ranges a reader picks would subtract to one teacher. The
    totals then say "term only" too."""
    cora = _program(run, team_database, tmp_path, fixed=False)
    for args, why in ((TERM, NOT_FIXED_YET), (("--from", "2026-09-01", "--to", "2026-11-21"), NOT_A_TERM)):
        data = _report(run, cora, *args)
        for counts in [row["cycle_counts"] for row in data["coaches"]]:
            assert [figure["hidden"] for figure in _figures(counts)] == [why] * 3, args
        assert [figure["hidden"] for figure in _figures(data["totals"]["cycle_counts"])] == [NOT_A_TERM] * 3
    table = _report(run, cora, *TERM, fmt="table")
    assert "Coaching work" in table and "not fixed yet" in table


def test_every_format_shows_the_same_figures(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Table and Markdown have a "Coaching work" table, CSV its columns (empty where withheld), JSON its keys;
    summary --team has the same table in text, Markdown and HTML, and its JSON the same objects."""
    cora = _program(run, team_database, tmp_path)
    ana, ben = (team_database.prefix + short for short in ("ana", "ben"))
    cells_ana = [
        "5 of 10 teachers",
        "questioning (1), routines (1)",
        "art 0 of 5, math 10 of 15",
        "≈ 2 sessions of 60 min",
    ]
    cells_ben = ["fewer than 5", "fewer than 5", "no roster", "no duties"]
    markdown = _report(run, cora, *TERM, fmt="markdown")
    assert "### Coaching work" in markdown
    assert f"| {ana} | " + " | ".join(cells_ana) + " |" in markdown
    assert f"| {ben} | " + " | ".join(cells_ben) + " |" in markdown
    assert "| all coaches | hidden | hidden | art 0 of 5, math 10 of 15 | ≈ 2 sessions of 60 min |" in markdown
    table = _report(run, cora, *TERM, fmt="table")
    lines = table.splitlines()
    work = [line for line in lines[lines.index("Coaching work") :] if line.startswith(ana)]
    assert work and "5 of 10 teachers" in work[0]
    records = {r["coach"]: r for r in csv.DictReader(io.StringIO(_report(run, cora, *TERM, fmt="csv")))}
    keys = ("stance_moved", "stance_of", "focus_areas", "reach_by_department", "coaching_lost_sessions",
            "coaching_lost_minutes")  # fmt: skip
    assert [records[ana][k] for k in keys] == [
        "5", "10", "questioning (1); routines (1)", "art 0 of 5; math 10 of 15", "2", "60"
    ]  # fmt: skip
    assert [records[ben][k] for k in keys] == [""] * 6
    assert [records["(all coaches)"][k] for k in keys] == ["", "", "", "art 0 of 5; math 10 of 15", "2", "60"]
    summary_pages_show(run, cora, TERM, "coaching work", (*cells_ana, "fewer than 5"))


def test_a_department_named_like_a_formula_is_text_in_every_csv_row(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: a department (or focus area) is a coach's own text, and now reaches the totals' CSV row too; a
    name such as "=art" must not run as a formula in the coordinator's spreadsheet, in a coach's row or the
    totals' (prefixed with ', as every exported text cell)."""
    cora = _program(run, team_database, tmp_path, art="=art")
    ana = team_database.prefix + "ana"
    records = {r["coach"]: r for r in csv.DictReader(io.StringIO(_report(run, cora, *TERM, fmt="csv")))}
    for coach in (ana, "(all coaches)"):
        assert records[coach]["reach_by_department"] == "'=art 0 of 5; math 10 of 15", coach
