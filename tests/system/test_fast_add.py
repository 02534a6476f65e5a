"""The installed `coachlog add`, run without Typer (cli/fastpath.py, issue 17), ends exactly as through Typer.

`coachlog --no-pager add ...` is the same command through Typer (the fast path takes `[--db PATH] add` alone), so
each command line runs both ways, on two copies of the same demo database, and everything is compared: stdout,
stderr, the exit code and every row written (minus the uids and clock timestamps that differ by nature).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachlog.cli import fastpath
from fastruns import HEAVY, LEAN, UUID, both_ways, make_demo, rows, run
from helpers import coachlog_command, on_a_pty


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database (teachers, open cycles, a term) and the environment every run gets."""
    return make_demo(tmp_path_factory.mktemp("demo"))


# ---- the differential property ---------------------------------------------------------------

NAMES = st.sampled_from(
    ["Ms. Rivera", "rivera", "Dana Whitfield", "Mme. Lefèvre", "Lena Schröder", "Coach Ramírez", "Mr. O'Neil",
     'Ms. "Jo" Park', "Zoë Ng", "李老师", "  ", "", "a\tb", "dana whitfield", "-", "Okafor"]
)  # fmt: skip
STANCES = st.sampled_from(["coaching", "coach", "collab", "cons", "c", "COACHING", "bogus", "", "-x"])
DURATIONS = st.sampled_from(["45", "45m", "1h", "1h30m", "1.5h", "1:30", "0", "-45m", "abc", "9h", "2000", " 30 "])
VALUES = {
    "--with": NAMES,
    "-w": NAMES,
    "--at": st.sampled_from(
        ["yesterday 10:00", "09:00", "now", "-30m", "2 days ago", "tue 9:15", "nonsense", "2026-11-20", "14:30"]
    ),
    "--note": st.sampled_from(["goal: wait time", "", "line\nbreak", "--note", "ünïcödé ✓"]),
    "-n": st.sampled_from(["short", "-h-less"]),
    "--activity": st.sampled_from(["co-teaching", "obs", "planning", "nonsense", ""]),
    "-a": st.sampled_from(["debrief", "mod"]),
    "--tag": st.sampled_from(["cycle-2", "", "a b", "Tag"]),
    "-t": st.sampled_from(["x", "y"]),
    "--helpful": st.sampled_from(["the video of my own lesson", ""]),
    "--story": st.sampled_from(["first time she tried think-pair-share", "\u202etricky"]),
    "--cycle": st.sampled_from(["3", "#4", "99", "x", "5"]),
    "--next": st.sampled_from(["look at the exit tickets together", ""]),
    "--by": st.sampled_from(["friday", "tomorrow", "in 3 days", "12/10", "nonsense"]),
}  # fmt: skip
FLAGS = ("--shareable", "--no-cycle")
# What the fast path leaves to Typer: each makes the line one Typer must read (or refuse).
MALFORMED = st.sampled_from(
    [["--bogus"], ["-x"], ["--help"], ["-h"], ["--"], ["extra"], ["-wRivera"], ["--shareable=1"], ["--with"],
     ["--db", "coach.db"], ["--wit", "x"], ["-n=x"]]
)  # fmt: skip


@st.composite
def add_lines(draw: st.DrawFn) -> tuple[list[str], bool]:
    """A random `add` command line, and whether it is well formed (the fast path must take it)."""
    groups: list[list[str]] = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.integers(0, 5)) == 0:
            groups.append([draw(st.sampled_from(FLAGS))])
            continue
        option = draw(st.sampled_from(sorted(VALUES)))
        value = draw(VALUES[option])
        long_joined = option.startswith("--") and draw(st.booleans())
        groups.append([f"{option}={value}"] if long_joined else [option, value])
    arguments = [draw(NAMES), draw(STANCES), draw(DURATIONS)]
    option_like = any(arg[:1] == "-" and arg != "-" for arg in arguments)  # `-x`, `-45m`: Click reads options
    units = [[arg] for arg in arguments]
    malformed = draw(st.one_of(st.none(), MALFORMED))
    for group in [*groups, *([malformed] if malformed is not None else [])]:  # anywhere between the arguments
        at = draw(st.integers(0, len(units)))
        units[at:at] = [group]
    line = [arg for unit in units for arg in unit]
    db = draw(st.sampled_from([[], ["--db", "coach.db"], ["--db=coach.db"]]))
    return [*db, "add", *line], malformed is None and not option_like


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(add_lines())
@example((["add", "Ms. Rivera", "coaching", "45m", "--at", "yesterday 10:00"], True))
@example((["--db", "coach.db", "add", "rivera", "collab", "1h30m", "-w", "Dana Whitfield", "-a", "co"], True))
@example((["add", "Priya Raman", "coach", "30", "--next", "look at the lab reports", "--by", "friday"], True))
@example((["add", "rivera", "coach", "40", "--cycle", "3", "--no-cycle"], True))
@example((["add", "rivera", "coach", "40", "--cycle", "4"], True))
@example((["add", "New Person", "coach", "40", "--tag", "a", "-t", "b", "--with", "Zoë Ng", "-w", "rivera"], True))
@example((["add", "rivera", "bogus", "45"], True))
@example((["add", "rivera", "coach", "-45m"], False))
@example((["add", "rivera", "coach", "45", "--at"], False))
@example((["add", "rivera", "coach", "45", "--at", "now"], True))
@example((["add", "rivera", "coach", "9h", "--at", "2026-11-20 08:00"], True))
def test_fast_add_ends_as_typers(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, line: tuple[list[str], bool]
) -> None:
    """Whatever the line, valid or not, the fast path prints, exits and writes exactly what Typer does; every
    well-formed line is one the fast path takes."""
    args, well_formed = line
    if well_formed:
        assert fastpath.read(args, demo[1]) is not None
    fast, typer = both_ways(args, demo, tmp_path)
    assert fast[:3] == typer[:3]
    assert fast[3] == typer[3]


