"""The leadership summary as Markdown, text (Rich in a terminal), HTML and JSON.

All formats walk the same sections (`sections()`), built once from one Summary,
so a figure cannot differ between them. HTML adds SVG charts (charts.py) drawn
from the same Summary.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import STANCES
from coachlog.output import visible
from coachlog.render.report import write_table
from coachlog.reports.privacy import FEWER
from coachlog.reports.summary import Summary

SUMMARY_FORMATS = ("markdown", "html", "text", "json")
BAR_WIDTH = 20


@dataclass(frozen=True)
class Section:
    """A titled part of the summary: some sentences, maybe a table, maybe a chart (HTML only)."""

    title: str
    lines: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    right: frozenset[int] = field(default_factory=frozenset)  # right-aligned columns
    bar_column: int | None = None  # a text bar chart column (HTML draws a chart instead)
    chart: str | None = None  # "stances" or "trend"
    after: tuple[str, ...] = ()  # sentences after the table
    layout: str = "table"  # how HTML lays out the rows: "table", "figures" (tiles) or "inline" (one line)
    bullets: bool = False  # the lines are a list


def _hours(minutes: int | None, hidden: str | None, summary: Summary) -> str:
    return _hidden_text(hidden, summary) if minutes is None else format_minutes(minutes)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def _signed(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return ""
    return f"{value:+g}{unit}" if value else f"±0{unit}"


def _signed_minutes(minutes: int) -> str:
    if minutes == 0:
        return "±0"
    return ("+" if minutes > 0 else "-") + format_minutes(abs(minutes))


def _hidden_text(hidden: str | None, summary: Summary) -> str:
    """What stands in for a hidden figure; the last section explains both."""
    if hidden == FEWER:
        return f"fewer than {summary.min_group}"
    return "hidden" if hidden else ""


def _bar(value: float | None) -> str:
    if value is None:
        return ""
    filled = round(max(0.0, min(value, 100.0)) / 100 * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def _title(summary: Summary) -> str:
    who = ", ".join(x for x in (summary.coach, summary.school) if x)
    return f"Coaching summary — {who}" if who else "Coaching summary"


def _subtitle(summary: Summary) -> str:
    period = summary.period
    span = f"{period.start} to {period.end}"
    label = f"{period.label} ({span})" if period.label != span else span
    return f"{label} · made {summary.made.isoformat()}"


def _reach(summary: Summary) -> str:
    if summary.staff:
        return f"{summary.teachers} of {summary.staff} ({round(100 * summary.teachers / summary.staff):g}%)"
    return str(summary.teachers)


def sections(summary: Summary) -> list[Section]:
    """The summary's parts, in order, as text: what every format shows."""
    if summary.empty:
        return [
            Section(
                "Nothing logged yet",
                (
                    f"No sessions or duties were logged in {summary.period.label}"
                    f" ({summary.period.start} to {summary.period.end}).",
                    "Log a session with coachlog add, or choose another range (--term NAME, --from, --all).",
                ),
            )
        ]
    parts = [_key_figures(summary), _stance_mix(summary), _protected_time(summary), _trend(summary)]
    if summary.previous is not None:
        parts.append(_comparison(summary))
    parts.append(_activities(summary))
    parts.append(_voices(summary))
    if summary.names_shown:
        parts.append(Section("Teachers reached", (", ".join(summary.teacher_names) or "None.",)))
    parts.append(_privacy(summary))
    return parts


def _key_figures(summary: Summary) -> Section:
    rows = (
        ("Hours logged", format_minutes(summary.logged_minutes)),
        ("Hours with teachers", format_minutes(summary.with_teachers_minutes)),
        ("Sessions", str(summary.sessions)),
        ("Teachers reached", _reach(summary)),
        ("Duty hours", format_minutes(summary.duty_minutes)),
        ("Duty share of logged time", f"{summary.duty_percent:g}%"),
    )
    return Section("Key figures", headings=("figure", "value"), rows=rows, layout="figures")


def _stance_mix(summary: Summary) -> Section:
    targets = summary.has_targets and any(s.target is not None for s in summary.stances)
    headings = ("stance", "time", "share", "") + (("target", "difference") if targets else ())
    rows = []
    for share in summary.stances:
        row = (share.stance, _hours(share.minutes, share.hidden, summary), _pct(share.percent), _bar(share.percent))
        if targets:
            row += (_pct(share.target), _signed(share.difference, " pts"))
        rows.append(row)
    lines = ("Share of the time spent with teachers, by stance.",)
    if summary.too_few:
        lines += (_too_few_text(summary),)
    return Section(
        "Stance mix",
        lines,
        headings,
        tuple(rows),
        frozenset({1, 2, 4, 5}),
        bar_column=3,
        chart="stances",
    )


