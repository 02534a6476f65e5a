"""A coach's own summary beside their team row of the same range (README, "Known limits of the team views", lifted):
the row's stance cells come from the database's team_hide, and its Python twin (reports/beside.py) tells the
summary which of them to keep shown; the two are held equal by shared vectors run here on PostgreSQL and in Python.
Then, through the real CLI, a pair of outputs that gave one teacher's time before the summary kept them.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from coachlog.reports.beside import team_hide
from helpers import Run, TeamDatabase, names

pytest.importorskip("psycopg")

# (min_group, start, minutes by stance, unions by bit mask 1..7, allowed, withheld)
Vector = tuple[int, int, tuple[int, int, int], tuple[int, ...], int, int]
VECTORS: list[tuple[str, Vector]] = [
    ("nothing small", (5, 0, (60, 60, 60), (5, 5, 10, 5, 10, 10, 15), 7, 0)),
    ("a small cell takes the most time beside it", (5, 4, (60, 120, 30), (6, 6, 8, 2, 8, 8, 10), 7, 6)),
    ("a tie in time goes to the teachers", (5, 4, (60, 60, 30), (6, 7, 9, 2, 8, 9, 11), 7, 6)),
    ("a tie in both goes to the first stance", (5, 4, (60, 60, 30), (6, 6, 8, 2, 8, 8, 10), 7, 5)),
    ("two still few together take the third", (5, 3, (60, 60, 30), (2, 2, 3, 6, 7, 7, 8), 7, 7)),
    ("a partner about few teachers: a third", (5, 1, (30, 120, 60), (2, 2, 4, 6, 8, 8, 10), 7, 7)),
    ("a cell rounded to 0 with teachers is a partner", (5, 1, (30, 0, 0), (2, 5, 7, 0, 2, 5, 7), 7, 3)),
    ("a cell with neither time nor teachers is not", (5, 1, (30, 0, 60), (2, 0, 2, 5, 7, 5, 7), 7, 5)),
    ("no partner left: the cell stays alone", (5, 1, (30, 0, 0), (2, 0, 2, 0, 2, 0, 2), 7, 1)),
    ("only the allowed cells", (5, 4, (60, 120, 30), (6, 6, 8, 2, 8, 8, 10), 5, 5)),
    ("a larger min_group", (6, 0, (60, 60, 60), (6, 6, 11, 6, 11, 11, 16), 7, 0)),
    ("a larger min_group: a pair of 5 is few", (6, 4, (60, 60, 30), (6, 6, 8, 2, 5, 8, 10), 7, 7)),
    ("everything withheld already", (5, 7, (60, 60, 60), (1, 1, 2, 1, 2, 2, 3), 7, 7)),
]


def _array(values: tuple[int, ...]) -> str:
    return "ARRAY[" + ", ".join(map(str, values)) + "]::bigint[]"


@pytest.mark.parametrize(("name", "vector"), VECTORS, ids=[v[0] for v in VECTORS])
def test_the_database_and_its_python_twin_withhold_the_same_stance_cells(
    team_database: TeamDatabase, name: str, vector: Vector
) -> None:
    """Each vector through the database's team_hide (as the administrator) and through beside.team_hide."""
    min_group, start, minutes, unions, allowed, withheld = vector
    ((database,),) = team_database.sql(
        f"SELECT team_hide({min_group}, {start}, {_array(minutes)}, {_array(unions)}, {allowed})"
    )
    assert database == withheld, name
    assert team_hide(min_group, start, minutes, unions, allowed) == withheld, name


def _hour(run: Run, url: str, teachers: list[str], stance: str, day: str, time: str, activity: str) -> None:
    first, *others = teachers
    args = [arg for name in others for arg in ("--with", name)]
    result = run("--db", url, "add", first, stance, "60m", *args, "--at", f"{day} {time}", "-a", activity)
    assert result.exit_code == 0, result.stderr


