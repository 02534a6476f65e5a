"""The team's figures for a coordinator: `report --team` (table, CSV, JSON, Markdown) and `summary --team`.

Both render one TeamFigures, as the database withheld it: a withheld figure is None with
its reason beside it, and renderers only choose how to say it ("fewer than 5", "hidden").
The one-pager is a list of render.document Sections, so each of its formats shows the same
figures as the others.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from typing import IO, Any

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES
from coachlog.formats.exchange import neutralise
from coachlog.render import markdown
from coachlog.render import team_work as work
from coachlog.render.document import Section, bar, hidden_text, pct, signed
from coachlog.render.html import html_page
from coachlog.render.markdown import markdown_page
from coachlog.render.team_counts import (
    COUNT_CSV_HEADINGS,
    COUNT_HEADINGS,
    count_notes,
    count_rows,
    counts_csv,
    counts_json,
    counts_section,
    counts_withheld,
)
from coachlog.render.text import text_page, write_table
from coachlog.reports.privacy import PROTECTS
from coachlog.reports.report import percent
from coachlog.reports.team import Figures, TeamFigures

TOTALS_LABEL = "all coaches"  # never a coach: role names are lowercase letters, digits and _
CSV_TOTALS_LABEL = "(all coaches)"
SHARES_NOTE = (
    "Stance shares and the share in cycles are of the time with teachers; the duty share is of all logged time."
)
COUNTED_NOTE = "Teachers are counted per coach: a teacher whom two coaches work with counts for each."


def _withheld(figures: Figures, stance: str, min_group: int) -> str:
    """What stands in for a stance figure the database withheld (one withheld without a reason reads "hidden")."""
    return hidden_text(figures.hidden.get(stance, PROTECTS), min_group)


def _share_cell(figures: Figures, stance: str, min_group: int) -> str:
    share = figures.share(stance)
    return _withheld(figures, stance, min_group) if share is None else f"{share:g}%"


def _cycle_cell(figures: Figures, min_group: int) -> str:
    """Time in cycles as a share of the time with teachers, or why it is withheld."""
    share = figures.cycle_share
    return hidden_text(figures.cycle_why or PROTECTS, min_group) if share is None else f"{share:g}%"


def _row(figures: Figures, min_group: int) -> list[str]:
    return [
        figures.label,
        str(figures.sessions),
        format_minutes(figures.session_minutes),
        *(_share_cell(figures, stance, min_group) for stance in STANCES),
        _cycle_cell(figures, min_group),
        format_minutes(figures.duty_minutes),
        f"{figures.duty_percent:g}%",
        str(figures.teachers),
    ]


HEADINGS = ("coach", "sessions", "with teachers", *STANCES, "in cycles", "duties", "duty share", "teachers")


def left_out_text(team: TeamFigures) -> str:
    """What is not shown, and why: the left-out coaches appear only as their number, in no row and no total."""
    n = team.coaches_left_out
    if n == 0:
        return f"Every coach who logged time in this period is shown: each reached {team.min_group} or more teachers."
    return (
        f"{_coaches(n)} left out: each reached fewer than {team.min_group} teachers in this period."
        " The totals are the shown coaches' sums (sessions, teachers and times), so that no one coach's figures"
        " can be worked out."
    )


def hidden_note(min_group: int) -> str:
    return (
        f"“fewer than {min_group}” stands for a figure that would describe fewer than {min_group} teachers;"
        " “hidden” for one withheld so that such a figure cannot be worked out from the others."
    )


def _duty_line(team: TeamFigures) -> str:
    if not team.duties:
        return "Duties: none logged."
    parts = [f"{kind} {format_minutes(minutes)} ({_coaches(count)})" for kind, (minutes, count) in team.duties.items()]
    return "Duties: " + ", ".join(parts)


def _coaches(count: int) -> str:
    return f"{count} coach" + ("" if count == 1 else "es")


def figures_json(figures: Figures) -> dict[str, Any]:
    return {
        "sessions": figures.sessions,
        "minutes": figures.session_minutes,
        "duty_minutes": figures.duty_minutes,
        "prep_minutes": figures.prep_minutes,
        "logged_minutes": figures.logged_minutes,
        "duty_percent": figures.duty_percent,
        "teachers": figures.teachers,
        "stances": {
            stance: {
                "minutes": figures.stances[stance],
                "percent": figures.share(stance),
                "hidden": figures.hidden.get(stance),
            }
            for stance in STANCES
        },
        "cycles": {"minutes": figures.cycle_minutes, "percent": figures.cycle_share, "hidden": figures.cycle_why},
        "cycle_counts": {**counts_json(figures.counts), **work.work_json(figures)},
        "coaching_lost": work.lost_json(figures),
    }


def team_json(team: TeamFigures, label: str) -> dict[str, Any]:
    """The JSON contract of `report --team` (null where a figure is withheld; "hidden" says why)."""
    return {
        "period": {
            "start": team.start.isoformat() if team.start else None,
            "end": team.end.isoformat() if team.end else None,
            "label": label,
        },
        "privacy": {"min_group": team.min_group},
        "coaches": [{"coach": f.label, **figures_json(f)} for f in team.coaches],
        "totals": {
            **figures_json(team.totals),
            "coaches_shown": len(team.coaches),
            "coaches_left_out": team.coaches_left_out,
        },
        "duties": {kind: {"minutes": minutes, "coaches": count} for kind, (minutes, count) in team.duties.items()},
    }


def _csv_record(figures: Figures, label: str, left_out: int | None = None) -> list[object]:
    cells: list[object] = [label, figures.sessions, figures.session_minutes]
    for stance in STANCES:
        minutes, share = figures.stances[stance], figures.share(stance)
        cells += ["" if minutes is None else minutes, "" if share is None else share]
    in_cycles = [figures.cycle_minutes, figures.cycle_share]
    return [
        *cells,
        figures.duty_minutes,
        figures.duty_percent,
        figures.teachers,
        *("" if value is None else value for value in in_cycles),
        *counts_csv(figures.counts),
        *work.work_csv(figures),
        "" if left_out is None else left_out,
    ]


CSV_HEADINGS = (
    "coach",
    "sessions",
    "minutes",
    *(f"{stance}_{what}" for stance in STANCES for what in ("minutes", "percent")),
    "duty_minutes",
    "duty_percent",
    "teachers",
    "cycles_minutes",
    "cycles_percent",
    *COUNT_CSV_HEADINGS,
    *work.WORK_CSV_HEADINGS,
    "coaches_left_out",  # the totals' row: how many coaches are left out (in none of its figures)
)


def render_team_report(team: TeamFigures, fmt: str, out: IO[str], heading: str, label: str) -> None:
    """`report --team` in `fmt`: a row per coach shown, then the program's totals."""
    if fmt == "json":
        json.dump(team_json(team, label), out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    if fmt == "csv":  # a withheld figure is an empty cell
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADINGS)
        for figures in team.coaches:
            writer.writerow([neutralise(cell) for cell in _csv_record(figures, figures.label)])
        totals = _csv_record(team.totals, CSV_TOTALS_LABEL, team.coaches_left_out)  # areas, departments: text
        writer.writerow([neutralise(cell) for cell in totals])
        return
    rows = [_row(figures, team.min_group) for figures in (*team.coaches, team.totals)]
    lines = [_duty_line(team), left_out_text(team), SHARES_NOTE, COUNTED_NOTE, *count_notes(team)]
    if any(
        figures.hidden or figures.cycle_why or counts_withheld(figures.counts)
        for figures in (*team.coaches, team.totals)
    ):
        lines.append(hidden_note(team.min_group))
    counts, worked = count_rows(team), work.work_rows(team)
    lines.append(work.WORK_NOTE)
    if fmt == "markdown":
        out.write(f"## {heading}\n\n")
        out.write(markdown.table(HEADINGS, rows))
        out.write("\n### Cycles and reach\n\n")
        out.write(markdown.table(COUNT_HEADINGS, counts))
        out.write(f"\n### {work.WORK_TITLE}\n\n")
        out.write(markdown.table(work.WORK_HEADINGS, worked))
        out.write("\n")
        out.write("".join(f"- {line}\n" for line in lines))
        return
    tables = [
        (heading, HEADINGS, rows, set(range(1, len(HEADINGS)))),
        ("Cycles and reach", COUNT_HEADINGS, counts, set(range(1, len(COUNT_HEADINGS)))),
        (work.WORK_TITLE, work.WORK_HEADINGS, worked, {1}),
    ]
    write_table(out, tables, lines)


