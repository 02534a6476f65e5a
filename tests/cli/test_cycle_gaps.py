"""Issue 15's loose ends around cycles: the cycle in `log --long` and the export contract, imports that link
sessions to cycles (and undo that unlinks them), and the edge cases of closing, editing, merging, deleting.

The clock is conftest's (Monday 2026-11-23, America/New_York).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.errors import UsageError
from coachlog.formats.cells import parse_cycle_cell
from helpers import Run, table_dump


def cycle_ids(db_path: Path) -> dict[int, int | None]:
    """Each entry's cycle, by entry id."""
    with closing(sqlite3.connect(db_path)) as connection:
        return dict(connection.execute("SELECT id, cycle_id FROM entry ORDER BY id").fetchall())


@pytest.fixture
def started(ok: Run) -> Run:
    """Cycle #1 with Ms. Rivera from 2026-11-09; #1 before it, #2 in it, #3 a duty."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-02 10:00")
    ok("cycle", "start", "rivera", "--goal", "students cite evidence", "--at", "2026-11-09")
    ok("add", "rivera", "coaching", "45", "--at", "2026-11-10 10:00")
    ok("duty", "cover", "50m", "--at", "2026-11-11 12:00")
    return ok


# ---- 1. the cycle in the log and the export ---------------------------------------------------


def test_export_csv_ends_with_the_cycle_column(started: Run) -> None:
    """The CSV contract gains `cycle` as its last column: the linked cycle's id, empty for none."""
    rows = list(csv.reader(io.StringIO(started("export", "--all").stdout)))
    assert rows[0][-2:] == ["source", "cycle"]
    assert [row[-1] for row in rows[1:]] == ["", "1", ""]


def test_export_json_holds_the_cycle_or_null(started: Run) -> None:
    """JSON: `cycle` is the cycle's number, or null."""
    data = json.loads(started("export", "--all", "--format", "json").stdout)
    assert [item["cycle"] for item in data] == [None, 1, None]
    assert list(data[0])[-1] == "cycle"


def test_log_long_names_the_cycle_under_the_session(started: Run) -> None:
    """`log --long` shows `cycle #1` with the session's teachers and stance."""
    lines = started("log", "--long", "--all").stdout.splitlines()
    assert any("Ms. Rivera · coaching" in line and line.rstrip().endswith("· cycle #1") for line in lines)
    assert sum("cycle #" in line for line in lines) == 1


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_own_export_links_back_to_its_cycle_where_it_fits(ok: Run, started: Run, tmp_path: Path, fmt: str) -> None:
    """Re-imported where cycle #1 exists and fits, the session joins it; where it does not, the entry comes
    in without a cycle and a note says so; the round trip stays byte-identical."""
    exported = tmp_path / f"all.{fmt}"
    ok("export", "--all", "--format", fmt, "-o", str(exported))
    other = tmp_path / "other.db"
    result = ok("--db", str(other), "import", str(exported))
    assert "1 entry of cycle #1 was imported without a cycle" in result.stderr
    assert cycle_ids(other) == {1: None, 2: None, 3: None}
    home = tmp_path / "home.db"  # a database with the same cycle: the session joins it
    ok("--db", str(home), "cycle", "start", "Ms. Rivera", "--goal", "g", "--at", "2026-11-09")
    result = ok("--db", str(home), "import", str(exported))
    assert "  1 session joined a coaching cycle\n" in result.stdout
    assert cycle_ids(home) == {1: None, 2: 1, 3: None}  # #1 is before the cycle: the file says none
    again = tmp_path / f"again.{fmt}"
    ok("--db", str(home), "export", "--all", "--format", fmt, "-o", str(again))
    assert again.read_bytes() == exported.read_bytes()