def _json(run: Run, url: str, *args: str) -> Any:
    result = run("--db", url, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_summary_keeps_the_stances_its_team_row_shows_and_hides_an_activity_instead(
    run: Run, team_database: TeamDatabase
) -> None:
    """X alone consulting debrief and collaborating debrief in week 1, X and A1-A4 consulting observing in week 1
    and collaborating debrief in week 2. The row shows consulting 120 and collaborating 120 (5 teachers each). The
    summary hid both before (the equations about X's cells reached them) and showed debrief 180, observing 60: with
    the row, consulting + debrief - S = 120 + 180 - 240 = 60 minutes, X's consulting debrief. Now it shows the
    row's stances and hides the activities."""
    ana = team_database.member("ana")
    five = ["X", *names("A", 5)[1:]]
    _hour(run, ana, ["X"], "consulting", "2026-11-02", "08:00", "debrief")
    _hour(run, ana, five, "consulting", "2026-11-02", "09:00", "observing")
    _hour(run, ana, ["X"], "collaborating", "2026-11-02", "10:00", "debrief")
    _hour(run, ana, five, "collaborating", "2026-11-09", "09:00", "debrief")
    page = _json(run, ana, "summary", "--from", "2026-11-02", "--to", "2026-11-09")
    cora = team_database.member("cora", "coordinator")
    data = _json(run, cora, "report", "--team", "--from", "2026-11-02", "--to", "2026-11-09")
    (row,) = (row for row in data["coaches"] if row["coach"] == f"{team_database.prefix}ana")
    total = page["totals"]["minutes"]
    assert row["minutes"] == total == 240  # rounded alike
    debrief = next(a["minutes"] for a in page["activities"] if a["activity"] == "debrief")
    consulting = row["stances"]["consulting"]["minutes"]
    if None not in (consulting, debrief):
        bound = consulting + debrief - total
        assert bound <= 0, f"X's consulting debrief: at least {bound} minutes (row's consulting {consulting})"
    for stance in ("consulting", "collaborating"):
        assert page["stances"][stance]["minutes"] == row["stances"][stance]["minutes"] == 120


def test_a_summary_uses_the_team_min_group_its_last_push_saw_and_hides_what_the_row_hides(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Issue 15: the team's min_group is 6, the coach's config 5. Consulting with exactly 5 teachers shows on the
    summary before a push (k=5); the push remembers the team's 6, and then the summary hides it as the team row
    does, says it used 6, and shows every figure the row shows with the row's value."""
    assert run("--db", team_database.admin_url, "team", "init", "--min-group", "6").exit_code == 0
    ana, mine = team_database.member("ana"), str(tmp_path / "ana.db")
    _hour(run, mine, names("A", 5), "consulting", "2026-11-02", "09:00", "debrief")
    _hour(run, mine, names("B", 6), "collaborating", "2026-11-03", "09:00", "debrief")
    _hour(run, mine, names("C", 6), "coaching", "2026-11-04", "09:00", "debrief")
    week = ("summary", "--from", "2026-11-02", "--to", "2026-11-08")
    before = _json(run, mine, *week)
    assert before["privacy"]["min_group"] == 5 and before["stances"]["consulting"]["minutes"] == 60
    pushed = run("--db", mine, "push", "--to", ana)
    assert pushed.exit_code == 0, pushed.stderr
    page = _json(run, mine, *week)
    cora = team_database.member("cora", "coordinator")
    data = _json(run, cora, "report", "--team", "--from", "2026-11-02", "--to", "2026-11-08")
    (row,) = (row for row in data["coaches"] if row["coach"] == f"{team_database.prefix}ana")
    assert page["privacy"]["min_group"] == _json(run, ana, *week)["privacy"]["min_group"] == 6  # and run there
    assert page["stances"]["consulting"]["minutes"] is None and row["stances"]["consulting"]["minutes"] is None
    assert row["minutes"] == page["totals"]["minutes"] == 180
    for stance, cell in row["stances"].items():
        if cell["minutes"] is not None:
            assert page["stances"][stance]["minutes"] == cell["minutes"], stance
    for side in (row, page):  # consulting and its partner (else total less the others would give it)
        assert [s for s, cell in side["stances"].items() if cell["minutes"] is not None] == ["coaching"]
    text = run("--db", mine, *week)
    assert text.exit_code == 0 and "fewer than 6" in text.stdout and "fewer than 5" not in text.stdout
