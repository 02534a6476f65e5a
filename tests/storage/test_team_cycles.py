"""Time in coaching cycles in the coordinator's views (issue 15, "What leaders see"): `report --team` and
`summary --team` show each coach's and the program's time in cycles, under the same privacy rule.

A row's time in cycles describes the teachers met in cycle sessions and, taken from the time with teachers, those
met outside cycles: each none or min_group, the row must withhold no stance cell, and no set of stances may get a
positive bound on its time in (outside) cycles about 1..min_group-1 teachers met in (outside) cycle sessions of
those stances. The totals hold only the shown coaches' figures (a left-out coach's never, count or time: the
left-out group changes with the range, an edit or a push); they follow the same rule on their sums, and show
only when no shown coach's time in cycles is withheld. The database decides (storage/team_functions.sql); the
Python twin (reports/team.py) is held to it by shared vectors and by random programs.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import secrets
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coachlog.domain.values import ROUND_TO, STANCES
from coachlog.reports import privacy
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.rounding import round_minutes
from coachlog.reports.team import CycleRow, cycle_hidden, totals_cycle_hidden
from coachlog.storage import team
from coachlog.urls import libpq_url
from helpers import Run, TeamDatabase, postgres_admin_url

psycopg = pytest.importorskip("psycopg")

MIN = 5
DAY1, DAY2, DAY3, DAY4 = "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"


# ---- through the CLI: each coach logs into the team database, the coordinator reads ---------------------------


def _cycle(run: Run, url: str, teachers: list[str]) -> None:
    """A cycle with these teachers, started before every session (the coach's own command)."""
    first, *others = teachers
    args = [arg for name in others for arg in ("--with", name)]
    result = run("--db", url, "cycle", "start", first, *args, "--goal", "wait time", "--at", "2026-11-01")
    assert result.exit_code == 0, result.stderr


def _session(run: Run, url: str, teachers: list[str], stance: str, day: str, minutes: int = 60) -> None:
    first, *others = teachers
    args = [arg for name in others for arg in ("--with", name)]
    result = run("--db", url, "add", first, stance, f"{minutes}m", *args, "--at", f"{day} 10:00")
    assert result.exit_code == 0, result.stderr


def _program(run: Run, team_database: TeamDatabase) -> str:
    """Four coaches logging through the CLI; the coordinator's URL.

    Day 1: ana meets A0..A5 in a cycle (2 sessions) and A6..A10 outside (1), all coaching: her time in cycles
    shows. ben meets B0..B4 in a cycle and B5, B6 outside: 2 outside, fewer than 5.
    Day 2: dee meets D0..D4 in a cycle and D5..D7 outside: 3 outside, fewer.
    Day 3: cal meets C0..C4 in a cycle and C5..C9 outside, consulting, and C0, C1 coaching: the coaching cell
    describes 2 teachers and is withheld, so his time in cycles is withheld too (it protects).
    Day 4: eve and fay each meet six teachers in a cycle (2 sessions) and five outside, all coaching, as ana.
    """
    urls = {short: team_database.member(short) for short in ("ana", "ben", "dee", "cal", "eve", "fay")}
    plan: dict[str, list[tuple[list[str], bool, str, str]]] = {  # teachers, in a cycle, stance, day
        "ana": [([f"A{i}" for i in range(6)], True, "coaching", DAY1), (["A0", "A1"], True, "coaching", DAY1),
                ([f"A{i}" for i in range(6, 11)], False, "coaching", DAY1)],
        "ben": [([f"B{i}" for i in range(5)], True, "coaching", DAY1), (["B5", "B6"], False, "coaching", DAY1)],
        "dee": [([f"D{i}" for i in range(5)], True, "coaching", DAY2), (["D5", "D6", "D7"], False, "coaching", DAY2)],
        "cal": [([f"C{i}" for i in range(5)], True, "consulting", DAY3),
                ([f"C{i}" for i in range(5, 10)], False, "consulting", DAY3), (["C0", "C1"], True, "coaching", DAY3)],
        **{short: [([f"{short}{i}" for i in range(6)], True, "coaching", DAY4),
                   ([f"{short}0", f"{short}1"], True, "coaching", DAY4),
                   ([f"{short}{i}" for i in range(6, 11)], False, "coaching", DAY4)] for short in ("eve", "fay")},
    }  # fmt: skip
    for short, sessions in plan.items():
        cycle = next(teachers for teachers, in_cycle, _, _ in sessions if in_cycle)
        _cycle(run, urls[short], cycle)
        for teachers, _, stance, day in sessions:
            _session(run, urls[short], teachers, stance, day)
    return team_database.member("cora", "coordinator")


def _report(run: Run, url: str, *args: str, fmt: str = "json") -> Any:
    result = run("--db", url, "report", "--team", *args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def test_report_team_shows_time_in_cycles_when_safe_and_withholds_it_by_the_rules(
    run: Run, team_database: TeamDatabase
) -> None:
    """Day 1: ana's time in cycles shows (3 hours with teachers, 2 in cycles); ben's is withheld (2 teachers
    outside cycles: fewer); the totals would give ben's away (ana's is shown), so they withhold it. Days 1-2: dee
    is withheld as well; the totals would give the two's sum, and each is at most its time with teachers, so a
    bound from below on the other's: still withheld. Day 3: cal's coaching cell describes 2 teachers, so his time
    in cycles is withheld (protects). Day 4: eve's and fay's show, and so do the totals'."""
    cora = _program(run, team_database)
    first = _report(run, cora, "--from", DAY1, "--to", DAY1)
    coaches = {row["coach"].removeprefix(team_database.prefix): row for row in first["coaches"]}
    assert coaches["ana"]["cycles"] == {"minutes": 120, "percent": 66.7, "hidden": None}
    assert coaches["ben"]["cycles"] == {"minutes": None, "percent": None, "hidden": FEWER}
    assert first["totals"]["cycles"] == {"minutes": None, "percent": None, "hidden": PROTECTS}

    both = _report(run, cora, "--from", DAY1, "--to", DAY2)
    coaches = {row["coach"].removeprefix(team_database.prefix): row for row in both["coaches"]}
    assert coaches["dee"]["cycles"]["hidden"] == FEWER
    assert both["totals"]["cycles"] == {"minutes": None, "percent": None, "hidden": PROTECTS}

    third = _report(run, cora, "--from", DAY3, "--to", DAY3)
    (cal,) = third["coaches"]
    assert cal["stances"]["coaching"]["hidden"] == FEWER
    assert cal["cycles"] == {"minutes": None, "percent": None, "hidden": PROTECTS}
    assert third["totals"]["cycles"]["minutes"] is None

    fourth = _report(run, cora, "--from", DAY4, "--to", DAY4)
    assert [row["cycles"]["minutes"] for row in fourth["coaches"]] == [120, 120]
    assert fourth["totals"]["cycles"] == {"minutes": 240, "percent": 66.7, "hidden": None}


def test_in_cycles_is_a_column_in_every_format_and_a_key_figure_of_the_one_pager(
    run: Run, team_database: TeamDatabase
) -> None:
    """The table and Markdown have an "in cycles" column (a share, or why it is withheld), CSV has
    cycles_minutes and cycles_percent (empty when withheld), and `summary --team` states the program's time in
    cycles against target.cycles in every format."""
    cora = _program(run, team_database)
    ana, ben = team_database.prefix + "ana", team_database.prefix + "ben"
    window = ("--from", DAY1, "--to", DAY2)
    table = _report(run, cora, *window, fmt="table")
    assert "in cycles" in table.splitlines()[2]
    ana_line = next(line for line in table.splitlines() if line.startswith(ana))
    assert "66.7%" in ana_line
    assert "fewer than 5" in next(line for line in table.splitlines() if line.startswith(ben))
    assert "hidden" in next(line for line in table.splitlines() if line.startswith("all coaches"))
    day4 = _report(run, cora, "--from", DAY4, "--to", DAY4, fmt="table")
    assert "66.7%" in next(line for line in day4.splitlines() if line.startswith("all coaches"))
    markdown = _report(run, cora, *window, fmt="markdown")
    assert "| in cycles |" in markdown and "| 66.7% |" in markdown
    records = list(csv.DictReader(io.StringIO(_report(run, cora, *window, fmt="csv"))))
    by_coach = {record["coach"]: record for record in records}
    assert (by_coach[ana]["cycles_minutes"], by_coach[ana]["cycles_percent"]) == ("120", "66.7")
    assert (by_coach[ben]["cycles_minutes"], by_coach[ben]["cycles_percent"]) == ("", "")
    assert by_coach["(all coaches)"]["cycles_minutes"] == ""
    records = list(csv.DictReader(io.StringIO(_report(run, cora, "--from", DAY4, "--to", DAY4, fmt="csv"))))
    assert next(r for r in records if r["coach"] == "(all coaches)")["cycles_minutes"] == "240"
    window = ("--from", DAY4, "--to", DAY4)

    assert run("config", "set", "target.cycles", "60").exit_code == 0
    for fmt in ("text", "markdown", "html"):
        page = run("--db", cora, "summary", "--team", *window, "--format", fmt)
        assert page.exit_code == 0, page.stderr
        assert "Time in coaching cycles" in page.stdout, fmt
        assert "4h (66.7% of the time with teachers; target 60%, +6.7 pts)" in page.stdout, fmt
    data = json.loads(run("--db", cora, "summary", "--team", *window, "--format", "json").stdout)
    assert data["totals"]["cycles"]["minutes"] == 240 and data["cycles_target"] == 60
    hidden = run("--db", cora, "summary", "--team", "--from", DAY1, "--to", DAY1, "--format", "markdown").stdout
    assert "| Time in coaching cycles | hidden |" in hidden


def test_functions_older_than_time_in_cycles_read_as_withheld() -> None:
    """A team database whose functions predate time in cycles (team init not run again since the upgrade) gives
    no cycle figures: each reads as withheld ("hidden"), never as 0."""
    from coachlog.render.team import render_team_report
    from coachlog.reports.team import team_figures_from

    row = {"sessions": 3, "session_minutes": 180, "duty_minutes": 0, "teachers_reached": 6, "prep_minutes": 0}
    row |= {f"{s}_{what}": None for s in STANCES for what in ("minutes", "hidden")}
    totals = {**row, "min_group": 5, "coaches_left_out": 0}
    figures = team_figures_from({"coaches": [{**row, "coach": "ana"}], "totals": totals, "duties": []}, None, None)
    assert (figures.coaches[0].cycle_minutes, figures.coaches[0].cycle_why) == (None, PROTECTS)
    out = io.StringIO()
    render_team_report(figures, "json", out, "Coaching program", "all time")
    assert json.loads(out.getvalue())["totals"]["cycles"] == {"minutes": None, "percent": None, "hidden": PROTECTS}


# ---- shared vectors: the database's rule and its Python twin, case by case ---------------------------------

# (coach, session minutes, in cycles, teachers in cycles, teachers outside, withheld stance bits, shown)
Row = tuple[str, int, int, int, int, int, bool]
SAFE: Row = ("a", 600, 300, 6, 5, 0, True)
VECTORS: list[tuple[str, list[Row], dict[str, str | None], str | None]] = [
    ("safe", [SAFE], {"a": None}, None),
    ("few in cycles, alone withheld", [SAFE, ("b", 600, 120, 2, 6, 0, True)], {"a": None, "b": FEWER}, PROTECTS),
    ("few outside cycles", [SAFE, ("b", 600, 480, 6, 3, 0, True)], {"a": None, "b": FEWER}, PROTECTS),
    ("a stance cell withheld", [SAFE, ("c", 600, 300, 6, 6, 4, True)], {"a": None, "c": PROTECTS}, PROTECTS),
    ("two withheld, 5 teachers (each bounded by its time with teachers)", [SAFE, ("b", 600, 120, 2, 6, 0, True),
     ("d", 600, 120, 3, 6, 0, True)], {"a": None, "b": FEWER, "d": FEWER}, PROTECTS),
    # c withholds coaching, which rounded to 0 but has teachers: the totals withhold it too (shown, the totals less
    # the rows would give c's 0 and so c's small cell beside it), and their time in cycles with it
    ("withheld, but no teacher in cycles", [SAFE, ("c", 600, 0, 0, 6, 4, True)], {"a": None, "c": PROTECTS},
     PROTECTS),
    ("two withheld, 4 teachers", [SAFE, ("b", 600, 120, 2, 6, 0, True), ("d", 600, 120, 2, 6, 0, True)],
     {"a": None, "b": FEWER, "d": FEWER}, PROTECTS),
    ("two withheld, 3 outside", [SAFE, ("b", 600, 600, 2, 0, 0, True), ("d", 600, 120, 4, 3, 0, True)],
     {"a": None, "b": FEWER, "d": FEWER}, PROTECTS),
    # the totals hold nothing of a left-out coach: the group, however many it reach, never decides them
    ("the left-out group alone", [SAFE, ("g", 200, 100, 2, 2, 7, False), ("h", 200, 100, 3, 2, 7, False)],
     {"a": None}, None),
    ("the group and a withheld coach", [SAFE, ("b", 600, 120, 2, 6, 0, True),
     ("g", 200, 100, 2, 2, 7, False), ("h", 200, 100, 3, 2, 7, False)], {"a": None, "b": FEWER}, PROTECTS),
    ("the group, 5 teachers each side", [SAFE, ("g", 200, 100, 2, 2, 7, False),
     ("h", 200, 100, 3, 3, 7, False)], {"a": None}, None),
    ("the group all in cycles", [SAFE, ("g", 200, 200, 3, 0, 7, False), ("h", 200, 200, 2, 0, 7, False)],
     {"a": None}, None),
    ("a left-out coach not in the totals", [SAFE, ("g", 200, 100, 2, 2, 7, False)], {"a": None}, None),
    ("no cycles", [("a", 600, 0, 0, 6, 0, True)], {"a": None}, None),
    ("the group's few in cycles are not in the totals", [("a", 600, 0, 0, 6, 0, True),
     ("g", 200, 100, 2, 1, 7, False), ("h", 200, 100, 2, 1, 7, False)], {"a": None}, None),
    ("the group's teachers do not make a shown coach's few in cycles 5", [("a", 600, 120, 2, 6, 0, True),
     ("g", 200, 100, 3, 3, 7, False), ("h", 200, 100, 3, 3, 7, False)], {"a": FEWER}, FEWER),
    ("the group does not make two withheld coaches' sum safe", [SAFE, ("b", 600, 120, 2, 6, 0, True),
     ("g", 200, 200, 3, 0, 7, False), ("h", 200, 200, 3, 0, 7, False)], {"a": None, "b": FEWER}, PROTECTS),
    ("only left-out coaches", [("g", 200, 100, 3, 3, 7, False), ("h", 200, 100, 3, 3, 7, False)], {},
     None),
]  # fmt: skip


def _team_row(row: Row) -> str:
    """The row as a team_row literal: every session minute consulting, each union the coach's teachers."""
    coach, minutes, in_cycles, cycle_teachers, outside, hidden, shown = row
    reached = cycle_teachers + outside
    unions = "{" + ",".join([str(reached)] * 7) + "}"
    in_unions, out_unions = ("{" + ",".join(map(str, side)) + "}" for side in _sides(row))
    return (
        f"ROW('{coach}', 1, {minutes}, 0, '{{{minutes},0,0}}', '{unions}', '{{0,0,0,0,0,0}}', {hidden}, {shown},"
        f" 0, {in_cycles}, {cycle_teachers}, {outside}, '{in_unions}', '{out_unions}')::team_row"
    )


def _sides(row: Row) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Teachers met in and outside cycles by stances of bit mask 1..7: every session is consulting (bit 1)."""
    _, _, _, cycle_teachers, outside, *_ = row
    return tuple(cycle_teachers * (f & 1) for f in range(1, 8)), tuple(outside * (f & 1) for f in range(1, 8))


def _twin(row: Row) -> CycleRow:
    _, minutes, in_cycles, cycle_teachers, outside, hidden, shown = row
    in_unions, out_unions = _sides(row)
    return CycleRow(minutes, in_cycles, cycle_teachers, outside, hidden, shown, (minutes, 0, 0), in_unions, out_unions)


def _stance_bits(figures: dict[str, Any]) -> int:
    return sum(1 << i for i, stance in enumerate(STANCES) if figures[f"{stance}_hidden"])


@pytest.mark.parametrize(("name", "rows", "coaches", "totals"), VECTORS, ids=[v[0] for v in VECTORS])
def test_the_database_and_its_python_twin_agree_on_the_shared_vectors(
    team_database: TeamDatabase,
    name: str,
    rows: list[Row],
    coaches: dict[str, str | None],
    totals: str | None,
) -> None:
    """Each vector's rows go through team_coaches_of and team_totals_of (as the administrator) and through the
    twin (reports/team.py): both give the expected reasons, and a figure shown is the row's time in cycles. The
    totals are the shown coaches' sums, times and counts (sessions, teachers) alike."""
    array = "ARRAY[" + ", ".join(_team_row(row) for row in rows) + "]"
    shown = team_database.sql(f"SELECT to_jsonb(c) FROM team_coaches_of({array}) c")
    ((sums,),) = team_database.sql(f"SELECT to_jsonb(t) FROM team_totals_of({array}) t")
    database = {row["coach"]: row["cycle_hidden"] for (row,) in shown}
    assert database == coaches, name
    assert {row[0]: cycle_hidden(_twin(row), MIN) for row in rows if row[6]} == coaches, name
    for (row,) in shown:
        assert row["cycle_minutes"] == (
            None if row["cycle_hidden"] else next(r[2] for r in rows if r[0] == row["coach"])
        )
    assert sums["cycle_hidden"] == totals, name
    assert totals_cycle_hidden([_twin(row) for row in rows], _stance_bits(sums), MIN) == totals, name
    expected = sum(row[2] for row in rows if row[6])
    assert sums["cycle_minutes"] == (None if totals else expected), name
    assert sums["session_minutes"] == sum(row[1] for row in rows if row[6]), name
    assert sums["consulting_minutes"] in (None, sums["session_minutes"]), name
    assert (sums["sessions"], sums["teachers_reached"]) == (
        sum(1 for row in rows if row[6]),
        sum(row[3] + row[4] for row in rows if row[6]),
    ), name
    assert sums["coaches_left_out"] == sum(1 for row in rows if not row[6]), name
    assert "left_out_in_totals" not in sums, name


# ---- random programs: the twin equals the database, and nothing withheld can be worked out --------------------


def _raw(url: str) -> Any:
    return psycopg.connect(libpq_url(url), autocommit=True)


@pytest.fixture(scope="module")
def scratch() -> Iterator[tuple[str, str]]:
    """One team database for the property test, refilled for each example; coaches {prefix}c1..c6."""
    import sqlalchemy as sa

    server = postgres_admin_url()
    name, prefix = f"team_{secrets.token_hex(5)}", f"t_{secrets.token_hex(4)}_"
    with _raw(server) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        team.init_team(url, None, prefix)
        with _raw(url) as db:
            db.execute(
                "DO $$ BEGIN FOR n IN 1..6 LOOP"
                f" EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', '{prefix}c' || n, '{prefix}coach');"
                " END LOOP; END $$"
            )
        team.init_team(url)  # their schemas
        yield url, prefix
    finally:
        with _raw(server) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in db.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)):
                db.execute(f'DROP ROLE "{role}"')


