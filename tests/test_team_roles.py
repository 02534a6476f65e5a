"""A team database used as its roles really are: coaches with only the grants `team init` gives, the
administrator, and a copy of the database made by the server.

Needs COACHLOG_TEST_POSTGRES_URL (see conftest.pg_databases).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from conftest import Run, TeamDatabase, postgres_admin, with_database


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
    steps = team_database.sql("SELECT description FROM undo_step ORDER BY id")
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
    assert [row[0] for row in team_database.sql("SELECT note FROM entry")] == [None]


def test_a_denied_sequence_is_called_a_sequence() -> None:
    """psycopg's "permission denied for sequence" reads as a sequence in coachlog's one line, not a table."""
    from psycopg import errors

    from coachlog.pgconnection import postgres_error

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
        postgres_admin("DELETE FROM entry", clone_admin)
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
    from coachlog.store import open_store

    coach = team_database.member("kim")
    ok("add", "Ms. Rivera", "coaching", "45m")
    with open_store(coach) as first, open_store(coach) as second:
        assert first.database_id() == second.database_id()
        assert len(first.database_id()) == 36
        stored = team_database.sql("SELECT value FROM setting WHERE key = 'database_id'")[0][0]
        assert first.database_id() != stored
    with open_store(db_path) as local:
        assert (
            local.database_id()
            == local.connection.execute("SELECT value FROM setting WHERE key = 'database_id'").fetchone()[0]
        )
