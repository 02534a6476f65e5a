"""Seventh attacker review: the team views' cycle counts and reach (merge 93b644b, issue 15).

Each test is an attack through the real CLI against a real team database (PostgreSQL), as
tests/storage/test_team_counts.py builds one; each fails on the code it was written against.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import Run, TeamDatabase
from teamlog import log_session as _session
from teamlog import numbered as _names
from teamlog import ok_on as _ok
from teamlog import start_cycle as _cycle

pytest.importorskip("psycopg")

TERM = ("--from", "2026-09-01", "--to", "2026-11-20")  # ana's term "fall", ended
COUNTS = ("active", "started", "completed", "median_days")


def _ana(run: Run, team_database: TeamDatabase, tmp_path: Path) -> tuple[str, str, int]:
    """ana (term fall, a roster of A0..A19) runs four cycles: three of five teachers as in test_team_counts (two
    closed in the term, with evidence, 54 and 61 days), and a fourth of two teachers, A15 and A16, still running.
    ben and cal (five teachers each) make the team view a program of three. Returns ana's URL, the coordinator's,
    and the id of the two-teacher cycle."""
    ana, ben, cal = (team_database.member(short) for short in ("ana", "ben", "cal"))
    _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")
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
    pair = _cycle(run, ana, ["A15", "A16"], "2026-09-07")
    _session(run, ana, ["A15", "A16"], "2026-09-24")
    _session(run, ben, _names("B", range(5)), "2026-09-22")
    _session(run, cal, _names("C", range(5)), "2026-09-22")
    return ana, team_database.member("cora", "coordinator"), pair


def _counts(run: Run, cora: str, team_database: TeamDatabase) -> dict[str, Any]:
    data = json.loads(_ok(run, cora, "report", "--team", *TERM, "--format", "json"))
    return {row["coach"].removeprefix(team_database.prefix): row["cycle_counts"] for row in data["coaches"]}


def _shown(counts: dict[str, Any]) -> dict[str, Any]:
    return {key: counts[key]["value"] for key in COUNTS if counts[key]["hidden"] is None}


def test_team_views_before_and_after_a_late_change_never_differ_by_it(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: the coordinator looks at the ended term before ana's own summary of it has fixed its counts: the
    team view shows the live ones (completed 2, median 57.5). ana then closes the two-teacher cycle late, inside
    the term, and the coordinator looks again: completed 3, median 61. The two views subtract to one cycle of two
    teachers (A15 and A16) completed in the term, at least 61 days long: a figure about 2 teachers. The coach's
    own summary fixes a term's counts the first time it shows them; the team view shows live counts and fixes
    nothing, so every view of the term before her first summary is open to a late change.

    Fixed (round7fix): the team view shows a term's counts only as her own summary fixed them, so before it
    none ("not fixed yet"), and after her first summary those it shows."""
    ana, cora, pair = _ana(run, team_database, tmp_path)
    counts = _counts(run, cora, team_database)["ana"]
    assert {counts[key]["hidden"] for key in COUNTS} == {"not fixed yet"}, counts  # no live counts
    before = _shown(counts)
    assert before == {}
    _ok(run, ana, "cycle", "close", str(pair), "--at", "2026-11-15")  # a late change inside the ended term
    after = _shown(_counts(run, cora, team_database)["ana"])
    changed = {key: (before.get(key), after.get(key)) for key in COUNTS if key in before and key in after}
    assert all(old == new for old, new in changed.values()), f"shown in both views and differ: {changed}"


