"""A team database used as its roles really are: coaches with only the grants `team init` gives, the
administrator, and a copy of the database made by the server.

Needs COACHLOG_TEST_POSTGRES_URL (see conftest.pg_databases).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import Run, TeamDatabase, postgres_admin, with_database


def log_lines(ok: Run, url: str) -> list[str]:
    """`log --all` of the team database as `url`'s role, one line per entry."""
    return [line.strip() for line in ok("--db", url, "log", "--all").stdout.splitlines() if line.strip()[:1].isdigit()]


def test_a_coach_undoes_every_kind_of_change(run: Run, ok: Run, team_database: TeamDatabase) -> None:
    """A coach role (USAGE and SELECT on the sequences, no UPDATE) undoes an edit, a delete, a teacher rename
    and a merge on the team database: each restores what was there, and the undo stack empties."""
    coach = team_database.member("kim")

    def do(*args: str) -> str:
        return ok("--db", coach, *args).stdout

    do("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00", "-n", "first")
    do("add", "Mr. Okafor", "consulting", "30m", "--at", "10:00")
    do("add", "Ms. Ito", "coaching", "20m", "--at", "11:00", "--with", "Ms. Rivera")
    start = log_lines(ok, coach)
    teachers = do("teacher", "list")
    for change in (
        ("edit", "1", "--note", "changed", "-d", "50m", "--teacher", "Mr. New"),
        ("delete", "2", "--yes"),
        ("teacher", "rename", "Ms. Rivera", "Ms. Rivera-Ruiz"),
        ("teacher", "merge", "Ms. Ito", "Mr. Okafor"),
    ):
        do(*change)
        assert log_lines(ok, coach) != start, change
        undone = run("--db", coach, "undo")
        assert undone.exit_code == 0, (change, undone)
        assert log_lines(ok, coach) == start, change
        assert do("teacher", "list") == teachers, change
    steps = team_database.sql("SELECT description FROM coachlog_team.undo_step ORDER BY id")
    assert steps == [(f"add of session #{n}",) for n in (1, 2, 3)]  # each undone step is gone, none stuck on top
    assert do("add", "Ms. Park", "coaching", "15m", "--at", "12:00").startswith("Logged #4")


def test_a_coach_imports_coachlog_s_own_export_into_the_team_database(
    ok: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """An export with gaps in its ids (deleted entries) imports into a coach's team database: every entry
    arrives, the sequence picks the ids (a coach may not move it), and the next add follows; undo of the
    import takes it all back."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00", "-n", "kept")
    ok("add", "Mr. Okafor", "coaching", "30m", "--at", "10:00")
    ok("add", "Ms. Ito", "consulting", "20m", "--at", "11:00", "-t", "math")
    ok("delete", "2", "--yes")
    export = tmp_path / "all.json"
    ok("export", "--all", "--format", "json", "-o", str(export))
    coach = team_database.member("kim")
    ok("--db", coach, "add", "Ms. Park", "coaching", "15m", "--at", "08:00")
    ok("--db", coach, "import", str(export))
    rows = json.loads(ok("--db", coach, "export", "--all", "--format", "json").stdout)
    assert [(row["teachers"], row["note"]) for row in rows] == [
        (["Ms. Park"], None),
        (["Ms. Rivera"], "kept"),
        (["Ms. Ito"], None),
    ]
    assert len({row["id"] for row in rows}) == 3
    added = ok("--db", coach, "add", "Ms. Lee", "coaching", "10m", "--at", "12:00").stdout
    assert added.startswith(f"Logged #{max(row['id'] for row in rows) + 1}"), added
    ok("--db", coach, "undo")
    ok("--db", coach, "undo")
    assert [row[0] for row in team_database.sql("SELECT note FROM coachlog_team.entry")] == [None]


def test_a_denied_sequence_is_called_a_sequence() -> None:
    """psycopg's "permission denied for sequence" reads as a sequence in coachlog's one line, not a table."""
    from psycopg import errors

    from coachlog.storage.postgres_errors import postgres_error

    message = str(
        postgres_error(errors.InsufficientPrivilege("permission denied for sequence entry_id_seq"), "h/db", "kim")
    )
    assert message == (
        "role kim may not read or change the entry_id_seq sequence in the team database at h/db;"
        " nothing was changed: ask the administrator"
    )
    table = str(postgres_error(errors.InsufficientPrivilege("permission denied for table entry"), "h/db", "kim"))
    assert "the entry table" in table


def test_a_cloned_team_database_is_another_database_to_push(run: Run, ok: Run, team_database: TeamDatabase) -> None:
    """A copy made with CREATE DATABASE … TEMPLATE keeps the 'database_id' setting, yet push tells it from the
    original: after its entries are emptied, pushing to the copy sends every entry again."""
    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    ok("add", "Mr. Okafor", "coaching", "30m", "--at", "10:00")
    assert ok("push", "--to", coach).stdout.startswith("Sent 2 new entries, 0 changed, 0 deleted")
    original = team_database.admin_url.rsplit("/", 1)[1]
    clone = f"fx_clone_{secrets.token_hex(4)}"
    try:
        postgres_admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{original}'"
            " AND pid <> pg_backend_pid()"
        )
        postgres_admin(f'CREATE DATABASE "{clone}" TEMPLATE "{original}"')
        clone_admin = with_database(team_database.admin_url, clone)
        postgres_admin(f'DELETE FROM "{team_database.prefix}kim".entry', clone_admin)
        postgres_admin(f'GRANT CONNECT ON DATABASE "{clone}" TO "{team_database.prefix}kim"', clone_admin)
        sent = ok("push", "--to", with_database(coach, clone)).stdout
        assert sent.startswith("Sent 2 new entries, 0 changed, 0 deleted"), sent
        assert len(log_lines(ok, with_database(coach, clone))) == 2
        again = ok("push", "--to", coach).stdout  # the original still counts as up to date
        assert again.startswith("Sent 0 new entries, 0 changed, 0 deleted"), again
    finally:
        postgres_admin(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')


def test_database_ids_fit_the_pushed_table_and_stay_put(ok: Run, team_database: TeamDatabase, db_path: Path) -> None:
    """The team database's id is 36 characters (pushed.remote is String(36)) and the same on every connection;
    a SQLite file's id is its stored setting."""
    from coachlog.storage import open_store

    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "45m")
    with open_store(coach) as first, open_store(coach) as second:
        assert first.sync.database_id() == second.sync.database_id()
        assert len(first.sync.database_id()) == 36
        stored = team_database.sql("SELECT value FROM setting WHERE key = 'database_id'")[0][0]
        assert first.sync.database_id() != stored
    with open_store(db_path) as local:
        assert (
            local.sync.database_id()
            == local.connection.execute("SELECT value FROM setting WHERE key = 'database_id'").fetchone()[0]
        )


