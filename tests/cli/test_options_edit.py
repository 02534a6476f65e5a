"""`edit ID --editor` (and `edit ID` alone in a terminal): the entry as TOML fields in $EDITOR, applied as one
change; a bad value is refused in one line and changes nothing (issue 16).

The editor here is a small Python script that rewrites the file as the test says. The clock is Monday
2026-11-23 15:00 in New York (see conftest.py)."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from helpers import Run, table_dump

EDITOR = """
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
with open(os.environ["SEEN"], "w", encoding="utf-8") as seen:
    seen.write(oct(os.stat(path).st_mode & 0o777) + "\\n" + text)
for line in os.environ.get("REPLACE", "").split("|"):
    if line:
        old, new = line.split("=>")
        text = text.replace(old, new)
open(path, "w", encoding="utf-8").write(text + os.environ.get("APPEND", ""))
sys.exit(int(os.environ.get("EXIT", "0")))
"""


@pytest.fixture
def editor(tmp_path: Path) -> dict[str, str]:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    return {"EDITOR": f"{sys.executable} {script}", "SEEN": str(tmp_path / "seen.txt"), "VISUAL": ""}


def exported(ok: Run) -> dict:
    (row,) = json.loads(ok("export", "--format", "json").stdout)
    return row


@pytest.fixture
def session(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "09:00", "-t", "cycle-2", "-n", "wait time")


def test_the_editor_sees_every_field_in_a_private_file(ok: Run, session: None, editor: dict[str, str]) -> None:
    result = ok("edit", "1", "--editor", env=editor)
    assert "Nothing changed" in result.stderr
    mode, *lines = Path(editor["SEEN"]).read_text().splitlines()
    assert mode == oct(stat.S_IRUSR | stat.S_IWUSR)
    assert 'teacher = "Ms. Rivera"' in lines and 'stance = "coaching"' in lines and 'duration = "45m"' in lines
    assert 'at = "2026-11-23 09:00"' in lines and 'tags = ["cycle-2"]' in lines and 'note = "wait time"' in lines
    assert "shareable = false" in lines


def test_edits_apply_as_one_change(ok: Run, session: None, editor: dict[str, str]) -> None:
    env = {
        **editor,
        "REPLACE": 'coaching"=>consulting"|45m=>30m|["cycle-2"]=>["cycle-3", "math"]|wait time=>wait time, again'
        '|with = []=>with = ["Mr. Okafor"]',
    }
    result = ok("edit", "1", "-e", env=env)
    assert result.stdout.startswith("before: #1") and "after: " in result.stdout
    row = exported(ok)
    assert (row["stance"], row["minutes"], row["teachers"]) == ("consulting", 30, ["Ms. Rivera", "Mr. Okafor"])
    assert row["tags"] == ["cycle-3", "math"] and row["note"] == "wait time, again"
    assert ok("undo").stdout.startswith("Undid the edit of #1.")  # one step
    assert exported(ok)["stance"] == "coaching"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"REPLACE": "45m=>forever"}, "invalid duration 'forever'"),
        ({"REPLACE": 'coaching"=>coachng"'}, "coachng"),
        ({"REPLACE": "2026-11-23 09:00=>2026-11-31 09:00"}, "no such day"),
        ({"REPLACE": 'teacher = "Ms. Rivera"=>teacher = "Ms. Rivera'}, "invalid edit of #1"),
        ({"APPEND": 'mood = "good"\n'}, "unknown field 'mood'"),
        ({"REPLACE": "shareable = false=>shareable = 1"}, "shareable must be true or false"),
        ({"REPLACE": 'duration = "45m"=>duration = 45'}, "duration must be a text"),
        ({"EXIT": "1"}, "exited with 1"),
    ],
)
def test_a_bad_edit_changes_nothing(
    run: Run, session: None, editor: dict[str, str], db_path: Path, change: dict[str, str], words: str
) -> None:
    before = table_dump(db_path)
    result = run("edit", "1", "--editor", env={**editor, **change})
    assert result.exit_code in (1, 2), result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert table_dump(db_path) == before


def test_a_duty_in_the_editor(ok: Run, editor: dict[str, str]) -> None:
    ok("duty", "cover", "50m", "--at", "yesterday 12:10")
    ok("edit", "1", "--editor", env={**editor, "REPLACE": 'kind = "cover"=>kind = "sup"|50m=>40m'})
    seen = Path(editor["SEEN"]).read_text()
    assert "teacher" not in seen and "stance" not in seen
    row = exported(ok)
    assert (row["kind"], row["activity"], row["minutes"]) == ("duty", "supervision", 40)


def test_editor_with_other_options_is_refused(run: Run, session: None, editor: dict[str, str]) -> None:
    result = run("edit", "1", "--editor", "--stance", "consulting", env=editor)
    assert result.exit_code == 2 and "--editor" in result.stderr


def test_an_edited_long_note_is_shown_in_full_once(ok: Run, session: None) -> None:
    """The before/after lines cut a note at 40 characters; the new text the edit saved is shown whole beneath them,
    so the coach can check it. An edit that leaves the note alone repeats nothing."""
    note = "Modelled wait time in period 3; next: she tries it with the quiet table, and we look at the tally together"
    lines = ok("edit", "1", "--note", note).stdout.splitlines()
    assert lines[0].startswith("before: #1") and lines[1].startswith("after:  #1"), lines
    assert lines[2:] == [f"note now: {note}"], lines
    assert len(ok("edit", "1", "--stance", "collab").stdout.splitlines()) == 2
    short = ok("edit", "1", "--note", "wait time, again").stdout.splitlines()
    assert len(short) == 2 and short[1].endswith("note: wait time, again"), short