def _protected_time(summary: Summary) -> Section:
    line = f"{summary.with_teachers_percent:g}% of logged time was spent with teachers"
    if summary.with_teachers_target is not None:
        line += f" (target {summary.with_teachers_target:g}%, {_signed(summary.with_teachers_difference, ' pts')})"
    line += "."
    duties = tuple((kind, format_minutes(minutes)) for kind, minutes in summary.duty_by_kind.items())
    if not duties:
        return Section("Protected time", (line, "No duties were logged."))
    return Section(
        "Protected time",
        (line, f"Duties took {format_minutes(summary.duty_minutes)}:"),
        ("duty", "time"),
        duties,
        frozenset({1}),
        layout="inline",
    )


def _trend(summary: Summary) -> Section:
    headings = ("week of", *STANCES, "with teachers", "duties", "")
    busiest = max([w.with_teachers or 0 for w in summary.weeks] + [1])
    rows = []
    for week in summary.weeks:
        if week.hidden:
            cells = (_hidden_text(week.hidden, summary),) * (len(STANCES) + 1)
        else:
            stances = (_hours(week.stances[s], week.hidden_stances.get(s), summary) for s in STANCES)
            cells = (*stances, format_minutes(week.with_teachers or 0))
        bar = "" if week.with_teachers is None else _bar(100 * week.with_teachers / busiest)
        rows.append((week.start.isoformat(), *cells, format_minutes(week.duty_minutes), bar))
    return Section(
        "Week by week",
        ("Time with teachers by stance, and duties, each week (the bar: time with teachers).",),
        headings,
        tuple(rows),
        frozenset(range(1, len(headings) - 1)),
        bar_column=len(headings) - 1,
        chart="trend",
    )


def _comparison(summary: Summary) -> Section:
    before = summary.previous
    assert before is not None
    rows = [
        (
            "Hours logged",
            format_minutes(before.logged_minutes),
            format_minutes(summary.logged_minutes),
            _signed_minutes(before.logged_change),
        ),
        (
            "Hours with teachers",
            format_minutes(before.with_teachers_minutes),
            format_minutes(summary.with_teachers_minutes),
            _signed_minutes(before.with_teachers_change),
        ),
        ("Teachers reached", str(before.teachers), str(summary.teachers), _signed(before.teachers_change)),
    ]
    for share in summary.stances:
        then = before.stance_percent[share.stance]
        rows.append(
            (
                f"{share.stance} share",
                _pct(then) or "not shown",
                _pct(share.percent) or "not shown",
                _signed(before.stance_change[share.stance], " pts"),
            )
        )
    span = f"{before.period.start} to {before.period.end}"
    title = f"{before.label} ({span})"
    return Section(
        "Compared with the period before",
        (f"Against {title}.",),
        ("figure", "then", "now", "change"),
        tuple(rows),
        frozenset({1, 2, 3}),
    )


def _activities(summary: Summary) -> Section:
    rows = tuple(
        (a.activity, _hours(a.minutes, a.hidden, summary), _pct(a.percent), _bar(a.percent)) for a in summary.activities
    )
    if summary.too_few:
        return Section("Activities", (_too_few_text(summary),))
    if not rows:
        return Section("Activities", ("No sessions in this period.",))
    return Section(
        "Activities",
        ("Time with teachers by activity.",),
        ("activity", "time", "share", ""),
        rows,
        frozenset({1, 2}),
        3,
    )


def _too_few_text(summary: Summary) -> str:
    return (
        f"Not shown: this period covers fewer than {summary.min_group} teachers, so any breakdown would describe them."
    )


def _voices(summary: Summary) -> Section:
    lines = []
    for voice in summary.voices:
        who = f" — {', '.join(voice.teachers)}, {voice.local_date.isoformat()}" if summary.names_shown else ""
        if voice.helpful:
            lines.append(f'Most helpful: "{voice.helpful}"{who}')
        if voice.story:
            lines.append(f"Story: {voice.story}{who}")
    if not lines:
        return Section("Voices and stories", ("No answers or stories were marked as shareable in this period.",))
    return Section("Voices and stories", tuple(lines), bullets=True)


