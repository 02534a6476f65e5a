"""What `coachlog summary` does once its command line is read, standard library only: the Typer command
(cli/summary.py) and the fast path that skips Typer (cli/fastpath.py) both call run_summary(), so the two cannot
drift apart.
"""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachlog import output
from coachlog.cli.common import output_format
from coachlog.domain.periods import RangeChoice
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from coachlog.reports.summary import Summary


def run_summary(
    session: Session,
    *,
    fmt: str | None = None,
    out: Path | None = None,
    names: bool = False,
    team: bool = False,
    tag: str | None = None,
    ranges: RangeChoice,
) -> None:
    """`coachlog summary` with its options as typed: the one-pager of the range (default: the term holding today),
    on stdout or into `out` (owner-only), and the record of what a summary sent on (-o) shared."""
    from coachlog.render.document import SUMMARY_FORMATS
    from coachlog.services import reports

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
