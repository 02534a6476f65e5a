"""Logging into a team database through the real CLI, as a coach does with `--db URL` (the team counts tests)."""

from __future__ import annotations

import json

from helpers import Run


def ok_on(run: Run, url: str, *args: str) -> str:
    """`coachlog --db URL ARGS`, which must succeed; its stdout."""
    result = run("--db", url, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def start_cycle(run: Run, url: str, teachers: list[str], day: str) -> int:
    """A cycle with `teachers` started on `day`; its id."""
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    ok_on(run, url, "cycle", "start", first, *more, "--goal", "wait time", "--at", day)
    listed = json.loads(ok_on(run, url, "cycle", "list", "--all", "--format", "json"))
    return int(max(cycle["id"] for cycle in listed))


def log_session(run: Run, url: str, teachers: list[str], day: str) -> None:
    """A 60-minute coaching session with `teachers` at 10:00 on `day`."""
    first, *others = teachers
    more = [arg for name in others for arg in ("--with", name)]
    ok_on(run, url, "add", first, "coaching", "60m", *more, "--at", f"{day} 10:00")


def numbered(prefix: str, numbers: range) -> list[str]:
    return [f"{prefix}{i}" for i in numbers]


def summary_pages_show(run: Run, url: str, args: tuple[str, ...], section: str, cells: tuple[str, ...]) -> None:
    """`summary --team ARGS` has `section` and each of `cells` in text, Markdown and HTML, and its JSON the same
    coaches as `report --team ARGS`."""
    for fmt in ("text", "markdown", "html"):
        page = ok_on(run, url, "summary", "--team", *args, "--format", fmt)
        assert section in page.lower(), fmt
        for cell in cells:
            assert cell in page, (fmt, cell)
    data = json.loads(ok_on(run, url, "summary", "--team", *args, "--format", "json"))
    assert data["coaches"] == json.loads(ok_on(run, url, "report", "--team", *args, "--format", "json"))["coaches"]
