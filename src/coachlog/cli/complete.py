"""Shell completion of values (bash, zsh, fish): teachers, terms, stances, activities, duty kinds, `--by`,
`--format` and setting keys.

The commands name these callbacks with `autocompletion=` (Typer offers the values that start
with what was typed). They run on every Tab keystroke, before any command: each reads what
it needs lazily through services/completion.py, which writes nothing and fails silently.
"""

import os
import re
from collections.abc import Iterable

import typer  # Typer reads each callback's annotations to hand it the context


def teachers(ctx: typer.Context, incomplete: str) -> list[str]:
    """The teachers in the database the line names (--db, COACHLOG_DB, or the default one)."""
    from coachlog.services.completion import database_names

    return _offer(database_names(_db_option(ctx))[0], incomplete)


def terms(ctx: typer.Context, incomplete: str) -> list[str]:
    """The terms in the database the line names."""
    from coachlog.services.completion import database_names

    return _offer(database_names(_db_option(ctx))[1], incomplete)


def stances(incomplete: str) -> list[str]:
    from coachlog.domain.values import STANCES

    return _offer(STANCES, incomplete)


def activities(incomplete: str) -> list[str]:
    """The built-in and configured activities."""
    from coachlog.services.completion import activities as known

    return _offer(known(), incomplete)


def activities_and_duties(incomplete: str) -> list[str]:
    """What `--activity` filters or sets on any entry: an activity or a duty's kind."""
    from coachlog.domain.values import DUTY_KINDS
    from coachlog.services.completion import activities as known

    return _offer(dict.fromkeys((*known(), *DUTY_KINDS)), incomplete)


def duty_kinds(incomplete: str) -> list[str]:
    from coachlog.domain.values import DUTY_KINDS

    return _offer(DUTY_KINDS, incomplete)


def groupings(incomplete: str) -> list[str]:
    """`report --by`."""
    from coachlog.reports.report import GROUPINGS

    return _offer(GROUPINGS, incomplete)


def formats(ctx: typer.Context, incomplete: str) -> list[str]:
    """`--format`: the formats of the command being completed."""
    from coachlog.formats.exchange import EXPORT_FORMATS
    from coachlog.render.document import FORMATS, SUMMARY_FORMATS

    by_command = {"summary": SUMMARY_FORMATS, "export": EXPORT_FORMATS}
    return _offer(by_command.get(ctx.info_name or "", FORMATS), incomplete)


def setting_keys(incomplete: str) -> list[str]:
    """`config set KEY`."""
    from coachlog.config import SETTING_KEYS

    return _offer(SETTING_KEYS, incomplete)


def setting_values(ctx: typer.Context, incomplete: str) -> list[str]:
    """`config set KEY VALUE`, for the keys with a closed set of values: week_start, calendar.default_stance,
    timezone."""
    from coachlog.config import SETTING_KEYS, WEEK_STARTS
    from coachlog.domain.values import STANCES

    typed = str(ctx.params.get("key") or "")
    key = next((k for k in SETTING_KEYS if k == typed.casefold()), None)
    if key == "timezone":
        import zoneinfo

        return _offer(sorted(zoneinfo.available_timezones()), incomplete)
    return _offer({"week_start": WEEK_STARTS, "calendar.default_stance": STANCES}.get(key or "", ()), incomplete)


# ---- how values are offered ------------------------------------------------------------------

_BASH_SPECIAL = re.compile(r"""([^\w.,:@%+=/-])""")


def _offer(values: Iterable[str], incomplete: str) -> list[str]:
    """The values to offer, each once; in bash, escaped as the line needs them ("Ms.\\ Rivera"), because bash
    inserts a completion as it is given (zsh and fish quote for themselves)."""
    offered = list(dict.fromkeys(values))
    if "COMP_WORDS" not in os.environ:
        return offered
    escaped = [_BASH_SPECIAL.sub(r"\\\1", value) for value in offered]
    return [new if new.startswith(incomplete) else old for old, new in zip(offered, escaped, strict=True)]


def _db_option(ctx: typer.Context) -> str | None:
    """The database the line being completed names: its `--db`, before or after the command (cli/run.py moves
    one typed after it when the command runs), else COACHLOG_DB, else None (the default file)."""
    from typer._click.shell_completion import split_arg_string

    words = split_arg_string(os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or "")
    for index, word in enumerate(words[1:], start=1):
        if word == "--":
            break
        if word == "--db" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--db="):
            return word.removeprefix("--db=")
    named = ctx.find_root().params.get("db")
    return named if isinstance(named, str) and named.strip() else None


def accept_click_instructions(variable: str = "_COACHLOG_COMPLETE") -> None:
    """Accept Click's spelling of a completion request (`bash_complete`) beside Typer's (`complete_bash`)."""
    shell, _, instruction = os.environ.get(variable, "").partition("_")
    if shell in ("bash", "zsh", "fish") and instruction in ("complete", "source"):
        os.environ[variable] = f"{instruction}_{shell}"
