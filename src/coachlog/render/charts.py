"""Inline SVG charts for the HTML summary: plain generated SVG, no library, nothing fetched.

Each chart is an <svg role="img"> with a <title> and a <desc> that says every
number it draws, for screen readers; bars carry their value as text too, so a
black-and-white print still reads. Hidden figures (privacy.py) are not drawn.
"""

from __future__ import annotations

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES
from coachlog.render.html import escape
from coachlog.reports.summary import Summary, WeekTrend

COLOURS = {"consulting": "#9cc3e6", "collaborating": "#3d7cc0", "coaching": "#173f6d"}
DUTY_FILL = "url(#duty-hatch)"
TEXT_ON = {"consulting": "#000", "collaborating": "#fff", "coaching": "#fff"}


def _svg(width: int, height: int, title: str, desc: str, body: list[str], ident: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc" class="chart" id="{ident}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _reason(hidden: str | None, summary: Summary) -> str:
    if hidden == "fewer":
        return f"fewer than {summary.min_group} teachers"
    return "hidden so that a small group cannot be worked out"


def stance_chart(summary: Summary) -> str:
    """One horizontal bar per stance, 0 to 100% of the time with teachers, with the target marked."""
    label_width, bar_width, row, top = 120, 380, 34, 22
    height = top + row * len(STANCES) + 10
    body = [
        f'<text x="{label_width}" y="14" font-size="11" fill="#333">0%</text>',
        f'<text x="{label_width + bar_width}" y="14" font-size="11" fill="#333" text-anchor="end">100%</text>',
    ]
    said = []
    for index, share in enumerate(summary.stances):
        y = top + index * row
        body.append(f'<text x="0" y="{y + 17}" font-size="13">{escape(share.stance)}</text>')
        body.append(f'<rect x="{label_width}" y="{y + 3}" width="{bar_width}" height="20" fill="none" stroke="#bbb"/>')
        if share.percent is None:
            text = _reason(share.hidden, summary) if share.hidden else "no time with teachers"
            body.append(f'<text x="{label_width + 6}" y="{y + 17}" font-size="12" fill="#333">{escape(text)}</text>')
            said.append(f"{share.stance}: {text}")
        else:
            width = round(bar_width * share.percent / 100, 1)
            body.append(
                f'<rect class="bar" data-stance="{share.stance}" data-percent="{share.percent:g}"'
                f' x="{label_width}" y="{y + 3}" width="{width}" height="20" fill="{COLOURS[share.stance]}"'
                f' stroke="#000" stroke-width="0.5"><title>{share.stance} {share.percent:g}%</title></rect>'
            )
            body.append(
                f'<text x="{label_width + width + 4}" y="{y + 17}" font-size="12">{share.percent:g}%'
                f" · {escape(format_minutes(share.minutes or 0))}</text>"
            )
            said.append(f"{share.stance} {share.percent:g}% ({format_minutes(share.minutes or 0)})")
        if share.target is not None:
            x = label_width + round(bar_width * share.target / 100, 1)
            body.append(
                f'<line class="target" x1="{x}" x2="{x}" y1="{y}" y2="{y + 26}" stroke="#c00" stroke-width="2"'
                f' stroke-dasharray="3 2"><title>target {share.target:g}%</title></line>'
            )
            said[-1] += f", target {share.target:g}%"
    return _svg(
        label_width + bar_width + 110,
        height,
        "Stance mix",
        "Share of the time with teachers by stance: " + "; ".join(said) + ".",
        body,
        "stance-chart",
    )


class _Plot(NamedTuple):
    """Where the trend chart draws: the plot area, minutes to pixels, and each week's slot and column width."""

    left: int
    top: int
    height: int
    width: int
    scale: float
    slot: float
    column: float

    @property
    def bottom(self) -> int:
        return self.top + self.height


def trend_chart(summary: Summary) -> str:
    """Stacked columns per week: time with teachers by stance, then duties (hatched) on top."""
    weeks = summary.weeks
    tallest = max([(w.with_teachers or 0) + w.duty_minutes for w in weeks] + [60])
    slot = 560 / max(len(weeks), 1)
    plot = _Plot(
        left=44,
        top=12,
        height=170,
        width=560,
        scale=170 / (tallest * 1.05),
        slot=slot,
        column=max(2.0, min(34.0, slot * 0.7)),
    )
    body = [
        '<defs><pattern id="duty-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2.5"/></pattern></defs>',
        *_hour_lines(plot, tallest),
    ]
    said = []
    label_every = max(1, round(len(weeks) / 10))
    for index, week in enumerate(weeks):
        x = round(plot.left + index * plot.slot + (plot.slot - plot.column) / 2, 1)
        body.extend(_week_column(week, x, plot, summary))
        said.append(_week_said(week))
        if index % label_every == 0:
            body.append(
                f'<text x="{x + plot.column / 2:.1f}" y="{plot.bottom + 14}" font-size="10" text-anchor="middle">'
                f"{week.start:%m-%d}</text>"
            )
    body.extend(_trend_legend(plot.left, plot.bottom + 34))
    return _svg(
        plot.left + plot.width + 10,
        plot.bottom + 58,
        "Week by week",
        "Hours each week, stacked by stance, with duties on top: " + "; ".join(said) + ".",
        body,
        "trend-chart",
    )


def _hour_lines(plot: _Plot, tallest: int) -> list[str]:
    """Horizontal grid lines, labelled in hours, about four of them up to the tallest week."""
    step_hours = max(1, round(tallest / 60 / 4))
    lines = []
    for hours in range(0, int(tallest / 60 * 1.05) + 1, step_hours):
        y = round(plot.bottom - hours * 60 * plot.scale, 1)
        lines.append(f'<line x1="{plot.left}" x2="{plot.left + plot.width}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        lines.append(f'<text x="{plot.left - 6}" y="{y + 4}" font-size="11" text-anchor="end">{hours}h</text>')
    return lines


def _week_column(week: WeekTrend, x: float, plot: _Plot, summary: Summary) -> list[str]:
    """One week's stacked bars: shown stances, the hidden cells as one grey block, duties; a dash if hidden."""
    body = []
    base: float = plot.bottom
    width = round(plot.column, 1)
    parts = [(s, week.stances[s]) for s in STANCES] if not week.hidden else []
    for stance, minutes in parts:
        if not minutes:
            continue
        h = round(minutes * plot.scale, 1)
        base -= h
        body.append(
            f'<rect class="bar" data-week="{week.start}" data-stance="{stance}" data-minutes="{minutes}"'
            f' x="{x}" y="{round(base, 1)}" width="{width}" height="{h}" fill="{COLOURS[stance]}">'
            f"<title>week of {week.start}: {stance} {format_minutes(minutes)}</title></rect>"
        )
    if week.not_shown:  # hidden cells together: derivable anyway, so drawn as one grey block
        h = round(week.not_shown * plot.scale, 1)
        base -= h
        body.append(
            f'<rect class="bar hidden" data-week="{week.start}" data-minutes="{week.not_shown}" x="{x}"'
            f' y="{round(base, 1)}" width="{width}" height="{h}" fill="#c8c8c8">'
            f"<title>week of {week.start}: {format_minutes(week.not_shown)} in stances not shown</title></rect>"
        )
    if week.duty_minutes:
        h = round(week.duty_minutes * plot.scale, 1)
        base -= h
        body.append(
            f'<rect class="bar duty" data-week="{week.start}" data-minutes="{week.duty_minutes}" x="{x}"'
            f' y="{round(base, 1)}" width="{width}" height="{h}" fill="{DUTY_FILL}" stroke="#555"'
            f' stroke-width="0.5"><title>week of {week.start}: duties {format_minutes(week.duty_minutes)}</title>'
            "</rect>"
        )
    if week.hidden:
        body.append(
            f'<text x="{x + plot.column / 2:.1f}" y="{plot.bottom - 4}" font-size="10" text-anchor="middle">'
            f"<title>{escape(_reason(week.hidden, summary))}</title>–</text>"
        )
    return body


def _week_said(week: WeekTrend) -> str:
    """The week in words, for the chart's description."""
    if week.hidden:
        return f"week of {week.start}: time with teachers not shown, duties {format_minutes(week.duty_minutes)}"
    split = ", ".join(
        f"{s} {format_minutes(week.stances[s] or 0)}" if week.stances[s] is not None else f"{s} not shown"
        for s in STANCES
    )
    return (
        f"week of {week.start}: {format_minutes(week.with_teachers or 0)} with teachers ({split}),"
        f" duties {format_minutes(week.duty_minutes)}"
    )


def _trend_legend(left: int, y: int) -> list[str]:
    """A swatch and a name for each stance, the grey "not shown" block and the hatched duties."""
    legend = [*((s, COLOURS[s]) for s in STANCES), ("not shown", "#c8c8c8"), ("duties", DUTY_FILL)]
    body = []
    for index, (name, fill) in enumerate(legend):
        x = left + index * 112
        body.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="#555" stroke-width="0.5"/>')
        body.append(f'<text x="{x + 19}" y="{y + 12}" font-size="12">{name}</text>')
    return body
