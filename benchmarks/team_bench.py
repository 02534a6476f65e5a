"""How fast a coaching team's database is: coordinator reports over 500 coaches, and coaches pushing at once.

Needs a PostgreSQL server and a superuser URL for it (`.ci/postgres start DIR PORT` prints one):

    python benchmarks/team_bench.py postgresql+psycopg://coachlog_admin:PASSWORD@127.0.0.1:54329/coachlog_test
    python benchmarks/team_bench.py URL --coaches 500 --per-coach 1000 --runs 5

It makes a database of its own (dropped at the end): `coachlog team init`, then COACHES coaches'
entries generated in SQL (a school year each: sessions with 3 to 25 teachers, a tenth of them
duties, a few coaches with fewer than 5 teachers), a coordinator role, and times whole
`coachlog report --team` and `summary --team` processes (median of --runs after a warm-up).
Then PUSHERS coach processes push PUSH_EACH entries each from their own SQLite files at once.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

from coachlog.domain.values import NewEntry, Stance
from coachlog.storage import open_store

GENERATE = """
INSERT INTO teacher (owner, name, name_key, created_at)
SELECT format('bench_coach_%s', c), format('Teacher %s', t), format('teacher %s', t), '2025-08-20 12:00:00'
FROM generate_series(1, {coaches}) AS c, generate_series(1, 25) AS t;

INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, duty_kind, note,
                   shareable, created_at, updated_at)
SELECT gen_random_uuid()::text, format('bench_coach_%s', c),
       CASE WHEN i % 10 = 0 THEN 'duty' ELSE 'session' END,
       to_char(timestamp '2025-09-02 12:00' + (i % 180) * interval '1 day' + (i % 7) * interval '1 hour',
               'YYYY-MM-DD HH24:MI:SS'),
       10 + (i * 7) % 80,
       date '2025-09-02' + (i % 180),
       true,
       CASE WHEN i % 10 = 0 THEN NULL ELSE (ARRAY['consulting', 'collaborating', 'coaching'])[1 + (i * 13 + c) % 3] END,
       CASE WHEN i % 10 = 0 THEN (ARRAY['cover', 'supervision', 'testing', 'admin', 'event', 'other'])[1 + i % 6] END,
       format('private note %s/%s', c, i),
       false, '2026-06-01 12:00:00', '2026-06-01 12:00:00'
FROM generate_series(1, {coaches}) AS c, generate_series(1, {per_coach}) AS i;

-- Coaches whose number ends in 7 work with 3 teachers only: the privacy rule hides them.
INSERT INTO entry_teacher (entry_id, teacher_id, position)
SELECT e.id, t.id, 0
FROM entry e
JOIN teacher t ON t.owner = e.owner
 AND t.name_key = format('teacher %s', 1 + e.id % (CASE WHEN e.owner LIKE '%7' THEN 3 ELSE 25 END))
