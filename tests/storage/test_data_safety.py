"""Nothing lost: upgrades keep every row, backups and restores are checked, odd files are left alone."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, Run, row_counts, table_dump

DATA = ROOT / "tests" / "data"
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
        assert without_newer_columns(case["args"], result.stdout) == case["stdout"], name


# Export columns added since 0.1.0 (appended to the contract), and their value on an old entry.
NEWER_COLUMNS = {"helpful": "", "story": "", "shareable": "no", "source": "", "cycle": ""}


def without_newer_columns(args: list[str], stdout: str) -> str:
    """An export (or a JSON report) as 0.1.0 wrote it, after checking the newer columns hold their defaults."""
    if args[0] == "report" and "json" in args:
        data = json.loads(stdout)
        assert (data["totals"].pop("prep_minutes"), data.pop("prep")) == (0, {})  # added with prep entries
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args[0] != "export":
        return stdout
    if "json" in args:
        rows = json.loads(stdout)
        for row in rows:
            newer = {k: row.pop(k) for k in NEWER_COLUMNS}
            assert newer == {"helpful": None, "story": None, "shareable": False, "source": None, "cycle": None}
        return "[" + ",".join(f"\n  {json.dumps(row, ensure_ascii=False)}" for row in rows) + "\n]\n"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(stdout, newline="")))
    width = len(rows[0]) - len(NEWER_COLUMNS)
    assert rows[0][width:] == list(NEWER_COLUMNS)
    assert all(row[width:] == list(NEWER_COLUMNS.values()) for row in rows[1:])
    out = io.StringIO()
    ending = "\r\n" if "\r\n" in stdout else "\n"  # as the runner captured it
    csv.writer(out, lineterminator=ending).writerows(row[:width] for row in rows)
    return out.getvalue()
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
    ok("term", "list")  # upgrade first: an upgrade waits for the writer (see the next tests)
    writer = sqlite3.connect(first_release_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM entry_teacher")
    try:
        ok("backup", str(tmp_path / "during.db"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert row_counts(tmp_path / "during.db")["entry_teacher"] == row_counts(first_release_db)["entry_teacher"]


def schema_of(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_an_upgrade_waits_for_a_writer_then_says_so_and_changes_nothing(run: Run, first_release_db: Path) -> None:
    """While another program writes, an upgrade gives up after the lock wait, in one line; the file stays as it was."""
    before = table_dump(first_release_db)
    writer = sqlite3.connect(first_release_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        os.environ["COACHLOG_LOCK_TIMEOUT"] = "0.2"
        result = run("report", "--all")
    finally:
        del os.environ["COACHLOG_LOCK_TIMEOUT"]
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert "locked by another program" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert schema_of(first_release_db) == "0001"
    assert table_dump(first_release_db) == before
    assert not list(first_release_db.parent.glob("*.before-upgrade-*"))


def test_processes_opening_an_old_database_at_once_upgrade_it_once(first_release_db: Path) -> None:
    """Four coachlogs meeting a 0.1.0 database together: one upgrades (with one backup), the rest wait and use it."""
    before = row_counts(first_release_db)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "coachlog", "add", f"Teacher {n}", "coaching", "30", "--at", "2026-11-20 9:00"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    outcomes = [(p.wait(timeout=60), p.stderr.read() if p.stderr else "") for p in processes]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], outcomes
    assert schema_of(first_release_db) != "0001"
    assert row_counts(first_release_db)["entry"] == before["entry"] + 4
    assert len(list(first_release_db.parent.glob("*.before-upgrade-*"))) == 1


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


def test_read_only_database_still_serves_reports(ok: Run, first_release_db: Path, tmp_path: Path) -> None:
    """A database we may not write (no write permission on it or its folder) still gives log, report, export;
    one that would need a schema upgrade says so in one line instead."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to drop the capability that lets root write anything")
    drop = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    from helpers import coachlog_command

    old = tmp_path / "old.db"
    shutil.copyfile(first_release_db, old)
    old.chmod(0o400)
    done = subprocess.run(
        [*drop, *coachlog_command(), "report", "--all"],
        capture_output=True,
        text=True,
        env={**os.environ, "COACHLOG_DB": str(old)},
    )
    assert done.returncode == 1 and "needs a schema upgrade but is read-only" in done.stderr
    assert done.stderr.count("\n") == 1 and old.read_bytes() == first_release_db.read_bytes()

    ok("term", "list")  # upgraded where it can be written
    folder = tmp_path / "readonly"
    folder.mkdir()
    database = folder / "coachlog.db"
    shutil.copyfile(first_release_db, database)
    database.chmod(0o400)
    folder.chmod(0o500)
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


