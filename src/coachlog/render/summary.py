"""The leadership summary as Markdown, text (Rich in a terminal), HTML and JSON.

All formats walk the same sections (`sections()`), built once from one Summary,
so a figure cannot differ between them. HTML adds SVG charts (charts.py) drawn
from the same Summary.
"""

from __future__ import annotations

from typing import IO

from coachlog.domain.timeparse import format_minutes
from coachlog.domain.values import ROUND_TO, STANCES
from coachlog.render.document import Section, bar, hidden_text, pct, signed
from coachlog.reports.leaders import FigureSection
from coachlog.reports.privacy import FEWER, PROTECTS
from coachlog.reports.summary import Summary


def _hours(minutes: int | None, hidden: str | None, summary: Summary) -> str:
    return hidden_text(hidden, summary.min_group) if minutes is None else format_minutes(minutes)


def _few(summary: Summary) -> str:
    """What stands in for a key figure of a period about fewer than min_group teachers."""
    return hidden_text(FEWER, summary.min_group)


def _minutes(minutes: int | None, summary: Summary) -> str:
    return _few(summary) if minutes is None else format_minutes(minutes)


def _signed_minutes(minutes: int | None) -> str:
    if minutes is None:
        return "not shown"
    if minutes == 0:
        return "±0"
    return ("+" if minutes > 0 else "-") + format_minutes(abs(minutes))


def _title(summary: Summary) -> str:
    who = ", ".join(x for x in (summary.coach, summary.school) if x)
    return f"Coaching summary — {who}" if who else "Coaching summary"


def _subtitle(summary: Summary) -> str:
    period = summary.period
    span = f"{period.start} to {period.end}"
    label = f"{period.label} ({span})" if period.label != span else span
    return f"{label} · made {summary.made.isoformat()}"


def _reach(summary: Summary) -> str:
    if summary.teachers is None:
        return _few(summary)
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
    parts = [_key_figures(summary), _stance_mix(summary), _protected_time(summary)]
    parts += [part for part in map(_figure_section, summary.figures) if part.lines]
    parts.append(_trend(summary))
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
        ("Hours logged", _minutes(summary.logged_minutes, summary)),
        ("Hours with teachers", _minutes(summary.with_teachers_minutes, summary)),
        ("Sessions", _few(summary) if summary.sessions is None else str(summary.sessions)),
        ("Teachers reached", _reach(summary)),
        ("Duty hours", format_minutes(summary.duty_minutes)),
        ("Duty share of logged time", pct(summary.duty_percent) or _few(summary)),
    )
    lines = (_why_hidden(summary),) if summary.mostly_hidden else ()
    return Section("Key figures", lines, headings=("figure", "value"), rows=rows, layout="figures")


def _why_hidden(summary: Summary) -> str:
    """One line for a page the rule hides most of: why, and the range that would show the breakdown."""
    k, end = summary.min_group, summary.period.end
    where = "" if summary.too_few else " in most weeks, stances or activities"
    line = f"Most figures here are hidden: this period's sessions describe fewer than {k} teachers{where}."
    if summary.widen_from is None:
        return f"{line} No longer range ending {end} reaches {k} teachers in every stance yet."
    start = summary.widen_from
    return f"{line} From {start} to {end} (summary --from {start} --to {end}) every stance would show."


def _stance_mix(summary: Summary) -> Section:
    targets = summary.has_targets and any(s.target is not None for s in summary.stances)
    headings: tuple[str, ...] = ("stance", "time", "share", "") + (("target", "difference") if targets else ())
    rows = []
    for share in summary.stances:
        row: tuple[str, ...] = (
            share.stance,
            _hours(share.minutes, share.hidden, summary),
            pct(share.percent),
            bar(share.percent),
        )
        if targets:
            row += (pct(share.target), signed(share.difference, " pts"))
        rows.append(row)
    lines: tuple[str, ...] = ("Share of the time spent with teachers, by stance.",)
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
    if summary.with_teachers_percent is None:
        line = f"The share of logged time with teachers is not shown: it would describe fewer than {summary.min_group}"
    else:
        line = f"{summary.with_teachers_percent:g}% of logged time was spent with teachers"
    if summary.with_teachers_target is not None and summary.with_teachers_percent is not None:
        line += f" (target {summary.with_teachers_target:g}%, {signed(summary.with_teachers_difference, ' pts')})"
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


