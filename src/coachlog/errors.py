"""The one error type the domain raises; the CLI turns it into a message and an exit code."""

from __future__ import annotations


class CoachlogError(Exception):
    """An expected failure: printed as one line on stderr, never as a traceback."""

    exit_code = 1


class UsageError(CoachlogError):
    """Bad input on the command line (a duration, date, stance, name...)."""

    exit_code = 2


class NotFoundError(CoachlogError):
    """An id, teacher or term that does not exist."""

    exit_code = 1


class StorageError(CoachlogError):
    """The database cannot be opened, read or written (locked, damaged, not ours)."""

    exit_code = 1
