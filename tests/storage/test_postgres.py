"""The same Alembic migrations build and upgrade a PostgreSQL database (issue 7, first slice).

These tests need a real server: COACHLOG_TEST_POSTGRES_URL names a superuser URL on it
(`.ci/run` starts a throwaway one with `.ci/postgres start DIR PORT`, which prints such a URL).
Without it they skip; with COACHLOG_REQUIRE_POSTGRES set they fail instead, so a CI that means
to test PostgreSQL cannot pass by skipping. Each test gets a new database of its own.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from coachlog.storage.base import SCHEMA_HEAD
from coachlog.storage.schema import migrate, models

NO_SERVER = "no PostgreSQL server: set COACHLOG_TEST_POSTGRES_URL (`.ci/postgres start DIR PORT` prints one)"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """The URL of a new, empty database on the test server; dropped after the test."""
    admin_url = os.environ.get("COACHLOG_TEST_POSTGRES_URL")
    if not admin_url:
        if os.environ.get("COACHLOG_REQUIRE_POSTGRES"):
            pytest.fail(f"COACHLOG_REQUIRE_POSTGRES is set, but {NO_SERVER}")
        pytest.skip(NO_SERVER)
    name = f"coachlog_t_{secrets.token_hex(6)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def differences_from_models(url: str) -> list[object]:
    """What autogenerate would change to make the database at `url` match models.py."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            opts = {"compare_type": True, "compare_server_default": True}
            context = MigrationContext.configure(connection, opts=opts)
            return list(compare_metadata(context, models.SQLModel.metadata))
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def revision_of(url: str) -> list[tuple[object, ...]]:
    return query(url, "SELECT version_num FROM alembic_version")


def tables_of(url: str) -> set[str]:
    rows = query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    return {str(name) for (name,) in rows}


MODEL_TABLES = set(models.SQLModel.metadata.tables)

SESSION_ROW = {
    "kind": "session",
    "start_utc": "2026-11-20 14:00:00",
    "minutes": 30,
    "local_date": "2026-11-20",
    "time_known": True,
    "stance": "coaching",
    "duty_kind": None,
    "created_at": "2026-11-20 14:00:00",
    "updated_at": "2026-11-20 14:00:00",
    "owner": "ana",
}
INSERT_ENTRY = sa.text(
    "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, duty_kind,"
    " created_at, updated_at)"
    " VALUES (gen_random_uuid()::text, :owner, :kind, :start_utc, :minutes, CAST(:local_date AS date), :time_known,"
    " :stance, :duty_kind, :created_at, :updated_at) RETURNING id"
)


def test_migrations_build_an_empty_postgres_database_that_matches_the_models(pg_url: str) -> None:
    """Upgrading an empty PostgreSQL database to head gives every table, and autogenerate finds no difference."""
    migrate.upgrade_url(pg_url)
    assert revision_of(pg_url) == [(SCHEMA_HEAD,)]
    assert tables_of(pg_url) == MODEL_TABLES | {"alembic_version"}
    assert differences_from_models(pg_url) == []
    migrate.upgrade_url(pg_url)  # a second run finds nothing to do
    assert revision_of(pg_url) == [(SCHEMA_HEAD,)]


def test_postgres_refuses_rows_that_break_the_rules(pg_url: str) -> None:
    """The CHECK constraints hold on PostgreSQL: raw SQL cannot store an evaluating stance, a zero-minute
    session, a duty with a stance, another kind, a backwards term or a second timer for one coach."""
    migrate.upgrade_url(pg_url)
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as connection:  # a good row goes in, so the refusals below are about the bad values
            connection.execute(INSERT_ENTRY, SESSION_ROW)
        bad_entries = {
            "ck_entry_kind_fields": [
                {"stance": "evaluating"},
                {"stance": None},
                {"duty_kind": "cover"},
                {"kind": "duty", "stance": None, "duty_kind": "napping"},
            ],
            "ck_entry_minutes": [{"minutes": 0}, {"minutes": 721}],
            "ck_entry_kind": [{"kind": "meeting"}],
        }
        for constraint, changes in bad_entries.items():
            for change in changes:
                with pytest.raises(sa.exc.IntegrityError) as caught, engine.begin() as connection:
                    connection.execute(INSERT_ENTRY, {**SESSION_ROW, **change})
                assert caught.value.orig.diag.constraint_name == constraint, change  # type: ignore[union-attr]
        timer = (
            "INSERT INTO timer (owner, start_utc, stance, teachers, tags, created_at)"
            " VALUES (:owner, '2026-11-20 14:00:00', :stance, '[]', '[]', '2026-11-20 14:00:00')"
        )
        with engine.begin() as connection:
            connection.execute(sa.text(timer), {"owner": "ana", "stance": "coaching"})
        for params, constraint in (
            ({"owner": "ben", "stance": "evaluating"}, "ck_timer_stance"),
            ({"owner": "ana", "stance": "coaching"}, "pk_timer"),
        ):
            with pytest.raises(sa.exc.IntegrityError) as caught, engine.begin() as connection:
                connection.execute(sa.text(timer), params)
            assert caught.value.orig.diag.constraint_name == constraint  # type: ignore[union-attr]
        with pytest.raises(sa.exc.IntegrityError) as caught, engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO term (owner, name, name_key, start_date, end_date)"
                    " VALUES ('ana', 'Fall', 'fall', DATE '2026-12-01', DATE '2026-09-01')"
                )
            )
        assert caught.value.orig.diag.constraint_name == "ck_term_dates"  # type: ignore[union-attr]
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM entry")).scalar_one() == 1
    finally:
        engine.dispose()


