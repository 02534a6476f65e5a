"""Start-up stays lean: `coachlog --help` and `coachlog add` import none of the heavy modules.

Each check runs in a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import coachlog

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "rich.table", "pendulum", "icalendar", "recurring_ical_events", "psycopg")

PROBE = """
import json, sys
from coachlog.cli.run import main
sys.argv = ["coachlog", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
import dataclasses
built = sorted(
    value.__name__ for name, module in list(sys.modules.items()) if name.startswith("coachlog")
    for value in vars(module).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
)
print("\\nFOUND " + json.dumps(built))
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


def imported_by(args: list[str], tmp_path: Path) -> set[str]:
    return probed(args, tmp_path)[0]


def probed(args: list[str], tmp_path: Path, probe: str = PROBE, db: str = "startup.db") -> tuple[set[str], set[str]]:
    """The modules loaded after `coachlog ARGS` in a fresh interpreter, and what `probe` found (PROBE: the
    dataclasses coachlog defined); the database is `db` in `tmp_path`."""
    env = {
        **os.environ,
        "COACHLOG_DB": f"{tmp_path}/{db}",
        "COACHLOG_CONFIG": str(tmp_path / "config.toml"),
        "COACHLOG_TIMEZONE": "America/New_York",
        "COACHLOG_NOW": "2026-11-23T15:00:00-05:00",
    }
    done = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(args)], capture_output=True, text=True, env=env, check=True
    )
    found, modules = done.stdout.rsplit("FOUND ", 1)[1].split("\nMODULES ")
    return set(json.loads(modules)), set(json.loads(found))


def test_help_imports_no_heavy_module(tmp_path: Path) -> None:
    """`coachlog --help` loads neither SQLAlchemy, SQLModel, Alembic, Rich tables nor pendulum."""
    modules = imported_by(["--help"], tmp_path)
    assert "coachlog.cli" in modules  # the probe really ran the app
    assert not [m for m in HEAVY if m in modules]


@pytest.mark.parametrize("args", [["add", "--help"], ["report", "--help"], ["import", "--help"]])
def test_command_help_imports_no_heavy_module(tmp_path: Path, args: list[str]) -> None:
    """Help for a command does not open the database or load its libraries."""
    modules = imported_by(args, tmp_path)
    assert not [m for m in HEAVY if m in modules]
    assert not (tmp_path / "startup.db").exists()


