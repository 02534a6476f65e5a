"""The installed `coachlog` in a real pseudo-terminal of 40, 80 and 120 columns (issue 16).

Every listing fits the screen: no line is wider than the terminal, one line per entry,
no duration or date cut, no teacher name carried onto a second line; colour only where
it is wanted; a pager only for a terminal and only when the listing is longer than it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from helpers import coachlog_command, on_a_pty

pytest.importorskip("fcntl")  # pseudo-terminals are POSIX
pytest.importorskip("termios")


WIDTHS = (40, 80, 120)
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DURATION = re.compile(r"^(\d+h(\d\dm)?|\d+m)$")
LONG_NAME = "Ms. Aurelia Montgomery-O'Connell"
LONG_NOTE = "Goal: wait time after questions; try 3 seconds, count silently, then paraphrase what you heard"


def in_terminal(args: list[str], env: dict[str, str], columns: int, lines: int = 500) -> tuple[int, str]:
    """Run the installed command with stdin, stdout and stderr on a pty of `columns` x `lines`."""
    code, text = on_a_pty([*coachlog_command(), *args], env, columns, lines)
    return code, text.replace("\r\n", "\n")


def piped(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*coachlog_command(), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The demo term, plus a session with a long name, a long note and the teacher's voice in this week."""
    tmp = tmp_path_factory.mktemp("widths")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COACHLOG_")},
        "COACHLOG_CONFIG": str(tmp / "config.toml"),
        "COACHLOG_TIMEZONE": "America/New_York",
        "COACHLOG_NOW": "2026-11-20T15:00:00-05:00",
        "COACHLOG_DB": str(tmp / "demo.db"),
        "HOME": str(tmp),
        "TERM": "xterm-256color",
    }
    for name in ("COLUMNS", "LINES", "NO_COLOR", "PAGER"):
        env.pop(name, None)
    assert piped(["demo"], env).returncode == 0
    session = ["add", LONG_NAME, "coaching", "1h05m", "--with", "Mr. Bartholomew Featherstonehaugh"]
    voice = ["-n", LONG_NOTE, "--helpful", LONG_NOTE, "--story", LONG_NOTE, "--shareable"]
    added = piped([*session, "-a", "co-teaching", "--at", "2026-11-20 08:00", *voice], env)
    assert added.returncode == 0, added.stderr
    term = piped(["term", "add", "The very long spring term of the year 2027", "2027-01-04", "2027-03-26"], env)
    assert term.returncode == 0, term.stderr
    return tmp, env


def screen_lines(text: str) -> list[str]:
    return ESCAPE.sub("", text).split("\n")


def assert_fits(text: str, columns: int) -> list[str]:
    lines = screen_lines(text)
    too_wide = [line for line in lines if len(line) > columns]
    assert not too_wide, f"wider than {columns}: {too_wide}"
    # nothing a figure is made of is ever cut: no digit or date followed by the ellipsis
    assert not re.search(r"[\d%]…", "\n".join(lines)), "\n".join(lines)
    return lines


@pytest.mark.parametrize("columns", WIDTHS)
def test_log_is_one_line_per_entry_and_fits(demo: tuple[Path, dict[str, str]], columns: int) -> None:
    """`log` fits 40, 80 and 120 columns with one line per entry, every duration whole, names never wrapped."""
    _, env = demo
    expected = [row.split()[0] for row in piped(["log"], env).stdout.splitlines()[2:] if row.strip()]
    code, text = in_terminal(["log"], env, columns)
    assert code == 0, text
    lines = [line for line in assert_fits(text, columns) if line.strip()]
    rows = lines[2:]  # headings and rule first
    assert [row.split()[0] for row in rows] == expected  # one line per entry, each starting with its id
    end = lines[0].index("spent") + len("spent")  # right-aligned: the heading ends where the column does
    durations = [row[:end].split()[-1] for row in rows]
    assert all(DURATION.match(d) for d in durations), durations
    for row in rows:  # a name shows whole, or cut with … on the same line, never carried onto the next
        assert "Montgomery" not in row or LONG_NAME in row or "…" in row
        assert not row.lstrip().startswith(("O'Connell", "Featherstonehaugh"))


