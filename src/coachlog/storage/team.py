"""A coaching team on PostgreSQL: roles, grants, row-level security and the coordinator's aggregates.

All of the team's SQL lives here. The database enforces every promise, not this client:

- a coach (a LOGIN role in the `coach` group) reads and writes only rows whose owner is
  their own role (row-level security, FORCEd, on every table that holds coaching data);
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coachlog.domain.values import DUTY_KINDS, STANCES
from coachlog.errors import CoachlogError, StorageError, UsageError
from coachlog.storage.postgres import connection_error, libpq_url, where_of
from coachlog.storage.sqlite import is_url

if TYPE_CHECKING:
    import psycopg

MIN_GROUP = 5  # the fewest teachers a figure may describe; `team init --min-group` may raise it, never lower it
COACH, COORDINATOR = "coach", "coordinator"
KINDS = (COACH, COORDINATOR)
# The tables that hold a coach's data: row-level security on each, privileges for coaches only.
OWNED_TABLES = ("entry", "teacher", "term", "undo_step", "timer")
LINK_TABLES = ("entry_teacher", "entry_tag")
PRIVATE_TABLES = OWNED_TABLES + LINK_TABLES
READABLE_TABLES = ("setting", "alembic_version")  # both groups may read these
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")
RESERVED_NAMES = frozenset({"public", "none", "current_user", "current_role", "session_user", "user", "all"})
# Held while team init changes roles, grants and functions, so that two inits run one after the other.
TEAM_LOCK_KEY = int.from_bytes(b"coachtm", "big")
STANCE_BITS = {stance: 1 << index for index, stance in enumerate(STANCES)}  # consulting 1, collaborating 2, coaching 4
FEWER = "fewer"  # the cell describes 1..min_group-1 teachers
PROTECTS = "protects"  # withheld so that a small cell cannot be worked out from the shown ones


@contextmanager
def connect(url: str) -> Iterator[psycopg.Connection[Any]]:
    """A psycopg connection to the team database at `url`, closed afterwards; failures as one-line errors."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the [postgres] extra is missing
        raise StorageError("a team database needs psycopg: pip install 'coachlog[postgres]'") from None
    try:
        connection = psycopg.connect(libpq_url(url), connect_timeout=10)
    except psycopg.Error as exc:
        raise connection_error(exc, where_of(url)) from None
    try:
        yield connection
    finally:
        connection.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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
    _migrate(url)
    import psycopg
    from psycopg import sql

    with connect(url) as db:
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
                coordinator = sql.Identifier(groups[COORDINATOR])
                for statement in FUNCTIONS:  # only the grants name a role; the bodies hold literal braces
                    db.execute(
                        sql.SQL(statement).format(coordinator=coordinator)
                        if "{coordinator}" in statement
                        else statement
                    )
                database = db.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StorageError(
                f"team init needs the program administrator (a superuser, or a role with CREATEROLE that owns"
                f" the database): {_first_line(exc)}"
            ) from None
    return TeamInfo(database, threshold, groups)


def _migrate(url: str) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from coachlog.storage.schema import migrate

    try:
        migrate.upgrade_url(url)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot build the team database's schema: {_first_line(exc.orig or exc)}") from None


def _settings(db: psycopg.Connection[Any]) -> dict[str, str]:
    return dict(db.execute("SELECT key, value FROM setting WHERE key LIKE 'team.%'").fetchall())


def _save_settings(db: psycopg.Connection[Any], values: dict[str, str]) -> None:
    for key, value in values.items():
        db.execute(
            "INSERT INTO setting (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def _ensure_group(db: psycopg.Connection[Any], name: str) -> None:
    """Create the NOLOGIN group role `name` unless it exists; refuse a role of that name that can log in."""
    from psycopg import sql

    row = db.execute("SELECT rolcanlogin OR rolsuper FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    if row is None:
        db.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    elif row[0]:
        raise CoachlogError(f"a role named '{name}' exists and can log in: it cannot be a group (use --role-prefix)")


def _secure(db: psycopg.Connection[Any], groups: dict[str, str]) -> None:
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
    checks = {
        **dict.fromkeys(OWNED_TABLES, (owner_check, owner_check)),
        "entry_teacher": (own_entry, sql.SQL("{} AND {}").format(own_entry, own_teacher)),
        "entry_tag": (own_entry, own_entry),
    }
    for table in PRIVATE_TABLES:
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
        run(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(name, coach))
    run(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(coach))
    for table in READABLE_TABLES:
        run(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), both))


