"""Every coachlog command works unchanged on a PostgreSQL team database (issue 7, first bullet).

These need a real server (COACHLOG_TEST_POSTGRES_URL, see conftest.pg_databases); without one
they skip, and with COACHLOG_REQUIRE_POSTGRES set they fail. The same scripted scenario runs
on a SQLite file and on PostgreSQL, and every read command must print the same bytes.
"""

from __future__ import annotations

import itertools
import os
import secrets
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from coachlog.storage.base import SCHEMA_HEAD
from helpers import Run, postgres_admin, with_database

TABLES = ("entry", "entry_tag", "entry_teacher", "teacher", "term", "timer", "undo_step", "cycle", "cycle_teacher")

# The read commands whose output must be byte-identical on both backends.
READS: tuple[tuple[str, ...], ...] = (
    ("log", "--all"),
    ("log", "--all", "--stance", "coaching"),
    ("report", "--term"),
    ("report", "--term", "--by", "teacher"),
    ("report", "--term", "--by", "activity"),
    ("report", "--all", "--by", "day", "--format", "json"),
    ("summary", "--term", "--format", "json"),
    ("summary", "--term", "--format", "markdown"),
    ("export", "--all"),
    ("export", "--all", "--format", "json"),
    ("teacher", "list"),
    ("term", "list"),
    ("status",),
    ("cycle", "list", "--all"),
    ("cycle", "list", "--all", "--format", "json"),
    ("cycle", "show", "1"),
    ("cycle", "show", "2"),
    ("reach", "--all"),
    ("reach", "--all", "--format", "json"),
    ("due", "--all"),
    ("due", "--all", "--format", "markdown"),
    ("log", "--all", "--long"),
    ("cycle", "show", "1", "--format", "json"),
    ("teacher", "show", "okafor-diaz", "--format", "json"),  # the scenario's teacher: not in the demo
    ("consent", "list", "--format", "csv"),
)


def count_rows(url: str) -> dict[str, int]:
    """Rows in each coachlog table, read with plain psycopg as the superuser."""
    import psycopg

    from coachlog.urls import libpq_url

    with psycopg.connect(libpq_url(url)) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def scenario(ok: Run, run: Run, tmp_path: Path) -> list[str]:
    """Drive many writing commands against the database COACHLOG_DB names; what the writes printed."""
    printed = []

    def do(*args: str) -> None:
        printed.append(ok(*args).stdout)

    do("term", "add", "Fall", "2026-09-01", "2026-12-20")
    do("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-16 09:00", "-n", "fractions 100% done", "-t", "math")
    do("add", "Mr. Okafor", "collab", "60", "--with", "Dana Lee", "--at", "2026-11-17 10:00", "-a", "planning")
    do("add", "dana lee", "consulting", "20m", "--at", "2026-11-18 13:00", "--helpful", "the model", "--shareable")
    do("duty", "cover", "50m", "--at", "2026-11-18 08:00", "-n", "sub shortage")
    do("add", "Zoë Ángel", "coaching", "30", "--at", "2026-11-19 11:00", "-t", "b-tag", "-t", "A-tag", "-t", "_x")
    do("add", "adam Baker", "consulting", "15", "--at", "2026-11-19 14:00", "-a", "observing")
    do("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-19 14:05")  # overlaps the one before
    do("edit", "2", "--stance", "coaching", "-d", "50m", "-t", "reading", "--story", "tried it", "--shareable")
    do("delete", "3", "--yes")
    do("undo")
    do("delete", "4", "--yes")
    do("teacher", "rename", "Mr. Okafor", "Mr. Okafor-Diaz")
    do("teacher", "merge", "adam Baker", "Dana Lee")
    do("undo")
    do("teacher", "merge", "adam Baker", "Dana Lee")
    do("cycle", "start", "Ms. Rivera", "--goal", "cite evidence", "--focus", "questioning", "--at", "2026-11-16")
    do("cycle", "start", "okafor-diaz", "--with", "Ms. Ng", "--goal", "exit tickets", "--at", "2026-11-02")
    do("cycle", "phase", "1", "learn")
    do("cycle", "edit", "2", "--measure", "tickets done (of 25)", "--baseline", "8", "--result", "20.5")
    do("cycle", "close", "2", "--at", "2026-11-19", "--outcome", "kept up")
    do("undo")
    do("cycle", "close", "2", "--at", "2026-11-19")
    do("edit", "1", "--no-cycle")  # out of cycle #1, and back in
    do("edit", "1", "--cycle", "1")
    do("cycle", "delete", "2", "--yes")  # its sessions unlinked; undo brings both back
    do("undo")
    do("add", "Ms. Ito", "coaching", "25", "--at", "2026-11-20 09:00", "--with", "Ms. Rivera")
    do("start", "Ms. Rivera", "coaching", "--at", "14:00", "-t", "timer")
    do("teacher", "rename", "Ms. Rivera", "Ms. Rivera-Ruiz")
    do("stop", "--at", "14:40")
    do("start", "Mr. Okafor-Diaz", "consulting", "--at", "14:45")
    sheet = tmp_path / "sessions.csv"
    sheet.write_text(
        "date,start,teacher,stance,minutes,note\n"
        "2026-11-10,09:00,Ms. Rivera-Ruiz,coaching,45,imported\n"
        "2026-11-16,09:00,Ms. Rivera-Ruiz,coaching,45,fractions 100% done\n"  # already there: left out
        "2026-11-11,10:00,Mr. New,evaluating,30,\n"  # a bad stance: skipped
        "2026-11-12,11:00,Ms. Quinn,collab,35,new teacher\n"
        "2026-11-18,15:00,Ms. Rivera-Ruiz,collab,25,joins cycle 1\n",
        encoding="utf-8",
    )
    do("import", str(sheet), "--skip-invalid")
    do("import", str(sheet), "--skip-invalid")  # twice: nothing more
    do("undo")
    do("import", str(sheet), "--skip-invalid")
    # Last, because a PostgreSQL sequence does not roll back: ids these take are skipped there, not in SQLite.
    sheet.write_text(sheet.read_text() + "2026-11-13,08:00,Ms. Park,coaching,20,\n", encoding="utf-8")
    do("import", str(sheet), "--dry-run", "--skip-invalid")
    result = run("import", str(sheet))
    assert result.exit_code == 2, result  # the bad row stops a plain import: nothing written
    return printed


