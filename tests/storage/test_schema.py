"""The schema: Alembic builds exactly what the SQLModel models describe, and the lean sqlite3
path in store.py writes exactly what the models read."""

from __future__ import annotations

import sqlite3
import stat
from contextlib import closing
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, select

from coachlog.storage.base import SCHEMA_HEAD
from coachlog.storage.schema import migrate, models
from helpers import ROOT, Run


def test_schema_head_constant_matches_the_newest_migration() -> None:
    """database.SCHEMA_HEAD (checked on every start) is the newest Alembic revision."""
    assert migrate.head_revision() == SCHEMA_HEAD


def test_migrations_ship_inside_the_package() -> None:
    """The migration scripts are package data, so an installed coachlog can upgrade a database."""
    folder = resources.files("coachlog.storage.schema.migrations")
    assert folder.joinpath("env.py").is_file()
    assert folder.joinpath("script.py.mako").is_file()
    versions = [p.name for p in folder.joinpath("versions").iterdir() if p.name.endswith(".py")]
    assert any(name.startswith(f"{SCHEMA_HEAD}_") for name in versions)


def test_migrated_database_matches_the_models(ok: Run, db_path: Path) -> None:
    """Autogenerate finds no difference between a database coachlog created and models.py."""
    ok("term", "list")  # any command creates the database on first use
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, models.SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_new_database_is_private_and_in_wal_mode(ok: Run, tmp_path: Path) -> None:
    """A database created in a new folder is 0600 inside a 0700 folder, journaled with WAL."""
    path = tmp_path / "fresh" / "nested" / "log.db"
    ok("--db", str(path), "add", "Ms. Rivera", "coaching", "30")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_lean_writes_read_back_through_the_models(ok: Run, db_path: Path) -> None:
    """Entries written by the CLI's sqlite3 path come back field for field through SQLModel."""
    ok(
        "add", "Ms. Rivera", "collab", "1h30m", "--with", "Mr. Okafor", "--at", "2026-11-20 09:15",
        "-a", "co-teach", "-n", "fractions", "--tag", "Math", "--tag", "cycle-1",
    )  # fmt: skip
    ok("duty", "cover", "50", "--at", "2026-11-19")
    engine = sa.create_engine(f"sqlite:///{db_path}")
    with Session(engine) as session:
        entries = session.exec(select(models.Entry).order_by(models.Entry.id)).all()
        teachers = {t.id: t.name for t in session.exec(select(models.Teacher)).all()}
        links = session.exec(select(models.EntryTeacher).order_by(models.EntryTeacher.position)).all()
        tags = sorted(t.tag for t in session.exec(select(models.EntryTag)).all())
        session_entry, duty_entry = entries
        # 09:15 in New York on 2026-11-20 (EST, UTC-5) is 14:15 UTC.
        assert session_entry.start_utc == datetime(2026, 11, 20, 14, 15, tzinfo=UTC)
        assert session_entry.local_date == date(2026, 11, 20)
        assert session_entry.time_known is True
        assert (session_entry.kind, session_entry.stance, session_entry.minutes) == ("session", "collaborating", 90)
        assert (session_entry.activity, session_entry.note, session_entry.duty_kind) == (
            "co-teaching",
            "fractions",
            None,
        )
        assert session_entry.created_at.tzinfo is UTC
        assert [teachers[link.teacher_id] for link in links if link.entry_id == session_entry.id] == [
            "Ms. Rivera",
            "Mr. Okafor",
        ]
        assert tags == ["cycle-1", "math"]
        assert (duty_entry.kind, duty_entry.duty_kind, duty_entry.stance, duty_entry.minutes) == (
            "duty",
            "cover",
            None,
            50,
        )
        assert duty_entry.local_date == date(2026, 11, 19)
        assert duty_entry.time_known is False
    engine.dispose()


