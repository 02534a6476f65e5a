"""The new ranges (--today, --yesterday, --last-month, --year), `report --teacher`, `--tag` and `report --by tag`
(issue 16), through the real CLI on real SQLite files.

The clock is Monday 2026-11-23 15:00 in New York (see conftest.py). `--year` is the school year: 1 July to 30 June.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import Run, table_dump


@pytest.fixture
def logged(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-23 09:00", "-t", "cycle-2")
    ok("add", "Mr. Okafor", "consulting", "30m", "--at", "2026-11-22 10:00", "-t", "Cycle-2", "-t", "math")
    ok("add", "Ms. Rivera", "collab", "20m", "--at", "2026-10-14 10:00")
    ok("add", "Mr. Okafor", "coaching", "1h", "--at", "2026-07-01 08:00")
    ok("add", "Ms. Rivera", "coaching", "15m", "--at", "2026-06-30 08:00")
    ok("duty", "cover", "50m", "--at", "2026-11-23 11:00")


def dates(ok: Run, *args: str) -> list[str]:
    return [row["date"] for row in json.loads(ok("export", "--format", "json", *args).stdout)]


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("--today", ["2026-11-23", "2026-11-23"]),
        ("--yesterday", ["2026-11-22"]),
        ("--last-month", ["2026-10-14"]),
        ("--year", ["2026-07-01", "2026-10-14", "2026-11-22", "2026-11-23", "2026-11-23"]),
    ],
)
def test_new_ranges_in_export(ok: Run, logged: None, option: str, expected: list[str]) -> None:
    assert dates(ok, option) == expected


def test_new_ranges_in_log_report_summary(ok: Run, logged: None) -> None:
    assert "2026-11-22" in ok("log", "--yesterday").stdout and "2026-11-23" not in ok("log", "--yesterday").stdout
    report = json.loads(ok("report", "--year", "--format", "json").stdout)
    assert report["period"]["start"] == "2026-07-01" and report["period"]["end"] == "2027-06-30"
    assert json.loads(ok("report", "--last-month", "--format", "json").stdout)["period"]["start"] == "2026-10-01"
    assert "school year 2026-27" in ok("summary", "--year", "--format", "text").stdout


def test_two_ranges_are_refused(run: Run, logged: None) -> None:
    result = run("log", "--today", "--year")
    assert result.exit_code == 2 and result.stderr.strip().endswith("choose one range, not --today and --year")


def test_tag_filter(ok: Run, logged: None) -> None:
    assert dates(ok, "--tag", "CYCLE-2") == ["2026-11-22", "2026-11-23"]
    log = ok("log", "--all", "--tag", "math").stdout
    assert "Okafor" in log and "Rivera" not in log
    report = json.loads(ok("report", "--all", "--tag", "cycle-2", "--format", "json").stdout)
    assert report["totals"]["sessions"] == 2


def test_report_teacher(ok: Run, run: Run, logged: None) -> None:
    report = json.loads(ok("report", "--year", "--teacher", "rivera", "--format", "json").stdout)
    assert report["totals"]["sessions"] == 2  # 45m coaching and 20m collaborating; the duty and Mr. Okafor's are out
    assert "with Ms. Rivera" in ok("report", "--year", "--teacher", "rivera").stdout.splitlines()[0]
    unknown = run("report", "--teacher", "nobody")
    assert unknown.exit_code != 0 and "nobody" in unknown.stderr and len(unknown.stderr.strip().splitlines()) == 1


def test_report_by_tag(ok: Run, logged: None) -> None:
    report = json.loads(ok("report", "--year", "--by", "tag", "--format", "json").stdout)
    rows = {row["tag"]: row for row in report["groups"]}
    assert set(rows) == {"", "cycle-2", "math"}
    assert rows["cycle-2"]["sessions"] == 2 and rows["math"]["sessions"] == 1


def test_a_shared_summary_takes_no_tag(ok: Run, run: Run, db_path: Path) -> None:
    """`summary --tag` is refused in one line (exit 2, nothing written): a tagged one-pager subtracted from the
    whole would leave the untagged sessions of a day, on units other than the ones every summary rounds, so the
    30-minute window could narrow (README, "What is protected"). `report --tag` is the coach's own view."""
    ok("demo")
    before = table_dump(db_path)
    for args in (("summary", "--tag", "pd"), ("summary", "--team", "--tag", "pd")):
        refused = run(*args)
        assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused
        assert "--tag" in refused.stderr and refused.stdout == ""
    assert "report --tag" in run("summary", "--tag", "pd").stderr
    assert table_dump(db_path) == before
    assert json.loads(ok("report", "--term", "--tag", "pd", "--format", "json").stdout)["totals"]["sessions"] > 0
