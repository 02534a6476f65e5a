"""A team database follows the schema's migrations: each coach's schema takes public's new shape.

A migration changes only `public`, the template of every coach's schema (team_schemas.sql). Right after an
upgrade of a team database (storage/postgres.py) and at every `team init`, coachlog_team.conform() brings each
coach's schema to public's shape, keeping every row, id, uid and sequence, and the administrator's views are
made again with the new tables and columns. These tests make a team database at revision 0004 (before issue 15:
`team init` with the migrations stopped there), give two coaches rows, and upgrade it to head with the real
migrations 0005-0007 (tables `cycle`, `cycle_teacher`, `next_step`, `summary_record`; `entry.cycle_id` and
`entry.consent_withdrawn_at`; the roster's teacher columns with a default; entry's kind CHECK allowing 'prep';
new indexes and foreign keys between the coach's tables) through the hook that runs after every upgrade.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py); each test gets a database and roles of its own.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from coachlog.storage import postgres, team
from coachlog.storage.schema import migrate
from coachlog.urls import libpq_url, where_of
from helpers import Run, postgres_admin_url, with_database

psycopg = pytest.importorskip("psycopg")

OLD_TABLES = ("teacher", "entry", "entry_teacher", "entry_tag", "term", "undo_step", "timer")
NEW_TABLES = ("cycle", "cycle_teacher", "next_step", "summary_record")
OLD = "0004"  # the last schema before issue 15


def raw(url: str) -> Any:
    return psycopg.connect(libpq_url(url), autocommit=True)


class Program:
    """A team database made by `team init` with coaches ana and ben (made by `team add-coach`) and coordinator
    cora: at schema `revision` ("0004": as a coachlog before issue 15 left it; "head": as this one makes it)."""

    def __init__(self, admin: str, prefix: str, revision: str = "head") -> None:
        self.admin, self.prefix = admin, prefix
        if revision == "head":
            team.init_team(admin, None, prefix)
        else:  # the migrations stop at `revision`; this coachlog's coordinator functions may read columns of later
            # ones, so they are stored unchecked (`team init` renews them after the upgrade anyway)
            stop = mock.patch.object(team, "_migrate", lambda url: migrate.upgrade_url(url, revision))
            with stop, mock.patch.object(team, "connect_admin", self.unchecked(team.connect_admin)):
                team.init_team(admin, None, prefix)
        self.urls = {short: team.add_member(admin, prefix + short, "coach").url for short in ("ana", "ben")}
        self.urls["cora"] = team.add_member(admin, prefix + "cora", "coordinator").url
        self.ana, self.ben = prefix + "ana", prefix + "ben"

    @staticmethod
    def unchecked(connect: Any) -> Any:
        """connect_admin, whose connections store function bodies without checking them against the tables."""
        from contextlib import contextmanager

        @contextmanager
        def opened(url: str) -> Iterator[Any]:
            with connect(url) as db:
                db.execute("SET check_function_bodies = off")
                db.commit()
                yield db

        return opened

    def sql(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with raw(self.admin) as db:
            cursor = db.execute(query, params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def version(self) -> str:
        return str(self.sql("SELECT version_num FROM alembic_version")[0][0])


@pytest.fixture
def programs() -> Iterator[Any]:
    """make(revision="head"): a Program in a database of its own; every database and role is dropped afterwards."""
    server = postgres_admin_url()
    made: list[tuple[str, str]] = []

    def make(revision: str = "head") -> Program:
        name, prefix = f"team_{secrets.token_hex(5)}", f"t_{secrets.token_hex(4)}_"
        with raw(server) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        made.append((name, prefix))
        return Program(with_database(server, name), prefix, revision)

    yield make
    with raw(server) as db:
        for name, prefix in made:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in db.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)):
                db.execute(f'DROP ROLE "{role}"')


def seed(url: str, who: str) -> None:
    """As the coach, by raw SQL: two teachers, a session with both and a tag, a duty, a term, an undo step, a timer."""
    with raw(url) as db:
        ids = [
            db.execute(
                "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (session_user, %s, lower(%s),"
                " '2026-09-01 00:00:00') RETURNING id",
                (name, name),
            ).fetchone()[0]
            for name in (f"{who} One", f"{who} Two")
        ]
        for kind, stance, duty in (("session", "coaching", None), ("duty", None, "cover")):
            entry = db.execute(
                "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, duty_kind,"
                " activity, created_at, updated_at) VALUES (gen_random_uuid()::text, session_user, %s,"
                " '2026-11-02 14:00:00', 45, '2026-11-02', true, %s, %s, 'debrief', '2026-11-02 15:00:00',"
                " '2026-11-02 15:00:00') RETURNING id",
                (kind, stance, duty),
            ).fetchone()[0]
        for position, teacher in enumerate(ids):
            db.execute("INSERT INTO entry_teacher VALUES (%s, %s, %s)", (entry - 1, teacher, position))
        db.execute("INSERT INTO entry_tag VALUES (%s, 'math')", (entry - 1,))
        db.execute(
            "INSERT INTO term (owner, name, name_key, start_date, end_date)"
            " VALUES (session_user, 'Fall', 'fall', '2026-09-01', '2026-12-18')"
        )
        db.execute(
            "INSERT INTO undo_step (owner, description, created_at, before)"
            " VALUES (session_user, 'add', '2026-11-02 15:00:00', '{}')"
        )
        db.execute(
            "INSERT INTO timer (owner, start_utc, stance, teachers, tags, created_at)"
            " VALUES (session_user, '2026-11-23 14:00:00', 'coaching', '[]', '[]', '2026-11-23 14:00:00')"
        )


def old_columns(program: Program) -> dict[str, str]:
    """The columns of the coach tables as public has them now (before the upgrade: schema 0004's), per table."""
    return {
        table: ", ".join(
            name
            for (name,) in program.sql(
                "SELECT attname FROM pg_attribute WHERE attrelid = ('public.' || %s)::regclass AND attnum > 0"
                " AND NOT attisdropped ORDER BY attnum",
                (table,),
            )
        )
        for table in OLD_TABLES
    }


def rows(program: Program, columns: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every coach's rows of the tables of schema 0004 (in `columns`, their columns then), and the sequences."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for schema in (program.ana, program.ben):
        for table in OLD_TABLES:
            found[f"{schema}.{table}"] = program.sql(f'SELECT {columns[table]} FROM "{schema}".{table} ORDER BY 1, 2')
        found[f"{schema} sequences"] = program.sql(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s"
            " AND sequencename = ANY(%s) ORDER BY 1",  # the old tables' (later migrations add tables, not rows)
            (schema, [f"{table}_id_seq" for table in OLD_TABLES]),
        )
    return found


def shape(program: Program, schema: str) -> dict[str, Any]:
    """One coach's schema as the catalogs describe it (the coach's role and the team's prefix made neutral):
    columns, constraints, indexes, sequences, row security and policies, grants."""

    def neutral(found: list[tuple[Any, ...]]) -> list[tuple[str, ...]]:
        return [tuple(re.sub(re.escape(program.prefix), "P_", str(value)) for value in row) for row in found]

    where = "n.nspname = %s AND c.relkind = 'r'"
    relations = "pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    return {
        "columns": neutral(
            program.sql(
                "SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                f" pg_get_expr(d.adbin, d.adrelid) FROM {relations} JOIN pg_attribute a ON a.attrelid = c.oid"
                " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                f" WHERE {where} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2",
                (schema,),
            )
        ),
        "constraints": neutral(
            program.sql(
                f"SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid) FROM {relations}"
                f" JOIN pg_constraint k ON k.conrelid = c.oid WHERE {where} ORDER BY 1, 2",
                (schema,),
            )
        ),
        "indexes": neutral(
            program.sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1", (schema,))
        ),
        "sequences": neutral(
            program.sql(
                "SELECT c.relname, pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname)"
                f" FROM {relations} JOIN pg_attribute a ON a.attrelid = c.oid WHERE {where} AND a.attnum > 0"
                " AND pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname) IS NOT NULL"
                " ORDER BY 1, 2",
                (schema,),
            )
        ),
        "security": neutral(
            program.sql(
                f"SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text FROM {relations}"
                f" WHERE n.nspname = %s ORDER BY 1",
                (schema,),
            )
        ),
        "policies": neutral(
            program.sql(
                "SELECT tablename, policyname, roles::text, qual, with_check FROM pg_policies WHERE schemaname = %s"
                " ORDER BY 1, 2",
                (schema,),
            )
        ),
    }


def everything(program: Program, columns: dict[str, str]) -> list[Any]:
    """The whole team database's shape and rows, the administrator's views included."""
    return [
        shape(program, program.ana),
        shape(program, program.ben),
        rows(program, columns),
        program.sql("SELECT viewname, definition FROM pg_views WHERE schemaname = 'coachlog_team' ORDER BY 1"),
    ]


def use_the_new_tables(url: str) -> tuple[int, int]:
    """As the coach, by raw SQL: a cycle with their first teacher, a prep entry in it, a next step from it, a summary
    record, roster facts; (cycle id, entry id)."""
    with raw(url) as db:
        teacher = db.execute("SELECT min(id) FROM teacher").fetchone()[0]
        db.execute("UPDATE teacher SET department = 'Math', grade = '7', on_staff = true WHERE id = %s", (teacher,))
        cycle = db.execute(
            "INSERT INTO cycle (uid, owner, goal, focus, phase, started_on, created_at, updated_at) VALUES"
            " (gen_random_uuid()::text, session_user, 'exit tickets', 'checking for understanding', 'identify',"
            " '2026-11-02', '2026-11-02 15:00:00', '2026-11-02 15:00:00') RETURNING id"
        ).fetchone()[0]
        db.execute("INSERT INTO cycle_teacher VALUES (%s, %s, 0)", (cycle, teacher))
        entry = db.execute(
            "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, activity, cycle_id,"
            " created_at, updated_at) VALUES (gen_random_uuid()::text, session_user, 'prep', '2026-11-03 14:00:00',"
            " 30, '2026-11-03', true, 'preparing', %s, '2026-11-03 15:00:00', '2026-11-03 15:00:00') RETURNING id",
            (cycle,),
        ).fetchone()[0]
        db.execute(
            "INSERT INTO next_step (uid, owner, teacher_id, entry_id, text, due_on, created_at, updated_at) VALUES"
            " (gen_random_uuid()::text, session_user, %s, %s, 'check back', '2026-11-10', '2026-11-03 15:00:00',"
            " '2026-11-03 15:00:00')",
            (teacher, entry),
        )
        db.execute(
            "INSERT INTO summary_record (owner, made_at, start_date, end_date, label, format, uids) VALUES"
            " (session_user, '2026-11-04 10:00:00', '2026-09-01', '2026-11-04', 'Fall', 'html', '[]')"
        )
        return cycle, entry


def test_an_upgrade_from_0004_brings_every_coach_s_schema_to_public_s_shape(programs: Any) -> None:
    """A team database of schema 0004 with two coaches' rows, upgraded to head through the hook that runs after the
    migrations: every coach keeps their rows, ids, uids and sequences; ana writes the new tables and columns through
    her own schema, with 'prep' now a kind; ben sees none of it, not even to EXPLAIN; the administrator's views
    show it with the coach; the coordinator's figures come; and running the step again changes nothing."""
    program = programs(OLD)
    assert program.version() == OLD
    assert program.sql("SELECT to_regclass('public.cycle')") == [(None,)]
    seed(program.urls["ana"], "ana")
    seed(program.urls["ben"], "ben")
    columns = old_columns(program)
    before = rows(program, columns)
    postgres._upgrade(program.admin, OLD, where_of(program.admin))  # the hook, as a command run by the administrator
    assert program.version() == migrate.head_revision()
    assert rows(program, columns) == before
    assert (
        program.sql(f'SELECT on_staff, department, left_on FROM "{program.ana}".teacher') == [(False, None, None)] * 2
    )
    assert program.sql(f'SELECT count(*) FROM "{program.ana}".entry WHERE cycle_id IS NULL') == [(2,)]

    cycle, entry = use_the_new_tables(program.urls["ana"])
    assert entry == 3  # her own sequence went on from her own rows
    with raw(program.urls["ana"]) as db:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row security: a cycle is its coach's
            db.execute(
                "INSERT INTO cycle (uid, owner, goal, phase, started_on, created_at, updated_at) VALUES"
                " ('x', %s, 'g', 'identify', '2026-11-02', '2026-11-02 15:00:00', '2026-11-02 15:00:00')",
                (program.ben,),
            )
        assert db.execute("SELECT current_schema()").fetchone() == (program.ana,)
    with raw(program.urls["ben"]) as db:
        for table in NEW_TABLES:
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        assert db.execute("SELECT count(*) FROM entry WHERE cycle_id IS NOT NULL").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM teacher WHERE on_staff").fetchone() == (0,)
        for relation in [f'"{program.ana}".{table}' for table in NEW_TABLES] + ["coachlog_team.cycle"]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"EXPLAIN SELECT * FROM {relation}")

    assert program.sql("SELECT coach, goal FROM coachlog_team.cycle") == [(program.ana, "exit tickets")]
    assert program.sql("SELECT coach, cycle_id, kind FROM coachlog_team.entry WHERE cycle_id IS NOT NULL") == [
        (program.ana, cycle, "prep")
    ]
    assert program.sql("SELECT coach, text FROM coachlog_team.next_step") == [(program.ana, "check back")]
    assert program.sql("SELECT coach, label FROM coachlog_team.summary_record") == [(program.ana, "Fall")]
    assert program.sql("SELECT coach, department FROM coachlog_team.teacher WHERE on_staff") == [(program.ana, "Math")]
    assert program.sql("SELECT count(*) FROM coachlog_team.cycle_teacher") == [(1,)]
    with raw(program.urls["cora"]) as db:
        assert db.execute("SELECT sessions FROM team_totals()").fetchone() is not None

    once = everything(program, columns)
    for coach in (program.ana, program.ben):  # nothing left to do: no change made
        assert program.sql("SELECT coachlog_team.conform(%s)", (coach,)) == [(0,)]
    postgres._upgrade(program.admin, migrate.head_revision(), where_of(program.admin))
    team.init_team(program.admin)
    assert everything(program, columns) == once


