"""A first pass through the main job: add, log, report."""

import json

from helpers import Run


def test_add_then_report_counts_the_session(ok: Run) -> None:
    """A logged session shows up in this week's JSON report."""
    ok("add", "Ms. Rivera", "coaching", "45m")
    data = json.loads(ok("report", "--format", "json").stdout)
    assert data["stances"]["coaching"]["minutes"] == 45
    assert data["totals"]["sessions"] == 1