# ---- explicit examples -------------------------------------------------------------------------


def test_add_loads_no_typer(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`python -X importtime` of the installed `coachlog add` lists no Typer, Click, Rich, SQLAlchemy, pendulum
    or dataclasses (fastruns.LEAN), and the session is saved."""
    env = {**demo[1], "PYTHONPROFILEIMPORTTIME": "1"}
    shutil.copy(demo[0], tmp_path / "coach.db")
    done = run(["add", "Ms. Rivera", "coaching", "45m", "--at", "yesterday 10:00"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Logged #")
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.fastpath" in imported  # the profile really covered the fast path
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert sorted(m for m in imported if m in LEAN) == []


def test_a_new_database_is_made_the_same_way(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """The first add, on no database yet: the same output and the same new database."""
    results = []
    for name, prefix in (("fast", []), ("typer", ["--no-pager"])):
        (tmp_path / name).mkdir()
        done = run([*prefix, "add", "Ms. Rivera", "coach", "45"], tmp_path / name, demo[1])
        results.append((done.returncode, done.stdout, done.stderr, rows(tmp_path / name / "coach.db")))
    assert results[0] == results[1]
    assert results[0][0] == 0


@pytest.mark.parametrize("db", ["", " ", "coach.db"])
def test_the_database_variable_and_option(demo: tuple[Path, dict[str, str]], tmp_path: Path, db: str) -> None:
    """COACHLOG_DB empty (Click reads it as unset), blank, or a file; `--db ''` and `--db=` refused as by Typer."""
    env = {**demo[1], "COACHLOG_DB": db}
    for args in (["add", "rivera", "coach", "20"], ["--db", "", "add", "rivera", "coach", "20"], ["--db=", "add"]):
        fast, typer = both_ways(args, demo, tmp_path, env)
        assert fast == typer


def test_a_damaged_database_is_one_line(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """A database file that is not one: the same line and exit code both ways, the file left as it was."""
    results = []
    for name, prefix in (("fast", []), ("typer", ["--no-pager"])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "coach.db").write_bytes(b"not a database at all\n" * 200)
        done = run([*prefix, "add", "rivera", "coach", "20"], tmp_path / name, demo[1])
        results.append((done.returncode, done.stdout, done.stderr, (tmp_path / name / "coach.db").read_bytes()))
    assert results[0] == results[1]
    assert results[0][0] != 0 and results[0][2].startswith("Error: ")


def test_a_closed_pipe_and_a_closed_stdout(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`coachlog add ... | true` and `coachlog add ... >&-` end as through Typer, the session saved once."""
    for shell in ('"$@" | true', '"$@" >&-'):
        results = []
        for name, prefix in (("fast", []), ("typer", ["--no-pager"])):
            where = tmp_path / shell.replace(" ", "").replace('"', "").replace("$@", "") / name
            where.mkdir(parents=True)
            shutil.copy(demo[0], where / "coach.db")
            args = [
                "/bin/sh",
                "-c",
                f"{shell}; exit $?",
                "sh",
                *coachlog_command(),
                *prefix,
                "add",
                "rivera",
                "coach",
                "20",
            ]
            done = subprocess.run(args, cwd=where, env=demo[1], capture_output=True, text=True, timeout=60)
            results.append((done.stderr, rows(where / "coach.db")))
        assert results[0] == results[1]
        assert results[0][1] != rows(demo[0])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`coachlog add ... > /dev/full`: one line naming the failure, exit 1, as through Typer."""
    results = []
    for name, prefix in (("fast", []), ("typer", ["--no-pager"])):
        (tmp_path / name).mkdir()
        shutil.copy(demo[0], tmp_path / name / "coach.db")
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [*coachlog_command(), *prefix, "add", "rivera", "coach", "20"],
                cwd=tmp_path / name, env=demo[1], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
            )  # fmt: skip
        results.append((done.returncode, done.stderr, rows(tmp_path / name / "coach.db")))
    assert results[0] == results[1]
    assert results[0][:2] == (
        1,
        "Error: cannot write the output: No space left on device; what was written is incomplete\n",
    )


# ---- what the fast path takes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["add", "r", "coach", "45"], (None, ["r", "coach", "45"], {})),
        (["--db", "x.db", "add", "-w", "a", "r", "--with=b", "coach", "45", "--shareable"],
         ("x.db", ["r", "coach", "45"], {"with_": ["a", "b"], "shareable": True})),
        (["--db=x.db", "add", "r", "coach", "45", "--at", "-30m", "--note", "--at", "-n", "last"],
         ("x.db", ["r", "coach", "45"], {"at": "-30m", "note": "last"})),
        (["add", "r", "coach", "45", "--cycle=", "--no-cycle", "-t", "", "--next", "n", "--by", "fri"],
         (None, ["r", "coach", "45"], {"cycle": "", "no_cycle": True, "tag": [""], "next_": "n", "by": "fri"})),
        (["add", "-", "coach", "45"], (None, ["-", "coach", "45"], {})),
    ],
)  # fmt: skip
def test_the_lines_it_takes(args: list[str], expected: tuple[object, ...]) -> None:
    assert fastpath.read(args, {}) == ("add", *expected)


@pytest.mark.parametrize(
    "args",
    [
        ["add", "r", "coach"], ["add", "r", "coach", "45", "x"], ["add", "r", "coach", "45", "--at"],
        ["add", "r", "coach", "45", "-h"], ["add", "r", "coach", "45", "--note", "--help"],
        ["add", "--", "r", "c", "4"],
        ["add", "r", "coach", "-45m"], ["add", "r", "coach", "45", "-nx"], ["add", "r", "coach", "45", "-n=x"],
        ["add", "r", "coach", "45", "--shareable=yes"], ["add", "r", "coach", "45", "--db", "x"],
        ["--db", "a", "--db", "b", "add", "r", "coach", "45"], ["--db", " ", "add", "r", "coach", "45"],
        ["--no-pager", "add", "r", "coach", "45"], ["add", "r", "coach", "45", "--term"], ["duty", "cover", "45"],
        ["add", "r\udcff", "coach", "45"], ["--db"], [], ["add"], ["--version", "add", "r", "c", "4"],
    ],
)  # fmt: skip
def test_the_lines_it_leaves_to_typer(args: list[str]) -> None:
    assert fastpath.read(args, {}) is None


def test_completion_is_left_to_typer() -> None:
    for name in ("_COACHLOG_COMPLETE", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        assert fastpath.read(["add", "r", "coach", "45"], {name: "complete_bash"}) is None
    line = ["add", "r", "coach", "45"]
    assert fastpath.read(line, {"COACHLOG_DB": "y.db"}) == ("add", "y.db", ["r", "coach", "45"], {})
    assert fastpath.read(line, {"COACHLOG_DB": ""}) == ("add", None, ["r", "coach", "45"], {})
    assert fastpath.read(["--db", "x", *line], {"COACHLOG_DB": "y.db"})[1] == "x"  # type: ignore[index]


def in_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """The installed command with stdin, stdout and stderr on a pseudo-terminal (as tests/system/test_widths_pty)."""
    return on_a_pty([*coachlog_command(), *args], env, 100, 50, cwd)


@pytest.mark.parametrize("no_color", [None, "1"])
@pytest.mark.parametrize(
    "args",
    [["add", "rivera", "coach", "9h", "--at", "2026-11-20 08:00"], ["add", "rivera", "bogus", "45"], ["add", "x"]],
)
def test_in_a_terminal(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str], no_color: str | None
) -> None:
    """In a terminal (colour on, or NO_COLOR), the same bytes and exit code both ways."""
    env = {**demo[1], "TERM": "xterm-256color", **({"NO_COLOR": no_color} if no_color else {})}
    results = []
    for name, prefix in (("fast", []), ("typer", ["--no-pager"])):
        (tmp_path / name).mkdir()
        shutil.copy(demo[0], tmp_path / name / "coach.db")
        results.append((*in_terminal([*prefix, *args], tmp_path / name, env), rows(tmp_path / name / "coach.db")))
    assert results[0] == results[1]
    assert ("\x1b[" in results[0][1]) == (no_color is None and args[2:3] != [])


def test_a_team_database_on_postgresql(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, pg_databases: Callable[..., str]
) -> None:
    """`--db postgresql://...`: the same output, exit code and entries both ways (a good line and a bad one)."""
    env = {k: v for k, v in demo[1].items() if k != "COACHLOG_DB"}
    results = []
    for prefix in ([], ["--no-pager"]):
        url = pg_databases()
        outputs = [
            run([*prefix, "--db", url, "add", *args], tmp_path, env)
            for args in (
                ["Ms. Rivera", "coach", "45", "-w", "Okafor", "--next", "look", "--by", "fri"],
                ["x", "y", "1"],
            )
        ]
        exported = run(["--db", url, "export", "--format", "json"], tmp_path, env)
        assert exported.returncode == 0, exported.stderr
        results.append(
            ([(done.returncode, done.stdout, done.stderr) for done in outputs], UUID.sub("*", exported.stdout))
        )
    assert results[0] == results[1]
    assert results[0][0][0][0] == 0 and results[0][0][1][0] == 2