# The coordinator's functions. The public ones (team_coaches, team_totals, team_duties, team_report) are
# SECURITY DEFINER: they read every coach's rows as the administrator, with a fixed search_path, and only
# the coordinator group may execute them. team_rows is the one pass over the data: one row per coach who
# logged anything in the range, their figures, which stance cells to withhold (team_hide) and whether
# the row is shown, or left out but counted in the totals with the rest of the left-out group. The
# `_of` functions turn those rows into what is shown, so that team_report computes them only once.
FUNCTIONS = (
    """
DO $$
DECLARE
    old regprocedure;
BEGIN
    DROP VIEW IF EXISTS team_coaches_all_time, team_totals_all_time, team_duties_all_time;
    FOR old IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND p.proname LIKE 'team\\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || old::text || ' CASCADE';
    END LOOP;
    DROP TYPE IF EXISTS team_row CASCADE;
END
$$""",
    """
CREATE TYPE team_row AS (coach text, sessions bigint, session_minutes bigint, duty_minutes bigint,
                         minutes bigint[], unions bigint[], duties bigint[], hidden integer, shown boolean,
                         included boolean)""",
    """
CREATE FUNCTION team_min_group() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT greatest(5, coalesce((SELECT value::integer FROM setting WHERE key = 'team.min_group'), 5))
$$""",
    # The coaches: LOGIN roles (not superusers) directly in the coach group, as `team add-coach` makes them.
    # Rows of any other owner (the group itself, a coordinator, a dropped role) are nobody's coaching and
    # never reach a figure, so no one can add a made-up coach to the program.
    """
CREATE FUNCTION team_coach_roles() RETURNS SETOF text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT m.rolname::text
    FROM pg_catalog.pg_auth_members a
    JOIN pg_catalog.pg_roles g ON g.oid = a.roleid
    JOIN pg_catalog.pg_roles m ON m.oid = a.member
    WHERE g.rolname = coalesce((SELECT value FROM setting WHERE key = 'team.coach_role'), 'coach')
      AND m.rolcanlogin AND NOT m.rolsuper
$$""",
    # Which of three cells (bit 1, 2, 4: consulting, collaborating, coaching) of a line whose total is
    # shown to withhold: `start` (the cells withheld first) and then, while the withheld cells are one
    # alone or together describe fewer than min_group teachers, the allowed shown cell with the most
    # minutes (then the most teachers, then consulting > collaborating > coaching), as privacy.py does.
    # unions[m] = how many distinct teachers the cells in bit mask m describe together.
    """
CREATE FUNCTION team_hide(min_group integer, start integer, minutes bigint[], unions bigint[], allowed integer)
RETURNS integer LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
DECLARE
    hidden integer := start;
    best integer;
    cell integer;
BEGIN
    LOOP
        EXIT WHEN hidden = 0 OR hidden = 7;
        EXIT WHEN hidden NOT IN (1, 2, 4) AND unions[hidden] >= min_group;
        best := NULL;
        FOR i IN 1..3 LOOP
            cell := 1 << (i - 1);
            CONTINUE WHEN hidden & cell <> 0 OR allowed & cell = 0 OR minutes[i] <= 0;
            IF best IS NULL
                OR (minutes[i], unions[cell], -i) > (minutes[best], unions[1 << (best - 1)], -best) THEN
                best := i;
            END IF;
        END LOOP;
        EXIT WHEN best IS NULL;
        hidden := hidden | (1 << (best - 1));
    END LOOP;
    RETURN hidden;
END
$$""",
    # The cells of a line that describe 1..min_group-1 teachers (bits as in team_hide).
    """
CREATE FUNCTION team_small(unions bigint[]) RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT (CASE WHEN unions[1] BETWEEN 1 AND team_min_group() - 1 THEN 1 ELSE 0 END)
         | (CASE WHEN unions[2] BETWEEN 1 AND team_min_group() - 1 THEN 2 ELSE 0 END)
         | (CASE WHEN unions[4] BETWEEN 1 AND team_min_group() - 1 THEN 4 ELSE 0 END)
$$""",
    # Why a withheld cell is withheld: it describes too few teachers itself, or it protects one that does.
    """
CREATE FUNCTION team_why(hidden integer, cell integer, teachers bigint) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN hidden & cell = 0 THEN NULL WHEN teachers < team_min_group() THEN 'fewer' ELSE 'protects' END
$$""",
    """
CREATE FUNCTION team_rows(from_date date, to_date date) RETURNS SETOF team_row
LANGUAGE sql STABLE SET search_path = public, pg_temp SET jit = off SET work_mem = '64MB' AS $$
    WITH ranged AS NOT MATERIALIZED (
        SELECT id, owner, kind, stance, duty_kind, minutes FROM entry
        WHERE (from_date IS NULL OR local_date >= from_date) AND (to_date IS NULL OR local_date <= to_date)
    ), per_coach AS (
        SELECT owner,
               count(*) FILTER (WHERE kind = 'session') AS sessions,
               coalesce(sum(minutes) FILTER (WHERE kind = 'session'), 0) AS session_minutes,
               coalesce(sum(minutes) FILTER (WHERE kind = 'duty'), 0) AS duty_minutes,
               ARRAY[coalesce(sum(minutes) FILTER (WHERE stance = 'consulting'), 0),
                     coalesce(sum(minutes) FILTER (WHERE stance = 'collaborating'), 0),
                     coalesce(sum(minutes) FILTER (WHERE stance = 'coaching'), 0)]::bigint[] AS minutes,
               ARRAY[@DUTY_SUMS@]::bigint[] AS duties
        FROM ranged GROUP BY owner
    ), teacher_stances AS (  -- each teacher once, with the stances they were met in (a teacher has one coach)
        SELECT et.teacher_id,
               bit_or(CASE r.stance WHEN 'consulting' THEN 1 WHEN 'collaborating' THEN 2 ELSE 4 END) AS mask
        FROM ranged r JOIN entry_teacher et ON et.entry_id = r.id
        WHERE r.kind = 'session'
        GROUP BY et.teacher_id
    ), reach AS (  -- unions[m]: the coach's teachers met in any stance of bit mask m
        SELECT t.owner, ARRAY[count(*) FILTER (WHERE mask & 1 <> 0), count(*) FILTER (WHERE mask & 2 <> 0),
                              count(*) FILTER (WHERE mask & 3 <> 0), count(*) FILTER (WHERE mask & 4 <> 0),
                              count(*) FILTER (WHERE mask & 5 <> 0), count(*) FILTER (WHERE mask & 6 <> 0),
                              count(*)]::bigint[] AS unions
        FROM teacher_stances ts JOIN teacher t ON t.id = ts.teacher_id GROUP BY t.owner
    ), rows AS (
        SELECT p.owner::text AS coach, p.sessions, p.session_minutes, p.duty_minutes, p.minutes, p.duties,
               coalesce(r.unions, '{0,0,0,0,0,0,0}'::bigint[]) AS unions,
               coalesce(r.unions[7], 0) >= team_min_group() AS shown
        FROM per_coach p LEFT JOIN reach r ON r.owner = p.owner
        WHERE p.owner IN (SELECT team_coach_roles())  -- after the sums: a few hundred owners, not every entry
    ), grouped AS (
        SELECT rows.*,
               count(*) FILTER (WHERE NOT shown) OVER () AS left_out,
               coalesce(sum(unions[7]) FILTER (WHERE NOT shown) OVER (), 0) AS left_out_teachers
        FROM rows
    )
    SELECT coach, sessions, session_minutes, duty_minutes, minutes, unions, duties,
           CASE WHEN shown THEN team_hide(team_min_group(), team_small(unions), minutes, unions, 7) ELSE 7 END,
           shown,
           shown OR (left_out >= 2 AND left_out_teachers >= team_min_group())
    FROM grouped
$$""".replace(
        "@DUTY_SUMS@",
        ", ".join(f"coalesce(sum(minutes) FILTER (WHERE duty_kind = '{kind}'), 0)" for kind in DUTY_KINDS),
    ),
    """
CREATE FUNCTION team_coaches_of(rows team_row[])
RETURNS TABLE (@COACHES_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT coach, sessions, session_minutes, duty_minutes,
           CASE WHEN hidden & 1 = 0 THEN minutes[1] END,
           CASE WHEN hidden & 2 = 0 THEN minutes[2] END,
           CASE WHEN hidden & 4 = 0 THEN minutes[3] END,
           unions[7],
           team_why(hidden, 1, unions[1]), team_why(hidden, 2, unions[2]), team_why(hidden, 4, unions[4])
    FROM unnest(rows)
    WHERE shown
    ORDER BY coach
$$""",
    # The program's totals: the shown coaches, plus the left-out ones as one group when they are two or
    # more and describe min_group teachers together (else they are not in the totals at all). A stance
    # total is withheld when it describes fewer than min_group teachers itself, or when the cells withheld
    # in its column (the shown coaches' and the group's) are one alone or describe fewer than min_group
    # teachers together; then more, as in a line (team_hide), so none can be worked out from the session
    # minutes either. Every row and column with a withheld cell then has two or more, which with three
    # columns leaves no withheld cell that the shown figures determine (see tests/test_team.py).
    """
CREATE FUNCTION team_totals_of(rows team_row[])
RETURNS TABLE (@TOTALS_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH r AS (
        SELECT * FROM unnest(rows)
    ), left_out AS (  -- the left-out coaches in the totals, as one group: its row total can be worked out
        SELECT ARRAY[coalesce(sum(minutes[1]), 0), coalesce(sum(minutes[2]), 0),
                     coalesce(sum(minutes[3]), 0)]::bigint[] AS minutes,
               ARRAY[coalesce(sum(unions[1]), 0), coalesce(sum(unions[2]), 0),
                     coalesce(sum(unions[4]), 0)]::bigint[] AS teachers
        FROM r WHERE included AND NOT shown
    ), cells AS (  -- the withheld cells of the included table, by stance i: the shown coaches' withheld
        -- cells, and the group's cells when it has two or more (one alone equals its known total)
        SELECT i, r.unions[1 << (i - 1)] AS teachers
        FROM r CROSS JOIN generate_series(1, 3) AS i
        WHERE r.shown AND r.minutes[i] > 0 AND r.hidden & (1 << (i - 1)) <> 0
        UNION ALL
        SELECT i, g.teachers[i]
        FROM left_out g CROSS JOIN generate_series(1, 3) AS i
        WHERE g.minutes[i] > 0 AND (SELECT count(*) FROM unnest(g.minutes) AS m WHERE m > 0) >= 2
    ), withheld AS (
        SELECT i, count(*) AS entries, sum(teachers) AS teachers FROM cells GROUP BY i
    ), totals AS (
        SELECT count(*) FILTER (WHERE shown) AS coaches_shown,
               count(*) FILTER (WHERE NOT shown) AS coaches_left_out,
               coalesce(bool_or(included AND NOT shown), false) AS left_out_in_totals,
               coalesce(sum(sessions) FILTER (WHERE included), 0)::bigint AS sessions,
               coalesce(sum(session_minutes) FILTER (WHERE included), 0)::bigint AS session_minutes,
               coalesce(sum(duty_minutes) FILTER (WHERE included), 0)::bigint AS duty_minutes,
               ARRAY[coalesce(sum(minutes[1]) FILTER (WHERE included), 0),
                     coalesce(sum(minutes[2]) FILTER (WHERE included), 0),
                     coalesce(sum(minutes[3]) FILTER (WHERE included), 0)]::bigint[] AS minutes,
               ARRAY(SELECT coalesce(sum(x.unions[m]) FILTER (WHERE x.included), 0)
                     FROM generate_series(1, 7) AS m LEFT JOIN r x ON true
                     GROUP BY m ORDER BY m)::bigint[] AS unions
        FROM r
    ), decided AS (
        SELECT t.*,
               team_hide(team_min_group(),
                   team_small(t.unions)
                   | (SELECT coalesce(bit_or(1 << (w.i - 1)), 0) FROM withheld w
                      WHERE w.entries < 2 OR w.teachers < team_min_group()),
                   t.minutes, t.unions,
                   (SELECT coalesce(bit_or(1 << (w.i - 1)), 0) FROM withheld w)) AS hidden
        FROM totals t
    )
    SELECT coaches_shown, coaches_left_out, left_out_in_totals, sessions, session_minutes, duty_minutes,
           CASE WHEN hidden & 1 = 0 THEN minutes[1] END,
           CASE WHEN hidden & 2 = 0 THEN minutes[2] END,
           CASE WHEN hidden & 4 = 0 THEN minutes[3] END,
           unions[7],
           team_why(hidden, 1, unions[1]), team_why(hidden, 2, unions[2]), team_why(hidden, 4, unions[4]),
           team_min_group()
    FROM decided
$$""",
    """
CREATE FUNCTION team_duties_of(rows team_row[]) RETURNS TABLE (@DUTIES_COLUMNS@)
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT k.kind, sum(r.duties[k.i])::bigint, count(*) FILTER (WHERE r.duties[k.i] > 0)
    FROM unnest(@DUTY_KINDS@) WITH ORDINALITY AS k(kind, i) CROSS JOIN unnest(rows) AS r
    WHERE r.included
    GROUP BY k.kind, k.i
    HAVING sum(r.duties[k.i]) > 0
    ORDER BY k.kind
$$""",
    *(
        f"""
CREATE FUNCTION team_{name}(from_date date DEFAULT NULL, to_date date DEFAULT NULL)
RETURNS TABLE (@{name.upper()}_COLUMNS@) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT * FROM team_{name}_of(ARRAY(SELECT r FROM team_rows(from_date, to_date) r))
$$"""
        for name in ("coaches", "totals", "duties")
    ),
    # Everything `report --team` shows, from one pass over the data.
    """
CREATE FUNCTION team_report(from_date date DEFAULT NULL, to_date date DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    WITH data AS MATERIALIZED (SELECT ARRAY(SELECT r FROM team_rows(from_date, to_date) r) AS rows)
    SELECT jsonb_build_object(
        'coaches', (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.coach), '[]'::jsonb)
                    FROM team_coaches_of(data.rows) c),
        'totals', (SELECT to_jsonb(t) FROM team_totals_of(data.rows) t),
        'duties', (SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.duty_kind), '[]'::jsonb)
                   FROM team_duties_of(data.rows) d))
    FROM data
$$""",
    *(
        f"CREATE VIEW team_{name}_all_time AS SELECT * FROM team_{name}(NULL, NULL)"
        for name in ("coaches", "totals", "duties")
    ),
    """
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proname LIKE 'team\\_%' LOOP
        EXECUTE 'REVOKE ALL ON FUNCTION ' || f::text || ' FROM PUBLIC';
    END LOOP;
END
$$""",
    "GRANT EXECUTE ON FUNCTION team_coaches(date, date), team_totals(date, date), team_duties(date, date),"
    " team_report(date, date) TO {coordinator}",
    "GRANT SELECT ON team_coaches_all_time, team_totals_all_time, team_duties_all_time TO {coordinator}",
)
COLUMNS = {
    "@COACHES_COLUMNS@": "coach text, sessions bigint, session_minutes bigint, duty_minutes bigint,"
    " consulting_minutes bigint, collaborating_minutes bigint, coaching_minutes bigint, teachers_reached bigint,"
    " consulting_hidden text, collaborating_hidden text, coaching_hidden text",
    "@TOTALS_COLUMNS@": "coaches_shown bigint, coaches_left_out bigint, left_out_in_totals boolean, sessions bigint,"
    " session_minutes bigint, duty_minutes bigint, consulting_minutes bigint, collaborating_minutes bigint,"
    " coaching_minutes bigint, teachers_reached bigint, consulting_hidden text, collaborating_hidden text,"
    " coaching_hidden text, min_group integer",
    "@DUTIES_COLUMNS@": "duty_kind text, minutes bigint, coaches bigint",
    "@DUTY_KINDS@": "ARRAY[" + ", ".join(f"'{kind}'" for kind in DUTY_KINDS) + "]",
}
FUNCTIONS = tuple(functools.reduce(lambda text, item: text.replace(*item), COLUMNS.items(), sql) for sql in FUNCTIONS)


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
    import psycopg
    from psycopg import sql

    check_name(name, group_names())
    password = secrets.token_urlsafe(24)
    with connect(url) as db:
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
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StorageError(
                f"adding a {kind} needs the program administrator (CREATEROLE): {_first_line(exc)}"
            ) from None
    return NewMember(name, kind, password, member_url(url, name, password), existing is not None)