def test_a_team_view_before_the_coachs_first_summary_matches_that_summary(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: as above, but the reader holds the coordinator's view from before the late change and ana's own
    summary of the term from after it (her first, which fixes the changed counts), as coordinators may receive:
    completed 2 in one, 3 in the other; the cycle of A15 and A16 again. (The team view after her summary shows
    her fixed counts, so the first view is the only one that disagrees.)

    Fixed (round7fix): the first view shows no counts ("not fixed yet"); after her summary, hers."""
    ana, cora, pair = _ana(run, team_database, tmp_path)
    before = _shown(_counts(run, cora, team_database)["ana"])
    assert before == {}  # not fixed yet: no live counts to disagree
    _ok(run, ana, "cycle", "close", str(pair), "--at", "2026-11-15")
    summary = _ok(run, ana, "summary", "--term", "fall", "--format", "json")
    after = _shown(_counts(run, cora, team_database)["ana"])  # now her summary's fixed counts
    assert after.get("completed") == 3, summary[:2000]  # what her own summary shows
    changed = {key: (before.get(key), after.get(key)) for key in COUNTS if key in before and key in after}
    assert all(old == new for old, new in changed.values()), f"her summary differs from the team view: {changed}"


def test_the_coachs_summary_shows_no_staff_reach_the_team_view_withholds(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: ana met 17 of her 20 staff in the term. The team view withholds her reach ("fewer than 5": the 3
    not reached), but her own summary of the same term, which a coordinator may also receive, says "17 of 20":
    3 staff teachers not reached, a figure about 3 teachers, and the roster is the reader's to know. One of the
    two outputs holds a figure the other's rule calls too small."""
    ana, cora, _ = _ana(run, team_database, tmp_path)
    reach = _counts(run, cora, team_database)["ana"]["reach"]
    assert reach["hidden"] is not None  # the team view withholds 17 of 20
    page = json.loads(_ok(run, ana, "summary", "--term", "fall", "--format", "json"))
    text = json.dumps(page)
    assert "17 of 20" not in text, "her summary shows the staff reach the team view withholds"


def test_started_completed_and_active_bound_no_cycle_about_a_few(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: three counts together. Active is started plus carried in (from before the term's window), and every
    completed cycle is active, so started + completed - active = (started and completed) - (carried in and still
    open), and a positive value bounds the cycles started AND completed in the term from below. ana carries in one
    five-teacher cycle (started in the summer term, completed in fall), starts a five-teacher one that runs on and
    a one-teacher cycle (A15) that she completes in the term: active 3, started 2, completed 2, each of their
    differences (active less started, active less completed) five teachers, so all show; 2 + 2 - 3 = 1: one
    cycle, about one teacher, started and completed in the term (and the median, 2 lengths, then averages it
    with the carried cycle's).

    Fixed (round7fix): her summary (whose fixed counts the team view shows) withholds started when the teachers
    of the cycles both started and completed in the window are a few ("hidden")."""
    ana = team_database.member("ana")
    for short in ("ben", "cal"):
        _session(run, team_database.member(short), _names(short[0].upper(), range(5)), "2026-09-22")
    cora = team_database.member("cora", "coordinator")
    _ok(run, ana, "term", "add", "summer", "2026-06-01", "2026-08-20")
    _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")
    carried = _cycle(run, ana, _names("A", range(5)), "2026-06-10")
    _session(run, ana, _names("A", range(5)), "2026-09-21")
    _ok(run, ana, "cycle", "close", str(carried), "--at", "2026-10-01")
    _cycle(run, ana, _names("A", range(5, 10)), "2026-09-07")
    _session(run, ana, _names("A", range(5, 10)), "2026-09-21")
    single = _cycle(run, ana, ["A15"], "2026-09-07")
    _session(run, ana, ["A15"], "2026-09-22")
    _ok(run, ana, "cycle", "close", str(single), "--at", "2026-10-20")
    _ok(run, ana, "summary", "--term", "fall", "--format", "json")  # fixes the counts the team view shows
    counts = _counts(run, cora, team_database)["ana"]
    shown = _shown(counts)
    assert "active" in shown and counts["started"]["hidden"] == "protects", counts
    if {"active", "started", "completed"} <= shown.keys():
        both_at_least = shown["started"] + shown["completed"] - shown["active"]
        assert not both_at_least > 0, f"{shown}: at least {both_at_least} cycle(s) started and completed in the term"


def test_n_of_m_gives_back_no_withheld_completed_count(run: Run, team_database: TeamDatabase, tmp_path: Path) -> None:
    """Attack: ana completes two five-teacher cycles with evidence (one moved its measure, one did not) and keeps
    a two-teacher cycle (A15, A16) open. Active 3 shows; completed is withheld ("hidden": active less completed
    would be that open cycle of 2 teachers), but "1 of 2 moved" shows: M = 2 completed cycles with evidence, and
    M <= completed < active (a completed count equal to active would have had nothing to protect), so completed
    is 2 and active less completed is the one open cycle of 2 teachers, the figure withheld. "N of M" is checked
    against the completed cycles without evidence only when completed shows; when completed is withheld, M is a
    lower bound of it, and here pins it.

    Fixed (round7fix): "N of M" shows only when completed does; ana's summary fixes the counts the team shows."""
    ana = team_database.member("ana")
    for short in ("ben", "cal"):
        _session(run, team_database.member(short), _names(short[0].upper(), range(5)), "2026-09-22")
    cora = team_database.member("cora", "coordinator")
    _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")
    for first, (baseline, result, closed) in zip((0, 5), ((10, 14, "2026-10-30"), (10, 10, "2026-11-06")), strict=True):
        teachers = _names("A", range(first, first + 5))
        cycle = _cycle(run, ana, teachers, "2026-09-07")
        _session(run, ana, teachers, "2026-09-21")
        _ok(run, ana, "cycle", "edit", str(cycle), "--measure", "exit tickets", "--baseline", str(baseline),
            "--result", str(result))  # fmt: skip
        _ok(run, ana, "cycle", "close", str(cycle), "--at", closed)
    _cycle(run, ana, ["A15", "A16"], "2026-09-07")
    _session(run, ana, ["A15", "A16"], "2026-09-24")
    _ok(run, ana, "summary", "--term", "fall", "--format", "json")  # fixes the counts the team view shows
    counts = _counts(run, cora, team_database)["ana"]
    assert counts["completed"]["hidden"] is not None and counts["active"]["hidden"] is None, counts
    of = counts["evidence"]["of"]
    assert of is None, (
        f"completed is withheld, but {counts['evidence']['moved']} of {of} shows beside active "
        f"{counts['active']['value']}: completed is {of}, active less completed {counts['active']['value'] - of}"
    )


def _totals(run: Run, cora: str) -> dict[str, Any]:
    data = json.loads(_ok(run, cora, "report", "--team", *TERM, "--format", "json"))
    return dict(data["totals"]["cycle_counts"])


def test_the_totals_median_pins_no_single_few_teacher_cycle(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: ana completes two cycles in the term, one of four teachers (30 days) and one of one teacher (60
    days): five teachers, so her completed (2) and median (45) show, the median an average of two cycles, each
    about fewer than 5 teachers. ben completes one cycle of five teachers, 10 days: his median shows 10. The
    totals' median pools the three lengths: 30, ana's shorter cycle exactly, and then 2 x 45 - 30 = 60 her
    longer one: each a figure about 1 to 4 teachers, which her row kept as an average. The pooled median is a
    new order statistic of lengths the rows show only as their own medians.

    Fixed (round7fix): with more than one shown coach with completed cycles the totals' median is withheld;
    ana's and ben's summaries fix the counts the team view shows."""
    ana, ben = team_database.member("ana"), team_database.member("ben")
    cora = team_database.member("cora", "coordinator")
    for url in (ana, ben):
        _ok(run, url, "term", "add", "fall", "2026-09-01", "2026-11-20")
    for teachers, closed in ((_names("A", range(4)), "2026-10-06"), (["A4"], "2026-11-05")):
        cycle = _cycle(run, ana, teachers, "2026-09-07")
        _session(run, ana, teachers, "2026-09-21")
        _ok(run, ana, "cycle", "close", str(cycle), "--at", closed)
    cycle = _cycle(run, ben, _names("B", range(5)), "2026-09-07")
    _session(run, ben, _names("B", range(5)), "2026-09-08")
    _ok(run, ben, "cycle", "close", str(cycle), "--at", "2026-09-16")
    for url in (ana, ben):
        _ok(run, url, "summary", "--term", "fall", "--format", "json")  # fixes the counts the team view shows
    rows = _counts(run, cora, team_database)
    assert rows["ana"]["median_days"]["value"] == 45 and rows["ben"]["median_days"]["value"] == 10, rows
    pooled = _totals(run, cora)["median_days"]["value"]
    assert _totals(run, cora)["median_days"]["hidden"] == "protects"
    assert pooled is None or pooled not in (30, 60), (
        f"the totals' median {pooled} is one of ana's two cycles (4 and 1 teachers), the other 2 x 45 - {pooled}"
    )


def test_a_pushing_coachs_summary_and_the_team_view_agree_after_a_late_change(
    run: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Attack: ana keeps her log in a file and pushes. Her own summary of the ended term (fixed in her file: completed
    2, median 57.5) goes to the coordinator; she then closes the two-teacher cycle late, inside the term, and pushes.
    The team database never holds her fixed counts (push sends entries, cycles and roster, not term_count), so the
    team view shows the live ones: completed 3, median 61, the cycle of A15 and A16, beside her summary."""
    local = str(tmp_path / "ana.db")
    ana = team_database.member("ana")
    for short in ("ben", "cal"):
        _session(run, team_database.member(short), _names(short[0].upper(), range(5)), "2026-09-22")
    cora = team_database.member("cora", "coordinator")
    _ok(run, local, "term", "add", "fall", "2026-09-01", "2026-11-20")
    roster = tmp_path / "roster.csv"
    roster.write_text("name,department\n" + "".join(f"A{i},math\n" for i in range(20)), encoding="utf-8")
    _ok(run, local, "teacher", "import", str(roster))
    for first, (baseline, result, closed) in zip(
        (0, 5, 10), ((10, 14, "2026-10-30"), (10, 10, "2026-11-06"), (0, 0, "")), strict=True
    ):
        teachers = _names("A", range(first, first + 5))
        cycle = _cycle(run, local, teachers, "2026-09-07")
        _session(run, local, teachers, "2026-09-21")
        if closed:
            _ok(run, local, "cycle", "edit", str(cycle), "--measure", "exit tickets", "--baseline", str(baseline),
                "--result", str(result))  # fmt: skip
            _ok(run, local, "cycle", "close", str(cycle), "--at", closed)
    pair = _cycle(run, local, ["A15", "A16"], "2026-09-07")
    _session(run, local, ["A15", "A16"], "2026-09-24")
    _ok(run, local, "push", "--to", ana)
    if "fall" not in _ok(run, ana, "term", "list"):
        _ok(run, ana, "term", "add", "fall", "2026-09-01", "2026-11-20")  # terms may not travel with push
    fixed = _line(json.loads(_ok(run, local, "summary", "--term", "fall", "--format", "json")), "cycles_completed")
    assert fixed["value"] == 2  # her first summary of the term fixes its counts in her file
    _ok(run, local, "cycle", "close", str(pair), "--at", "2026-11-15")  # a late change inside the ended term
    _ok(run, local, "push", "--to", ana)
    mine = _line(json.loads(_ok(run, local, "summary", "--term", "fall", "--format", "json")), "cycles_completed")
    assert mine["value"] == 2  # her summaries keep showing what they fixed
    team = _shown(_counts(run, cora, team_database)["ana"])
    assert team.get("completed") in (None, 2), f"her summary: completed 2; the team view: {team}"


def _line(data: Any, key: str) -> dict[str, Any]:
    """The figure line `key` wherever it sits in a summary's JSON."""
    if isinstance(data, dict):
        if key in data and isinstance(data[key], dict):
            return dict(data[key])
        values: list[Any] = list(data.values())
    else:
        values = list(data) if isinstance(data, list) else []
    for value in values:
        found = _line(value, key)
        if found:
            return found
    return {}