ADMIN_SAYS = "is the team's administrator, not a coach: log in as a coach (coachlog team add-coach NAME)"


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--all"),
        ("add", "Ms. Rivera", "coaching", "45m"),
        ("teacher", "rename", "Ms. Rivera", "Ms. Rivera-Ruiz"),
        ("teacher", "list"),
        ("report", "--all"),
        ("export", "--all"),
        ("undo",),
    ],
)
def test_the_administrator_s_url_is_refused_for_personal_commands(
    run: Run, ok: Run, team_database: TeamDatabase, args: tuple[str, ...]
) -> None:
    """The superuser who ran `team init` (whose policy sees every row) cannot run a coach's commands on the
    team database: one line naming the role, exit 2, nothing read or changed. Coaches go on working."""
    kim, lee = team_database.member("kim"), team_database.member("lee")
    ok("--db", kim, "add", "Ms. Rivera", "coaching", "45m", "-n", "kim's note")
    ok("--db", lee, "add", "Ms. Rivera", "coaching", "30m", "-n", "lee's note")
    before = team_database.sql("SELECT owner, note FROM coachlog_team.entry ORDER BY owner, id")
    refused = run("--db", team_database.admin_url, *args)
    assert refused.exit_code == 2, refused
    assert refused.stdout == "" and refused.stderr.count("\n") == 1, refused
    admin = team_database.sql("SELECT current_user")[0][0]
    assert refused.stderr == f"Error: {admin} {ADMIN_SAYS}\n"
    assert (
        len(before) == 2
        and team_database.sql("SELECT owner, note FROM coachlog_team.entry ORDER BY owner, id") == before
    )
    lines = log_lines(ok, kim)
    assert len(lines) == 1 and "kim's note" in lines[0]


