"""Tables and lines for a person: drawn by Rich in a terminal, as plain aligned text anywhere else.

Rich is imported only when a table is drawn in a terminal, so a piped command (and
`coachlog --help`) does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

from coachlog.output import visible

if TYPE_CHECKING:
    from coachlog.render.document import Section

Table = tuple[str | None, "Iterable[str]", "list[list[str]]", set[int]]  # title, headings, rows, right-aligned
SHRINKABLE_COLUMNS = ("teachers", "activity", "note", "helpful", "story")  # may wrap on a narrow screen


def write_table(out: IO[str], tables: Sequence[Table], lines: list[str]) -> None:
    """Tables then lines: drawn by Rich in a terminal, as plain aligned text anywhere else.

    Piped output stays plain and parseable (no borders, no colour, no wrapping) and
    does not pay for importing Rich.
    """
    # Stored text (a note, a name from an old database or an invitation) may hold control characters:
    # show them escaped, never let the terminal obey them.
    tables = [
        (title, headings, [[visible(cell) for cell in row] for row in rows], right)
        for title, headings, rows, right in tables
    ]
    lines = [visible(text) for text in lines]
    if out.isatty():
        _rich_tables(tables, lines)
        return
    for title, headings, rows, right in tables:
        if title:
            out.write(f"{title}\n\n")
        headings = list(headings)
        widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headings)]

        out.write(_plain_line(headings, widths, right))
        out.write(_plain_line(["-" * w for w in widths], widths, right))
        out.writelines(_plain_line(row, widths, right) for row in rows)
        out.write("\n")
    out.writelines(f"{text}\n" for text in lines)


def _plain_line(cells: Iterable[str], widths: list[int], right: set[int]) -> str:
    padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "  ".join(padded).rstrip() + "\n"


def _rich_tables(tables: list[Table], lines: list[str]) -> None:
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    from coachlog.output import console

    screen = console()
    for title, headings, rows, right in tables:
        table = RichTable(
            title=Text(title) if title else None,
            box=box.SIMPLE_HEAD,
            header_style="bold",
            title_justify="left",
            padding=(0, 1, 0, 0),  # with the box's blank rule, two spaces between columns
            show_edge=False,
        )
        headings = list(headings)
        for index, heading in enumerate(headings):
            # names, activities and notes wrap on a narrow screen; figures and dates never do
            table.add_column(
                heading, justify="right" if index in right else "left", no_wrap=heading not in SHRINKABLE_COLUMNS
            )
        for cells in rows:
            table.add_row(*(Text(cell) for cell in cells))
        screen.print(table)
    for text in lines:
        screen.print(Text(text))


def text_page(title: str, subtitle: str, parts: list[Section], out: IO[str]) -> None:
    """Sections as text: Rich tables with bars in a terminal, the same as plain aligned text when piped."""
    write_table(out, [], [title, subtitle, ""])
    for section in parts:
        write_table(out, [], [section.title.upper(), *section.lines, *([""] if not section.rows else [])])
        if section.rows:
            table = (None, section.headings, [list(r) for r in section.rows], set(section.right))
            write_table(out, [table], [])
