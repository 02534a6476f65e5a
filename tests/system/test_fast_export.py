"""The installed `coachlog export`, run without Typer (cli/fastpath.py, issue 17), ends exactly as through Typer: the
same stdout, stderr and exit code, the same rows, and the same file written by `-o` (its bytes and its mode: an
export carries names, so it is created owner-only).

`coachlog export --db coach.db ...` is the same command through Typer (the fast path leaves a `--db` after the
command to Typer, and cli/run.py moves it to the front), so each command line runs both ways, each in its own
directory holding a copy of the same demo database and the same existing file, and everything is compared.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachlog.cli import fastpath
from coachlog.domain.periods import CURRENT_TERM
from fastruns import HEAVY, MALFORMED, VALUES, command_lines, db_after, in_own_directories, make_demo, rows, run
from helpers import coachlog_command, on_a_pty

EXISTING = "existing.csv"  # in every run's directory before it starts: mode 0644, one line
OUTPUTS = ["out.csv", "out.json", "OUT.JSON", "out", "out.xlsx", "out.md", ".", "", "-", "sub/out.csv", EXISTING,
           "/dev/null"]  # fmt: skip
EXPORT_VALUES = {
    **VALUES,
    "--format": ["csv", "json", "j", "c", "CSV", "markdown", "table", "bogus", ""],
    "-f": ["csv", "json", "html"],
    "--output": OUTPUTS,
    "-o": OUTPUTS,
}
EXPORT_MALFORMED = [["-o"], ["--raw=1"], ["-rf"], ["--long"], ["--output"]]  # for Typer to read or refuse


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database (teachers, cycles, a term, ten weeks of sessions) and the environment every run gets."""
    return make_demo(tmp_path_factory.mktemp("demo"))


def through_typer(args: list[str]) -> list[str]:
    return db_after("export", args)


def files(where: Path) -> dict[str, tuple[bytes, str]]:
    """Every file in `where` and below but the database (and its WAL), with its bytes and its mode."""
    return {
        str(path.relative_to(where)): (path.read_bytes(), stat.filemode(path.stat().st_mode))
        for path in sorted(where.rglob("*"))
        if path.is_file() and not path.name.startswith("coach.db")
    }


def prepared(demo: tuple[Path, dict[str, str]], where: Path) -> Path:
    """`where`, made afresh with a copy of the demo database and EXISTING (0644) in it."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    shutil.copy(demo[0], where / "coach.db")
    (where / EXISTING).write_text("an older file\n")
    (where / EXISTING).chmod(0o644)
    return where


def both_ways(args: list[str], demo: tuple[Path, dict[str, str]], tmp: Path) -> list[tuple[object, ...]]:
    """(exit code, stdout, stderr, rows after, files after) of `coachlog ARGS` and of it through Typer."""
    return in_own_directories(args, through_typer, lambda where: prepared(demo, where), demo[1], tmp, files)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command_lines(("export",), EXPORT_VALUES, st.one_of(MALFORMED, st.sampled_from(EXPORT_MALFORMED))))
@example((["export"], True))
@example((["export", "-o", "out.csv"], True))
@example((["export", "--term", "-o", "out.json", "--duties"], True))
@example((["export", "--format", "json", "--month", "--output=out"], True))
@example((["export", "--bom", "-o", "out.csv", "--raw", "--teacher", "rivera"], True))
@example((["export", "--bom", "--format", "json"], True))
@example((["export", "-o", "out.xlsx"], True))
@example((["export", "-f", "csv", "-o", "out.json"], True))
@example((["export", "-o", "."], True))
@example((["export", "-o", ""], True))
@example((["export", "-o", "sub/out.csv"], True))
@example((["export", "-o", EXISTING, "--stance", "coaching"], True))
@example((["export", "--from", "2026-09-01", "--to", "nonsense"], True))
@example((["--db=coach.db", "export", "-a", "obs", "-t", "cycle-2", "--week", "--year"], True))
@example((["export", "-o", "--raw"], True))
@example((["export", "-o"], False))
def test_fast_exports_end_as_typers(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, line: tuple[list[str], bool]
) -> None:
    """Whatever the line, valid or not, the fast path prints, writes and exits exactly as Typer does (the same
    one-line error and exit 2 for a bad value, the same file with the same mode); every well-formed line is one
    the fast path takes."""
    args, well_formed = line
    if well_formed:
        assert fastpath.read(args, {}) is not None
    fast, typer = both_ways(args, demo, tmp_path)
    assert fast[:3] == typer[:3]
    assert fast[3:] == typer[3:]


def test_an_export_file_is_owner_only(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`export -o` through the fast path writes every entry into a file only its owner reads, even over an
    existing 0644 file."""
    where = prepared(demo, tmp_path)
    for name in ("new.csv", EXISTING):
        done = run(["export", "--all", "-o", name], where, demo[1])
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE((where / name).stat().st_mode) == 0o600
        assert len((where / name).read_text().splitlines()) > 20


