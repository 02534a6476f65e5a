"""The options commands share (`--at`, `--note`, the range options...) and small argument parsers.

Typer reads a command's options from its signature: the aliases here are what those
signatures say. Annotations are evaluated on purpose (no `from __future__ import annotations`).
"""

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from coachlog.cli import complete
from coachlog.domain.names import resolve_choice
from coachlog.domain.periods import RangeChoice
from coachlog.errors import UsageError

AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it started: 09:15, yesterday, 'tue 9:15', now, -30m, '2 days ago', 12/1, 'Dec 1 9:15',"
        " 2026-11-20. Default: it just ended.",
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="A private note (never in shared summaries).")]
NextOption = Annotated[
    str | None,
    typer.Option("--next", help="A next step to check back on with the (first) teacher; `coachlog due` lists them."),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="When the next step is due: friday, tomorrow, 'in 3 days', 12/10, 2026-12-10. Default: in a week.",
        metavar="DATE",
    ),
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="A tag; repeat for more.", autocompletion=complete.tags)
]
TagFilterOption = Annotated[
    str | None, typer.Option("--tag", "-t", help="Only entries with this tag.", autocompletion=complete.tags)
]
TeacherFilterOption = Annotated[
    str | None, typer.Option("--teacher", help="Only sessions with this teacher.", autocompletion=complete.teachers)
]
HelpfulOption = Annotated[
    str | None,
    typer.Option("--helpful", help='The teacher\'s answer to "What was most helpful for you today?"'),
]
StoryOption = Annotated[str | None, typer.Option("--story", help="A success worth telling.")]

# ---- who and what: completed from the database and the settings (cli/complete.py) -----------

TeacherArgument = Annotated[
    str,
    typer.Argument(
        metavar="TEACHER", help="The teacher (matched ignoring case and punctuation).", autocompletion=complete.teachers
    ),
]
StanceArgument = Annotated[
    str,
    typer.Argument(
        metavar="STANCE",
        help="consulting, collaborating or coaching (or a prefix: cons, collab, coach).",
        autocompletion=complete.stances,
    ),
]
WithOption = Annotated[
    list[str] | None,
    typer.Option(
        "--with", "-w", help="Another teacher in the session; repeat for more.", autocompletion=complete.teachers
    ),
]
CycleOption = Annotated[
    str | None, typer.Option("--cycle", help="The coaching cycle it belongs to (default: its teacher's open one).")
]
NoCycleOption = Annotated[bool, typer.Option("--no-cycle", help="Link it to no coaching cycle.")]
ActivityOption = Annotated[
    str | None,
    typer.Option(
        "--activity",
        "-a",
        help="What you did: planning, observing, modeling, co-teaching, debrief, data, team, workshop,"
        " resources, leaders, other (or a prefix).",
        autocompletion=complete.activities,
    ),
]
OtherTeachersOption = Annotated[  # `edit`
    list[str] | None,
    typer.Option(
        "--with", "-w", help="The other teachers (replaces them); repeat for more.", autocompletion=complete.teachers
    ),
]
EntryActivityOption = Annotated[  # `edit`
    str | None,
    typer.Option(
        "--activity",
        "-a",
        help="The activity, or a duty's kind ('' clears it).",
        autocompletion=complete.activities_and_duties,
    ),
]
EditShareableOption = Annotated[  # `edit`
    bool | None,
    typer.Option(
        "--shareable/--not-shareable", help="Whether the teacher agreed their answer and story may be shared."
    ),
]
EditCycleOption = Annotated[str | None, typer.Option("--cycle", help="Link the session to this coaching cycle.")]
EditNoCycleOption = Annotated[bool, typer.Option("--no-cycle", help="Take the session out of its cycle.")]
EntryTagsOption = Annotated[  # `edit`
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        help="The tags (replaces them); repeat for more; --tag '' removes them all.",
        autocompletion=complete.tags,
    ),
]

# ---- ranges ---------------------------------------------------------------------------------

WeekOption = Annotated[bool, typer.Option("--week", help="This week.")]
LastWeekOption = Annotated[bool, typer.Option("--last-week", help="Last week.")]
MonthOption = Annotated[bool, typer.Option("--month", help="This month.")]
TermOption = Annotated[
    str | None,
    typer.Option(
        "--term",
        help="The term holding today, or a named term: --term 'Term 1'.",
        metavar="[NAME]",
        autocompletion=complete.terms,
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option("--from", help="First day, inclusive (YYYY-MM-DD, yesterday, mon, 12/1, Dec 1, 2 days ago...)."),
]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, inclusive.")]
AllOption = Annotated[bool, typer.Option("--all", help="Everything logged.")]
TodayOption = Annotated[bool, typer.Option("--today", help="Today.")]
YesterdayOption = Annotated[bool, typer.Option("--yesterday", help="Yesterday.")]
LastMonthOption = Annotated[bool, typer.Option("--last-month", help="Last month.")]
YearOption = Annotated[bool, typer.Option("--year", help="This school year, 1 July to 30 June.")]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, csv, json or markdown.", autocompletion=complete.formats)
]
ListFormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, csv or json.", autocompletion=complete.list_formats)
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (created owner-only).")]

NO_RANGE = RangeChoice()  # what a command sees when no range option is given

_RANGE_OPTIONS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
    for name, annotation, default in (
        ("today", TodayOption, False),
        ("yesterday", YesterdayOption, False),
        ("week", WeekOption, False),
        ("last_week", LastWeekOption, False),
        ("month", MonthOption, False),
        ("last_month", LastMonthOption, False),
        ("year", YearOption, False),
        ("term", TermOption, None),
        ("from_", FromOption, None),
        ("to", ToOption, None),
        ("all_", AllOption, False),
    )
]


def range_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give `command` the range options, handed to it as one `ranges: RangeChoice` argument.

    Typer reads a command's options from its signature, so the wrapper's signature is
    the command's own (less `ranges`) plus the range options.
    """
    signature = inspect.signature(command)
    own = [param for param in signature.parameters.values() if param.name != "ranges"]

    @functools.wraps(command)
    def with_ranges(*args: Any, **kwargs: Any) -> Any:
        ranges = RangeChoice(**{param.name: kwargs.pop(param.name) for param in _RANGE_OPTIONS})
        return command(*args, ranges=ranges, **kwargs)

    with_ranges.__signature__ = signature.replace(parameters=[*own, *_RANGE_OPTIONS])  # type: ignore[attr-defined]
    return with_ranges


# ---- small parsers --------------------------------------------------------------------------


def parse_entry_id(text: str) -> int:
    value = text.strip().lstrip("#")
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise UsageError(f"invalid id '{text}': use the number shown by `coachlog log`, such as 42 or #42")
    return int(value)


def parse_format(value: str, choices: tuple[str, ...]) -> str:
    return resolve_choice(value, choices, "format")
