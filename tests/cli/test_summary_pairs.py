"""Shared summaries held in pairs, or by the dozen, through the real CLI: what can be subtracted or bounded.

The threat (README, "A one-pager for school leaders"): a leader keeps every summary a coach forwards,
of overlapping ranges, and subtracts or bounds them. Each test plays that leader.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import defaultdict
from contextlib import closing
from datetime import date
from pathlib import Path

from coachlog.domain.values import ROUND_TO, SessionAtom
from coachlog.reports.rounding import round_minutes, rounding_offset
from helpers import Run


def consulting(ok: Run, *args: str) -> int:
    data = json.loads(ok("summary", "--format", "json", *args).stdout)
    minutes = data["stances"]["consulting"]["minutes"]
    assert minutes is not None, data["stances"]
    return int(minutes)


def test_the_term_less_the_term_to_last_week_is_not_last_weeks_small_cell(ok: Run) -> None:
    """Issue 12, item 5: the term's consulting total less the same term up to the week before left the last
    week's "fewer than 5" cell exactly (15 minutes, one teacher). It now leaves a multiple of 30."""
    ok("term", "add", "Fall", "2026-09-01", "2026-12-18")
    for week in range(6):
        for teacher in range(6):
            day = date(2026, 10, 5 + teacher % 5).replace(day=5 + teacher % 5).toordinal() + 7 * week
            when = date.fromordinal(day).isoformat()
            ok("add", f"Teacher {teacher}", "consulting", "45m", "--at", f"{when} 0{teacher + 1}:00", "-a", "resources")
    ok("add", "Teacher 0", "consulting", "15m", "--at", "2026-11-17 10:00", "-a", "resources")
    exact = json.loads(ok("report", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json").stdout)
    assert exact["stances"]["consulting"]["minutes"] == 15  # the coach's own report is exact
    whole = consulting(ok, "--from", "2026-09-01", "--to", "2026-11-22")
    before = consulting(ok, "--from", "2026-09-01", "--to", "2026-11-15")
    assert whole - before in (0, ROUND_TO)


def small_single_entry(ok: Run, db: Path) -> tuple[int, int, int, str]:
    """A demo session about fewer than 5 teachers that is alone in its unit (day, stance, activity) and rounds
    to 30 or more; its id, minutes, the farthest other length that rounds the same way, and its day."""
    with closing(sqlite3.connect(db)) as connection:
        uids = dict(connection.execute("SELECT id, uid FROM entry"))
        in_cycle = {row[0] for row in connection.execute("SELECT id FROM entry WHERE cycle_id IS NOT NULL")}
    entries = json.loads(ok("export", "--format", "json", "--all").stdout)
    units: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for entry in entries:
        if entry["kind"] == "session":
            units[(entry["date"], entry["stance"], entry["activity"] or "")].append(entry)
    for (day, stance, activity), members in sorted(units.items()):
        if len(members) != 1 or len(members[0]["teachers"]) >= 5:
            continue
        minutes, uid = members[0]["minutes"], uids[members[0]["id"]]
        atom = SessionAtom(date.fromisoformat(day), stance, activity, minutes, 1, uid, members[0]["id"] in in_cycle)
        offset = rounding_offset(atom, ROUND_TO)
        rounded = round_minutes(minutes, offset, ROUND_TO)
        same = [m for m in range(1, rounded + ROUND_TO) if round_minutes(m, offset, ROUND_TO) == rounded]
        twin = max(same, key=lambda m: abs(m - minutes))
        if rounded >= ROUND_TO and abs(twin - minutes) >= ROUND_TO // 2:
            return members[0]["id"], minutes, twin, day
    raise AssertionError("the demo has no single small session")


def test_a_small_session_and_its_twin_give_the_same_summaries_of_every_range(
    ok: Run, db_path: Path, tmp_path: Path
) -> None:
    """Issue 12, item 6: one summary bounded a one-teacher cell to 80-95 minutes (true 90). Now a copy of
    the log where one small session is as far from its length as the rounding allows (15 to 29 minutes)
    gives the same summaries, byte for byte, in every format and for ranges of every kind: no summary, and
    no set of them, can bound that session's time closer than that."""
    ok("demo")
    entry, minutes, twin_minutes, day = small_single_entry(ok, db_path)
    twin = tmp_path / "twin.db"
    shutil.copy(db_path, twin)
    ok("--db", str(twin), "edit", str(entry), "--duration", f"{twin_minutes}m")
    exact = [
        ok("--db", str(path), "report", "--from", day, "--to", day, "--format", "json").stdout
        for path in (db_path, twin)
    ]
    assert exact[0] != exact[1]  # the coach's own report tells them apart
    ranges = [
        (),
        ("--all",),
        ("--last-week",),
        ("--month",),
        ("--from", day, "--to", day),
        ("--from", "2026-09-01", "--to", day),
    ]
    ranges += [("--from", day), ("--from", "2026-10-01", "--to", "2026-11-30")]
    for args in ranges:
        for fmt in ("markdown", "json", "html", "text"):
            pages = [ok("--db", str(path), "summary", "--format", fmt, *args).stdout for path in (db_path, twin)]
            assert pages[0] == pages[1], (args, fmt, entry, minutes, twin_minutes)