@pytest.mark.parametrize("columns", WIDTHS)
def test_log_long_shows_everything_wrapped(demo: tuple[Path, dict[str, str]], columns: int) -> None:
    """`log --long` fits too, and the note, answer and story appear whole, wrapped between words."""
    _, env = demo
    code, text = in_terminal(["log", "--long"], env, columns)
    assert code == 0, text
    lines = assert_fits(text, columns)
    words = " ".join(line.strip() for line in lines)
    assert f"note: {LONG_NOTE}" in words
    assert f"story: {LONG_NOTE} (shareable)" in words
    assert not any(line.strip() in {"wait", "time"} for line in lines)  # never one word per line


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", [["report", "--term"], ["report", "--term", "--by", "teacher"]])
def test_report_fits_and_drops_bars_before_figures(
    demo: tuple[Path, dict[str, str]], columns: int, args: list[str]
) -> None:
    """`report` fits; times and shares are never cut; at 40 columns the bars go, the figures stay."""
    _, env = demo
    code, text = in_terminal(args, env, columns)
    assert code == 0, text
    lines = assert_fits(text, columns)
    stance_rows = [line for line in lines if line.startswith(("consulting ", "collaborating ", "coaching "))]
    assert len(stance_rows) == 3
    for row in stance_rows:
        cells = row.split()
        assert DURATION.match(cells[1]) and re.match(r"^\d+(\.\d)?%$", cells[2]), row
    if columns == 40:
        assert "█" not in text and "·" not in text
    if columns == 120:
        assert "█" in text


@pytest.mark.parametrize("columns", WIDTHS)
def test_summary_text_fits_without_cut_dates_or_durations(demo: tuple[Path, dict[str, str]], columns: int) -> None:
    """`summary --format text` fits; week dates and durations are whole (`2026-0…`, `2h1…` were seen at 80)."""
    _, env = demo
    code, text = in_terminal(["summary", "--term", "--format", "text"], env, columns)
    assert code == 0, text
    lines = assert_fits(text, columns)
    weeks = [line.split()[0] for line in lines if re.match(r"^2026-\S*  ", line)]  # table rows: two spaces on
    assert weeks and all(re.match(r"^2026-\d\d-\d\d$", week) for week in weeks), weeks


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", [["teacher", "list"], ["term", "list"]])
def test_teacher_and_term_lists_fit(demo: tuple[Path, dict[str, str]], columns: int, args: list[str]) -> None:
    """`teacher list` and `term list` fit, one line per teacher or term, their figures and dates whole."""
    _, env = demo
    expected = [line for line in piped(args, env).stdout.splitlines() if line.strip()]
    code, text = in_terminal(args, env, columns)
    assert code == 0, text
    rows = [line for line in assert_fits(text, columns) if line.strip()][2:]
    assert len(rows) == len(expected)
    for row, line in zip(rows, expected, strict=True):  # the figures and dates of each row, whole
        assert re.findall(r"\d{4}-\d\d-\d\d", row) == re.findall(r"\d{4}-\d\d-\d\d", line)
        assert [c for c in row.split() if DURATION.match(c)] == [c for c in line.split() if DURATION.match(c)]


def test_terminal_output_has_colour_that_no_color_and_dumb_turn_off(demo: tuple[Path, dict[str, str]]) -> None:
    """In a terminal stances are coloured; NO_COLOR (any value but "", as no-color.org says) or TERM=dumb: none."""
    _, env = demo
    assert "\x1b[36mconsulting" in in_terminal(["log"], env, 120)[1]
    assert "\x1b[" in in_terminal(["log"], {**env, "NO_COLOR": ""}, 120)[1]
    for changed in ({"NO_COLOR": "1"}, {"NO_COLOR": "false"}, {"TERM": "dumb"}):
        code, text = in_terminal(["log"], {**env, **changed}, 120)
        assert code == 0 and "\x1b" not in text, changed
        code, text = in_terminal(["add", "x", "evaluating", "5"], {**env, **changed}, 120)
        assert code == 2 and "\x1b" not in text and text.startswith("Error: "), text


