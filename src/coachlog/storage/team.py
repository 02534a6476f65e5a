"""A coaching team on PostgreSQL: roles, grants, each coach's schema and the coordinator's aggregates.

All of the team's SQL lives here, in team_schemas.py and in the .sql files beside them (reports/team.py
reads the figures). The database enforces every promise, not this client:

- a coach (a LOGIN role in the `coach` group) has a schema of their own, named after their role, with
  their own tables and sequences; they may use it and no other coach's (not even to EXPLAIN a query),
  and row-level security there checks that each row's owner is the coach who logged in;
- a coordinator (a LOGIN role in the `coordinator` group) has no privilege on any of those
  tables; they call SECURITY DEFINER functions that return only aggregates, with every
  figure that would describe fewer than `team.min_group` teachers withheld (the same
  small-group rule as the leadership summary, see privacy.py), and more cells withheld
  where the shown figures and the totals would let a small one be worked out.

`team_coaches`, `team_totals` and `team_duties` take a date range (NULL: open) of local
dates. A coordinator who asks for two overlapping ranges can difference them: that is
a known limit of any per-query suppression, documented in the README.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachlog.domain.values import DUTY_KINDS, MIN_GROUP, ROUND_TO, STANCES
from coachlog.errors import CoachlogError, StorageError, UsageError
from coachlog.storage.postgres import connect_admin, require_psycopg
from coachlog.storage.postgres_errors import first_line
from coachlog.storage.team_schemas import (
    TEAM_LOCK_KEY,
    enrol,
    enrol_all,
    schema_statements,
    statements,
    statistics_hidden,
)
from coachlog.urls import is_url

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

COACH, COORDINATOR = "coach", "coordinator"
KINDS = (COACH, COORDINATOR)
# The tables that hold a coach's data: in public, the template of each coach's schema (row-level security on each).
OWNED_TABLES = ("entry", "teacher", "term", "undo_step", "timer", "cycle", "next_step", "summary_record", "term_count")
LINK_TABLES = ("entry_teacher", "entry_tag", "cycle_teacher")
PRIVATE_TABLES = OWNED_TABLES + LINK_TABLES
READABLE_TABLES = ("setting", "alembic_version")  # both groups may read these
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")
RESERVED_NAMES = frozenset({"public", "none", "current_user", "current_role", "session_user", "user", "all"})
STANCE_BITS = {stance: 1 << index for index, stance in enumerate(STANCES)}  # consulting 1, collaborating 2, coaching 4


# ---- names and passwords -----------------------------------------------------------------


def check_name(name: str, groups: dict[str, str] | None = None) -> str:
    """A role name for a coach or coordinator, or UsageError: lowercase letters, digits, _, a letter first."""
    if not NAME_PATTERN.fullmatch(name or ""):
        raise UsageError(
            f"invalid name '{name}': use lowercase letters, digits and _, starting with a letter, at most 63"
        )
    if name in RESERVED_NAMES or name.startswith("pg_") or name in (groups or {}).values():
        raise UsageError(f"invalid name '{name}': it is reserved, choose another")
    return name


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 7677), so the password itself
    never travels in a statement that a server log could keep."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = base64.b64encode
    return f"SCRAM-SHA-256${iterations}:{b64(salt).decode()}${b64(stored_key).decode()}:{b64(server_key).decode()}"


def member_url(admin_url: str, name: str, password: str) -> str:
    """The URL a member connects with: the administrator's host, port and database, their own role."""
    import sqlalchemy as sa

    url = sa.make_url(admin_url).set(drivername="postgresql+psycopg", username=name, password=password)
    return url.render_as_string(hide_password=False)


# ---- team init ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamInfo:
    database: str
    min_group: int
    groups: dict[str, str]  # kind -> group role name
    statistics_hidden: bool  # row counts and activity counters kept from coaches (a superuser ran init)


def group_names(prefix: str = "") -> dict[str, str]:
    if prefix and not NAME_PATTERN.fullmatch(prefix + "coach"):
        raise UsageError(f"invalid role prefix '{prefix}': use lowercase letters, digits and _, a letter first")
    return {kind: f"{prefix}{kind}" for kind in KINDS}