def test_the_administrator_cannot_be_pushed_to_but_runs_the_team(
    run: Run, ok: Run, team_database: TeamDatabase, tmp_path: Path
) -> None:
    """`push --to ADMIN_URL` is refused like a personal command; the administrator's own commands (team
    add-coach, team list, team init again) and the coordinator's `report --team` and `summary --team` work."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    refused = run("push", "--to", team_database.admin_url)
    assert refused.exit_code == 2 and ADMIN_SAYS in refused.stderr, refused
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(0,)]
    admin = team_database.admin_url
    name = f"{team_database.prefix}ana"
    assert name in ok("--db", admin, "team", "add-coach", name).stdout
    assert name in ok("--db", admin, "team", "list").stdout
    ok("--db", admin, "team", "init")
    ok("--db", admin, "report", "--team")
    ok("--db", admin, "summary", "--team")
    coordinator = team_database.member("boss", group="coordinator")
    ok("--db", coordinator, "report", "--team")


def test_a_table_owner_that_is_no_superuser_is_refused_too(run: Run, ok: Run, team_database: TeamDatabase) -> None:
    """A role that owns the tables (the team_admin policy sees every row) and is in no group is refused; a
    table owner who also joins the coach group is refused as well."""
    owner = team_database.member("owner", group="coach")
    role = f"{team_database.prefix}owner"
    team_database.sql(f'REVOKE coach FROM "{role}"')
    database = team_database.admin_url.rsplit("/", 1)[1]
    team_database.sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
    team_database.sql(f'GRANT SELECT ON alembic_version, setting TO "{role}"')
    team_database.sql(f'ALTER TABLE entry OWNER TO "{role}"')
    refused = run("--db", owner, "log", "--all")
    assert refused.exit_code == 2 and refused.stderr == f"Error: {role} {ADMIN_SAYS}\n", refused
    team_database.sql(f'GRANT coach TO "{role}"')
    refused = run("--db", owner, "log", "--all")
    assert refused.exit_code == 2 and refused.stderr == f"Error: {role} {ADMIN_SAYS}\n", refused


def test_a_database_without_team_init_is_anyone_s_personal_database(ok: Run, pg_databases: Callable[..., str]) -> None:
    """On a PostgreSQL database where `team init` never ran, the superuser logs and reads as before."""
    url = pg_databases()
    ok("--db", url, "add", "Ms. Rivera", "coaching", "45m")
    assert "Ms. Rivera" in ok("--db", url, "log").stdout


def test_coaches_joining_at_the_same_moment_wait_their_turn(
    run: Run, monkeypatch: pytest.MonkeyPatch, team_database: TeamDatabase
) -> None:
    """A coach's first connection makes their schema (team_join), one coach at a time. Twenty coaches pushing
    for the first time at once queued longer than COACHLOG_LOCK_TIMEOUT and the last were told the database
    was busy; joining is once per coach, so it waits its turn for up to a minute. Here another join holds the
    queue for 3 s against a lock wait of 1 s."""
    import threading

    import psycopg

    from coachlog.storage.team_schemas import TEAM_LOCK_KEY
    from coachlog.urls import libpq_url

    coach = team_database.member("kim")
    monkeypatch.setenv("COACHLOG_LOCK_TIMEOUT", "1")
    with psycopg.connect(libpq_url(team_database.admin_url)) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (TEAM_LOCK_KEY,))
        release = threading.Timer(3, holder.commit)
        release.start()
        try:
            added = run("--db", coach, "add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
        finally:
            release.cancel()
    assert added.exit_code == 0, added.stderr
    assert team_database.sql(f"SELECT count(*) FROM {team_database.prefix}kim.entry") == [(1,)]


def test_a_join_that_waits_too_long_is_one_line_and_makes_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch, team_database: TeamDatabase
) -> None:
    """Past its wait, a join gives up in one line that says why, and the coach's schema is not made."""
    import threading

    import psycopg

    from coachlog.storage import team_login
    from coachlog.storage.team_schemas import TEAM_LOCK_KEY
    from coachlog.urls import libpq_url

    coach = team_database.member("kim")
    monkeypatch.setenv("COACHLOG_LOCK_TIMEOUT", "1")
    monkeypatch.setattr(team_login, "JOIN_WAIT_SECONDS", 2.0)
    with psycopg.connect(libpq_url(team_database.admin_url)) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (TEAM_LOCK_KEY,))
        release = threading.Timer(30, holder.commit)  # a join that waited for ever would end in a success
        release.start()
        try:
            busy = run("--db", coach, "add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
        finally:
            release.cancel()
    assert busy.exit_code == 1 and busy.stdout == ""
    assert (
        busy.stderr.endswith("is busy adding other coaches (waited 2 s); nothing was changed: try again in a moment\n")
        and busy.stderr.count("\n") == 1
    )
    assert team_database.sql(f"SELECT to_regnamespace('{team_database.prefix}kim') IS NULL") == [(True,)]


def test_a_coach_s_ended_term_counts_are_fixed_in_their_own_schema(ok: Run, team_database: TeamDatabase) -> None:
    """On a team database the first summary of an ended term fixes its counts in the coach's own schema (the
    coach's grants and row security allow it); the second reads them back, whatever changed in between."""
    coach = team_database.member("kim")
    for i in range(6):
        ok("--db", coach, "add", f"T{i}", "coaching", "30m", "--at", f"2026-09-{8 + i:02d} 09:00", "-a", "debrief")
    ok("--db", coach, "term", "add", "Fall", "2026-09-01", "2026-10-31")

    def counts() -> dict:
        data = json.loads(ok("--db", coach, "summary", "--term", "Fall", "--format", "json").stdout)["figures"]
        return {key: line for section in data.values() for key, line in section.items()}

    first = counts()
    ok("--db", coach, "add", "T9", "coaching", "30m", "--at", "2026-10-05 09:00")
    second = counts()
    assert first["counts_fixed_on"] == second["counts_fixed_on"] and first["counts_fixed_on"]["value"] == "2026-11-23"
    assert first["stance_movement"] == second["stance_movement"]
    rows = team_database.sql(f'SELECT owner, start_date::text, min_group FROM "{team_database.prefix}kim".term_count')
    assert rows == [(f"{team_database.prefix}kim", "2026-09-01", 5)]