def test_an_export_without_the_cycle_column_still_imports(ok: Run, started: Run, tmp_path: Path) -> None:
    """A file exported before the column existed (no `cycle`) imports as any sheet: sessions join their
    teacher's open cycle."""
    rows = list(csv.reader(io.StringIO(ok("export", "--all").stdout)))
    old = tmp_path / "old.csv"
    with old.open("w", newline="") as handle:
        csv.writer(handle).writerows(row[:-1] for row in rows)
    home = tmp_path / "home.db"
    ok("--db", str(home), "cycle", "start", "Ms. Rivera", "--goal", "g", "--at", "2026-11-09")
    ok("--db", str(home), "import", str(old))
    assert cycle_ids(home) == {1: None, 2: 1, 3: None}


def test_a_bad_cycle_cell_is_refused_with_nothing_imported(ok: Run, run: Run, tmp_path: Path, db_path: Path) -> None:
    """A cycle cell that is not a number: one line naming it, exit 2, no write."""
    ok("add", "rivera", "coaching", "30", "--at", "2026-11-10 10:00")
    rows = list(csv.reader(io.StringIO(ok("export", "--all").stdout)))
    rows[1][-1] = "first"
    sheet = tmp_path / "bad.csv"
    with sheet.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    other = tmp_path / "other.db"
    result = run("--db", str(other), "import", str(sheet))
    assert result.exit_code == 2
    assert "invalid cycle 'first'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@given(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(["", "#", " ", " #"]))
def test_a_cycle_cell_reads_its_number(number: int, prefix: str) -> None:
    """3, #3 and padded forms are cycle 3; an empty cell is none."""
    assert parse_cycle_cell(f"{prefix}{number} ") == number
    assert parse_cycle_cell(prefix) is None


@given(st.text(min_size=1).filter(lambda t: not t.strip().lstrip("#").isdigit() and t.strip().lstrip("#")))
def test_a_cycle_cell_that_is_no_number_is_refused(text: str) -> None:
    """Anything else names the cell and the fix, as a UsageError."""
    with pytest.raises(UsageError, match="invalid cycle"):
        parse_cycle_cell(text)


# ---- 2. imports link sessions to their open cycle --------------------------------------------


def test_spreadsheet_import_links_sessions_and_undo_removes_them(started: Run, db_path: Path, tmp_path: Path) -> None:
    """A coach's sheet (no cycle column): a session with the cycle's teacher, on its days, joins the open
    cycle as `add` would; one before it does not. Undo removes the import, links and all."""
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Date,Teacher,Stance,Minutes\n2026-11-16,Ms. Rivera,coaching,40\n2026-11-05,Ms. Rivera,coaching,20\n"
        "2026-11-16,Mr. Okafor,coaching,30\n"
    )
    before = table_dump(db_path)
    result = started("import", str(sheet))
    assert "  1 session joined a coaching cycle\n" in result.stdout
    assert cycle_ids(db_path) == {1: None, 2: 1, 3: None, 4: 1, 5: None, 6: None}
    assert "  sessions:  2 (1h25m)" in started("cycle", "show", "1").stdout
    started("undo")
    assert table_dump(db_path) == before


def test_calendar_import_links_sessions_to_the_open_cycle(started: Run, db_path: Path, tmp_path: Path) -> None:
    """Calendar events with the cycle's teacher join it too."""
    ics = tmp_path / "cal.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:a1@test\r\n"
        "DTSTART:20261117T150000Z\r\nDTEND:20261117T154500Z\r\nSUMMARY:Coaching - Ms. Rivera\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    started("import", str(ics), "--all")
    assert cycle_ids(db_path)[4] == 1


# ---- 4. edge cases: close, edit, merge, delete -----------------------------------------------


def test_close_before_a_linked_session_is_refused_naming_it(started: Run, run: Run, db_path: Path) -> None:
    """Closing on a day before a session linked to the cycle: one line naming it, exit 1, nothing changed."""
    before = table_dump(db_path)
    result = run("cycle", "close", "1", "--at", "2026-11-09")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "#2 (2026-11-10)" in result.stderr and "--no-cycle" in result.stderr
    assert table_dump(db_path) == before
    assert "Closed cycle #1" in started("cycle", "close", "1", "--at", "2026-11-10").stdout