def _privacy(summary: Summary) -> Section:
    names = (
        "Teacher names are shown because the coach asked for them (--names)."
        if summary.names_shown
        else "Teachers are counted, never named."
    )
    return Section(
        "About these figures",
        (
            f"{names} Private notes are never included. Stories and answers appear only with the teacher's consent.",
            f"“fewer than {summary.min_group}” stands for a figure that would describe fewer than"
            f" {summary.min_group} teachers; “hidden” for one withheld so that such a figure cannot be worked"
            " out from the totals.",
            "A session with several teachers counts once.",
        ),
    )


# ---- formats -------------------------------------------------------------------------------


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>!|#"})


def _md_cell(text: str) -> str:
    """Text as Markdown shows it literally: no HTML, links, images, emphasis or headings from a story."""
    return visible(text.replace("\n", " ")).translate(_MARKDOWN_SPECIAL)


def render_markdown(summary: Summary) -> str:
    return markdown_page(_title(summary), _subtitle(summary), sections(summary))


def markdown_page(title: str, subtitle: str, parts: list[Section]) -> str:
    """Sections as one Markdown document (any one-pager: a coach's summary, a program's)."""
    out = [f"# {_md_cell(title)}", "", f"*{_md_cell(subtitle)}*", ""]
    for section in parts:
        out += [f"## {section.title}", ""]
        out += [(f"- {_md_cell(line)}" if section.bullets else _md_cell(line)) for line in section.lines]
        if section.lines:
            out.append("")
        if section.rows:
            out.append("| " + " | ".join(_md_cell(h) or "chart" for h in section.headings) + " |")
            out.append(
                "|" + "|".join("---:" if i in section.right else "---" for i in range(len(section.headings))) + "|"
            )
            out += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in section.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_text(summary: Summary, out: IO[str]) -> None:
    """Rich tables with bars in a terminal; the same as plain aligned text when piped."""
    text_page(_title(summary), _subtitle(summary), sections(summary), out)


def text_page(title: str, subtitle: str, parts: list[Section], out: IO[str]) -> None:
    write_table(out, [], [title, subtitle, ""])
    for section in parts:
        write_table(out, [], [section.title.upper(), *section.lines, *([""] if not section.rows else [])])
        if section.rows:
            table = (None, section.headings, [list(r) for r in section.rows], set(section.right))
            write_table(out, [table], [])


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary's data for programs (minutes as numbers; null where a figure is hidden)."""
    return {
        "coach": summary.coach,
        "school": summary.school,
        "period": {
            "start": summary.period.start.isoformat(),
            "end": summary.period.end.isoformat(),
            "label": summary.period.label,
        },
        "made": summary.made.isoformat(),
        "privacy": {"min_group": summary.min_group, "names": summary.names_shown},
        "totals": {
            "logged_minutes": summary.logged_minutes,
            "minutes": summary.with_teachers_minutes,
            "sessions": summary.sessions,
            "teachers": summary.teachers,
            "staff": summary.staff,
            "duty_minutes": summary.duty_minutes,
            "duty_percent": summary.duty_percent,
            "with_teachers_percent": summary.with_teachers_percent,
            "with_teachers_target": summary.with_teachers_target,
        },
        "stances": {
            s.stance: {
                "minutes": s.minutes,
                "percent": s.percent,
                "target": s.target,
                "difference": s.difference,
                "hidden": s.hidden,
            }
            for s in summary.stances
        },
        "duties": summary.duty_by_kind,
        "weeks": [
            {
                "start": w.start.isoformat(),
                **w.stances,
                "with_teachers": w.with_teachers,
                "duties": w.duty_minutes,
                "hidden": w.hidden,
            }
            for w in summary.weeks
        ],
        "previous": None
        if summary.previous is None
        else {
            "label": summary.previous.label,
            "start": summary.previous.period.start.isoformat(),
            "end": summary.previous.period.end.isoformat(),
            "logged_minutes": summary.previous.logged_minutes,
            "minutes": summary.previous.with_teachers_minutes,
            "teachers": summary.previous.teachers,
            "stance_percent": summary.previous.stance_percent,
            "stance_change": summary.previous.stance_change,
        },
        "activities": [
            {"activity": a.activity, "minutes": a.minutes, "percent": a.percent, "hidden": a.hidden}
            for a in summary.activities
        ],
        "voices": [
            {
                "helpful": v.helpful,
                "story": v.story,
                **({"teachers": list(v.teachers), "date": v.local_date.isoformat()} if summary.names_shown else {}),
            }
            for v in summary.voices
        ],
        **({"teachers_reached": list(summary.teacher_names)} if summary.names_shown else {}),
    }


