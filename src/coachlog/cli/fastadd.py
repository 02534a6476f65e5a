"""`coachlog add` without loading Typer (issue 17): the command a coach types many times a day.

Importing Typer costs more than the rest of `add` together. coachlog.main() hands the command line here first:
a well-formed `[--db PATH] add TEACHER STANCE DURATION [OPTIONS]`, each option one of add's own written as Click
reads it (`--note TEXT`, `--note=TEXT`, `-n TEXT`, a flag alone), runs at once through the same code the Typer
command runs (cli/add_run.py, cli/common.py). Anything else (help, completion, `--`, an unknown or misspelled
option, a missing value, a wrong number of arguments, `-nTEXT`, `--db` after the command or twice, a blank
`--db`, an argument that is not UTF-8) is left untouched for Typer, which parses it and prints its own message.
tests/system/test_fast_add.py runs random command lines through both paths and compares everything.
Standard library only.
"""

import errno
import os
from collections.abc import Mapping
from typing import Any

from coachlog.cli.roothelp import TYPER_VARIABLES

# add's options (cli/entries.py `add`, cli/options.py): every spelling Click accepts -> the parameter's name.
VALUE_OPTIONS = {
    "--with": "with_", "-w": "with_", "--at": "at", "--note": "note", "-n": "note", "--activity": "activity",
    "-a": "activity", "--tag": "tag", "-t": "tag", "--helpful": "helpful", "--story": "story", "--cycle": "cycle",
    "--next": "next_", "--by": "by",
}  # fmt: skip
FLAG_OPTIONS = {"--shareable": "shareable", "--no-cycle": "no_cycle"}
REPEATED = frozenset({"with_", "tag"})  # list options: each one given adds a value; any other, the last one wins


def read(args: list[str], environ: Mapping[str, str]) -> tuple[str | None, list[str], dict[str, Any]] | None:
    """`args` (the command line after `coachlog`) as (the database option, add's arguments, its options by
    parameter name), exactly as Typer would read them; None when Typer must read them instead."""
    if any(environ.get(name) for name in TYPER_VARIABLES) or not _plain(args):
        return None
    db = None
    rest = args
    if rest[:1] == ["--db"] and len(rest) > 1:
        db, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--db="):
        db, rest = rest[0][len("--db=") :], rest[1:]
    if rest[:1] != ["add"]:
        return None
    found = _options(rest[1:])
    if found is None:
        return None
    arguments, options = found
    if db is None:
        db = environ.get("COACHLOG_DB") or None  # Click reads an empty variable as unset
    if len(arguments) != 3 or (db is not None and not db.strip()):
        return None
    return db, arguments, options


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


def _options(args: list[str]) -> tuple[list[str], dict[str, Any]] | None:
    """add's arguments and options as Click's parser reads `args`; None for anything it might read otherwise."""
    arguments: list[str] = []
    options: dict[str, Any] = {}
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg[:1] != "-" or arg == "-":
            arguments.append(arg)
            continue
        name, explicit = arg.split("=", 1) if arg.startswith("--") and "=" in arg else (arg, None)
        if name in FLAG_OPTIONS and explicit is None:
            options[FLAG_OPTIONS[name]] = True
            continue
        if name not in VALUE_OPTIONS or (explicit is not None and not name.startswith("--")):
            return None
        if explicit is None:
            if index == len(args):
                return None
            explicit = args[index]
            index += 1
        key = VALUE_OPTIONS[name]
        if key in REPEATED:
            options.setdefault(key, []).append(explicit)
        else:
            options[key] = explicit
    return arguments, options


def answer(args: list[str]) -> bool:
    """Run `coachlog ARGS` when it is an `add` this module reads, and return True (SystemExit for a failure);
    False, with nothing done, when Typer must run it."""
    found = read(args, os.environ)
    if found is None:
        return False
    db, (teacher, stance, duration), options = found
    from coachlog.cli.add_run import run_add
    from coachlog.cli.common import Failed, handled, start
    from coachlog.services.session import Session

    session = Session()
    try:
        handled(
            lambda: run_add(start(session, db, no_pager=False), teacher, stance, duration, **options), lambda: session
        )
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
