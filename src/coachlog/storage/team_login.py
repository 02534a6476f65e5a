"""What a coach's connection to a team database checks and sets up before any command: that it is not the
administrator's, and that it works in the coach's own schema (made the first time: the coach joins the team)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coachlog.errors import StorageError, UsageError
from coachlog.storage.base import lock_wait_seconds

if TYPE_CHECKING:
    import psycopg

Row = Any  # a row of storage.postgres (a tuple); this module comes before it

# A coach's first connection waits this long (or the lock wait, if longer) for other coaches joining the team.
JOIN_WAIT_SECONDS = 60.0


def refuse_the_administrator(raw: psycopg.Connection[Row], role: str) -> None:
    """UsageError when `role` would act on every coach's rows at once: on a database where `team init` ran,
    a superuser, a role with the tables' owner's rights (whose team_admin policy sees every row), or a role in
    neither of the team's groups. A coordinator goes on, to be stopped by the database (it reaches no table);
    on a database without `team init` anyone's rows are their own, as before.
    """
    if not one_row(raw, "SELECT has_table_privilege('setting', 'SELECT')")[0]:
        return  # no team role reads nothing of the team: the database says so at the first query
    row = one_row(
        raw,
        """
        SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
               pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'entry'::regclass), 'MEMBER'),
               EXISTS (SELECT 1 FROM setting s JOIN pg_roles r ON r.rolname = s.value
                       WHERE s.key IN ('team.coach_role', 'team.coordinator_role')
                         AND pg_has_role(current_user, r.oid, 'MEMBER')),
               EXISTS (SELECT 1 FROM setting WHERE key = 'team.coach_role')
        """,
    )
    superuser, owner, in_a_group, team = (bool(value) for value in row)
    if team and (superuser or owner or not in_a_group):
        raise UsageError(
            f"{role} is the team's administrator, not a coach: log in as a coach (coachlog team add-coach NAME)"
        )


def use_own_schema(raw: psycopg.Connection[Row], where: str) -> None:
    """On a team database, a coach works in their own schema (team_schemas.sql): their role's search_path
    leads there; a coach whose role was made without `team add-coach` gets it now (team_join), and so does a
    connection whose search_path leads elsewhere. Anyone else, or a team set up by an earlier coachlog, goes on
    as before."""
    from psycopg import sql

    elsewhere, may_join = one_row(
        raw,
        "SELECT current_schema() IS DISTINCT FROM session_user::text,"
        " CASE WHEN to_regprocedure('public.team_join()') IS NULL THEN false"
        " ELSE has_function_privilege('public.team_join()', 'EXECUTE') END",
    )
    if elsewhere and may_join:
        _join(raw, where)
        raw.execute(
            sql.SQL("SET search_path = {}, public").format(sql.Identifier(str(one_row(raw, "SELECT session_user")[0])))
        )


def _join(raw: psycopg.Connection[Row], where: str) -> None:
    """team_join(), waiting up to JOIN_WAIT_SECONDS (or the lock wait, if longer) for coaches joining before.

    Joins queue on one lock and happen once per coach: a whole team pushing for the first time at the same
    moment is a queue of twenty, longer than a write's wait, not a database in use.
    """
    import psycopg

    wait = max(lock_wait_seconds(), JOIN_WAIT_SECONDS)
    try:
        with raw.transaction():
            raw.execute(f"SET LOCAL lock_timeout = {int(wait * 1000)}")
            raw.execute("SELECT public.team_join()")
    except psycopg.errors.LockNotAvailable:
        raise StorageError(
            f"the team database at {where} is busy adding other coaches (waited {wait:g} s); nothing was changed:"
            " try again in a moment"
        ) from None


def one_row(raw: psycopg.Connection[Row], sql: str) -> Row:
    """The one row `sql` gives (an aggregate, a function of constants)."""
    row = raw.execute(sql).fetchone()
    assert row is not None
    return row
