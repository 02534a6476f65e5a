"""A roster file read back: any names, departments and grades written as CSV come back as they were written."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog.domain.caseload import RosterLine
from coachlog.errors import UsageError
from coachlog.formats.roster import read_roster

WORD = st.text(st.characters(categories=("L", "N"), max_codepoint=0x2FF), min_size=1, max_size=12)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
FIELD = st.none() | st.lists(WORD, min_size=1, max_size=2).map(" ".join)


@given(st.lists(st.tuples(NAME, FIELD, FIELD), min_size=1, max_size=8), st.sampled_from([",", ";", "\t"]))
def test_written_rows_read_back(rows: list[tuple[str, str | None, str | None]], delimiter: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["Teacher name", "Department", "Grade level"])
    writer.writerows([[name, department or "", grade or ""] for name, department, grade in rows])
    lines = read_roster(out.getvalue().encode("utf-8-sig"), "staff.csv")
    assert lines == [RosterLine(name, department, grade) for name, department, grade in rows]


def test_a_file_without_a_heading_is_names_and_columns_come_in_any_order() -> None:
    assert read_roster(b"Ms. Rivera\nMr.  Okafor \n", "f") == [RosterLine("Ms. Rivera"), RosterLine("Mr. Okafor")]
    assert read_roster(b"grade;subject;staff name\n7;Math;Ms. Rivera\n", "f") == [RosterLine("Ms. Rivera", "Math", "7")]


def test_a_row_without_a_name_names_its_row() -> None:
    with pytest.raises(UsageError, match="f, row 3: no name"):
        read_roster(b"name,department\nMs. Rivera,Math\n,Science\n", "f")
