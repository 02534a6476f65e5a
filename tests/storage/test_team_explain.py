"""A coach's raw SQL, EXPLAIN ANALYZE and the catalogs included, reveals nothing of another coach (issue 12, item 7).

Coach ana connects with psycopg and tries what an attacker would: EXPLAIN (ANALYZE) with predicates on
ben's owner, teacher-name prefixes and dates (its "Rows Removed by Filter" and "Actual Rows" once counted
the rows that row-level security hid), with and without index scans, queries on ben's schema and the
coordinator's, and the catalogs' row counts, sizes and activity counters. Everything she sees is recorded,
ben's data is then changed (other names, counts and dates, the statistics brought up to date), and she
looks again: the two records must be equal, so nothing in them depends on ben's data.

Needs COACHLOG_TEST_POSTGRES_URL (see tests/helpers.py); each test gets a database and roles of its own.
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Iterator
from typing import Any

import pytest

from coachlog.storage import team
from coachlog.urls import libpq_url
from helpers import ROOT, postgres_admin_url, with_database

psycopg = pytest.importorskip("psycopg")


def raw(url: str) -> Any:
    return psycopg.connect(libpq_url(url), autocommit=True)


class Program:
    """A team database with coaches ana and ben (made by `team add-coach`), and their URLs."""

    def __init__(self, admin: str, prefix: str) -> None:
        self.admin, self.prefix = admin, prefix
        team.init_team(admin, None, prefix)
        self.urls = {short: team.add_member(admin, prefix + short, "coach").url for short in ("ana", "ben")}
        self.ana, self.ben = prefix + "ana", prefix + "ben"


@pytest.fixture
def program() -> Iterator[Program]:
    server = postgres_admin_url()
    name, prefix = f"team_{secrets.token_hex(5)}", f"t_{secrets.token_hex(4)}_"
    with raw(server) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Program(with_database(server, name), prefix)
    finally:
        with raw(server) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            for (role,) in db.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)):
                db.execute(f'DROP ROLE "{role}"')


def log(db: Any, teachers: list[str], days: list[str]) -> None:
    """As the connected coach, by raw SQL: the teachers, and one session with all of them on each day."""
    ids = [
        db.execute(
            "INSERT INTO teacher (owner, name, name_key, created_at)"
            " VALUES (session_user, %s, lower(%s), '2026-09-01 00:00:00') RETURNING id",
            (name, name),
        ).fetchone()[0]
        for name in teachers
    ]
    for day in days:
        entry = db.execute(
            "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, note,"
            " created_at, updated_at) VALUES (gen_random_uuid()::text, session_user, 'session', %s, 45, %s::date,"
            " true, 'coaching', 'private', '2026-09-01 00:00:00', '2026-09-01 00:00:00') RETURNING id",
            (f"{day} 14:00:00", day),
        ).fetchone()[0]
        for position, teacher in enumerate(ids):
            db.execute(
                "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (%s, %s, %s)",
                (entry, teacher, position),
            )


def plain(value: Any) -> Any:
    """An EXPLAIN (FORMAT JSON) plan without what varies from run to run on its own (nothing timed is asked)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items() if "Time" not in key}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def probes(ben: str) -> dict[str, str]:
    """What ana asks: each statement an attacker would try, by name."""
    explain = "EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF, SUMMARY OFF, BUFFERS OFF) "
    asked = {
        "names from m": f"SELECT * FROM teacher WHERE owner = '{ben}' AND name_key >= 'm'",
        "every teacher": "SELECT * FROM teacher",
        "by owner": f"SELECT * FROM entry WHERE owner = '{ben}'",
        "one day": "SELECT count(*) FROM entry WHERE local_date = '2026-11-02'",
        "day by day": "SELECT local_date, count(*) FROM entry WHERE local_date >= '2026-01-01' GROUP BY local_date",
        "links": "SELECT * FROM entry_teacher WHERE teacher_id > 0",
        "ben's schema": f"SELECT * FROM \"{ben}\".teacher WHERE name_key >= 'm'",
        "ben's entries": f"SELECT * FROM \"{ben}\".entry WHERE local_date = '2026-11-02'",
        "every coach's entries": "SELECT * FROM coachlog_team.entry",
        "the public table": "SELECT * FROM public.entry WHERE local_date = '2026-11-02'",
    }
    for letter in string.ascii_lowercase:
        asked[f"prefix {letter}"] = f"SELECT * FROM teacher WHERE name_key LIKE '{letter}%'"
    plans = {f"explain {name}": explain + query for name, query in asked.items()}
    plans.update({f"explain {name}, no seqscan": explain + query for name, query in asked.items()})
    catalogs = {
        "row counts": "SELECT n.nspname, c.relname, c.reltuples, c.relpages, c.relallvisible FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema',"
        " 'pg_toast') ORDER BY 1, 2",
        "activity": "SELECT schemaname, relname, n_live_tup, n_tup_ins, n_tup_del, seq_scan, idx_scan"
        " FROM pg_stat_user_tables ORDER BY 1, 2",
        "blocks": "SELECT schemaname, relname, heap_blks_read, idx_blks_read FROM pg_statio_user_tables ORDER BY 1, 2",
        "sizes": "SELECT c.oid::regclass::text, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n"
        " ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
        " ORDER BY 1",
        "statistics": "SELECT schemaname, tablename, attname, most_common_vals::text FROM pg_stats"
        " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3",
        "sequences": "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2",
        "own sequence": "SELECT last_value, is_called FROM entry_id_seq",
        "ben's sequence": f"SELECT pg_sequence_last_value('\"{ben}\".entry_id_seq')",
        "locks": "SELECT locktype, relation::regclass::text, objid, mode FROM pg_locks ORDER BY 1, 2, 3",
    }
    return {**plans, **catalogs}


