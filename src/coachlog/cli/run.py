"""The console entry point: `main()` runs `app`, which imports only the module of the command being run.

Each command module adds its commands to `app` (defined in cli/app.py) when imported; cli/commands.py's
COMMANDS names the module of every command (one line each), COMMAND_ORDER the order of `coachlog --help`
(which coachlog.main() answers before this module loads: cli/roothelp.py).
`from coachlog.cli.run import app` gives the app with every command registered (as tests use it).
"""

import sys
from typing import Any

from coachlog.cli import complete

__all__ = ["main"]  # and `app`, by __getattr__ below


def __getattr__(name: str) -> Any:
    """`app`, with every command's module imported."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from coachlog.cli.app import app, load_every_command

    load_every_command()
    return app


def main() -> None:
    """Console entry point."""
    complete.accept_click_instructions()
    complete.keep_bash_word_as_typed()
    _allow_db_after_command()
    from coachlog.cli.app import app

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
