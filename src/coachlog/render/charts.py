"""Inline SVG charts for the HTML summary: plain generated SVG, no library, nothing fetched.

Each chart is an <svg role="img"> with a <title> and a <desc> that says every
number it draws, for screen readers; bars carry their value as text too, so a
black-and-white print still reads. Hidden figures (privacy.py) are not drawn.
"""

from __future__ import annotations

from html import escape

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES
from coachlog.reports.summary import Summary

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


def trend_chart(summary: Summary) -> str:
    """Stacked columns per week: time with teachers by stance, then duties (hatched) on top."""
    weeks = summary.weeks
    left, top, plot_height, plot_width = 44, 12, 170, 560
    height = top + plot_height + 58
    tallest = max([(w.with_teachers or 0) + w.duty_minutes for w in weeks] + [60])
    step_hours = max(1, round(tallest / 60 / 4))
    scale = plot_height / (tallest * 1.05)
    slot = plot_width / max(len(weeks), 1)
    column = max(2.0, min(34.0, slot * 0.7))
    body = [
        '<defs><pattern id="duty-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#555" stroke-width="2.5"/></pattern></defs>'
    ]
    for hours in range(0, int(tallest / 60 * 1.05) + 1, step_hours):
        y = round(top + plot_height - hours * 60 * scale, 1)
        body.append(f'<line x1="{left}" x2="{left + plot_width}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4}" font-size="11" text-anchor="end">{hours}h</text>')
    said = []
    label_every = max(1, round(len(weeks) / 10))
    for index, week in enumerate(weeks):
        x = round(left + index * slot + (slot - column) / 2, 1)
        base = top + plot_height
        parts = [(s, week.stances[s]) for s in STANCES] if not week.hidden else []
        for stance, minutes in parts:
            if not minutes:
                continue
            h = round(minutes * scale, 1)
            base -= h
            body.append(
                f'<rect class="bar" data-week="{week.start}" data-stance="{stance}" data-minutes="{minutes}"'
                f' x="{x}" y="{round(base, 1)}" width="{round(column, 1)}" height="{h}" fill="{COLOURS[stance]}">'
                f"<title>week of {week.start}: {stance} {format_minutes(minutes)}</title></rect>"
            )
        if week.not_shown:  # hidden cells together: derivable anyway, so drawn as one grey block
            h = round(week.not_shown * scale, 1)
            base -= h
            body.append(
                f'<rect class="bar hidden" data-week="{week.start}" data-minutes="{week.not_shown}" x="{x}"'
                f' y="{round(base, 1)}" width="{round(column, 1)}" height="{h}" fill="#c8c8c8">'
                f"<title>week of {week.start}: {format_minutes(week.not_shown)} in stances not shown</title></rect>"
            )
        if week.duty_minutes:
            h = round(week.duty_minutes * scale, 1)
            base -= h
            body.append(
                f'<rect class="bar duty" data-week="{week.start}" data-minutes="{week.duty_minutes}" x="{x}"'
                f' y="{round(base, 1)}" width="{round(column, 1)}" height="{h}" fill="{DUTY_FILL}" stroke="#555"'
                f' stroke-width="0.5"><title>week of {week.start}: duties {format_minutes(week.duty_minutes)}</title>'
                "</rect>"
            )
        if week.hidden:
            body.append(
                f'<text x="{x + column / 2:.1f}" y="{top + plot_height - 4}" font-size="10" text-anchor="middle">'
                f"<title>{escape(_reason(week.hidden, summary))}</title>–</text>"
            )
            said.append(
                f"week of {week.start}: time with teachers not shown, duties {format_minutes(week.duty_minutes)}"
            )
        else:
            split = ", ".join(
                f"{s} {format_minutes(week.stances[s] or 0)}" if week.stances[s] is not None else f"{s} not shown"
                for s in STANCES
            )
            said.append(
                f"week of {week.start}: {format_minutes(week.with_teachers or 0)} with teachers ({split}),"
                f" duties {format_minutes(week.duty_minutes)}"
            )
        if index % label_every == 0:
            body.append(
                f'<text x="{x + column / 2:.1f}" y="{top + plot_height + 14}" font-size="10" text-anchor="middle">'
                f"{week.start:%m-%d}</text>"
            )
    legend_y = top + plot_height + 34
    legend = [*((s, COLOURS[s]) for s in STANCES), ("not shown", "#c8c8c8"), ("duties", DUTY_FILL)]
    for index, (name, fill) in enumerate(legend):
        x = left + index * 112
        body.append(
            f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{fill}" stroke="#555" stroke-width="0.5"/>'
        )
        body.append(f'<text x="{x + 19}" y="{legend_y + 12}" font-size="12">{name}</text>')
    return _svg(
        left + plot_width + 10,
        height,
        "Week by week",
        "Hours each week, stacked by stance, with duties on top: " + "; ".join(said) + ".",
        body,
        "trend-chart",
    )
