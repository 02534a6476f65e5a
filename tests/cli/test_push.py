"""`coachlog push`: new, changed and deleted entries reach the team database once; conflicts are reported.

The team database here is a second coachlog database (a SQLite file): push talks to it through
the same Store interface as to PostgreSQL, which tests/test_team_push.py covers with real roles.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from coachlog.domain.push import digest, plan_push
from coachlog.domain.values import NewEntry, Stance
from helpers import Run, table_dump


@pytest.fixture
def team(tmp_path: Path, ok: Run) -> Path:
    """An empty team database (a coachlog file of its own)."""
    path = tmp_path / "team.db"
    ok("--db", str(path), "term", "list")
    return path


def contents(run: Run, db: Path | None = None) -> list[str]:
    """Every entry as the JSON export shows it, without the id (ids differ between databases)."""
    import json

    args = ("--db", str(db)) if db else ()
    rows = json.loads(run(*args, "export", "--all", "--format", "json").stdout)
    return sorted(json.dumps({k: v for k, v in row.items() if k != "id"}, sort_keys=True) for row in rows)


def log_week(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "mon 9:00", "-n", "goal setting", "-t", "cycle-1")
    ok("add", "Mr. Okafor", "consulting", "20m", "--at", "mon 13:00", "--with", "Ms. Rivera")
    ok("duty", "cover", "50m", "--at", "tue 10:00")
    ok("add", "Ms. Chen", "collaborating", "1h", "--at", "wed 11:00", "--story", "co-taught", "--shareable")


def test_a_first_push_sends_every_entry_and_a_second_sends_nothing(ok: Run, run: Run, team: Path) -> None:
    """Push copies each entry whole (teachers, tags, notes, stories); pushing again adds nothing."""
    log_week(ok)
    first = ok("push", "--to", str(team))
    assert first.stdout.startswith("Sent 4 new entries, 0 changed, 0 deleted to ")
    assert contents(run, team) == contents(run)
    again = ok("push", "--to", str(team))
    assert again.stdout.startswith("Sent 0 new entries, 0 changed, 0 deleted")
    assert "nothing to send for 4" in again.stdout
    assert len(contents(run, team)) == 4


def test_edits_and_deletes_made_here_follow_on_the_next_push(ok: Run, run: Run, team: Path) -> None:
    """An entry edited here is updated there; one deleted here is deleted there; an undone delete comes back."""
    log_week(ok)
    ok("push", "--to", str(team))
    ok("edit", "1", "--note", "goal setting, then a plan", "--with", "Mr. Okafor", "--tag", "cycle-2")
    ok("delete", "3", "--yes")
    result = ok("push", "--to", str(team))
    assert result.stdout.startswith("Sent 0 new entries, 1 changed, 1 deleted")
    assert contents(run, team) == contents(run)
    ok("undo")  # the delete: the duty is back here, with its uid
    assert ok("push", "--to", str(team)).stdout.startswith("Sent 1 new entry, 0 changed, 0 deleted")
    assert contents(run, team) == contents(run)


def test_an_entry_changed_on_both_sides_is_reported_and_left_alone(ok: Run, run: Run, team: Path) -> None:
    """Changed here and there since the last push: exit 1, both versions kept, until --keep-mine sends ours."""
    log_week(ok)
    ok("push", "--to", str(team))
    ok("edit", "1", "--note", "mine")
    ok("--db", str(team), "edit", "1", "--note", "theirs")
    before = table_dump(team)
    result = run("push", "--to", str(team))
    assert result.exit_code == 1, result
    assert "1 conflict left as they are" in result.stderr
    assert "Ms. Rivera" in result.stderr and "changed in the team database since the last push" in result.stderr
    assert table_dump(team) == before
    again = run("push", "--to", str(team))  # still a conflict: nothing was agreed
    assert again.exit_code == 1 and "1 conflict" in again.stderr
    assert ok("push", "--to", str(team), "--keep-mine").stdout.startswith("Sent 0 new entries, 1 changed")
    assert "mine" in ok("--db", str(team), "log", "--all").stdout
    assert ok("push", "--to", str(team)).stderr == ""


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict(ok: Run, run: Run, team: Path) -> None:
    """Deleted there but edited here, or edited there but deleted here: reported, nothing overwritten."""
    log_week(ok)
    ok("push", "--to", str(team))
    ok("--db", str(team), "delete", "1", "--yes")
    ok("edit", "1", "--note", "edited after the team deleted it")
    ok("--db", str(team), "edit", "2", "--note", "the team's note")
    ok("delete", "2", "--yes")
    result = run("push", "--to", str(team))
    assert result.exit_code == 1
    assert "deleted in the team database since the last push, and changed here" in result.stderr
    assert "changed in the team database since the last push, and deleted here" in result.stderr
    assert "the team's note" in ok("--db", str(team), "log", "--all").stdout
    assert len(contents(run, team)) == 3


def test_a_copy_of_the_database_pushed_from_a_second_laptop_duplicates_nothing(
    ok: Run, run: Run, team: Path, db_path: Path, tmp_path: Path
) -> None:
    """Two computers with the same entries (a restored backup) push the same uids: each entry is there once."""
    log_week(ok)
    laptop = tmp_path / "laptop.db"
    shutil.copyfile(db_path, laptop)
    ok("push", "--to", str(team))
    second = ok("--db", str(laptop), "push", "--to", str(team))
    assert second.stdout.startswith("Sent 0 new entries, 0 changed, 0 deleted")
    assert len(contents(run, team)) == 4


def test_a_dry_run_sends_and_remembers_nothing(ok: Run, team: Path, db_path: Path) -> None:
    """--dry-run says what it would send and changes neither database."""
    log_week(ok)
    mine, theirs = table_dump(db_path), table_dump(team)
    assert ok("push", "--to", str(team), "--dry-run").stdout.startswith("Would send 4 new entries")
    assert table_dump(db_path) == mine and table_dump(team) == theirs


def test_push_needs_a_team_database_other_than_itself(run: Run, ok: Run, db_path: Path) -> None:
    """No target: exit 2 and how to set one. The same database as target: exit 2. Nothing is written."""
    ok("add", "Ms. Rivera", "coaching", "30")
    before = table_dump(db_path)
    missing = run("push")
    assert missing.exit_code == 2 and "coachlog config set team.db" in missing.stderr
    itself = run("push", "--to", str(db_path))
    assert itself.exit_code == 2 and "this same database" in itself.stderr
    assert table_dump(db_path) == before


def test_the_team_database_comes_from_config_or_environment_and_its_password_is_never_shown(
    ok: Run, run: Run, team: Path
) -> None:
    """config team.db and COACHLOG_TEAM_DB name the target; `config show` hides a URL's password."""
    ok("add", "Ms. Rivera", "coaching", "30")
    ok("config", "set", "team.db", "postgresql+psycopg://kim:s3cret@db.example.org/coaching")
    shown = ok("config", "show").stdout
    assert "postgresql://kim@db.example.org/coaching" in shown and "s3cret" not in shown
    assert ok("push", env={"COACHLOG_TEAM_DB": str(team)}).stdout.startswith("Sent 1 new entry")


