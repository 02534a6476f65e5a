"""Cycle counts and reach in the coordinator's views (issue 15, "What leaders see"): `report --team` and
`summary --team` show, per coach and for the totals, cycles started, active and completed, the median length of
those completed, how many with student evidence moved their measure, and the staff reached.

The rule is the coach's own summary's (reports/cycle_reach.py): counts are exact, so they show only for a range
that is a whole ended term of the coach (two over ranges a reader picks would subtract to one cycle), and then
only when their teachers, and those of each difference a reader can take, are none or min_group; "N of M moved"
needs min_group movers and min_group others. Reach needs the staff reached, not reached and the teachers reached
off the roster each none or min_group. The totals are the shown coaches' sums, and show a count only when every
shown coach's does. The database decides (storage/team_functions.sql); reports/team.py is its twin.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachlog.domain.frozen import replace
from coachlog.reports.leaders import NOT_A_TERM
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.team_counts import CountRow, counts_shown, totals_counts
from helpers import Run, TeamDatabase
from teamlog import log_session as _session
from teamlog import numbered as _names
from teamlog import ok_on as _ok
from teamlog import start_cycle as _cycle
from teamlog import summary_pages_show

pytest.importorskip("psycopg")

MIN = 5
URLS: dict[str, dict[str, str]] = {}  # each test's coaches' URLs, by the team's role prefix
TERM = ("--from", "2026-09-01", "--to", "2026-11-20")  # ana's and ben's term "fall", ended
NOT_TERM = ("--from", "2026-09-01", "--to", "2026-11-21")


def _program(run: Run, team_database: TeamDatabase, tmp_path: Path, fixed: bool = True) -> str:
    """Coaches logging straight into the team database through the CLI; the coordinator's URL. `fixed`: ana and
    ben then make their own summary of the term, which fixes the counts the team view shows.

    ana (term fall, 2026-09-01 to 2026-11-20; a roster of A0..A19): three cycles of five teachers each, one
    moved its measure (closed 2026-10-30, 54 days), one did not (closed 2026-11-06, 61 days), one still runs.
    ben (the same term, no roster): one cycle of three teachers, and five more met outside it.
    cal meets two teachers in a cycle: left out of every row and total.
    """
    ana, ben, cal = (team_database.member(short) for short in ("ana", "ben", "cal"))
    for url in (ana, ben):
        _ok(run, url, "term", "add", "fall", "2026-09-01", "2026-11-20")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,department\n" + "".join(f"A{i},math\n" for i in range(20)), encoding="utf-8")
    _ok(run, ana, "teacher", "import", str(roster))
    for first, (baseline, result, closed) in zip(
        (0, 5, 10), ((10, 14, "2026-10-30"), (10, 10, "2026-11-06"), (0, 0, "")), strict=True
    ):
        teachers = _names("A", range(first, first + 5))
        cycle = _cycle(run, ana, teachers, "2026-09-07")
        _session(run, ana, teachers, "2026-09-21")
        if closed:
            _ok(run, ana, "cycle", "edit", str(cycle), "--measure", "exit tickets", "--baseline", str(baseline),
                "--result", str(result))  # fmt: skip
            _ok(run, ana, "cycle", "close", str(cycle), "--at", closed)
    _cycle(run, ben, _names("B", range(3)), "2026-09-10")
    _session(run, ben, _names("B", range(3)), "2026-09-22")
    _session(run, ben, _names("B", range(3, 8)), "2026-09-23")
    _cycle(run, cal, ["C0", "C1"], "2026-09-10")
    _session(run, cal, ["C0", "C1"], "2026-09-22")
    URLS[team_database.prefix] = {"ana": ana, "ben": ben, "cal": cal}
    for url in (ana, ben) if fixed else ():
        _ok(run, url, "summary", "--term", "fall", "--format", "json")
    return team_database.member("cora", "coordinator")


def _report(run: Run, url: str, *args: str, fmt: str = "json") -> Any:
    out = _ok(run, url, "report", "--team", *args, "--format", fmt)
    return json.loads(out) if fmt == "json" else out


def _by_coach(data: dict[str, Any], team_database: TeamDatabase) -> dict[str, Any]:
    return {row["coach"].removeprefix(team_database.prefix): row["cycle_counts"] for row in data["coaches"]}


def _value(count: dict[str, Any]) -> tuple[Any, Any]:
    return count["value"], count["hidden"]


def test_a_whole_ended_term_shows_each_coachs_counts_and_withholds_the_few(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """For the term, as each coach's own summary of it fixed them: ana's counts show (3 active, 3 started, 2
    completed, median 57.5 days, 1 of 2 moved, 15 of 20 staff reached); ben's cycle has 3 teachers, so his
    active and started are "fewer than 5", and his completed (0) is "hidden", since active less completed would
    be those 3. cal, left out, is in no row and no total."""
    cora = _program(run, team_database, tmp_path)
    data = _report(run, cora, *TERM)
    coaches = _by_coach(data, team_database)
    assert set(coaches) == {"ana", "ben"} and data["totals"]["coaches_left_out"] == 1
    ana, ben = coaches["ana"], coaches["ben"]
    assert [_value(ana[key]) for key in ("active", "started", "completed", "median_days")] == [
        (3, None), (3, None), (2, None), (57.5, None)
    ]  # fmt: skip
    assert ana["evidence"] == {"moved": 1, "of": 2, "hidden": None}
    assert ana["reach"] == {"reached": 15, "staff": 20, "percent": 75.0, "hidden": None, "no_roster": False}
    assert ana["fixed_on"] == "2026-11-23"  # as her own summary of the term fixed them
    assert [_value(ben[key]) for key in ("active", "started", "completed", "median_days")] == [
        (None, FEWER), (None, FEWER), (None, PROTECTS), (None, PROTECTS)
    ]  # fmt: skip
    assert ben["evidence"] == {"moved": None, "of": None, "hidden": None}  # none recorded
    assert ben["reach"]["no_roster"] is True


def test_the_totals_never_give_back_a_withheld_count(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Attack: the totals less ana's shown counts would be ben's 3-teacher counts; the totals withhold each count
    that any shown coach withholds, so nothing subtracts to ben's. Evidence and reach, shown for every coach who
    has any, sum; the left-out cal is in none of them."""
    cora = _program(run, team_database, tmp_path)
    totals = _report(run, cora, *TERM)["totals"]["cycle_counts"]
    for key in ("active", "started", "completed", "median_days"):
        assert _value(totals[key]) == (None, PROTECTS), key
    assert totals["evidence"] == {"moved": 1, "of": 2, "hidden": None}
    assert (totals["reach"]["reached"], totals["reach"]["staff"]) == (15, 20)


