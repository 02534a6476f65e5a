"""What the fast-path tests share (tests/system/test_fast_add.py, test_fast_read.py): the installed command, a demo
database, runs of one command line through the fast path and through Typer, and every row of a database."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from hypothesis import strategies as st

from coachlog.cli import fastpath
from helpers import coachlog_command

HEAVY = ("typer", "click", "rich", "sqlalchemy", "sqlmodel", "alembic", "pendulum", "platformdirs", "shellingham")
# Standard modules the fast path keeps off too (issue 17: start-up is most of `add`, `log`, `report`, `export`):
# `dataclasses` and the `inspect` it loads (their values are Frozen, domain/frozen.py); textwrap (the root help's,
# and a page that wraps).
LEAN = ("dataclasses", "inspect", "textwrap")
NOW = "2026-11-23T15:00:00-05:00"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CLOCK_COLUMNS = ("uid", "created_at", "updated_at")


def make_demo(where: Path) -> tuple[Path, dict[str, str]]:
    """A demo database in `where` (teachers, open cycles, a term) and the environment every run gets."""
    cleared = ("COLUMNS", "LINES", "NO_COLOR", "_COACHLOG_COMPLETE", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")
    env = {
        **{k: v for k, v in os.environ.items() if k not in cleared and not k.startswith("COACHLOG_")},
        "HOME": str(where / "home"),
        "XDG_DATA_HOME": str(where / "home" / "data"),
        "XDG_CONFIG_HOME": str(where / "home" / "config"),
        "COACHLOG_CONFIG": str(where / "config.toml"),
        "COACHLOG_TIMEZONE": "America/New_York",
        "COACHLOG_NOW": NOW,
        "COACHLOG_DB": "coach.db",  # relative: each run has its own directory, and messages name the same file
    }
    done = subprocess.run(
        [*coachlog_command(), "demo"], cwd=where, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return where / "coach.db", env


def run(args: list[str], cwd: Path, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*coachlog_command(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, **kwargs
    )


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, the uids and clock timestamps masked."""
    if not path.exists():
        return {}
    found = {}
    with closing(sqlite3.connect(path)) as connection:
        tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = connection.execute(f"SELECT * FROM {table}")  # names from sqlite_master
            names = [d[0] for d in cursor.description]
            found[table] = sorted(
                (
                    tuple(
                        "*" if name in CLOCK_COLUMNS else UUID.sub("*", v) if isinstance(v, str) else v
                        for name, v in zip(names, row, strict=True)
                    )
                    for row in cursor
                ),
                key=repr,
            )
    return found


def through_typer(args: list[str]) -> list[str]:
    """`args` as a line the fast path leaves to Typer, to the same effect: `--no-pager` before the command."""
    return ["--no-pager", *args]


def db_after(command: str, args: list[str]) -> list[str]:
    """`args` with `--db coach.db` right after `command`: Typer runs it (cli/run.py moves it to the front). A line
    with a `--db` after the command already goes to Typer as it is (and a second one would change it)."""
    at = args.index(command) + 1
    if any(arg == "--db" or arg.startswith("--db=") for arg in args[at:]):
        assert fastpath.read(args, {}) is None
        return args
    return [*args[:at], "--db", "coach.db", *args[at:]]


def both_ways(
    args: list[str],
    demo: tuple[Path, dict[str, str]],
    tmp: Path,
    env: dict[str, str] | None = None,
    typer: Callable[[list[str]], list[str]] = through_typer,
) -> tuple[tuple[int, str, str, object], tuple[int, str, str, object]]:
    """`coachlog ARGS` (the fast path when it takes them) and `coachlog TYPER(ARGS)` (through Typer), each on its
    own copy of the demo database: (exit code, stdout, stderr, rows after) of each."""
    base, demo_env = demo
    results = []
    for name, line in (("fast", args), ("typer", typer(args))):
        where = tmp / name
        shutil.rmtree(where, ignore_errors=True)
        where.mkdir(parents=True)
        shutil.copy(base, where / "coach.db")
        own = {**(env or demo_env), "XDG_DATA_HOME": str(where / "data")}  # the default database: one each
        done = run(line, where, own)
        default = next((where / "data").glob("**/*.db"), where / "none")
        results.append((done.returncode, done.stdout, done.stderr, (rows(where / "coach.db"), rows(default))))
    return results[0], results[1]


def in_own_directories(
    args: list[str],
    through: Callable[[list[str]], list[str]],
    prepare: Callable[[Path], Path],
    env: dict[str, str],
    tmp: Path,
    seen: Callable[[Path], object] = lambda where: None,
) -> list[tuple[object, ...]]:
    """(exit code, stdout, stderr, rows after, `seen` in the directory after) of `coachlog ARGS` and of
    `coachlog THROUGH(ARGS)` (Typer), each run in its own directory that `prepare` makes afresh."""
    results = []
    for name, line in (("fast", args), ("typer", through(args))):
        where = prepare(tmp / name)
        done = run(line, where, env)
        results.append((done.returncode, done.stdout, done.stderr, rows(where / "coach.db"), seen(where)))
    return results


# ---- random command lines (test_fast_read.py, test_fast_export.py) ----------------------------------------

