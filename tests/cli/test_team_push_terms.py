"""`coachlog push` carries the coach's terms into a real team database, so the coordinator's team views show the
coach's cycle counts for an ended term (they show them only for a range that is exactly one of the coach's terms).

Needs COACHLOG_TEST_POSTGRES_URL (tests/test_postgres.py says how); the team database is made by
`coachlog team init` and the coaches are login roles in its `coach` group (see test_team_push.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from coachlog.reports.leaders import NOT_A_TERM
from coachlog.reports.team_counts import NOT_FIXED_YET
from helpers import Run, TeamDatabase

pytest.importorskip("psycopg")

FALL = ("--from", "2026-09-01", "--to", "2026-11-20")  # the term "fall", ended
LONGER_FALL = ("--from", "2026-09-01", "--to", "2026-11-21")
TEACHERS = [f"T{i}" for i in range(5)]  # min_group teachers: their counts may show


def term_lines(run: Run, *args: str, code: int = 0) -> list[str]:
    """The terms' line of a push's output (after the entries' line)."""
    result = run("push", *args)
    assert result.exit_code == code, result
    return [line for line in result.stdout.splitlines() if " term" in line]


def terms_there(team_database: TeamDatabase) -> list[tuple[object, ...]]:
    """Every term in the team database, as (name, first day, last day)."""
    query = "SELECT name, CAST(start_date AS text), CAST(end_date AS text) FROM coachlog_team.term ORDER BY name"
    return team_database.sql(query)


def active(run: Run, coordinator: str, *period: str) -> tuple[Any, Any]:
    """The coach's active cycles in the coordinator's team report for `period`: (value, why hidden)."""
    result = run("--db", coordinator, "report", "--team", *period, "--format", "json")
    assert result.exit_code == 0, result
    (row,) = json.loads(result.stdout)["coaches"]
    count = row["cycle_counts"]["active"]
    return count["value"], count["hidden"]


def a_cycle_in_fall(ok: Run) -> None:
    """A cycle of five teachers started in the term, and a session with them."""
    more = [arg for name in TEACHERS[1:] for arg in ("--with", name)]
    ok("cycle", "start", TEACHERS[0], *more, "--goal", "wait time", "--at", "2026-09-07")
    ok("add", TEACHERS[0], "coaching", "60m", *more, "--at", "2026-09-21 10:00")


def test_pushed_terms_let_the_team_views_show_the_coachs_counts(run: Run, ok: Run, team_database: TeamDatabase) -> None:
    """A coach logging on a laptop pushes the term "fall": the coordinator's report over exactly that ended term
    shows the coach's cycle counts, not "term only", once the coach's summary has fixed them. A dry run counts
    the term and sends nothing; a second push sends nothing; dates changed here are sent (the old range is then
    "term only" there), and a term removed here is deleted there."""
    coach = team_database.member("kim")
    cora = team_database.member("cora", "coordinator")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    a_cycle_in_fall(ok)

    assert term_lines(run, "--to", coach, "--dry-run") == [
        "Would send 1 new term, 0 changed, 0 deleted; nothing to send for 0."
    ]
    assert terms_there(team_database) == []
    assert term_lines(run, "--to", coach) == ["Sent 1 new term, 0 changed, 0 deleted; nothing to send for 0."]
    assert terms_there(team_database) == [("fall", "2026-09-01", "2026-11-20")]
    assert active(run, cora, *FALL) == (None, NOT_FIXED_YET)  # shown once the coach's summary has fixed them
    ok("summary", *FALL, "--format", "json")  # the term has ended (the tests' clock): its counts are fixed here
    assert term_lines(run, "--to", coach) == ["Sent 0 new terms, 0 changed, 0 deleted; nothing to send for 1."]
    assert active(run, cora, *FALL) == (1, None)  # the fixed counts came with the push
    assert term_lines(run, "--to", coach) == ["Sent 0 new terms, 0 changed, 0 deleted; nothing to send for 1."]

    ok("term", "remove", "fall")
    ok("term", "add", "Fall", "2026-09-01", "2026-11-21")
    assert term_lines(run, "--to", coach) == ["Sent 0 new terms, 1 changed, 0 deleted; nothing to send for 0."]
    assert terms_there(team_database) == [("Fall", "2026-09-01", "2026-11-21")]
    assert active(run, cora, *LONGER_FALL)[0] is None  # its days overlap the counts fixed for the old dates
    assert active(run, cora, *FALL) == (None, NOT_A_TERM)

    ok("term", "remove", "fall")
    assert term_lines(run, "--to", coach) == ["Sent 0 new terms, 0 changed, 1 deleted; nothing to send for 0."]
    assert terms_there(team_database) == []
    assert active(run, cora, *LONGER_FALL) == (None, NOT_A_TERM)
    assert term_lines(run, "--to", coach) == []  # nothing here, nothing agreed: no line


def test_a_term_renamed_here_is_deleted_under_its_old_name_and_sent_under_the_new(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """A term is known by its name: one renamed here (removed and added under another name) is a new term there,
    and the old one goes."""
    coach = team_database.member("kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    ok("push", "--to", coach)
    ok("term", "remove", "fall")
    ok("term", "add", "autumn", "2026-09-01", "2026-11-20")
    assert term_lines(run, "--to", coach) == ["Sent 1 new term, 0 changed, 1 deleted; nothing to send for 0."]
    assert terms_there(team_database) == [("autumn", "2026-09-01", "2026-11-20")]


def test_a_term_changed_on_both_sides_is_a_conflict_until_keep_mine(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """A term changed here and (with --db URL) in the team database since the last push is a conflict: listed,
    exit 1, the team's version kept, until push --keep-mine sends this one. One removed here and changed there is
    a conflict too."""
    coach = team_database.member("kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    ok("term", "add", "spring", "2027-01-04", "2027-03-26")
    ok("push", "--to", coach)
    ok("--db", coach, "term", "remove", "fall")
    ok("--db", coach, "term", "add", "fall", "2026-09-02", "2026-11-20")
    ok("--db", coach, "term", "remove", "spring")
    ok("--db", coach, "term", "add", "spring", "2027-01-05", "2027-03-26")
    ok("term", "remove", "fall")
    ok("term", "add", "fall", "2026-09-01", "2026-11-19")
    ok("term", "remove", "spring")

    result = run("push", "--to", coach)
    assert result.exit_code == 1, result
    assert "2 term conflicts left as they are (push --keep-mine sends your version):" in result.stderr
    assert (
        "term 'fall' (2026-09-01 to 2026-11-19): changed in the team database since the last push, and changed here"
        in result.stderr
    )
    assert (
        "removed here: term 'spring' (2027-01-05 to 2027-03-26): changed in the team database since the last push,"
        " and deleted here" in result.stderr
    )
    assert terms_there(team_database) == [("fall", "2026-09-02", "2026-11-20"), ("spring", "2027-01-05", "2027-03-26")]
    assert term_lines(run, "--to", coach, "--dry-run", "--keep-mine") == [
        "Would send 0 new terms, 1 changed, 1 deleted; nothing to send for 0."
    ]
    assert term_lines(run, "--to", coach, "--keep-mine") == [
        "Sent 0 new terms, 1 changed, 1 deleted; nothing to send for 0."
    ]
    assert terms_there(team_database) == [("fall", "2026-09-01", "2026-11-19")]
    assert term_lines(run, "--to", coach) == ["Sent 0 new terms, 0 changed, 0 deleted; nothing to send for 1."]


def test_a_term_that_would_overlap_one_made_in_the_team_database_pushes_nothing(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """Terms never overlap (the team views show counts for each exact term: two overlapping ones would subtract to
    a few cycles): a term here that would overlap one the coach made in the team database (with --db URL) stops
    the push in one line, exit 1, nothing sent, nothing recorded; once one of them goes, the push goes through."""
    coach = team_database.member("kim")
    ok("--db", coach, "term", "add", "autumn", "2026-11-01", "2026-12-10")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-20 9:00")
    result = run("push", "--to", coach)
    assert result.exit_code == 1, result
    assert result.stderr == (
        "Error: terms 'autumn' (2026-11-01 to 2026-12-10) and 'fall' (2026-09-01 to 2026-11-20) would overlap in the"
        " team database; nothing was pushed: remove one of them there (coachlog --db URL term remove NAME) or"
        " here, then push again\n"
    )
    assert terms_there(team_database) == [("autumn", "2026-11-01", "2026-12-10")]
    assert team_database.sql("SELECT count(*) FROM coachlog_team.entry") == [(0,)]
    ok("--db", coach, "term", "remove", "autumn")
    assert term_lines(run, "--to", coach) == ["Sent 1 new term, 0 changed, 0 deleted; nothing to send for 0."]
    assert terms_there(team_database) == [("fall", "2026-09-01", "2026-11-20")]


def counts_there(team_database: TeamDatabase) -> list[tuple[object, ...]]:
    """The ended terms' counts fixed in the team database, as (first day, last day, min_group, lines)."""
    query = "SELECT CAST(start_date AS text), CAST(end_date AS text), min_group, lines FROM coachlog_team.term_count"
    return team_database.sql(query)


def test_push_carries_the_counts_the_coachs_summary_fixed(run: Run, ok: Run, team_database: TeamDatabase) -> None:
    """The team views show a term's counts only as the coach's own summary fixed them (the same figures on both
    pages, whatever is changed late). A push carries those fixed counts once the summary has fixed them: not
    before, once after, never twice, and never over counts the team database fixed first."""
    coach = team_database.member("kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    a_cycle_in_fall(ok)
    ok("push", "--to", coach)
    assert counts_there(team_database) == []  # no summary has shown the term's counts yet: nothing to carry

    ok("summary", *FALL, "--format", "json")  # the term has ended (the tests' clock): this fixes its counts
    ok("push", "--to", coach, "--dry-run")
    assert counts_there(team_database) == []
    ok("push", "--to", coach)
    (row,) = counts_there(team_database)
    assert row[:3] == ("2026-09-01", "2026-11-20", 5)
    fixed_here = json.loads(ok("summary", *FALL, "--format", "json").stdout)
    fixed_there = json.loads(ok("--db", coach, "summary", *FALL, "--format", "json").stdout)
    counts = ("cycles_active", "cycles_started", "cycles_completed", "median_length", "counts_fixed_on")
    here, there = fixed_here["figures"]["cycles_and_reach"], fixed_there["figures"]["cycles_and_reach"]
    assert [there.get(key) for key in counts] == [here.get(key) for key in counts], (there, here)
    assert "as first shown on" in here["counts_fixed_on"]["text"]

    ok("cycle", "close", "1", "--at", "2026-11-19")  # a late change here: the fixed counts stay as first shown
    ok("push", "--to", coach)
    assert counts_there(team_database) == [row]