def init_team(url: str, min_group: int | None = None, prefix: str | None = None) -> TeamInfo:
    """Build or upgrade the schema, then (re)create the groups, grants, policies and functions. Idempotent.

    `min_group` None keeps the stored threshold (5 on a new team); `prefix` None keeps the stored group names.
    """
    if min_group is not None and min_group < MIN_GROUP:
        raise UsageError(f"invalid --min-group {min_group}: use {MIN_GROUP} or more (a figure describes at least 5)")
    if not is_url(url):
        raise UsageError("team init needs a PostgreSQL URL: --db 'postgresql+psycopg://ADMIN:PASSWORD@HOST/DB'")
    require_psycopg()
    _migrate(url)
    import psycopg
    from psycopg import sql

    with connect_admin(url) as db:
        try:
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (TEAM_LOCK_KEY,))
                stored = _settings(db)
                groups = (
                    group_names(prefix)
                    if prefix is not None
                    else {kind: stored.get(f"team.{kind}_role", kind) for kind in KINDS}
                )
                threshold = min_group if min_group is not None else int(stored.get("team.min_group", MIN_GROUP))
                for kind in KINDS:
                    _ensure_group(db, groups[kind])
                _save_settings(db, {"team.min_group": str(threshold), **{f"team.{k}_role": groups[k] for k in KINDS}})
                _secure(db, groups)
                for statement in schema_statements(TEAM_LOCK_KEY):
                    db.execute(statement)
                roles = {kind: sql.Identifier(groups[kind]) for kind in KINDS}
                for statement in functions():  # only the grants name a role; the bodies hold literal braces
                    db.execute(sql.SQL(statement).format(**roles) if statement.startswith("GRANT") else statement)
                database = db.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
            enrol_all(db, groups[COACH])  # after the functions: each coach's schema, one transaction each
            hidden = statistics_hidden(db)
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StorageError(
                f"team init needs the program administrator (a superuser, or a role with CREATEROLE that owns"
                f" the database): {first_line(exc)}"
            ) from None
    return TeamInfo(database, threshold, groups, hidden)


def _migrate(url: str) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from coachlog.storage.schema import migrate

    try:
        migrate.upgrade_url(url)
    except SQLAlchemyError as exc:
        raise StorageError(
            f"cannot build the team database's schema: {first_line(getattr(exc, 'orig', None) or exc)}"
        ) from None


def _settings(db: psycopg.Connection[TupleRow]) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM setting WHERE key LIKE 'team.%'").fetchall())


