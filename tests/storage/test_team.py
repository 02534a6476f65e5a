"""A coaching team on PostgreSQL: the database itself keeps each coach's rows private (issue 7).

Every promise is proved with raw SQL connected as the roles themselves (psycopg), not only
through the CLI: coaches see and change only their own rows, a coordinator reaches no
table and gets only aggregates, and no aggregate describes fewer than min_group teachers,
nor lets such a figure be worked out from the others.

These tests need a real server: COACHLOG_TEST_POSTGRES_URL names a superuser URL on it.
Without it they skip; with COACHLOG_REQUIRE_POSTGRES set they fail instead. Each test gets
a database `team_<random>` and roles `t_<random>_...`, dropped afterwards (roles are
cluster-wide, and other test runs share the server).
"""

from __future__ import annotations

import json
import re
import secrets
import stat
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coachlog.domain.values import ROUND_TO, STANCES, SessionAtom
from coachlog.reports import bounds, privacy
from coachlog.reports.rounding import round_minutes, rounding_offset
from coachlog.storage import team
from coachlog.urls import libpq_url
from helpers import Run, postgres_admin_url

psycopg = pytest.importorskip("psycopg")

PRIVATE_TABLES = ("entry", "teacher", "entry_teacher", "entry_tag", "term", "undo_step", "timer")
MIN = 5
SECRET = "s3cret-note"  # in every note, answer and story; must never come out of an aggregate


def admin_url() -> str:
    return postgres_admin_url()


def raw(url: str) -> Any:
    """A psycopg connection (autocommit) to a SQLAlchemy-style URL."""
    return psycopg.connect(libpq_url(url), autocommit=True)


@dataclass
class Team:
    """A team database of its own, and the roles made for it."""

    admin: str  # the administrator's URL for this database
    prefix: str  # every role of this team starts with it
    members: dict[str, str] = field(default_factory=dict)  # role -> URL

    def add(self, kind: str, short: str) -> str:
        """A new coach or coordinator role (prefixed); its URL is kept in `members`."""
        member = team.add_member(self.admin, self.prefix + short, kind)
        self.members[member.name] = member.url
        return member.name

    def as_(self, role: str) -> Any:
        return raw(self.members[role])

    def sql(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with raw(self.admin) as db:
            return db.execute(query, params).fetchall()


def _make_database(server: str) -> tuple[str, str]:
    name = f"team_{secrets.token_hex(5)}"
    with raw(server) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    import sqlalchemy as sa

    return name, sa.make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop(server: str, name: str, prefix: str) -> None:
    with raw(server) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for (role,) in db.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (prefix,)).fetchall():
            db.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def bare() -> Iterator[Team]:
    """A new, empty database (no team yet) and a role prefix of its own."""
    server = admin_url()
    name, url = _make_database(server)
    prefix = f"t_{secrets.token_hex(4)}_"
    try:
        yield Team(url, prefix)
    finally:
        _drop(server, name, prefix)


@pytest.fixture
def tm(bare: Team) -> Team:
    """A team database set up by `team init`, with coaches ana and ben and coordinator cora."""
    team.init_team(bare.admin, None, bare.prefix)
    for kind, short in (("coach", "ana"), ("coach", "ben"), ("coordinator", "cora")):
        bare.add(kind, short)
    return bare


# ---- seeding, as the coach -------------------------------------------------------------------


def teacher_id(db: Any, name: str) -> int:
    found = db.execute("SELECT id FROM teacher WHERE name_key = lower(%s)", (name,)).fetchone()
    if found:
        return int(found[0])
    return int(
        db.execute(
            "INSERT INTO teacher (owner, name, name_key, created_at)"
            " VALUES (current_user, %s, lower(%s), '2026-11-01 00:00:00') RETURNING id",
            (name, name),
        ).fetchone()[0]
    )


def log(
    db: Any,
    stance: str | None,
    minutes: int,
    teachers: list[str] = (),  # type: ignore[assignment]
    day: str = "2026-11-02",
    duty: str | None = None,
    owner: str = "current_user",
) -> int:
    """Insert a session (or a duty, given `duty`) with its teachers and a tag, by raw SQL on `db`."""
    ids = [teacher_id(db, name) for name in teachers] if owner == "current_user" else list(teachers)
    entry = db.execute(
        "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, duty_kind,"
        " note, helpful, story, created_at, updated_at)"
        f" VALUES (gen_random_uuid()::text, {owner}, %s, %s, %s, %s::date, true, %s, %s, %s, %s, %s,"
        " '2026-11-01 00:00:00', '2026-11-01 00:00:00') RETURNING id",
        (
            "duty" if duty else "session",
            f"{day} 14:00:00",
            minutes,
            day,
            stance,
            duty,
            f"{SECRET} about {', '.join(map(str, teachers))}",
            f"{SECRET} helpful",
            f"{SECRET} story",
        ),
    ).fetchone()[0]
    # A uid fixed by the row (the rounding of its unit follows its smallest uid), so that a derandomized
    # property replays the same figures every run: gen_random_uuid() made one failing example in three flaky.
    # The owner's random test prefix is left out ('t_1a2b3c4d_c1' gives 'c1-7'), so the uid is the same every run.
    db.execute("UPDATE entry SET uid = regexp_replace(owner, '^.*_', '') || '-' || id WHERE id = %s", (entry,))
    for position, tid in enumerate(ids):
        db.execute(
            "INSERT INTO entry_teacher (entry_id, teacher_id, position) VALUES (%s, %s, %s)", (entry, tid, position)
        )
    db.execute("INSERT INTO entry_tag (entry_id, tag) VALUES (%s, 'math')", (entry,))
    return int(entry)


def seed_private_rows(db: Any, who: str) -> None:
    """One of everything a coach owns: sessions with teachers and tags, a term, an undo step, a timer."""
    log(db, "coaching", 45, [f"{who} teacher 1", f"{who} teacher 2"])
    log(db, None, 30, duty="cover")
    db.execute(
        "INSERT INTO term (owner, name, name_key, start_date, end_date)"
        " VALUES (current_user, 'Fall', 'fall', DATE '2026-09-01', DATE '2026-12-18')"
    )
    db.execute(
        "INSERT INTO undo_step (owner, description, created_at, before)"
        " VALUES (current_user, 'add', '2026-11-01 00:00:00', %s)",
        (json.dumps({"note": SECRET}),),
    )
    db.execute(
        "INSERT INTO timer (owner, start_utc, stance, teachers, tags, note, created_at)"
        " VALUES (current_user, '2026-11-23 14:00:00', 'coaching', '[\"x\"]', '[]', %s, '2026-11-23 14:00:00')",
        (SECRET,),
    )


# ---- what each role can reach ----------------------------------------------------------------


def test_a_coach_reads_and_changes_only_their_own_rows(tm: Team) -> None:
    """Coach ana sees none of ben's rows in any table, and her UPDATE and DELETE of them touch 0 rows."""
    ana, ben = (tm.prefix + n for n in ("ana", "ben"))
    with tm.as_(ben) as db:
        seed_private_rows(db, "ben")
    with tm.as_(ana) as db:
        seed_private_rows(db, "ana")
    owner_of = {
        **{table: "owner" for table in ("entry", "teacher", "term", "undo_step", "timer")},
        "entry_teacher": "(SELECT owner FROM entry e WHERE e.id = entry_id)",
        "entry_tag": "(SELECT owner FROM entry e WHERE e.id = entry_id)",
    }

    def rows_of(coach: str) -> dict[str, list[tuple[Any, ...]]]:  # the administrator's views of every schema
        return {
            t: tm.sql(f"SELECT * FROM coachlog_team.{t} WHERE coach = %s ORDER BY 2, 3", (coach,)) for t in owner_of
        }

    before = rows_of(ben)
    assert all(before.values())  # ben has rows in every table
    with tm.as_(ana) as db:
        for table in PRIVATE_TABLES:
            owners = {row[0] for row in db.execute(f"SELECT {owner_of[table]} FROM {table}").fetchall()}
            assert owners == {ana}, table
        for table in ("entry", "teacher", "term", "undo_step", "timer"):
            column = {"entry": "minutes", "teacher": "name", "term": "name", "undo_step": "description"}.get(
                table, "stance"
            )
            value = "'collaborating'" if table == "timer" else ("1" if table == "entry" else "'x'")
            assert db.execute(f"UPDATE {table} SET {column} = {value} WHERE owner = %s", (ben,)).rowcount == 0
            assert db.execute(f"DELETE FROM {table} WHERE owner <> current_user").rowcount == 0
        for table in ("entry_teacher", "entry_tag"):
            assert db.execute(f"DELETE FROM {table} WHERE {owner_of[table]} = %s", (ben,)).rowcount == 0
        assert db.execute("UPDATE entry_tag SET tag = 'x' WHERE true").rowcount == 2  # her own two only
        assert db.execute("SELECT count(*) FROM entry WHERE note LIKE %s", (f"%{SECRET}%",)).fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'entry'").fetchone()[0] == 0
    assert rows_of(ben) == before  # exactly as they were


