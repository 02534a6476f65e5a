"""The README's tour is real output: every `$ coachlog …` in it is replayed and its lines compared."""

from __future__ import annotations

import re
import shlex

from helpers import ROOT, Run

README = ROOT / "README.md"


def tour_commands() -> list[tuple[list[str], list[str]]]:
    """(arguments, expected output lines) for each command shown in the tour's console blocks."""
    text = README.read_text()
    tour = text[text.index("## A short tour") : text.index("## Commands")]
    commands: list[tuple[list[str], list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", tour, flags=re.S):
        for line in block.splitlines():
            if line.startswith("$ coachlog "):
                commands.append((shlex.split(line[2:])[1:], []))
            else:
                commands[-1][1].append(line)
    return commands


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
