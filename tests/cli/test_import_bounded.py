"""`coachlog import` keeps only a few thousand teachers in memory (storage/teachers.py, KEPT_NAMES), however
many a file names, and matches each name exactly as an index of every teacher would."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachlog.storage import teachers
from helpers import Result, Run, table_dump

HEADER = "date,teacher,stance,minutes\n"


def sheet(path: Path, cells: list[str]) -> Path:
    """A spreadsheet of one 30-minute coaching session a day, naming the teachers in `cells` (one cell a row)."""
    rows = [f"2026-11-{2 + i % 20:02d},{cell},coaching,{30 + i}\n" for i, cell in enumerate(cells)]
    path.write_text(HEADER + "".join(rows))
    return path


def test_an_imports_teacher_index_stays_bounded(ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Forty new teachers with KEPT_NAMES at 4: the import never holds more than the bound and one row's names
    (before, it read every known teacher and kept every new one); each name still finds its teacher."""
    monkeypatch.setattr(teachers, "KEPT_NAMES", 4, raising=False)
    held: list[int] = []
    remember = teachers.TeacherIndex._remember

    def spy(self: teachers.TeacherIndex, key: str, name: str, teacher_id: int) -> None:
        remember(self, key, name, teacher_id)
        held.append(len(self.ids))

    monkeypatch.setattr(teachers.TeacherIndex, "_remember", spy)
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-02 08:00")
    names = [f"Teacher {i}" for i in range(40)]
    ok("import", str(sheet(tmp_path / "s.csv", [*names, "Rivera", *reversed(names), "ms rivera"])))
    assert held and max(held) <= 4 + 1
    listed = ok("teacher", "list").stdout
    assert listed.count("Teacher ") == 40 and listed.count("Rivera") == 1
    assert "3 sessions" in next(line for line in listed.splitlines() if line.startswith("Ms. Rivera"))


def test_a_name_that_could_be_two_teachers_is_refused_after_the_index_was_trimmed(
    run: Run, ok: Run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last row's 'Rivera' could be Ms. or Mr. Rivera, both forgotten by then: the import stops with the
    same message as ever, in the order they were made, and leaves the database as it was; --skip-invalid
    leaves that row out and creates no teacher it named."""
    monkeypatch.setattr(teachers, "KEPT_NAMES", 2, raising=False)
    ok("add", "Mr. Rivera", "coaching", "45m", "--at", "2026-11-02 08:00")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-02 09:00")
    cells = ["Ms. Rivera", "Mr. Rivera", *(f"New {i}" for i in range(12)), "Last New; Rivera"]
    path = sheet(tmp_path / "s.csv", cells)
    before = table_dump(db_path)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: line 16: teacher 'Rivera' could be 'Mr. Rivera' or 'Ms. Rivera': type the name in full;"
        " nothing was imported\n"
    )
    assert table_dump(db_path) == before
    skipping = ok("import", str(path), "--skip-invalid")
    assert skipping.stderr.startswith("Skipped line 16: teacher 'Rivera' could be")
    listed = ok("teacher", "list").stdout
    assert "New 11" in listed and "Last New" not in listed


def test_a_file_imported_again_with_the_index_trimmed_adds_nothing(
    ok: Run, tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every row of a file naming more teachers than the index keeps is found again on a second import (its
    teachers looked up anew after each trim): nothing is added, nothing changes."""
    monkeypatch.setattr(teachers, "KEPT_NAMES", 3, raising=False)
    cells = [f"Teacher {i % 9}; Ms. Chen" if i % 2 else f"Teacher {i % 7}" for i in range(30)]
    path = sheet(tmp_path / "s.csv", [*cells, "Chen"])
    assert ok("import", str(path)).stdout.startswith("Imported 31 entries from s.csv; 10 new teachers:")
    before = table_dump(db_path)
    assert ok("import", str(path)).stdout == "Imported 0 entries (31 already there) from s.csv\n"
    assert table_dump(db_path) == before


def test_few_new_teachers_are_hinted_from_those_known_before_and_made_earlier(ok: Run, tmp_path: Path) -> None:
    """The hints an import gives (few new teachers) compare each with every teacher known before it and with
    those the import made before it, as ever."""
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-02 08:00")
    result = ok("import", str(sheet(tmp_path / "s.csv", ["Ms. Riviera", "Dana Whitfield", "Dana Whitfeld"])))
    assert "new teacher 'Ms. Riviera' — did you mean 'Ms. Rivera'?" in result.stderr
    assert "new teacher 'Dana Whitfeld' — did you mean 'Dana Whitfield'?" in result.stderr


NAMES = st.sampled_from(
    ["Ms. Rivera", "Mr. Rivera", "Rivera", "rivera", "Ms. Chen", "Chen", "Dr. Chen", "Okafor", "Coach Okafor"]
)


def _outcome(run: Run, db: Path, known: list[str], cells: list[str], folder: Path, kept: int) -> tuple[object, ...]:
    """What importing `cells` into a database knowing `known` gives with KEPT_NAMES at `kept`."""
    teachers.KEPT_NAMES = kept
    at = ("--db", str(db))
    for i, name in enumerate(known):
        run(*at, "add", name, "coaching", "20", "--at", f"2026-11-01 {8 + i}:00")
    result: Result = run(*at, "import", str(sheet(folder / "s.csv", cells)), "--skip-invalid")
    listed = run(*at, "teacher", "list").stdout
    exported = run(*at, "export").stdout
    return result.exit_code, result.stdout, result.stderr, listed, exported


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    known=st.lists(NAMES, max_size=3, unique=True),
    cells=st.lists(st.lists(NAMES, min_size=1, max_size=2, unique=True).map("; ".join), min_size=1, max_size=8),
)
def test_a_bounded_index_matches_names_as_a_whole_one_does(run: Run, known: list[str], cells: list[str]) -> None:
    """Any mix of titled and bare names, known before or new: an index trimmed at every row (KEPT_NAMES 1)
    gives the same output, teachers and entries as one that never forgets."""
    kept = teachers.KEPT_NAMES
    try:
        with tempfile.TemporaryDirectory() as folder:
            small = _outcome(run, Path(folder) / "small.db", known, cells, Path(folder), 1)
            whole = _outcome(run, Path(folder) / "whole.db", known, cells, Path(folder), 10**9)
    finally:
        teachers.KEPT_NAMES = kept
    assert small == whole
