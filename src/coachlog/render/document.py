"""What every renderer shares: the formats, a titled Section of a page, and the words for one cell.

A page (the coach's summary, the program's one-pager) is a list of Sections; text.py,
markdown.py and html.py each write the same list, so a figure cannot differ between
formats. The cell words here (a bar, a percentage, a signed change, a hidden figure)
are written the same way in every table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachlog.render.section import Section as Section
else:

    def __getattr__(name: str) -> object:
        """Section, by its old name here, built when first asked for (render/section.py): `log` and `report`, which
        import this module for FORMATS and bar(), never make one, nor load `dataclasses` for it."""
        if name == "Section":
            from coachlog.render.section import Section

            return Section
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


FORMATS = ("table", "csv", "json", "markdown")  # `log` and `report`
SUMMARY_FORMATS = ("markdown", "html", "text", "json")  # `summary`, a coach's or the program's
BAR_WIDTH = 20


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
