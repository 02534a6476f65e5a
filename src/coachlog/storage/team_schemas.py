"""One schema per coach on a team database: each coach's rows in tables of their own (team_schemas.sql).

Row-level security on shared tables hides rows, not their traces: EXPLAIN ANALYZE counts the rows a
policy filtered out, and shared sequences and statistics count everyone's. So each coach gets a
schema named after their role, with their own tables and sequences; they may use that schema only,
and every other coach's is "permission denied", EXPLAIN included. The coordinator's functions read
across the schemas through the administrator's views in `coachlog_team`. `team init` makes the
schemas of every coach (moving their rows out of an earlier coachlog's shared tables), `team
add-coach` makes the new coach's, and a coach whose role was made otherwise gets theirs on first use
(`team_join()`, see postgres.py).

A migration changes only public's tables, the template. Every `enrol` brings the coach's schema to public's
shape (new tables, columns, checks, keys, indexes; every row, id and sequence kept: coachlog_team.conform()),
so `team init` does it for every coach, and so does `upgrade_team`, run right after every upgrade of a team
database (postgres.py); both then make the administrator's views again with the new tables and columns.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from coachlog.errors import StorageError
from coachlog.storage.postgres_errors import first_line

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

ADMIN_SCHEMA = "coachlog_team"  # the administrator's views over every coach's schema; no coach may use it
# Held while team init changes roles, grants and functions, so that two inits run one after the other.
TEAM_LOCK_KEY = int.from_bytes(b"coachtm", "big")
STATEMENT = "-- statement\n"  # in the .sql files, each statement follows this line


@functools.cache
def statements(name: str) -> tuple[str, ...]:
    """The statements of the package's SQL file `name`, in order (each without its last newline)."""
    from importlib.resources import files

    text = files("coachlog.storage").joinpath(name).read_text(encoding="utf-8")
    return tuple(chunk[:-1] for chunk in text.split(STATEMENT)[1:])  # each chunk ends with its own newline


@functools.cache
def schema_statements(lock_key: int) -> tuple[str, ...]:
    """The statements of team_schemas.sql, in order, ready to run."""
    return tuple(sql.replace("@LOCK@", str(lock_key)) for sql in statements("team_schemas.sql"))


def coach_roles(db: psycopg.Connection[TupleRow], group: str) -> list[str]:
    """The login roles of the coach group (no superuser), sorted: the coaches who get a schema."""
    return [
        name
        for (name,) in db.execute(
            "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
            " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = %s AND m.rolcanlogin AND NOT m.rolsuper"
            " ORDER BY m.rolname",
            (group,),
        )
    ]


def enrol(db: psycopg.Connection[TupleRow], coach: str, refresh: bool = True) -> bool:
    """Make or update `coach`'s schema (moving their rows out of shared tables); True when it was made."""
    (made,) = db.execute("SELECT coachlog_team.enrol(%s, %s)", (coach, refresh)).fetchone()  # type: ignore[misc]
    return bool(made)


def enrol_all(db: psycopg.Connection[TupleRow], group: str) -> None:
    """Every coach's schema, one transaction per coach (a schema takes some forty locks until its
    transaction ends: hundreds of coaches in one would overflow the server's lock table), then the
    administrator's views over all of them."""
    with db.transaction():  # not left open: each coach's own transaction below would be a mere savepoint in it
        coaches = coach_roles(db, group)
    for coach in coaches:
        with db.transaction():
            enrol(db, coach, refresh=False)
    with db.transaction():
        db.execute("SELECT coachlog_team.refresh()")


def statistics_hidden(db: psycopg.Connection[TupleRow]) -> bool:
    """Whether row counts and activity counters are kept from coaches here (a superuser's `team init` does it)."""
    (hidden,) = db.execute(  # type: ignore[misc]
        "SELECT NOT has_column_privilege('public', 'pg_catalog.pg_class', 'reltuples', 'SELECT')"
    ).fetchone()
    return bool(hidden)


def upgrade_team(db: psycopg.Connection[TupleRow], where: str) -> bool:
    """After public's tables were migrated (as their owner, on `db`): this coachlog's team_schemas.sql, then every
    coach's schema brought to public's shape and the administrator's views made again (`enrol_all`). False, doing
    nothing, on a database that has no coach schemas (no team, or an earlier coachlog's shared tables: `team init`
    moves them). StorageError when that fails: the migration stays, the failing coach's schema stays as it was,
    and the administrator is asked to finish with `team init`.
    """
    import psycopg

    try:
        return _upgrade_team(db)
    except psycopg.Error as exc:
        raise StorageError(
            f"the team database at {where} was upgraded, but not every coach's schema: {first_line(exc)};"
            " the administrator runs `coachlog team init`"
        ) from None


def _upgrade_team(db: psycopg.Connection[TupleRow]) -> bool:
    with db.transaction():
        (team,) = db.execute(  # type: ignore[misc]
            "SELECT to_regprocedure('coachlog_team.enrol(text, boolean)') IS NOT NULL"
            " AND to_regclass('public.setting') IS NOT NULL"
        ).fetchone()
        if not team:
            return False
        db.execute("SELECT pg_advisory_xact_lock(%s)", (TEAM_LOCK_KEY,))
        (group,) = db.execute(  # type: ignore[misc]
            "SELECT coalesce((SELECT value FROM setting WHERE key = 'team.coach_role'), 'coach')"
        ).fetchone()
        for statement in schema_statements(TEAM_LOCK_KEY):
            db.execute(statement)
    enrol_all(db, str(group))
    return True