def test_an_upgraded_database_matches_the_models_and_keeps_ids_unique(ok: Run, first_release_db: Path) -> None:
    """After the upgrade the schema is what models.py says, and entry ids still never come back (AUTOINCREMENT)."""
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from coachlog.storage.schema import models

    ok("term", "list")
    engine = sa.create_engine(f"sqlite:///{first_release_db}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, models.SQLModel.metadata) == []
    engine.dispose()
    with sqlite3.connect(first_release_db) as connection:
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'entry'").fetchone()[0]
        newest = connection.execute("SELECT MAX(id) FROM entry").fetchone()[0]
    assert "AUTOINCREMENT" in sql
    ok("delete", str(newest), "--yes")
    ok("add", "Ms. Rivera", "coaching", "30")
    assert by_id_max(first_release_db) == newest + 1


def by_id_max(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT MAX(id) FROM entry").fetchone()[0])


def test_an_old_database_with_separators_in_names_and_tags_is_repaired_on_upgrade(
    run: Run, first_release_db: Path, tmp_path: Path
) -> None:
    """0.1.0 accepted 'A; B' as one teacher and 'k;eep' as one tag; the upgrade rewrites them so a CSV export
    imports back as the same teacher and tag, once (found by a review: the name split into two teachers)."""
    with sqlite3.connect(first_release_db) as connection:
        teacher_id, entry_id = connection.execute(
            "SELECT teacher_id, entry_id FROM entry_teacher ORDER BY entry_id LIMIT 1"
        ).fetchone()
        connection.execute("UPDATE teacher SET name = 'Ana; Bo\x1bRivera' WHERE id = ?", (teacher_id,))
        connection.execute("INSERT INTO entry_tag (entry_id, tag) VALUES (?, 'k;eep')", (entry_id,))
    before = row_counts(first_release_db)
    result = run("teacher", "list")
    assert result.exit_code == 0 and "Ana, Bo Rivera" in result.stdout
    assert row_counts(first_release_db)["teacher"] == before["teacher"]
    export = tmp_path / "all.csv"
    assert run("export", "-o", str(export)).exit_code == 0
    again = run("import", str(export))
    assert again.exit_code == 0 and again.stdout.startswith("Imported 0 entries"), again
    other = tmp_path / "other.db"
    assert run("--db", str(other), "import", str(export)).exit_code == 0
    with_sessions = "SELECT name FROM teacher WHERE id IN (SELECT teacher_id FROM entry_teacher) ORDER BY name"
    with sqlite3.connect(first_release_db) as original, sqlite3.connect(other) as copy:
        assert copy.execute(with_sessions).fetchall() == original.execute(with_sessions).fetchall()
        assert ("Ana, Bo Rivera",) in copy.execute(with_sessions).fetchall()
    with sqlite3.connect(other) as connection:
        assert connection.execute("SELECT COUNT(*) FROM entry_tag WHERE tag = 'k,eep'").fetchone()[0] == 1


def test_an_old_database_belongs_to_the_configured_coach_after_the_upgrade(ok: Run, first_release_db: Path) -> None:
    """Schema 0004: every row of a 0.1.0 file is owned by the coach named in config, each entry gets its own
    uid, and none is lost; entries added afterwards belong to the same coach."""
    with sqlite3.connect(first_release_db) as connection:
        before = connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0]
    ok("config", "set", "coach", "Sam Lee")
    ok("add", "Ms. Rivera", "coaching", "30")
    with sqlite3.connect(first_release_db) as connection:
        owners = {
            table: {row[0] for row in connection.execute(f"SELECT DISTINCT owner FROM {table}")}
            for table in ("entry", "teacher", "term", "undo_step")
        }
        uids = [row[0] for row in connection.execute("SELECT uid FROM entry")]
        [(stored,)] = connection.execute("SELECT value FROM setting WHERE key = 'owner'").fetchall()
        triggers = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert stored == "Sam Lee"
    assert owners == {"entry": {"Sam Lee"}, "teacher": {"Sam Lee"}, "term": {"Sam Lee"}, "undo_step": {"Sam Lee"}}
    assert len(uids) == before + 1 == len(set(uids))
    assert all(len(uid) == 36 for uid in uids)
    assert triggers == {"entry_tombstone_on_delete", "entry_tombstone_on_insert"}


def test_only_entries_that_were_pushed_leave_a_tombstone(ok: Run, db_path: Path) -> None:
    """Deleting an entry no team database has seen leaves nothing behind; deleting one that was pushed leaves
    its uid for the next push, and undoing that delete takes the tombstone back."""
    ok("add", "Ms. Rivera", "coaching", "30")
    ok("add", "Mr. Okafor", "consulting", "20")
    with sqlite3.connect(db_path) as connection:
        _first, uid2 = (row[0] for row in connection.execute("SELECT uid FROM entry ORDER BY id"))
        connection.execute("INSERT INTO pushed (remote, uid, digest) VALUES ('team', ?, 'x')", (uid2,))
    ok("delete", "1", "--yes")
    ok("delete", "2", "--yes")
    with sqlite3.connect(db_path) as connection:
        assert [row[0] for row in connection.execute("SELECT uid FROM entry_tombstone")] == [uid2]
    ok("undo")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT uid FROM entry_tombstone").fetchall() == []
        assert [row[0] for row in connection.execute("SELECT uid FROM entry")] == [uid2]
