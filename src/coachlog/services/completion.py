"""What a shell may complete: the names in the database and the choices in the settings.

Completion runs on every Tab keystroke: nothing here creates, upgrades or writes a database
or a config file, and any problem (a missing, locked or damaged file, a PostgreSQL URL, a
config file that does not read) gives fewer suggestions rather than an error.
"""

from __future__ import annotations

from pathlib import Path


def database_names(db_option: str | None) -> tuple[list[str], list[str], list[str]]:
    """The teachers' names, the terms' names and the tags in the database file `db_option` names (or the
    default one)."""
    from coachlog.urls import is_url

    if is_url(db_option):  # a team database is a network round trip away: not on a keystroke
        return [], [], []
    try:
        from coachlog.config import default_db_path

        path = Path(db_option).expanduser() if db_option else default_db_path()
        if not path.is_file():
            return [], [], []
    except (OSError, RuntimeError, ValueError):
        return [], [], []
    from coachlog.storage.peek import known_names

    return known_names(path)


def activities() -> tuple[str, ...]:
    """The built-in activities and the configured ones (the built-in ones alone when the config does not read)."""
    from coachlog.domain.values import DEFAULT_ACTIVITIES
    from coachlog.errors import CoachlogError

    try:
        from coachlog.config import load_settings

        return load_settings().all_activities
    except (CoachlogError, OSError, ValueError):
        return DEFAULT_ACTIVITIES
