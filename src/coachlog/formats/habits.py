"""What a coach's own sheet does that coachlog's export never does, read as the coach meant it.

A "Total" row under the figures, two teachers in one cell ("Patel & Nguyen"), a duty
written as "Lunch duty" or "Covering", and day-first or month-first dates whose order
one date in the column settles. Pure: no SQL, no printing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from coachlog.domain.values import DUTY_KINDS
from coachlog.formats.records import Cell, FileError

# ---- total rows -----------------------------------------------------------------------------

_TOTAL = re.compile(r"(?:grand\s*|sub-?\s*)?(?:totals?|sum|summary)\s*:?", re.I)


def total_word(cells: Sequence[Cell], date_cell: Cell) -> str | None:
    """The cell that makes this row a sheet's total ("Total", "Totals", "Grand total:", "Sum"), or None.

    A row counts as a total when one of its cells is only such a word and its date is empty or
    that word: a note that says "total" in an entry's row does not make it one.
    """
    if isinstance(date_cell, str) and date_cell.strip() and not _TOTAL.fullmatch(date_cell.strip()):
        return None
    for cell in cells:
        if isinstance(cell, str) and _TOTAL.fullmatch(cell.strip()):
            return cell.strip()
    return None


# ---- several teachers in one cell -----------------------------------------------------------

_BETWEEN = re.compile(r"\s*(?:;|&|/|\+)\s*|\s+and\s+", re.I)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof"}


def split_teachers(cell: str) -> list[str]:
    """The teachers a sheet's cell names: "Patel & Nguyen", "A and B", "A/B" and "A; B" are two.

    A hyphen joins one name ("Ms. Smith-Jones"); a cell whose pieces would leave a title
    alone ("Mr. & Mrs. Lee") is kept whole, as one name.
    """
    parts = [part.strip() for part in _BETWEEN.split(cell)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and any(part.rstrip(".").casefold() in _TITLES for part in parts):
        return [cell.strip()]
    return parts


# ---- duties ---------------------------------------------------------------------------------

# Words a sheet uses for a duty kind, besides the kinds' own names and their prefixes.
_DUTY_WORDS = {
    "covering": "cover",
    "coverage": "cover",
    "sub": "cover",
    "lunch": "supervision",
    "recess": "supervision",
    "bus": "supervision",
    "hall": "supervision",
    "yard": "supervision",
    "playground": "supervision",
    "arrival": "supervision",
    "dismissal": "supervision",
    "proctoring": "testing",
    "paperwork": "admin",
    "administration": "admin",
    "administrative": "admin",
}


def duty_in(text: str) -> str | None:
    """The duty kind a cell's words name ("Lunch duty" is supervision, "Cover 7B" is cover), "duty" for
    a duty of no named kind, or None when the cell does not say a duty."""
    words: list[str] = re.findall(r"[^\W\d_]+", text.casefold())
    for word in words:
        if word in DUTY_KINDS:
            return word
        if word in _DUTY_WORDS:
            return _DUTY_WORDS[word]
    return "duty" if "duty" in words or "duties" in words else None


# ---- the date order -------------------------------------------------------------------------

_SLASHED = re.compile(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{4}\b")


def order_shown(cell: Cell) -> str | None:
    """The date order a day-first or month-first date shows by itself ("dmy" for 14/9/2025), or None."""
    if not isinstance(cell, str) or (match := _SLASHED.match(cell)) is None:
        return None
    first, second = int(match[1]), int(match[2])
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def settled_order(cells: Iterable[tuple[int, Cell]], words: dict[str, str]) -> tuple[str, int, str] | None:
    """The order (and the line and date that show it) that the dates of a column settle, or None when
    none does; FileError when two dates show different orders (`words` names the orders)."""
    found: tuple[str, int, str] | None = None
    for line, cell in cells:
        order = order_shown(cell)
        if order is None or (found is not None and found[0] == order):
            continue
        if found is not None:
            raise FileError(
                f"date '{cell}' reads {words[order]} but line {found[1]} ('{found[2]}') reads"
                f" {words[found[0]]}: say which with --date-order dmy or --date-order mdy",
                line,
            )
        assert isinstance(cell, str)
        found = (order, line, cell)
    return found