def test_a_team_upgraded_from_0004_equals_one_made_at_head(programs: Any) -> None:
    """Each coach's schema of a team made at schema 0004 and brought up by `team init` has the same columns (in
    order), constraints, indexes, sequences, row security, policies and grants as one made at head; so have the
    administrator's views."""
    upgraded = programs(OLD)
    seed(upgraded.urls["ana"], "ana")
    team.init_team(upgraded.admin)
    assert upgraded.version() == migrate.head_revision()
    fresh = programs()
    for coach in ("ana", "ben"):
        old, new = shape(upgraded, upgraded.prefix + coach), shape(fresh, fresh.prefix + coach)
        assert {part for part in old if old[part] != new[part]} == set(), [
            (part, sorted(set(old[part]) ^ set(new[part]))) for part in old if old[part] != new[part]
        ]
    views = "SELECT viewname, definition FROM pg_views WHERE schemaname = 'coachlog_team' ORDER BY 1"
    assert [(name, text.replace(upgraded.prefix, "P_")) for name, text in upgraded.sql(views)] == [
        (name, text.replace(fresh.prefix, "P_")) for name, text in fresh.sql(views)
    ]


def test_a_change_the_coaches_rows_cannot_take_is_said_in_one_line_and_undone_for_them(programs: Any) -> None:
    """A column public requires without a default (its own table is empty) cannot be added to ana's rows: the
    hook stops with one line asking for `team init`, and ana's schema stays as it was, policies included."""
    from coachlog.errors import StorageError

    program = programs()
    seed(program.urls["ana"], "ana")
    before = shape(program, program.ana)
    program.sql("ALTER TABLE teacher ADD COLUMN required TEXT NOT NULL")
    with pytest.raises(StorageError) as refused:
        postgres._upgrade(program.admin, migrate.head_revision(), where_of(program.admin))
    message = str(refused.value)
    assert message.startswith(f"the team database at {where_of(program.admin)} was upgraded, but not every coach's")
    assert '"required"' in message and message.endswith("the administrator runs `coachlog team init`")
    assert "\n" not in message
    assert shape(program, program.ana) == before