def render(summary: Summary, fmt: str) -> str:
    """The summary as text in `fmt` (text: the plain form, as when piped)."""
    if fmt == "json":
        return json.dumps(summary_json(summary), indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return render_html(summary)
    if fmt == "text":
        import io

        buffer = io.StringIO()
        render_text(summary, buffer)
        return buffer.getvalue()
    return render_markdown(summary)


# ---- HTML ----------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.3rem 0 .4rem; border-bottom: 1px solid #bbb; padding-bottom: .15rem; }
p { margin: .3rem 0; }
.sub { color: #444; margin-bottom: .8rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
.wide { overflow-x: auto; }  /* a wide table scrolls on a phone instead of being cut off */
th, td { text-align: left; padding: .2rem .45rem; border-bottom: 1px solid #ddd; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(6.8rem, 1fr)); gap: .5rem; }
.figure { border: 1px solid #bbb; border-radius: 6px; padding: .45rem .6rem; }
.figure b { display: block; font-size: 1.25rem; }
.figure span { font-size: .85rem; color: #333; }
svg { display: block; max-width: 100%; height: auto; margin: .4rem 0; }
ul { padding-left: 1.2rem; margin: .3rem 0; }
footer { font-size: .85rem; color: #333; margin-top: 1rem; }
@media print {
  body { max-width: none; font-size: 9pt; line-height: 1.3; padding: 0; }
  h2 { margin: .7rem 0 .3rem; }
  th, td { padding: .05rem .35rem; }
  svg { max-height: 5.2cm; width: auto; }
  h2 { break-after: avoid; }
  svg, .figures, tr { break-inside: avoid; }
  @page { margin: 14mm; }
}
"""


def _html_table(section: Section) -> str:
    """The section's table, without its text bar column (the page draws a chart instead)."""
    columns = [i for i in range(len(section.headings)) if i != section.bar_column]

    def cell(tag: str, i: int, text: str, scope: str = "") -> str:
        number = ' class="n"' if i in section.right else ""
        scoped = f' scope="{scope}"' if scope else ""
        return f"<{tag}{scoped}{number}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", i, section.headings[i], "col") for i in columns)
    rows = "".join(
        "<tr>" + "".join(cell("th", i, row[i], "row") if i == 0 else cell("td", i, row[i]) for i in columns) + "</tr>"
        for row in section.rows
    )
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def render_html(summary: Summary) -> str:
    """One self-contained page: inline CSS and SVG, no scripts, nothing fetched."""
    from coachlog.render import charts

    def chart(name: str) -> str:
        return charts.stance_chart(summary) if name == "stances" else charts.trend_chart(summary)

    page_title = f"{_title(summary)} · {summary.period.label}"
    return html_page(_title(summary), _subtitle(summary), sections(summary), page_title, chart)


def html_page(
    title: str, subtitle: str, parts: list[Section], page_title: str, chart: Callable[[str], str] | None = None
) -> str:
    """Sections as one self-contained HTML page; `chart(name)` draws a section's chart (SVG), if given."""
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>", f'<p class="sub">{esc(subtitle)}</p>']
    for section in parts:
        body.append("<section>")
        body.append(f"<h2>{esc(section.title)}</h2>")
        if section.layout == "figures":
            body.append('<div class="figures">')
            body += [
                f'<div class="figure"><b>{esc(value)}</b><span>{esc(name)}</span></div>' for name, value in section.rows
            ]
            body.append("</div></section>")
            continue
        if section.bullets:
            body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in section.lines) + "</ul>")
        else:
            body += [f"<p>{esc(line)}</p>" for line in section.lines]
        if section.chart and chart is not None:
            body.append(chart(section.chart))
        if section.rows and section.layout == "inline":
            body.append("<p>" + " · ".join(f"{esc(name)} <b>{esc(value)}</b>" for name, value in section.rows) + "</p>")
        elif section.rows:
            body.append(_html_table(section))
        body += [f"<p>{esc(line)}</p>" for line in section.after]
        body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{esc(page_title)}</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
