"""Where text goes: data to stdout, messages to stderr. Rich consoles are built lazily."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import cache
from typing import IO, TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")
PROGRESS_FROM = 5000  # entries; below this a job is over before a bar would help


def error(message: str) -> None:
    """One line, always: a newline inside a quoted value is shown as \\n, any control character escaped."""
    sys.stderr.write(styled("Error:", "1;31", sys.stderr) + " " + visible(message) + "\n")


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # reorder what follows


def visible(text: str, keep_layout: bool = False) -> str:
    """`text` with control characters written as escapes (\\n, \\x1b), so a terminal shows them, not obeys them;
    the bidi overrides and isolates too (\\u202e), so text stored before they were refused cannot disguise a line.

    `keep_layout` keeps newlines and tabs: a message's own line breaks and columns.
    """
    if text.isprintable():  # no control or format character (Cc, Cf) at all: nothing to escape, no copy made
        return text  # (an import's line naming 20,000 new teachers: the join below holds a list of every character)
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if ((c < " " or c == "\x7f") and not (keep_layout and c in "\n\t")) or c in BIDI_CONTROLS
        else c
        for c in text
    )


def warn(message: str) -> None:
    sys.stderr.write(f"{styled('Warning:', '33', sys.stderr)} {visible(message, keep_layout=True)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"{visible(message, keep_layout=True)}\n")


def say(text: str = "") -> None:
    """One line of data on stdout; nothing when the command was started with stdout closed (`>&-`), as Click's
    echo does."""
    if sys.stdout is None:
        return
    sys.stdout.write(f"{visible(text, keep_layout=True)}\n")


def progress(items: Iterable[T], total: int, label: str) -> Iterable[T]:
    """`items`, with a progress bar on stderr when it is a terminal and the job is long enough to watch."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return items
    from rich.console import Console
    from rich.progress import track

    return track(items, total=total, description=label, console=Console(stderr=True), transient=True)


@cache
def console() -> Console:
    """The Rich console for tables: colour in a terminal, plain wide text when piped (NO_COLOR honoured)."""
    from rich.console import Console

    terminal = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=False, width=None if terminal else 200, emoji=False)


# ---- the terminal: its width, colour, a pager ------------------------------------------------

PAGING = {"on": True}  # `--no-pager` turns it off for the command


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream is not a terminal
        return False


def colour(stream: IO[str]) -> bool:
    """Colour only in a terminal, and never with NO_COLOR set to anything but "" (no-color.org) or TERM=dumb."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def styled(text: str, code: str, stream: IO[str]) -> str:
    """`text` in an SGR style (`"1;31"`: bold red) when `stream` takes colour, else as it is."""
    return f"\x1b[{code}m{text}\x1b[0m" if colour(stream) else text


def terminal_size(stream: IO[str]) -> tuple[int, int] | None:
    """Columns and lines of the terminal `stream` writes to (COLUMNS/LINES win), or None when it is not one."""
    if not is_terminal(stream):
        return None
    import shutil

    try:
        fallback = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError, AttributeError):
        fallback = os.terminal_size((80, 24))
    size = shutil.get_terminal_size((fallback.columns or 80, fallback.lines or 24))
    if size.columns <= 0 or size.lines <= 0:
        size = os.terminal_size((fallback.columns or 80, fallback.lines or 24))
    return max(size.columns, 20), max(size.lines, 2)


def page(lines: list[str], out: IO[str]) -> None:
    """Lines to `out`, through $PAGER (or `less -FRX`) when `out` is a terminal and they fill more than a screen."""
    text = "".join(f"{line}\n" for line in lines)
    size = terminal_size(out)
    if size is None or not PAGING["on"] or len(lines) < size[1]:
        out.write(text)
        return
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less")
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    out.flush()
    try:
        subprocess.run(command, input=text, text=True, env=env, check=False, stdout=out)
    except OSError:  # no such pager: the text as it is
        out.write(text)