def reads(run: Run) -> dict[tuple[str, ...], tuple[int, str, str]]:
    """Each read command's exit code, stdout and stderr."""
    return {args: (result.exit_code, result.stdout, result.stderr) for args in READS for result in [run(*args)]}


def counting_uids() -> Callable[[], str]:
    """Uids 1, 2, 3... as UUIDs: the same entries get the same uids on each backend."""
    numbers = itertools.count(1)
    return lambda: str(uuid.UUID(int=next(numbers)))


def run_both(
    ok: Run, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_url: str, pg_demo_url: str
) -> tuple[dict, dict]:
    """The scenario and a demo on a SQLite file and on PostgreSQL: each backend's read outputs."""
    outputs = []
    for name, target, demo_target in (
        ("sqlite", str(tmp_path / "s.db"), str(tmp_path / "demo.db")),
        ("postgres", pg_url, pg_demo_url),
    ):
        work = tmp_path / name
        work.mkdir()
        monkeypatch.setenv("COACHLOG_DB", target)
        monkeypatch.setattr("coachlog.storage.entries.new_uid", counting_uids())  # both backends round alike
        scenario(ok, run, work)
        seen = reads(run)
        seen[("log", "--teacher")] = (0, ok("log", "--all", "--teacher", "rivera-ruiz").stdout, "")
        monkeypatch.setenv("COACHLOG_DB", demo_target)
        ok("demo")
        seen.update({("demo", *args): out for args, out in reads(run).items()})
        outputs.append(seen)
    return outputs[0], outputs[1]