def test_a_coach_who_meets_an_older_schema_is_sent_to_the_administrator(programs: Any, run: Run) -> None:
    """A coach's role cannot migrate a team database (it owns no table of public): their command stops with one
    line asking the administrator to run `team init`, and nothing changes."""
    program = programs()
    seed(program.urls["ana"], "ana")
    program.sql("UPDATE alembic_version SET version_num = '0003'")
    columns = old_columns(program)
    before = everything(program, columns)
    result = run("--db", program.urls["ana"], "log", "--all")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the team database at {where_of(program.admin)} has schema 0003; the administrator runs"
        " `coachlog team init` to upgrade it\n"
    )
    assert everything(program, columns) == before
    assert program.sql("SELECT version_num FROM alembic_version") == [("0003",)]


def test_the_coach_tables_are_listed_in_foreign_key_order() -> None:
    """coachlog_team.tables() names every table of the models that holds a coach's rows (an `owner` column, or a
    foreign key to such a table), each after the tables it references; the rest of public is no coach's."""
    from sqlmodel import SQLModel

    import coachlog.storage.schema.models  # noqa: F401 - defines the tables

    sql = (Path(team.__file__).parent / "team_schemas.sql").read_text()
    body = sql[sql.index("FUNCTION coachlog_team.tables()") :]
    body = body[body.index("ARRAY[") :]
    listed = re.findall(r"'([a-z_]+)'", body[: body.index("]")])
    tables = SQLModel.metadata.tables
    coach: set[str] = set()
    while True:
        more = {
            name
            for name, table in tables.items()
            if "owner" in table.columns or any(key.column.table.name in coach for key in table.foreign_keys)
        }
        if more <= coach:
            break
        coach |= more
    assert coach == {name for name in listed if name in tables}
    assert set(tables) - coach == {"setting", "alembic_version", "entry_tombstone", "pushed"} & set(tables)
    for name in coach:
        for key in tables[name].foreign_keys:
            assert listed.index(key.column.table.name) < listed.index(name), (name, key.column.table.name)