def test_a_teacher_the_team_database_spells_differently_is_no_conflict(ok: Run, run: Run, team: Path) -> None:
    """The team database knows "MS. RIVERA"; an entry pushed with "Ms. Rivera" links to that teacher, and a
    later edit here is sent as a change, not reported as a conflict."""
    ok("--db", str(team), "add", "MS. RIVERA", "coaching", "10m", "--at", "fri 8:00")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "mon 9:00")
    ok("push", "--to", str(team))
    ok("edit", "1", "--note", "later")
    assert ok("push", "--to", str(team)).stdout.startswith("Sent 0 new entries, 1 changed")
    assert [line for line in ok("--db", str(team), "teacher", "list").stdout.splitlines() if "RIVERA" in line.upper()]
    with sqlite3.connect(team) as connection:
        assert connection.execute("SELECT COUNT(*) FROM teacher").fetchone()[0] == 1


def session(note: str | None = None, uid: str = "u1") -> object:
    from datetime import UTC, date, datetime

    from coachlog.domain.values import Entry

    return Entry(
        kind="session",
        start=datetime(2026, 11, 23, 14, tzinfo=UTC),
        minutes=30,
        local_date=date(2026, 11, 23),
        time_known=True,
        teachers=("Ms. Rivera",),
        stance=Stance.COACHING,
        note=note,
        uid=uid,
        id=1,
    )


def test_the_digest_sees_every_field_but_the_id() -> None:
    """Two entries that say the same thing have one digest whatever their ids; any change of content shows."""
    base = session("a")
    assert digest(base.replace(id=99)) == digest(base)
    for change in (
        {"note": "b"},
        {"minutes": 31},
        {"teachers": ("Mr. Okafor",)},
        {"tags": ("x",)},
        {"story": "s"},
        {"shareable": True},
        {"stance": Stance.CONSULTING},
    ):
        assert digest(base.replace(**change)) != digest(base), change
    assert isinstance(base, NewEntry)


