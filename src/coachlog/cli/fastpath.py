"""`coachlog add`, `log`, `report`, `export`, `summary` and `import` without loading Typer (issue 17): the commands a
coach types most, the one-pager, and the import of a whole export.

Importing Typer costs more than the rest of `add` together, and more than a week's `log` or a term's `report`.
coachlog.main() hands the command line here first: a well-formed `[--db PATH] COMMAND [ARGUMENTS] [OPTIONS]` for
one of COMMANDS, each option one of the command's own written as Click reads it (`--note TEXT`, `--note=TEXT`,
`-n TEXT`, a flag alone, a bare `--term` as cli/app.py's CoachlogCommand reads it), runs at once through the
same code the Typer command runs (cli/add_run.py, cli/reports_run.py, cli/import_run.py, cli/summary_run.py,
cli/common.py). Anything else (help, completion, `--`, an unknown or misspelled option, a missing value, a wrong
number of arguments, `-nTEXT`, `--db` after the command or twice, a blank `--db`, an argument that is not UTF-8, an
`-o` file there but unreadable) is left untouched for Typer, which parses it and prints its own message.
tests/system/test_fast_add.py and test_fast_read.py run random command lines through both paths and compare
everything; test_fast_read.py also checks COMMANDS against the Typer commands' own parameters, so that the two
cannot drift apart. Standard library only.
"""

import errno
import os
from collections.abc import Callable, Mapping
from typing import Any

from coachlog.cli.commands import TYPER_VARIABLES
from coachlog.domain.frozen import NamedTuple


class Spec(NamedTuple):
    """A command's line as Click reads it: how many arguments, every spelling of each option -> its parameter."""

    arguments: int
    values: dict[str, str]  # options that take a value
    flags: dict[str, str]
    repeated: frozenset[str] = frozenset()  # list options: each one given adds a value; any other, the last wins
    ranges: bool = False  # the range options (cli/options.py range_options), handed over as one RangeChoice
    paths: frozenset[str] = frozenset()  # options Typer hands over as a Path (its click.Path: no check but one)


RANGE_VALUES = {"--term": "term", "--from": "from_", "--to": "to"}
RANGE_FLAGS = {
    "--today": "today", "--yesterday": "yesterday", "--week": "week", "--last-week": "last_week", "--month": "month",
    "--last-month": "last_month", "--year": "year", "--all": "all_",
}  # fmt: skip
BARE = "--term"  # alone (at the end, or before an option), it means the term holding today (CoachlogCommand)

COMMANDS = {
    "add": Spec(  # cli/entries.py `add`
        3,
        {"--with": "with_", "-w": "with_", "--at": "at", "--note": "note", "-n": "note", "--activity": "activity",
         "-a": "activity", "--tag": "tag", "-t": "tag", "--helpful": "helpful", "--story": "story",
         "--cycle": "cycle", "--next": "next_", "--by": "by"},
        {"--shareable": "shareable", "--no-cycle": "no_cycle"},
        frozenset({"with_", "tag"}),
    ),
    "log": Spec(  # cli/reports.py `log`
        0,
        {"--teacher": "teacher", "--stance": "stance", "--activity": "activity", "-a": "activity", "--tag": "tag",
         "-t": "tag", "--format": "fmt", "-f": "fmt", **RANGE_VALUES},
        {"--duties": "duties", "--long": "long", "-l": "long", "--no-pager": "no_pager", **RANGE_FLAGS},
        ranges=True,
    ),
    "report": Spec(  # cli/reports.py `report`
        0,
        {"--by": "by", "--teacher": "teacher", "--tag": "tag", "-t": "tag", "--format": "fmt", "-f": "fmt",
         **RANGE_VALUES},
        {"--team": "team", "--no-pager": "no_pager", **RANGE_FLAGS},
        ranges=True,
    ),
    "export": Spec(  # cli/reports.py `export`
        0,
        {"--format": "fmt", "-f": "fmt", "--output": "out", "-o": "out", "--teacher": "teacher", "--stance": "stance",
         "--activity": "activity", "-a": "activity", "--tag": "tag", "-t": "tag", **RANGE_VALUES},
        {"--raw": "raw", "--bom": "bom", "--duties": "duties", **RANGE_FLAGS},
        ranges=True,
        paths=frozenset({"out"}),
    ),
    "summary": Spec(  # cli/summary.py `summary`
        0,
        {"--format": "fmt", "-f": "fmt", "--output": "out", "-o": "out", "--tag": "tag", "-t": "tag", **RANGE_VALUES},
        {"--names": "names", "--team": "team", **RANGE_FLAGS},
        ranges=True,
        paths=frozenset({"out"}),
    ),
    "import": Spec(  # cli/imports.py `import`
        1,
        {"--map": "map_", "--date-order": "date_order", "--teacher-from": "teacher_from", "--stance": "stance",
         "--me": "me", **RANGE_VALUES},
        {"--dry-run": "dry_run", "--skip-invalid": "skip_invalid", "--raw": "raw", **RANGE_FLAGS},
        frozenset({"map_"}),
        ranges=True,
    ),
}  # fmt: skip