def test_a_range_that_is_not_a_whole_ended_term_shows_no_count(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: the term and the term and one day more would subtract to the cycles of that day; no count shows
    for a range that is not exactly a whole ended term of the coach ("term only"), for a coach or the totals.
    Reach (as in the coach's own summary) shows for any range."""
    cora = _program(run, team_database, tmp_path)
    for args in (NOT_TERM, ("--from", "2026-09-02", "--to", "2026-11-20"), ("--all",)):
        data = _report(run, cora, *args)
        for counts in [*_by_coach(data, team_database).values(), data["totals"]["cycle_counts"]]:
            for key in ("active", "started", "completed", "median_days"):
                assert _value(counts[key]) == (None, NOT_A_TERM), (args, key)
            assert counts["evidence"]["hidden"] == NOT_A_TERM
    ana = _by_coach(_report(run, cora, *NOT_TERM), team_database)["ana"]
    assert (ana["reach"]["reached"], ana["reach"]["staff"]) == (15, 20)
    table = _report(run, cora, *NOT_TERM, fmt="table")
    assert "term only" in table and "“term only”" in table


def test_every_format_shows_the_same_figures(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Table and Markdown have a "Cycles and reach" table, CSV its columns (empty where withheld), JSON its
    objects; summary --team has the same table in text, Markdown and HTML, and its JSON the same objects."""
    cora = _program(run, team_database, tmp_path)
    ana, ben = (team_database.prefix + short for short in ("ana", "ben"))
    expected_ana = ["3", "3", "2", "57.5 days", "1 of 2", "15 of 20 (75%)"]
    expected_ben = ["fewer than 5", "fewer than 5", "hidden", "hidden", "none recorded", "no roster"]
    expected_totals = ["hidden", "hidden", "hidden", "hidden", "1 of 2", "15 of 20 (75%)"]
    markdown = _report(run, cora, *TERM, fmt="markdown")
    assert "### Cycles and reach" in markdown
    assert f"| {ana} | " + " | ".join(expected_ana) + " |" in markdown
    assert f"| {ben} | " + " | ".join(expected_ben) + " |" in markdown
    assert "| all coaches | " + " | ".join(expected_totals) + " |" in markdown
    table = _report(run, cora, *TERM, fmt="table")
    lines = table.splitlines()
    rows = {line.split()[0]: line for line in lines[lines.index("Cycles and reach") : lines.index("Coaching work")]
            if line.split() and line.split()[0] in (ana, ben, "all")}  # fmt: skip
    assert all(cell in rows[ana] for cell in expected_ana) and "fewer than 5" in rows[ben]
    assert "no roster" in rows[ben] and "1 of 2" in rows["all"]
    records = {r["coach"]: r for r in csv.DictReader(io.StringIO(_report(run, cora, *TERM, fmt="csv")))}
    keys = ("cycles_started", "cycles_active", "cycles_completed", "median_days", "evidence_moved", "evidence_of",
            "staff_reached", "staff")  # fmt: skip
    assert [records[ana][k] for k in keys] == ["3", "3", "2", "57.5", "1", "2", "15", "20"]
    assert [records[ben][k] for k in keys] == [""] * 8
    assert [records["(all coaches)"][k] for k in keys] == ["", "", "", "", "1", "2", "15", "20"]
    summary_pages_show(run, cora, TERM, "cycles and reach", (*expected_ana, "fewer than 5", "no roster"))


def test_a_terms_counts_are_those_the_coachs_first_summary_fixed(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: a late change (ana closes her third cycle inside the ended term, after her own summary of it fixed
    its counts) would show as the difference between the coordinator's views before and after it, and between
    her summary and the team view. The team view shows the counts her first summary fixed, saying since when, in
    every format; the totals' median, which pools the live lengths, is withheld beside them."""
    cora = _program(run, team_database, tmp_path, fixed=False)
    ana = URLS[team_database.prefix]["ana"]
    before = _report(run, cora, *TERM)
    _ok(run, ana, "summary", "--term", "fall", "--format", "json")  # her own summary of the term fixes its counts
    _ok(run, ana, "cycle", "close", "3", "--at", "2026-11-10")  # then a late change inside the term
    after = _report(run, cora, *TERM)
    counts = _by_coach(after, team_database)["ana"]
    assert [_value(counts[key]) for key in ("active", "started", "completed", "median_days")] == [
        (3, None), (3, None), (2, None), (57.5, None)
    ]  # fmt: skip
    assert counts["evidence"] == {"moved": 1, "of": 2, "hidden": None} and counts["fixed_on"] == "2026-11-23"
    assert _by_coach(before, team_database)["ana"]["fixed_on"] is None
    for fmt in ("table", "markdown"):
        page = _report(run, cora, *TERM, fmt=fmt)
        assert "fixed that day" in page and "ana on 2026-11-23" in page, fmt


def test_a_coordinator_calling_the_sql_gets_no_more(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """As the coordinator's own role: team_counts and team_count_json (the unsuppressed counts) are not theirs to
    call, the cycle tables not theirs to read; team_report gives what the CLI shows, withheld figures null."""
    import psycopg

    from coachlog.urls import libpq_url

    cora = _program(run, team_database, tmp_path)
    with psycopg.connect(libpq_url(cora), autocommit=True) as db:
        for query in (
            "SELECT * FROM team_counts('2026-09-01', '2026-11-20')",
            "SELECT * FROM coachlog_team.cycle",
            f'SELECT * FROM "{team_database.prefix}ben".cycle',
            "SELECT team_count_json(NULL, 0)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(query)
        (data,) = db.execute("SELECT team_report('2026-09-01', '2026-11-20')").fetchone()  # type: ignore[misc]
    ben = next(row for row in data["coaches"] if row["coach"].endswith("ben"))
    assert ben["counts"]["active"] == {"value": None, "hidden": FEWER}
    assert data["totals"]["counts"]["active"] == {"value": None, "hidden": PROTECTS}


def test_functions_older_than_the_counts_are_refused_until_team_init(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Functions from before the cycle counts (team init not run again since the upgrade) give no `counts`: a
    coordinator could not tell them from withheld ones, so report and summary --team refuse in one line naming
    `team init`, and work after it."""
    cora = _program(run, team_database, tmp_path)
    team_database.sql("ALTER FUNCTION team_report(date, date) RENAME TO team_report_now")
    team_database.sql(
        "CREATE FUNCTION team_report(from_date date DEFAULT NULL, to_date date DEFAULT NULL) RETURNS jsonb"
        " LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS"
        " $$ SELECT team_report_now(from_date, to_date) #- '{totals,counts}' $$"
    )
    team_database.sql("GRANT EXECUTE ON FUNCTION team_report(date, date) TO PUBLIC")
    for command in ("report", "summary"):
        old = run("--db", cora, command, "--team", "--all")
        assert old.exit_code == 1 and old.stderr.count("\n") == 1 and "team init" in old.stderr, old.stderr
        assert old.stdout == ""
    assert run("--db", team_database.admin_url, "team", "init").exit_code == 0
    assert run("--db", cora, "report", "--team", "--all").exit_code == 0


def test_the_demo_term_once_ended(run: Run, team_database: TeamDatabase) -> None:
    """A coach fills the team database with the demo term (made on 2026-06-10, so it has ended): for that term
    the coordinator sees, as the coach's own summary fixed them, the demo's cycles active (5, of 6 teachers),
    not those completed (2 cycles of 2 teachers: "fewer than 5", and so their median and evidence), nor started
    ("hidden": the cycles both started and completed in the term are those 2 of 2 teachers, which started +
    completed - active would bound), nor its reach (31 of 34 staff: 3 not reached). From the term's start to
    today, not a term: no count."""
    dee = team_database.member("dee")
    made = {"COACHLOG_NOW": "2026-06-10T15:00:00+00:00"}
    assert run("--db", dee, "demo", env=made).exit_code == 0
    (term,) = json.loads(_ok(run, dee, "term", "list", "--format", "json"))
    _ok(run, dee, "summary", "--term", term["name"], "--format", "json")  # fixes the counts the team view shows
    cora = team_database.member("cora", "coordinator")
    data = _report(run, cora, "--from", term["start"], "--to", term["end"])
    (counts,) = _by_coach(data, team_database).values()
    assert [_value(counts[key]) for key in ("started", "active", "completed", "median_days")] == [
        (None, PROTECTS), (5, None), (None, FEWER), (None, FEWER)
    ]  # fmt: skip
    assert counts["evidence"]["hidden"] == FEWER and counts["reach"]["hidden"] == FEWER
    totals = data["totals"]["cycle_counts"]
    assert [_value(totals[key]) for key in ("started", "active", "completed")] == [
        (None, PROTECTS), (5, None), (None, PROTECTS)
    ]  # fmt: skip
    school_year = _by_coach(_report(run, cora, "--from", term["start"]), team_database)
    assert school_year["dee"]["active"]["hidden"] == NOT_A_TERM


# ---- shared vectors: the database's rule and its Python twin ---------------------------------------------------


def _line(value: Any, hidden: str | None = None) -> dict[str, Any]:
    """A fixed line as reports/term_counts.py keeps it."""
    return {"text": None if hidden else "…", "value": value, "hidden": hidden, "quiet": False}


FIXED = {  # ana's counts as her first summary of the term showed them
    "cycles_active": _line(3), "cycles_started": _line(3), "cycles_completed": _line(2),
    "median_length": _line(57.5), "student_evidence": _line({"moved": 1, "of": 2}), "focus_areas": _line({}),
}  # fmt: skip
QUIET = {"text": None, "hidden": None, "quiet": True}
NONE_DONE = {
    **FIXED, "cycles_completed": _line(0), "median_length": {**QUIET, "value": None},
    "student_evidence": {**QUIET, "value": {"moved": None, "of": None}},
}  # fmt: skip
SHOWN = CountRow(True, 3, 3, 2, 15, 15, 10, 0, 5, 2, 1, 5, 5, 0, (54, 61), 20, 15)
MORE = {  # with the stance movement, focus areas and reach by department her summary fixed
    **FIXED, "stance_movement": _line({"moved": 5, "of": 10}), "focus_areas": _line({"questioning": 3, "routines": 2}),
    "reach_by_department": _line({"math": {"reached": 10, "staff": 12}, "art": {"reached": 5, "staff": 8}}),
}  # fmt: skip
FEW_MORE = {
    **MORE, "stance_movement": _line({"moved": None, "of": None}, FEWER), "focus_areas": _line({}, FEWER),
    "reach_by_department": _line({}, FEWER),
}  # fmt: skip
SHOWN_MORE = replace(SHOWN, fixed=MORE, fixed_on="2026-11-23", reached_all=15)
VECTORS: list[tuple[str, list[tuple[CountRow | None, int, bool]]]] = [  # (counts, teachers reached, shown)
    ("shown", [(SHOWN, 15, True)]),
    ("not a term", [(CountRow(False, staff=20, staff_reached=15), 15, True)]),
    ("no counts row", [(None, 8, True)]),
    ("few in cycles", [(SHOWN, 15, True), (CountRow(True, 1, 1, 0, 3, 3, 0, 0, 3), 8, True)]),
    ("active less completed few", [(CountRow(True, 2, 2, 1, 8, 8, 5, 0, 3, 1, 1, 5, 0, 0, (20,)), 8, True)]),
    ("movers few", [(CountRow(True, 2, 2, 2, 9, 9, 9, 0, 0, 2, 1, 4, 5, 0, (20, 30)), 9, True)]),
    ("without evidence few", [(CountRow(True, 3, 3, 3, 13, 13, 13, 0, 0, 2, 1, 5, 5, 3, (1, 2, 3)), 13, True)]),
    ("not reached few", [(CountRow(True, staff=18, staff_reached=15), 15, True)]),
    ("off the roster few", [(CountRow(True, staff=20, staff_reached=15), 17, True)]),
    ("a left-out coach is in no total", [(SHOWN, 15, True), (CountRow(True, 1, 1, 0, 2, 2), 2, False)]),
    ("two shown", [(SHOWN, 15, True), (SHOWN, 15, True), (CountRow(True), 6, True)]),
    ("nothing", []),
    ("fixed", [(replace(SHOWN, completed=3, lengths=(54, 61, 70), fixed=FIXED, fixed_on="2026-11-23"), 15, True)]),
    (
        "two fixed: the totals' median withheld",
        [(replace(SHOWN, fixed=FIXED, fixed_on="2026-11-23"), 15, True)] * 2,
    ),
    ("fixed, and a live coach", [(replace(SHOWN, fixed=FIXED, fixed_on="2026-11-23"), 15, True), (SHOWN, 15, True)]),
    (
        "fixed with nothing completed",
        [(replace(SHOWN, lengths=(9, 10), fixed=NONE_DONE, fixed_on="2026-11-23"), 15, True), (SHOWN, 15, True)],
    ),
    ("fixed figures", [(SHOWN_MORE, 15, True)]),
    ("fixed figures: the row's reached less M few", [(SHOWN_MORE, 13, True)]),
    ("fixed figures: the summary's reached less M few", [(replace(SHOWN_MORE, reached_all=12), 10, True)]),
    ("fixed figures: departments left out few", [(replace(SHOWN_MORE, staff_reached=17), 17, True)]),
    ("fixed figures: staff reached hidden", [(replace(SHOWN_MORE, staff=18), 15, True)]),
    ("fixed figures: the summary's reached off the roster few", [(replace(SHOWN_MORE, reached_all=17), 15, True)]),
    ("fixed figures: no roster today", [(replace(SHOWN_MORE, staff=None, staff_reached=None), 15, True)]),
    ("fixed figures hidden", [(replace(SHOWN_MORE, fixed=FEW_MORE), 15, True), (SHOWN_MORE, 15, True)]),
    ("fixed figures: two coaches sum", [(SHOWN_MORE, 15, True), (SHOWN_MORE, 15, True)]),
    ("fixed figures beside a live coach", [(SHOWN_MORE, 15, True), (SHOWN, 15, True)]),
    ("fixed figures beside a coach not fixed yet", [(SHOWN_MORE, 15, True), (replace(SHOWN, fixed=None), 15, True)]),
    (
        "fixed at a lower min_group",
        [(replace(SHOWN, fixed=FIXED, fixed_on="2026-11-23", unfixed=True), 15, True), (SHOWN, 15, True)],
    ),
]


def _literal(row: CountRow | None, coach: str) -> str:
    if row is None:
        zeros = ", ".join(["0"] * 13)
        return f"ROW('{coach}', false, {zeros}, '{{}}', NULL, NULL, NULL, NULL, false, 0)::team_count"
    fields = [row.counted, *(getattr(row, f) for f in ("started", "active", "completed", "started_t", "active_t"))]
    fields += [getattr(row, f) for f in ("completed_t", "not_started_t", "not_completed_t", "evidence", "movers")]
    fields += [row.movers_t, row.others_t, row.without_t]
    lengths = "'{" + ",".join(map(str, row.lengths)) + "}'"
    staff = ["NULL" if v is None else str(v) for v in (row.staff, row.staff_reached)]
    fixed = "NULL" if row.fixed is None else "'" + json.dumps(row.fixed) + "'::jsonb"
    fixed_on = "NULL" if row.fixed_on is None else f"'{row.fixed_on}'::date"
    return (
        f"ROW('{coach}', " + ", ".join(map(str, fields)).lower() + f", {lengths}, {', '.join(staff)}, {fixed},"
        f" {fixed_on}, {str(row.unfixed).lower()}, {row.reached_all})::team_count"
    )


def _team_row(coach: str, teachers: int, shown: bool) -> str:
    unions = "{" + ",".join([str(teachers)] * 7) + "}"
    return (
        f"ROW('{coach}', 1, 60, 0, '{{60,0,0}}', '{unions}', '{{0,0,0,0,0,0}}', 0, {shown}, 0, 0, 0, {teachers},"
        " '{0,0,0,0,0,0,0}', '{0,0,0,0,0,0,0}')::team_row"
    )


@pytest.mark.parametrize(("name", "rows"), VECTORS, ids=[v[0] for v in VECTORS])
def test_the_database_and_its_python_twin_agree_on_the_counts(
    team_database: TeamDatabase, name: str, rows: list[tuple[CountRow | None, int, bool]]
) -> None:
    """Each vector's counts go through team_coaches_of and team_totals_of (as the administrator) and through the
    twin (counts_shown, totals_counts): the same JSON, row by row and for the totals."""
    named = [(f"c{i}", *row) for i, row in enumerate(rows)]
    team_rows = "ARRAY[" + ", ".join(_team_row(c, t, s) for c, _, t, s in named) + "]::team_row[]"
    counts = "ARRAY[" + ", ".join(_literal(r, c) for c, r, _, _ in named) + "]::team_count[]"
    shown = team_database.sql(f"SELECT coach, counts FROM team_coaches_of({team_rows}, {counts})")
    ((totals,),) = team_database.sql(f"SELECT counts FROM team_totals_of({team_rows}, {counts})")
    twins = {c: counts_shown(r, t, MIN) for c, r, t, s in named if s}
    assert dict(shown) == twins, name
    assert totals == totals_counts(list(twins.values())), name


SMALL = st.integers(0, 12)
COUNT_ROW = st.builds(
    CountRow,
    counted=st.booleans(),
    started=SMALL, active=SMALL, completed=SMALL, started_t=SMALL, active_t=SMALL, completed_t=SMALL,
    not_started_t=SMALL, not_completed_t=SMALL, evidence=SMALL, movers=SMALL, movers_t=SMALL, others_t=SMALL,
    without_t=SMALL, lengths=st.lists(st.integers(1, 120), max_size=4).map(tuple),
    staff=st.none() | st.integers(0, 30), staff_reached=st.integers(0, 30),
    fixed=st.sampled_from((None, FIXED, NONE_DONE, MORE, FEW_MORE)), fixed_on=st.just("2026-11-23"),
    unfixed=st.booleans(), reached_all=st.integers(0, 40),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.none() | COUNT_ROW, st.integers(0, 40), st.booleans()), max_size=4))
def test_the_twin_equals_the_database_on_random_counts(
    team_database: TeamDatabase, rows: list[tuple[CountRow | None, int, bool]]
) -> None:
    """On random counts (consistent or not: both sides must agree on any input), the database and the twin give
    the same JSON for every shown coach and for the totals."""
    rows = [(None if r is None else replace(r, staff_reached=None if r.staff is None else r.staff_reached), t, s)
            for r, t, s in rows]  # fmt: skip
    test_the_database_and_its_python_twin_agree_on_the_counts(team_database, "random", rows)