def _coach(pool: int, stances: tuple[str, ...]) -> st.SearchStrategy[list[Any]]:
    """A coach's sessions with `pool` teachers: (stance, minutes, teachers, in a cycle, day)."""
    session = st.tuples(
        st.sampled_from(stances),
        st.integers(1, 120),
        st.sets(st.integers(0, pool - 1), min_size=1),
        st.booleans(),
        st.sampled_from(("2026-11-02", "2026-11-03")),
    )
    return st.lists(session, max_size=8)


# Small pools leave coaches out; a coach of one stance withholds no stance cell, so their time in cycles is
# decided by its own teachers, and the totals' by the withheld ones: the cases the rule is about.
COACH = st.tuples(st.integers(1, 9), st.sampled_from((("coaching",), ("consulting",), STANCES))).flatmap(
    lambda drawn: _coach(*drawn)
)


def _offset(seed: str, day: str, stance: str, activity: str, in_cycle: bool) -> int:
    """A unit's rounding offset by the key of reports/rounding.py (tests/storage/test_team.py checks the key)."""
    text = f"{seed}|{day}|{stance}|{activity}" + ("|cycle" if in_cycle else "")
    return int(hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:8], 16) % ROUND_TO


def _fill(db: Any, prefix: str, program: list[list[Any]]) -> dict[Any, frozenset[int]]:
    """Write the program into the coaches' schemas; each figure's teachers, counted here."""
    tables = [f'"{prefix}c{n}".{t}' for n in range(1, 7) for t in ("entry", "teacher", "entry_teacher", "cycle")]
    db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    teachers: dict[Any, frozenset[int]] = {}
    for index, sessions in enumerate(program, 1):
        coach = f"{prefix}c{index}"
        db.execute(f'SET search_path = "{coach}", public')
        ids = [
            db.execute(
                "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (%s, %s, %s, 'x') RETURNING id",
                (coach, f"t{n}", f"t{n}"),
            ).fetchone()[0]
            for n in range(9)
        ]
        cycle = db.execute(
            "INSERT INTO cycle (uid, owner, goal, phase, started_on, created_at, updated_at) VALUES"
            " (gen_random_uuid()::text, %s, 'g', 'identify', '2026-11-01',"
            " '2026-11-01 00:00:00', '2026-11-01 00:00:00') RETURNING id",
            (coach,),
        ).fetchone()[0]
        sides: dict[bool, set[int]] = defaultdict(set)
        for stance, minutes, who, in_cycle, day in sessions:
            entry = db.execute(
                "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, cycle_id,"
                " created_at, updated_at) VALUES (gen_random_uuid()::text, %s, 'session', %s, %s, %s::date, true,"
                " %s, %s, '2026-11-01 00:00:00', '2026-11-01 00:00:00') RETURNING id",
                (coach, f"{day} 14:00:00", minutes, day, stance, cycle if in_cycle else None),
            ).fetchone()[0]
            for position, n in enumerate(sorted(who)):
                db.execute(
                    "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (%s, %s, %s)",
                    (entry, ids[n], position),
                )
            sides[in_cycle] |= {ids[n] for n in who}
        teachers[(coach, "cycle")] = frozenset(sides[True])
        teachers[(coach, "outside")] = frozenset(sides[False])
        teachers[(coach, "row")] = frozenset(sides[True] | sides[False])
    db.execute("RESET search_path")
    return teachers