def _figure_section(figures: FigureSection) -> Section:
    """A section of further figures (reports/leaders.py), the same in every format: each shown figure's sentence,
    and a line for one hidden because it would describe too few teachers (one hidden for its range says nothing).
    A quiet figure (no prep logged) has no sentence."""
    lines = []
    for line in figures.lines:
        if line.quiet:
            continue
        if line.text is not None:
            lines.append(line.text)
        elif line.hidden == FEWER:
            lines.append(f"{line.key.replace('_', ' ').capitalize()}: not shown (it would describe too few teachers).")
        elif line.hidden == PROTECTS:
            lines.append(
                f"{line.key.replace('_', ' ').capitalize()}: hidden (with the figures shown, it would let one about"
                " too few teachers be worked out)."
            )
    return Section(figures.title, tuple(lines), bullets=True)


def _trend(summary: Summary) -> Section:
    headings = ("week of", *STANCES, "with teachers", "duties", "")
    busiest = max([w.with_teachers or 0 for w in summary.weeks] + [1])
    rows = []
    for week in summary.weeks:
        if week.hidden:
            cells = (hidden_text(week.hidden, summary.min_group),) * (len(STANCES) + 1)
        else:
            stances = (_hours(week.stances[s], week.hidden_stances.get(s), summary) for s in STANCES)
            cells = (*stances, format_minutes(week.with_teachers or 0))
        trend_bar = "" if week.with_teachers is None else bar(100 * week.with_teachers / busiest)
        rows.append((week.start.isoformat(), *cells, format_minutes(week.duty_minutes), trend_bar))
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
            _minutes(before.logged_minutes, summary),
            _minutes(summary.logged_minutes, summary),
            _signed_minutes(before.logged_change),
        ),
        (
            "Hours with teachers",
            _minutes(before.with_teachers_minutes, summary),
            _minutes(summary.with_teachers_minutes, summary),
            _signed_minutes(before.with_teachers_change),
        ),
        (
            "Teachers reached",
            _few(summary) if before.teachers is None else str(before.teachers),
            _few(summary) if summary.teachers is None else str(summary.teachers),
            signed(before.teachers_change) or "not shown",
        ),
    ]
    for share in summary.stances:
        then = before.stance_percent[share.stance]
        rows.append(
            (
                f"{share.stance} share",
                pct(then) or "not shown",
                pct(share.percent) or "not shown",
                signed(before.stance_change[share.stance], " pts"),
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
        (a.activity, _hours(a.minutes, a.hidden, summary), pct(a.percent), bar(a.percent)) for a in summary.activities
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
            "Times are summed from each day's time per stance and activity, each rounded to"
            f" {ROUND_TO} minutes, up or down by a fixed random rule, so that no two summaries can be"
            " subtracted to find one teacher's time. Duties and counts are exact.",
            "A session with several teachers counts once.",
        ),
    )


# ---- formats -------------------------------------------------------------------------------


def render_markdown(summary: Summary) -> str:
    from coachlog.render.markdown import markdown_page  # each format's writer only when it is the one asked for

    return markdown_page(_title(summary), _subtitle(summary), sections(summary))


def render_text(summary: Summary, out: IO[str]) -> None:
    """Rich tables with bars in a terminal; the same as plain aligned text when piped."""
    from coachlog.render.text import text_page

    text_page(_title(summary), _subtitle(summary), sections(summary), out)


def render(summary: Summary, fmt: str) -> str:
    """The summary as text in `fmt` (text: the plain form, as when piped)."""
    if fmt == "json":
        from coachlog.render.json_text import pretty_json
        from coachlog.render.summary_json import summary_json

        return pretty_json(summary_json(summary)) + "\n"
    if fmt == "html":
        return render_html(summary)
    if fmt == "text":
        import io

        buffer = io.StringIO()
        render_text(summary, buffer)
        return buffer.getvalue()
    return render_markdown(summary)


# ---- HTML ----------------------------------------------------------------------------------


def render_html(summary: Summary) -> str:
    """One self-contained page: inline CSS and SVG, no scripts, nothing fetched."""
    from coachlog.render import charts
    from coachlog.render.html import html_page

    def chart(name: str) -> str:
        return charts.stance_chart(summary) if name == "stances" else charts.trend_chart(summary)

    page_title = f"{_title(summary)} · {summary.period.label}"
    return html_page(_title(summary), _subtitle(summary), sections(summary), page_title, chart)
