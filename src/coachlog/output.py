"""Where text goes: data to stdout, messages to stderr. Rich consoles are built lazily."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def error(message: str) -> None:
    """One line, always: a newline inside a quoted value is shown as \\n."""
    sys.stderr.write("Error: " + message.replace("\r", "\\r").replace("\n", "\\n") + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"Warning: {message}\n")


def note(message: str) -> None:
    sys.stderr.write(f"{message}\n")


def say(text: str = "") -> None:
    sys.stdout.write(f"{text}\n")


@cache
def console() -> Console:
    """The Rich console for tables: colour in a terminal, plain wide text when piped (NO_COLOR honoured)."""
    from rich.console import Console

    terminal = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=False, width=None if terminal else 200, emoji=False)