# ---- the program one-pager -------------------------------------------------------------------


def summary_title(school: str | None) -> str:
    return f"Coaching program summary — {school}" if school else "Coaching program summary"


def summary_subtitle(label: str, made: date) -> str:
    return f"{label} · made {made.isoformat()}"


def team_sections(
    team: TeamFigures, targets: dict[str, float], with_teachers_target: float | None, cycles_target: float | None = None
) -> list[Section]:
    """The program one-pager, as sections every format renders alike."""
    totals = team.totals
    if totals.logged_minutes == 0 and not team.coaches_left_out:
        return [Section("Nothing logged yet", ("No coach logged sessions or duties in this period.",))]
    return [
        _key_figures(team, cycles_target),
        _stance_mix(team, targets, with_teachers_target),
        _coach_by_coach(team),
        counts_section(team),
        work.work_section(team),
        _duties(team),
        _left_out(team),
    ]


def cycles_text(totals: Figures, min_group: int, target: float | None) -> str:
    """The program's time in coaching cycles, its share of the time with teachers and the target (`target.cycles`)."""
    share = totals.cycle_share
    if totals.cycle_minutes is None or share is None:
        return hidden_text(totals.cycle_why or PROTECTS, min_group)
    text = f"{format_minutes(totals.cycle_minutes)} ({share:g}% of the time with teachers"
    if target is not None:
        text += f"; target {target:g}%, {signed(round(share - target, 1))} pts"
    return text + ")"


