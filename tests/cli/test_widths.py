"""Listings and the terminal (issue 16): full text when piped, `log --long`, and tables fitted to any width.

The installed command in a real pseudo-terminal is tested in tests/system/test_widths_pty.py;
here the CLI runs in-process (piped) and the fitting is checked over many widths.
"""

from __future__ import annotations

import io
import re

import pytest

from coachlog.render.text import cell_width, shorten, table_lines
from helpers import Run, pipe_rows

LONG_NOTE = "Goal: wait time after questions; try 3 seconds, count silently, then paraphrase what you heard"
NAMES = "Ms. Aurelia Montgomery-O'Connell, Mr. Bartholomew Featherstonehaugh"


@pytest.fixture
def logged(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-23 09:00", "-n", LONG_NOTE, "-t", "cycle-2")
    ok("add", "Ms. Aurelia Montgomery-O'Connell", "collab", "1h05m", "--with", "Mr. Bartholomew Featherstonehaugh")
    ok("add", "Mr. Okafor", "consulting", "20", "--helpful", LONG_NOTE, "--story", LONG_NOTE, "--shareable")


def test_piped_log_keeps_notes_and_answers_whole(ok: Run, logged: None) -> None:
    """Piped, `log` cuts nothing: notes, answers and stories were cut at 40 characters before."""
    out = ok("log").stdout
    assert "…" not in out and "\x1b" not in out
    rows = pipe_rows(out)
    assert rows[0][7:] == ["note", "helpful", "story", "shareable"]
    assert rows[1][7] == LONG_NOTE and rows[1][3] == "Ms. Rivera"
    assert rows[2][3] == NAMES
    assert rows[3][8:] == [LONG_NOTE, LONG_NOTE, "yes"]


def test_log_long_puts_everything_under_each_entry(ok: Run, logged: None) -> None:
    """`log --long`: one line per entry (id, date, time, length), then its teachers, stance and activity, and its
    note, answer, story and tags, whole."""
    lines = ok("log", "--long").stdout.splitlines()
    assert lines[0].split() == ["id", "date", "time", "time", "spent"]  # who and what go whole underneath
    rivera = lines.index(next(line for line in lines if "Ms. Rivera" in line))
    assert lines[rivera + 1 : rivera + 3] == [f"    note: {LONG_NOTE}", "    tags: #cycle-2"]
    okafor = lines.index(next(line for line in lines if "Mr. Okafor" in line))
    assert lines[okafor + 1 : okafor + 3] == [f"    helpful: {LONG_NOTE}", f"    story: {LONG_NOTE} (shareable)"]
    assert ok("log", "-l").stdout == "\n".join(lines) + "\n"
    ok("edit", "3", "--story", "")  # shareable, with only an answer left: the mark follows the answer
    lines = ok("log", "--long").stdout.splitlines()
    assert lines[okafor + 1 : okafor + 3] == [f"    helpful: {LONG_NOTE} (shareable)", ""]


def test_markdown_log_keeps_notes_whole(ok: Run, logged: None) -> None:
    """A Markdown log is a document: nothing in it is cut."""
    out = ok("log", "--format", "markdown").stdout
    assert LONG_NOTE in out and "…" not in out


def test_no_pager_is_accepted_when_piped(ok: Run, logged: None) -> None:
    """`--no-pager` changes nothing when piped (there is never a pager then)."""
    assert ok("log", "--no-pager").stdout == ok("log").stdout
    assert ok("report", "--no-pager").stdout == ok("report").stdout


class Screen(io.StringIO):
    """A stream that says it is a terminal: its width comes from COLUMNS."""

    def isatty(self) -> bool:
        return True


LOG = (
    None,
    ["id", "date", "time", "teachers", "stance", "time spent", "activity", "note", "helpful", "story", "shareable"],
    [
        ["12", "Mon 2026-11-16", "09:00", NAMES, "collaborating", "1h05m", "co-teaching", *[LONG_NOTE] * 3, "yes"],
        ["113", "Tue 2026-11-17", "", "", "duty: supervision", "35m", "", "", "", "", ""],
    ],
    {0, 5},
)
REPORT = (
    "Fall term 2026 (2026-09-14 to 2027-01-01)",
    ["teacher", "consulting", "collab.", "coaching", "total", "sessions", "duties", "coaching %", ""],
    [[NAMES, "12h05m", "3h10m", "fewer than 5", "17h25m", "120", "2h15m", "21.3%", "████████············"]],
    {1, 2, 3, 4, 5, 6, 7},
)

TEAM_HEADINGS = ["coach", "sessions", "with teachers", "consulting", "collaborating", "coaching", "duties"]
TEAM = (
    "Coaching program — 2026-09-14 to 2027-01-01",
    [*TEAM_HEADINGS, "duty share", "teachers"],  # the last a count, right-aligned: never "who"
    [["Jordan Ellsworth-Nakamura", "137", "72h25m", "35.1%", "38.7%", "26.2%", "24h45m", "25.5%", "31"]],
    set(range(1, 9)),
)


@pytest.mark.parametrize("width", [*range(40, 170, 3), 161, 162])
def test_tables_fit_every_width_without_cutting_a_figure(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """From 40 to 169 columns nothing is wider than the screen, and no figure, date or duration is cut."""
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    for table in (LOG, REPORT, TEAM):
        lines = table_lines(Screen(), [table], [])
        assert all(cell_width(line) <= width for line in lines), (width, lines)
        text = "\n".join(lines)
        assert not re.search(r"[\d%)]…", text), text
        for figure in ("1h05m", "35m", "Mon 2026-11-16", "09:00", "17h25m", "21.3%"):
            if figure[:3] in text:
                assert figure in text or (figure.startswith("Mon") and "Mon 2026" not in text), (figure, text)
    team = table_lines(Screen(), [TEAM], [])
    rule = next(i for i, line in enumerate(team) if line.startswith("─"))
    assert "who" not in team[rule - 1].split()  # a count keeps its name
    assert team[rule + 1].endswith(" 31") == ("teachers" in team[rule - 1])  # and is whole when shown
    # the bar goes before any word or figure is shortened
    report = "\n".join(table_lines(Screen(), [REPORT], []))
    assert "█" not in report or (NAMES in report and "…" not in report)
    assert ("█" in report) == (width >= 162)  # the natural width of the table


def test_shorten_counts_wide_characters() -> None:
    """A name in wide characters is cut by screen columns, not by characters."""
    assert shorten("Ms. 山田花子", 8) == "Ms. 山…"
    assert cell_width(shorten("Ms. 山田花子", 8)) <= 8
    assert shorten("Ms. Rivera", 10) == "Ms. Rivera"
