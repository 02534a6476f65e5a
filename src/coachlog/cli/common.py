"""What the Typer app (cli/app.py) and the fast path (cli/fastpath.py: `add`, `log`, `report`) share, standard
library only: the session the root options start, and how a command's failure ends (one line on stderr and an exit
code, never a traceback).

Both paths call these, so `add`, `log` and `report` end the same way whichever path ran them.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from coachlog import output
from coachlog.domain.names import resolve_choice
from coachlog.errors import CoachlogError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from coachlog.services.session import Session

T = TypeVar("T")

_OUTPUT_ERRORS = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


class Failed(Exception):
    """A command ended by a failure already reported on stderr: exit with `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def start(session: Session, db: str | None, no_pager: bool) -> Session:
    """The root options (`--db` or COACHLOG_DB, `--no-pager`) applied to the command's `session`."""
    output.PAGING["on"] = not no_pager  # set on every run: in-process callers (tests) run many
    if db is not None and not db.strip():  # an unset variable in a script: never the default database instead
        raise UsageError(
            f"invalid --db '{db}': give a database file or a postgresql:// URL (leave --db out for the default one)"
        )
    session.db_option = db
    return session


def handled(work: Callable[[], T], session: Callable[[], object]) -> T:
    """`work()`, its output flushed; an expected failure is reported as one line and raised as Failed (the exit
    code); anything else propagates. `session()` gives the command's Session (or anything else when it has none),
    asked only after a failure that may come from a damaged database file."""
    try:
        result = work()
        if sys.stdout is not None:  # a full disk under `> file` fails here, not as an ignored one at exit
            sys.stdout.flush()
        return result
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            raise  # EPIPE (`coachlog log | head`) too: Click ends that quietly, exit 1
        from coachlog.cli.roothelp import discard_stdout

        discard_stdout()
        output.error(f"cannot write the output: {exc.strerror}; what was written is incomplete")
        raise Failed(1) from None
    except (AttributeError, TypeError):
        if sys.stdout is not None:
            raise
        output.error("cannot write the output: standard output is closed")  # started with `>&-`
        raise Failed(1) from None
    except CoachlogError as exc:
        output.error(str(exc))
        raise Failed(exc.exit_code) from None
    except KeyboardInterrupt:
        output.error("interrupted (a change not yet saved was discarded)")
        raise Failed(130) from None
    except Exception as exc:
        from coachlog.services.session import Session

        state = session()
        if not _may_be_damage(exc) or not isinstance(state, Session):
            raise
        damaged = state.damage()
        if damaged is None:
            raise  # the database is sound: coachlog's own bug, with its traceback
        output.error(damaged)
        raise Failed(1) from None


def _may_be_damage(exc: Exception) -> bool:
    """Whether `exc` is what a damaged database file makes Python raise (a value that no longer reads as one,
    text that no longer decodes, SQLite's own error); Click's and coachlog's own exceptions pass through."""
    import sqlite3

    expected = (ValueError, LookupError, TypeError, AttributeError, ArithmeticError, AssertionError, sqlite3.Error)
    return isinstance(exc, expected) and not isinstance(exc, CoachlogError)


# What an -o file's extension says about its format (issue 16: `summary -o x.html` writes HTML).
EXTENSION_FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
    ".csv": "csv",
}


def output_format(value: str | None, out: Path | None, choices: tuple[str, ...], default: str) -> str:
    """The format to write: --format when given, else the one `out`'s extension names, else `default`.

    An extension naming another format than --format, a format this command does not write, or (without
    --format) an extension naming no format, as in `export -o x.xlsx`, is refused.
    """
    named = EXTENSION_FORMATS.get(out.suffix.lower()) if out is not None else None
    if value is None:
        if named is None and out is not None and out.suffix:
            known = ", ".join(e for e, f in EXTENSION_FORMATS.items() if f in choices)
            raise UsageError(
                f"cannot tell the format of '{out}' from '{out.suffix}': this command writes {known};"
                f" use one of those extensions or give --format ({', '.join(choices)})"
            )
        if named is None:
            return default
        if named not in choices:
            raise UsageError(
                f"cannot write {named} to '{out}': this command writes {', '.join(choices)};"
                f" use another extension or give --format"
            )
        return named
    fmt = resolve_choice(value, choices, "format")
    if named is not None and named != fmt:
        raise UsageError(f"--format {fmt} conflicts with -o '{out}' ({named}): give one of them, or make them agree")
    return fmt