def test_a_coach_cannot_write_rows_for_another_coach_or_link_their_teachers(tm: Team) -> None:
    """Inserting a row owned by ben is refused by the policies; ben's teachers and entries are in his schema,
    which ana may not even name (each coach's ids are their own, so the same numbers name her own rows)."""
    ana, ben = (tm.prefix + n for n in ("ana", "ben"))
    with tm.as_(ben) as db:
        ben_entry = log(db, "coaching", 30, ["Ben's teacher"])
        ben_teacher = teacher_id(db, "Ben's teacher")
    with tm.as_(ana) as db:
        own_entry = log(db, "coaching", 30, ["Ana's teacher"])
        own_teacher = teacher_id(db, "Ana's teacher")
        refused = [
            ("INSERT INTO teacher (owner, name, name_key, created_at) VALUES (%s, 'X', 'x', '2026-11-01')", (ben,)),
            (
                "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance,"
                " created_at, updated_at) VALUES (gen_random_uuid()::text, %s, 'session', '2026-11-02 14:00:00',"
                " 30, '2026-11-02', true, 'coaching', '2026-11-01', '2026-11-01')",
                (ben,),
            ),
            (
                "INSERT INTO term (owner, name, name_key, start_date, end_date)"
                " VALUES (%s, 'T', 't', '2026-09-01', '2026-10-01')",
                (ben,),
            ),
            ("INSERT INTO undo_step (owner, description, created_at, before) VALUES (%s, 'x', 'x', '{}')", (ben,)),
            (
                "INSERT INTO timer (owner, start_utc, stance, teachers, tags, created_at)"
                " VALUES (%s, '2026-11-23 14:00:00', 'coaching', '[]', '[]', '2026-11-23')",
                (ben,),
            ),
            ("UPDATE entry SET owner = %s WHERE id = %s", (ben, own_entry)),
        ]
        for statement, params in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                db.execute(statement, params)
        for statement, params in (
            (f'INSERT INTO "{ben}".entry_teacher (entry_id, teacher_id, position) VALUES (%s, %s, 1)',
             (ben_entry, own_teacher)),
            (f'INSERT INTO "{ben}".entry_tag (entry_id, tag) VALUES (%s, \'mine now\')', (ben_entry,)),
            (f'INSERT INTO entry_teacher (entry_id, teacher_id, position) SELECT %s, id, 1 FROM "{ben}".teacher',
             (own_entry,)),
            (f'UPDATE "{ben}".entry SET owner = %s', (ana,)),
        ):  # fmt: skip
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for schema"):
                db.execute(statement, params)
    assert tm.sql(f'SELECT count(*) FROM "{ben}".entry_teacher WHERE teacher_id = %s', (ben_teacher,)) == [(1,)]
    assert tm.sql(f'SELECT owner FROM "{ana}".entry WHERE id = %s', (own_entry,)) == [(ana,)]


def test_no_coach_shares_or_reads_rows_through_the_group_role(tm: Team) -> None:
    """Every coach may SET ROLE to the coach group (PostgreSQL 15 grants membership with SET), and the
    policies once keyed on current_user: ben could leave a row owned by the group that every coach then read.
    Now each coach's tables are granted to their login role only: as the group, ben writes nothing and ana
    reads nothing, not even the row the administrator holds for the group; each still reaches only their own."""
    ana, ben, group = tm.prefix + "ana", tm.prefix + "ben", tm.prefix + "coach"
    leak = "from ben: her phone is 555-0100"
    with tm.as_(ana) as db:
        seed_private_rows(db, "ana")
    with tm.as_(ben) as db:
        seed_private_rows(db, "ben")
        db.execute(f'SET ROLE "{group}"')
        for statement, params in (
            (
                "INSERT INTO term (owner, name, name_key, start_date, end_date)"
                " VALUES (%s, %s, 'x', '2026-01-01', '2026-01-02')",
                (group, leak),
            ),
            (
                "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (%s, %s, 'y', '2026-11-01')",
                (group, leak),
            ),
            ("UPDATE term SET owner = %s, name = %s", (group, leak)),  # his own term, handed to the group
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(statement, params)
        db.execute("RESET ROLE")
        assert {row[0] for row in db.execute("SELECT owner FROM entry").fetchall()} == {ben}  # still his own
    with raw(tm.admin) as db:
        db.execute(
            "INSERT INTO term (owner, name, name_key, start_date, end_date)"
            " VALUES (%s, 'left for the group', 'g', '2026-01-01', '2026-01-02')",
            (group,),
        )
    with tm.as_(ana) as db:
        db.execute(f'SET ROLE "{group}"')
        assert db.execute("SELECT current_user, session_user").fetchone() == (group, ana)
        for table in PRIVATE_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"SELECT * FROM {table}")
        db.execute("RESET ROLE")
        for table in ("entry", "teacher", "term", "undo_step", "timer"):
            rows = db.execute(f"SELECT owner, * FROM {table}").fetchall()
            assert {row[0] for row in rows} == {ana}, table
            assert leak not in repr(rows) and "left for the group" not in repr(rows)
        assert db.execute("SELECT count(*) FROM entry_teacher").fetchone()[0] == 2  # her two links only
    assert tm.sql("SELECT owner, name FROM term WHERE owner = %s", (group,)) == [(group, "left for the group")]
    assert tm.sql("SELECT count(*) FROM coachlog_team.term WHERE name = %s", (leak,)) == [(0,)]