def test_upgrading_from_the_first_schema_keeps_every_row(pg_url: str) -> None:
    """A PostgreSQL database at 0001 with a session in it reaches head with the session, its teacher and tag
    intact, and the newer columns at their defaults."""
    migrate.upgrade_url(pg_url, "0001")
    assert revision_of(pg_url) == [("0001",)]
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as connection:
            entry_id = connection.execute(
                sa.text(
                    "INSERT INTO entry (kind, start_utc, minutes, local_date, time_known, stance, created_at,"
                    " updated_at) VALUES ('session', '2026-11-20 14:00:00', 45, DATE '2026-11-20', true, 'coaching',"
                    " '2026-11-20 14:00:00', '2026-11-20 14:00:00') RETURNING id"
                )
            ).scalar_one()
            connection.execute(sa.text("UPDATE entry SET note = 'fractions, again' WHERE id = :id"), {"id": entry_id})
            teacher_id = connection.execute(
                sa.text(
                    "INSERT INTO teacher (name, name_key, created_at)"
                    " VALUES ('Ms. Rivera', 'ms. rivera', '2026-11-20 14:00:00') RETURNING id"
                )
            ).scalar_one()
            connection.execute(
                sa.text("INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (:e, :t, 0)"),
                {"e": entry_id, "t": teacher_id},
            )
            connection.execute(sa.text("INSERT INTO entry_tag (entry_id, tag) VALUES (:e, 'math')"), {"e": entry_id})
    finally:
        engine.dispose()

    migrate.upgrade_url(pg_url)

    assert revision_of(pg_url) == [(SCHEMA_HEAD,)]
    assert query(
        pg_url,
        "SELECT e.id, e.kind, e.stance, e.minutes, e.local_date::text, e.time_known, e.note,"
        " e.helpful, e.story, e.shareable, e.source, t.name, g.tag, e.owner, t.owner, length(e.uid)"
        " FROM entry e JOIN entry_teacher et ON et.entry_id = e.id JOIN teacher t ON t.id = et.teacher_id"
        " JOIN entry_tag g ON g.entry_id = e.id",
    ) == [
        (
            entry_id,
            "session",
            "coaching",
            45,
            "2026-11-20",
            True,
            "fractions, again",
            None,
            None,
            False,
            None,
            "Ms. Rivera",
            "math",
            "coachlog_admin",  # rows already there belong to the role that migrates them
            "coachlog_admin",
            36,
        )
    ]
    assert differences_from_models(pg_url) == []


def test_downgrade_to_base_and_back_to_head(pg_url: str) -> None:
    """Every migration's downgrade runs on PostgreSQL: base leaves no coachlog table, and head comes back whole."""
    migrate.upgrade_url(pg_url)
    migrate.downgrade_url(pg_url, "0001")
    assert revision_of(pg_url) == [("0001",)]
    assert "timer" not in tables_of(pg_url)
    migrate.downgrade_url(pg_url, "base")
    assert revision_of(pg_url) == []
    assert tables_of(pg_url) == {"alembic_version"}
    migrate.upgrade_url(pg_url)
    assert revision_of(pg_url) == [(SCHEMA_HEAD,)]
    assert differences_from_models(pg_url) == []


def test_two_coachlogs_upgrading_at_once_upgrade_once(pg_url: str) -> None:
    """Concurrent upgrades of one empty PostgreSQL database queue on an advisory lock: both succeed, one schema."""
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def upgrade() -> None:
        start.wait()
        try:
            migrate.upgrade_url(pg_url)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=upgrade) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert revision_of(pg_url) == [(SCHEMA_HEAD,)]
    assert differences_from_models(pg_url) == []


def test_a_sqlite_url_takes_the_sqlite_upgrade(tmp_path: Path) -> None:
    """upgrade_url on a SQLite URL builds the file through upgrade(path); other revisions are refused."""
    path = tmp_path / "by-url.db"
    migrate.upgrade_url(f"sqlite:///{path}")
    assert revision_of(f"sqlite:///{path}") == [(SCHEMA_HEAD,)]
    assert differences_from_models(f"sqlite:///{path}") == []
    with pytest.raises(ValueError, match="head only"):
        migrate.upgrade_url(f"sqlite:///{path}", "0001")
    with pytest.raises(ValueError, match="not supported"):
        migrate.downgrade_url(f"sqlite:///{path}", "base")