def _team_groups(db: psycopg.Connection[Any]) -> dict[str, str]:
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
    with connect(url) as db:
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


@dataclass(frozen=True)
class Figures:
    """One line of the team table: a coach, or the program's totals. None where a figure is withheld."""

    label: str
    sessions: int
    session_minutes: int
    duty_minutes: int
    stances: dict[str, int | None]  # minutes by stance
    hidden: dict[str, str]  # stance -> FEWER or PROTECTS, for the withheld ones
    teachers: int

    @property
    def logged_minutes(self) -> int:
        return self.session_minutes + self.duty_minutes

    def share(self, stance: str) -> float | None:
        """The stance's percentage of the time with teachers; None when withheld."""
        from coachlog.reports.report import percent

        minutes = self.stances[stance]
        return None if minutes is None else percent(minutes, self.session_minutes)

    @property
    def duty_percent(self) -> float:
        from coachlog.reports.report import percent

        return percent(self.duty_minutes, self.logged_minutes)


@dataclass(frozen=True)
class TeamFigures:
    """What a coordinator may see of one date range: the coaches shown, the program's totals, duties by kind."""

    start: date | None
    end: date | None
    min_group: int
    coaches: tuple[Figures, ...]
    totals: Figures
    coaches_left_out: int
    left_out_in_totals: bool
    duties: dict[str, tuple[int, int]]  # duty kind -> (minutes, coaches)


def _figures(label: str, row: dict[str, Any]) -> Figures:
    return Figures(
        label=label,
        sessions=row["sessions"],
        session_minutes=row["session_minutes"],
        duty_minutes=row["duty_minutes"],
        stances={stance: row[f"{stance}_minutes"] for stance in STANCES},
        hidden={stance: row[f"{stance}_hidden"] for stance in STANCES if row[f"{stance}_hidden"]},
        teachers=row["teachers_reached"],
    )


def team_figures(url: str, start: date | None, end: date | None) -> TeamFigures:
    """The team's figures for start..end (None: open), as the database's team_report() gives them."""
    import psycopg

    with connect(url) as db:
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
    return TeamFigures(
        start=start,
        end=end,
        min_group=totals["min_group"],
        coaches=tuple(_figures(row["coach"], row) for row in data["coaches"]),
        totals=_figures("all coaches", totals),
        coaches_left_out=totals["coaches_left_out"],
        left_out_in_totals=totals["left_out_in_totals"],
        duties={row["duty_kind"]: (row["minutes"], row["coaches"]) for row in data["duties"]},
    )