def test_add_on_an_existing_database_imports_no_heavy_module(tmp_path: Path) -> None:
    """Once the database exists, `coachlog add` writes through sqlite3 alone."""
    imported_by(["add", "Ms. Rivera", "coaching", "30"], tmp_path)  # creates the schema (Alembic may load)
    modules = imported_by(["add", "Ms. Rivera", "coaching", "45m", "--at", "yesterday 10:00"], tmp_path)
    assert "coachlog.storage.store" in modules  # it did write
    assert not [m for m in HEAVY if m in modules]
    import sqlite3

    with sqlite3.connect(tmp_path / "startup.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 2


def test_check_imports_no_heavy_module(tmp_path: Path) -> None:
    """`coachlog check` (run by a shell prompt or cron) costs what `add` does: sqlite3 and the standard library."""
    imported_by(["add", "Ms. Rivera", "coaching", "30", "--next", "x", "--by", "today"], tmp_path)
    modules = imported_by(["check"], tmp_path)
    assert "coachlog.services.check" in modules  # it did check
    assert not [m for m in HEAVY if m in modules]


# What `add`, `report --term` and `log --week` never use (issue 17: their start-up is most of their time): the
# caseload's values (`add --next` alone), the summary's figure types, edit's and import's types, tempfile (only a
# file written through private_text_file), a page's Section. The undo journal is for writes (`add`), the report's
# classes for `report`. (Typer, which this probe runs through, loads `dataclasses` and `inspect`: the fast path does
# not, see fastruns.LEAN.)
UNUSED = (
    "coachlog.domain.caseload", "coachlog.domain.figures", "coachlog.domain.changes", "coachlog.render.section",
    "tempfile",
)  # fmt: skip
UNUSED_BY = {
    "add": (*UNUSED, "coachlog.reports.report"),
    "report": (*UNUSED, "coachlog.storage.history"),
    "log": (*UNUSED, "coachlog.storage.history", "coachlog.reports.report"),
}
# The dataclasses each builds at start-up (about half a millisecond each, and the module `dataclasses` to load): none;
# a value with no behaviour is a NamedTuple, one with behaviour a Frozen value.
DATACLASSES_BY: dict[str, set[str]] = {"add": set(), "report": set(), "log": set()}


@pytest.mark.parametrize(
    "args", [["add", "Ms. Rivera", "coaching", "45m", "--at", "09:00"], ["report", "--term"], ["log", "--week"]]
)
def test_add_report_and_log_load_only_what_they_use(tmp_path: Path, args: list[str]) -> None:
    """`add`, `report --term` and `log --week` import no module they do not use and build no dataclass but theirs."""
    imported_by(["add", "Ms. Rivera", "coaching", "30", "--next", "x"], tmp_path)  # the database and a next step
    imported_by(["term", "add", "Fall", "2026-09-01", "2026-12-18"], tmp_path)
    modules, built = probed(args, tmp_path)
    assert "coachlog.storage.aggregates" in modules or "coachlog.render.entries" in modules  # it did run
    assert [m for m in UNUSED_BY[args[0]] if m in modules] == []
    assert built == DATACLASSES_BY[args[0]]


COMMAND_MODULES = {
    "caseload", "consent", "cycles", "entries", "imports", "manage", "push", "reports", "summary", "team", "timer"
}  # fmt: skip


def command_modules(modules: set[str]) -> set[str]:
    return {m.removeprefix("coachlog.cli.") for m in modules if m.removeprefix("coachlog.cli.") in COMMAND_MODULES}


def test_help_and_version_import_no_command_module(tmp_path: Path) -> None:
    """`coachlog --help` lists every command from cli/commands.py's COMMANDS table, importing none of their modules."""
    assert command_modules(imported_by(["--help"], tmp_path)) == set()
    probe = "import sys, coachlog; sys.argv[1:] = ['--version']; coachlog.main(); print('typer' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["coachlog", coachlog.__version__, "False"]  # answered before any parsing


@pytest.mark.parametrize(
    ("args", "module"),
    [(["add", "--help"], "entries"), (["report", "--help"], "reports"), (["term", "list", "--help"], "manage")],
)
def test_a_command_imports_only_its_own_module(tmp_path: Path, args: list[str], module: str) -> None:
    """`coachlog add ...` imports cli/entries.py and no other command's module."""
    assert command_modules(imported_by(args, tmp_path)) == {module}


def test_the_command_table_agrees_with_the_commands() -> None:
    """COMMANDS names every command, in the module that defines it, with the first sentence of its help
    (what `coachlog --help` shows for a command it has not imported)."""
    import typer.main

    from coachlog.cli.app import COMMANDS
    from coachlog.cli.run import app

    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        module = command.callback.__module__ if not hasattr(command, "commands") else None
        words = (command.help or "").split("\n\n")[0].split()
        end = next((i for i, word in enumerate(words) if word.endswith(".")), len(words) - 1)
        found[name] = (module, " ".join(words[: end + 1]))
    table = {name: (None if found.get(name, ("",))[0] is None else f"coachlog.cli.{where}", text)
             for name, (where, text) in COMMANDS.items()}  # fmt: skip
    assert table == found


def test_root_help_is_the_same_with_every_command_loaded(tmp_path: Path) -> None:
    """The lazy `coachlog --help` (a fresh interpreter) prints what the app with every command loaded prints."""
    from helpers import Run  # noqa: F401  (the suite's conftest pins the width)

    env = {**os.environ, "COLUMNS": "80", "COACHLOG_DB": str(tmp_path / "x.db")}
    lazy = subprocess.run([sys.executable, "-m", "coachlog", "--help"], capture_output=True, text=True, env=env)
    loaded = subprocess.run(
        [sys.executable, "-c", "from coachlog.cli.run import app, main; main()", "--help"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert lazy.returncode == loaded.returncode == 0
    assert lazy.stdout == loaded.stdout
    assert "team     A coaching team on PostgreSQL" in lazy.stdout


SUMMARY_WRITERS = {
    "json": "coachlog.render.summary_json",
    "html": "coachlog.render.html",
    "markdown": "coachlog.render.markdown",
    "text": "coachlog.render.text",
}


@pytest.mark.parametrize("fmt", list(SUMMARY_WRITERS))
def test_summary_loads_only_the_writer_of_its_format(tmp_path: Path, fmt: str) -> None:
    """`summary -f FMT` imports no heavy module and no other format's writer, nor the caseload's modules when
    there is no roster (issue 17: a summary's start-up)."""
    imported_by(["add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-23 09:00"], tmp_path)
    modules = imported_by(["summary", "--month", "-f", fmt], tmp_path)
    assert SUMMARY_WRITERS[fmt] in modules  # it did write
    assert [m for m in HEAVY if m in modules] == []
    assert [w for f, w in SUMMARY_WRITERS.items() if f != fmt and w in modules] == []
    assert "coachlog.services.caseload" not in modules


# What the fast path itself (coachlog.main -> cli/fastpath.py, no Typer) keeps off for `add`, `report --term` and
# `log --week` (issue 17): pathlib with the urllib.parse, ipaddress and fnmatch it loads (files.path_text names the
# database and config file), and typing's ForwardRef, whose compile() of a NamedTuple's string annotations costs
# about 10 million instructions the first time in a process (domain/frozen.py's NamedTuple keeps the strings).
FAST_UNUSED = ("pathlib", "urllib.parse", "ipaddress", "fnmatch")
FAST_PROBE = """
import json, sys
sys.argv = ["coachlog", *json.loads(sys.argv[1])]
import coachlog
coachlog.main()
sys.stdout.flush()
forward = sorted(
    f"{value.__module__}.{value.__qualname__}" for name, module in list(sys.modules.items())
    if name.startswith("coachlog") for value in vars(module).values()
    if isinstance(value, type) and issubclass(value, tuple) and value.__module__ == name
    and any(type(a).__name__ == "ForwardRef" for a in vars(value).get("__annotations__", {}).values())
)
print("\\nFOUND " + json.dumps(forward))
print("MODULES " + json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize(
    "args", [["add", "Ms. Rivera", "coaching", "45m", "--at", "09:00"], ["report", "--term"], ["log", "--week"]]
)
def test_the_fast_path_loads_no_pathlib_and_compiles_no_annotation(tmp_path: Path, args: list[str]) -> None:
    """`add`, `report --term` and `log --week` through coachlog.main() load no pathlib (nor urllib.parse,
    ipaddress, fnmatch) and build no NamedTuple with ForwardRef annotations; on an existing database and config."""
    imported_by(["add", "Ms. Rivera", "coaching", "30"], tmp_path)  # the database
    imported_by(["term", "add", "Fall", "2026-09-01", "2026-12-18"], tmp_path)
    (tmp_path / "config.toml").write_text('coach = "Sam"\n', encoding="utf-8")
    modules, forward = probed(args, tmp_path, FAST_PROBE, db="./startup.db")  # named as pathlib would not write it
    assert "coachlog.cli.fastpath" in modules  # the fast path ran it
    assert "coachlog.storage.aggregates" in modules or "coachlog.render.entries" in modules
    assert [m for m in FAST_UNUSED if m in modules] == []
    assert forward == set()