def _key_figures(team: TeamFigures, cycles_target: float | None) -> Section:
    totals = team.totals
    return Section(
        "Key figures",
        headings=("figure", "value"),
        rows=(
            ("Coaches shown", str(len(team.coaches))),
            ("Coaches not shown", str(team.coaches_left_out)),
            ("Hours with teachers", format_minutes(totals.session_minutes)),
            ("Sessions", str(totals.sessions)),
            ("Teachers reached", str(totals.teachers)),
            ("Time in coaching cycles", cycles_text(totals, team.min_group, cycles_target)),
            ("Duty hours", format_minutes(totals.duty_minutes)),
            ("Duty share of logged time", f"{totals.duty_percent:g}%"),
        ),
        layout="figures",
    )


def _stance_mix(team: TeamFigures, targets: dict[str, float], with_teachers_target: float | None) -> Section:
    totals = team.totals
    with_teachers = percent(totals.session_minutes, totals.logged_minutes)
    protected = f"{with_teachers:g}% of the logged time was spent with teachers"
    if with_teachers_target is not None:
        protected += (
            f" (target {with_teachers_target:g}%, {signed(round(with_teachers - with_teachers_target, 1))} pts)"
        )
    with_targets = any(stance in targets for stance in STANCES)
    stance_rows = []
    for stance in STANCES:
        share = totals.share(stance)
        minutes = totals.stances[stance]
        row: tuple[str, ...] = (
            stance,
            _withheld(totals, stance, team.min_group) if minutes is None else format_minutes(minutes),
            pct(share),
            bar(share),
        )
        if with_targets:
            target = targets.get(stance)
            difference = None if share is None or target is None else round(share - target, 1)
            row += (pct(target), signed(difference, " pts"))
        stance_rows.append(row)
    whose = "the shown coaches together" if team.coaches_left_out else "all coaches together"
    return Section(
        "Program stance mix",
        (f"Share of the time coaches spent with teachers, by stance, {whose}.", protected + "."),
        ("stance", "time", "share", "") + (("target", "difference") if with_targets else ()),
        tuple(stance_rows),
        frozenset({1, 2, 4, 5}),
        bar_column=3,
    )


def _coach_by_coach(team: TeamFigures) -> Section:
    if not team.coaches:
        return Section("Coach by coach", (f"No coach reached {team.min_group} or more teachers in this period.",))
    coach_rows = tuple(tuple(_row(figures, team.min_group)) for figures in team.coaches)
    return Section(
        "Coach by coach",
        (SHARES_NOTE,),
        HEADINGS,
        (*coach_rows, tuple(_row(team.totals, team.min_group))),
        frozenset(range(1, len(HEADINGS))),
    )


def _duties(team: TeamFigures) -> Section:
    duty_rows = tuple((kind, format_minutes(m), str(n)) for kind, (m, n) in team.duties.items())
    if not duty_rows:
        return Section("Duties by kind", ("No duties were logged.",))
    return Section(
        "Duties by kind",
        ("Time pulled away from coaching, by kind of duty.",),
        ("duty", "time", "coaches"),
        duty_rows,
        frozenset({1, 2}),
    )


def _left_out(team: TeamFigures) -> Section:
    return Section(
        "What is left out, and why",
        (
            left_out_text(team),
            hidden_note(team.min_group),
            "Teachers are counted, never named; notes, answers and stories are never included. " + COUNTED_NOTE,
        ),
    )


def team_summary_json(
    team: TeamFigures, label: str, made: date, targets: dict[str, float], cycles_target: float | None = None
) -> dict[str, Any]:
    data = team_json(team, label)
    data["made"] = made.isoformat()
    data["targets"] = {stance: targets[stance] for stance in STANCES if stance in targets}
    data["cycles_target"] = cycles_target
    return data


def render_team_summary(
    team: TeamFigures,
    fmt: str,
    *,
    label: str,
    made: date,
    school: str | None,
    targets: dict[str, float],
    with_teachers_target: float | None,
    cycles_target: float | None = None,
    out: IO[str] | None = None,
) -> str:
    """The program one-pager as text in `fmt`; `out` given (text format): written there, Rich in a terminal."""
    if fmt == "json":
        data = team_summary_json(team, label, made, targets, cycles_target)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    title, subtitle = summary_title(school), summary_subtitle(label, made)
    parts = team_sections(team, targets, with_teachers_target, cycles_target)
    if fmt == "html":
        return html_page(title, subtitle, parts, f"{title} · {label}")
    if fmt == "text":
        import io

        buffer = io.StringIO()
        text_page(title, subtitle, parts, out if out is not None else buffer)
        return buffer.getvalue()
    return markdown_page(title, subtitle, parts)