def test_the_coordinator_group_role_gives_only_aggregates_and_coaches_cannot_take_it(tm: Team) -> None:
    """A coordinator who SETs ROLE to the coordinator group still reaches no table, only the aggregates; a coach
    is not a member of that group (nor of another coach's role) and cannot SET ROLE to it."""
    ana, cora = tm.prefix + "ana", tm.prefix + "cora"
    with tm.as_(ana) as db:
        seed_private_rows(db, "ana")
    with tm.as_(cora) as db:
        db.execute(f'SET ROLE "{tm.prefix}coordinator"')
        for table in PRIVATE_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"SELECT 1 FROM {table} LIMIT 1")
        assert db.execute("SELECT coaches_left_out FROM team_totals(NULL, NULL)").fetchone() == (1,)
    with tm.as_(ana) as db:
        for role in (f"{tm.prefix}coordinator", cora, f"{tm.prefix}ben"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied to set role"):
                db.execute(f'SET ROLE "{role}"')


@pytest.mark.parametrize("who", ["coach", "coordinator", "cora", "ghost"])
def test_rows_not_owned_by_a_login_coach_never_reach_the_figures(tm: Team, who: str) -> None:
    """Rows held for the coach group (as an older team database let any coach leave), for the coordinator group,
    for a coordinator, or for no role at all are nobody's coaching: no line, no totals, no duties. Ana, a
    coach, is the control: her session is shown."""
    owner = tm.prefix + who
    with raw(tm.admin) as db:
        ids = [
            db.execute(
                "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (%s, %s, %s, 'x') RETURNING id",
                (owner, f"F{n}", f"f{n}"),
            ).fetchone()[0]
            for n in range(6)
        ]
        log(db, "coaching", 500, ids, owner=f"'{owner}'")
        log(db, None, 70, duty="cover", owner=f"'{owner}'")
    with tm.as_(tm.prefix + "ana") as db:
        log(db, "coaching", 60, [f"A{n}" for n in range(5)])  # a whole half hour: rounds to itself
    with tm.as_(tm.prefix + "cora") as db:
        assert db.execute("SELECT coach, session_minutes FROM team_coaches(NULL, NULL)").fetchall() == [
            (tm.prefix + "ana", 60)
        ]
        totals = db.execute(
            "SELECT coaches_shown, coaches_left_out, sessions, session_minutes, duty_minutes, teachers_reached"
            " FROM team_totals(NULL, NULL)"
        ).fetchone()
        assert totals == (1, 0, 1, 60, 0, 5)
        assert db.execute("SELECT count(*) FROM team_duties(NULL, NULL)").fetchone() == (0,)
        report = db.execute("SELECT team_report(NULL, NULL)").fetchone()[0]
    assert owner not in json.dumps(report) and report["totals"]["session_minutes"] == 60


def test_a_coach_cannot_read_the_aggregates_nor_anyone_s_notes(tm: Team) -> None:
    """The coordinator's functions and views are refused to a coach; settings are readable, and hold no notes."""
    with tm.as_(tm.prefix + "ben") as db:
        seed_private_rows(db, "ben")
    with tm.as_(tm.prefix + "ana") as db:
        for query in (
            "SELECT * FROM team_coaches(NULL, NULL)",
            "SELECT * FROM team_totals_all_time",
            "SELECT team_report(NULL, NULL)",
            "SELECT * FROM team_rows(NULL, NULL)",
            "SELECT * FROM entry_tombstone",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(query)
        readable = db.execute("SELECT key, value FROM setting").fetchall()
        assert SECRET not in repr(readable)
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] == 0


def test_a_coordinator_reaches_no_table_only_the_aggregates(tm: Team) -> None:
    """Every base table is `permission denied` to the coordinator, even SELECT; the functions and views answer."""
    with tm.as_(tm.prefix + "ana") as db:
        seed_private_rows(db, "ana")
    with tm.as_(tm.prefix + "cora") as db:
        for table in (*PRIVATE_TABLES, "entry_tombstone", "pushed"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"SELECT 1 FROM {table} LIMIT 1")
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                db.execute(f"DELETE FROM {table}")
        for helper in ("team_rows(NULL, NULL)", "team_hide(5, 1, '{1,1,1}', '{1,1,1,1,1,1,1}', 7)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(f"SELECT * FROM {helper}")
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
        assert ("team.min_group", "5") in db.execute("SELECT key, value FROM setting").fetchall()
        totals = db.execute("SELECT coaches_left_out, session_minutes FROM team_totals(NULL, NULL)").fetchone()
        assert totals == (1, 0)  # ana reached 2 teachers: left out, alone, so not in the totals
        assert db.execute("SELECT count(*) FROM team_coaches_all_time").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM team_duties_all_time").fetchone()[0] == 0
        assert db.execute("SELECT team_report('2026-01-01', NULL)").fetchone()[0]["coaches"] == []


def _seed_program(tm: Team) -> dict[str, list[tuple[str | None, int, list[str], str | None]]]:
    """A small program, logged by each coach through the policies: what each logged, as (stance, minutes,
    teachers, duty). Sessions last whole half hours, so the rounding keeps them (it is tested on its own)."""
    plan: dict[str, list[tuple[str | None, int, list[str], str | None]]] = {
        # shown whole: 6 teachers, every stance cell describes 5 or more
        "ana": [("consulting", 60, [f"A{i}" for i in range(5)], None), ("coaching", 90, [f"A{i}" for i in range(1, 6)],
                None), ("collaborating", 30, [f"A{i}" for i in range(5)], None), (None, 40, [], "cover")],
        # shown, but coaching describes 2 teachers: hidden, and a partner with it
        "ben": [("consulting", 90, [f"B{i}" for i in range(6)], None), ("collaborating", 60,
                [f"B{i}" for i in range(5)], None), ("coaching", 30, ["B0", "B9"], None), (None, 15, [], "testing")],
        # left out: 3 teachers
        "cal": [("coaching", 120, ["C1", "C2", "C3"], None), (None, 60, [], "cover")],
    }  # fmt: skip
    for short in plan:
        if short not in ("ana", "ben"):
            tm.add("coach", short)
    for short, entries in plan.items():
        with tm.as_(tm.prefix + short) as db:
            for stance, minutes, teachers, duty in entries:
                log(db, stance, minutes, teachers, duty=duty)
    return plan


def described(tm: Team, coach: str, stances: tuple[str, ...]) -> int:
    """How many distinct teachers the coach's sessions in `stances` describe, counted by the administrator."""
    return int(
        tm.sql(
            "SELECT count(DISTINCT et.teacher_id) FROM coachlog_team.entry e JOIN coachlog_team.entry_teacher et"
            " ON et.coach = e.coach AND et.entry_id = e.id WHERE e.coach = %s AND e.stance = ANY(%s)",
            (coach, list(stances)),
        )[0][0]
    )


def test_aggregates_carry_no_note_or_name_and_nothing_below_the_threshold(tm: Team) -> None:
    """What the coordinator gets has no note, answer, story, teacher name or id, and every figure shown
    describes 0 or at least min_group teachers (counted independently by the administrator)."""
    _seed_program(tm)
    with tm.as_(tm.prefix + "cora") as db:
        everything = [
            db.execute(query).fetchall()
            for query in (
                "SELECT * FROM team_coaches(NULL, NULL)",
                "SELECT * FROM team_totals(NULL, NULL)",
                "SELECT * FROM team_duties(NULL, NULL)",
                "SELECT * FROM team_coaches_all_time",
                "SELECT * FROM team_totals_all_time",
                "SELECT team_report(NULL, NULL)",
            )
        ]
        coaches = db.execute("SELECT * FROM team_coaches(NULL, NULL)").fetchall()
        columns = [c.name for c in db.execute("SELECT * FROM team_coaches(NULL, NULL)").description]
    text = repr(everything)
    assert SECRET not in text and "helpful" not in text
    assert not re.search(r"'[ABC]\d'", text)  # no teacher name
    assert not {"teacher_id", "teacher", "name", "note"} & set(columns)
    shown = {row[0]: dict(zip(columns, row, strict=True)) for row in coaches}
    assert set(shown) == {tm.prefix + "ana", tm.prefix + "ben"}  # cal reached 3: no row at all
    for coach, row in shown.items():
        assert described(tm, coach, STANCES) >= MIN
        for stance in STANCES:
            if row[f"{stance}_minutes"] is not None:
                assert described(tm, coach, (stance,)) in (0, *range(MIN, 1000)), (coach, stance)
    ben = shown[tm.prefix + "ben"]
    assert ben["coaching_minutes"] is None and ben["coaching_hidden"] == "fewer"
    assert ben["consulting_minutes"] is None and ben["consulting_hidden"] == "protects"  # the larger partner
    assert ben["collaborating_minutes"] == 60
    assert shown[tm.prefix + "ana"]["coaching_minutes"] == 90


def test_totals_never_reveal_a_single_left_out_coach(tm: Team) -> None:
    """One coach left out: the totals are the shown coaches' sums exactly. A second left-out coach that brings
    the left-out coaches to min_group teachers together changes only their number: every figure in the totals
    (sessions, teachers reached, with teachers, duties, duties by kind) stays the shown coaches' sum."""
    _seed_program(tm)
    with tm.as_(tm.prefix + "cora") as db:
        totals = db.execute(
            "SELECT coaches_shown, coaches_left_out, session_minutes, duty_minutes,"
            " teachers_reached, sessions FROM team_totals(NULL, NULL)"
        ).fetchone()
    assert totals == (2, 1, 180 + 180, 40 + 15, 6 + 7, 6)
    tm.add("coach", "dee")
    with tm.as_(tm.prefix + "dee") as db:
        log(db, "consulting", 30, ["D1", "D2"])
    with tm.as_(tm.prefix + "cora") as db:
        totals = db.execute(
            "SELECT coaches_shown, coaches_left_out, session_minutes, duty_minutes,"
            " teachers_reached, sessions FROM team_totals(NULL, NULL)"
        ).fetchone()
        duties = dict(db.execute("SELECT duty_kind, minutes FROM team_duties(NULL, NULL)").fetchall())
    assert totals == (2, 2, 180 + 180, 40 + 15, 6 + 7, 6)
    assert duties == {"cover": 40, "testing": 15}


def test_team_init_twice_is_idempotent_and_keeps_the_threshold(bare: Team, run: Run) -> None:
    """`team init` run again (also without --min-group) leaves the same roles, policies, grants and functions."""

    def snapshot() -> list[object]:
        return [
            bare.sql("SELECT tablename, policyname, roles::text, qual, with_check FROM pg_policies ORDER BY 1, 2"),
            bare.sql(
                "SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants"
                " WHERE grantee LIKE %s ORDER BY 1, 2, 3",
                (bare.prefix + "%",),
            ),
            bare.sql(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relkind = 'r' ORDER BY 1"
            ),
            bare.sql("SELECT proname, prosecdef, proacl::text FROM pg_proc WHERE proname LIKE 'team%%' ORDER BY 1"),
            bare.sql("SELECT key, value FROM setting WHERE key LIKE 'team.%%' ORDER BY 1"),
        ]

    args = ("--db", bare.admin, "team", "init", "--role-prefix", bare.prefix)
    first = run(*args, "--min-group", "6")
    assert first.exit_code == 0, first.stderr
    assert "ready" in first.stdout
    once = snapshot()
    assert run(*args).exit_code == 0
    assert snapshot() == once
    assert ("team.min_group", "6") in once[4]  # type: ignore[operator]
    policies = {(t, p) for t, p, *_ in once[0]}  # type: ignore[misc]
    assert {(t, "team_coach") for t in PRIVATE_TABLES} <= policies
    assert {(name, True, True) for name in PRIVATE_TABLES} <= set(once[2])  # type: ignore[arg-type]
    refused = run(*args, "--min-group", "4")
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "--min-group 4" in refused.stderr
    assert snapshot() == once


def shared_layout(tm: Team) -> None:
    """Turn `tm` back into a team database as an earlier coachlog's `team init` left it: no coach schemas (nor
    team_join), every coach's rows in public's shared tables, which the coach group may use under the policies."""
    group = tm.prefix + "coach"
    with raw(tm.admin) as db:
        database = db.execute("SELECT current_database()").fetchone()[0]
        for coach in [name for name in tm.members if name.startswith(tm.prefix) and not name.endswith("cora")]:
            db.execute(f'DROP SCHEMA "{coach}" CASCADE')
            db.execute(f'ALTER ROLE "{coach}" IN DATABASE "{database}" RESET search_path')
        db.execute("DROP FUNCTION team_join()")
        db.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(PRIVATE_TABLES)} TO "{group}"')
        db.execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{group}"')


def test_team_init_moves_a_shared_table_team_into_each_coach_s_schema(tm: Team, run: Run, tmp_path: Path) -> None:
    """A team database from an earlier coachlog (every coach's rows in shared tables, guarded by row-level
    security): `team init` moves each coach's rows into their own schema, keeping every row, id and uid; ana's
    `log` and export read the same, her push agreement holds (nothing to send), her next id follows the ids the
    shared sequence handed out, nothing is left in the shared tables, and running init again changes nothing."""
    ana, ben = tm.prefix + "ana", tm.prefix + "ben"
    shared_layout(tm)
    local = str(tmp_path / "ana.db")
    for args in (("add", "Ms. Rivera", "coaching", "45m", "-n", "kept"), ("duty", "cover", "30m")):
        assert run("--db", local, *args).exit_code == 0
    assert run("--db", local, "push", "--to", tm.members[ana]).exit_code == 0  # into the shared tables
    with tm.as_(ben) as db:
        seed_private_rows(db, "ben")
    with tm.as_(ana) as db:
        seed_private_rows(db, "ana")
    owned = ("entry", "teacher", "term", "undo_step", "timer")

    def rows(schema: str, where: str) -> dict[str, list[tuple[Any, ...]]]:
        found = {t: tm.sql(f"SELECT * FROM {schema}.{t} {where} ORDER BY 1, 2") for t in owned}
        for link in ("entry_teacher", "entry_tag"):
            owner = f"(SELECT owner FROM {schema}.entry e WHERE e.id = entry_id)"
            found[link] = tm.sql(f"SELECT {owner}, l.* FROM {schema}.{link} l ORDER BY 1, 2, 3")
        return found

    before = rows("public", "")
    assert {row[0] for row in before["entry_tag"]} == {ana, ben}
    last_id = tm.sql("SELECT last_value FROM entry_id_seq")[0][0]
    log_before = run("--db", tm.members[ana], "log", "--all").stdout
    export_before = run("--db", tm.members[ana], "export", "--all", "--format", "json").stdout

    team.init_team(tm.admin)
    after = {t: sorted(row[1:] for row in found) for t, found in rows("coachlog_team", "").items()}
    assert after == {t: sorted(found) for t, found in before.items()}  # every row, as it was
    assert all(found == [] for found in rows("public", "").values())  # nothing left in the shared tables
    assert tm.sql(f'SELECT count(*) FROM "{ana}".entry') == [(4,)]  # two pushed, two by raw SQL
    assert run("--db", tm.members[ana], "log", "--all").stdout == log_before
    assert run("--db", tm.members[ana], "export", "--all", "--format", "json").stdout == export_before
    again = run("--db", local, "push", "--to", tm.members[ana])
    assert again.stdout.startswith("Sent 0 new entries, 0 changed, 0 deleted"), again.stdout
    added = run("--db", tm.members[ana], "add", "Ms. Park", "coaching", "15m").stdout
    assert added.startswith(f"Logged #{last_id + 1} "), added
    moved = rows("coachlog_team", "")
    team.init_team(tm.admin)
    assert rows("coachlog_team", "") == moved
    with tm.as_(tm.prefix + "cora") as db:
        left_out = db.execute("SELECT coaches_left_out, sessions FROM team_totals()").fetchone()
        assert left_out == (2, 0)  # both reach fewer than 5 teachers (together 5): their moved rows are left out


def test_add_coach_prints_a_url_that_connects_as_that_coach(bare: Team, run: Run) -> None:
    """The URL printed by add-coach logs in as the new role, a member of the coach group; the password is new."""
    assert run("--db", bare.admin, "team", "init", "--role-prefix", bare.prefix).exit_code == 0
    result = run("--db", bare.admin, "team", "add-coach", bare.prefix + "ana")
    assert result.exit_code == 0, result.stderr
    urls = re.findall(r"postgresql\+psycopg://[^\s']+", result.stdout)
    assert len(set(urls)) == 1
    url = urls[0]
    assert f"coachlog config set team.db '{url}'" in result.stdout
    assert "coachlog push" in result.stdout and f"coachlog --db '{url}' add" in result.stdout
    password = re.search(r"://[^:]+:([^@]+)@", url).group(1)  # type: ignore[union-attr]
    assert result.stdout.count(password) == len(urls)  # only inside the URL
    with raw(url) as db:
        assert db.execute("SELECT current_user").fetchone()[0] == bare.prefix + "ana"
        assert db.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (bare.prefix + "coach",)).fetchone()[0]
        log(db, "coaching", 30, ["Rivera"])  # a coach can log through the policies
    coordinator = run("--db", bare.admin, "team", "add-coordinator", bare.prefix + "cora")
    assert "report --team" in coordinator.stdout
    again = run("--db", bare.admin, "team", "add-coach", bare.prefix + "ana")
    assert again.exit_code == 1 and again.stderr.count("\n") == 1 and "already exists" in again.stderr
    reset = run("--db", bare.admin, "team", "add-coach", bare.prefix + "ana", "--reset-password")
    assert reset.exit_code == 0
    new_url = re.findall(r"postgresql\+psycopg://[^\s']+", reset.stdout)[0]
    assert new_url != url
    with raw(new_url) as db:
        assert db.execute("SELECT count(*) FROM entry").fetchone()[0] == 1
    with pytest.raises(psycopg.OperationalError):
        raw(url)
    listed = run("--db", bare.admin, "team", "list").stdout
    assert f"coaches (1): {bare.prefix}ana" in listed and f"coordinators (1): {bare.prefix}cora" in listed


