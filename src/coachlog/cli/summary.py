"""`coachlog summary`: the one-pager for school leaders, confidential by default."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coachlog import output
from coachlog.cli import complete
from coachlog.cli.app import CoachlogCommand, app, get_state
from coachlog.cli.common import output_format
from coachlog.cli.options import NO_RANGE, OutputOption, range_options
from coachlog.domain.periods import RangeChoice
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.reports.summary import Summary


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
    describe fewer than 5 teachers (config privacy.min_group) is not shown, and times
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
    from coachlog.render.document import SUMMARY_FORMATS
    from coachlog.services import reports

    session = get_state(ctx)
    fmt = output_format(fmt, out, SUMMARY_FORMATS, "markdown")
    if tag is not None:
        raise UsageError(
            "--tag is not for a shared summary: a tagged one subtracted from the whole could show a few teachers'"
            " time; see your tagged sessions with `report --tag`"
        )
    if team:
        if names:
            raise UsageError("--names is for your own summary: team figures never name a teacher")
        _team_summary(session, ranges, fmt, out)
        return
    data = reports.summary(session, ranges, names)
    _write(data, fmt, out)
    if out is not None and data.voices and session.db_url is None and not session.store.read_only:
        # what a summary sent on (-o) shared, for `consent where`; one printed stays a read, never a write
        from coachlog.services import consent

        consent.record_summary(session, data.period, fmt, str(out.absolute()) if out else None)


def _write(data: "Summary", fmt: str, out: Path | None) -> None:
    from coachlog.render.summary import render, render_text

    if out is None:
        if fmt == "text":
            render_text(data, sys.stdout)  # Rich in a terminal, plain when piped
        else:
            sys.stdout.write(render(data, fmt))
        return
    from coachlog.files import private_text_file

    with private_text_file(out) as handle:
        handle.write(render(data, fmt))
    period = data.period
    output.note(f"Wrote the summary of {period.label} ({period.start} to {period.end}) to {out}")


def _team_summary(session: Session, ranges: RangeChoice, fmt: str, out: Path | None) -> None:
    """`coachlog summary --team`: the program one-pager."""
    from coachlog.render.team import render_team_summary
    from coachlog.services.team import figures

    view = figures(session, ranges, "summary --team")
    settings = session.settings
    options: dict[str, Any] = {
        "label": view.span,
        "made": session.today(),
        "school": settings.school,
        "targets": settings.targets,
        "with_teachers_target": settings.target_with_teachers,
        "cycles_target": settings.target_cycles,
    }
    if out is None:
        if fmt == "text":
            render_team_summary(view.figures, fmt, out=sys.stdout, **options)  # Rich in a terminal, plain when piped
        else:
            sys.stdout.write(render_team_summary(view.figures, fmt, **options))
        return
    from coachlog.files import private_text_file

    with private_text_file(out) as handle:
        handle.write(render_team_summary(view.figures, fmt, **options))
    output.note(f"Wrote the program summary of {options['label']} to {out}")
