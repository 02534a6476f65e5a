"""Issue 15's commands share the format options and conventions of the rest: `due`, `teacher list`,
`consent list/where` and `cycle show` take table|csv|json|markdown; `teacher show` table|json; bad formats
get one line and exit 2. Also: `due ID --by/--next` changes a check-back, and reach and the brief show cycles.

The clock is conftest's (Monday 2026-11-23, America/New_York).
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import Run

FOUR = ("table", "csv", "json", "markdown")


@pytest.fixture
def logged(ok: Run) -> Run:
    """A cycle with Ms. Rivera, a session in it with a shared story, a check-back due today."""
    ok(
        "cycle",
        "start",
        "Ms. Rivera",
        "--goal",
        "students cite evidence",
        "--focus",
        "questioning",
        "--at",
        "2026-11-09",
    )
    ok("add", "rivera", "coaching", "45", "--at", "2026-11-17 09:00", "--story", "she ran it alone", "--shareable")
    ok("add", "Mr. Okafor", "collab", "30", "--at", "2026-11-18 10:00", "--next", "bring the lab data", "--by", "today")
    ok("consent", "withdraw", "1")
    return ok


@pytest.mark.parametrize(
    ("args", "formats"),
    [
        (("due",), FOUR),
        (("due", "--all"), FOUR),
        (("teacher", "list"), FOUR),
        (("consent", "list"), FOUR),
        (("consent", "where", "1"), FOUR),
        (("cycle", "list"), FOUR),
        (("cycle", "show", "1"), FOUR),
        (("reach",), FOUR),
        (("teacher", "show", "rivera"), ("table", "json")),
    ],
)
def test_each_listing_takes_its_formats_and_refuses_others(
    logged: Run, run: Run, args: tuple[str, ...], formats: tuple[str, ...]
) -> None:
    """Every format named is written (JSON parses, CSV has a heading, Markdown is a table); xml: one line, 2."""
    for fmt in formats:
        out = logged(*args, "--format", fmt).stdout
        if fmt == "json":
            json.loads(out)
        elif fmt == "markdown":
            assert "\n|---" in out
        elif fmt == "csv":
            assert next(iter(csv.reader(io.StringIO(out))))
    bad = run(*args, "--format", "xml")
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and "xml" in bad.stderr


def test_due_markdown_and_csv_hold_the_step(logged: Run) -> None:
    """`due --format markdown` is a table of the JSON's fields."""
    lines = logged("due", "--format", "markdown").stdout.splitlines()
    assert lines[0] == "| id | teacher | next_step | due | state | done | entry |"
    assert lines[2] == "| 1 | Mr. Okafor | bring the lab data | 2026-11-23 | due |  | 2 |"


def test_consent_list_and_where_as_records(logged: Run) -> None:
    """consent list: when it was withdrawn and the entry; where: the summaries (none yet: a heading only)."""
    (record,) = json.loads(logged("consent", "list", "--format", "json").stdout)
    assert record == {
        "withdrawn_on": "2026-11-23",
        "id": 1,
        "date": "2026-11-17",
        "teachers": ["Ms. Rivera"],
        "stance": "coaching",
        "minutes": 45,
    }
    assert logged("consent", "list", "--format", "csv").stdout.splitlines()[1] == (
        "2026-11-23,1,2026-11-17,Ms. Rivera,coaching,45"
    )
    assert logged("consent", "where", "1", "--format", "csv").stdout == "made_at,range,start,end,format,file\n"
    assert json.loads(logged("consent", "where", "1", "--format", "json").stdout) == []


def test_cycle_show_as_json_has_its_evidence(logged: Run) -> None:
    """cycle show --format json: the list's fields, then measure, baseline, result and outcome."""
    logged("cycle", "edit", "1", "--measure", "students citing evidence", "--baseline", "6")
    shown = json.loads(logged("cycle", "show", "1", "--format", "json").stdout)
    assert shown["teachers"] == ["Ms. Rivera"] and shown["sessions"] == 1
    assert (shown["measure"], shown["baseline"], shown["result"], shown["outcome"]) == (
        "students citing evidence",
        6.0,
        None,
        None,
    )


def test_teacher_show_names_the_active_cycle(logged: Run) -> None:
    """The brief shows the teacher's active cycle and its goal (table and JSON); reach marks who is in one."""
    assert (
        "Cycle: #1 since 2026-11-09 (identify, week 3, focus questioning): students cite evidence"
        in logged("teacher", "show", "rivera").stdout
    )
    brief = json.loads(logged("teacher", "show", "okafor", "--format", "json").stdout)
    assert brief["cycle"] is None and brief["next_steps"][0]["next_step"] == "bring the lab data"
    assert brief["recent"][0]["id"] == 2
    teachers = {row["teacher"]: row["in_cycle"] for row in json.loads(logged("reach", "-f", "json").stdout)["teachers"]}
    assert teachers == {"Ms. Rivera": True, "Mr. Okafor": False}


def test_due_id_by_moves_a_check_back_and_reopens_a_done_one(logged: Run, run: Run) -> None:
    """`due ID --by DATE` reschedules, `--next TEXT` rewords; a done step is reopened; undo reverts each."""
    out = logged("due", "1", "--by", "friday").stdout
    assert out == "Check back with Mr. Okafor by Fri 2026-11-27: bring the lab data\n"
    assert "Nothing due." in logged("due").stderr
    logged("undo")
    assert json.loads(logged("due", "-f", "json").stdout)[0]["due"] == "2026-11-23"
    logged("done", "1")
    out = logged("due", "1", "--next", "look at the lab data together").stdout
    assert (
        out == "Check back with Mr. Okafor by Mon 2026-11-23: look at the lab data together (reopened: it was done)\n"
    )
    for args, words in (
        (("due", "1"), "say what to change"),
        (("due", "--by", "friday"), "give its ID first"),
        (("due", "1", "--by", "2026-11-01"), "has passed"),
        (("due", "x", "--by", "friday"), "invalid id 'x'"),
    ):
        result = run(*args)
        assert (result.exit_code, result.stderr.count("\n")) == (2, 1), result
        assert words in result.stderr
    missing = run("due", "9", "--by", "friday")
    assert missing.exit_code == 1 and "no next step with id 9" in missing.stderr
