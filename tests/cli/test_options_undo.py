"""`undo` says in detail what it reverted: the entry (teacher, stance, time) it removed, restored or changed back,
or the rename/merge (issue 16). The clock is Monday 2026-11-23 15:00 in New York (see conftest.py).

Entry lines are checked by their parts, not their spacing (render/entries.py lays them out)."""

from __future__ import annotations

from helpers import Run


def says(line: str, label: str, *parts: str) -> bool:
    return line.startswith(f"  {label}: #") and all(part in line for part in parts)


def test_undo_of_an_add_names_the_entry(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    first, detail = ok("undo").stdout.splitlines()
    assert first == "Undid the add of session #1."
    assert says(detail, "removed", "#1", "2026-11-23", "09:00", "Ms. Rivera", "coaching", "45m")


def test_undo_of_an_edit_shows_both_versions(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    ok("edit", "1", "--stance", "consulting", "--duration", "30m")
    first, back, instead = ok("undo").stdout.splitlines()
    assert first == "Undid the edit of #1."
    assert says(back, "back to", "Ms. Rivera", "coaching", "45m") and "consulting" not in back
    assert says(instead, "instead of", "Ms. Rivera", "consulting", "30m")


def test_undo_of_a_delete_and_of_a_duty(ok: Run) -> None:
    ok("duty", "cover", "50m", "--at", "yesterday 12:10")
    ok("delete", "1", "--yes")
    first, detail = ok("undo").stdout.splitlines()
    assert first == "Undid the delete of #1."
    assert says(detail, "restored", "2026-11-22", "12:10", "cover", "50m")
    first, detail = ok("undo").stdout.splitlines()
    assert first == "Undid the add of duty #1." and says(detail, "removed", "2026-11-22", "cover")


def test_undo_of_a_rename_says_the_names_only(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00")
    ok("teacher", "rename", "rivera", "Ms. Rivera-Lopez")
    assert ok("undo").stdout == "Undid the rename of 'Ms. Rivera' to 'Ms. Rivera-Lopez'.\n"


def test_a_large_undo_gives_its_count_only(ok: Run, tmp_path) -> None:
    sheet = tmp_path / "s.csv"
    rows = [f"2026-11-{day},Ms. Rivera,coaching,30" for day in range(16, 21)]
    sheet.write_text("date,teacher,stance,minutes\n" + "\n".join(rows) + "\n")
    ok("import", str(sheet))
    assert ok("undo").stdout == "Undid the import of 5 entries from s.csv.\n"
