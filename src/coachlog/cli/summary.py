"""`coachlog summary`: the one-pager for school leaders, confidential by default."""

from typing import Annotated

import typer

from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.options import NO_RANGE, OutputOption, range_options
from coachlog.domain.periods import RangeChoice


@app.command(cls=CoachlogCommand)
@range_options
def summary(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown, html, text or json (default: from -o's extension, else markdown).",
            autocompletion=complete.formats,
        ),
    ] = None,
    out: OutputOption = None,
    names: Annotated[
        bool, typer.Option("--names", help="Name teachers (by their stories, and who was reached). Off by default.")
    ] = False,
    team: Annotated[
        bool,
        typer.Option(
            "--team", help="The program's one-pager from a team database (coordinators; default: school year)."
        ),
    ] = False,
    tag: Annotated[
        str | None, typer.Option("--tag", "-t", hidden=True, help="Refused: a shared summary covers every session.")
    ] = None,
    ranges: RangeChoice = NO_RANGE,
) -> None:
    """A one-page summary to share with school leaders (default: the current term).

    Teachers are counted, never named (unless --names); notes are never included; answers
    and stories appear only when the teacher agreed (--shareable); a figure that would
    describe fewer than 5 teachers (config privacy.min_group, or the team's when larger,
    as your last push found it) is not shown, and times
    are summed from units rounded to 30 minutes, so that no two summaries can be
    subtracted to find one (your own `report` stays exact).

    \b
    Examples:
      coachlog summary > summary.md
      coachlog summary --format html -o summary.html
      coachlog summary --term "Term 1" --format text
      coachlog config set target.coaching 40 && coachlog summary
      coachlog --db "$TEAM_URL" summary --team --format html -o program.html
    """
    from coachlog.cli.summary_run import run_summary

    run_summary(get_state(ctx), fmt=fmt, out=out, names=names, team=team, tag=tag, ranges=ranges)