def observe(url: str, ben: str) -> dict[str, Any]:
    """Everything ana sees for each probe: rows or plans, else the error's class and first line."""
    seen: dict[str, Any] = {}
    with raw(url) as db:
        for name, query in probes(ben).items():
            try:
                db.execute("SET enable_seqscan = " + ("off" if name.endswith("no seqscan") else "on"))
                db.execute("SET enable_indexonlyscan = off")  # its cost follows the visibility map of ana's own table
                rows = db.execute(query).fetchall()
                seen[name] = plain(rows[0][0]) if name.startswith("explain") else [list(map(str, r)) for r in rows]
            except psycopg.Error as exc:
                seen[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return seen


def settle(admin: str) -> None:
    """Bring every statistic up to date, as autovacuum eventually would (the attacker's best case)."""
    with raw(admin) as db:
        db.execute("VACUUM ANALYZE")


def test_a_coach_s_raw_sql_and_explain_reveal_nothing_of_another_coach(program: Program) -> None:
    """Ana's view of the database, EXPLAIN ANALYZE and catalogs included, is the same whether ben has 2 teachers
    whose names start with m and 7 sessions on 2026-11-02, or 40 other teachers and 300 sessions on other days."""
    with raw(program.urls["ana"]) as db:
        log(db, ["Ana Teacher", "Zed Adams"], ["2026-11-02", "2026-11-03"])
    with raw(program.urls["ben"]) as db:
        log(db, ["Mara Lopez", "Milo Chen"], ["2026-11-02"] * 7)
    settle(program.admin)
    first = observe(program.urls["ana"], program.ben)

    with raw(program.urls["ben"]) as db:
        db.execute("DELETE FROM entry_teacher")
        db.execute("DELETE FROM entry")
        db.execute("DELETE FROM teacher")
        log(db, [f"Other {n:02}" for n in range(40)], [f"2026-10-{1 + n % 28:02}" for n in range(300)])
    settle(program.admin)
    second = observe(program.urls["ana"], program.ben)

    changed = sorted(name for name in first if first[name] != second[name])
    assert changed == [], {name: (first[name], second[name]) for name in changed[:3]}
    text = json.dumps(first) + json.dumps(second)
    for secret in ("mara", "Mara", "Milo", "Other 0", "2026-10-0"):
        assert secret not in text


def test_a_coach_reaches_no_other_schema_even_to_explain(program: Program) -> None:
    """EXPLAIN of ben's tables or of the coordinator's views is refused (permission denied), and ana's ids do not
    move when ben logs: each coach's tables have sequences of their own."""
    with raw(program.urls["ben"]) as db:
        log(db, ["Mara Lopez"], ["2026-11-02"] * 3)
    with raw(program.urls["ana"]) as db:
        for relation in (f'"{program.ben}".entry', f'"{program.ben}".teacher', "coachlog_team.entry", "public.entry"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"EXPLAIN SELECT * FROM {relation}")
        assert db.execute("SELECT current_schema()").fetchone() == (program.ana,)
        log(db, ["Ana Teacher"], ["2026-11-02"])
        assert db.execute("SELECT max(id) FROM entry").fetchone() == (1,)  # ben's three went elsewhere
        assert db.execute("SELECT last_value FROM entry_id_seq").fetchone() == (1,)


def test_the_readme_says_what_a_coach_s_raw_sql_can_reveal() -> None:
    """The "Who can see what" table no longer speaks of shared ids, and the known limits say what the catalogs
    still show a coach."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## For coaching teams") : readme.index("## The CSV contract")]
    coach_row = next(line for line in section.splitlines() if line.startswith("| a coach |"))
    assert "shared ids" not in section and "EXPLAIN" in coach_row
    assert "schema" in coach_row
