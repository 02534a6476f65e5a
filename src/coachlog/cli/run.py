"""The console entry point: `main()` runs `app` with every command registered.

Each command module adds its commands to `app` (defined in cli/app.py) when imported;
the order of the imports below is the order of `coachlog --help`.
"""

import sys

from coachlog.cli import (  # noqa: F401  (they register the commands)
    caseload,
    complete,
    consent,
    cycles,
    entries,
    imports,
    manage,
    push,
    reports,
    summary,
    team,
    timer,
)
from coachlog.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point."""
    complete.accept_click_instructions()
    complete.keep_bash_word_as_typed()
    _allow_db_after_command()
    app(prog_name="coachlog")


def _allow_db_after_command() -> None:
    """Accept `--db PATH` anywhere on the line (`coachlog demo --db demo.db`), as people type it."""
    args = sys.argv[1:]
    for index, arg in enumerate(args):
        if arg == "--":
            return
        if arg == "--db" and index + 1 < len(args) and index > 0:
            value = args[index + 1]
            del args[index : index + 2]
            sys.argv[1:] = ["--db", value, *args]
            return
        if arg.startswith("--db=") and index > 0:
            del args[index]
            sys.argv[1:] = [arg, *args]
            return
