"""`-o FILE` without `--format` writes the format the file's extension names (issue 16); a conflict is refused.

The clock is Monday 2026-11-23 15:00 in New York (see conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Run


@pytest.fixture
def logged(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-23 09:00")
    ok("add", "Mr. Okafor", "consulting", "30m", "--at", "2026-11-23 10:00")


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("x.html", lambda text: text.lstrip().lower().startswith("<!doctype html")),
        ("x.htm", lambda text: text.lstrip().lower().startswith("<!doctype html")),
        ("x.json", lambda text: isinstance(json.loads(text), dict)),
        ("x.md", lambda text: text.startswith("#")),
        ("x.txt", lambda text: not text.startswith("#") and "<" not in text[:20]),
    ],
)
def test_summary_takes_the_format_from_the_extension(ok: Run, logged: None, tmp_path: Path, name: str, check) -> None:
    """`summary -o x.html` writes HTML, not Markdown, and so on for each extension."""
    out = tmp_path / name
    ok("summary", "--week", "-o", str(out))
    assert check(out.read_text())


def test_summary_without_extension_keeps_markdown(ok: Run, logged: None, tmp_path: Path) -> None:
    out = tmp_path / "summary"
    ok("summary", "--week", "-o", str(out))
    assert out.read_text().startswith("#")


def test_export_takes_json_from_the_extension(ok: Run, logged: None, tmp_path: Path) -> None:
    """`export -o x.json` writes JSON, not CSV."""
    out = tmp_path / "x.json"
    ok("export", "-o", str(out))
    assert [row["teachers"] for row in json.loads(out.read_text())] == [["Ms. Rivera"], ["Mr. Okafor"]]
    csv_out = tmp_path / "x.CSV"
    ok("export", "-o", str(csv_out))
    assert csv_out.read_text().startswith("id,")


@pytest.mark.parametrize(
    "args",
    [
        ("summary", "-o", "x.html", "--format", "json"),
        ("summary", "-o", "x.md", "-f", "html"),
        ("export", "-o", "x.json", "--format", "csv"),
        ("export", "-o", "x.html"),
    ],
)
def test_a_conflict_is_refused_in_one_line(run: Run, logged: None, tmp_path: Path, args: tuple[str, ...]) -> None:
    """A format the extension contradicts (or one the command cannot write) is a usage error; nothing is written."""
    name = args[2]
    result = run(*[str(tmp_path / a) if a == name else a for a in args])
    assert result.exit_code == 2, result
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert name in result.stderr
    assert not (tmp_path / name).exists()


def test_agreeing_format_and_extension(ok: Run, logged: None, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    ok("summary", "--week", "-o", str(out), "--format", "html")
    assert out.read_text().lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "-o", "x.xlsx"),
        ("summary", "--week", "-o", "x.pdf"),
        ("export", "-o", "x.tsv"),
    ],
)
def test_an_unknown_extension_is_refused_without_format(
    run: Run, logged: None, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`export -o x.xlsx` would be CSV under an Excel name: one line, exit 2, nothing written."""
    name = args[-1]
    result = run(*args[:-1], str(tmp_path / name))
    assert result.exit_code == 2, result
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert name in result.stderr and "--format" in result.stderr
    assert not (tmp_path / name).exists()


def test_an_unknown_extension_with_format_is_written(ok: Run, logged: None, tmp_path: Path) -> None:
    """--format says what to write, whatever the name."""
    out = tmp_path / "x.dat"
    ok("export", "-o", str(out), "--format", "csv")
    assert out.read_text().startswith("id,")


def test_export_to_a_file_says_its_encoding(ok: Run, logged: None, tmp_path: Path) -> None:
    """The `Wrote …` line names the encoding of a CSV, and how to get a byte-order mark."""
    plain = ok("export", "-o", str(tmp_path / "a.csv")).stderr
    assert "Wrote 2 entries" in plain
    assert "(UTF-8, no byte-order mark; add --bom for Excel or LibreOffice)" in plain
    marked = ok("export", "--bom", "-o", str(tmp_path / "b.csv")).stderr
    assert "(UTF-8 with a byte-order mark)" in marked
    assert "UTF-8" not in ok("export", "-o", str(tmp_path / "c.json")).stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--stance", "collaborating", "--all"), "No entries match these filters."),
        (("--stance", "collaborating"), "No entries match these filters in this range."),
        (("--teacher", "rivera", "--last-week"), "No entries match these filters in this range."),
        (("--last-week",), "No entries in this range. Try --all"),
    ],
)
def test_an_empty_log_is_worded_for_the_options_given(ok: Run, logged: None, args: tuple[str, ...], said: str) -> None:
    """`log --stance collaborating --all` does not suggest --all, which was given; filters are named as the reason
    (an unknown tag is refused with the tag meant: tests/cli/test_suggestions.py)."""
    result = ok("log", *args)
    assert result.stderr.strip() == said or result.stderr.startswith(said), result
    if "--all" in args:
        assert "--all" not in result.stderr


def test_an_empty_log_of_everything_does_not_suggest_all(ok: Run) -> None:
    result = ok("log", "--all")
    assert "--all" not in result.stderr
    assert "coachlog add" in result.stderr
