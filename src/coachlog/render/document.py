"""What every renderer shares: the formats, a titled Section of a page, and the words for one cell.

A page (the coach's summary, the program's one-pager) is a list of Sections; text.py,
markdown.py and html.py each write the same list, so a figure cannot differ between
formats. The cell words here (a bar, a percentage, a signed change, a hidden figure)
are written the same way in every table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("table", "csv", "json", "markdown")  # `log` and `report`
SUMMARY_FORMATS = ("markdown", "html", "text", "json")  # `summary`, a coach's or the program's
BAR_WIDTH = 20


@dataclass(frozen=True)
class Section:
    """A titled part of a page: some sentences, maybe a table, maybe a chart (HTML only)."""

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


def bar(percent: float | None) -> str:
    """A text bar of BAR_WIDTH characters, filled to `percent` (kept within 0..100); empty for no figure."""
    if percent is None:
        return ""
    filled = round(max(0.0, min(percent, 100.0)) / 100 * BAR_WIDTH)
    return "█" * filled + "·" * (BAR_WIDTH - filled)


def pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def signed(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return ""
    return f"{value:+g}{unit}" if value else f"±0{unit}"


def hidden_text(hidden: str | None, min_group: int) -> str:
    """What stands in for a figure withheld for `hidden` (FEWER or PROTECTS); nothing for a shown one."""
    from coachlog.reports.privacy import FEWER  # only a summary hides figures; a report never loads the rule

    if hidden == FEWER:
        return f"fewer than {min_group}"
    return "hidden" if hidden else ""