Read = tuple[str, str | None, list[str], dict[str, Any]]


def read(args: list[str], environ: Mapping[str, str]) -> Read | None:
    """`args` (the command line after `coachlog`) as (the command, the database option, its arguments, its options
    by parameter name), exactly as Typer would read them; None when Typer must read them instead."""
    if any(environ.get(name) for name in TYPER_VARIABLES) or not _plain(args):
        return None
    db = None
    rest = args
    if rest[:1] == ["--db"] and len(rest) > 1:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0][len("--db=") :], rest[1:]
    spec = COMMANDS.get(rest[0]) if rest else None
    if spec is None:
        return None
    found = _options(rest[1:], spec)
    if found is None:
        return None
    arguments, options = found
    if db is None:
        db = environ.get("COACHLOG_DB") or None  # Click reads an empty variable as unset
    if len(arguments) != spec.arguments or (db is not None and not db.strip()):
        return None
    return rest[0], db, arguments, options


def _plain(args: list[str]) -> bool:
    """No help asked for, no `--`, no second `--db` (cli/run.py moves one typed after the command), all UTF-8."""
    for index, arg in enumerate(args):
        if arg in ("--help", "-h", "--") or ((arg == "--db" or arg.startswith("--db=")) and index > 0):
            return False
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def _options(args: list[str], spec: Spec) -> tuple[list[str], dict[str, Any]] | None:
    """The command's arguments and options as Click's parser reads `args` (after CoachlogCommand's reading of a
    bare `--term`); None for anything it might read otherwise."""
    arguments: list[str] = []
    options: dict[str, Any] = {}
    previous = ""  # the word before, as CoachlogCommand sees it
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg[:1] != "-" or arg == "-":
            arguments.append(arg)
            previous = arg
            continue
        name, explicit = arg.split("=", 1) if arg.startswith("--") and "=" in arg else (arg, None)
        if name in spec.flags and explicit is None:
            options[spec.flags[name]] = True
            previous = arg
            continue
        if name not in spec.values or (explicit is not None and not name.startswith("--")):
            return None
        if explicit is None:
            following = args[index] if index < len(args) else None
            if name == BARE and (following is None or (following[:1] == "-" and following != "-")):
                if previous in spec.values:  # CoachlogCommand takes this --term for a value: Click reads it otherwise
                    return None
                from coachlog.domain.periods import CURRENT_TERM

                explicit = CURRENT_TERM
            elif following is None:
                return None
            else:
                explicit = following
                index += 1
        previous = explicit if arg == name else arg  # `--term=x`: the word itself; `--term x`: x (or the bare value)
        key = spec.values[name]
        if key in spec.repeated:
            options.setdefault(key, []).append(explicit)
        elif key in spec.paths:
            if not _readable_or_absent(explicit):
                return None  # click.Path refuses a file that is there but unreadable: Typer says so
            from pathlib import Path  # only `-o FILE` (export, summary): `add`, `log`, `report` never load it

            options[key] = Path(explicit)
        else:
            options[key] = explicit
    return arguments, options


def _readable_or_absent(path: str) -> bool:
    """Whether Typer's click.Path (exists=False, readable=True) takes `path` as it is: absent, or readable."""
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def answer(args: list[str]) -> bool:
    """Run `coachlog ARGS` when it is a line this module reads, and return True (SystemExit for a failure);
    False, with nothing done, when Typer must run it."""
    found = read(args, os.environ)
    if found is None:
        return False
    name, db, arguments, options = found
    from coachlog.cli.common import Failed, handled, start
    from coachlog.services.session import Session

    body = body_of(name)
    if COMMANDS[name].ranges:
        from coachlog.domain.periods import RangeChoice

        ranges = {key: options.pop(key) for key in (*RANGE_VALUES.values(), *RANGE_FLAGS.values()) if key in options}
        options["ranges"] = RangeChoice(**ranges)
    session = Session()
    try:
        handled(lambda: body(start(session, db, no_pager=False), *arguments, **options), lambda: session)
    except Failed as failed:
        raise SystemExit(failed.code) from None
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        from coachlog.cli.roothelp import discard_stdout  # a closed pipe: quietly, exit 1, as Click ends it

        discard_stdout()
        raise SystemExit(1) from None
    finally:
        session.close()
    return True


def body_of(name: str) -> Callable[..., None]:
    """What the command `name` runs once its line is read, given its session, arguments and options: the function
    its Typer command calls too."""
    if name == "add":
        from coachlog.cli.add_run import run_add

        return run_add
    if name == "summary":
        from coachlog.cli.summary_run import run_summary

        return run_summary
    if name == "import":
        from coachlog.cli.import_run import run_import

        return run_import
    from coachlog.cli.reports_run import run_export, run_log, run_report

    bodies: dict[str, Callable[..., None]] = {"log": run_log, "report": run_report, "export": run_export}
    return bodies[name]
