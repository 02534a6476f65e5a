"""A team database follows the schema's migrations: each coach's schema takes public's new shape.

A migration changes only `public`, the template of every coach's schema (team_schemas.sql). Right after an
upgrade of a team database (storage/postgres.py) and at every `team init`, coachlog_team.conform() brings each
coach's schema to public's shape, keeping every row, id, uid and sequence, and the administrator's views are
made again with the new tables and columns. The migrations of issue 15 are written elsewhere, so these tests
apply their shape to public by hand (CHANGE, test-only): tables `cycle`, `cycle_teacher` and `next_step`,
`entry.cycle_id`, teacher columns with a default, a widened column, entry's kind CHECK allowing 'prep', new
indexes and foreign keys between the coach's tables.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py); each test gets a database and roles of its own.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coachlog.storage import postgres, team
from coachlog.urls import libpq_url, where_of
from helpers import Run, postgres_admin_url, with_database

psycopg = pytest.importorskip("psycopg")

OLD_TABLES = ("teacher", "entry", "entry_teacher", "entry_tag", "term", "undo_step", "timer")
NEW_TABLES = ("cycle", "cycle_teacher", "next_step")
KIND_FIELDS = (
    "(kind = 'session' AND stance IS NOT NULL AND stance IN ('consulting', 'collaborating', 'coaching')"
    " AND duty_kind IS NULL) OR (kind = 'duty' AND stance IS NULL AND duty_kind IS NOT NULL)"
    " OR (kind = 'prep' AND stance IS NULL AND duty_kind IS NULL)"
)
# The shape the migrations 0005-0007 will give public (test-only: the real ones are written in parallel).
CHANGE = (
    "CREATE TABLE cycle (id SERIAL CONSTRAINT pk_cycle PRIMARY KEY, uid VARCHAR(36) NOT NULL"
    " CONSTRAINT uq_cycle_uid UNIQUE, owner VARCHAR(63) NOT NULL, goal TEXT NOT NULL, focus VARCHAR(60),"
    " phase VARCHAR(20) NOT NULL DEFAULT 'identify', started_on DATE NOT NULL, closed_on DATE,"
    " CONSTRAINT ck_cycle_dates CHECK (closed_on IS NULL OR closed_on >= started_on))",
    "CREATE INDEX ix_cycle_owner ON cycle (owner)",
    "CREATE TABLE cycle_teacher (cycle_id INTEGER NOT NULL CONSTRAINT fk_cycle_teacher_cycle_id_cycle"
    " REFERENCES cycle (id) ON DELETE CASCADE, teacher_id INTEGER NOT NULL"
    " CONSTRAINT fk_cycle_teacher_teacher_id_teacher REFERENCES teacher (id) ON DELETE RESTRICT,"
    " CONSTRAINT pk_cycle_teacher PRIMARY KEY (cycle_id, teacher_id))",
    "ALTER TABLE entry ADD COLUMN cycle_id INTEGER CONSTRAINT fk_entry_cycle_id_cycle REFERENCES cycle (id)"
    " ON DELETE SET NULL",
    "CREATE INDEX ix_entry_cycle_id ON entry (cycle_id)",
    "ALTER TABLE teacher ADD COLUMN department VARCHAR(60), ADD COLUMN grade VARCHAR(20),"
    " ADD COLUMN on_staff BOOLEAN NOT NULL DEFAULT true, ADD COLUMN left_on DATE",
    "CREATE TABLE next_step (id SERIAL CONSTRAINT pk_next_step PRIMARY KEY, teacher_id INTEGER NOT NULL"
    " CONSTRAINT fk_next_step_teacher_id_teacher REFERENCES teacher (id) ON DELETE CASCADE,"
    " entry_id INTEGER CONSTRAINT fk_next_step_entry_id_entry REFERENCES entry (id) ON DELETE SET NULL,"
    " what TEXT NOT NULL, due_on DATE NOT NULL, done_at VARCHAR(19))",
    "ALTER TABLE entry ALTER COLUMN activity TYPE VARCHAR(60)",
    "ALTER TABLE entry DROP CONSTRAINT ck_entry_kind,"
    " ADD CONSTRAINT ck_entry_kind CHECK (kind IN ('session', 'duty', 'prep')),"
    f" DROP CONSTRAINT ck_entry_kind_fields, ADD CONSTRAINT ck_entry_kind_fields CHECK ({KIND_FIELDS})",
)


def raw(url: str) -> Any:
    return psycopg.connect(libpq_url(url), autocommit=True)


class Program:
    """A team database made by `team init` with coaches ana and ben (made by `team add-coach`) and coordinator
    cora; `changed` applies CHANGE to public first, as a team made after the migrations would be."""

    def __init__(self, admin: str, prefix: str, changed: bool = False) -> None:
        self.admin, self.prefix = admin, prefix
        team.init_team(admin, None, prefix)
        if changed:
            self.change()
        self.urls = {short: team.add_member(admin, prefix + short, "coach").url for short in ("ana", "ben")}
        self.urls["cora"] = team.add_member(admin, prefix + "cora", "coordinator").url
        self.ana, self.ben = prefix + "ana", prefix + "ben"

    def sql(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with raw(self.admin) as db:
            cursor = db.execute(query, params)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def change(self) -> None:
        """The migration, in public only (as the administrator, the tables' owner), in one transaction."""
        with psycopg.connect(libpq_url(self.admin)) as db:
            for statement in CHANGE:
                db.execute(statement)


@pytest.fixture
def programs() -> Iterator[Any]:
    """make(changed=False): a Program in a database of its own; every database and role is dropped afterwards."""
    server = postgres_admin_url()
    made: list[tuple[str, str]] = []

    def make(changed: bool = False) -> Program:
        name, prefix = f"team_{secrets.token_hex(5)}", f"t_{secrets.token_hex(4)}_"
        with raw(server) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        made.append((name, prefix))
        return Program(with_database(server, name), prefix, changed)

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


def rows(program: Program) -> dict[str, list[tuple[Any, ...]]]:
    """Every coach's rows of the tables as they were before the change (their old columns), and the sequences."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for schema in (program.ana, program.ben):
        for table in OLD_TABLES:
            columns = ", ".join(
                name
                for (name,) in program.sql(
                    "SELECT attname FROM pg_attribute WHERE attrelid = ('public.' || %s)::regclass AND attnum > 0"
                    " AND NOT attisdropped AND attname NOT IN ('cycle_id', 'department', 'grade', 'on_staff',"
                    " 'left_on') ORDER BY attnum",
                    (table,),
                )
            )
            found[f"{schema}.{table}"] = program.sql(f'SELECT {columns} FROM "{schema}".{table} ORDER BY 1, 2')
        found[f"{schema} sequences"] = program.sql(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s"
            " AND sequencename NOT IN ('cycle_id_seq', 'next_step_id_seq') ORDER BY 1",
            (schema,),
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


def everything(program: Program) -> list[Any]:
    """The whole team database's shape and rows, the administrator's views included."""
    return [
        shape(program, program.ana),
        shape(program, program.ben),
        rows(program),
        program.sql("SELECT viewname, definition FROM pg_views WHERE schemaname = 'coachlog_team' ORDER BY 1"),
    ]


def test_an_upgrade_brings_every_coach_s_schema_to_public_s_shape(programs: Any) -> None:
    """After public changes (new tables, columns, checks, keys, indexes), the upgrade hook keeps every coach's
    rows, ids, uids and sequences; ana writes the new tables and column through her own schema, with 'prep' now
    a kind; ben sees none of it, not even to EXPLAIN; the administrator's views show it with the coach; the
    coordinator's figures still come; and running the step again changes nothing."""
    program = programs()
    seed(program.urls["ana"], "ana")
    seed(program.urls["ben"], "ben")
    before = rows(program)
    program.change()
    postgres._upgrade(program.admin, "0004", where_of(program.admin))  # the hook, as after Alembic's upgrade
    assert rows(program) == before
    assert program.sql(f'SELECT on_staff, department FROM "{program.ana}".teacher') == [(True, None)] * 2

    with raw(program.urls["ana"]) as db:
        teacher = db.execute("SELECT min(id) FROM teacher").fetchone()[0]
        cycle = db.execute(
            "INSERT INTO cycle (uid, owner, goal, started_on) VALUES (gen_random_uuid()::text, session_user,"
            " 'exit tickets', '2026-11-02') RETURNING id"
        ).fetchone()[0]
        db.execute("INSERT INTO cycle_teacher VALUES (%s, %s)", (cycle, teacher))
        entry = db.execute(
            "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, activity, cycle_id,"
            " created_at, updated_at) VALUES (gen_random_uuid()::text, session_user, 'prep', '2026-11-03 14:00:00',"
            " 30, '2026-11-03', true, %s, %s, '2026-11-03 15:00:00', '2026-11-03 15:00:00') RETURNING id",
            ("a" * 60, cycle),
        ).fetchone()[0]
        assert entry == 3  # her own sequence went on from her own rows
        db.execute(
            "INSERT INTO next_step (teacher_id, entry_id, what, due_on) VALUES (%s, %s, 'check back', '2026-11-10')",
            (teacher, entry),
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row security: a cycle is its coach's
            db.execute(
                "INSERT INTO cycle (uid, owner, goal, started_on) VALUES ('x', %s, 'g', '2026-11-02')", (program.ben,)
            )
        assert db.execute("SELECT current_schema()").fetchone() == (program.ana,)
    with raw(program.urls["ben"]) as db:
        assert db.execute("SELECT count(*) FROM cycle").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM entry WHERE cycle_id IS NOT NULL").fetchone() == (0,)
        for relation in (f'"{program.ana}".cycle', f'"{program.ana}".next_step', "coachlog_team.cycle"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"EXPLAIN SELECT * FROM {relation}")

    assert program.sql("SELECT coach, goal FROM coachlog_team.cycle") == [(program.ana, "exit tickets")]
    assert program.sql("SELECT coach, cycle_id, kind FROM coachlog_team.entry WHERE cycle_id IS NOT NULL") == [
        (program.ana, cycle, "prep")
    ]
    assert program.sql("SELECT coach, what FROM coachlog_team.next_step") == [(program.ana, "check back")]
    assert program.sql("SELECT count(*) FROM coachlog_team.cycle_teacher") == [(1,)]
    with raw(program.urls["cora"]) as db:
        assert db.execute("SELECT sessions FROM team_totals()").fetchone() is not None

    once = everything(program)
    for coach in (program.ana, program.ben):  # nothing left to do: no change made
        assert program.sql("SELECT coachlog_team.conform(%s)", (coach,)) == [(0,)]
    postgres._upgrade(program.admin, "0004", where_of(program.admin))
    team.init_team(program.admin)
    assert everything(program) == once


def test_a_team_upgraded_in_place_equals_one_made_after_the_change(programs: Any) -> None:
    """Each coach's schema of a team made before the change and brought up by `team init` has the same columns (in
    order), constraints, indexes, sequences, row security, policies and grants as one made after it."""
    upgraded = programs()
    seed(upgraded.urls["ana"], "ana")
    upgraded.change()
    team.init_team(upgraded.admin)
    fresh = programs(changed=True)
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
        postgres._upgrade(program.admin, "0004", where_of(program.admin))
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
    before = everything(program)
    result = run("--db", program.urls["ana"], "log", "--all")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the team database at {where_of(program.admin)} has schema 0003; the administrator runs"
        " `coachlog team init` to upgrade it\n"
    )
    assert everything(program) == before
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
