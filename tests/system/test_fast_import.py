"""The installed `coachlog import`, run without Typer (cli/fastpath.py, issue 17), ends exactly as through Typer:
the same stdout, stderr and exit code, and the same rows written (or none, for a refused file or a dry run).

`coachlog import --db coach.db ...` is the same command through Typer (the fast path leaves a `--db` after the
command to Typer, and cli/run.py moves it to the front), so each command line runs both ways, each in its own
directory holding a copy of the same demo database and the same files to import, and everything is compared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachlog.cli import fastpath
from fastruns import HEAVY, LEAN, MALFORMED, VALUES, command_lines, db_after, in_own_directories, make_demo, rows, run
from helpers import coachlog_command, on_a_pty

SHEET = """Date,Start,Minutes,Teacher,Stance,Activity,Notes
2026-11-02,09:00,45,Ms. Rivera,coaching,observing,new row
11/13/2026,10:00,30,Dana Whitfield; Sam Lee,collab,planning,two teachers
2026-11-04,,20,,cover,,a duty
"""
BAD = "Date,Minutes,Teacher,Stance\n2026-11-02,45,Ms. Rivera,coaching\n2026-11-03,nonsense,Ms. Rivera,coaching\n"
CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:fast-1@example.org
DTSTART:20261102T140000Z
DTEND:20261102T144500Z
SUMMARY:Debrief Ms. Rivera
END:VEVENT
END:VCALENDAR
"""
FILES = ["all.csv", "all.json", "sheet.csv", "bad.csv", "cal.ics", "absent.csv", "."]
IMPORT_VALUES = {
    **VALUES,
    "--map": ["Notes=note", "Teacher=", "Start=start", "bogus", "x=y", ""],
    "--date-order": ["dmy", "mdy", "ymd", "bogus", ""],
    "--teacher-from": ["title", "attendee", "location", "bogus"],
    "--stance": ["coaching", "collab", "bogus", ""],
    "--me": ["kim@school.org", ""],
}
IMPORT_MALFORMED = [["--dry-run=1"], ["--map"], ["-n"], ["--skip"], ["second.csv"]]  # for Typer to read or refuse


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A demo database, its own export (CSV and JSON), a coach's sheet, a sheet with a bad row and a calendar."""
    db, env = make_demo(tmp_path_factory.mktemp("demo"))
    where = db.parent
    for name, fmt in (("all.csv", "csv"), ("all.json", "json")):
        done = run(["export", "--all", "--format", fmt, "-o", name], where, env)
        assert done.returncode == 0, done.stderr
    (where / "sheet.csv").write_text(SHEET)
    (where / "bad.csv").write_text(BAD)
    (where / "cal.ics").write_text(CALENDAR)
    return db, env


def with_file(line: tuple[list[str], bool], file: str) -> tuple[list[str], bool]:
    """A random `import` line with its FILE right after the command."""
    args, well_formed = line
    at = args.index("import") + 1
    return [*args[:at], file, *args[at:]], well_formed


def through_typer(args: list[str]) -> list[str]:
    return db_after("import", args)


