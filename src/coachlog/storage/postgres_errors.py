"""PostgreSQL's failures as the one-line messages the SQLite path gives (never with a password)."""

from __future__ import annotations

import re

from coachlog.errors import StorageError
from coachlog.storage.base import lock_wait_seconds


def postgres_error(exc: BaseException, where: str, role: str = "this role") -> StorageError:
    """The one line to print for a psycopg error on the team database at `where` (never with a password)."""
    import psycopg
    from psycopg import errors

    text = first_line(exc)
    if isinstance(exc, errors.LockNotAvailable | errors.QueryCanceled | errors.DeadlockDetected):
        return StorageError(
            f"the team database at {where} is busy (waited {lock_wait_seconds():g} s); nothing was changed:"
            " try again in a moment"
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        denied = re.search(r"(table|relation|view|sequence) \"?(\w+)", text)
        kind = {"relation": "table"}.get(denied.group(1), denied.group(1)) if denied else ""
        what = f"the {denied.group(2)} {kind}" if denied else "this data"
        return StorageError(
            f"role {role} may not read or change {what} in the team database at {where};"
            " nothing was changed: ask the administrator"
        )
    if isinstance(exc, psycopg.IntegrityError):
        return StorageError(f"refused by the database ({text}); nothing was changed")
    if isinstance(exc, psycopg.OperationalError):
        return connection_error(exc, where)
    return StorageError(f"team database at {where}: {text}")


def connection_error(exc: BaseException, where: str) -> StorageError:
    """The one line to print when the team database at `where` cannot be reached or logged in to."""
    text = str(exc)
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        user = re.search(r'for user "([^"]*)"', text)
        who = f" as {user.group(1)}" if user else ""
        return StorageError(f"cannot log in to the team database at {where}{who}: check the user name and password")
    if "does not exist" in lowered and "database" in lowered:
        return StorageError(f"there is no database {where} on that server: check the --db URL or COACHLOG_DB")
    if "role" in lowered and "does not exist" in lowered:
        return StorageError(f"cannot log in to the team database at {where}: no such user")
    if "timeout" in lowered or "timed out" in lowered:
        return StorageError(f"the team database server for {where} did not answer in time: try again later")
    if "refused" in lowered or "could not connect" in lowered or "translate host name" in lowered:
        return StorageError(
            f"cannot reach the team database at {where} (is the server running, and the host and port right?)"
        )
    if "permission denied" in lowered or "not permitted" in lowered or "pg_hba" in lowered:
        return StorageError(f"the team database server refuses this connection to {where}: ask the administrator")
    return StorageError(f"cannot use the team database at {where}: {first_line(exc)}")


def first_line(exc: BaseException) -> str:
    """The first line of an error's text (a server's message may run to several), else its type's name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