@pytest.mark.parametrize("name", ["Ana", "1ana", "a-b", "ana rivera", "x" * 64, "pg_ana", "public", "ána", ""])
def test_bad_names_exit_2_and_create_nothing(tm: Team, run: Run, name: str) -> None:
    """A name that is not a plain lowercase role name is refused in one line, exit 2, and no role appears (only
    this team's roles and that name are compared: other test runs make roles on the same server meanwhile)."""
    query = "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) OR lower(rolname) = lower(%s) ORDER BY 1"
    before = tm.sql(query, (tm.prefix, name))
    result = run("--db", tm.admin, "team", "add-coach", name)
    assert result.exit_code == 2, result
    assert result.stderr.count("\n") == 1 and "invalid name" in result.stderr
    assert tm.sql(query, (tm.prefix, name)) == before


def test_reset_password_refuses_a_role_outside_the_team(tm: Team, run: Run) -> None:
    """--reset-password never changes the password of a role that is not a member of that group."""
    for name, kind in ((tm.prefix + "cora", "add-coach"), (tm.prefix + "coach", "add-coordinator")):
        result = run("--db", tm.admin, "team", kind, name, "--reset-password")
        assert result.exit_code in (1, 2) and result.stderr.count("\n") == 1, result
    with tm.as_(tm.prefix + "cora") as db:  # the old password still works
        assert db.execute("SELECT 1").fetchone() == (1,)