def _save_settings(db: psycopg.Connection[TupleRow], values: dict[str, str]) -> None:
    for key, value in values.items():
        db.execute(
            "INSERT INTO setting (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def _ensure_group(db: psycopg.Connection[TupleRow], name: str) -> None:
    """Create the NOLOGIN group role `name` unless it exists; refuse a role of that name that can log in."""
    from psycopg import sql

    row = db.execute("SELECT rolcanlogin OR rolsuper FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    if row is None:
        db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    elif row[0]:
        raise CoachlogError(f"a role named '{name}' exists and can log in: it cannot be a group (use --role-prefix)")


def _secure(db: psycopg.Connection[TupleRow], groups: dict[str, str]) -> None:
    """Revoke what PUBLIC could reach, force row-level security, write the coach policies and the grants."""
    from psycopg import sql

    coach, coordinator = sql.Identifier(groups[COACH]), sql.Identifier(groups[COORDINATOR])
    both = sql.SQL("{}, {}").format(coach, coordinator)
    database = sql.Identifier(db.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]
    run = db.execute
    run(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))
    run(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, both))
    run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    run(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(both))
    run("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    run("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC")
    run(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(both))
    run(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(both))
    # session_user, not current_user: every coach may SET ROLE to the coach group (PostgreSQL 15 grants no
    # membership without SET), and rows owned by the group would then be shared by all coaches. The login
    # role cannot be changed by a coach, so a row is tied to the coach who logged in, whatever role is set.
    owner_check = sql.SQL("owner = session_user")
    own_entry = sql.SQL("EXISTS (SELECT 1 FROM entry e WHERE e.id = entry_id AND e.owner = session_user)")
    own_teacher = sql.SQL("EXISTS (SELECT 1 FROM teacher t WHERE t.id = teacher_id AND t.owner = session_user)")
    own_cycle = sql.SQL("EXISTS (SELECT 1 FROM cycle c WHERE c.id = cycle_id AND c.owner = session_user)")
    checks = {
        **dict.fromkeys(OWNED_TABLES, (owner_check, owner_check)),
        "entry_teacher": (own_entry, sql.SQL("{} AND {}").format(own_entry, own_teacher)),
        "entry_tag": (own_entry, own_entry),
        "cycle_teacher": (own_cycle, sql.SQL("{} AND {}").format(own_cycle, own_teacher)),
    }
    for table in PRIVATE_TABLES:
        if db.execute("SELECT to_regclass(%s)", (f"public.{table}",)).fetchone() == (None,):
            continue  # not in public (a database kept at an older schema): nothing to secure
        name = sql.Identifier(table)
        run(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
        run(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
        using, check = checks[table]
        for policy in ("team_coach", "team_admin"):
            run(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(sql.Identifier(policy), name))
        run(
            sql.SQL("CREATE POLICY team_coach ON {} TO {} USING ({}) WITH CHECK ({})").format(name, coach, using, check)
        )
        # FORCE applies the policies to the tables' owner too: the administrator keeps every row.
        run(sql.SQL("CREATE POLICY team_admin ON {} TO CURRENT_USER USING (true) WITH CHECK (true)").format(name))
    # No grant on these to anyone: each coach's rows live in their own schema (team_schemas.sql). The
    # shared tables are the migrations' template, and keep the rows of roles that are no coach.
    for table in READABLE_TABLES:
        run(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), both))


# The version of the team functions' privacy rules (team_report's "rules"): older functions are refused. 7: a
# term's cycle counts only as the coach's own summary fixed them, the totals' median only with one coach. 8: the
# totals withhold a stance cell that, less the shown rows, would bound the rows' withheld cells (team_totals_bound);
# the stance movement, focus areas and reach by department of a term as that summary fixed them.
RULES = 8
# The coordinator's functions (team_functions.sql) with their @NAME@ placeholders filled in.
PLACEHOLDERS = {
    "@COACHES_COLUMNS@": "coach text, sessions bigint, session_minutes bigint, duty_minutes bigint,"
    " consulting_minutes bigint, collaborating_minutes bigint, coaching_minutes bigint, teachers_reached bigint,"
    " consulting_hidden text, collaborating_hidden text, coaching_hidden text, prep_minutes bigint,"
    " cycle_minutes bigint, cycle_hidden text, counts jsonb",
    "@TOTALS_COLUMNS@": "coaches_shown bigint, coaches_left_out bigint, sessions bigint,"
    " session_minutes bigint, duty_minutes bigint, consulting_minutes bigint, collaborating_minutes bigint,"
    " coaching_minutes bigint, teachers_reached bigint, consulting_hidden text, collaborating_hidden text,"
    " coaching_hidden text, min_group integer, prep_minutes bigint, cycle_minutes bigint, cycle_hidden text,"
    " counts jsonb",
    "@DUTIES_COLUMNS@": "duty_kind text, minutes bigint, coaches bigint",
    "@DUTY_KINDS@": "ARRAY[" + ", ".join(f"'{kind}'" for kind in DUTY_KINDS) + "]",
    "@ROUND_TO@": str(ROUND_TO),
    "@RULES@": str(RULES),
}
DUTY_SUMS = ", ".join(f"coalesce(sum(minutes) FILTER (WHERE duty_kind = '{kind}'), 0)" for kind in DUTY_KINDS)


@functools.cache
def functions() -> tuple[str, ...]:
    """The statements of team_functions.sql, in order, ready to run (but for the grants' {coordinator}, {coach})."""
    return tuple(
        functools.reduce(
            lambda sql, item: sql.replace(*item), PLACEHOLDERS.items(), sql.replace("@DUTY_SUMS@", DUTY_SUMS)
        )
        for sql in statements("team_functions.sql")
    )


# ---- members -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewMember:
    name: str
    kind: str
    password: str
    url: str
    reset: bool  # an existing member's password was replaced


def add_member(url: str, name: str, kind: str, reset_password: bool = False) -> NewMember:
    """Create a LOGIN role `name` with a random password in the `kind` group (or give an existing member a new
    password with `reset_password`). Nothing is created when anything is refused."""
    require_psycopg()
    import psycopg
    from psycopg import sql

    check_name(name, group_names())
    password = secrets.token_urlsafe(24)
    with connect_admin(url) as db:
        try:
            with db.transaction():
                groups = _team_groups(db)
                check_name(name, groups)
                group = groups[kind]
                role = sql.Identifier(name)
                verifier = sql.Literal(scram_verifier(password))
                existing = db.execute(
                    "SELECT r.rolsuper, pg_has_role(r.oid, g.oid, 'MEMBER')"
                    " FROM pg_roles r CROSS JOIN pg_roles g WHERE r.rolname = %s AND g.rolname = %s",
                    (name, group),
                ).fetchone()
                if existing is not None and not reset_password:
                    raise CoachlogError(f"a role named '{name}' already exists (give --reset-password for a new one)")
                if existing is not None and (existing[0] or not existing[1]):
                    raise CoachlogError(f"the role '{name}' is not a {kind} of this team: its password stays as it is")
                if existing is None:
                    db.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, verifier))
                    db.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
                else:
                    db.execute(sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(role, verifier))
                if kind == COACH:
                    enrol(db, name)  # their own schema, tables and search_path
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StorageError(
                f"adding a {kind} needs the program administrator (CREATEROLE): {first_line(exc)}"
            ) from None
        except psycopg.errors.UndefinedFunction:
            raise CoachlogError(
                "this team database was set up by an earlier coachlog: run `coachlog team init --db URL` first"
            ) from None
        except psycopg.errors.RaiseException as exc:  # a schema of that name that is not this coach's
            raise CoachlogError(first_line(exc)) from None
    return NewMember(name, kind, password, member_url(url, name, password), existing is not None)