WHERE e.kind = 'session';
ANALYZE;
"""


def plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def with_database(url: str, database: str, user: str | None = None, password: str | None = None) -> str:
    import sqlalchemy as sa

    parsed = sa.make_url(url).set(database=database)
    if user:
        parsed = parsed.set(username=user, password=password)
    return parsed.render_as_string(hide_password=False)


def median_ms(argv: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for attempt in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        if attempt:
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def coach_entries(coach: int, count: int) -> list[NewEntry]:
    start = datetime(2025, 9, 2, 12, 0, tzinfo=UTC)
    entries = []
    for i in range(count):
        when = start + timedelta(days=i // 20, minutes=15 * (i % 20))
        entries.append(
            NewEntry(
                kind="session",
                start=when,
                minutes=10 + i % 50,
                local_date=date(when.year, when.month, when.day),
                time_known=True,
                teachers=(f"Teacher {coach}-{i % 23}",),
                stance=list(Stance)[i % 3],
                note=f"note {i}" if i % 4 == 0 else None,
            )
        )
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="a superuser URL of a PostgreSQL server")
    parser.add_argument("--coaches", type=int, default=500)
    parser.add_argument("--per-coach", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pushers", type=int, default=20)
    parser.add_argument("--push-each", type=int, default=5000)
    args = parser.parse_args()
    coachlog = [sys.executable, "-m", "coachlog"]
    name = f"team_bench_{secrets.token_hex(3)}"
    prefix = f"bench_{secrets.token_hex(2)}_"
    coordinator, password = f"bench_coordinator_{secrets.token_hex(3)}", secrets.token_hex(12)
    pushers = [(f"bench_pusher_{secrets.token_hex(3)}_{n}", secrets.token_hex(12)) for n in range(args.pushers)]
    with psycopg.connect(plain(args.url), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    admin = with_database(args.url, name)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "COACHLOG_CONFIG": str(Path(folder) / "config.toml"), "COACHLOG_TIMEZONE": "UTC"}
        try:
            subprocess.run([*coachlog, "--db", admin, "team", "init"], env=env, check=True, stdout=subprocess.DEVNULL)
            started = time.perf_counter()
            with psycopg.connect(plain(admin), autocommit=True) as db:
                for number in range(1, args.coaches + 1):  # the figures count only the coach group's login roles
                    db.execute(f'CREATE ROLE "{prefix}coach_{number}" LOGIN IN ROLE coach')
                db.execute(
                    GENERATE.replace("{coaches}", str(args.coaches))
                    .replace("{per_coach}", str(args.per_coach))
                    .replace("bench_coach_", f"{prefix}coach_")
                )
                db.execute(f"CREATE ROLE \"{coordinator}\" LOGIN PASSWORD '{password}' IN ROLE coordinator")
                for role, secret in pushers:
                    db.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{secret}' IN ROLE coach")
                [(entries,)] = db.execute("SELECT COUNT(*) FROM entry").fetchall()
            print(f"coachlog team benchmark · {args.coaches} coaches · {entries:,} entries")
            print(f"(generated in {time.perf_counter() - started:.1f} s)")
            # The rows went into the shared tables, as an earlier coachlog kept them: `team init` moves each
            # coach's rows into the coach's own schema (one schema per coach, team_schemas.sql).
            started = time.perf_counter()
            subprocess.run([*coachlog, "--db", admin, "team", "init"], env=env, check=True, stdout=subprocess.DEVNULL)
            with psycopg.connect(plain(admin), autocommit=True) as db:
                db.execute("ANALYZE")
            print(
                f"(moved into {args.coaches + args.pushers} coach schemas by team init"
                f" in {time.perf_counter() - started:.1f} s)"
            )
            coordinator_url = with_database(args.url, name, coordinator, password)
            cases = [
                ("report --team --all", ["report", "--team", "--all"]),
                (
                    "report --team --from 2025-09-02 --to 2025-12-19",
                    ["report", "--team", "--from", "2025-09-02", "--to", "2025-12-19"],
                ),
                ("summary --team --all (html)", ["summary", "--team", "--all", "-f", "html"]),
            ]
            for label, command in cases:
                ms = median_ms([*coachlog, "--db", coordinator_url, *command], env, args.runs)
                print(f"  {label:<52} {ms:8.0f} ms (median of {args.runs})")
            shown = subprocess.run(
                [*coachlog, "--db", coordinator_url, "report", "--team", "--all", "--format", "json"],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            report = json.loads(shown)
            print(
                f"  (the report shows {len(report['coaches'])} coaches; {report['totals']['coaches_left_out']} left out)"
            )

            locals_ = []
            for number, (role, secret) in enumerate(pushers):
                path = Path(folder) / f"{role}.db"
                with open_store(path, owner=role) as store:
                    store.imports.add_many(coach_entries(number, args.push_each), datetime(2026, 6, 1, tzinfo=UTC))
                locals_.append((path, with_database(args.url, name, role, secret)))
            started = time.perf_counter()
            processes = [
                subprocess.Popen(
                    [*coachlog, "--db", str(path), "push", "--to", url], env=env, stdout=subprocess.DEVNULL
                )
                for path, url in locals_
            ]
            codes = [p.wait() for p in processes]
            elapsed = time.perf_counter() - started
            with psycopg.connect(plain(admin), autocommit=True) as db:
                [(pushed, distinct)] = db.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT uid) FROM coachlog_team.entry WHERE owner LIKE 'bench_pusher_%'"
                ).fetchall()
            print(
                f"  {args.pushers} coaches pushing {args.push_each:,} entries each at once: {elapsed:.1f} s,"
                f" exit codes {sorted(set(codes))}, {pushed:,} entries there ({distinct:,} distinct)"
            )
        finally:
            with psycopg.connect(plain(args.url), autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                for role, _ in [(coordinator, ""), *pushers]:
                    server.execute(f'DROP ROLE IF EXISTS "{role}"')
                for number in range(1, args.coaches + 1):
                    server.execute(f'DROP ROLE IF EXISTS "{prefix}coach_{number}"')


if __name__ == "__main__":
    main()
