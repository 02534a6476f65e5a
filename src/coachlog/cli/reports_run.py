"""What `coachlog log`, `report` and `export` do once their command lines are read, standard library only: the
Typer commands (cli/reports.py) and the fast path that skips Typer (cli/fastpath.py) both call run_log(),
run_report() and run_export(), so the two cannot drift apart.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from coachlog import output
from coachlog.cli.common import output_format
from coachlog.cli.show import heading
from coachlog.domain.names import resolve_choice
from coachlog.domain.periods import RangeChoice
from coachlog.errors import UsageError
from coachlog.services.session import Session

if TYPE_CHECKING:
    from pathlib import Path

    from coachlog.formats.exchange import StoredRow


def no_pager_option(no_pager: bool) -> None:
    """A command's own `--no-pager`: print straight to the terminal (the root option's start() set paging)."""
    if no_pager:
        output.PAGING["on"] = False


def run_log(
    session: Session,
    *,
    teacher: str | None = None,
    stance: str | None = None,
    activity: str | None = None,
    duties: bool = False,
    long: bool = False,
    no_pager: bool = False,
    tag: str | None = None,
    ranges: RangeChoice,
    fmt: str = "table",
) -> None:
    """`coachlog log` with its options as typed: the entries of the range, filtered, one line each (or in full)."""
    from coachlog.render.document import FORMATS
    from coachlog.render.entries import render_log
    from coachlog.services import entries

    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    fmt = resolve_choice(fmt, FORMATS, "format")
    period = session.period(ranges, default="week")
    no_pager_option(no_pager)
    shown = render_log(entries.listed(session, period, filters), fmt, sys.stdout, session.tz, long)
    if fmt == "table" and not shown:
        output.note(_nothing_listed(any((teacher, stance, activity, duties, tag)), ranges.all_))


def _nothing_listed(filtered: bool, everything: bool) -> str:
    """What an empty listing says, for the options given: --all is suggested only when it was not given."""
    if filtered:
        return "No entries match these filters." if everything else "No entries match these filters in this range."
    if everything:
        return "No entries yet: log one with `coachlog add`."
    return "No entries in this range. Try --all, or log one with `coachlog add`."


def run_report(
    session: Session,
    *,
    by: str | None = None,
    teacher: str | None = None,
    tag: str | None = None,
    team: bool = False,
    no_pager: bool = False,
    ranges: RangeChoice,
    fmt: str = "table",
) -> None:
    """`coachlog report` with its options as typed: the stance split, rows, reach and duties of the range (or
    every coach of a team database side by side)."""
    from coachlog.render.document import FORMATS
    from coachlog.render.report import render_report
    from coachlog.services import reports

    fmt = resolve_choice(fmt, FORMATS, "format")
    no_pager_option(no_pager)
    if team:
        if by:
            raise UsageError("--by is for your own report: --team shows one row per coach")
        if teacher is not None or tag is not None:
            raise UsageError("--teacher and --tag are for your own report: team figures never name a teacher")
        from coachlog.render.team import render_team_report
        from coachlog.services.team import figures

        view = figures(session, ranges, "report --team")
        render_team_report(view.figures, fmt, sys.stdout, f"Coaching program — {view.span}", view.label)
        return
    from coachlog.services import entries

    chosen = entries.filters(session, teacher, None, None, False, tag)
    result, period = reports.report(session, ranges, by, chosen)
    only = [
        f"with {chosen.teacher}" if chosen.teacher is not None else "",
        f"tagged {chosen.tag}" if chosen.tag else "",
    ]
    title = " · ".join([heading(session, period), *filter(None, only)])
    render_report(result, fmt, sys.stdout, title)


_NO_BOM = " (UTF-8, no byte-order mark; add --bom for Excel or LibreOffice)"


def run_export(
    session: Session,
    *,
    fmt: str | None = None,
    out: Path | None = None,
    raw: bool = False,
    bom: bool = False,
    teacher: str | None = None,
    stance: str | None = None,
    activity: str | None = None,
    duties: bool = False,
    tag: str | None = None,
    ranges: RangeChoice,
) -> None:
    """`coachlog export` with its options as typed: one row per entry of the range (default: everything), as CSV or
    JSON, on stdout or into `out` (owner-only, with a progress bar on a terminal for a long one)."""
    from coachlog.formats.exchange import EXPORT_FORMATS, write_rows_csv, write_rows_json
    from coachlog.services import entries

    fmt = output_format(fmt, out, EXPORT_FORMATS, "csv")
    if bom and fmt != "csv":
        raise UsageError(f"--bom is for CSV: a {fmt} file has no byte-order mark (drop --bom, or --format csv)")
    filters = entries.filters(session, teacher, stance, activity, duties, tag)
    period = session.period(ranges, default="all")
    rows: Iterable[StoredRow] = entries.rows(session, period, filters)  # cells straight from the rows: no Entry each
    if out is None:
        if fmt == "csv":
            write_rows_csv(rows, sys.stdout, session.tz, raw, bom)
        else:
            write_rows_json(rows, sys.stdout, session.tz)
        return
    from coachlog.files import private_text_file

    if sys.stderr.isatty():
        rows = output.progress(rows, entries.count(session, period, filters), "Exporting")
    with private_text_file(out) as handle:
        count = (
            write_rows_csv(rows, handle, session.tz, raw, bom)
            if fmt == "csv"
            else write_rows_json(rows, handle, session.tz)
        )
    encoding = "" if fmt != "csv" else " (UTF-8 with a byte-order mark)" if bom else _NO_BOM
    output.note(f"Wrote {count} entries to {out}{encoding}")
