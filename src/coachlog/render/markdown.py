"""Markdown: a table, a page of Sections, and the escapers, each named for what it protects.

`cell` protects a table's shape (a "|" or a line break in a note would split or end
the row); `literal` protects the reader too: text a coach or a teacher typed (a story,
a title) shows as written, never as HTML, a link, an image, emphasis or a heading.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from coachlog.output import visible

if TYPE_CHECKING:
    from coachlog.render.document import Section

# Markdown's special characters, each shown literally behind a backslash (the backslash itself first)
MARKDOWN_SPECIAL = "\\`*_[]<>!|#"


def _escaped(text: str) -> str:
    """Each of MARKDOWN_SPECIAL behind a backslash: str.replace once per character, five times as fast as
    str.translate with a table of two-character strings (a summary at a million entries escapes 6,000 stories)."""
    for special in MARKDOWN_SPECIAL:
        if special in text:
            text = text.replace(special, "\\" + special)
    return text


def cell(text: str) -> str:
    """Text as one table cell: backslashes and pipes escaped, line breaks made spaces."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def literal(text: str) -> str:
    """Text as Markdown shows it literally: no HTML, links, images, emphasis or headings from a story."""
    if text.isprintable():  # most text: nothing for `visible` to escape (a newline or control is not printable)
        return _escaped(text)
    return _escaped(visible(text.replace("\n", " ")))


def table(headings: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A Markdown table (as `log` and `report` write it): headings as given, each cell through `cell`."""
    headings = list(headings)
    lines = ["| " + " | ".join(headings) + " |", "|" + "|".join("---" for _ in headings) + "|"]
    lines += ["| " + " | ".join(cell(text) for text in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def markdown_page(title: str, subtitle: str, parts: list[Section]) -> str:
    """Sections as one Markdown document (any one-pager: a coach's summary, a program's)."""
    out = [f"# {literal(title)}", "", f"*{literal(subtitle)}*", ""]
    for section in parts:
        out += [f"## {section.title}", ""]
        out += [(f"- {literal(line)}" if section.bullets else literal(line)) for line in section.lines]
        if section.lines:
            out.append("")
        if section.rows:
            out.append("| " + " | ".join(literal(h) or "chart" for h in section.headings) + " |")
            out.append(
                "|" + "|".join("---:" if i in section.right else "---" for i in range(len(section.headings))) + "|"
            )
            out += ["| " + " | ".join(literal(text) for text in row) + " |" for row in section.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
