"""Many coaches pushing to one team database at once: nothing lost, nothing duplicated (issue 7's load test).

Twenty coach processes, each with 5,000 entries in its own SQLite file, run `coachlog push` at the
same moment against a real PostgreSQL server; afterwards the team database holds exactly the
100,000 entries, each once, each owned by the coach who pushed it and saying what it says on
that coach's computer. Needs COACHLOG_TEST_POSTGRES_URL (see tests/test_postgres.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coachlog.domain.push import digest
from coachlog.domain.values import NewEntry, Stance
from coachlog.storage import open_store
from helpers import TeamDatabase

COACHES = 20
PER_COACH = 5_000


def coach_entries(coach: int) -> list[NewEntry]:
    """PER_COACH sessions and duties over a school year, with teachers, tags and notes, for one coach."""
    entries = []
    start = datetime(2025, 9, 2, 12, 0, tzinfo=UTC)
    for i in range(PER_COACH):
        when = start + timedelta(days=i // 20, minutes=15 * (i % 20))
        duty = i % 9 == 0
        entries.append(
            NewEntry(
                kind="duty" if duty else "session",
                start=when,
                minutes=10 + i % 50,
                local_date=date(when.year, when.month, when.day),
                time_known=True,
                teachers=()
                if duty
                else (f"Teacher {coach}-{i % 23}", *((f"Teacher {coach}-{i % 7}",) if i % 5 == 0 else ())),
                stance=None if duty else list(Stance)[i % 3],
                duty_kind="cover" if duty else None,
                note=f"note {coach}/{i}" if i % 4 == 0 else None,
                tags=("cycle-1",) if i % 6 == 0 else (),
            )
        )
    return entries


def test_twenty_coaches_pushing_at_once_lose_and_duplicate_nothing(team_database: TeamDatabase, tmp_path: Path) -> None:
    """20 processes push 5,000 entries each at the same moment: the team database then holds exactly those
    100,000 entries, each once, each owned by its coach and equal to the coach's own copy; pushing again
    sends nothing."""
    coaches = []
    for number in range(COACHES):
        target = team_database.member(f"coach{number}")
        role = team_database.prefix + f"coach{number}"
        local = tmp_path / f"{role}.db"
        with open_store(local, owner=role) as store:
            store.imports.add_many(coach_entries(number), datetime(2026, 6, 1, tzinfo=UTC))
        coaches.append((role, local, target))
    env = {**os.environ, "COACHLOG_CONFIG": str(tmp_path / "config.toml"), "COACHLOG_TIMEZONE": "America/New_York"}
    command = [sys.executable, "-m", "coachlog"]

    def push_all() -> list[subprocess.CompletedProcess]:
        pushes = [
            subprocess.Popen(
                [*command, "--db", str(local), "push", "--to", target],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _, local, target in coaches
        ]
        return [
            subprocess.CompletedProcess(p.args, p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in pushes
        ]  # type: ignore[union-attr]

    for done in push_all():
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Sent {PER_COACH:,} new entries".replace(",", "")), done.stdout

    [(total, distinct)] = team_database.sql("SELECT COUNT(*), COUNT(DISTINCT uid) FROM coachlog_team.entry")
    assert total == distinct == COACHES * PER_COACH
    per_owner = dict(team_database.sql("SELECT owner, COUNT(*) FROM coachlog_team.entry GROUP BY owner"))
    assert per_owner == {role: PER_COACH for role, _, _ in coaches}
    for _role, local, target in coaches[:3]:  # content, entry by entry, for a few coaches
        with open_store(local) as mine, open_store(target) as theirs:
            assert {digest(e) for e in theirs.entries.query(None)} == {digest(e) for e in mine.entries.query(None)}

    for done in push_all():
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Sent 0 new entries, 0 changed, 0 deleted"), done.stdout
    assert team_database.sql("SELECT COUNT(*) FROM coachlog_team.entry") == [(COACHES * PER_COACH,)]
