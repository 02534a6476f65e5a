"""Nothing lost: upgrades keep every row, backups and restores are checked, odd files are left alone."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import Run, row_counts, table_dump

DATA = Path(__file__).parent / "data"
FIRST_RELEASE = DATA / "coachlog-0.1.0.db"


@pytest.fixture
def first_release_db(db_path: Path) -> Path:
    """A copy of a database made by coachlog 0.1.0 (see tests/data), where COACHLOG_DB points."""
    shutil.copyfile(FIRST_RELEASE, db_path)
    db_path.chmod(0o600)
    return db_path


def test_first_release_database_keeps_every_row_and_field(run: Run, first_release_db: Path) -> None:
    """A 0.1.0 database, opened (and upgraded, when the schema moves on) by this coachlog, reads back the same."""
    expected = json.loads((DATA / "coachlog-0.1.0.expected.json").read_text())
    for name, case in expected.items():
        result = run(*case["args"])
        assert result.exit_code == 0, (name, result)
        assert result.stdout == case["stdout"], name
    with sqlite3.connect(first_release_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_database_from_a_newer_coachlog_is_refused_untouched(run: Run, first_release_db: Path) -> None:
    """A schema revision this coachlog does not know means a newer coachlog: refuse, change nothing."""
    with sqlite3.connect(first_release_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = first_release_db.read_bytes()
    for command in (["log", "--all"], ["add", "Ms. Rivera", "coaching", "30"]):
        result = run(*command)
        assert result.exit_code == 1
        assert result.stderr.count("\n") == 1 and "newer coachlog" in result.stderr
    assert first_release_db.read_bytes() == before
    assert not list(first_release_db.parent.glob("*.bak"))


def test_database_without_a_schema_version_is_refused(run: Run, first_release_db: Path) -> None:
    """An empty alembic_version (an interrupted setup) is named, and the file is left alone."""
    with sqlite3.connect(first_release_db) as connection:
        connection.execute("DELETE FROM alembic_version")
    connection.close()
    before = first_release_db.read_bytes()
    result = run("log")
    assert result.exit_code == 1 and "no schema version" in result.stderr
    assert first_release_db.read_bytes() == before


def test_backup_is_a_private_consistent_copy(ok: Run, first_release_db: Path, tmp_path: Path) -> None:
    """`backup` writes an owner-only copy into a 0700 backups folder that reads back identically."""
    result = ok("backup")
    written = Path(result.stdout.strip().rsplit(" to ", 1)[1])
    assert written.parent == first_release_db.parent / "backups"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(written.parent.stat().st_mode) == 0o700
    assert ok("--db", str(written), "export", "--raw").stdout == ok("export", "--raw").stdout
    chosen = tmp_path / "elsewhere" / "copy.db"
    ok("backup", str(chosen))
    assert row_counts(chosen)["entry"] == row_counts(first_release_db)["entry"]


def test_backup_never_overwrites(run: Run, ok: Run, first_release_db: Path, tmp_path: Path) -> None:
    """Backing up onto an existing file is refused and the file kept."""
    target = tmp_path / "taken.db"
    target.write_text("precious")
    result = run("backup", str(target))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert target.read_text() == "precious"


def test_backup_while_another_process_writes(ok: Run, first_release_db: Path, tmp_path: Path) -> None:
    """A backup taken while another connection holds an open write holds the committed rows only."""
    writer = sqlite3.connect(first_release_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM entry_teacher")
    try:
        ok("backup", str(tmp_path / "during.db"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert row_counts(tmp_path / "during.db")["entry_teacher"] == row_counts(first_release_db)["entry_teacher"]


def test_restore_replaces_the_database_and_keeps_the_old_one(ok: Run, first_release_db: Path, tmp_path: Path) -> None:
    """restore checks the backup, swaps it in, and keeps the replaced database beside it."""
    saved = tmp_path / "saved.db"
    ok("backup", str(saved))
    expected = ok("export", "--raw").stdout
    ok("delete", "1", "--yes")
    ok("add", "Someone New", "coaching", "30")
    changed = ok("export", "--raw").stdout
    result = ok("restore", str(saved))
    assert ok("export", "--raw").stdout == expected
    kept = Path(result.stdout.strip().splitlines()[-1].rsplit(" at ", 1)[1])
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert ok("--db", str(kept), "export", "--raw").stdout == changed


@pytest.mark.parametrize("kind", ["text", "empty", "foreign sqlite", "newer coachlog", "missing"])
def test_restore_refuses_what_is_not_a_coachlog_backup(
    run: Run, first_release_db: Path, tmp_path: Path, kind: str
) -> None:
    """A file that is not a usable coachlog database is refused, and the current database is untouched."""
    source = tmp_path / "candidate.db"
    if kind == "text":
        source.write_text("id,date\n1,2026-11-20\n")
    elif kind == "empty":
        source.write_bytes(b"")
    elif kind == "foreign sqlite":
        with sqlite3.connect(source) as connection:
            connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.close()
    elif kind == "newer coachlog":
        shutil.copyfile(FIRST_RELEASE, source)
        with sqlite3.connect(source) as connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
        connection.close()
    before = table_dump(first_release_db)
    result = run("restore", str(source))
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert table_dump(first_release_db) == before
    assert not list(first_release_db.parent.glob("*.before-restore-*"))


def test_restore_over_a_damaged_database_keeps_its_bytes(ok: Run, db_path: Path, tmp_path: Path) -> None:
    """When the current file is damaged (here: 0 bytes), restore still works and keeps the damaged bytes."""
    saved = tmp_path / "saved.db"
    shutil.copyfile(FIRST_RELEASE, saved)
    db_path.write_bytes(b"")
    result = ok("restore", str(saved))
    assert "Restored 9 entries" in result.stdout
    assert len(json.loads(ok("export", "--format", "json").stdout)) == 9
    kept = list(db_path.parent.glob("*.before-restore-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b""


def test_read_only_database_still_serves_reports(first_release_db: Path, tmp_path: Path) -> None:
    """A database we may not write (no write permission on it or its folder) still gives log, report, export."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to drop the capability that lets root write anything")
    folder = tmp_path / "readonly"
    folder.mkdir()
    database = folder / "coachlog.db"
    shutil.copyfile(first_release_db, database)
    database.chmod(0o400)
    folder.chmod(0o500)
    drop = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    from test_installed import coachlog_command

    env = {**os.environ, "COACHLOG_DB": str(database)}
    try:
        for args in (["log", "--all"], ["report", "--all", "--format", "json"], ["export", "--raw"]):
            done = subprocess.run([*drop, *coachlog_command(), *args], capture_output=True, text=True, env=env)
            assert done.returncode == 0, done.stderr
            assert "Ms. Rivera" in done.stdout or '"minutes"' in done.stdout
        write = subprocess.run(
            [*drop, *coachlog_command(), "add", "Ms. Rivera", "coaching", "30"], capture_output=True, text=True, env=env
        )
        assert write.returncode == 1 and "read-only" in write.stderr and write.stderr.count("\n") == 1
    finally:
        folder.chmod(0o700)
        database.chmod(0o600)
    assert table_dump(database) == table_dump(first_release_db)


def test_unwritable_path_is_named_and_nothing_is_created(run: Run, tmp_path: Path) -> None:
    """A database path under a regular file cannot be created: one line naming it, no file anywhere."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = run("--db", str(blocker / "coachlog.db"), "add", "Ms. Rivera", "coaching", "30")
    assert result.exit_code == 1
    assert str(blocker / "coachlog.db") in result.stderr and result.stderr.count("\n") == 1
    assert blocker.read_text() == "x"