def test_a_plan_sends_changes_only_when_the_other_side_is_as_agreed() -> None:
    """The decision table of plan_push, case by case."""
    mine, theirs = session("mine"), session("theirs")
    agreed = digest(session("agreed"))
    plan = plan_push([mine], {"u1": agreed}, [], lambda uids: {"u1": session("agreed")})
    assert [e.note for e in plan.changed] == ["mine"] and not plan.conflicts
    plan = plan_push([mine], {"u1": agreed}, [], lambda uids: {"u1": theirs})
    assert plan.conflicts and not plan.changed and "u1" not in plan.agreed
    plan = plan_push([mine], {}, [], lambda uids: {})
    assert [e.note for e in plan.new] == ["mine"]
    plan = plan_push([mine], {}, [], lambda uids: {"u1": session("mine", uid="u1")})
    assert not plan.sends_anything and plan.agreed == {"u1": digest(mine)}
    plan = plan_push([], {"u1": agreed}, ["u1"], lambda uids: {"u1": session("agreed")})
    assert plan.deleted == ["u1"] and plan.forgotten == ["u1"]
    plan = plan_push([], {"u1": agreed}, ["u1"], lambda uids: {"u1": theirs})
    assert plan.conflicts and not plan.deleted
    plan = plan_push([], {}, ["u9"], lambda uids: {})
    assert plan.forgotten == ["u9"] and not plan.sends_anything


# ---- a property: whatever happened on both sides, a push never overwrites the team's changes ----------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

UIDS = [f"u{i}" for i in range(6)]
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["edit here", "edit there", "delete here", "delete there", "add here"]),
        st.sampled_from(UIDS),
        st.sampled_from(["a", "b", "c"]),
    ),
    max_size=12,
)


def apply(plan, theirs: dict, base: dict) -> None:
    """What Store.receive and Store.record_push do, on dictionaries."""
    for entry in [*plan.new, *plan.changed]:
        theirs[entry.uid] = entry
    for uid in plan.deleted:
        theirs.pop(uid, None)
    base.update(plan.agreed)
    for uid in plan.forgotten:
        base.pop(uid, None)


@settings(max_examples=300, deadline=None)
@given(first=OPERATIONS, then=OPERATIONS, keep_mine=st.booleans())
def test_a_push_sends_ours_keeps_theirs_and_converges(first: list, then: list, keep_mine: bool) -> None:
    """Two rounds of random edits, adds and deletes on both sides, each followed by a push. After every push:
    each entry new or changed here that is not in conflict is the same there (one unchanged here is left as
    the team has it); an entry the team changed and we also changed
    (or deleted) is untouched there unless --keep-mine; deletes here without conflict are gone there; and a
    second push at once sends nothing."""
    mine: dict = {}
    theirs: dict = {}
    base: dict = {}
    tombstones: set = set()
    for operations in (first, then):
        for action, uid, note in operations:
            if action == "add here" and uid not in mine and uid not in base:
                mine[uid] = session(note, uid)
                tombstones.discard(uid)
            elif action == "edit here" and uid in mine:
                mine[uid] = mine[uid].replace(note=mine[uid].note + note)
            elif action == "delete here" and uid in mine:
                del mine[uid]
                if uid in base:
                    tombstones.add(uid)
            elif action == "edit there" and uid in theirs:
                theirs[uid] = theirs[uid].replace(note=theirs[uid].note + note.upper())
            elif action == "delete there" and uid in theirs:
                del theirs[uid]
        before, agreed_before = dict(theirs), dict(base)
        plan = plan_push(
            list(mine.values()),
            dict(base),
            sorted(tombstones),
            lambda uids: {u: theirs[u] for u in uids if u in theirs},
            keep_mine=keep_mine,
        )
        apply(plan, theirs, base)
        tombstones -= set(plan.forgotten)
        conflicted = {c.uid for c in plan.conflicts}
        assert not (conflicted and keep_mine)
        for uid, entry in mine.items():
            if uid in conflicted:
                continue
            if digest(entry) != agreed_before.get(uid):  # new or changed here: now the same there
                assert digest(theirs[uid]) == digest(entry) == base[uid]
            else:  # unchanged here: push is one way, whatever the team did stays
                assert theirs.get(uid) == before.get(uid)
        for uid in conflicted:
            assert theirs.get(uid) == before.get(uid)  # the team's version is left as it was
        for uid in tombstones - conflicted:
            assert uid not in theirs
        if not keep_mine:  # what the team changed or deleted since the last agreement stays so
            for uid, entry in before.items():
                if digest(entry) != agreed_before.get(uid):
                    assert theirs.get(uid) == entry
            for uid in agreed_before.keys() - before.keys():
                assert uid not in theirs
        again = plan_push(
            list(mine.values()),
            dict(base),
            sorted(tombstones),
            lambda uids: {u: theirs[u] for u in uids if u in theirs},
        )
        assert not again.sends_anything
        assert {c.uid for c in again.conflicts} == conflicted


def calendar_file(path: Path, note: str = "") -> Path:
    """One ended calendar event with a teacher in its title."""
    description = f"DESCRIPTION:{note}\n" if note else ""
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:debrief-1@school.org\n"
        "DTSTART;TZID=America/New_York:20261120T090000\nDTEND;TZID=America/New_York:20261120T094500\n"
        f"SUMMARY:Coaching debrief with Ms. Rivera\n{description}END:VEVENT\nEND:VCALENDAR\n"
    )
    return path


