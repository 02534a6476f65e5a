"""`coachlog push` carries next steps and the roster into a real team database, as it carries entries and cycles.

Needs COACHLOG_TEST_POSTGRES_URL (tests/test_postgres.py says how); the team database is made by
`coachlog team init` and the coaches are login roles in its `coach` group (see test_team_push.py).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from helpers import Run, TeamDatabase

ROSTER = "name,department,grade\nMs. Rivera,English,6\nMr. Park,math,7\nMs. Kay,science,\n"

# A session with Ms. Rivera and the check-back promised for Friday.
RIVERA_WITH_A_STEP = (
    "add",
    "Ms. Rivera",
    "coaching",
    "45m",
    "--at",
    "2026-11-20 9:00",
    "--next",
    "see the exit tickets",
    "--by",
    "fri",
)


def steps(run: Run, db: str) -> list[str]:
    """Every open next step as `due --all --format json` shows it, without its id and its session's (ids differ)."""
    result = run("--db", db, "due", "--all", "--format", "json")
    assert result.exit_code == 0, result
    rows = json.loads(result.stdout)
    return sorted(
        json.dumps({k: v for k, v in row.items() if k not in ("id", "entry")}, sort_keys=True) for row in rows
    )


def roster(run: Run, db: str) -> list[dict[str, object]]:
    """Every teacher as `teacher list --format json` shows them (roster facts, sessions, time, last seen)."""
    result = run("--db", db, "teacher", "list", "--format", "json")
    assert result.exit_code == 0, result
    return list(json.loads(result.stdout))


def pushed_lines(run: Run, *args: str) -> list[str]:
    """The next steps' and the roster's lines of a push's output (after the entries' line)."""
    result = run("push", *args)
    assert result.exit_code == 0, result
    return [line for line in result.stdout.splitlines() if "next step" in line or "the roster" in line]


def step_links(db_path: Path) -> list[tuple[str, str | None]]:
    """(step uid, its session's uid) in the coach's own file."""
    with sqlite3.connect(db_path) as db:
        query = "SELECT s.uid, e.uid FROM next_step s LEFT JOIN entry e ON e.id = s.entry_id ORDER BY s.uid"
        return [tuple(row) for row in db.execute(query)]


