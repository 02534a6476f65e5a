"""`coachlog push` into a real team database: each coach's entries arrive whole, theirs alone, and stay private.

Needs COACHLOG_TEST_POSTGRES_URL (tests/test_postgres.py says how); the team database is made by
`coachlog team init` and the coaches are login roles in its `coach` group.
"""

from __future__ import annotations

import itertools
import json
import shutil
import uuid
from pathlib import Path

import pytest

from helpers import ROOT, Run, TeamDatabase

DATA = ROOT / "tests" / "data"


def contents(run: Run, db: str) -> list[str]:
    """Every entry as the JSON export shows it, without the id (ids differ between databases)."""
    result = run("--db", db, "export", "--all", "--format", "json")
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    return sorted(json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True) for row in rows)


def test_a_database_from_the_first_release_upgrades_and_pushes_every_entry_intact(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """A coachlog 0.1.0 file is upgraded on first use, then pushed: the team database holds every entry with
    its teachers, tags, notes, times and durations, owned by the coach's role, and read back the same."""
    shutil.copyfile(DATA / "coachlog-0.1.0.db", db_path)
    db_path.chmod(0o600)
    coach = team_database.member("kim")
    before = contents(run, str(db_path))
    assert len(before) == 9  # every entry of the fixture (tests/data)
    ok("push", "--to", coach)
    assert contents(run, coach) == before
    owners = team_database.sql("SELECT DISTINCT owner FROM coachlog_team.entry")
    assert owners == [(f"{team_database.prefix}kim",)]
    assert ok("push", "--to", coach).stdout.startswith("Sent 0 new entries, 0 changed, 0 deleted")


def test_two_coaches_push_to_one_team_database_and_see_only_their_own(
    run: Run, ok: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """Kim's and Lee's pushes land side by side; through coachlog each sees only their own entries and
    teachers, and neither can read the other's notes with raw SQL."""
    import psycopg

    from coachlog.urls import libpq_url

    kim, lee = team_database.member("kim"), team_database.member("lee")
    kim_db, lee_db = str(tmp_path / "kim.db"), str(tmp_path / "lee.db")
    ok("--db", kim_db, "add", "Ms. Rivera", "coaching", "45m", "-n", "kim's private note")
    ok("--db", lee_db, "add", "Mr. Okafor", "consulting", "30m", "-n", "lee's private note")
    ok("--db", lee_db, "add", "Ms. Rivera", "collaborating", "20m")  # the same name at another school
    ok("--db", kim_db, "push", "--to", kim)
    ok("--db", lee_db, "push", "--to", lee)
    assert contents(run, kim) == contents(run, kim_db)
    assert contents(run, lee) == contents(run, lee_db)
    assert "Mr. Okafor" not in ok("--db", kim, "teacher", "list").stdout
    with psycopg.connect(libpq_url(kim)) as connection:
        notes = [row[0] for row in connection.execute("SELECT note FROM entry")]
        teachers = [row[0] for row in connection.execute("SELECT name FROM teacher")]
    assert notes == ["kim's private note"] and teachers == ["Ms. Rivera"]
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(3,)]


def test_edits_deletes_and_conflicts_reach_the_team_database(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """An edit and a delete made here follow on the next push; an entry the coach also changed in the team
    database (with --db URL) is a conflict: exit 1, nothing overwritten, until --keep-mine."""
    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "mon 9:00", "-n", "first")
    ok("add", "Mr. Okafor", "consulting", "30m", "--at", "mon 11:00")
    ok("duty", "cover", "50m", "--at", "tue 10:00")
    ok("push", "--to", coach)
    ok("edit", "1", "--note", "first, then more")
    ok("delete", "3", "--yes")
    assert ok("push", "--to", coach).stdout.startswith("Sent 0 new entries, 1 changed, 1 deleted")
    assert contents(run, coach) == contents(run, str(db_path))

    there = json.loads(ok("--db", coach, "export", "--all", "--format", "json").stdout)
    okafor = next(row["id"] for row in there if row["teachers"] == ["Mr. Okafor"])
    ok("--db", coach, "edit", str(okafor), "--note", "changed in the team database")
    ok("edit", "2", "--note", "changed here")
    result = run("push", "--to", coach)
    assert result.exit_code == 1 and "1 conflict left as they are" in result.stderr
    assert "changed in the team database" in ok("--db", coach, "log", "--all").stdout
    assert ok("push", "--to", coach, "--keep-mine").stdout.startswith("Sent 0 new entries, 1 changed")
    assert contents(run, coach) == contents(run, str(db_path))


def cycles(run: Run, db: str) -> list[str]:
    """Every cycle as `cycle list --all --format json` shows it, without the id."""
    rows = json.loads(run("--db", db, "cycle", "list", "--all", "--format", "json").stdout)
    return sorted(json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True) for row in rows)