@pytest.mark.parametrize("args", [["export"], ["export", "--term", "-o", "term.json"]])
def test_exports_load_no_typer(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """`python -X importtime` of the installed `coachlog export` (to stdout, or to a file) lists no Typer, Click,
    Rich, SQLAlchemy or pendulum, and the export is written."""
    env = {**demo[1], "PYTHONPROFILEIMPORTTIME": "1"}
    where = prepared(demo, tmp_path)
    done = run(args, where, env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 3 or (where / "term.json").stat().st_size > 100
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.fastpath" in imported  # the profile really covered the fast path
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []


@pytest.mark.parametrize("args", [["export", "-o", "out.csv"], ["export", "--bom", "-o", "out.json"], ["export"]])
def test_in_a_terminal(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """On a terminal (where a long export to a file shows a progress bar), the same bytes, exit code and file both
    ways."""
    env = {**demo[1], "TERM": "xterm-256color"}
    results = []
    for name, line in (("fast", args), ("typer", through_typer(args))):
        where = prepared(demo, tmp_path / name)
        results.append((on_a_pty([*coachlog_command(), *line], env, 100, 30, where), files(where)))
    assert results[0] == results[1]


def test_a_closed_pipe_a_closed_stdout_and_a_full_disk(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`coachlog export | head -1`, `... | true`, `... >&-`, `... > /dev/full` and `-o /dev/full` end as through
    Typer."""
    shells = ['"$@" | head -1', '"$@" | true', '"$@" >&-']
    lines = [["export"], ["export", "--format", "json"]]
    if Path("/dev/full").exists():
        shells.append('"$@" > /dev/full')
        lines.append(["export", "-o", "/dev/full"])
    for number, args in enumerate(lines):
        for shell in shells:
            results = []
            for name, line in (("fast", args), ("typer", through_typer(args))):
                where = prepared(demo, tmp_path / f"{number}{shells.index(shell)}" / name)
                argv = ["/bin/sh", "-c", f"{shell}; echo $? >&2", "sh", *coachlog_command(), *line]
                done = subprocess.run(argv, cwd=where, env=demo[1], capture_output=True, text=True, timeout=60)
                results.append((done.returncode, done.stdout, done.stderr, rows(where / "coach.db"), files(where)))
            assert results[0] == results[1], (args, shell)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["export"], ("export", None, [], {})),
        (["export", "-o", "x.csv", "--raw", "--bom", "--term"],
         ("export", None, [], {"out": Path("x.csv"), "raw": True, "bom": True, "term": CURRENT_TERM})),
        (["--db", "x.db", "export", "--output=", "-f", "json", "--duties"],
         ("export", "x.db", [], {"out": Path(""), "fmt": "json", "duties": True})),
        (["export", "-o", "--raw"], ("export", None, [], {"out": Path("--raw")})),
    ],
)  # fmt: skip
def test_the_lines_it_takes(args: list[str], expected: tuple[object, ...]) -> None:
    assert fastpath.read(args, {}) == expected


@pytest.mark.parametrize(
    "args", [["export", "-o"], ["export", "--raw=1"], ["export", "-rf"], ["export", "--long"], ["export", "x"]]
)
def test_the_lines_it_leaves_to_typer(args: list[str]) -> None:
    assert fastpath.read(args, {}) is None


def test_an_unreadable_output_file_is_left_to_typer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer's click.Path refuses an `-o` file that is there but unreadable (exit 2, its own message): such a line
    is Typer's. (Faked: the suite may run as root, who reads every file.)"""
    (tmp_path / "locked.csv").write_text("x\n")
    monkeypatch.setattr(fastpath.os, "access", lambda path, mode: False)
    assert fastpath.read(["export", "-o", str(tmp_path / "locked.csv")], {}) is None
    assert fastpath.read(["export", "-o", str(tmp_path / "absent.csv")], {}) is not None