def test_database_refuses_rows_that_break_the_rules(ok: Run, db_path: Path) -> None:
    """CHECK constraints stop a zero-minute session or a duty with a stance, whoever writes it."""
    ok("add", "Ms. Rivera", "coaching", "30")
    with sqlite3.connect(db_path) as connection:
        row = dict(
            zip(
                ("kind", "start_utc", "local_date", "time_known", "created_at", "updated_at"),
                ("session", "2026-11-20 14:00:00", "2026-11-20", 1, "2026-11-20 14:00:00", "2026-11-20 14:00:00"),
                strict=True,
            )
        )
        for minutes, stance, duty_kind in ((0, "coaching", None), (30, "evaluating", None), (30, "coaching", "cover")):
            try:
                connection.execute(
                    "INSERT INTO entry (kind, start_utc, minutes, local_date, time_known, stance, duty_kind,"
                    " created_at, updated_at) VALUES (:kind, :start_utc, :minutes, :local_date, :time_known,"
                    " :stance, :duty_kind, :created_at, :updated_at)",
                    {**row, "minutes": minutes, "stance": stance, "duty_kind": duty_kind},
                )
            except sqlite3.IntegrityError:
                continue
            raise AssertionError(f"accepted minutes={minutes} stance={stance} duty_kind={duty_kind}")


def test_built_wheel_contains_the_migrations(tmp_path: Path) -> None:
    """The wheel pip builds from this checkout carries Alembic's env, template and every revision."""
    import subprocess
    import sys
    import zipfile

    root = ROOT
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [wheel] = tmp_path.glob("coachlog-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    revisions = {p.name for p in (root / "src/coachlog/storage/schema/migrations/versions").glob("*.py")}
    assert {"coachlog/storage/schema/migrations/env.py", "coachlog/storage/schema/migrations/script.py.mako"} <= names
    assert {f"coachlog/storage/schema/migrations/versions/{name}" for name in revisions} <= names
    assert any(name.startswith(f"coachlog/storage/schema/migrations/versions/{SCHEMA_HEAD}_") for name in names)
    assert "coachlog/storage/team_functions.sql" in names  # the coordinator's functions, read at team init


def test_team_functions_come_whole_from_their_sql_file() -> None:
    """team_functions.sql gives every statement of `team init`, with each @NAME@ placeholder filled in."""
    import re

    from coachlog.storage import team

    statements = team.functions()
    assert len(statements) == 40  # with team_why_cycles, the cycle counts (team_count ... team_count_totals), the
    # fixed figures (team_count_term_only, team_count_line, team_count_departments, team_count_fixed_figures), and
    # team_totals_bound, team_totals_hide
    assert statements[0].startswith("\nDO $$") and statements[-1].endswith("TO {coach}")
    assert not [s for s in statements if re.search(r"@[A-Z_]+@", s)]


def test_upgrade_to_cycles_keeps_every_row_the_triggers_and_the_id_mark(tmp_path: Path) -> None:
    """Migration 0005 rebuilds `entry` on SQLite: its rows and links stay (in no cycle), the tombstone triggers
    of 0004 are there again, and an id handed out before (then deleted) is still never handed out again."""
    from alembic import command

    path = tmp_path / "at-0004.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        config.attributes["owner"] = "kim"
        command.upgrade(config, "0004")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "INSERT INTO teacher (id, owner, name, name_key, created_at) VALUES (1, 'kim', 'A', 'a', 'x')"
        )
        for entry_id in (1, 2, 3):
            connection.execute(
                "INSERT INTO entry (id, uid, owner, kind, start_utc, minutes, local_date, time_known, stance,"
                " created_at, updated_at) VALUES (?, ?, 'kim', 'session', '2026-11-02 15:00:00', 30, '2026-11-02',"
                " 1, 'coaching', 'x', 'x')",
                (entry_id, f"uid-{entry_id}"),
            )
            connection.execute(
                "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (?, 1, 0)", (entry_id,)
            )
        connection.execute("DELETE FROM entry_teacher WHERE entry_id = 3")  # no cascade: foreign keys are off here
        connection.execute("DELETE FROM entry WHERE id = 3")
    migrate.upgrade(path, owner="kim")
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT id, uid, cycle_id FROM entry ORDER BY id").fetchall() == [
            (1, "uid-1", None),
            (2, "uid-2", None),
        ]
        assert connection.execute("SELECT entry_id FROM entry_teacher ORDER BY entry_id").fetchall() == [(1,), (2,)]
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()
        assert triggers == [("entry_tombstone_on_delete",), ("entry_tombstone_on_insert",)]
        assert connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'entry'").fetchone() == (3,)
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
