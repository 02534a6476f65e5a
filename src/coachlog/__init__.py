"""coachlog: a time tracker for instructional coaches."""

import sys

__version__ = "0.2.0.dev0"
# the commands cli/fastpath.py runs without Typer (its COMMANDS)
FAST = frozenset({"add", "log", "report", "export", "summary", "import"})


def main() -> None:
    """The `coachlog` command. Ctrl-C at any moment, even while it starts, ends with one line and 130."""
    if sys.argv[1:] == ["--version"]:  # the one answer that needs no command line parser: as fast as Python starts
        if sys.stdout is not None:  # started with stdout closed (`coachlog --version >&-`): nothing, exit 0, as Click
            sys.stdout.write(f"coachlog {__version__}\n")
        return
    try:
        if sys.argv[1:] in (["--help"], ["-h"]):  # the root help, as Typer prints it, without loading Typer
            from coachlog.cli import roothelp

            if roothelp.answer():
                return
        if not FAST.isdisjoint(sys.argv[1:4]):  # `coachlog add ...`, `log`, `report`, `export`, `summary`, `import`
            from coachlog.cli import fastpath

            if fastpath.answer(sys.argv[1:]):
                return
        from coachlog.cli.run import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted (a change not yet saved was discarded)\n")
        raise SystemExit(130) from None
