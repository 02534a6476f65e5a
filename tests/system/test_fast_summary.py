"""The installed `coachlog summary`, run without Typer (cli/fastpath.py, issue 17), ends exactly as through Typer:
the same stdout, stderr and exit code, the same file written by `-o` (its bytes and its mode: owner-only), and the
same record of what each `summary -o` showed (the consent tables `consent where` reads).

`coachlog summary --db coach.db ...` is the same command through Typer (the fast path leaves a `--db` after the
command to Typer, and cli/run.py moves it to the front, so paging is untouched), so each command line runs both
ways, each in its own directory holding a copy of the same demo database and the same existing file, and
everything is compared (the directory's own path, which a record of `-o` names, read as `<here>`).
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import fastruns
from coachlog.cli import fastpath
from coachlog.domain.periods import CURRENT_TERM
from fastruns import (
    HEAVY,
    LEAN,
    MALFORMED,
    VALUES,
    both_ways_writing,
    closed_ends_as_typers,
    command_lines,
    db_after,
    files,
    make_demo,
    postgres_ends_as_typers,
    recorded,
    rows,
    run,
)
from helpers import coachlog_command, on_a_pty

EXISTING = "existing.md"  # in every run's directory before it starts: mode 0644, one line
OUTPUTS = ["out.md", "out.html", "out.txt", "out.json", "OUT.HTML", "out.markdown", "out", "out.csv", "out.xlsx",
           ".", "", "-", "sub/out.md", EXISTING, "/dev/null"]  # fmt: skip
SUMMARY_VALUES = {
    **VALUES,
    "--format": ["markdown", "html", "text", "json", "md", "h", "TEXT", "csv", "table", "bogus", ""],
    "-f": ["text", "json", "html"],
    "--output": OUTPUTS,
    "-o": OUTPUTS,
    "--tag": ["cycle-2", ""],
    "-t": ["x"],
}
SUMMARY_MALFORMED = [["-o"], ["--names=1"], ["-nf"], ["--long"], ["--output"], ["--by", "teacher"], ["--nam"]]


# What a summary never loads (issue 17: start-up is most of a small one): push's bookkeeping (the team thresholds it
# reads are storage/thresholds.py's), uuid (a new uid; it loads platform), statistics (the median of closed cycles:
# the demo has none; it loads random), hashlib (its OpenSSL set-up: the rounding's md5 is CPython's own), html (its
# html.entities: render/html.py escapes alike); nor dataclasses (fastruns.LEAN: its values are NamedTuples or Frozen).
SUMMARY_UNUSED = ("coachlog.storage.sync", "coachlog.domain.push", "uuid", "statistics", "hashlib", "html")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database (teachers, cycles, a term, ten weeks of sessions, shareable stories) and the environment
    every run gets."""
    return make_demo(tmp_path_factory.mktemp("demo"))


def through_typer(args: list[str]) -> list[str]:
    """`args` with `--db coach.db` right after `summary`: Typer runs it."""
    return db_after("summary", args)


def prepared(demo: tuple[Path, dict[str, str]], where: Path) -> Path:
    """`where`, made afresh with a copy of the demo database and EXISTING (0644) in it."""
    return fastruns.prepared(demo, where, EXISTING)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command_lines(("summary",), SUMMARY_VALUES, st.one_of(MALFORMED, st.sampled_from(SUMMARY_MALFORMED))))
@example((["summary"], True))
@example((["summary", "-o", "out.md"], True))
@example((["summary", "--names", "-o", "out.html"], True))
@example((["summary", "--term", "-o", "out.json", "--names"], True))
@example((["summary", "--format", "text", "--month", "--output=out"], True))
@example((["summary", "-f", "json"], True))
@example((["summary", "--format=html", "--names", "--all"], True))
@example((["summary", "--format", "text", "--year"], True))
@example((["summary", "-o", "out.xlsx"], True))
@example((["summary", "-f", "markdown", "-o", "out.json"], True))
@example((["summary", "-o", "."], True))
@example((["summary", "-o", ""], True))
@example((["summary", "-o", "sub/out.md"], True))
@example((["summary", "-o", EXISTING, "--last-month"], True))
@example((["summary", "-o", "/dev/null", "-f", "text"], True))
@example((["summary", "--tag", "cycle-2", "-o", "out.md"], True))
@example((["summary", "--team", "--names"], True))
@example((["summary", "--team"], True))
@example((["summary", "--from", "2026-09-01", "--to", "nonsense"], True))
@example((["summary", "--term", "Fall term 2026", "--from", "2026-09-01"], True))
@example((["--db=coach.db", "summary", "--week", "--year"], True))
@example((["summary", "-o", "--names"], True))
@example((["summary", "-o"], False))
def test_fast_summaries_end_as_typers(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, line: tuple[list[str], bool]
) -> None:
    """Whatever the line, valid or not, the fast path prints, writes, records and exits exactly as Typer does (the
    same one-line error and exit 2 for a bad value, the same file with the same mode, the same record of what an
    `-o` summary showed); every well-formed line is one the fast path takes."""
    args, well_formed = line
    if well_formed:
        assert fastpath.read(args, {}) is not None
    fast, typer = both_ways_writing("summary", args, demo, tmp_path, EXISTING)
    assert fast[:3] == typer[:3]
    assert fast[3:] == typer[3:]


