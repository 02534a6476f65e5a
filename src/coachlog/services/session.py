"""The session of one command: the database it names, the settings and zone, now, and the store, all lazy.

Nothing is opened or read until a command asks for it, so `coachlog --help` and a
command's usage errors cost nothing.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from coachlog.domain.periods import Period, RangeChoice, check_one_range, resolve_period
from coachlog.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from coachlog.config import Settings
    from coachlog.storage.store import Store


class Session:
    """What the root callback records; everything else is worked out lazily by the commands.

    A plain class, not a dataclass: one costs about half a millisecond to create at every start-up.
    """

    def __init__(self, db_option: str | None = None) -> None:
        self.db_option = db_option  # --db or COACHLOG_DB: a file, or a PostgreSQL URL
        self._settings: Settings | None = None
        self._store: Store | None = None
        self._tz: tzinfo | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from coachlog.config import load_settings

            self._settings = load_settings()
        return self._settings

    @property
    def tz(self) -> tzinfo:
        if self._tz is None:
            from coachlog.config import local_zone

            self._tz = local_zone(self.settings)
        return self._tz

    def now(self) -> datetime:
        from coachlog.config import now_in

        return now_in(self.tz)

    def today(self) -> date:
        return self.now().date()

    @property
    def db_url(self) -> str | None:
        """The team database's URL when --db (or COACHLOG_DB) names one rather than a file (UsageError for a URL
        coachlog cannot use: another kind of database, or malformed)."""
        from coachlog.urls import is_url

        if not is_url(self.db_option):
            return None
        from coachlog.urls import check_url

        return check_url(str(self.db_option))

    @property
    def db_path(self) -> Path:
        from pathlib import Path

        return Path(self.db_file)

    @property
    def db_file(self) -> str:
        """db_path as str(Path) writes it, without loading pathlib: the file the store opens."""
        from coachlog.config import db_file

        if self.db_url:  # commands that need a file refuse a team database before they get here
            raise UsageError("this command works on a database file, not on a PostgreSQL URL")
        return db_file(self.db_option)

    def file_only(self, command: str) -> Path:
        """The database file, for a command that works on files alone (backup, restore)."""
        if self.db_url:
            from coachlog.urls import display_url

            raise UsageError(
                f"`coachlog {command}` works on a database file; for the team database at"
                f" {display_url(self.db_url)} use PostgreSQL's pg_dump and pg_restore"
            )
        return self.db_path

    @property
    def store(self) -> Store:
        if self._store is None:
            from coachlog.storage import open_store

            self._store = open_store(self.db_url or self.db_file, owner=self.settings.coach)
        return self._store

    def damage(self) -> str | None:
        """After a failure coachlog did not expect: the one line saying the database file is damaged, or None
        when it is sound (or is not a file), so the failure was coachlog's own and keeps its traceback."""
        try:
            path = None if self.db_url else self.db_path
        except UsageError:
            return None
        if path is None or not path.is_file():
            return None
        from coachlog.storage.damage import damage
        from coachlog.storage.sqlite import damaged

        found = damage(path)
        return None if found is None else str(damaged(path, found))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()

    def period(self, choice: RangeChoice, *, default: str) -> Period | None:
        """The range the options name (None: everything); terms and the logged span are read only if needed."""
        check_one_range(choice)  # before the settings are read, as ever
        return resolve_period(
            choice,
            self.today(),
            self.settings.first_weekday,
            lambda: self.store.terms.all(),
            lambda: self.store.aggregates.date_span(),
            default=default,
        )

    def period_or_span(self, choice: RangeChoice, *, default: str) -> Period:
        """As period(), with everything (--all) as the days from the first entry to the last."""
        period = self.period(choice, default=default)
        if period is None:  # --all
            span = self.store.aggregates.date_span() or (self.today(), self.today())
            period = Period(span[0], span[1], "all entries")
        return period
