"""A team database used as its roles really are: coaches with only the grants `team init` gives, the
administrator, and a copy of the database made by the server.

Needs COACHLOG_TEST_POSTGRES_URL (see conftest.pg_databases).
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run, TeamDatabase


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
