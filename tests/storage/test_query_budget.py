"""Reports aggregate in SQL: the number of statements a command runs does not grow with the rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from coachlog.storage import sqlite as database
from helpers import Run


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the store's connections run, as SQLite traces them."""
    seen: list[str] = []
    original = database.connect

    def traced(path, read_only=False):  # type: ignore[no-untyped-def]
        connection: sqlite3.Connection = original(path, read_only)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(database, "connect", traced)
    yield seen


def statements_for(run: Run, seen: list[str], *args: str) -> list[str]:
    seen.clear()
    result = run(*args)
    assert result.exit_code == 0, result
    return [s for s in seen if not s.startswith("PRAGMA")]


COMMANDS = [
    ("report", "--term"),
    ("report", "--term", "--by", "teacher"),
    ("report", "--term", "--by", "activity"),
    ("report", "--all", "--format", "json"),
    ("log", "--all", "--format", "csv"),
    ("export",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_statement_count_does_not_grow_with_entries(
    ok: Run, statements: list[str], tmp_path, command: tuple[str, ...]
) -> None:
    """The same command runs the same number of statements on 3 entries and on a demo term."""
    small, large = tmp_path / "small.db", tmp_path / "large.db"
    ok("--db", str(large), "demo")
    ok("--db", str(small), "term", "add", "Now", "2026-09-01", "2026-12-31")
    for at in ("2026-11-02 09:00", "2026-11-03 09:00", "2026-11-10 09:00"):
        ok("--db", str(small), "add", "Ms. Rivera", "coaching", "30", "--at", at, "-a", "debrief")
    ok("--db", str(small), "prep", "30m", "--at", "2026-11-04 15:00")  # the demo has prep too
    few = statements_for(ok, statements, "--db", str(small), *command)
    many = statements_for(ok, statements, "--db", str(large), *command)
    entries = sum(1 for _ in sqlite3.connect(large).execute("SELECT id FROM entry"))
    assert entries > 100
    assert len(few) == len(many) <= 8, many


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many SQLite virtual-machine steps (in hundreds) the store's connections run: work done, not time."""
    counted = [0]
    original = database.connect

    def counting(path, read_only=False):  # type: ignore[no-untyped-def]
        connection: sqlite3.Connection = original(path, read_only)

        def tick() -> int:
            counted[0] += 1
            return 0

        connection.set_progress_handler(tick, 100)
        return connection

    monkeypatch.setattr(database, "connect", counting)
    return counted


def _teachers_file(path, names: list[str]):  # type: ignore[no-untyped-def]
    rows = [f"2025-0{1 + n % 9}-{1 + n % 28:02},09:00,30,session,coaching,{name}" for n, name in enumerate(names)]
    path.write_text("\n".join(["date,start,minutes,kind,stance,teachers", *rows]) + "\n", encoding="utf-8")
    return path


def test_add_of_a_new_teacher_reads_its_neighbourhood_not_every_teacher(ok: Run, steps: list[int], tmp_path) -> None:
    """The hint for a new name compares it with the names that begin like it (less their titles), so `add` of
    someone new does the same work beside 3 teachers as beside 3,000 (issue 17), and hints the same."""
    known = ["Ms. Rivera", "Mr. Okafor", "Dr. Rivas"]
    others = [f"{title} {surname} {n}" for n in range(1000) for title, surname in (("", "Zed"), ("Ms.", "Adams"))]
    others += [f"Coach Nguyen {n}" for n in range(1000)]
    hints = {}
    for label, names in (("few", known), ("many", known + others)):
        db = str(tmp_path / f"{label}.db")
        ok("--db", db, "import", str(_teachers_file(tmp_path / f"{label}.csv", names)))
        steps[0] = 0
        result = ok("--db", db, "add", "Ms. Riviera", "coaching", "30", "--at", "2026-11-03 09:00")
        hints[label] = (result.stderr.splitlines()[0], steps[0])
    assert hints["few"][0] == hints["many"][0] == "new teacher 'Ms. Riviera' — did you mean 'Ms. Rivera'?"
    assert hints["many"][1] <= hints["few"][1] + 50, hints  # reading 3,000 teachers takes some 250 more


def _sessions_file(path, days: list[str]):  # type: ignore[no-untyped-def]
    """Each day: two sessions of each stance, each with six of the same twelve teachers (no activity: no typical
    sessions), so every figure of a week shows (a mostly hidden page would read back to the first entry)."""
    rows = [
        f"{day},{9 + n}:00,30,session,{stance},{'; '.join(f'T{(6 * n + t) % 12}' for t in range(6))}"
        for day in days
        for stance in ("consulting", "collaborating", "coaching")
        for n in range(2)
    ]
    path.write_text("\n".join(["date,start,minutes,kind,stance,teachers", *rows]) + "\n", encoding="utf-8")
    return path


def test_a_summary_reads_its_range_not_every_session(ok: Run, steps: list[int], tmp_path) -> None:
    """A week's summary does the same work beside a week of sessions as beside a year of them (issue 17): its
    sessions are read by the date's index, not by the index on (kind, activity, local_date, id), which SQLite's
    planner preferred and which walks every session ever logged."""
    weeks = [f"2026-10-{d}" for d in range(26, 31)] + [f"2026-11-0{d}" for d in range(2, 7)]
    year = [f"2025-{m:02}-{d:02}" for m in range(1, 13) for d in range(1, 29)]
    counted = {}
    for label, days in (("weeks", weeks), ("year", weeks + year)):
        db = str(tmp_path / f"{label}.db")
        ok("--db", db, "import", str(_sessions_file(tmp_path / f"{label}.csv", days)))
        steps[0] = 0
        ok("--db", db, "summary", "--from", "2026-11-02", "--to", "2026-11-06", "-f", "json")
        counted[label] = steps[0]
    assert counted["year"] <= counted["weeks"] * 1.2, counted  # 2,000 sessions more: several times the work before


def test_a_summarys_stories_are_read_along_their_own_index(ok: Run, statements: list[str], tmp_path) -> None:
    """The shared answers and stories (shared_voices, and the record of what `summary -o` showed) are found along
    migration 0011's partial index, not by reading every entry of the period (issue 17): SQLite uses a partial
    index only for a query whose WHERE holds the index's own, so a reworded condition would silently walk them all."""
    db = tmp_path / "demo.db"
    ok("--db", str(db), "demo")
    statements_for(ok, statements, "--db", str(db), "summary", "--term", "-o", str(tmp_path / "page.md"))
    stories = [s for s in statements if "helpful IS NOT NULL" in s]
    assert len(stories) >= 2  # the stories a page prints, and the uids its record keeps
    connection = sqlite3.connect(db)
    for statement in stories:
        plan = " ".join(str(row[-1]) for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"))
        assert "USING INDEX ix_entry_shared" in plan and "TEMP B-TREE" not in plan, (statement, plan)