def test_a_summary_file_is_owner_only_and_recorded(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`summary -o` through the fast path writes the page into a file only its owner reads, even over an existing
    0644 file, and records what it showed (the demo's shareable stories), once per file written."""
    where = prepared(demo, tmp_path)
    before = rows(where / "coach.db")
    for name in ("new.html", EXISTING):
        done = run(["summary", "--names", "-o", name], where, demo[1])
        assert done.returncode == 0, done.stderr
        assert stat.S_IMODE((where / name).stat().st_mode) == 0o600
        assert len((where / name).read_text().splitlines()) > 20
    after = rows(where / "coach.db")
    grown = {table for table in after if len(after[table]) > len(before.get(table, []))}
    assert grown  # the record of what each summary showed
    assert any(str(where / EXISTING) in repr(after[table]) for table in grown)


@pytest.mark.parametrize(
    "args", [["summary"], ["summary", "-f", "text"], ["summary", "--term", "-o", "term.html", "--names"]]
)
def test_summaries_load_no_typer(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """`python -X importtime` of the installed `coachlog summary` (piped, as text, or to a file) lists no Typer,
    Click, Rich, SQLAlchemy or pendulum, no dataclasses (fastruns.LEAN) and none of SUMMARY_UNUSED, and the summary
    is written."""
    env = {**demo[1], "PYTHONPROFILEIMPORTTIME": "1"}
    where = prepared(demo, tmp_path)
    done = run(args, where, env)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 10 or (where / "term.html").stat().st_size > 1000
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.fastpath" in imported  # the profile really covered the fast path
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert sorted(m for m in imported if m in LEAN or m in SUMMARY_UNUSED) == []


@pytest.mark.parametrize("no_color", [None, "1"])
@pytest.mark.parametrize(
    "args",
    [["summary"], ["summary", "-f", "text"], ["summary", "-f", "text", "--names", "--all"], ["summary", "-o", "s.md"],
     ["summary", "-f", "bogus"]],
)  # fmt: skip
def test_in_a_terminal(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str], no_color: str | None
) -> None:
    """In a terminal (colour on, or NO_COLOR; the text page through Rich), the same bytes, exit code and file both
    ways, through the same pager (here one that marks each line)."""
    env = {
        **demo[1],
        "TERM": "xterm-256color",
        "PAGER": "sed s/^/paged:/",
        **({"NO_COLOR": no_color} if no_color else {}),
    }
    results = []
    for name, line in (("fast", args), ("typer", through_typer(args))):
        where = prepared(demo, tmp_path / name)
        results.append((on_a_pty([*coachlog_command(), *line], env, 100, 30, where), files(where), recorded(where)))
    assert results[0] == results[1]
    if no_color:
        assert "\x1b[" not in results[0][0][1]


def test_a_closed_pipe_a_closed_stdout_and_a_full_disk(demo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """`coachlog summary | head -1`, `... | true`, `... >&-`, `... > /dev/full` and `-o /dev/full` end as through
    Typer."""
    lines = [["summary"], ["summary", "--format", "text", "--all"], ["summary", "-f", "html", "--names"]]
    closed_ends_as_typers("summary", lines, ["summary", "-o", "/dev/full", "-f", "json"], demo, tmp_path, EXISTING)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["summary"], ("summary", None, [], {})),
        (["summary", "-o", "x.html", "--names", "--term"],
         ("summary", None, [], {"out": Path("x.html"), "names": True, "term": CURRENT_TERM})),
        (["--db", "x.db", "summary", "--output=", "-f", "json", "--team", "--all"],
         ("summary", "x.db", [], {"out": Path(""), "fmt": "json", "team": True, "all_": True})),
        (["summary", "-o", "--names"], ("summary", None, [], {"out": Path("--names")})),
        (["summary", "-t", "x", "--tag=y"], ("summary", None, [], {"tag": "y"})),
    ],
)  # fmt: skip
def test_the_lines_it_takes(args: list[str], expected: tuple[object, ...]) -> None:
    assert fastpath.read(args, {}) == expected


@pytest.mark.parametrize(
    "args",
    [["summary", "-o"], ["summary", "--names=1"], ["summary", "-nf"], ["summary", "--long"], ["summary", "x"],
     ["summary", "--help"], ["summary", "--by", "teacher"], ["summary", "--db", "x.db"]],
)  # fmt: skip
def test_the_lines_it_leaves_to_typer(args: list[str]) -> None:
    assert fastpath.read(args, {}) is None


def test_a_team_database_on_postgresql(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, pg_databases: Callable[..., str]
) -> None:
    """`--db postgresql://...`: the same output and exit code both ways, for a coach's summary and --team."""
    postgres_ends_as_typers(
        pg_databases(),
        [["summary", "--week"], ["summary", "-f", "json", "--names"], ["summary", "--team", "-f", "text"]],
        demo,
        tmp_path,
    )
