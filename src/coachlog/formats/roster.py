"""A roster file: a CSV of teachers' names, with optional department and grade-level columns.

With a heading row, its columns are found by name (name or teacher; department, dept or subject;
grade, grade level or year); without one, the file is a list of names, one a line. Comma,
semicolon and tab separated files are read alike; UTF-8, with or without a byte-order mark.
"""

from __future__ import annotations

import csv
import io

from coachlog.domain.caseload import RosterLine, clean_roster_field
from coachlog.domain.names import clean_name, name_key
from coachlog.errors import CoachlogError, UsageError

HEADINGS = {
    "name": ("name", "teacher", "teachername", "fullname", "staff", "staffname"),
    "department": ("department", "dept", "subject", "team"),
    "grade": ("grade", "gradelevel", "grades", "year", "yeargroup", "level"),
}
MAX_ROWS = 10_000


def read_roster(data: bytes, where: str) -> list[RosterLine]:
    """The teachers a roster file lists (blank lines skipped); UsageError naming the line of a bad one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CoachlogError(f"{where} is not UTF-8 text (byte {exc.start + 1}): save it as CSV UTF-8") from None
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text)) if any(c.strip() for c in row)]
    if len(rows) > MAX_ROWS:
        raise CoachlogError(f"{where} has {len(rows)} rows: a roster holds at most {MAX_ROWS}")
    heading = _columns(rows[0]) if rows else None
    if heading is not None:
        rows = rows[1:]
    columns = heading or {"name": 0}
    lines = []
    for number, row in enumerate(rows, start=1 if heading is None else 2):
        try:
            lines.append(_line(row, columns))
        except UsageError as exc:
            raise UsageError(f"{where}, row {number}: {exc}") from None
    if not lines:
        raise UsageError(f"{where} lists no teachers: give a CSV with a name column (and department, grade)")
    return lines


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count) if any(d in first for d in ",;\t") else ","


def _columns(heading: list[str]) -> dict[str, int] | None:
    """Column positions by what they hold, when `heading` is a heading row naming a name column; else None."""
    found: dict[str, int] = {}
    for index, cell in enumerate(heading):
        key = name_key(cell).replace(" ", "").replace("-", "").replace("_", "")
        for what, words in HEADINGS.items():
            if key in words and what not in found:
                found[what] = index
    return found if "name" in found else None


def _line(row: list[str], columns: dict[str, int]) -> RosterLine:
    def cell(what: str) -> str | None:
        index = columns.get(what)
        return row[index] if index is not None and index < len(row) else None

    name = cell("name")
    if not name or not name.strip():
        raise UsageError("no name: every row needs the teacher's name")
    return RosterLine(
        clean_name(name),
        clean_roster_field(cell("department"), "department"),
        clean_roster_field(cell("grade"), "grade"),
    )