def prepared(demo: tuple[Path, dict[str, str]], where: Path) -> Path:
    """`where`, made afresh with a copy of the demo database and the files to import."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(demo[0].parent, where, ignore=shutil.ignore_patterns("coach.db-*", "home", "config.toml"))
    return where


def both_ways(args: list[str], demo: tuple[Path, dict[str, str]], tmp: Path) -> list[tuple[object, ...]]:
    """(exit code, stdout, stderr, rows after) of `coachlog ARGS` and of it through Typer."""
    return in_own_directories(args, through_typer, lambda where: prepared(demo, where), demo[1], tmp)


import_lines = st.builds(
    with_file,
    command_lines(("import",), IMPORT_VALUES, st.one_of(MALFORMED, st.sampled_from(IMPORT_MALFORMED))),
    st.sampled_from(FILES),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(import_lines)
@example((["import", "all.csv"], True))
@example((["import", "all.json", "--dry-run"], True))
@example((["import", "sheet.csv", "--date-order", "mdy", "--map", "Notes=note", "--map=Teacher=teachers"], True))
@example((["import", "sheet.csv", "--dry-run"], True))
@example((["import", "bad.csv"], True))
@example((["import", "bad.csv", "--skip-invalid", "--raw"], True))
@example((["import", "cal.ics", "--all", "--stance", "coaching", "--me", "kim@school.org"], True))
@example((["import", "cal.ics", "--dry-run", "--from", "2026-11-01", "--teacher-from", "attendee"], True))
@example((["import", "cal.ics", "--map", "x=y"], True))
@example((["import", "sheet.csv", "--week"], True))
@example((["--db=coach.db", "import", "absent.csv"], True))
@example((["import", ".", "--term"], True))
@example((["import", "all.csv", "--map"], False))
def test_fast_imports_end_as_typers(
    demo: tuple[Path, dict[str, str]], tmp_path: Path, line: tuple[list[str], bool]
) -> None:
    """Whatever the line, valid or not, the fast path prints, writes and exits exactly as Typer does (the same
    one-line error and exit 2 for a bad value, the same rows); every well-formed line is one the fast path takes."""
    args, well_formed = line
    if well_formed:
        assert fastpath.read(args, {}) is not None
    fast, typer = both_ways(args, demo, tmp_path)
    assert fast[:3] == typer[:3]
    assert fast[3] == typer[3]


@pytest.mark.parametrize("args", [["import", "sheet.csv"], ["import", "all.json", "--dry-run"]])
def test_imports_load_no_typer(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """`python -X importtime` of the installed `coachlog import` lists no Typer, Click, Rich, SQLAlchemy or pendulum,
    no dataclasses (fastruns.LEAN), no hashlib (a calendar's long UIDs only) and no uuid, and the import is done."""
    env = {**demo[1], "PYTHONPROFILEIMPORTTIME": "1"}
    done = run(args, prepared(demo, tmp_path), env)
    assert done.returncode == 0, done.stderr
    assert "Imported 3 entries" in done.stdout or "Dry run" in done.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "coachlog.cli.fastpath" in imported  # the profile really covered the fast path
    assert sorted(m for m in imported if m.split(".")[0] in HEAVY) == []
    assert sorted(m for m in imported if m in (*LEAN, "hashlib", "uuid")) == []


@pytest.mark.parametrize("args", [["import", "sheet.csv"], ["import", "bad.csv", "--skip-invalid"]])
def test_in_a_terminal(demo: tuple[Path, dict[str, str]], tmp_path: Path, args: list[str]) -> None:
    """On a terminal, the same bytes, exit code and rows both ways."""
    env = {**demo[1], "TERM": "xterm-256color"}
    results = []
    for name, line in (("fast", args), ("typer", through_typer(args))):
        where = prepared(demo, tmp_path / name)
        results.append((on_a_pty([*coachlog_command(), *line], env, 100, 30, where), rows(where / "coach.db")))
    assert results[0] == results[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import", "x.csv"], ("import", None, ["x.csv"], {})),
        (["import", "x.csv", "--map", "A=note", "--map=B=", "--dry-run", "--date-order", "dmy"],
         ("import", None, ["x.csv"], {"map_": ["A=note", "B="], "dry_run": True, "date_order": "dmy"})),
        (["--db", "x.db", "import", "--skip-invalid", "x.csv", "--raw"],
         ("import", "x.db", ["x.csv"], {"skip_invalid": True, "raw": True})),
    ],
)  # fmt: skip
def test_the_lines_it_takes(args: list[str], expected: tuple[object, ...]) -> None:
    assert fastpath.read(args, {}) == expected


@pytest.mark.parametrize(
    "args", [["import"], ["import", "a.csv", "b.csv"], ["import", "a.csv", "--map"], ["import", "a.csv", "--dry"]]
)
def test_the_lines_it_leaves_to_typer(args: list[str]) -> None:
    assert fastpath.read(args, {}) is None