def test_edit_out_of_the_cycle_days_unlinks_and_undo_relinks(started: Run, db_path: Path) -> None:
    """A session moved before its cycle's start leaves it; moved back, an unlinked session stays unlinked
    (--cycle links it); undo puts the link back."""
    out = started("edit", "2", "--at", "2026-11-05 10:00").stdout
    assert "  cycle #1 -> no cycle\n" in out
    assert cycle_ids(db_path)[2] is None
    started("undo")
    assert cycle_ids(db_path)[2] == 1


def test_edit_to_another_teacher_joins_their_open_cycle(started: Run, db_path: Path) -> None:
    """A linked session given another teacher, who is in an open cycle, joins that one."""
    started("cycle", "start", "Mr. Okafor", "--goal", "exit tickets", "--at", "2026-11-02")
    started("edit", "2", "--teacher", "Mr. Okafor")
    assert cycle_ids(db_path)[2] == 2
    started("edit", "2", "--teacher", "Dana Whitfield")  # in no cycle
    assert cycle_ids(db_path)[2] is None


def test_edit_cycle_and_no_cycle(started: Run, run: Run, db_path: Path) -> None:
    """--no-cycle takes a session out; --cycle puts it in where it fits, and is refused (no write) where not."""
    started("edit", "2", "--no-cycle")
    assert cycle_ids(db_path)[2] is None
    started("edit", "2", "--cycle", "1")
    assert cycle_ids(db_path)[2] == 1
    before = table_dump(db_path)
    for args, code, words in (
        (("1", "--cycle", "1"), 2, "not on 2026-11-02"),
        (("3", "--cycle", "1"), 2, "not a session"),
        (("2", "--cycle", "9"), 1, "no cycle with id 9"),
        (("2", "--cycle", "x"), 2, "invalid --cycle 'x'"),
        (("2", "--cycle", "1", "--no-cycle"), 2, "contradict"),
    ):
        result = run("edit", *args)
        assert (result.exit_code, result.stderr.count("\n")) == (code, 1), result
        assert words in result.stderr
    assert table_dump(db_path) == before


def test_merge_of_two_teachers_each_in_an_open_cycle_is_refused(started: Run, run: Run, db_path: Path) -> None:
    """Two teachers each in another open cycle: one line, exit 1, nothing merged."""
    started("cycle", "start", "Ms Rivera-Lopez", "--goal", "exit tickets", "--at", "2026-11-02")
    before = table_dump(db_path)
    result = run("teacher", "merge", "Ms Rivera-Lopez", "Ms. Rivera")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "open cycle #2" in result.stderr and "nothing was merged" in result.stderr
    assert table_dump(db_path) == before
    started("cycle", "close", "2")
    started("teacher", "merge", "Ms Rivera-Lopez", "Ms. Rivera")  # one open cycle left: fine


def test_cycle_delete_unlinks_its_sessions_and_undo_restores_it(started: Run, run: Run, db_path: Path) -> None:
    """`cycle delete ID --yes`: the cycle goes, its sessions stay unlinked; undo brings back both."""
    before = table_dump(db_path)
    refused = run("cycle", "delete", "1")  # not a terminal: --yes needed
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    out = started("cycle", "delete", "1", "--yes").stdout
    assert out == "Deleted cycle #1 with Ms. Rivera: students cite evidence (1 session kept, in no cycle now)\n"
    assert cycle_ids(db_path)[2] is None
    assert "No cycles yet" in started("cycle", "list", "--all").stderr
    started("undo")
    assert table_dump(db_path) == before
    missing = run("cycle", "delete", "7", "--yes")
    assert missing.exit_code == 1 and "no cycle with id 7" in missing.stderr