VALUES = {
    "--teacher": ["rivera", "Dana Whitfield", "nobody", "", "-", "Coach Ramírez"],
    "--stance": ["coaching", "collab", "bogus", ""],
    "--activity": ["co-teaching", "obs", "nonsense", "planning", "cover"],
    "-a": ["debrief", "mod"],
    "--tag": ["cycle-2", "", "zz"],
    "-t": ["x"],
    "--format": ["table", "csv", "json", "markdown", "j", "bogus", ""],
    "-f": ["csv", "md", "json"],
    "--by": ["teacher", "activity", "tag", "week", "day", "t", "bogus", ""],
    "--term": ["Fall term 2026", "fall", "nope", ""],
    "--from": ["2026-09-01", "yesterday", "mon", "nonsense", "12/1"],
    "--to": ["2026-11-20", "today", "nonsense"],
}
# What the fast path leaves to Typer: each makes the line one Typer must read (or refuse).
MALFORMED = st.sampled_from(
    [["--bogus"], ["-x"], ["--help"], ["-h"], ["--"], ["extra"], ["-lf"], ["--week=1"], ["--teacher"], ["-f=csv"],
     ["--db", "coach.db"], ["--wee"], ["-3"], ["--stance", "x", "--by", "y"]]
)  # fmt: skip


@st.composite
def command_lines(
    draw: st.DrawFn, names: tuple[str, ...], values: dict[str, list[str]], malformed: st.SearchStrategy[list[str]]
) -> tuple[list[str], bool]:
    """A random line of one of the commands `names` (its options' values drawn from `values`), and whether it is
    well formed (the fast path must take it): some of its flags, bare `--term`s and options with a value, maybe
    one `malformed` group among them, maybe a `--db` before the command."""
    name = draw(st.sampled_from(names))
    spec = fastpath.COMMANDS[name]
    groups: list[list[str]] = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            groups.append([draw(st.sampled_from(sorted(spec.flags)))])
        elif choice == 1:
            groups.append(["--term"])  # bare: the term holding today
        else:
            option = draw(st.sampled_from(sorted(spec.values)))
            value = draw(st.sampled_from(values[option]))
            groups.append([f"{option}={value}"] if option.startswith("--") and draw(st.booleans()) else [option, value])
    wrong = draw(st.one_of(st.none(), malformed))
    if wrong is not None:
        groups.insert(draw(st.integers(0, len(groups))), wrong)
    db = draw(st.sampled_from([[], ["--db", "coach.db"], ["--db=coach.db"]]))
    return [*db, name, *(arg for group in groups for arg in group)], wrong is None


# ---- commands that write a file (test_fast_export.py, test_fast_summary.py) -------------------------------------


def files(where: Path) -> dict[str, tuple[bytes, str]]:
    """Every file in `where` and below but the database (and its WAL), with its bytes and its mode."""
    return {
        str(path.relative_to(where)): (path.read_bytes(), stat.filemode(path.stat().st_mode))
        for path in sorted(where.rglob("*"))
        if path.is_file() and not path.name.startswith("coach.db")
    }


def recorded(where: Path) -> str:
    """Every row of the database in `where` (as text), that directory (which a record of `summary -o` names) read
    as `<here>`."""
    return repr(rows(where / "coach.db")).replace(str(where), "<here>")


def prepared(demo: tuple[Path, dict[str, str]], where: Path, existing: str) -> Path:
    """`where`, made afresh with a copy of the demo database and the file `existing` (0644, one line) in it."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    shutil.copy(demo[0], where / "coach.db")
    (where / existing).write_text("an older file\n")
    (where / existing).chmod(0o644)
    return where


def both_ways_writing(
    command: str, args: list[str], demo: tuple[Path, dict[str, str]], tmp: Path, existing: str
) -> list[tuple[object, ...]]:
    """(exit code, stdout, stderr, rows after, files after) of `coachlog ARGS` and of it through Typer, each in its
    own directory prepared with `existing`."""
    results = []
    for name, line in (("fast", args), ("typer", db_after(command, args))):
        where = prepared(demo, tmp / name, existing)
        done = run(line, where, demo[1])
        results.append((done.returncode, done.stdout, done.stderr, recorded(where), files(where)))
    return results


def closed_ends_as_typers(
    command: str,
    lines: list[list[str]],
    to_file: list[str],
    demo: tuple[Path, dict[str, str]],
    tmp: Path,
    existing: str,
) -> None:
    """Each of `lines` piped to `head -1`, to `true`, with stdout closed and (where there is one) to /dev/full, and
    `to_file` (a line writing `-o /dev/full`), end as through Typer: exit code, output, rows, files."""
    shells = ['"$@" | head -1', '"$@" | true', '"$@" >&-']
    lines = list(lines)
    if Path("/dev/full").exists():
        shells.append('"$@" > /dev/full')
        lines.append(to_file)
    for number, args in enumerate(lines):
        for shell in shells:
            results = []
            for name, line in (("fast", args), ("typer", db_after(command, args))):
                where = prepared(demo, tmp / f"{number}{shells.index(shell)}" / name, existing)
                argv = ["/bin/sh", "-c", f"{shell}; echo $? >&2", "sh", *coachlog_command(), *line]
                done = subprocess.run(argv, cwd=where, env=demo[1], capture_output=True, text=True, timeout=60)
                results.append((done.returncode, done.stdout, done.stderr, recorded(where), files(where)))
            assert results[0] == results[1], (args, shell)


def postgres_ends_as_typers(url: str, lines: list[list[str]], demo: tuple[Path, dict[str, str]], tmp: Path) -> None:
    """On the PostgreSQL database `url`, after one `add`, each of `lines` prints and exits the same through the fast
    path (`--db URL` before the command) and through Typer (after it)."""
    env = {k: v for k, v in demo[1].items() if k != "COACHLOG_DB"}
    logged = run(["--db", url, "add", "Ms. Rivera", "coach", "45", "--at", "yesterday 10:00"], tmp, env)
    assert logged.returncode == 0, logged.stderr
    for args in lines:
        fast = run(["--db", url, *args], tmp, env)
        typer = run([args[0], "--db", url, *args[1:]], tmp, env)
        assert (fast.returncode, fast.stdout, fast.stderr) == (typer.returncode, typer.stdout, typer.stderr)
