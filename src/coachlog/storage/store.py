"""Store: one coachlog database, as sub-stores that share one Database handle.

`store.entries`, `.teachers`, `.terms`, `.timer`, `.history`, `.imports`, `.aggregates` and
`.sync` each own one concern; all of them run the same SQL on SQLite (a file) and PostgreSQL
(a team database), the few differences asked of the Dialect (see base.py). Open one with
coachlog.storage.open_store.
"""

from __future__ import annotations

from pathlib import Path

from coachlog.storage.aggregates import Aggregates
from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.history import History
from coachlog.storage.imports import Imports
from coachlog.storage.sync import Sync
from coachlog.storage.teachers import Teachers
from coachlog.storage.terms import Terms
from coachlog.storage.timer import TimerStore


class Store:
    """A connection to one coachlog database; `owner` is the coach whose rows it writes."""

    def __init__(self, database: Database, read_only: bool = False) -> None:
        self.database = database
        self.read_only = read_only
        self.teachers = Teachers(database)
        self.terms = Terms(database)
        self.history = History(database)
        self.aggregates = Aggregates(database)
        self.entries = Entries(database, self.teachers)
        self.timer = TimerStore(database, self.entries)
        self.imports = Imports(database, self.entries, self.terms)
        self.sync = Sync(database, self.entries)

    @property
    def connection(self) -> Connection:
        return self.database.connection

    @property
    def path(self) -> Path | str:
        """The file, or a team database's URL without its password."""
        return self.database.path

    @property
    def owner(self) -> str:
        return self.database.owner

    def close(self) -> None:
        self.database.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
