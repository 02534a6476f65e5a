"""Store: one coachlog database, as sub-stores that share one Database handle.

`store.entries`, `.teachers`, `.terms`, `.cycles`, `.timer`, `.history`, `.imports`, `.aggregates`,
`.sync`, `.thresholds`, `.consent`, `.roster`, `.steps` (next steps)
and `.term_counts` each own one concern; all of them run the same SQL on SQLite (a file) and PostgreSQL (a team
database), the few differences asked of the Dialect (see base.py). Open one with coachlog.storage.open_store.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from coachlog.storage.base import Connection
from coachlog.storage.database import Database
from coachlog.storage.entries import Entries
from coachlog.storage.teachers import Teachers

if TYPE_CHECKING:
    from pathlib import Path

    from coachlog.storage.aggregates import Aggregates
    from coachlog.storage.consent import Consent
    from coachlog.storage.cycles import Cycles
    from coachlog.storage.history import History
    from coachlog.storage.imports import Imports
    from coachlog.storage.roster import Roster
    from coachlog.storage.steps import NextSteps
    from coachlog.storage.sync import Sync
    from coachlog.storage.term_counts import TermCounts
    from coachlog.storage.terms import Terms
    from coachlog.storage.thresholds import Thresholds
    from coachlog.storage.timer import TimerStore


class Store:
    """A connection to one coachlog database; `owner` is the coach whose rows it writes."""

    def __init__(self, database: Database, read_only: bool = False) -> None:
        self.database = database
        self.read_only = read_only
        self.teachers = Teachers(database)
        self.entries = Entries(database, self.teachers)

    # The other sub-stores are made (and their modules imported) when first used: `coachlog add` needs
    # neither the timer, the terms, imports nor push's bookkeeping, and each module costs start-up time.

    @cached_property
    def terms(self) -> Terms:
        from coachlog.storage.terms import Terms

        return Terms(self.database)

    @cached_property
    def history(self) -> History:
        from coachlog.storage.history import History

        return History(self.database)

    @cached_property
    def aggregates(self) -> Aggregates:
        from coachlog.storage.aggregates import Aggregates

        return Aggregates(self.database)

    @cached_property
    def cycles(self) -> Cycles:
        from coachlog.storage.cycles import Cycles

        return Cycles(self.database)

    @cached_property
    def timer(self) -> TimerStore:
        from coachlog.storage.timer import TimerStore

        return TimerStore(self.database, self.entries)

    @cached_property
    def imports(self) -> Imports:
        from coachlog.storage.imports import Imports

        return Imports(self.database, self.entries, self.terms)

    @cached_property
    def sync(self) -> Sync:
        from coachlog.storage.sync import Sync

        return Sync(self.database, self.entries)

    @cached_property
    def thresholds(self) -> Thresholds:
        from coachlog.storage.thresholds import Thresholds

        return Thresholds(self.database)

    @cached_property
    def consent(self) -> Consent:
        from coachlog.storage.consent import Consent

        return Consent(self.database, self.entries)

    @cached_property
    def roster(self) -> Roster:
        from coachlog.storage.roster import Roster

        return Roster(self.database, self.teachers)

    @cached_property
    def steps(self) -> NextSteps:
        from coachlog.storage.steps import NextSteps

        return NextSteps(self.database)

    @cached_property
    def term_counts(self) -> TermCounts:
        from coachlog.storage.term_counts import TermCounts

        return TermCounts(self.database)

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
