"""`--format table|csv|json` on teacher list, term list, status and config show; `config set --help` names every
key (issue 16). Through the real CLI on real SQLite files; the clock is Monday 2026-11-23 15:00 in New York."""

from __future__ import annotations

import csv
import io
import json

import pytest

from coachlog.config import SETTING_KEYS
from helpers import Run


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_teacher_list_formats(ok: Run) -> None:
    ok("add", "Ms. Rivera", "coaching", "45m", "--at", "2026-11-20 09:00")
    ok("add", "=Okafor", "consulting", "30m", "--with", "Ms. Rivera", "--at", "2026-11-23 09:00")
    data = json.loads(ok("teacher", "list", "--format", "json").stdout)
    assert data == [  # in name order, punctuation ignored
        {"name": "Ms. Rivera", "sessions": 2, "minutes": 75, "last_seen": "2026-11-23"},
        {"name": "=Okafor", "sessions": 1, "minutes": 30, "last_seen": "2026-11-23"},
    ]
    table = rows(ok("teacher", "list", "-f", "csv").stdout)
    assert [r["name"] for r in table] == ["Ms. Rivera", "'=Okafor"]  # a formula is neutralised for spreadsheets
    assert "last seen 2026-11-23" in ok("teacher", "list").stdout


def test_empty_lists_in_csv_and_json(ok: Run) -> None:
    assert json.loads(ok("teacher", "list", "--format", "json").stdout) == []
    assert ok("term", "list", "--format", "csv").stdout == "name,start,end,days\n"
    assert ok("teacher", "list", "--format", "csv").stdout == "name,sessions,minutes,last_seen\n"


def test_term_list_formats(ok: Run) -> None:
    ok("term", "add", "Fall 2026", "2026-08-24", "2026-12-18")
    assert json.loads(ok("term", "list", "--format", "json").stdout) == [
        {"name": "Fall 2026", "start": "2026-08-24", "end": "2026-12-18", "days": 117}
    ]
    assert rows(ok("term", "list", "--format", "csv").stdout)[0]["end"] == "2026-12-18"
    assert ok("term", "list").stdout.startswith("Fall 2026\t2026-08-24")


def test_status_formats(ok: Run, run: Run) -> None:
    idle = run("status", "--format", "json")
    assert idle.exit_code == 1 and json.loads(idle.stdout) == {"running": False}
    ok("start", "Ms. Rivera", "coaching", "--at", "14:20")
    data = json.loads(ok("status", "--format", "json").stdout)
    assert data["running"] is True and data["minutes"] == 40 and data["teachers"] == ["Ms. Rivera"]
    assert data["start"] == "2026-11-23T14:20-05:00" and data["stance"] == "coaching"
    (row,) = rows(ok("status", "--format", "csv").stdout)
    assert row["teachers"] == "Ms. Rivera" and row["minutes"] == "40"
    assert ok("status").stdout.startswith("Running: ")


def test_config_show_formats(ok: Run) -> None:
    ok("config", "set", "coach", "Sam Lee")
    data = json.loads(ok("config", "show", "--format", "json").stdout)
    assert data["coach"] == "Sam Lee" and set(data) >= {"school", "week_start", "timezone"}
    (row,) = rows(ok("config", "show", "--format", "csv").stdout)
    assert row["coach"] == "Sam Lee"
    assert "coach = Sam Lee" in ok("config", "show").stdout


@pytest.mark.parametrize("args", [("teacher", "list"), ("term", "list"), ("status",), ("config", "show")])
def test_unknown_format_is_refused(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_config_set_help_names_every_key(ok: Run) -> None:
    text = " ".join(ok("config", "set", "--help").stdout.split())
    missing = [key for key in SETTING_KEYS if key not in text]
    assert not missing
