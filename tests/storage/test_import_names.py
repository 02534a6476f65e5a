"""An import looks each teacher's name up once (issue 17): TeacherIndex.resolve takes the keys the import's loop
found for a row's names, and asks `find` again only once the row has made a teacher (who may then match a later
name of the same row). Held against the import that asked `find` for every name twice, on random files of
look-alike names (bare surnames, titles, case), some made by the same row: the same teachers made, the same
links, the same rows refused with the same reasons.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coachlog.domain.changes import Incoming
from coachlog.domain.values import NewEntry, Stance
from coachlog.storage import open_store
from coachlog.storage.teachers import TeacherIndex

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
NAMES = ["Rivera", "Ms. Rivera", "Dr. Rivera", "rivera", "RIVERA", "Mr. Lee", "Lee", "Dana Lee", "dana lee", "Ms. Lee"]
KNOWN = [["Ms. Rivera"], ["Lee"], ["Dana Lee"], []]  # teachers some files find already there


def entries(rows: list[list[str]]) -> Iterator[Incoming]:
    for line, names in enumerate(rows, start=2):
        start = datetime(2026, 11, 2, 14, tzinfo=UTC) + timedelta(hours=line)
        new = NewEntry("session", start, 30, date(2026, 11, 2), True, tuple(dict.fromkeys(names)), Stance.COACHING)
        yield Incoming(new, where=f"line {line}")


def imported(where: Path, known: list[str], rows: list[list[str]]) -> tuple[Any, ...]:
    """What importing `rows` into a database holding the teachers `known` did: its result (or refusal), the rows
    it left out and why, the teachers and every entry's teachers in order."""
    refused: list[tuple[str, str]] = []
    with open_store(where) as store:
        if known:
            store.imports.run(entries([known]), NOW, "known")
        try:
            result: object = store.imports.run(entries(rows), NOW, "from file.csv")
        except Exception as exc:  # the whole import refused: its message
            result = str(exc)
        kept = store.imports.run(entries(rows), NOW, "again", on_invalid=lambda w, why: refused.append((w, why)))
        db = store.connection
        teachers = db.execute("SELECT id, name, name_key FROM teacher ORDER BY id").fetchall()
        links = db.execute("SELECT entry_id, teacher_id, position FROM entry_teacher ORDER BY 1, 3").fetchall()
    return repr(result), repr(kept), refused, [tuple(t) for t in teachers], [tuple(link) for link in links]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(KNOWN),
    st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3), min_size=1, max_size=5),
)
@example(["Ms. Rivera"], [["Dr. Rivera", "Rivera"]])  # "Rivera" matched one teacher until the row made another
@example([], [["Rivera", "rivera"], ["Ms. Rivera"]])
def test_names_found_once_as_twice(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, known: list[str], rows: list[list[str]]
) -> None:
    """The import with the keys found once does what the import asking `find` twice did."""
    folder = tmp_path_factory.mktemp("names")
    new = imported(folder / "once.db", known, rows)
    resolve = TeacherIndex.resolve

    def twice(self: TeacherIndex, *args: Any, found: object = None, **more: Any) -> Any:
        return resolve(self, *args, **more)  # as before: every name found again

    with monkeypatch.context() as patched:
        patched.setattr(TeacherIndex, "resolve", twice)
        old = imported(folder / "twice.db", known, rows)
    assert new == old
