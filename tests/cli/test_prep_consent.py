"""Prep entries, withdrawable consent and the summary's Coaching work section, through the real CLI on SQLite."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from helpers import Run

DATA = Path(__file__).parent.parent / "data"


def test_prep_is_coaching_work_not_a_duty(ok: Run) -> None:
    """A prep entry is logged, listed, reported and exported as prep: duties and time with teachers are unchanged."""
    ok("add", "Ms. Rivera", "coaching", "45m", "-a", "debrief")
    ok("duty", "cover", "50m", "--at", "12:00")
    before = json.loads(ok("report", "--format", "json").stdout)["totals"]
    added = ok("prep", "40m", "-a", "design", "--at", "9:00")
    assert "prep  designing-pd  40m" in added.stdout and "duties 50m" in added.stdout
    after = json.loads(ok("report", "--format", "json").stdout)
    totals = after["totals"]
    assert (totals["minutes"], totals["duty_minutes"], totals["prep_minutes"]) == (45, 50, 40)
    assert totals["logged_minutes"] == before["logged_minutes"] + 40 and after["prep"] == {"designing-pd": 40}
    assert all(week["duties"] == 50 for week in after["weeks"] if week["duties"])
    assert "Prep (no teacher present): 40m" in ok("report").stdout
    assert "Prep" not in ok("report", "--teacher", "Ms. Rivera").stdout  # shown only where there is some
    assert "prep" in ok("log").stdout
    assert "designing-pd" in ok("log", "--activity", "designing").stdout
    assert "prep" not in ok("log", "--duties").stdout
    rows = json.loads(ok("export", "--format", "json").stdout)
    assert [r["kind"] for r in rows] == ["prep", "duty", "session"]


def test_prep_round_trips_through_export_and_import(ok: Run, tmp_path: Path) -> None:
    """An exported prep entry imports back as prep with its activity."""
    ok("prep", "1h", "-a", "resources", "--at", "2026-11-20 10:00", "-n", "unit plan")
    for suffix in ("csv", "json"):
        ok("export", "-o", str(tmp_path / f"out.{suffix}"))
        other = str(tmp_path / f"other-{suffix}.db")
        ok("--db", other, "import", str(tmp_path / f"out.{suffix}"))
        (row,) = json.loads(ok("--db", other, "export", "--format", "json").stdout)
        assert (row["kind"], row["activity"], row["minutes"], row["stance"]) == ("prep", "resources", 60, None)


def test_prep_refuses_bad_input_and_teacher_fields(ok: Run, run: Run, db_path: Path) -> None:
    """A bad prep activity is one line, exit 2, no write; prep has no stance or teachers to edit."""
    ok("prep", "30m")
    bad = run("prep", "30m", "-a", "cover")
    assert bad.exit_code == 2 and "prep activity" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    refused = run("edit", "1", "--stance", "coaching")
    assert refused.exit_code == 2 and "prep work" in refused.stderr
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 1
    ok("undo")
    assert "prep" not in ok("log").stdout


def test_upgrade_keeps_rows_and_tombstone_triggers(ok: Run, db_path: Path) -> None:
    """An older database upgrades to 0007 with every row kept and the push tombstone triggers recreated."""
    shutil.copy(DATA / "coachlog-0.1.0.db", db_path)
    with sqlite3.connect(db_path) as connection:
        count = connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0]
    ok("prep", "20m")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == count + 1
        triggers = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"entry_tombstone_on_delete", "entry_tombstone_on_insert"} <= triggers


def _summary_with_a_voice(ok: Run) -> str:
    """Log a session with a shareable answer; its id."""
    ok("add", "Ms. Rivera", "coaching", "30m", "--at", "2026-11-20 10:00", "--helpful", "the wait time", "--shareable")
    return "1"


def test_consent_withdrawn_leaves_future_summaries_and_is_traced(ok: Run, run: Run, tmp_path: Path) -> None:
    """A summary sent on (-o) records the answers it showed (one printed is a read and records nothing);
    withdrawing consent drops the answer from later summaries,
    `consent where` lists the summaries that had it, and undo gives consent back."""
    ident = _summary_with_a_voice(ok)
    out = tmp_path / "s.md"
    ok("summary", "--from", "2026-11-16", "--to", "2026-11-22", "-o", str(out))
    assert "the wait time" in out.read_text()
    ok("summary", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "json")  # printed: a read, no record
    json_out = tmp_path / "s.json"
    ok("summary", "--from", "2026-11-16", "--to", "2026-11-22", "-o", str(json_out))
    where = ok("consent", "where", ident).stdout.splitlines()
    assert len(where) == 2 and str(out.absolute()) in where[0] and str(json_out.absolute()) in where[1], where
    assert "json" in where[1]
    withdrew = ok("consent", "withdraw", ident)
    assert "Already in 2 summaries" in withdrew.stdout
    assert "the wait time" not in ok("summary", "--from", "2026-11-16", "--to", "2026-11-22").stdout
    assert "#1" in ok("consent", "list").stdout
    again = run("consent", "withdraw", ident)
    assert again.exit_code == 2 and "already withdrawn" in again.stderr
    assert len(ok("consent", "where", ident).stdout.splitlines()) == 2  # a summary without it adds no record
    assert "consent withdrawal of #1" in ok("undo").stdout
    assert "No consent has been withdrawn." in ok("consent", "list").stderr
    assert "the wait time" in ok("summary", "--from", "2026-11-16", "--to", "2026-11-22").stdout


def test_consent_refuses_what_has_no_voice(ok: Run, run: Run) -> None:
    """An unknown id exits 1; an entry with no answer or story exits 2; both one line."""
    ok("duty", "cover", "30m")
    missing = run("consent", "withdraw", "99")
    assert missing.exit_code == 1 and len(missing.stderr.strip().splitlines()) == 1
    nothing = run("consent", "withdraw", "1")
    assert nothing.exit_code == 2 and "no answer or story" in nothing.stderr


def test_summary_coaching_work_is_the_same_in_every_format(ok: Run) -> None:
    """The demo term, ended, with prep and min_group 2: json, markdown, text and html carry the same sentences."""
    ok("demo")
    ok("prep", "1h", "-a", "designing-pd", "--at", "2026-11-20 15:00")
    ok("config", "set", "privacy.min_group", "2")
    after = {"COACHLOG_NOW": "2027-01-10T15:00:00-05:00"}
    args = ("summary", "--term", "Fall term 2026", "--format")
    figures = json.loads(ok(*args, "json", env=after).stdout)["figures"]["coaching_work"]
    report = json.loads(ok("report", "--term", "Fall term 2026", "--format", "json", env=after).stdout)
    assert figures["prep"]["value"]["minutes"] == report["totals"]["prep_minutes"] > 60  # the demo's prep and this hour
    assert figures["stance_movement"]["hidden"] is None and figures["stance_movement"]["value"]["of"] >= 4
    texts = [line["text"] for line in figures.values()]
    for fmt in ("markdown", "text", "html"):
        page = ok(*args, fmt, env=after).stdout
        for text in texts:
            assert text in page, (fmt, text)
    mid_term = json.loads(ok(*args, "json").stdout)["figures"]["coaching_work"]
    assert mid_term["stance_movement"]["hidden"] == "not a term"
    assert "moved toward" not in ok(*args, "markdown").stdout


def test_summary_without_prep_reads_as_before(ok: Run) -> None:
    """No prep logged: no prep line, and the key figures equal those of the same log before prep existed."""
    ok("add", "Ms. Rivera", "coaching", "30m", "--at", "2026-11-20 10:00")
    page = ok("summary", "--from", "2026-11-16", "--to", "2026-11-22", "--format", "markdown").stdout
    assert "Prep without a teacher" not in page and "Coaching work" not in page  # no prep, no duty: no section


def test_prep_and_consent_on_postgres(ok: Run, pg_databases: Callable[..., str]) -> None:
    """The same on a PostgreSQL database: prep is logged and reported apart from duties; consent is withdrawn
    and given back by undo."""
    url = pg_databases()
    ok("--db", url, "prep", "30m", "-a", "designing-pd")
    ok("--db", url, "duty", "cover", "20m")
    ok("--db", url, "add", "Ms. Rivera", "coaching", "30m", "--helpful", "the wait time", "--shareable")
    totals = json.loads(ok("--db", url, "report", "--format", "json").stdout)["totals"]
    assert (totals["prep_minutes"], totals["duty_minutes"], totals["logged_minutes"]) == (30, 20, 80)
    ok("--db", url, "consent", "withdraw", "3")
    assert "#3" in ok("--db", url, "consent", "list").stdout
    ok("--db", url, "undo")
    assert "No consent has been withdrawn." in ok("--db", url, "consent", "list").stderr


def test_coaching_lost_is_the_pages_own_shown_minutes_over_its_sessions(ok: Run) -> None:
    """Each summary restates its duties at the typical session of an activity it shows: that activity's shown
    minutes over its sessions in the range (to 5 minutes), so the line tells nothing the page does not; a page
    that hides the activity shows no typical of it (round 6)."""
    ok("demo")
    shown_any = False
    for args in (("--term",), ("--from", "2026-10-01", "--to", "2026-10-31"), ("--last-week",), ("--all",)):
        page = json.loads(ok("summary", *args, "--format", "json").stdout)
        lost = page["figures"]["coaching_work"].get("coaching_lost")
        if lost is None:
            continue
        typical = lost["value"]
        minutes = {row["activity"]: row["minutes"] for row in page["activities"]}[typical["activity"]]
        assert minutes is not None, args
        start, end = page["period"]["start"], page["period"]["end"]
        entries = json.loads(ok("export", "--format", "json", "--from", start, "--to", end).stdout)
        sessions = sum(1 for e in entries if e["kind"] == "session" and e["activity"] == typical["activity"])
        assert sessions >= 3 and abs(typical["minutes"] - minutes / sessions) <= 2.5, (args, minutes, sessions)
        assert typical["sessions"] == round(page["totals"]["duty_minutes"] / typical["minutes"])
        shown_any = True
    assert shown_any  # the term shows it
