"""Tables and lines for a person: fitted to the terminal's width, as plain aligned full text anywhere else.

In a terminal every line fits the screen: a table that is too wide first loses its
bars and shortens wordy headings, then shortens its long text columns (notes before
names) with "…", then drops columns by priority (notes before names, counts before
totals); figures, dates and durations (right-aligned or not named in SHRINKABLE) are
never cut, and a cell never wraps. Piped output keeps every
character, with no colour and no wrapping, so it can be read by another program.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

from coachlog.output import colour, page, terminal_size, visible

if TYPE_CHECKING:
    from coachlog.render.document import Section

Table = tuple[str | None, "Iterable[str]", "list[list[str]]", set[int]]  # title, headings, rows, right-aligned
GAP = "  "
# Columns whose text may be shortened with "…", first shortened first, with the width each keeps while
# another column can still go (soft) and the least it ever keeps (hard). Every other column is never cut.
SHRINKABLE = {
    "note": (20, 8),
    "story": (16, 8),
    "helpful": (16, 8),
    "activity": (10, 8),
    "figure": (14, 10),
    "stance": (13, 8),
    "duty": (11, 8),
    "coach": (14, 8),
    "teacher": (14, 8),
    "term": (14, 8),
    "teachers": (14, 7),
}
# Which columns go first when shortening is not enough: the bars (heading ""), then words, then figures.
# The first column (what a row is about) never goes; what is not named here goes from the right.
DROP_ORDER: tuple[str, ...] = ("", "shareable", "story", "helpful", "note", "sessions", "duties", "duty share")
DROP_ORDER += ("consulting", "collab.", "collaborating", "coaching")  # stances last: a total and a share say more
SHORT_HEADINGS = {
    "time spent": "spent",
    "consulting": "cons.",
    "collaborating": "collab.",
    "coaching %": "coach. %",
    "sessions": "sess.",
    "with teachers": "w/ teachers",
    "shareable": "shared",
    "duty share": "duty %",
}
TIGHT_HEADINGS = {**SHORT_HEADINGS, "teachers": "who"}  # only when the columns are as narrow as they go
STYLES = {"consulting": "36", "collaborating": "32", "coaching": "35", "duty": "33"}  # cyan, green, magenta, yellow
STYLED_COLUMNS = ("stance",)  # where a stance (or a duty) is coloured
DIM = ("fewer than 5", "hidden")


def cell_width(text: str) -> int:
    """Columns `text` takes on a screen: wide (CJK) characters take two, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` columns, ending in "…" when anything was cut."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 1
    for c in text:
        used += cell_width(c)
        if used > width:
            break
        kept.append(c)
    return "".join(kept).rstrip() + "…"


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """`text` in lines of at most `width` columns, broken between words (never inside a date or a name's hyphen)."""
    import textwrap  # only a page that wraps: `report` and `log` print none (issue 17: their start-up)

    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [""]


class Fitted:
    """One table laid out for `width` columns: which columns stay, their headings and widths."""

    def __init__(
        self, headings: list[str], rows: list[list[str]], width: int, drop: Sequence[str], right: set[int]
    ) -> None:
        cells = [max((cell_width(r[i]) for r in rows), default=0) for i in range(len(headings))]  # once: rows are many
        natural = [max(cell_width(h), c) for h, c in zip(headings, cells, strict=True)]
        self.keep, self.shown, self.widths = list(range(len(headings))), list(headings), natural
        if sum(natural) + len(GAP) * (len(headings) - 1) <= width:
            return
        self.shown = [SHORT_HEADINGS.get(h, h) for h in headings]
        bars = [i for i, h in enumerate(headings) if i and not h]  # a bar goes before any word is cut
        named = [[i for i in keep if i not in bars] for keep, by_name in _drops(headings, drop) if by_name]
        every = [[i for i in keep if i not in bars] for keep, _ in _drops(headings, drop)]
        for hard, candidates in ((False, named), (True, every)):
            shown = [
                (SHORT_HEADINGS if i in right or not hard else TIGHT_HEADINGS).get(h, h) for i, h in enumerate(headings)
            ]
            for keep in candidates:
                widths = _shrunk(headings, shown, cells, [i for i in keep if i not in right], keep, width, hard)
                if widths is not None:
                    self.keep, self.shown, self.widths = keep, shown, widths
                    return
        # nothing fits (a very narrow screen): the first column alone, as narrow as it goes
        self.keep = every[-1]
        self.widths = (
            _shrunk(
                headings,
                self.shown,
                cells,
                [i for i in self.keep if i not in right],
                self.keep,
                width,
                True,
                force=True,
            )
            or natural
        )


def _drops(headings: list[str], drop: Sequence[str]) -> Iterable[tuple[list[int], bool]]:
    """The columns kept as more and more go, `drop`'s order first (True), then the rest from the right (False)."""
    keep = list(range(len(headings)))
    yield list(keep), True
    order = [i for name in drop for i in keep[1:] if headings[i] == name]
    named = len(order)
    order += [i for i in reversed(keep[1:]) if i not in order]
    for count, index in enumerate(order, 1):
        keep.remove(index)
        yield list(keep), count <= named


def _shrunk(
    headings: list[str],
    shown: list[str],
    cells: list[int],
    texts: list[int],
    keep: list[int],
    width: int,
    hard: bool,
    force: bool = False,
) -> list[int] | None:
    """Widths for the kept columns that add up to at most `width`, shortening `texts` in SHRINKABLE's order."""
    widths = [max(cell_width(heading), widest) for heading, widest in zip(shown, cells, strict=True)]
    excess = sum(widths[i] for i in keep) + len(GAP) * (len(keep) - 1) - width
    for name, (soft, least) in SHRINKABLE.items():
        for i in texts:
            if excess <= 0:
                return widths
            if headings[i] == name:
                floor = max(least if hard else soft, cell_width(shown[i]))
                cut = min(excess, max(0, widths[i] - floor))
                widths[i] -= cut
                excess -= cut
    return widths if excess <= 0 or force else None


def _style(cell: str, full: str, heading: str, on: bool) -> str:
    if not on:
        return cell
    code = (STYLES.get(full.split(":")[0]) if heading in STYLED_COLUMNS else None) or ("2" if full in DIM else None)
    return f"\x1b[{code}m{cell}\x1b[0m" if code else cell


def fitted_lines(
    table: Table, width: int, on: bool, drop: Sequence[str] = DROP_ORDER, details: list[list[str]] | None = None
) -> list[str]:
    """A table as lines of at most `width` columns; `details` are lines shown (wrapped) under each row."""
    title, headings, rows, right = table
    heads = list(headings)
    fit = Fitted(heads, rows, width, drop, right)
    lines = [*(_bold(text, on) for text in wrap(title, width)), ""] if title else []

    def line(cells: list[str], styled: bool = True) -> str:
        parts = []
        for i in fit.keep:
            text = shorten(cells[i], fit.widths[i])
            fill = " " * max(0, fit.widths[i] - cell_width(text))
            text = _style(text, cells[i], heads[i], on) if styled else text
            parts.append(fill + text if i in right else text + fill)
        return GAP.join(parts).rstrip()

    lines.append(_bold(line(fit.shown, styled=False), on))
    lines.append(GAP.join("─" * fit.widths[i] for i in fit.keep))
    for index, row in enumerate(rows):
        lines.append(line(row))
        for text in details[index] if details else []:
            lines += wrap(text, width, "    ")
    return lines


def _bold(text: str, on: bool) -> str:
    return f"\x1b[1m{text}\x1b[0m" if on and text else text


def _visible(tables: Sequence[Table]) -> list[Table]:
    # Stored text (a note, a name from an old database or an invitation) may hold control characters:
    # show them escaped, never let the terminal obey them.
    return [
        (title and visible(title), headings, [[visible(cell) for cell in row] for row in rows], right)
        for title, headings, rows, right in tables
    ]


def table_lines(
    out: IO[str],
    tables: Sequence[Table],
    lines: list[str],
    drop: Sequence[str] = DROP_ORDER,
    details: list[list[str]] | None = None,
) -> list[str]:
    """Tables then lines, fitted to `out`'s terminal, or plain and full when `out` is not one."""
    tables = _visible(tables)
    lines = [visible(text) for text in lines]
    details = [[visible(text) for text in more] for more in details] if details else None
    size = terminal_size(out)
    if size is None:
        return _plain(tables, lines, details)
    width, on = size[0], colour(out)
    shown: list[str] = []
    for table in tables:
        shown += [*fitted_lines(table, width, on, drop, details), ""]
    for text in lines:
        shown += wrap(text, width)
    return shown


def _plain(tables: list[Table], lines: list[str], details: list[list[str]] | None) -> list[str]:
    """Piped output: plain aligned text (no borders, no colour, no wrapping), every character kept."""
    shown: list[str] = []
    for title, headings, rows, right in tables:
        if title:
            shown += [title, ""]
        heads = list(headings)
        widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(heads)]
        shown.append(_plain_line(heads, widths, right))
        shown.append(_plain_line(["-" * w for w in widths], widths, right))
        for index, row in enumerate(rows):
            shown.append(_plain_line(row, widths, right))
            shown += [f"    {text}" for text in (details[index] if details else [])]
        shown.append("")
    return shown + lines


def _plain_line(cells: Iterable[str], widths: list[int], right: set[int]) -> str:
    padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
    return "  ".join(padded).rstrip()


def write_table(
    out: IO[str],
    tables: Sequence[Table],
    lines: list[str],
    drop: Sequence[str] = DROP_ORDER,
    details: list[list[str]] | None = None,
) -> None:
    """Tables then lines: fitted to a terminal (paged when longer than the screen), plain full text anywhere else.

    `details` (for a single table) are lines shown under each of its rows: wrapped in a terminal, whole when piped.
    """
    page(table_lines(out, tables, lines, drop, details), out)


def text_page(title: str, subtitle: str, parts: list[Section], out: IO[str]) -> None:
    """Sections as text: fitted to the terminal with bars, the same as plain aligned text when piped."""
    shown = table_lines(out, [], [title, subtitle, ""])
    for section in parts:
        shown += table_lines(out, [], [section.title.upper(), *section.lines, *([""] if not section.rows else [])])
        if section.rows:
            table = (None, section.headings, [list(r) for r in section.rows], set(section.right))
            shown += table_lines(out, [table], [])
    page(shown, out)