def _minutes(db: Any, prefix: str) -> dict[Any, int]:
    """Each coach's time in and outside cycles, summed here from rounded units."""
    minutes: dict[Any, int] = defaultdict(int)
    units = db.execute(
        "SELECT coach, local_date, stance, coalesce(activity, ''), sum(minutes), min(uid), cycle_id IS NOT NULL"
        " FROM coachlog_team.entry WHERE kind = 'session' AND starts_with(coach, %s)"
        " GROUP BY coach, local_date, stance, coalesce(activity, ''), cycle_id IS NOT NULL",
        (prefix,),
    ).fetchall()
    for coach, day, stance, activity, total, seed, in_cycle in units:
        rounded = round_minutes(int(total), _offset(seed, day.isoformat(), stance, activity, in_cycle), ROUND_TO)
        minutes[(coach, "cycle" if in_cycle else "outside")] += rounded
        minutes[(coach, "row")] += rounded
    return minutes


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(COACH, min_size=1, max_size=6))
@example(  # the second coach's time in cycles, withheld alone, is the totals' less the first's
    program=[
        [("coaching", 60, set(range(6)), True, "2026-11-02"), ("coaching", 60, set(range(5)), False, "2026-11-02")],
        [("coaching", 60, {0, 1}, True, "2026-11-02"), ("coaching", 60, set(range(2, 7)), False, "2026-11-02")],
    ]
)
@example(  # a stance's in-cycle time bounded by the row's margins: consulting in cycles >= 60 + 120 - 120 (1 teacher)
    program=[
        [("coaching", 60, set(range(5)), True, "2026-11-02"), ("consulting", 60, {5}, True, "2026-11-02"),
         ("consulting", 60, set(range(6, 9)) | {0, 1}, False, "2026-11-02")],
    ]
)  # fmt: skip
def test_the_twin_equals_the_database_and_no_withheld_time_in_cycles_can_be_worked_out(
    scratch: tuple[str, str], program: list[list[Any]]
) -> None:
    """On random programs with cycles: team_rows' counts are the teachers counted here, the twin gives the
    database's reasons for every coach and the totals, a figure shown is the sum of the rounded units in cycles,
    and solving the rows (in cycles + outside = time with teachers) and the totals together never gives back a
    time in or outside cycles that describes 1..min_group-1 teachers."""
    url, prefix = scratch
    with _raw(url) as db:
        teachers = _fill(db, prefix, program)
        minutes = _minutes(db, prefix)
        rows = db.execute(
            "SELECT coach, session_minutes, cycle_minutes, cycle_teachers, outside_teachers, hidden, shown, minutes,"
            " in_unions, out_unions FROM team_rows(NULL, NULL)"
        ).fetchall()
        data = db.execute("SELECT team_report(NULL, NULL)").fetchone()[0]
    coached = {f"{prefix}c{i}" for i, sessions in enumerate(program, 1) if sessions}
    assert {row[0] for row in rows} == coached
    for coach, session_minutes, in_cycles, cycle_teachers, outside, *_ in rows:
        assert (session_minutes, in_cycles) == (minutes[(coach, "row")], minutes[(coach, "cycle")])
        assert (cycle_teachers, outside) == (len(teachers[(coach, "cycle")]), len(teachers[(coach, "outside")]))
    shown = {row["coach"]: row for row in data["coaches"]}
    twins = {row[0]: CycleRow(*row[1:7], *(tuple(side) for side in row[7:])) for row in rows}
    for coach, _, in_cycles, *_ in rows:
        if coach in shown:
            assert shown[coach]["cycle_hidden"] == cycle_hidden(twins[coach], MIN)
            assert shown[coach]["cycle_minutes"] in (None, in_cycles)
    totals = data["totals"]
    twin = totals_cycle_hidden(twins.values(), _stance_bits(totals), MIN)
    assert totals["cycle_hidden"] == twin

    timed = [row[0] for row in rows if row[6]]  # the coaches whose time is in the totals: the shown ones
    assert totals["session_minutes"] == sum(minutes[(c, "row")] for c in timed)
    hidden_keys: set[Any] = {(c, "outside") for c in timed} | {("total", "outside")}
    hidden_keys |= {(c, "cycle") for c in timed if shown[c]["cycle_minutes"] is None}
    if totals["cycle_minutes"] is None:
        hidden_keys.add(("total", "cycle"))
    lines = [privacy.Line((c, "row"), ((c, "cycle"), (c, "outside"))) for c in timed]
    for side in ("cycle", "outside", "row"):
        minutes[("total", side)] = sum(minutes[(c, side)] for c in timed)
        lines.append(privacy.Line(("total", side), tuple((c, side) for c in timed)))
    lines.append(privacy.Line(("total", "row"), (("total", "cycle"), ("total", "outside"))))
    event(f"totals' time in cycles: {totals['cycle_hidden'] or 'shown'}")
    event(f"coaches with it withheld: {sum(1 for row in shown.values() if row['cycle_hidden'])}")
    counts = {key: len(who) for key, who in teachers.items()}  # the totals' teachers counted per coach, as shown
    counts |= {("total", side): sum(counts[(c, side)] for c in timed) for side in ("cycle", "outside", "row")}
    for key in privacy.determined(hidden_keys, minutes, lines):
        assert counts[key] == 0 or counts[key] >= MIN or minutes[key] == 0, (key, program)
