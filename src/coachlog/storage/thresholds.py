"""Thresholds: the team's privacy.min_group as this database holds it, read by every summary.

Its own module, light (sqlite3 rows and a setting key): a summary reads the two thresholds without loading push's
bookkeeping (sync.py, which brings the cycles, the roster, next steps and the push plan: issue 17, its start-up).
"""

from __future__ import annotations

from coachlog.domain.values import MIN_GROUP
from coachlog.storage.database import Database

TEAM_MIN_GROUP = "team.min_group"  # a team database's threshold (team init --min-group)
REMEMBERED_MIN_GROUP = "pushed.team_min_group"  # in a coach's file: the team's threshold at the last push


class Thresholds:
    """The team thresholds one database holds: its own (a team database) and the one its last push saw."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def team_min_group(self) -> int | None:
        """This database's threshold as a team database sees it (team_functions.sql's team_min_group): its
        setting 'team.min_group', never below MIN_GROUP; None in a database without one (not made by team init)."""
        return self.min_groups()[0]

    def min_groups(self) -> tuple[int | None, int | None]:
        """In one read: this database's own team threshold (team_min_group) and the team database's as this
        database last saw it on a push (None: never pushed since)."""
        rows = self.database.read(
            "SELECT key, value FROM setting WHERE key IN (:team, :remembered)",
            {"team": TEAM_MIN_GROUP, "remembered": REMEMBERED_MIN_GROUP},
        )
        values = {str(key): int(value) for key, value in rows}
        team = values.get(TEAM_MIN_GROUP)
        return (None if team is None else max(MIN_GROUP, team)), values.get(REMEMBERED_MIN_GROUP)

    def remember_min_group(self, min_group: int) -> None:
        """Keep the team database's threshold here: this coach's summary uses at least it (README, "A coach's
        summary beside their row"), so it hides what their team row hides."""
        with self.database.write() as db:
            db.execute(
                "INSERT INTO setting (key, value) VALUES (:key, :value)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                {"key": REMEMBERED_MIN_GROUP, "value": str(min_group)},
            )
