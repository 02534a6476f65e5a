"""The installed `coachlog log` and `coachlog report`, run without Typer (cli/fastpath.py, issue 17), end exactly as
through Typer, in a pipe and in a terminal (colour, NO_COLOR, the pager).

`coachlog report --db coach.db ...` is the same command through Typer (the fast path leaves a `--db` after the
command to Typer, and cli/run.py moves it to the front, so paging is untouched), so each command line runs both
ways, on two copies of the same demo database, and everything is compared: stdout, stderr, the exit code and every
row (a read changes none). The option tables the fast path reads by are checked against the Typer commands' own.
"""

from __future__ import annotations

import inspect
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings

from coachlog.cli import fastpath
from coachlog.domain.periods import CURRENT_TERM, RangeChoice
from fastruns import (
    HEAVY,
    LEAN,
    MALFORMED,
    VALUES,
    both_ways,
    command_lines,
    make_demo,
    postgres_ends_as_typers,
    rows,
    run,
)
from helpers import coachlog_command, on_a_pty

READS = ("log", "report")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database (teachers, cycles, a term, ten weeks of sessions) and the environment every run gets."""
    return make_demo(tmp_path_factory.mktemp("demo"))


def through_typer(args: list[str]) -> list[str]:
    """`args` with `--db coach.db` (the database every run uses) right after the command: Typer runs it. A line
    with a `--db` after the command already goes to Typer as it is (and a second one would change it)."""
    at = next(index for index, arg in enumerate(args) if arg in READS) + 1
    if any(arg == "--db" or arg.startswith("--db=") for arg in args[at:]):
        assert fastpath.read(args, {}) is None
        return args
    return [*args[:at], "--db", "coach.db", *args[at:]]


# ---- the tables are the Typer commands' own ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(fastpath.COMMANDS))
def test_each_table_is_the_typer_commands_own(name: str) -> None:
    """Every option of the Typer command, each spelling, flag or value, repeated or not, a path or not, is in the
    fast path's table under the parameter's name, and nothing else is; as many arguments; the body takes those
    names."""
    import typer.main

    from coachlog.cli.run import app

    group = typer.main.get_command(app)
    command = group.get_command(typer.Context(group), name)  # type: ignore[attr-defined]
    spec = fastpath.COMMANDS[name]
    values, flags, repeated, paths, arguments = {}, {}, set(), set(), 0
    for param in command.params:
        if param.param_type_name == "argument":
            arguments += param.nargs
            continue
        table = flags if param.is_flag else values
        table.update({spelling: param.name for spelling in (*param.opts, *param.secondary_opts)})
        if param.multiple:
            repeated.add(param.name)
        if isinstance(param.type, typer.models.TyperPath):
            paths.add(param.name)
    found = (spec.values, spec.flags, set(spec.repeated), set(spec.paths), spec.arguments)
    assert found == (values, flags, repeated, paths, arguments)
    ranges = {*fastpath.RANGE_VALUES.values(), *fastpath.RANGE_FLAGS.values()}
    own = {*values.values(), *flags.values()}
    assert spec.ranges == (ranges <= own)
    assert ranges == set(RangeChoice._fields)
    names = own - ranges | {"ranges"} if spec.ranges else own
    taken = [p for p in inspect.signature(fastpath.body_of(name)).parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert {p.name for p in taken} == names


def test_main_hands_the_fast_path_its_commands() -> None:
    """coachlog.main() hands cli/fastpath.py the lines of exactly the commands it reads."""
    import coachlog

    assert set(fastpath.COMMANDS) == coachlog.FAST


# ---- the differential property ---------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command_lines(READS, VALUES, MALFORMED))
@example((["report", "--term"], True))
@example((["log", "--week"], True))
@example((["--db", "coach.db", "report", "--term", "--by", "teacher", "-f", "json"], True))
@example((["report", "--term", "Fall term 2026", "--by=activity", "--teacher", "rivera", "--format", "markdown"], True))
@example((["log", "--all", "--long", "-t", "cycle-2"], True))
@example((["log", "--from", "2026-09-01", "--to", "2026-09-30", "--duties", "-f", "csv"], True))
@example((["report", "--month", "--team"], True))
@example((["report", "--last-month", "--by", "tag", "--no-pager"], True))
@example((["log", "--week", "--month"], True))
@example((["report", "--format", "bogus"], True))
@example((["log", "--stance", "zz", "--year"], True))
@example((["report", "--term", "nope"], True))
@example((["log", "--today", "--stance", "coach", "-a", "obs"], True))
@example((["log", "--yesterday", "--teacher", "nobody"], True))
@example((["report", "--teacher", "--term"], True))
@example((["report", "--term", "-3"], False))
@example((["report", "--teacher", "--teacher", "--term"], False))
def test_fast_reads_end_as_typers(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, line: tuple[list[str], bool]
) -> None:
    """Whatever the line, valid or not, the fast path prints and exits exactly as Typer does (the same one-line
    error and exit 2 for a bad value); every well-formed line is one the fast path takes."""
    args, well_formed = line
    if well_formed:
        assert fastpath.read(args, demo[1]) is not None
    fast, typer = both_ways(args, demo, tmp_path, typer=through_typer)
    assert fast[:3] == typer[:3]
    assert fast[3] == typer[3]


# ---- explicit examples -------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["report", "--term"], ["log", "--week"]])
def test_reads_load_no_typer(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """`python -X importtime` of the installed `coachlog report --term` and `log --week` lists no Typer, Click,
    Rich, SQLAlchemy, pendulum or dataclasses (fastruns.LEAN), and the report or listing is printed."""
    env = {**demo[1], "PYTHONPROFILEIMPORTTIME": "1"}
    shutil.copy(demo[0], tmp_path / "coach.db")
    done = run(args, tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 3
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.fastpath" in imported  # the profile really covered the fast path
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert sorted(m for m in imported if m in LEAN) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report", "--term"], ("report", None, [], {"term": CURRENT_TERM})),
        (["report", "--term", "--by", "teacher"], ("report", None, [], {"term": CURRENT_TERM, "by": "teacher"})),
        (["--db=x.db", "report", "--term", "Term 1", "--team"],
         ("report", "x.db", [], {"term": "Term 1", "team": True})),
        (["log", "--term", "-"], ("log", None, [], {"term": "-"})),
        (["log", "--term=", "--week"], ("log", None, [], {"term": "", "week": True})),
        (["log", "--teacher", "--term"], ("log", None, [], {"teacher": "--term"})),
        (["log", "-l", "-a", "obs", "-t", "x", "-f", "csv", "--all", "--no-pager", "--tag", "y"],
         ("log", None, [], {"long": True, "activity": "obs", "tag": "y", "fmt": "csv", "all_": True,
                            "no_pager": True})),
        (["--db", "x.db", "log", "--from", "-"], ("log", "x.db", [], {"from_": "-"})),
    ],
)  # fmt: skip
def test_the_lines_it_takes(args: list[str], expected: tuple[object, ...]) -> None:
    assert fastpath.read(args, {}) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--teacher", "--teacher", "--term"], ["report", "--term", "-3"], ["log", "x"], ["log", "-lf", "csv"],
        ["report", "--week=1"], ["--no-pager", "log"], ["log", "--help"], ["report", "--by"], ["log", "--db", "x"],
        ["report", "--stance", "x"], ["log", "--by", "day"], ["log", "--team"], ["report", "--", "--week"],
        ["log", "-f=csv"], ["log", "--wee"], ["logs"], ["report", "--teacher", "r\udcff"],
    ],
)  # fmt: skip
def test_the_lines_it_leaves_to_typer(args: list[str]) -> None:
    assert fastpath.read(args, {}) is None


def in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """The installed command on a pseudo-terminal 100 columns by 30 lines."""
    return on_a_pty([*coachlog_command(), *args], env, 100, 30, cwd)


@pytest.mark.parametrize("no_color", [None, "1"])
@pytest.mark.parametrize(
    "args",
    [
        ["report", "--term"], ["report", "--week"], ["log", "--week"], ["log", "--all"], ["log", "--all", "--no-pager"],
        ["log", "--all", "--long", "-f", "markdown"], ["report", "--term", "--by", "week"], ["report", "--by", "nope"],
    ],
)  # fmt: skip
def test_in_a_terminal(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str], no_color: str | None
) -> None:
    """In a terminal (colour on, or NO_COLOR), the same bytes and exit code both ways, long output through the same
    pager (here one that marks each line) unless --no-pager."""
    pager = "sed s/^/paged:/"
    env = {**demo[1], "TERM": "xterm-256color", "PAGER": pager, **({"NO_COLOR": no_color} if no_color else {})}
    results = []
    for name, line in (("fast", args), ("typer", through_typer(args))):
        (tmp_path / name).mkdir()
        shutil.copy(demo[0], tmp_path / name / "coach.db")
        results.append(in_terminal(line, tmp_path / name, env))
    assert results[0] == results[1]
    table = "markdown" not in args  # a format for a file: written as it is, neither styled nor paged
    assert ("\x1b[" in results[0][1]) == (no_color is None and table)  # the error's red, or the table's styles
    assert ("paged:" in results[0][1]) == (args[:2] == ["log", "--all"] and "--no-pager" not in args and table)


def test_a_closed_pipe_a_closed_stdout_and_a_full_disk(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`coachlog log --all | head -1`, `... | true`, `... >&-` and `... > /dev/full` end as through Typer."""
    shells = ['"$@" | head -1', '"$@" | true', '"$@" >&-']
    if Path("/dev/full").exists():
        shells.append('"$@" > /dev/full')
    for args in (["log", "--all"], ["report", "--term"]):
        for shell in shells:
            results = []
            for name, line in (("fast", args), ("typer", through_typer(args))):
                where = tmp_path / f"{args[0]}{shells.index(shell)}" / name
                where.mkdir(parents=True)
                shutil.copy(demo[0], where / "coach.db")
                argv = ["/bin/sh", "-c", f"{shell}; echo $? >&2", "sh", *coachlog_command(), *line]
                done = subprocess.run(argv, cwd=where, env=demo[1], capture_output=True, text=True, timeout=60)
                results.append((done.returncode, done.stdout, done.stderr, rows(where / "coach.db")))
            assert results[0] == results[1], (args, shell)


def test_a_team_database_on_postgresql(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, pg_databases: Callable[..., str]
) -> None:
    """`--db postgresql://...`: the same output and exit code both ways, for a listing, a report and --team."""
    postgres_ends_as_typers(
        pg_databases(),
        [["log", "--week"], ["report", "--month", "--by", "teacher"], ["report", "--team"]],
        demo,
        tmp_path,
    )