def step_rows(team_database: TeamDatabase, db_path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Every next step, done ones too, as (uid, teacher, text, due, done): in the coach's own file, and there."""
    query = (
        "SELECT s.uid, t.name, s.text, CAST(s.due_on AS text), CAST(s.done_on AS text)"
        " FROM next_step s JOIN teacher t ON t.id = s.teacher_id ORDER BY s.uid"
    )
    with sqlite3.connect(db_path) as db:
        here = [tuple(row) for row in db.execute(query)]
    there = query.replace("next_step s", "coachlog_team.next_step s").replace("teacher t", "coachlog_team.teacher t")
    return here, team_database.sql(there.replace("s.teacher_id", "s.teacher_id AND t.coach = s.coach"))


def test_next_steps_and_the_roster_arrive_with_their_changes_and_deletions(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path, tmp_path: Path
) -> None:
    """A roster imported before any session (Mr. Park is never met) and the next steps of two sessions reach the
    team database on push, each step linked to its session there; a dry run only counts them; pushing again sends
    nothing. A due date moved, a step done, a department changed and a teacher who left follow as changes; a step
    and a teacher's facts undone here are deleted (taken off) there."""
    coach = team_database.member("kim")
    staff = tmp_path / "staff.csv"
    staff.write_text(ROSTER)
    ok("teacher", "import", str(staff))
    ok(*RIVERA_WITH_A_STEP)
    ok("add", "Mr. Okafor", "consulting", "30m", "--at", "2026-11-20 11:00", "--next", "bring the rubric")

    assert pushed_lines(run, "--to", coach, "--dry-run") == [
        "Would send 2 new next steps, 0 changed, 0 deleted; nothing to send for 0.",
        "Would send the roster: 3 teachers new, 0 changed, 0 taken off; nothing to send for 0.",
    ]
    assert team_database.sql("SELECT count(*) FROM coachlog_team.next_step") == [(0,)]
    assert team_database.sql("SELECT count(*) FROM coachlog_team.teacher") == [(0,)]
    assert pushed_lines(run, "--to", coach) == [
        "Sent 2 new next steps, 0 changed, 0 deleted; nothing to send for 0.",
        "Sent the roster: 3 teachers new, 0 changed, 0 taken off; nothing to send for 0.",
    ]
    assert steps(run, coach) == steps(run, str(db_path)) and len(steps(run, coach)) == 2
    assert roster(run, coach) == roster(run, str(db_path)) and len(roster(run, coach)) == 4  # Mr. Park too
    there = "SELECT s.uid, e.uid FROM coachlog_team.next_step s LEFT JOIN coachlog_team.entry e ON e.id = s.entry_id"
    assert sorted(team_database.sql(there + " AND e.coach = s.coach")) == step_links(db_path)
    assert pushed_lines(run, "--to", coach) == [
        "Sent 0 new next steps, 0 changed, 0 deleted; nothing to send for 2.",
        "Sent the roster: 0 teachers new, 0 changed, 0 taken off; nothing to send for 3.",
    ]

    ok("due", "1", "--by", "2026-12-04")
    ok("done", "2")
    ok("teacher", "add", "Mr. Park", "--department", "science")
    ok("teacher", "leave", "Ms. Kay", "--at", "2026-11-20")
    assert pushed_lines(run, "--to", coach) == [
        "Sent 0 new next steps, 2 changed, 0 deleted; nothing to send for 0.",
        "Sent the roster: 0 teachers new, 2 changed, 0 taken off; nothing to send for 1.",
    ]
    assert steps(run, coach) == steps(run, str(db_path))
    here, there = step_rows(team_database, db_path)
    assert here == there and sorted(str(row[4]) for row in there) == ["2026-11-23", "None"]  # done today
    assert roster(run, coach) == roster(run, str(db_path))

    ok("add", "Ms. Lee", "collaborating", "20m", "--at", "2026-11-23 9:00", "--next", "send the article")
    ok("teacher", "add", "Ms. Moss", "--grade", "3")
    ok("push", "--to", coach)
    count = "SELECT count(*) FROM coachlog_team.next_step"
    assert team_database.sql(count) == [(3,)] and len(roster(run, coach)) == 6
    ok("undo")  # Ms. Moss off the roster (and gone: nothing else names her)
    ok("undo")  # the session with Ms. Lee and its next step
    result = ok("push", "--to", coach).stdout.splitlines()
    assert result[0].startswith("Sent 0 new entries, 0 changed, 1 deleted")
    assert result[1:] == [
        "Sent 0 new next steps, 0 changed, 1 deleted; nothing to send for 2.",
        "Sent the roster: 0 teachers new, 0 changed, 1 taken off; nothing to send for 3.",
    ]
    assert steps(run, coach) == steps(run, str(db_path)) and team_database.sql(count) == [(2,)]
    assert step_rows(team_database, db_path)[0] == step_rows(team_database, db_path)[1]
    assert roster(run, coach) == roster(run, str(db_path)) and len(roster(run, coach)) == 4
    assert pushed_lines(run, "--to", coach)[0] == "Sent 0 new next steps, 0 changed, 0 deleted; nothing to send for 2."


def test_a_step_or_roster_fact_changed_on_both_sides_is_a_conflict_until_keep_mine(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """A next step and a teacher's roster facts changed here and (with --db URL) in the team database since the
    last push are conflicts: listed, exit 1, the team's version kept, until push --keep-mine sends this one."""
    coach = team_database.member("kim")
    ok("teacher", "add", "Mr. Park", "--department", "math")
    ok(*RIVERA_WITH_A_STEP)
    ok("push", "--to", coach)
    step_there = json.loads(ok("--db", coach, "due", "--all", "--format", "json").stdout)[0]["id"]
    ok("--db", coach, "due", str(step_there), "--by", "2026-12-11")
    ok("--db", coach, "teacher", "add", "Mr. Park", "--grade", "8")
    ok("due", "1", "--by", "2026-12-02")
    ok("teacher", "leave", "park", "--at", "2026-11-20")

    result = run("push", "--to", coach)
    assert result.exit_code == 1, result
    assert "2 next step or roster conflicts left as they are (push --keep-mine sends your version):" in result.stderr
    changed = "changed in the team database since the last push, and changed here"
    assert f"next step #1 for Ms. Rivera, due 2026-12-02: {changed}" in result.stderr
    assert f"Mr. Park on the roster: {changed}" in result.stderr
    assert "2026-12-11" in ok("--db", coach, "due", "--all").stdout
    assert next(row for row in roster(run, coach) if row["name"] == "Mr. Park")["on_staff"] is True
    assert pushed_lines(run, "--to", coach, "--dry-run", "--keep-mine") == [
        "Would send 0 new next steps, 1 changed, 0 deleted; nothing to send for 0.",
        "Would send the roster: 0 teachers new, 1 changed, 0 taken off; nothing to send for 0.",
    ]
    assert "2026-12-11" in ok("--db", coach, "due", "--all").stdout  # a dry run writes nothing

    ok("push", "--to", coach, "--keep-mine")
    assert steps(run, coach) == steps(run, str(db_path))
    assert roster(run, coach) == roster(run, str(db_path))
    assert ok("push", "--to", coach).exit_code == 0


def test_next_steps_and_the_roster_stay_in_the_coachs_own_schema(
    run: Run, ok: Run, team_database: TeamDatabase, db_path: Path
) -> None:
    """Kim's next steps and roster arrive in her schema, owned by her role: she reads them there, Lee (another
    coach) sees none of them through coachlog nor with raw SQL, and the coordinator's team report names no teacher
    and no step."""
    import psycopg

    from coachlog.urls import libpq_url

    kim, lee = team_database.member("kim"), team_database.member("lee")
    boss = team_database.member("boss", group="coordinator")
    ok("teacher", "add", "Mr. Park", "--department", "math", "--grade", "7")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-20 9:00", "--next", "see the exit tickets")
    ok("push", "--to", kim)
    ok("--db", lee, "add", "Mr. Grant", "consulting", "30m", "--at", "2026-11-20 9:00")
    assert "see the exit tickets" in ok("--db", kim, "due", "--all").stdout
    assert "Mr. Park" in ok("--db", kim, "teacher", "list").stdout
    assert json.loads(ok("--db", lee, "due", "--all", "--format", "json").stdout) == []
    assert [row["name"] for row in roster(run, lee)] == ["Mr. Grant"]
    owners = "SELECT DISTINCT owner FROM coachlog_team.{} WHERE coach = '{}'"
    prefix = team_database.prefix
    assert team_database.sql(owners.format("next_step", f"{prefix}kim")) == [(f"{prefix}kim",)]
    with psycopg.connect(libpq_url(lee)) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(f'SELECT text FROM "{prefix}kim".next_step')
    report = ok("--db", boss, "report", "--team", "--month", "--format", "json").stdout
    for private in ("exit tickets", "Mr. Park", "Ms. Rivera", "math"):
        assert private not in report


def test_a_push_without_steps_or_roster_keeps_the_roster_made_in_the_team_database(
    ok: Run, team_database: TeamDatabase
) -> None:
    """A coach who keeps no roster on their laptop but put a teacher on it straight in the team database (--db URL)
    pushes a session: the teacher nobody has met yet stays on the roster there (a push removes only the teachers
    nothing names: renamed or merged away)."""
    coach = team_database.member("kim")
    ok("--db", coach, "teacher", "add", "Mr. Park", "--department", "math")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-20 9:00")
    ok("push", "--to", coach)
    assert sorted(row["name"] for row in roster(ok, coach)) == ["Mr. Park", "Ms. Rivera"]
