"""The README's tour is real output: every `$ coachlog …` in it is replayed and its lines compared.

The tour also runs verbatim in a fresh shell (a clean environment, a new directory, the installed
command), right after the README's first command, run twice as a coach who tries again would.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, Run

README = ROOT / "README.md"
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -q . && "  # what the fresh shell stands in for


def section(start: str, end: str) -> str:
    text = README.read_text()
    return text[text.index(start) : text.index(end)]


def tour_commands(start: str = "## A short tour", end: str = "## Commands") -> list[tuple[list[str], list[str]]]:
    """(arguments, expected output lines) for each command shown in a section's console blocks."""
    commands: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section(start, end), flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ coachlog "):
                commands.append((shlex.split(line[2:])[1:], []))
            else:
                commands[-1][1].append(line)
    return commands


def shell_lines(start: str, end: str) -> list[tuple[str, list[str] | None]]:
    """Every command of a section as typed, in order: (command line, expected output lines) for a console
    block's `$ ` lines, (command line, None) for a line of an sh block (its output is not shown)."""
    lines: list[tuple[str, list[str] | None]] = []
    for kind, block in re.findall(r"```(console|sh)\n(.*?)```", section(start, end), flags=re.S):
        for line in block.splitlines():
            if kind == "sh":
                lines.append((line, None))
            elif line.startswith("$ "):
                lines.append((line[2:], []))
            else:
                expected = lines[-1][1]
                assert expected is not None
                expected.append(line)
    return lines


def test_readme_tour_is_what_coachlog_prints(ok: Run) -> None:
    """Each command of the tour, run in order on a new database at the README's clock, prints what it shows."""
    commands = tour_commands()
    assert len(commands) >= 5
    for args, expected in commands:
        result = ok(*args)
        printed = result.stderr.splitlines() + result.stdout.splitlines()
        assert sorted(printed) == sorted(expected), " ".join(args)


def test_readme_starts_with_the_two_commands() -> None:
    """The README opens with the install-and-demo command and the test command that .ci/run runs."""
    text = README.read_text()
    first_blocks = re.findall(r"```sh\n(.*?)```", text[: text.index("## A short tour")], flags=re.S)
    assert len(first_blocks) == 2
    assert "coachlog demo" in first_blocks[0] and "report --term" in first_blocks[0]
    assert "pytest" in first_blocks[1]
    ci = (README.parent / ".ci" / "run").read_text()
    assert "test-command" in ci and "<!-- test-command" in text


def first_command() -> str:
    text = README.read_text()
    return re.findall(r"```sh\n(.*?)```", text[: text.index("## A short tour")], flags=re.S)[0].strip()


def installed_coachlog() -> str:
    found = shutil.which("coachlog", path=os.path.dirname(sys.executable)) or shutil.which("coachlog")
    if found is None:
        pytest.skip("no installed coachlog command")
    return found


@pytest.mark.slow
def test_readme_tour_runs_verbatim_in_a_fresh_shell(tmp_path: Path) -> None:
    """The first command (twice: a rerun must not fail on demo.db) and then every command of the tour, as typed,
    in one POSIX shell with a clean environment in a new directory; the console blocks' outputs are compared.

    The fresh shell stands in for the install (`python3 -m venv .venv && .venv/bin/pip install -q .`): its
    .venv/bin holds the installed command and an `activate` that puts that folder first on PATH."""
    first = first_command()
    assert first.startswith(INSTALL), first
    work, home = tmp_path / "shell", tmp_path / "fresh-home"
    (work / ".venv" / "bin").mkdir(parents=True)
    home.mkdir()
    (work / ".venv" / "bin" / "coachlog").symlink_to(installed_coachlog())
    (work / ".venv" / "bin" / "activate").write_text('PATH="$PWD/.venv/bin:$PATH"; export PATH\n')
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TZ": "UTC"}
    steps: list[tuple[str, list[str] | None]] = [(first[len(INSTALL) :], None)] * 2
    steps += shell_lines("## A short tour", "## Commands")
    script = "".join(
        f"printf '\\n@@@ {n}\\n'\n{{ {line}\n}} 2>&1 || printf '\\n@@@ failed {n}\\n'\n"
        for n, (line, _) in enumerate(steps)
    )
    done = subprocess.run(["sh", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done
    outputs = re.split(r"^@@@ (\d+)\n", done.stdout, flags=re.M)[1:]
    assert [int(n) for n in outputs[::2]] == list(range(len(steps)))
    assert "@@@ failed" not in done.stdout, done.stdout
    for (line, expected), printed in zip(steps, outputs[1::2], strict=True):
        if expected is not None:
            assert sorted(printed.strip("\n").splitlines()) == sorted(expected), line
    assert re.match(r"Added \d+ demo entries", outputs[3]) and "Teachers reached" in outputs[3]  # today's clock
    assert (work / "tour.db").exists() and (work / "fall.csv").exists()
    assert not (home / ".local").exists()  # the tour kept to its own database


def test_readme_import_section_is_what_coachlog_prints(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import section's form export, saved under its name in a new directory, gives each command's output."""
    text = section("## Import a spreadsheet", "## Import a calendar")
    sheet = re.findall(r"```\n(.*?)```", text, flags=re.S)[0]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Coaching log (Responses).csv").write_text(sheet)
    commands = tour_commands("## Import a spreadsheet", "## Import a calendar")
    assert len(commands) >= 5
    for args, expected in commands:
        result = run(*args)
        assert result.exit_code == (2 if expected[-1].startswith("Error:") else 0), result
        assert sorted(result.stderr.splitlines() + result.stdout.splitlines()) == sorted(expected), " ".join(args)


def test_readme_summary_sample_is_the_demo_term(ok: Run, tmp_path: Path) -> None:
    """The summary sample's exact figures are what the demo prints today at the tour's clock: its stances and
    targets, and each week it shows with its duties (times with teachers are rounded per database, so not those)."""
    text = section("## A one-pager for school leaders", "## A timer")
    sample = re.findall(r"```text\n(.*?)```", text, flags=re.S)[0]
    for command in re.findall(r"^coachlog (config set .*?)$", text, flags=re.M):
        for one in command.split("; coachlog "):
            ok(*shlex.split(one))
    ok("--db", str(tmp_path / "demo.db"), "demo")
    printed = ok("--db", str(tmp_path / "demo.db"), "summary").stdout

    def rows(page: str, head: str) -> dict[str, list[str]]:
        found = {}
        for line in page.splitlines():
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if line.startswith("| ") and cells[0] != head and not set(line) <= set("|-:"):
                found[cells[0]] = cells
        return found

    shown, real = rows(sample, "week of"), rows(printed, "week of")
    weeks = [key for key in shown if key.startswith("2026-")]
    assert len(weeks) >= 3
    for week in weeks:
        assert shown[week][5] == real[week][5], week  # duties: exact
    for stance in ("consulting", "collaborating", "coaching"):
        assert shown[stance][4] == real[stance][4], stance  # the target column
    assert re.search(r"of logged time was spent with teachers \(target 70%", printed)