def test_a_calendar_event_imported_on_two_computers_is_one_entry_there(
    ok: Run, run: Run, team: Path, db_path: Path, tmp_path: Path
) -> None:
    """The same calendar event imported on two laptops has two uids but one source: the second push takes the
    team's uid instead of failing on the source, its other new entries still go, and a later edit follows."""
    ics = calendar_file(tmp_path / "school.ics")
    laptop = tmp_path / "laptop.db"
    ok("import", str(ics), "--all")
    ok("--db", str(laptop), "import", str(ics), "--all")
    ok("--db", str(laptop), "add", "Mr. Okafor", "consulting", "20m")
    ok("push", "--to", str(team))
    second = ok("--db", str(laptop), "push", "--to", str(team))
    assert second.stdout.startswith("Sent 1 new entry, 0 changed, 0 deleted"), second.stdout
    assert "nothing to send for 1" in second.stdout
    assert len(contents(run, team)) == 2
    ok("--db", str(laptop), "edit", "1", "--note", "from the laptop")
    assert ok("--db", str(laptop), "push", "--to", str(team)).stdout.startswith("Sent 0 new entries, 1 changed")
    assert "from the laptop" in ok("--db", str(team), "log", "--all").stdout


def test_a_calendar_event_the_team_has_with_other_content_is_a_conflict_not_a_failure(
    ok: Run, run: Run, team: Path, tmp_path: Path
) -> None:
    """When the team database holds the same event saying something else, that entry is reported (exit 1)
    and the rest of the push still goes; --keep-mine then sends ours over theirs."""
    ics = calendar_file(tmp_path / "school.ics")
    ok("--db", str(team), "import", str(ics), "--all")
    ok("--db", str(team), "edit", "1", "--note", "the team's note")
    ok("import", str(ics), "--all")
    ok("add", "Mr. Okafor", "consulting", "20m")
    result = run("push", "--to", str(team))
    assert result.exit_code == 1 and "has this calendar event already, with other content" in result.stderr
    assert result.stdout.startswith("Sent 1 new entry")
    assert ok("push", "--to", str(team), "--keep-mine").stdout.startswith("Sent 0 new entries, 1 changed")
    assert contents(run, team) == contents(run)


def test_teacher_renames_and_merges_here_leave_no_old_name_there(ok: Run, run: Run, team: Path) -> None:
    """A rename (also one that only fixes case) or a merge made here reaches the team database, and the names
    no entry uses any more are gone from it."""
    ok("add", "ms. rivera", "coaching", "45m", "--at", "mon 9:00")
    ok("add", "Mr. Diaz", "consulting", "20m", "--at", "mon 11:00")
    ok("push", "--to", str(team))
    ok("teacher", "rename", "ms. rivera", "Ms. Rivera")
    ok("teacher", "rename", "Mr. Diaz", "Mr. Ruiz")
    ok("push", "--to", str(team))
    assert [row[0] for row in teachers_of(team)] == ["Mr. Ruiz", "Ms. Rivera"]
    ok("teacher", "merge", "Mr. Ruiz", "Ms. Rivera")
    ok("push", "--to", str(team))
    assert [row[0] for row in teachers_of(team)] == ["Ms. Rivera"]
    assert contents(run, team) == contents(run)


def teachers_of(db: Path) -> list[tuple[str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT name FROM teacher ORDER BY name").fetchall()


def test_next_steps_and_the_roster_reach_a_team_file_too(ok: Run, run: Run, team: Path) -> None:
    """The same push into a SQLite team database: a roster teacher never met and a next step arrive, with the
    step's session; a second push sends nothing."""
    import json

    ok("teacher", "add", "Mr. Park", "--department", "math", "--grade", "7")
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "mon 9:00", "--next", "see the exit tickets", "--by", "fri")
    lines = ok("push", "--to", str(team)).stdout.splitlines()
    assert lines[1:] == [
        "Sent 1 new next step, 0 changed, 0 deleted; nothing to send for 0.",
        "Sent the roster: 1 teacher new, 0 changed, 0 taken off; nothing to send for 0.",
    ]
    for listing in (("due", "--all"), ("teacher", "list")):
        assert run("--db", str(team), *listing, "--format", "json").stdout == run(*listing, "--format", "json").stdout
    assert json.loads(run("--db", str(team), "due", "--all", "--format", "json").stdout)[0]["entry"] == 1
    assert ok("push", "--to", str(team)).stdout.splitlines()[1:] == [
        "Sent 0 new next steps, 0 changed, 0 deleted; nothing to send for 1.",
        "Sent the roster: 0 teachers new, 0 changed, 0 taken off; nothing to send for 1.",
    ]
