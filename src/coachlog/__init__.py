"""coachlog: a time tracker for instructional coaches."""

import sys

__version__ = "0.2.0.dev0"


def main() -> None:
    """The `coachlog` command. Ctrl-C at any moment, even while it starts, ends with one line and 130."""
    try:
        from coachlog.cli.run import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("Error: interrupted (a change not yet saved was discarded)\n")
        raise SystemExit(130) from None
