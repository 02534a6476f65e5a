"""One fixing per term between a coach's laptop and the team database (issue 15, the eighth attacker review): a
term's counts fixed by a summary of each database, differently, are withheld in both from the push that finds
them, which says so in one line; a term fixed only in the team database is brought back by push, so the laptop's
first summary of it shows that fixing. Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from coachlog.reports.term_counts import CHANGED_TERM
from helpers import Run, TeamDatabase

pytest.importorskip("psycopg")

TERM = ("--from", "2026-09-01", "--to", "2026-11-20")  # the term "fall", ended


def _cycles(ok: Run, prefix: str, firsts: tuple[int, ...], at: str) -> None:
    """A cycle of five teachers (prefix+i .. prefix+i+4) for each i in `firsts`, started `at`, and a session."""
    for first in firsts:
        names = [f"{prefix}{i}" for i in range(first, first + 5)]
        more = [arg for name in names[1:] for arg in ("--with", name)]
        ok("cycle", "start", names[0], *more, "--goal", "talk", "--focus", "questioning", "--at", at)
        ok("add", names[0], "coaching", "60m", *more, "--at", f"{at} 10:00")


def _counts(ok: Run, *db: str) -> dict[str, Any]:
    return json.loads(ok(*db, "summary", "--term", "fall", "--format", "json").stdout)["figures"]["cycles_and_reach"]


def _fixed_twice(lines: str) -> list[str]:
    return [line for line in lines.splitlines() if "fixed twice" in line]


def _kim(ok: Run, team_database: TeamDatabase) -> str:
    """kim's term "fall" with two cycles of five teachers on her laptop, pushed; then one summary of the term run
    against the team database fixes it there: 2 active. Her team URL."""
    kim = team_database.member("kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    _cycles(ok, "K", (0, 5), "2026-09-07")
    ok("push", "--to", kim)
    assert _counts(ok, "--db", kim)["cycles_active"]["value"] == 2
    return kim


def test_a_term_fixed_differently_here_and_in_the_team_database_is_withheld_in_both(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """Her laptop's first summary of the term, after a late cycle of five, fixes 3 active. A dry push says it
    would withhold the term's counts and changes nothing; the push withholds them in both databases ("not fixed"
    in her summaries of each and in her team row, with why) and says so in one line; the next push says nothing."""
    kim = _kim(ok, team_database)
    _cycles(ok, "L", (0,), "2026-10-01")
    assert _counts(ok)["cycles_active"]["value"] == 3
    dry = run("push", "--to", kim, "--dry-run")
    assert dry.exit_code == 0, dry
    assert _fixed_twice(dry.stderr) == [
        "Warning: The counts of the term 2026-09-01 to 2026-11-20 were fixed twice, differently, by a summary here"
        " and one of the team database: they would be withheld in both from now on."
    ]
    assert (_counts(ok)["cycles_active"]["value"], _counts(ok, "--db", kim)["cycles_active"]["value"]) == (3, 2)
    result = run("push", "--to", kim)
    assert result.exit_code == 0, result
    assert _fixed_twice(result.stderr) == [_fixed_twice(dry.stderr)[0].replace("would be", "are")]
    for db in ((), ("--db", kim)):
        counts = _counts(ok, *db)
        assert (counts["cycles_active"]["value"], counts["cycles_active"]["hidden"]) == (None, CHANGED_TERM), db
        assert counts["focus_areas"]["text"] is None
        assert "fixed twice, differently" in counts["counts_fixed_on"]["text"]
    cora = team_database.member("cora", "coordinator")
    data = json.loads(ok("--db", cora, "report", "--team", *TERM, "--format", "json").stdout)
    (row,) = [row for row in data["coaches"] if row["coach"] == team_database.prefix + "kim"]
    assert row["cycle_counts"]["active"] == {"value": None, "hidden": CHANGED_TERM}
    assert row["cycle_counts"]["focus_areas"]["areas"] is None
    again = run("push", "--to", kim)
    assert again.exit_code == 0 and _fixed_twice(again.stderr) == [], again


def test_push_brings_back_a_terms_counts_the_team_database_fixed_first(
    run: Run, ok: Run, team_database: TeamDatabase
) -> None:
    """Before her laptop's first summary of the term she pushes: the team database's fixing comes back, so that
    summary, after a late cycle of five, shows 2 active as the team database's does, and no push withholds it."""
    kim = _kim(ok, team_database)
    _cycles(ok, "L", (0,), "2026-10-01")
    ok("push", "--to", kim)
    here, there = _counts(ok), _counts(ok, "--db", kim)
    assert here["cycles_active"] == there["cycles_active"] and here["cycles_active"]["value"] == 2
    assert here["counts_fixed_on"] == there["counts_fixed_on"]
    again = run("push", "--to", kim)
    assert again.exit_code == 0 and _fixed_twice(again.stderr) == [], again


def test_counts_fixed_at_5_are_not_shown_once_a_push_finds_the_team_min_group_is_6(
    ok: Run, team_database: TeamDatabase
) -> None:
    """Her laptop's summary fixes the term's counts at min_group 5 (2 active); the team's min_group is 6: after a
    push her summary uses 6 (issue 15), so those counts, fixed at a lower min_group, are not shown."""
    ok("--db", team_database.admin_url, "team", "init", "--min-group", "6")
    kim = team_database.member("kim")
    ok("term", "add", "fall", "2026-09-01", "2026-11-20")
    _cycles(ok, "K", (0, 5), "2026-09-07")
    assert _counts(ok)["cycles_active"]["value"] == 2
    ok("push", "--to", kim)
    counts = _counts(ok)
    assert (counts["cycles_active"]["value"], counts["cycles_active"]["hidden"]) == (None, CHANGED_TERM)
    assert "fixed when privacy.min_group was 5, and it is 6 now" in counts["counts_fixed_on"]["text"]
