"""`coachlog --help` printed without Typer (cli/roothelp.py) is the page Typer prints, at every terminal width.

Typer's page is the real one: the app with every command loaded, asked for `--help` as the command line asks,
its width taken from COLUMNS (or the terminal) as Click takes it. CliRunner pins Click's width at 80, so the
runs through it compare at 80; the others call the app's command directly. The ported pieces of Click's
formatting are compared with Click's own on generated text.
"""

from __future__ import annotations

import inspect

import pytest
import typer.main
from hypothesis import example, given
from hypothesis import strategies as st
from typer._click import formatting
from typer._click.utils import make_default_short_help

from coachlog.cli import roothelp
from coachlog.cli.commands import APP_HELP, COMMANDS
from coachlog.cli.run import app
from helpers import Run


def typers_help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What Typer prints for `coachlog ARGS`, at the width Click takes from the environment."""
    command = typer.main.get_command(app)
    capsys.readouterr()
    assert command.main(args, prog_name="coachlog", standalone_mode=False) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("columns", [None, "", "0", "-3", "wide", *map(str, range(1, 201))])
def test_the_fast_help_is_typers_at_every_width(
    columns: str | None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """For every COLUMNS (unset, empty, nonsense, 1 to 200) the two pages are the same text, `-h` as `--help`."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    fast = roothelp.root_help(roothelp.help_width())
    assert typers_help(["--help"], capsys) == fast
    assert typers_help(["-h"], capsys) == fast


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_the_fast_help_is_what_the_cli_runner_shows(ok: Run, args: list[str]) -> None:
    """Through CliRunner (Click's width pinned at 80) Typer's page is the fast one at 80."""
    assert ok(*args).stdout == roothelp.root_help(80)


def test_a_new_command_shows_in_both(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A command added to COMMANDS (one line) is listed by both, in the same place, cut the same way; a longer
    name moves the help column in both."""
    help = "Do something new with a help text long enough to be cut at every width (and a second sentence)."
    monkeypatch.setitem(COMMANDS, "something-new", ("entries", help))
    for columns in ("50", "80"):
        monkeypatch.setenv("COLUMNS", columns)
        fast = roothelp.root_help(roothelp.help_width())
        assert "  something-new  Do something new" in fast
        assert typers_help(["--help"], capsys) == fast


def test_the_app_help_needs_no_cleaning() -> None:
    """Click cleans the app's help (inspect.cleandoc, up to a form feed) before printing it; the fast page
    prints it as it is, so it must already be clean."""
    assert inspect.cleandoc(APP_HELP).partition("\f")[0] == APP_HELP


def test_completion_requests_are_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A completion request, or Typer's switch that lists the completion options per shell, makes Typer print
    something else: the fast path prints nothing and hands over."""
    for name in roothelp.TYPER_VARIABLES:
        monkeypatch.setenv(name, "complete_bash")
        assert roothelp.answer() is False
        monkeypatch.delenv(name)


# ---- the ported pieces against Click's own -------------------------------------------------------------

# Lines of words (some longer than a line), blank ones, "\b" and indented ones. Indents stay under 5: Click's
# wrapping loops forever when an indent leaves no room on the line (help is never narrower than 50).
words = st.text(alphabet=st.sampled_from("ab.-/ "), min_size=1, max_size=40).map(lambda w: w.lstrip() or "a")
indented = st.tuples(st.integers(1, 4), words).map(lambda pair: " " * pair[0] + pair[1])
lines = st.lists(st.one_of(words, indented, st.sampled_from(["", " ", "\b", " \b "])), max_size=8)
texts = lines.map("\n".join)


@given(text=texts, width=st.integers(14, 90), initial=st.sampled_from(["", "  ", "Usage: x "]))
@example(text=APP_HELP, width=76, initial="  ")
def test_wrap_text_is_clicks(text: str, width: int, initial: str) -> None:
    """Paragraphs, kept paragraphs ("\\b"), indents and words longer than the line wrap as Click wraps them."""
    subsequent = " " * len(initial)
    for paragraphs in (False, True):
        ours = roothelp.wrap_text(text, width, initial, subsequent, paragraphs=paragraphs)
        assert ours == formatting.wrap_text(text, width, initial, subsequent, preserve_paragraphs=paragraphs)


@given(text=texts, limit=st.integers(0, 80))
@example(text=COMMANDS["undo"][1], limit=63)
def test_short_help_is_clicks(text: str, limit: int) -> None:
    """A command's help is cut (first sentence, or words and "...") as Click cuts it."""
    assert roothelp.short_help(text, limit) == make_default_short_help(text, limit)


rows = st.lists(st.tuples(words.map(str.strip).filter(bool), texts), min_size=1, max_size=5)


@given(rows=rows, width=st.integers(50, 80))
def test_definition_lists_are_clicks(rows: list[tuple[str, str]], width: int) -> None:
    """A section of rows (a long first column on its own line, the second wrapped beside it) as Click's."""
    page = roothelp._Page(width)
    page.section("Options", rows)
    formatter = formatting.HelpFormatter(width=width)
    with formatter.section("Options"):
        formatter.write_dl(rows)
    assert page.value() == formatter.getvalue()