def test_cycles_and_their_sessions_reach_the_team_database(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """A coach's cycles travel with push (teachers, goal, focus, phase, dates, outcome, evidence; uids kept), with
    their sessions linked to them there; a change and an undo (the cycle deleted) here follow on the next push; a
    cycle changed on both sides is a conflict until --keep-mine; a dry run says what would go and sends nothing."""
    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-02 9:00")
    ok("add", "Mr. Okafor", "consulting", "30m", "--at", "2026-11-02 11:00")
    ok("cycle", "start", "Ms. Rivera", "--goal", "exit tickets", "--focus", "checking", "--at", "2026-11-01")
    ok("cycle", "start", "Mr. Okafor", "--with", "Ms. Lee", "--goal", "small groups", "--at", "2026-11-01")
    ok("cycle", "edit", "1", "--measure", "exit tickets correct", "--baseline", "40", "--result", "65")
    dry = ok("push", "--to", coach, "--dry-run").stdout
    assert "Would send 2 new cycles, 0 changed, 0 deleted; nothing to send for 0; 2 sessions joined" in dry
    assert team_database.sql("SELECT count(*) FROM coachlog_team.cycle") == [(0,)]
    sent = ok("push", "--to", coach).stdout
    assert (
        sent.splitlines()[1]
        == "Sent 2 new cycles, 0 changed, 0 deleted; nothing to send for 0; 2 sessions joined or left a cycle there."
    )
    assert cycles(run, coach) == cycles(run, str(db_path)) and len(cycles(run, coach)) == 2
    assert contents(run, coach) == contents(run, str(db_path))
    uids = "SELECT uid FROM cycle ORDER BY uid"
    assert team_database.sql(uids.replace("cycle", "coachlog_team.cycle")) == sorted(
        (row,) for row in _local(db_path, "SELECT uid FROM cycle")
    )
    links = "SELECT e.uid, c.uid FROM entry e JOIN cycle c ON c.id = e.cycle_id"
    there = "SELECT e.uid, c.uid FROM coachlog_team.entry e JOIN coachlog_team.cycle c ON c.id = e.cycle_id"
    assert sorted(team_database.sql(there + " AND c.coach = e.coach")) == sorted(_local(db_path, links, 2))
    again = ok("push", "--to", coach).stdout
    assert again.splitlines()[1] == "Sent 0 new cycles, 0 changed, 0 deleted; nothing to send for 2."

    ok("cycle", "close", "1", "--outcome", "most students", "--at", "2026-11-18")
    ok("add", "Ms. Rivera", "coaching", "20m", "--at", "2026-11-19 9:00", "--no-cycle")
    assert ok("push", "--to", coach).stdout.splitlines()[1].startswith("Sent 0 new cycles, 1 changed, 0 deleted")
    assert cycles(run, coach) == cycles(run, str(db_path))

    ok("--db", coach, "cycle", "phase", "2", "learn")
    ok("cycle", "edit", "2", "--goal", "small groups, then stations")
    result = run("push", "--to", coach)
    assert result.exit_code == 1 and "1 cycle conflict left as they are" in result.stderr, result
    assert "cycle #2 with Mr. Okafor, Ms. Lee, started 2026-11-01: changed in the team database" in result.stderr
    assert "small groups, then stations" not in ok("--db", coach, "cycle", "show", "2").stdout
    ok("push", "--to", coach, "--keep-mine")
    assert cycles(run, coach) == cycles(run, str(db_path))

    assert "cycle" in ok("undo").stdout.lower()  # the edit of cycle 2
    ok("cycle", "start", "Ms. Kay", "--goal", "a third", "--at", "2026-11-22")
    ok("push", "--to", coach)
    assert "start" in ok("undo").stdout.lower()  # cycle 3 goes here
    assert ok("push", "--to", coach).stdout.splitlines()[1].startswith("Sent 0 new cycles, 0 changed, 1 deleted")
    assert cycles(run, coach) == cycles(run, str(db_path)) and len(cycles(run, coach)) == 2
    assert team_database.sql("SELECT DISTINCT coach FROM coachlog_team.cycle") == [(f"{team_database.prefix}kim",)]
    assert sorted(team_database.sql(there + " AND c.coach = e.coach")) == sorted(_local(db_path, links, 2))


def _local(db_path: Path, query: str, columns: int = 1) -> list[object]:
    """The rows of `query` in the coach's own file (one value each, or tuples of `columns`)."""
    import sqlite3

    with sqlite3.connect(db_path) as db:
        return [row[0] if columns == 1 else tuple(row) for row in db.execute(query)]


def test_a_coordinator_cannot_be_pushed_to_and_a_coach_cannot_push_as_another(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """A coordinator's role may not write entries: push says so in one line and writes nothing. Rows a coach
    pushes belong to the role that connected, whatever the personal file calls its coach."""
    ok("config", "set", "coach", "Somebody Else")
    ok("add", "Ms. Rivera", "coaching", "45m")
    coordinator = team_database.member("boss", group="coordinator")
    refused = run("push", "--to", coordinator)
    assert refused.exit_code == 1 and len(refused.stderr.strip().splitlines()) == 1, refused
    assert "Traceback" not in refused.stderr
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(0,)]
    coach = team_database.member("kim")
    ok("push", "--to", coach)
    assert team_database.sql("SELECT DISTINCT owner FROM coachlog_team.entry") == [(f"{team_database.prefix}kim",)]


README = ROOT / "README.md"
README_COACHES = ("ana_rivera", "ben_okafor", "cara_diaz", "dev_patel")


def readme_block(command: str) -> list[str]:
    """The lines the README's "For coaching teams" section shows after `$ coachlog … command`."""
    text = README.read_text()
    section = text[text.index("## For coaching teams") : text.index("## The CSV contract")]
    lines = section.split(command + "\n", 1)[1].splitlines()
    return [line for line in lines[: next(i for i, line in enumerate(lines) if line.startswith(("$ ", "```")))]]


def test_the_readme_team_report_is_what_coachlog_prints(
    run: Run, ok: Run, team_database: TeamDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's coordinator report, replayed: four coaches push the demo term (made on different days),
    a fifth logs two teachers straight into the team database, and the coordinator's `report --team --month`
    prints exactly what the README shows, the fifth coach left out. The entries' uids are counted out, so the
    rounding of their units (reports/rounding.py) is the same on every run."""
    numbers = itertools.count(1)
    monkeypatch.setattr("coachlog.storage.entries.new_uid", lambda: str(uuid.UUID(int=next(numbers))))
    names = (*README_COACHES, "eli_moss", "lee_chen")
    for name in names:  # the README's role names: a crashed earlier run may have left them on this server (and
        # team init, enrolling every member of the coach group, gave them a schema in this database)
        if team_database.sql(f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'"):
            team_database.sql(f"DROP OWNED BY {name}")
        team_database.sql(f"DROP ROLE IF EXISTS {name}")
    try:
        urls = {}
        for name in names:
            kind = "add-coordinator" if name == "lee_chen" else "add-coach"
            printed = ok("--db", team_database.admin_url, "team", kind, name).stdout
            urls[name] = next(word.strip("'") for word in printed.split() if word.startswith("postgresql+psycopg://"))
        for number, name in enumerate(README_COACHES):
            local = str(tmp_path / f"{name}.db")
            ok("--db", local, "demo", env={"COACHLOG_NOW": f"2026-11-{23 - 4 * number}T15:00:00-05:00"})
            ok("--db", local, "push", "--to", urls[name])
        eli = urls["eli_moss"]
        ok("--db", eli, "add", "Mr. Grant", "coaching", "50m", "--at", "2026-11-16 10:00")
        ok("--db", eli, "add", "Ms. Ito", "consulting", "20m", "--at", "2026-11-18 13:00")
        ok("--db", eli, "duty", "cover", "45m", "--at", "2026-11-19 09:00")
        report = ok("--db", urls["lee_chen"], "report", "--team", "--month")
        assert report.stdout.splitlines() == readme_block('$ coachlog --db "$COORDINATOR_URL" report --team --month')
    finally:
        for name in names:
            team_database.sql(f"DROP OWNED BY {name}")  # their grants in this database, then the roles
            team_database.sql(f"DROP ROLE {name}")
