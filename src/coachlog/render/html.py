"""HTML: one self-contained page of Sections (inline CSS, SVG charts if given, no scripts, nothing fetched)."""

from __future__ import annotations

from collections.abc import Callable

from coachlog.render.document import Section


def escape(text: str) -> str:
    """html.escape(text): &, <, >, " and ' as character references, without importing `html` (it loads
    html.entities' two thousand names: a millisecond of every HTML summary's start-up, issue 17)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;")


CSS = """
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
        return f"<{tag}{scoped}{number}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, section.headings[i], "col") for i in columns)
    rows = "".join(
        "<tr>" + "".join(cell("th", i, row[i], "row") if i == 0 else cell("td", i, row[i]) for i in columns) + "</tr>"
        for row in section.rows
    )
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def html_page(
    title: str, subtitle: str, parts: list[Section], page_title: str, chart: Callable[[str], str] | None = None
) -> str:
    """Sections as one self-contained HTML page; `chart(name)` draws a section's chart (SVG), if given."""
    esc = escape
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
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