def _team_groups(db: psycopg.Connection[TupleRow]) -> dict[str, str]:
    import psycopg

    try:
        with db.transaction():
            stored = _settings(db)
    except psycopg.errors.UndefinedTable:
        stored = {}
    if "team.min_group" not in stored:
        raise CoachlogError("this database is not set up for a team yet: run `coachlog team init --db URL` first")
    return {kind: stored.get(f"team.{kind}_role", kind) for kind in KINDS}


def list_members(url: str) -> dict[str, list[str]]:
    """The login roles in each group, by kind, sorted."""
    with connect_admin(url) as db:
        groups = _team_groups(db)
        return {
            kind: [
                name
                for (name,) in db.execute(
                    "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
                    " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = %s ORDER BY m.rolname",
                    (groups[kind],),
                )
            ]
            for kind in KINDS
        }


# ---- the coordinator's figures --------------------------------------------------------------


def team_report_data(url: str, start: date | None, end: date | None) -> dict[str, Any]:
    """The team's figures for start..end (None: open), as the database's team_report() gives them (JSON)."""
    require_psycopg()
    import psycopg

    with connect_admin(url) as db:
        try:
            (data,) = db.execute("SELECT team_report(%s, %s)", (start, end)).fetchone()  # type: ignore[misc]
        except psycopg.errors.InsufficientPrivilege:
            raise CoachlogError(
                "only coordinators can read team figures: ask the program administrator"
                " (`coachlog team add-coordinator NAME`)"
            ) from None
        except psycopg.errors.UndefinedFunction:
            raise CoachlogError(
                "this database is not set up for a team: the administrator runs `coachlog team init --db URL`"
            ) from None
    totals = data["totals"]
    if (
        "left_out_in_totals" in totals or "counts" not in totals or data.get("rules", 0) < RULES
    ):  # functions older than this coachlog: their totals hold the left-out
        # group's, or they have no cycle counts (which a coordinator could not tell from withheld ones), or they
        # show counts under older rules
        raise CoachlogError(
            "the team's functions are older than this coachlog: the administrator runs `coachlog team init --db URL`"
        )
    return dict(data)
