"""Where text goes: data to stdout, messages to stderr. Rich consoles are built lazily."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")
PROGRESS_FROM = 5000  # entries; below this a job is over before a bar would help


def error(message: str) -> None:
    """One line, always: a newline inside a quoted value is shown as \\n, any control character escaped."""
    sys.stderr.write("Error: " + visible(message) + "\n")


BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # reorder what follows


def visible(text: str, keep_layout: bool = False) -> str:
    """`text` with control characters written as escapes (\\n, \\x1b), so a terminal shows them, not obeys them;
    the bidi overrides and isolates too (\\u202e), so text stored before they were refused cannot disguise a line.

    `keep_layout` keeps newlines and tabs: a message's own line breaks and columns.
    """
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if ((c < " " or c == "\x7f") and not (keep_layout and c in "\n\t")) or c in BIDI_CONTROLS
        else c
        for c in text
    )


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {visible(message, keep_layout=True)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"{visible(message, keep_layout=True)}\n")


def say(text: str = "") -> None:
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
