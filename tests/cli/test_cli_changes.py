"""`edit`, `delete`, `undo` and `teacher list/rename/merge` through the real CLI, on real SQLite files.

The clock is Monday 2026-11-23 15:00 in New York (see conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Result, Run, table_dump


def exported(ok: Run) -> list[dict]:
    """Every entry from the JSON export, with the CSV's text for hours and for empty fields."""
    rows = json.loads(ok("export", "--format", "json").stdout)
    return [{k: "" if v is None else f"{v:.2f}" if k == "hours" else v for k, v in row.items()} for row in rows]


def by_id(ok: Run) -> dict[int, dict]:
    """Every entry from the JSON export, keyed by id."""
    return {row["id"]: row for row in exported(ok)}


def state(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table except the undo history itself."""
    dump = table_dump(db_path)
    dump.pop("undo_step", None)
    return dump


def undid(result: Result, what: str) -> bool:
    """Whether `undo` said, on its first line, that it reverted `what` (the lines after it, indented, show the
    entries it touched)."""
    lines = result.stdout.splitlines()
    details = all(line.startswith("  ") for line in lines[1:])
    return bool(lines) and details and lines[0].startswith("Undid the ") and lines[0].endswith(f"{what}.")


def teacher_lines(ok: Run) -> dict[str, str]:
    """`teacher list` lines keyed by the teacher's name."""
    lines = ok("teacher", "list").stdout.splitlines()
    return {line.split("  ")[0].strip(): line for line in lines}


# ---- edit ---------------------------------------------------------------------------------

ORIGINAL = {
    "id": 1,
    "date": "2026-11-20",
    "start": "2026-11-20 09:00",
    "end": "2026-11-20 09:45",
    "minutes": 45,
    "hours": "0.75",
    "kind": "session",
    "stance": "coaching",
    "teachers": ["Ms. Rivera", "Mr. Okafor"],
    "activity": "planning",
    "tags": ["cycle-1"],
    "note": "old note",
    "helpful": "",
    "story": "",
    "shareable": False,
    "source": "",
    "cycle": "",
}


def add_original(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45", "--with", "Mr. Okafor", "--at", "2026-11-20 09:00")
    ok("edit", "1", "-n", "old note", "-a", "plan", "-t", "cycle-1")


EDITS = [
    (["--teacher", "dana lee"], {"teachers": ["dana lee", "Mr. Okafor"]}, "Ms. Rivera, Mr. Okafor", "dana lee"),
    (["--with", "Sam Park", "--with", "Jo Kim"], {"teachers": ["Ms. Rivera", "Sam Park", "Jo Kim"]}, "", "Jo Kim"),
    (["--with", ""], {"teachers": ["Ms. Rivera"]}, "Mr. Okafor", ""),
    (["--stance", "cons"], {"stance": "consulting"}, "coaching", "consulting"),
    (["--duration", "1h10m"], {"minutes": 70, "hours": "1.17", "end": "2026-11-20 10:10"}, "45m", "1h10m"),
    (
        ["--at", "thu 13:20"],
        {"date": "2026-11-19", "start": "2026-11-19 13:20", "end": "2026-11-19 14:05"},
        "Fri 2026-11-20 09:00-09:45",
        "Thu 2026-11-19 13:20-14:05",
    ),
    (["--at", "2026-11-18"], {"date": "2026-11-18", "start": "", "end": ""}, "09:00-09:45", "Wed 2026-11-18"),
    (["--note", "new note"], {"note": "new note"}, "", ""),
    (["--note", ""], {"note": ""}, "", ""),
    (["--activity", "obs"], {"activity": "observing"}, "planning", "observing"),
    (["--activity", ""], {"activity": ""}, "planning", ""),
    (["--tag", "Cycle-2", "--tag", "wait time"], {"tags": ["cycle-2", "wait time"]}, "", ""),
    (["--helpful", " the model lesson "], {"helpful": "the model lesson"}, "", "helpful: the model lesson"),
    (["--story", "she ran it alone"], {"story": "she ran it alone"}, "", "story: she ran it alone"),
    (["--shareable"], {"shareable": True}, "", "(shareable)"),
]


@pytest.mark.parametrize(("args", "changed", "was", "now"), EDITS, ids=[" ".join(e[0]) for e in EDITS])
def test_edit_changes_one_field_and_shows_before_and_after(
    ok: Run, args: list[str], changed: dict, was: str, now: str
) -> None:
    """Each edit option changes its field only, and the output shows the entry before and after."""
    add_original(ok)
    assert by_id(ok)[1] == ORIGINAL
    result = ok("edit", "1", *args)
    before, after = result.stdout.splitlines()
    assert before.startswith("before: #1 ") and after.startswith("after:") and "#1" in after
    assert was in before
    assert now in after
    assert by_id(ok)[1] == {**ORIGINAL, **changed}


def test_edit_accepts_the_hash_form_of_an_id(ok: Run) -> None:
    """`edit #1` is the same as `edit 1`."""
    add_original(ok)
    ok("edit", "#1", "--stance", "collab")
    assert by_id(ok)[1]["stance"] == "collaborating"


def test_edit_a_duty_kind_with_activity(ok: Run) -> None:
    """A duty's --activity is its kind (prefixes accepted)."""
    ok("duty", "cover", "50", "--at", "10:00")
    ok("edit", "1", "-a", "test")
    assert by_id(ok)[1]["activity"] == "testing"


@pytest.mark.parametrize(
    "args",
    [["--stance", "coaching"], ["--teacher", "Ms. Rivera"], ["--with", "Ms. Rivera"], ["-a", "planning"]],
    ids=["stance", "teacher", "with", "session-activity"],
)
def test_edit_a_duty_as_a_session_is_a_usage_error(run: Run, ok: Run, db_path: Path, args: list[str]) -> None:
    """A duty has no stance, teachers or session activity: exit 2, nothing changed."""
    ok("duty", "cover", "50", "--at", "10:00")
    before = table_dump(db_path)
    result = run("edit", "1", *args)
    assert result.exit_code == 2, result
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert table_dump(db_path) == before


def test_clearing_a_duty_kind_is_refused(run: Run, ok: Run, db_path: Path) -> None:
    """A duty must keep a kind: `edit ID -a ''` on a duty is exit 2 and changes nothing."""
    ok("duty", "cover", "50", "--at", "10:00")
    before = table_dump(db_path)
    result = run("edit", "1", "-a", "")
    assert table_dump(db_path) == before
    assert result.exit_code == 2


BAD_EDITS = [
    (["--stance", "co"], "'co'"),
    (["--stance", "evaluating"], "evaluating"),
    (["--duration", "0"], "'0'"),
    (["--duration", "13h"], "13h"),
    (["--at", "16:00"], "16:00"),
    (["--at", "2026-02-30"], "2026-02-30"),
    (["--teacher", "..."], "'...'"),
    (["--activity", "dancing"], "dancing"),
    (["--tag", "x" * 61], "invalid tag"),
]


@pytest.mark.parametrize(("args", "bad"), BAD_EDITS, ids=[" ".join(a) for a, _ in BAD_EDITS])
def test_bad_edit_input_is_exit_2_and_changes_nothing(
    run: Run, ok: Run, db_path: Path, args: list[str], bad: str
) -> None:
    """A bad value in an edit: exit 2, one 'Error:' line naming it, the entry unchanged."""
    add_original(ok)
    before = table_dump(db_path)
    result = run("edit", "1", *args)
    assert result.exit_code == 2, result
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("Error: ")
    assert bad in result.stderr
    assert table_dump(db_path) == before


def test_edit_with_nothing_to_change_is_exit_2(run: Run, ok: Run, db_path: Path) -> None:
    """`edit ID` without any option is a usage error that changes nothing."""
    add_original(ok)
    before = table_dump(db_path)
    result = run("edit", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: nothing to change")
    assert table_dump(db_path) == before


@pytest.mark.parametrize("command", [["edit", "42", "-n", "x"], ["delete", "42", "--yes"], ["edit", "#42", "-n", "x"]])
def test_an_unknown_id_is_exit_1_with_one_line_naming_it(run: Run, ok: Run, db_path: Path, command: list[str]) -> None:
    """An id that does not exist: exit 1, one 'Error:' line naming it, nothing changed."""
    add_original(ok)
    before = table_dump(db_path)
    result = run(*command)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("Error: ") and "42" in result.stderr
    assert table_dump(db_path) == before


@pytest.mark.parametrize("ident", ["abc", "4.5", "#", "one"])
def test_a_non_numeric_id_is_exit_2(run: Run, ok: Run, db_path: Path, ident: str) -> None:
    """An id that is not a number is a usage error naming it."""
    add_original(ok)
    before = table_dump(db_path)
    for command in (["edit", ident, "-n", "x"], ["delete", ident, "--yes"]):
        result = run(*command)
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: ") and f"'{ident}'" in result.stderr
    assert table_dump(db_path) == before


# ---- delete -------------------------------------------------------------------------------


def test_delete_without_yes_outside_a_terminal_deletes_nothing(run: Run, ok: Run, db_path: Path) -> None:
    """Not in a terminal, `delete` without --yes is exit 2 and deletes nothing."""
    add_original(ok)
    before = table_dump(db_path)
    result = run("delete", "1")
    assert result.exit_code == 2
    assert "--yes" in result.stderr and len(result.stderr.splitlines()) == 1
    assert table_dump(db_path) == before


def test_delete_with_yes_deletes_the_entry(ok: Run) -> None:
    """`delete #ID --yes` removes that entry only and says which."""
    add_original(ok)
    ok("add", "Dana Lee", "consulting", "20", "--at", "10:00")
    result = ok("delete", "#1", "--yes")
    assert result.stdout.startswith("Deleted #1 ")
    assert list(by_id(ok)) == [2]


def test_ids_never_renumber(ok: Run) -> None:
    """After deleting (or undoing) the newest entry, the next entry still gets a new, larger id."""
    for clock in ("09:00", "10:00", "11:00"):
        ok("add", "Dana Lee", "consulting", "20", "--at", clock)
    ok("delete", "3", "--yes")
    ok("add", "Dana Lee", "consulting", "20", "--at", "12:00")
    ok("undo")
    ok("add", "Dana Lee", "consulting", "20", "--at", "13:00")
    assert list(by_id(ok)) == [1, 2, 5]


# ---- undo ---------------------------------------------------------------------------------


def test_undo_an_add_removes_it_and_the_teachers_it_created(ok: Run, db_path: Path) -> None:
    """Undoing an add removes the session and teachers it created; the rest is as before."""
    add_original(ok)
    before = state(db_path)
    ok("add", "ms rivera", "coach", "30", "--with", "New One", "-w", "New Two", "-t", "x", "-n", "hi")
    assert set(teacher_lines(ok)) == {"Ms. Rivera", "Mr. Okafor", "New One", "New Two"}
    result = ok("undo")
    assert undid(result, "session #2")
    assert state(db_path) == before
    assert set(teacher_lines(ok)) == {"Ms. Rivera", "Mr. Okafor"}


def test_undo_a_duty(ok: Run, db_path: Path) -> None:
    """Undoing a duty removes it."""
    add_original(ok)
    before = state(db_path)
    ok("duty", "sup", "30", "-n", "lunch")
    assert undid(ok("undo"), "duty #2")
    assert state(db_path) == before


def test_undo_an_edit_restores_every_field(ok: Run, db_path: Path) -> None:
    """Undoing an edit brings back teachers, stance, time, note, activity and tags."""
    add_original(ok)
    before = state(db_path)
    ok(
        "edit", "1", "--teacher", "Brand New", "--with", "Dana Lee", "--stance", "cons", "--duration", "1h",
        "--at", "yesterday 10:00", "-n", "changed", "-a", "data", "-t", "other-tag",
    )  # fmt: skip
    assert by_id(ok)[1]["teachers"] == ["Brand New", "Dana Lee"]
    assert undid(ok("undo"), "edit of #1")
    assert state(db_path) == before
    assert by_id(ok)[1] == ORIGINAL


def test_undo_a_delete_restores_the_same_id_teachers_and_tags(ok: Run, db_path: Path) -> None:
    """Undoing a delete brings the entry back under its own id, with its teachers and tags."""
    add_original(ok)
    ok("add", "Dana Lee", "consulting", "20", "--at", "10:00")
    before = state(db_path)
    ok("delete", "1", "--yes")
    assert undid(ok("undo"), "delete of #1")
    assert state(db_path) == before
    assert by_id(ok)[1] == ORIGINAL


def test_undo_a_rename(ok: Run, db_path: Path) -> None:
    """Undoing a rename brings the old name back."""
    add_original(ok)
    before = state(db_path)
    ok("teacher", "rename", "ms rivera", "Ms. Rivera-Lopez")
    assert by_id(ok)[1]["teachers"] == ["Ms. Rivera-Lopez", "Mr. Okafor"]
    assert undid(ok("undo"), "rename of 'Ms. Rivera' to 'Ms. Rivera-Lopez'")
    assert state(db_path) == before


def test_undo_a_merge_brings_the_teacher_back_with_its_sessions(ok: Run, db_path: Path) -> None:
    """Undoing a merge restores the merged teacher and every one of its sessions."""
    add_original(ok)
    ok("add", "Mr. Okafor", "coaching", "25", "--at", "2026-11-19 10:00")
    ok("add", "Ms. Rivera", "coaching", "35", "--at", "2026-11-18 10:00")
    before = state(db_path)
    ok("teacher", "merge", "mr okafor", "Ms. Rivera")
    assert "Mr. Okafor" not in teacher_lines(ok)
    assert undid(ok("undo"), "merge of 'Mr. Okafor' into 'Ms. Rivera'")
    assert state(db_path) == before
    assert "2 sessions" in teacher_lines(ok)["Mr. Okafor"]
    assert [row["teachers"] for row in exported(ok)] == [["Ms. Rivera"], ["Mr. Okafor"], ["Ms. Rivera", "Mr. Okafor"]]


def test_several_undos_revert_one_step_each_newest_first(ok: Run, run: Run, db_path: Path) -> None:
    """Each undo reverts the newest remaining change; then there is nothing left, exit 0."""
    ok("undo")  # creates the database: nothing to undo yet
    states = [state(db_path)]
    steps = [
        (("add", "Ms. Rivera", "coaching", "45", "--at", "09:00"), "session #1"),
        (("duty", "cover", "50", "--at", "10:00"), "duty #2"),
        (("edit", "1", "--with", "Dana Lee", "-t", "t1"), "edit of #1"),
        (("teacher", "rename", "dana lee", "Dana Lee-Park"), "rename of 'Dana Lee' to 'Dana Lee-Park'"),
        (("add", "Sam Park", "consulting", "20", "--at", "11:00"), "session #3"),
        (("teacher", "merge", "Sam Park", "Ms. Rivera"), "merge of 'Sam Park' into 'Ms. Rivera'"),
        (("delete", "2", "--yes"), "delete of #2"),
    ]
    for command, _ in steps:
        ok(*command)
        states.append(state(db_path))
    assert len({repr(s) for s in states}) == len(states)  # every step changed something
    for index in range(len(steps), 0, -1):
        assert undid(ok("undo"), steps[index - 1][1])
        assert state(db_path) == states[index - 1]
    for _ in range(2):
        result = run("undo")
        assert result.exit_code == 0
        assert result.stdout == "" and result.stderr == "Nothing to undo.\n"
    assert exported(ok) == []


def test_undo_on_a_new_database_has_nothing_to_undo(run: Run) -> None:
    """`undo` before anything was logged says so and exits 0."""
    result = run("undo")
    assert (result.exit_code, result.stderr) == (0, "Nothing to undo.\n")


# ---- teachers -----------------------------------------------------------------------------


def test_teacher_list_shows_sessions_total_time_and_last_seen(ok: Run) -> None:
    """Per teacher: sessions, total minutes and the latest local date, whatever the order logged."""
    ok("add", "Ms. Rivera", "coaching", "1h30m", "--at", "2026-11-22 10:00", "--with", "Mr. Okafor")
    ok("add", "Ms. Rivera", "coaching", "45", "--at", "2026-11-18")
    ok("add", "Dana Lee", "coaching", "20", "--at", "2026-11-19 10:00")
    ok("delete", "3", "--yes")
    lines = teacher_lines(ok)
    assert list(lines) == ["Dana Lee", "Mr. Okafor", "Ms. Rivera"]
    assert lines["Ms. Rivera"].split()[2:] == ["2", "sessions", "2h15m", "last", "seen", "2026-11-22"]
    assert lines["Mr. Okafor"].split()[2:] == ["1", "session", "1h30m", "last", "seen", "2026-11-22"]
    assert lines["Dana Lee"].split()[2:] == ["0", "sessions", "0m", "last", "seen", "-"]


def test_rename_fixes_a_name_everywhere(ok: Run) -> None:
    """A rename (found by any spelling) shows the new name in every entry."""
    add_original(ok)
    ok("add", "Ms. Rivera", "coaching", "20", "--at", "10:00")
    result = ok("teacher", "rename", "MS RIVERA", "Ms. Rivera-Lopez")
    assert result.stdout == "Renamed 'Ms. Rivera' to 'Ms. Rivera-Lopez'\n"
    assert [row["teachers"][0] for row in exported(ok)] == ["Ms. Rivera-Lopez", "Ms. Rivera-Lopez"]
    ok("add", "ms rivera lopez", "coaching", "10", "--at", "11:00")
    assert len(teacher_lines(ok)) == 2


def test_rename_to_another_teachers_name_is_exit_2_and_suggests_merge(run: Run, ok: Run, db_path: Path) -> None:
    """Renaming onto another teacher's name (any spelling) is refused and suggests `teacher merge`."""
    add_original(ok)
    before = table_dump(db_path)
    result = run("teacher", "rename", "Ms. Rivera", "mr okafor")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "coachlog teacher merge 'Ms. Rivera' 'Mr. Okafor'" in result.stderr
    assert table_dump(db_path) == before


def test_rename_or_merge_of_an_unknown_teacher_is_exit_1(run: Run, ok: Run, db_path: Path) -> None:
    """A teacher who does not exist: exit 1 naming them, nothing changed."""
    add_original(ok)
    before = table_dump(db_path)
    for command in (("rename", "Nobody Here", "X"), ("merge", "Nobody Here", "Ms. Rivera")):
        result = run("teacher", *command)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and "Nobody Here" in result.stderr
    same = run("teacher", "merge", "ms rivera", "Ms. Rivera")
    assert same.exit_code == 2
    assert table_dump(db_path) == before


def test_merge_moves_every_session_and_keeps_one_link_for_shared_ones(ok: Run) -> None:
    """Merge FROM INTO moves all of FROM's sessions; a session with both keeps INTO once."""
    ok("add", "Ms. Riviera", "coaching", "30", "--at", "2026-11-18 10:00")
    ok("add", "Ms. Riviera", "collab", "45", "--with", "Ms. Rivera", "--at", "2026-11-19 10:00")
    ok("add", "Ms. Rivera", "consulting", "60", "--at", "2026-11-17 10:00", "--with", "Mr. Okafor")
    result = ok("teacher", "merge", "ms riviera", "MS. RIVERA")
    assert result.stdout == "Merged 'Ms. Riviera' into 'Ms. Rivera': 1 session moved; 1 session already had both\n"
    lines = teacher_lines(ok)
    assert list(lines) == ["Mr. Okafor", "Ms. Rivera"]
    assert lines["Ms. Rivera"].split()[2:] == ["3", "sessions", "2h15m", "last", "seen", "2026-11-19"]
    assert {row["id"]: row["teachers"] for row in exported(ok)} == {
        3: ["Ms. Rivera", "Mr. Okafor"],
        1: ["Ms. Rivera"],
        2: ["Ms. Rivera"],
    }
    data = json.loads(ok("report", "--last-week", "--by", "teacher", "--format", "json").stdout)
    assert {g["teacher"]: g["session_minutes"] for g in data["groups"]} == {"Mr. Okafor": 60, "Ms. Rivera": 135}
    assert data["totals"]["teachers"] == 2


def test_an_empty_tag_clears_the_tags(ok: Run) -> None:
    """`edit ID --tag ''` removes every tag, as `--note ''` clears the note."""
    ok("add", "Ms. Rivera", "coaching", "30", "--at", "2026-11-20 09:00", "-t", "cycle-1", "-t", "math")
    assert by_id(ok)[1]["tags"] == ["cycle-1", "math"]
    ok("edit", "1", "--tag", "")
    assert by_id(ok)[1]["tags"] == []