# ---- report --team and summary --team through the CLI ------------------------------------------


def expected_rows(plan: dict[str, list[tuple[str | None, int, list[str], str | None]]]) -> dict[str, dict[str, int]]:
    """Each coach's figures, summed here from what was logged."""
    rows: dict[str, dict[str, int]] = {}
    for short, entries in plan.items():
        row: dict[str, int] = defaultdict(int)
        reached: set[str] = set()
        for stance, minutes, teachers, duty in entries:
            if duty:
                row["duty_minutes"] += minutes
            else:
                row["minutes"] += minutes
                row["sessions"] += 1
                row[stance] += minutes  # type: ignore[index]
                reached |= set(teachers)
        row["teachers"] = len(reached)
        rows[short] = dict(row)
    return rows


def test_report_team_shows_each_coach_and_the_totals(tm: Team, run: Run) -> None:
    """`report --team --format json` as the coordinator gives the sums computed here; the table and CSV say
    the same, with the withheld cells shown as 'fewer than 5' / 'hidden' and as empty CSV cells."""
    plan = _seed_program(tm)
    expected = expected_rows(plan)
    url = tm.members[tm.prefix + "cora"]
    result = run("--db", url, "report", "--team", "--all", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    coaches = {row["coach"].removeprefix(tm.prefix): row for row in data["coaches"]}
    assert set(coaches) == {"ana", "ben"}
    for short, row in coaches.items():
        for key in ("minutes", "duty_minutes", "sessions", "teachers"):
            assert row[key] == expected[short][key], (short, key)
    assert coaches["ana"]["stances"]["coaching"] == {"minutes": 90, "percent": 50.0, "hidden": None}
    assert coaches["ben"]["stances"]["coaching"] == {"minutes": None, "percent": None, "hidden": "fewer"}
    totals = data["totals"]
    assert totals["minutes"] == expected["ana"]["minutes"] + expected["ben"]["minutes"]
    assert totals["coaches_left_out"] == 1 and totals["sessions"] == 6 and totals["teachers"] == 6 + 7
    assert "left_out_in_totals" not in totals and "time_excludes_coaches" not in totals
    assert data["duties"] == {"cover": {"minutes": 40, "coaches": 1}, "testing": {"minutes": 15, "coaches": 1}}

    table = run("--db", url, "report", "--team", "--all").stdout
    ben_line = next(line for line in table.splitlines() if line.startswith(tm.prefix + "ben"))
    assert "fewer than 5" in ben_line and "hidden" in ben_line and "33.3%" in ben_line  # 60 of 180
    assert "1 coach left out: each reached fewer than 5 teachers" in table
    csv_text = run("--db", url, "report", "--team", "--all", "--format", "csv").stdout
    lines = csv_text.splitlines()
    assert lines[0].startswith("coach,sessions,minutes,consulting_minutes,consulting_percent")
    assert lines[-1].startswith("(all coaches),6,360,") and lines[-1].endswith(",1")  # coaches_left_out
    assert lines[0].endswith(",coaches_left_out") and lines[1].endswith(",")
    assert f"{tm.prefix}ben,3,180,,,60,33.3,,,15," in csv_text
    assert "\x1b" not in table + csv_text
    markdown = run("--db", url, "report", "--team", "--all", "--format", "markdown").stdout
    assert markdown.startswith("## Coaching program — all time") and "| all coaches |" in markdown


def test_functions_older_than_the_left_out_rule_are_refused_until_team_init(tm: Team, run: Run) -> None:
    """Functions from before the totals left out every left-out coach's counts (team init not run again since the
    upgrade) give `left_out_in_totals`, and totals that may hold the left-out group's sessions and teachers:
    report --team and summary --team refuse in one line naming `team init`, and work again after it."""
    _seed_program(tm)
    with raw(tm.admin) as db:
        db.execute("ALTER FUNCTION team_report(date, date) RENAME TO team_report_now")
        db.execute(
            "CREATE FUNCTION team_report(from_date date DEFAULT NULL, to_date date DEFAULT NULL) RETURNS jsonb"
            " LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS"
            " $$ SELECT jsonb_set(team_report_now(from_date, to_date), '{totals,left_out_in_totals}', 'false') $$"
        )
        db.execute("GRANT EXECUTE ON FUNCTION team_report(date, date) TO PUBLIC")
    url = tm.members[tm.prefix + "cora"]
    for command in ("report", "summary"):
        old = run("--db", url, command, "--team", "--all")
        assert old.exit_code == 1 and old.stderr.count("\n") == 1 and "team init" in old.stderr, old.stderr
        assert old.stdout == ""
    team.init_team(tm.admin)
    assert run("--db", url, "report", "--team", "--all").exit_code == 0


def test_report_team_ranges_and_refusals(tm: Team, run: Run, tmp_path: Path) -> None:
    """Ranges pick entries by local date; --term, a SQLite file and a coach's URL get one line each."""
    tm.add("coach", "cal")
    with tm.as_(tm.prefix + "cal") as db:
        for day in ("2026-10-05", "2026-11-02"):
            log(db, "coaching", 60, [f"T{i}" for i in range(5)], day=day)
    url = tm.members[tm.prefix + "cora"]

    def minutes(*args: str) -> int:
        result = run("--db", url, "report", "--team", *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return int(json.loads(result.stdout)["totals"]["minutes"])

    assert minutes("--all") == 120
    assert minutes("--from", "2026-11-01") == 60
    assert minutes("--to", "2026-10-31") == 60
    assert minutes("--month") == 60  # November 2026 (the tests' today is 2026-11-23)
    assert minutes() == 120  # the school year to date, from 1 July
    assert minutes("--last-week") == 0
    term = run("--db", url, "report", "--team", "--term", "Fall")
    assert term.exit_code == 2 and term.stderr.count("\n") == 1 and "--from" in term.stderr
    sqlite = run("--db", str(tmp_path / "mine.db"), "report", "--team")
    assert sqlite.exit_code == 2 and sqlite.stderr.count("\n") == 1 and "PostgreSQL" in sqlite.stderr
    coach = run("--db", tm.members[tm.prefix + "cal"], "summary", "--team")
    assert coach.exit_code == 1 and coach.stderr.count("\n") == 1
    assert "only coordinators can read team figures" in coach.stderr


@pytest.mark.parametrize("fmt", ["markdown", "html", "text", "json"])
def test_summary_team_in_every_format(tm: Team, run: Run, tmp_path: Path, fmt: str) -> None:
    """`summary --team` writes the program one-pager (0600 with -o) with the same figures in every format."""
    _seed_program(tm)
    url = tm.members[tm.prefix + "cora"]
    out = tmp_path / f"program.{fmt}"
    result = run("--db", url, "summary", "--team", "--all", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text()
    if fmt == "json":
        data = json.loads(text)
        assert data["totals"]["minutes"] == 360 and data["totals"]["coaches_left_out"] == 1
        return
    for figure in ("6h", "55m", tm.prefix + "ben", "fewer than 5", "Coach by coach", "Duties by kind"):
        if fmt == "markdown":
            figure = figure.replace("_", "\\_")
        assert figure.lower() in text.lower(), figure  # text capitalises the titles
    assert text.count("1 coach left out: each reached fewer than 5 teachers") == 1  # what is left out, and why
    assert "the shown coaches together" in text  # the stance mix
    assert SECRET not in text


def test_the_coordinator_rounds_like_the_one_pager_and_cannot_tell_a_unit_from_its_twin(tm: Team, run: Run) -> None:
    """Issue 12, items 5 and 6, on the team database: each coach's times are sums of rounded units, the same as
    the coach's own one-pager on the same entries; and a copy of the program where one unit is as far from
    its time as the rounding allows gives the coordinator the same report for every range they may ask."""
    teachers = [f"A{i}" for i in range(6)]
    with tm.as_(tm.prefix + "ana") as db:
        for stance, minutes, day in (
            ("coaching", 47, "2026-11-02"),
            ("consulting", 52, "2026-11-02"),
            ("collaborating", 38, "2026-11-03"),
            ("coaching", 71, "2026-11-04"),
        ):
            log(db, stance, minutes, teachers, day=day)
    with raw(tm.admin) as db:
        expected: dict[Any, int] = defaultdict(int)
        shared_minutes(db, expected, tm.prefix)
        unit = db.execute(
            "SELECT id, minutes, uid FROM coachlog_team.entry WHERE coach = %s AND local_date = '2026-11-04'",
            (tm.prefix + "ana",),
        ).fetchone()
    ana = tm.prefix + "ana"
    with tm.as_(tm.prefix + "cora") as db:
        row = db.execute(
            "SELECT consulting_minutes, collaborating_minutes, coaching_minutes FROM team_coaches(NULL, NULL)"
        ).fetchone()
    assert list(row) == [expected[(ana, s)] for s in STANCES]
    assert all(minutes % ROUND_TO == 0 for minutes in row)
    own = json.loads(run("--db", tm.members[ana], "summary", "--all", "--format", "json").stdout)
    assert [own["stances"][s]["minutes"] for s in STANCES] == list(row)  # the one-pager rounds alike

    entry_id, minutes, seed = unit
    offset = rounding_offset(SessionAtom(date(2026, 11, 4), "coaching", "", minutes, 1, seed), ROUND_TO)
    rounded = round_minutes(minutes, offset, ROUND_TO)
    twin = max(
        (m for m in range(1, rounded + ROUND_TO) if round_minutes(m, offset, ROUND_TO) == rounded),
        key=lambda m: abs(m - minutes),
    )
    ranges = [(None, None), ("2026-11-04", "2026-11-04"), ("2026-11-02", "2026-11-03"), ("2026-11-01", "2026-11-30")]

    def reports() -> list[Any]:
        with tm.as_(tm.prefix + "cora") as db:
            return [db.execute("SELECT team_report(%s, %s)", r).fetchone()[0] for r in ranges]

    before = reports()
    with raw(tm.admin) as db:
        db.execute(f'UPDATE "{ana}".entry SET minutes = %s WHERE id = %s', (twin, entry_id))
    assert reports() == before and abs(twin - minutes) >= ROUND_TO // 2


def unit_offset(seed: str, day: str, stance: str, activity: str, in_cycle: bool) -> int:
    """A unit's rounding offset by the key of reports/rounding.py: `seed|day|stance|activity`, and "|cycle" after it
    for a unit of sessions in a coaching cycle (the key summary2 gives the one-pager)."""
    import hashlib

    text = f"{seed}|{day}|{stance}|{activity}" + ("|cycle" if in_cycle else "")
    offset = int(hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()[:8], 16) % ROUND_TO
    atom = SessionAtom(date.fromisoformat(day), stance, activity, 0, 0, seed)
    if "in_cycle" in SessionAtom._fields:  # the one-pager knows cycles: the same key, from its own code
        atom = SessionAtom(date.fromisoformat(day), stance, activity, 0, 0, seed, in_cycle)  # type: ignore[call-arg]
        assert rounding_offset(atom, ROUND_TO) == offset
    elif not in_cycle:
        assert rounding_offset(atom, ROUND_TO) == offset
    return offset


def test_the_coordinator_splits_units_by_cycle_and_counts_prep(tm: Team, run: Run) -> None:
    """A day's sessions of one stance and activity, some in a coaching cycle and some not, are two units, each
    rounded by its own key (the cycle's with "|cycle"), as the one-pager rounds them; prep (work without a teacher)
    is logged time, never a duty: team_coaches and team_totals give it, and the duty share counts it."""
    ana = tm.prefix + "ana"
    teachers = [f"A{i}" for i in range(6)]
    day, stance = "2026-11-02", "coaching"
    rounded = {
        pair: round_minutes(20, unit_offset(pair[0], day, stance, "", True), ROUND_TO)
        + round_minutes(20, unit_offset(pair[1], day, stance, "", False), ROUND_TO)
        for pair in (
            (f"00000000-0000-4000-8000-00000000000{i}", f"10000000-0000-4000-8000-00000000000{i}") for i in range(10)
        )
    }
    # seeds whose split units sum to other than the unsplit unit would round to: the split is seen
    (in_cycle, outside), expected = next(
        (pair, total)
        for pair, total in rounded.items()
        if total != round_minutes(40, unit_offset(pair[0], day, stance, "", False), ROUND_TO)
    )
    with tm.as_(ana) as db:
        cycle = db.execute(
            "INSERT INTO cycle (uid, owner, goal, phase, started_on, created_at, updated_at) VALUES"
            " (gen_random_uuid()::text, session_user, %s, 'identify', '2026-11-01', '2026-11-01 00:00:00',"
            " '2026-11-01 00:00:00') RETURNING id",
            (SECRET,),
        ).fetchone()[0]
        for uid in (in_cycle, outside):
            entry = log(db, stance, 20, teachers, day=day)
            db.execute("UPDATE entry SET uid = %s WHERE id = %s", (uid, entry))
        db.execute("UPDATE entry SET cycle_id = %s WHERE uid = %s", (cycle, in_cycle))
        db.execute(
            "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, activity, created_at,"
            " updated_at) VALUES (gen_random_uuid()::text, session_user, 'prep', '2026-11-02 16:00:00', 40,"
            " '2026-11-02', true, 'preparing', '2026-11-02 17:00:00', '2026-11-02 17:00:00')"
        )
        log(db, None, 20, day=day, duty="cover")
    with tm.as_(tm.prefix + "cora") as db:
        coach = db.execute("SELECT coaching_minutes, prep_minutes, duty_minutes FROM team_coaches()").fetchone()
        totals = db.execute("SELECT coaching_minutes, prep_minutes, duty_minutes FROM team_totals()").fetchone()
    assert tuple(coach) == tuple(totals) == (expected, 40, 20)
    report = json.loads(run("--db", tm.members[tm.prefix + "cora"], "report", "--team", "--all", "-f", "json").stdout)
    assert SECRET not in json.dumps(report)
    for figures in (report["coaches"][0], report["totals"]):
        assert (figures["minutes"], figures["prep_minutes"], figures["duty_minutes"]) == (expected, 40, 20)
        assert figures["logged_minutes"] == expected + 60
        assert figures["duty_percent"] == round(100 * 20 / (expected + 60), 1)


# ---- the hiding rule, on random programs ------------------------------------------------------


def _coach(pool: int) -> st.SearchStrategy[tuple[list[Any], int]]:
    """A coach who works with `pool` teachers: sessions (stance, minutes, teachers) and duty minutes."""
    session = st.tuples(st.sampled_from(STANCES), st.integers(1, 120), st.sets(st.integers(0, pool - 1), min_size=1))
    return st.tuples(st.lists(session, max_size=8), st.integers(0, 90))


COACH = st.integers(1, 8).flatmap(_coach)  # small pools: many coaches are left out, alone or as a group


def make_coaches(url: str, prefix: str, count: int) -> None:
    """Login roles {prefix}c1..{prefix}c{count} in the coach group, made at once by the administrator (only
    the coach group's login members count in the figures)."""
    with raw(url) as db:
        db.execute(
            f"DO $$ BEGIN FOR n IN 1..{count} LOOP"
            f" EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', '{prefix}c' || n, '{prefix}coach');"
            " END LOOP; END $$"
        )


@pytest.fixture(scope="module")
def scratch() -> Iterator[tuple[str, str]]:
    """One team database for the property test, refilled by the administrator for each example, and its prefix
    (its coaches are {prefix}c1..c6)."""
    server = admin_url()
    name, url = _make_database(server)
    prefix = f"t_{secrets.token_hex(4)}_"
    try:
        team.init_team(url, None, prefix)
        make_coaches(url, prefix, 6)
        team.init_team(url)  # their schemas
        yield url, prefix
    finally:
        _drop(server, name, prefix)


def shared_minutes(db: Any, minutes: dict[Any, int], prefix: str) -> None:
    """Each coach's stance and row minutes as the coordinator's figures sum them: from units of a day, stance
    and activity, rounded by the rule of reports/rounding.py (the SQL functions round the same way)."""
    for key in [k for k in minutes if str(k[0]).startswith(prefix)]:
        minutes[key] = 0
    units = db.execute(
        "SELECT coach, local_date, stance, coalesce(activity, ''), sum(minutes), min(uid), cycle_id IS NOT NULL"
        " FROM coachlog_team.entry WHERE kind = 'session'"
        " GROUP BY coach, local_date, stance, coalesce(activity, ''), cycle_id IS NOT NULL"
    ).fetchall()
    for coach, day, stance, activity, total, seed, in_cycle in units:
        offset = unit_offset(seed, day.isoformat(), stance, activity, in_cycle)
        rounded = round_minutes(int(total), offset, ROUND_TO)
        minutes[(coach, stance)] += rounded
        minutes[(coach, "row")] += rounded


def fill_program(
    url: str, prefix: str, program: list[tuple[list[Any], int]]
) -> tuple[dict[Any, frozenset[int]], dict[Any, int], Any]:
    """Coaches c1.. logging `program` (each: sessions (stance, minutes, teachers) and duty minutes), written by
    the administrator: each figure's teachers (numbered per coach: a coach's teachers are their own) and
    rounded minutes, by (coach, stance) and (coach, "row"); and team_report() of all time."""
    teachers: dict[Any, frozenset[int]] = {}
    minutes: dict[Any, int] = defaultdict(int)
    with raw(url) as db:
        tables = [
            f'"{prefix}c{n}".{t}' for n in range(1, 7) for t in ("entry", "teacher", "entry_teacher", "entry_tag")
        ]
        db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        for index, (sessions, duty) in enumerate(program, 1):
            coach = f"{prefix}c{index}"
            db.execute(f'SET search_path = "{coach}", public')  # the administrator writes in the coach's schema
            ids = [
                db.execute(
                    "INSERT INTO teacher (owner, name, name_key, created_at) VALUES (%s, %s, %s, 'x') RETURNING id",
                    (coach, f"t{n}", f"t{n}"),
                ).fetchone()[0]
                for n in range(8)
            ]
            sets: dict[str, set[int]] = defaultdict(set)
            for stance, length, who in sessions:
                log(db, stance, length, [ids[n] for n in sorted(who)], owner=f"'{coach}'")
                sets[stance] |= {1000 * index + ids[n] for n in who}  # each coach's own
                minutes[(coach, stance)] += length
            if duty:
                log(db, None, duty, duty="admin", owner=f"'{coach}'")
            for stance in STANCES:
                teachers[(coach, stance)] = frozenset(sets[stance])
            teachers[(coach, "row")] = frozenset().union(*sets.values())
            minutes[(coach, "row")] = sum(minutes[(coach, s)] for s in STANCES)
        db.execute("RESET search_path")
        shared_minutes(db, minutes, prefix)
        data = db.execute("SELECT team_report(NULL, NULL)").fetchone()[0]
    return teachers, minutes, data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(COACH, min_size=1, max_size=6))
# Found by this property once the uids were fixed: a partner cell whose sessions rounded to 0 was never hidden, so
# the small cell was the row's total less zeros (in a row, then in the totals).
@example(program=[([("consulting", 1, {0}), ("collaborating", 1, {0, 1, 2, 3, 4})], 0)])
@example(program=[([("collaborating", 22, {0}), ("consulting", 1, {0, 1, 2, 3, 4})], 0)])
def test_no_withheld_figure_can_be_worked_out(scratch: tuple[str, str], program: list[tuple[list[Any], int]]) -> None:
    """On random programs: each coach row withholds what privacy.py would, and solving every row, column and
    the totals together (privacy.determined) never gives back a figure describing 1..min_group-1 teachers."""
    url, prefix = scratch
    teachers, minutes, data = fill_program(url, prefix, program)
    shown = {row["coach"]: row for row in data["coaches"]}
    totals = data["totals"]
    coaches = [f"{prefix}c{i}" for i, (sessions, duty) in enumerate(program, 1) if sessions or duty]  # logged some
    left_out = [c for c in coaches if c not in shown]
    assert all(len(teachers[(c, "row")]) >= MIN for c in shown)
    assert all(len(teachers[(c, "row")]) < MIN for c in left_out)
    assert totals["coaches_left_out"] == len(left_out)
    timed = list(shown)  # every figure in the totals is the shown coaches' sum only, counts included
    assert totals["teachers_reached"] == sum(len(teachers[(c, "row")]) for c in timed)
    assert totals["sessions"] == sum(shown[c]["sessions"] for c in timed)
    assert totals["session_minutes"] == sum(minutes[(c, "row")] for c in timed)
    assert totals["duty_minutes"] == sum(duty for i, (_, duty) in enumerate(program, 1) if f"{prefix}c{i}" in shown)

    hidden: set[Any] = set()
    for coach in coaches:
        cells = tuple((coach, s) for s in STANCES)
        if coach in shown:
            row = shown[coach]
            assert row["session_minutes"] == minutes[(coach, "row")]
            withheld = {(coach, s) for s in STANCES if row[f"{s}_minutes"] is None}
            for stance in STANCES:
                if row[f"{stance}_minutes"] is not None:
                    assert row[f"{stance}_minutes"] == minutes[(coach, stance)]
            line = [privacy.Line((coach, "row"), cells)]
            own = {key: teachers[key] for key in (*cells, (coach, "row"))}
            own_minutes = {key: minutes[key] for key in own}
            assert withheld == privacy.hidden_figures(own, own_minutes, line, MIN, frozenset({(coach, "row")}))
            if withheld:  # what the row gives away (their sum) describes min_group teachers
                assert len(frozenset().union(*(teachers[k] for k in withheld))) >= MIN
            hidden |= withheld
        else:
            hidden |= {*cells, (coach, "row")}
    lines = [privacy.Line((c, "row"), tuple((c, s) for s in STANCES)) for c in timed]
    for stance in STANCES:
        key = ("total", stance)
        teachers[key] = frozenset().union(*(teachers[(c, stance)] for c in timed))
        minutes[key] = sum(minutes[(c, stance)] for c in timed)
        lines.append(privacy.Line(key, tuple((c, stance) for c in timed)))
        if totals[f"{stance}_minutes"] is None:
            hidden.add(key)
        else:
            assert totals[f"{stance}_minutes"] == minutes[key]
    teachers[("total", "row")] = frozenset().union(*(teachers[(c, "row")] for c in timed))
    lines.append(privacy.Line(("total", "row"), tuple(("total", s) for s in STANCES)))
    lines.append(privacy.Line(("total", "row"), tuple((c, "row") for c in timed)))
    event(f"coaches left out: {min(len(left_out), 2)}")
    event(f"shown coaches with a withheld cell: {sum(1 for c in shown if any(k[0] == c for k in hidden))}")
    event(f"stance totals withheld: {sum(1 for s in STANCES if totals[f'{s}_minutes'] is None)}")
    for key in privacy.determined(hidden, minutes, lines):
        # A small figure whose units all rounded to 0 is determined as 0 whatever is withheld (the cells are not
        # negative): that says only what the rounding says, under 30 minutes a unit (reports/rounding.py).
        assert len(teachers[key]) == 0 or len(teachers[key]) >= MIN or minutes[key] == 0, (key, program)


def _withholding_coach(pool: int) -> st.SearchStrategy[tuple[list[Any], int]]:
    """A coach with a row of their own, most likely, who withholds some stance cells: sessions with one teacher or
    with most of `pool`."""
    who = st.one_of(
        st.sets(st.integers(0, pool - 1), min_size=1, max_size=1), st.sets(st.integers(0, pool - 1), min_size=MIN)
    )
    session = st.tuples(st.sampled_from(STANCES), st.sampled_from([30, 60, 90, 120, 180]), who)
    return st.tuples(st.lists(session, min_size=2, max_size=6), st.just(0))


WITHHOLDING = st.integers(MIN, 8).flatmap(_withholding_coach)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=st.lists(WITHHOLDING, min_size=2, max_size=6))
# test_attack_team_round5's first finding: two coaches withhold coaching and consulting, each about 6 teachers in
# all, but one of each is about one teacher (the totals showed both, and 240 - (240 - 60) bounded the coaching).
@example(
    program=[
        ([("coaching", 120, {0}), ("consulting", 180, {1, 2, 3, 4, 5}), ("collaborating", 60, {1, 2, 3, 4, 5})], 0),
        ([("consulting", 60, {0}), ("coaching", 120, {1, 2, 3, 4, 5}), ("collaborating", 60, {1, 2, 3, 4, 5})], 0),
    ]
)
def test_the_totals_less_the_rows_bound_no_withheld_cell(
    scratch: tuple[str, str], program: list[tuple[list[Any], int]]
) -> None:
    """On random programs: the shown rows and the totals, read as a table of never negative cells (each row's
    withheld cells sum to its time less its shown cells, each stance's to the total less the shown cells: the two
    breakdowns of reports/bounds.py), bound no group of 1..min_group-1 teachers' time above zero, whichever rows
    withhold which cells and however many teachers each stance's withheld cells describe together."""
    url, prefix = scratch
    teachers, _, data = fill_program(url, prefix, program)
    totals = data["totals"]
    units, rows, stances, shown = [], {}, {}, {}
    for row in data["coaches"]:
        coach = row["coach"]
        shown[("row", coach)] = row["session_minutes"]
        for stance in STANCES:
            cell = ("cell", coach, stance)
            if teachers[(coach, stance)]:
                units.append(bounds.Unit(teachers[(coach, stance)], (cell, cell)))
                rows[cell], stances[cell] = ("row", coach), ("stance", stance)
            if row[f"{stance}_minutes"] is not None:
                shown[cell] = row[f"{stance}_minutes"]
    for stance in STANCES:
        if totals[f"{stance}_minutes"] is not None:
            shown[("stance", stance)] = totals[f"{stance}_minutes"]
    event(f"stance totals withheld: {sum(1 for s in STANCES if totals[f'{s}_minutes'] is None)}")
    page = bounds.Page(units, [rows, stances], shown, totals["session_minutes"])
    assert bounds.leak(page, MIN) is None, (program, totals)


# ---- a non-superuser administrator, and a program of 500 coaches ------------------------------


def test_an_administrator_with_createrole_who_owns_the_database_runs_the_team(run: Run) -> None:
    """The administrator need not be a superuser: a CREATEROLE role that owns the database sets the team up,
    keeps reading every row despite FORCE (its own policy), and the coordinator's functions (owned by it) work."""
    server = admin_url()
    prefix = f"t_{secrets.token_hex(4)}_"
    name = f"team_{secrets.token_hex(5)}"
    password = secrets.token_urlsafe(16)
    import sqlalchemy as sa

    try:
        with raw(server) as db:
            db.execute(f'CREATE ROLE "{prefix}admin" LOGIN CREATEROLE PASSWORD {team.scram_verifier(password)!r}')
            db.execute(f'CREATE DATABASE "{name}" OWNER "{prefix}admin"')
        admin = (
            sa.make_url(server)
            .set(database=name, username=f"{prefix}admin", password=password)
            .render_as_string(hide_password=False)
        )
        assert run("--db", admin, "team", "init", "--role-prefix", prefix).exit_code == 0
        tm = Team(admin, prefix)
        for kind, short in (("coach", "ana"), ("coordinator", "cora")):
            tm.add(kind, short)
        with tm.as_(prefix + "ana") as db:
            log(db, "coaching", 60, [f"T{i}" for i in range(5)])
        assert tm.sql("SELECT count(*), min(note) FROM coachlog_team.entry")[0][0] == 1  # the administrator reads all
        with tm.as_(prefix + "cora") as db:
            assert db.execute("SELECT coach, coaching_minutes FROM team_coaches()").fetchall() == [(prefix + "ana", 60)]
        assert tm.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == [(False,)]
    finally:
        _drop(server, name, prefix)


COACHES, ENTRIES = 500, 500_000


@pytest.mark.slow
def test_report_team_over_500_coaches_and_500000_entries_is_whole(tm: Team) -> None:
    """The administrator generates a large program in SQL; the command, as the coordinator, reports every coach
    and the program's totals for the whole time. (How fast: benchmarks/team_bench.py prints it; no timed
    assertion here, a loaded CI machine would make it flaky.)"""
    import subprocess
    import sys
    import time

    make_coaches(tm.admin, tm.prefix, COACHES)
    with raw(tm.admin) as db:
        db.execute(
            f"INSERT INTO teacher (owner, name, name_key, created_at) SELECT '{tm.prefix}c' || c, 'T' || t, 't' || t,"
            f" 'x' FROM generate_series(1, {COACHES}) c, generate_series(1, 30) t"
        )
        db.execute(
            "INSERT INTO entry (uid, owner, kind, start_utc, minutes, local_date, time_known, stance, duty_kind,"
            " note, created_at, updated_at)"
            f" SELECT gen_random_uuid()::text, '{tm.prefix}c' || (1 + g % {COACHES}),"
            " CASE WHEN g % 7 = 0 THEN 'duty' ELSE 'session' END, '2026-01-01 00:00:00', 15 + g % 60,"
            " DATE '2025-08-01' + g % 480, true,"
            " CASE WHEN g % 7 <> 0 THEN (ARRAY['consulting', 'collaborating', 'coaching'])[1 + g / 7 % 3] END,"
            " CASE WHEN g % 7 = 0 THEN (ARRAY['cover', 'testing', 'admin'])[1 + g / 7 % 3] END,"
            f" 'note', 'x', 'x' FROM generate_series(1, {ENTRIES}) g"
        )
        db.execute(
            "INSERT INTO entry_teacher (entry_id, teacher_id, position) SELECT e.id, t.id, 0 FROM entry e"
            " JOIN teacher t ON t.owner = e.owner AND t.name_key = 't' || (1 + abs(hashtext(e.uid)) % 30)"
            " WHERE e.kind = 'session'"
        )
    team.init_team(tm.admin)  # as after an upgrade: each coach's rows move from the shared tables to their schema
    with raw(tm.admin) as db:
        db.execute("VACUUM ANALYZE")
    url = tm.members[tm.prefix + "cora"]
    command = [sys.executable, "-m", "coachlog", "--db", url, "report", "--team", "--all", "--format", "json"]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    print(f"\nreport --team over {COACHES} coaches and {ENTRIES} entries: {took:.2f} s")
    assert len(data["coaches"]) == COACHES
    assert data["totals"]["sessions"] == ENTRIES - ENTRIES // 7