def assert_same(sqlite: dict, postgres: dict) -> None:
    assert sqlite.keys() == postgres.keys()
    for args, text in sqlite.items():
        if postgres[args] != text:
            import difflib

            diff = difflib.unified_diff(text[1].splitlines(), postgres[args][1].splitlines(), "sqlite", "postgres")
            pytest.fail(
                f"{args} differs: {text[0]}/{postgres[args][0]} {text[2]!r}/{postgres[args][2]!r}\n" + "\n".join(diff)
            )
    assert "Ms. Rivera-Ruiz" in sqlite[("log", "--all")][1]  # the scenario really ran
    assert "Ms. Quinn" in sqlite[("teacher", "list")][1]
    assert "Running: Mr. Okafor-Diaz" in sqlite[("status",)][1]
    assert sqlite[("demo", "export", "--all")][1].count("\n") > 100
    not_in_demo = {("demo", "status"), ("demo", "teacher", "show", "okafor-diaz", "--format", "json")}
    assert all(code == 0 for args, (code, _, _) in sqlite.items() if args not in not_in_demo)


def test_every_read_prints_the_same_on_sqlite_and_postgres(
    ok: Run, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """A scripted day of writes (add, duty, edit, delete, undo, terms, rename, merge, the timer, imports with
    a duplicate and a skipped row, demo) leaves SQLite and PostgreSQL printing byte-identical logs, reports,
    summaries, exports, teacher lists and status."""
    sqlite, postgres = run_both(ok, run, tmp_path, monkeypatch, pg_databases(), pg_databases())
    assert_same(sqlite, postgres)


def coach_role(url: str) -> tuple[str, str]:
    """A new login role with table privileges only (no superuser, owns nothing) on `url`'s database."""
    role, password = f"pgstore_coach_{secrets.token_hex(4)}", secrets.token_hex(12)
    postgres_admin(f"CREATE ROLE {role} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE")
    return role, password


def grant(url: str, role: str) -> None:
    postgres_admin(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}", url)
    postgres_admin(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}", url)


def as_role(url: str, role: str, password: str) -> str:
    """`url` logging in as `role`, spelt postgresql:// (which means psycopg 3 too)."""
    import sqlalchemy as sa

    changed = sa.make_url(url).set(username=role, password=password).render_as_string(hide_password=False)
    return "postgresql://" + changed.split("://", 1)[1]


def test_a_plain_coach_role_needs_no_more_than_table_privileges(
    ok: Run, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """The same scenario as a login role that is no superuser and owns nothing, with only SELECT/INSERT/UPDATE/
    DELETE on the tables and USAGE/SELECT/UPDATE on the sequences, prints the same as SQLite; its rows are its own."""
    main, demo = pg_databases(), pg_databases()
    role, password = coach_role(main)
    try:
        for url in (main, demo):
            grant(url, role)
        sqlite, postgres = run_both(
            ok, run, tmp_path, monkeypatch, as_role(main, role, password), as_role(demo, role, password)
        )
        assert_same(sqlite, postgres)
        import psycopg

        from coachlog.urls import libpq_url

        with psycopg.connect(libpq_url(main)) as connection:
            owners = {row[0] for table in TABLES if table not in ("entry_tag", "entry_teacher", "cycle_teacher")
                      for row in connection.execute(f"SELECT DISTINCT owner FROM {table}")}  # fmt: skip
        assert owners == {role}
    finally:
        for url in (main, demo):
            postgres_admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        postgres_admin(f"DROP ROLE IF EXISTS {role}")


def test_a_failing_import_changes_nothing_on_postgres(
    ok: Run, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """An import stopped by an ambiguous teacher on its third row leaves every table as it was: the first
    rows' entries and new teacher are rolled back with it (one transaction on PostgreSQL too)."""
    url = pg_databases()
    monkeypatch.setenv("COACHLOG_DB", url)
    ok("add", "Ms. Rivera", "coaching", "45m")
    ok("add", "Mr. Rivera", "coaching", "45m", "--at", "10:00")
    before = count_rows(url)
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "date,teacher,stance,minutes\n2026-11-17,Ms. Rivera,coaching,30\n2026-11-17,Mr. New,coaching,30\n"
        "2026-11-18,Rivera,coaching,30\n"
    )
    result = run("import", str(sheet))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 4: teacher 'Rivera' could be 'Ms. Rivera' or 'Mr. Rivera': type the name in full;"
        " nothing was imported\n"
    )
    assert count_rows(url) == before
    skipped = ok("import", str(sheet), "--skip-invalid")
    assert skipped.stderr.startswith("Skipped line 4: teacher 'Rivera' could be")
    after = count_rows(url)
    assert (after["entry"], after["teacher"]) == (before["entry"] + 2, before["teacher"] + 1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def one_line_failure(run: Run, url: str, *args: str) -> str:
    result = run("--db", url, *(args or ("log",)))
    assert result.exit_code == 1, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    return result.stderr


def test_connection_failures_are_one_line_without_the_password(
    run: Run, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """A wrong password, a server that is down, an unknown database and a newer schema each give one line
    on stderr and exit 1, with no traceback, and the password is never printed."""
    import sqlalchemy as sa

    url = pg_databases()
    parts = sa.make_url(url)
    password = parts.password or ""
    secret = "Sekr3t-" + secrets.token_hex(6)
    monkeypatch.setenv("COACHLOG_LOCK_TIMEOUT", "3")

    wrong = one_line_failure(run, parts.set(password=secret).render_as_string(hide_password=False))
    assert "cannot log in to the team database at" in wrong and secret not in wrong
    down = one_line_failure(run, parts.set(port=free_port()).render_as_string(hide_password=False))
    assert "cannot reach the team database at" in down and password not in down
    missing = one_line_failure(run, with_database(url, "pgstore_missing_" + secrets.token_hex(3)))
    assert "there is no database" in missing and password not in missing

    postgres_admin("UPDATE alembic_version SET version_num = '9999'", url)
    newer = one_line_failure(run, url, "add", "Ms. Rivera", "coaching", "45m")
    assert newer == (
        f"Error: the team database at {parts.host}/{parts.database} was made by a newer coachlog (schema 9999):"
        " upgrade coachlog to use it; it was left unchanged\n"
    )
    postgres_admin(f"UPDATE alembic_version SET version_num = '{SCHEMA_HEAD}'", url)
    assert run("--db", url, "log").exit_code == 0


def test_an_empty_database_gets_the_schema_only_from_a_role_that_may_create_it(
    ok: Run, run: Run, pg_databases: Callable[..., str]
) -> None:
    """A coach role on an empty database, or on one with an older schema, is told to ask the administrator;
    the superuser's first command builds the schema, or upgrades it."""
    import sqlalchemy as sa

    from coachlog.storage.schema import migrate

    url, older = pg_databases(empty=True), pg_databases(empty=True)
    migrate.upgrade_url(older, "0003")
    role, password = coach_role(url)
    try:
        postgres_admin(f"REVOKE CREATE ON SCHEMA public FROM {role}", url)
        refused = one_line_failure(run, as_role(url, role, password))
        parts = sa.make_url(url)
        assert refused == (
            f"Error: the team database at {parts.host}/{parts.database} has schema none; the administrator runs"
            " `coachlog team init` to set it up\n"
        )
        grant(older, role)
        refused = one_line_failure(run, as_role(older, role, password))
        parts = sa.make_url(older)
        assert refused == (
            f"Error: the team database at {parts.host}/{parts.database} has schema 0003; the administrator runs"
            " `coachlog team init` to upgrade it\n"
        )
    finally:
        for gone in (url, older):
            postgres_admin(f'DROP DATABASE IF EXISTS "{sa.make_url(gone).database}" WITH (FORCE)')
        postgres_admin(f"DROP ROLE IF EXISTS {role}")
    url = pg_databases(empty=True)
    assert ok("--db", url, "add", "Ms. Rivera", "coaching", "45m").stdout.startswith("Logged #1")
    old = pg_databases(empty=True)
    migrate.upgrade_url(old, "0003")
    ok("--db", old, "add", "Ms. Rivera", "coaching", "45m")
    assert count_rows(old)["entry"] == 1


def test_backup_and_restore_point_a_team_database_to_pg_dump(run: Run, pg_databases: Callable[..., str]) -> None:
    """backup and restore work on files: given a URL they refuse in one line that names pg_dump."""
    url = pg_databases()
    for args in (("backup",), ("restore", "old.db")):
        result = run("--db", url, *args)
        assert result.exit_code == 2
        assert "pg_dump" in result.stderr and result.stderr.count("\n") == 1
        assert (url.split(":")[2].split("@")[0]) not in result.stderr  # the password


def test_without_psycopg_a_url_says_what_to_install(tmp_path: Path) -> None:
    """With psycopg missing, a PostgreSQL URL gives one line naming the `postgres` extra, and exit 2."""
    probe = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from coachlog.cli.run import main\n"
        "sys.argv = ['coachlog', '--db', 'postgresql://ana:pw@localhost/coaching', 'log']\n"
        "main()\n"
    )
    env = {**os.environ, "COACHLOG_CONFIG": str(tmp_path / "c.toml")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert done.stderr == "Error: a PostgreSQL database needs psycopg: pip install 'coachlog[postgres]'\n"


@pytest.mark.parametrize(
    "args",
    [
        ("team", "init"),
        ("team", "add-coach", "ana"),
        ("team", "list"),
        ("report", "--team", "--all"),
        ("summary", "--team"),
    ],
)
def test_without_psycopg_team_commands_say_what_to_install(tmp_path: Path, args: tuple[str, ...]) -> None:
    """With psycopg missing, every team command gives the one line `team list` gives (exit 1), never a
    ModuleNotFoundError traceback (team init, report --team and summary --team gave one)."""
    probe = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from coachlog.cli.run import main\n"
        f"sys.argv = ['coachlog', '--db', 'postgresql://ana:pw@localhost/coaching', *{list(args)!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "COACHLOG_CONFIG": str(tmp_path / "c.toml")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stderr) == (
        1,
        "Error: a team database needs psycopg: pip install 'coachlog[postgres]'\n",
    ), done.stderr[-600:]


@pytest.mark.slow
def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path, pg_databases: Callable[..., str]) -> None:
    """Two installed `coachlog` processes each add 8 sessions at once, naming the same new teachers: all 16
    entries are there, each teacher once, and every add was its own undo step."""
    command = shutil.which("coachlog", path=str(Path(sys.executable).parent))
    assert command is not None
    url = pg_databases()
    env = {**os.environ, "COACHLOG_DB": url, "COACHLOG_CONFIG": str(tmp_path / "c.toml")}
    script = 'for i in 1 2 3 4 5 6 7 8; do "$0" add "Teacher $i" coaching 10 --at "2026-11-2$1 0$i:00" || exit 1; done'
    workers = [
        subprocess.Popen(["bash", "-c", script, command, day], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for day in ("0", "1")
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    rows = count_rows(url)
    assert (rows["entry"], rows["teacher"], rows["undo_step"]) == (16, 8, 16)


def test_coaches_writes_queue_like_sqlite_writes(pg_databases: Callable[..., str]) -> None:
    """Eight connections adding a session with the same new teacher at the same instant all succeed, and the
    teacher is created once: a coach's writes queue (SQLite's BEGIN IMMEDIATE, an advisory lock here)."""
    import threading
    from datetime import UTC, datetime

    from coachlog.domain.timeparse import parse_when
    from coachlog.domain.values import NewEntry, Stance
    from coachlog.storage import open_store

    url = pg_databases()
    now = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
    stores = [open_store(url) for _ in range(8)]
    start = threading.Barrier(len(stores))
    failures: list[BaseException] = []

    def add(store: object, teacher: str, minute: int) -> None:
        when = parse_when(f"2026-11-20 09:{minute:02d}", now)
        new = NewEntry("session", when.start, 20, when.local_date, True, (teacher,), Stance("coaching"))
        start.wait()
        try:
            store.entries.add(new, now, "add of session")  # type: ignore[attr-defined]
        except BaseException as failure:  # pragma: no cover - reported below
            failures.append(failure)

    try:
        for round_ in range(3):
            threads = [
                threading.Thread(target=add, args=(store, f"New Teacher {round_}", i)) for i, store in enumerate(stores)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
    finally:
        for store in stores:
            store.close()
    assert failures == []
    rows = count_rows(url)
    assert (rows["entry"], rows["teacher"]) == (24, 3)


def test_a_busy_or_forbidden_team_database_is_one_line(
    run: Run, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """A coach's write that waits past COACHLOG_LOCK_TIMEOUT (another write holds the lock) gives up in one
    line and writes nothing; a role the database does not let read the entries is told so in one line."""
    import psycopg
    import sqlalchemy as sa

    from coachlog.storage.postgres import WRITE_LOCK_CLASS
    from coachlog.urls import libpq_url

    url = pg_databases()
    parts = sa.make_url(url)
    monkeypatch.setenv("COACHLOG_LOCK_TIMEOUT", "1")
    assert run("--db", url, "add", "Ms. Rivera", "coaching", "45m").exit_code == 0
    with psycopg.connect(libpq_url(url)) as holder:  # another coachlog of the same coach, mid-write
        holder.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_user))", (WRITE_LOCK_CLASS,))
        busy = one_line_failure(run, url, "add", "Ms. Rivera", "coaching", "30m", "--at", "09:00")
    assert busy == (
        f"Error: the team database at {parts.host}/{parts.database} is busy (waited 1 s); nothing was changed:"
        " try again in a moment\n"
    )
    assert count_rows(url)["entry"] == 1

    role, password = coach_role(url)
    try:
        postgres_admin(f"GRANT SELECT ON alembic_version TO {role}", url)
        denied = one_line_failure(run, as_role(url, role, password), "log", "--all")
        assert denied == (
            f"Error: role {role} may not read or change the entry table in the team database at"
            f" {parts.host}/{parts.database}; nothing was changed: ask the administrator\n"
        )
        assert password not in denied
    finally:
        postgres_admin(f'DROP DATABASE IF EXISTS "{parts.database}" WITH (FORCE)')
        postgres_admin(f"DROP ROLE IF EXISTS {role}")


def test_a_lock_wait_of_0_gives_up_at_once_on_postgres_too(
    run: Run, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """COACHLOG_LOCK_TIMEOUT=0 means "do not wait", as on SQLite. PostgreSQL reads a lock_timeout of 0 as
    "wait for ever", which made a busy team database hang the command; the holder here lets go after 20 s,
    so a wait for ever shows as a write that went through."""
    import threading

    import psycopg

    from coachlog.storage.postgres import WRITE_LOCK_CLASS
    from coachlog.urls import libpq_url

    url = pg_databases()
    monkeypatch.setenv("COACHLOG_LOCK_TIMEOUT", "0")
    assert run("--db", url, "add", "Ms. Rivera", "coaching", "45m").exit_code == 0
    with psycopg.connect(libpq_url(url)) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s, hashtext(current_user))", (WRITE_LOCK_CLASS,))
        watchdog = threading.Timer(20, holder.commit)
        watchdog.start()
        try:
            busy = one_line_failure(run, url, "add", "Ms. Rivera", "coaching", "30m", "--at", "09:00")
        finally:
            watchdog.cancel()
    assert "is busy (waited 0 s); nothing was changed" in busy
    assert count_rows(url)["entry"] == 1


def test_an_export_imported_into_postgres_keeps_its_ids_and_later_ids_follow(
    ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_databases: Callable[..., str]
) -> None:
    """coachlog's own export keeps its ids when imported (explicit ids into PostgreSQL's sequence); the next
    add gets the id after them, and an undone delete brings its id back, as on SQLite."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    ok("add", "Mr. Okafor", "coaching", "30m", "--at", "10:00")
    ok("add", "Ms. Ito", "consulting", "20m", "--at", "11:00")
    ok("add", "Ms. Ito", "consulting", "20m", "--at", "12:00")
    ok("delete", "2", "--yes")
    ok("delete", "4", "--yes")
    ok("export", "--all", "--format", "json", "-o", str(tmp_path / "all.json"))
    logs = []
    for target in (str(tmp_path / "copy.db"), pg_databases()):
        monkeypatch.setenv("COACHLOG_DB", target)
        ok("import", str(tmp_path / "all.json"))
        ok("add", "Ms. Park", "coaching", "15m", "--at", "13:00")
        ok("delete", "1", "--yes")
        ok("undo")
        logs.append(ok("log", "--all").stdout)
    assert logs[0] == logs[1]
    ids = [line.split()[0] for line in logs[0].splitlines() if line.strip()[:1].isdigit()]
    assert ids == ["1", "3", "4"]
