"""The installed `coachlog --help`, run as a coach runs it: Typer's page without loading Typer (issue 17).

`coachlog --no-pager --help` is the same request through Typer (the fast path answers `--help` and `-h` alone),
so the two runs side by side show that the fast page is Typer's in a real process, its width read from the
terminal as Click reads it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import coachlog_command

HEAVY = ("typer", "click", "rich", "sqlalchemy", "sqlmodel", "alembic", "pendulum", "platformdirs", "shellingham")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    cleared = ("COLUMNS", "LINES", "_COACHLOG_COMPLETE", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION")
    return {
        **{k: v for k, v in os.environ.items() if k not in cleared and not k.startswith("COACHLOG_")},
        "COACHLOG_DB": str(tmp_path / "never.db"),
        "HOME": str(tmp_path / "home"),
    }


def coachlog(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*coachlog_command(), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("columns", [None, "20", "52", "79", "80", "81", "132"])
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_the_installed_help_is_typers(env: dict[str, str], columns: str | None, option: str) -> None:
    """`coachlog --help` prints what Typer prints for `coachlog --no-pager --help`, exit 0, nothing on stderr."""
    if columns is not None:
        env["COLUMNS"] = columns
    fast = coachlog(option, env=env)
    typer = coachlog("--no-pager", option, env=env)
    assert (fast.returncode, fast.stderr) == (typer.returncode, typer.stderr) == (0, "")
    assert fast.stdout == typer.stdout
    assert fast.stdout.startswith("Usage: coachlog [OPTIONS] COMMAND [ARGS]...\n")
    assert "  team " in fast.stdout


def test_the_installed_help_loads_no_typer(env: dict[str, str], tmp_path: Path) -> None:
    """`python -X importtime` (PYTHONPROFILEIMPORTTIME) of the installed command lists no Typer, Click, Rich,
    SQLAlchemy or pendulum: the help costs about what Python's own start does."""
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    done = coachlog("--help", env=env)
    assert done.returncode == 0
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.roothelp" in imported  # the profile really covered the run
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert not (tmp_path / "never.db").exists()


def test_a_completion_request_still_reaches_typer(env: dict[str, str]) -> None:
    """With Typer's switch that lists the completion options per shell, `--help` is Typer's page with it."""
    env["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"
    fast = coachlog("--help", env=env)
    assert fast.stdout == coachlog("--no-pager", "--help", env=env).stdout
    assert "Install completion for the specified shell." in fast.stdout


def test_a_closed_pipe_ends_as_typers_does(env: dict[str, str]) -> None:
    """Help into a pipe nobody reads (`coachlog --help | true`): exit 1 and nothing on stderr, as through Typer."""
    results = []
    for args in (["--help"], ["--no-pager", "--help"]):
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run(
                [*coachlog_command(), *args], stdout=write, stderr=subprocess.PIPE, env=env, timeout=60
            )
        finally:
            os.close(write)
        results.append((done.returncode, done.stderr))
    assert results[0] == results[1] == (1, b"")


def test_a_closed_stdout_ends_as_typers_does(env: dict[str, str]) -> None:
    """`coachlog --help >&-` (no stdout at all): nothing written, exit 0 and nothing on stderr, as through Typer."""
    results = []
    for args in (["--help"], ["--no-pager", "--help"]):
        shell = ["/bin/sh", "-c", '"$@" >&-', "sh", *coachlog_command(), *args]
        done = subprocess.run(shell, capture_output=True, text=True, env=env, timeout=60)
        results.append((done.returncode, done.stderr))
    assert results[0] == results[1] == (0, "")


def test_version_with_stdout_closed_is_silent_as_clicks(env: dict[str, str]) -> None:
    """`coachlog --version >&-`: nothing written, exit 0 and nothing on stderr (was an AttributeError traceback),
    whether the fast path answers it or Typer does (`--no-pager --version`), as Click's echo does."""
    results = []
    for args in (["--version"], ["--no-pager", "--version"], ["--db", "x.db", "--version"]):
        shell = ["/bin/sh", "-c", '"$@" >&-', "sh", *coachlog_command(), *args]
        done = subprocess.run(shell, capture_output=True, text=True, env=env, timeout=60)
        results.append((done.returncode, done.stderr))
    assert results == [(0, "")] * 3


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line(env: dict[str, str]) -> None:
    """`coachlog --help > /dev/full`: one line on stderr naming the failure, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*coachlog_command(), "--help"], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60
        )
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output: No space left on device\n"