def test_errors_are_red_and_warnings_yellow_in_a_terminal(demo: tuple[Path, dict[str, str]]) -> None:
    """The words `Error:` and `Warning:` are coloured in a terminal; the message stays one line."""
    _, env = demo
    code, text = in_terminal(["add", "x", "evaluating", "5"], env, 80)
    assert code == 2 and text.startswith("\x1b[1;31mError:\x1b[0m ") and text.count("\n") == 1, repr(text)
    code, text = in_terminal(["add", "x", "coaching", "5h", "--at", "2025-01-06 09:00"], env, 80)
    assert code == 0 and "\x1b[33mWarning:\x1b[0m 5h is a long session" in text, repr(text)
    assert piped(["undo"], env).returncode == 0


def test_long_listings_are_paged_only_in_a_terminal(demo: tuple[Path, dict[str, str]]) -> None:
    """Longer than the screen: through $PAGER; --no-pager, a short listing or a pipe: printed straight."""
    _, env = demo
    env = {**env, "PAGER": "sed s/^/paged:/"}
    code, text = in_terminal(["log", "--term"], env, 80, lines=20)
    assert code == 0 and text.startswith("paged:") and f"paged:{ESCAPE.sub('', text)}".count("paged:") > 20
    code, text = in_terminal(["log", "--term", "--no-pager"], env, 80, lines=20)
    assert code == 0 and "paged:" not in text
    code, text = in_terminal(["report", "--no-pager"], env, 80, lines=20)
    assert code == 0 and "paged:" not in text
    code, text = in_terminal(["--no-pager", "summary", "--term", "--format", "text"], env, 80, lines=20)
    assert code == 0 and "paged:" not in text
    code, text = in_terminal(["teacher", "list"], env, 80, lines=20)
    assert code == 0 and text.startswith("paged:")
    code, text = in_terminal(["log"], env, 80, lines=200)  # shorter than the screen
    assert code == 0 and "paged:" not in text
    done = piped(["log", "--term"], env)
    assert done.returncode == 0 and "paged:" not in done.stdout


def test_piped_log_keeps_every_character(demo: tuple[Path, dict[str, str]]) -> None:
    """Piped, the log has no colour and no cut: the long note, the answer and the story are whole."""
    _, env = demo
    done = piped(["log"], env)
    assert done.returncode == 0 and "\x1b" not in done.stdout and "…" not in done.stdout
    row = next(line for line in done.stdout.splitlines() if LONG_NAME in line)
    assert row.count(LONG_NOTE) == 3


@pytest.mark.parametrize("columns", WIDTHS)
def test_log_long_never_shortens_a_name_or_a_stance(demo: tuple[Path, dict[str, str]], columns: int) -> None:
    """Review finding: at 40 columns `log --long` still showed `Ms. Pa…` and `collabo…` and no activity. The
    teachers, stance and activity now go whole under each entry, at every width."""
    _, env = demo
    code, text = in_terminal(["log", "--long"], env, columns)
    assert code == 0, text
    lines = assert_fits(text, columns)
    assert not any("…" in line for line in lines)
    words = " ".join(line.strip() for line in lines)
    assert "collaborating" in words and " · " in words


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("args", [["reach"], ["due", "--all"], ["teacher", "show", "rivera"]])
def test_caseload_listings_fit(demo: tuple[Path, dict[str, str]], columns: int, args: list[str]) -> None:
    """`reach`, `due` and `teacher show` fit the terminal; no figure or date is cut."""
    _, env = demo
    code, text = in_terminal(args, env, columns)
    assert code == 0, text
    assert_fits(text, columns)
