"""A titled Section of a page (the coach's summary, the program's one-pager): what text.py, markdown.py and
html.py each write. Kept out of document.py, which `log` and `report` import, so that they do not create it (nor
load `dataclasses`); still importable from document.py by its old name.
"""

from __future__ import annotations

from coachlog.domain.frozen import NamedTuple


class Section(NamedTuple):
    """A titled part of a page: some sentences, maybe a table, maybe a chart (HTML only)."""

    title: str
    lines: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    right: frozenset[int] = frozenset()  # right-aligned columns
    bar_column: int | None = None  # a text bar chart column (HTML draws a chart instead)
    chart: str | None = None  # "stances" or "trend"
    after: tuple[str, ...] = ()  # sentences after the table
    layout: str = "table"  # how HTML lays out the rows: "table", "figures" (tiles) or "inline" (one line)
    bullets: bool = False  # the lines are a list
