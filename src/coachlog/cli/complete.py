"""Shell completion of values (bash, zsh, fish): teachers, terms, tags, stances, activities, duty kinds, `--by`,
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


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """The tags in use in the database the line names (`--tag`)."""
    from coachlog.services.completion import database_names

    return _offer(database_names(_db_option(ctx))[2], incomplete)


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


def prep_activities(incomplete: str) -> list[str]:
    """`prep --activity`."""
    from coachlog.domain.values import PREP_ACTIVITIES

    return _offer(PREP_ACTIVITIES, incomplete)


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


def list_formats(incomplete: str) -> list[str]:
    """`--format` of the listings (status, teacher list, term list, config show)."""
    from coachlog.cli.show import LISTING_FORMATS

    return _offer(LISTING_FORMATS, incomplete)


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
_QUOTES = ("'", '"')
_AS_TYPED: dict[str, str] = {}  # "word": the word bash completes, when keep_bash_word_as_typed had to quote it


def _offer(values: Iterable[str], incomplete: str) -> list[str]:
    """The values to offer, each once. bash inserts a completion as it is given: outside quotes each comes
    escaped as the line needs it ("Ms.\\ Rivera"); in a word the coach opened with a quote, as it is (bash
    closes the quote). zsh and fish quote for themselves."""
    offered = list(dict.fromkeys(values))
    word = _bash_word()
    if word is None or word.startswith(_QUOTES):
        return offered
    return [_BASH_SPECIAL.sub(r"\\\1", value) for value in offered]


def _bash_word() -> str | None:
    """The word bash is completing as the coach typed it (escapes and quotes kept), or None outside bash.

    The completion script passes bash's words joined by newlines (`local IFS=$'\\n'`; "${COMP_WORDS[*]}")."""
    if "COMP_WORDS" not in os.environ:
        return None
    if "word" in _AS_TYPED:
        return _AS_TYPED["word"]
    words = os.environ["COMP_WORDS"].split("\n")
    try:
        return words[int(os.environ.get("COMP_CWORD", ""))]
    except (ValueError, IndexError):
        return ""


def keep_bash_word_as_typed() -> None:
    """Hand Click the word bash completes as typed ("Ms.\\ Riv", not "Ms. Riv") when it holds an escape outside
    quotes: Typer keeps the values that start with the word Click saw, and in bash they come escaped (`_offer`)."""
    word = _bash_word() if os.environ.get("_COACHLOG_COMPLETE") == "complete_bash" else None
    if not word or word.startswith(_QUOTES) or "\\" not in word:
        return
    import shlex

    words = os.environ["COMP_WORDS"].split("\n")
    _AS_TYPED["word"] = word
    words[int(os.environ["COMP_CWORD"])] = shlex.quote(word)  # Click unquotes it back to the text as typed
    os.environ["COMP_WORDS"] = "\n".join(words)


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
