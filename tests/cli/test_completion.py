"""Shell completion of values, through Click's real machinery: the installed `coachlog` run in a subprocess
as bash, zsh and fish run it on a Tab keystroke, against a real SQLite database that it must not change."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from helpers import Run, coachlog_command, table_dump

TEACHERS = ["Dana Whitfield", "Mr. O'Connell", "Ms. Rivera"]


def complete(line: str, shell: str = "bash", instruction: str | None = None) -> list[str]:
    """What `shell` is offered for the last word of `line` (a trailing space: a new, empty word)."""
    env = {**os.environ, "_COACHLOG_COMPLETE": instruction or f"complete_{shell}"}
    if shell == "bash":  # as the script passes them: bash's words joined by newlines, the last one's index
        words = line.split(" ")
        env |= {"COMP_WORDS": "\n".join(words), "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run(coachlog_command(), capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done
    if shell == "bash":  # bash inserts what it is given: names come escaped
        return [re.sub(r"\\(.)", r"\1", value) for value in done.stdout.splitlines() if value]
    if shell == "zsh":  # _arguments '*: :(("value" "value"))', quotes doubled
        return [value.replace("''", "'") for value in re.findall(r'"((?:[^"]|"")*)"', done.stdout)]
    return [value.split("\t")[0] for value in done.stdout.splitlines() if value]


@pytest.fixture
def logged(ok: Run, db_path: Path) -> Path:
    for teacher in TEACHERS:
        ok("add", teacher, "coaching", "30")
    ok("term", "add", "Fall term 2026", "2026-08-24", "2026-12-18")
    ok("term", "add", "Spring term 2027", "2027-01-04", "2027-06-11")
    return db_path


def test_teachers_complete_from_the_database(logged: Path) -> None:
    """Every place a teacher is typed completes the database's teachers."""
    for line in (
        "coachlog add ",
        "coachlog start ",
        "coachlog add x coaching 30 --with ",
        "coachlog log --teacher ",
        "coachlog export --teacher ",
        "coachlog edit 1 --teacher ",
        "coachlog teacher rename ",
        "coachlog teacher merge ",
    ):
        assert complete(line) == TEACHERS, line
    assert complete("coachlog log --teacher Ms") == ["Ms. Rivera"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_the_values(logged: Path, shell: str) -> None:
    """bash, zsh and fish: a teacher (with a space and an apostrophe), a term, a stance, a format."""
    assert complete("coachlog add M", shell) == ["Mr. O'Connell", "Ms. Rivera"]
    assert complete("coachlog report --term ", shell) == ["Fall term 2026", "Spring term 2027"]
    assert complete("coachlog add rivera coa", shell) == ["coaching"]
    assert complete("coachlog summary -f ", shell) == ["markdown", "html", "text", "json"]


def test_bash_gets_names_escaped_as_the_line_needs_them(logged: Path) -> None:
    env = {**os.environ, "_COACHLOG_COMPLETE": "complete_bash", "COMP_WORDS": "coachlog add M", "COMP_CWORD": "2"}
    done = subprocess.run(coachlog_command(), capture_output=True, text=True, env=env, timeout=60)
    assert done.stdout.splitlines() == ["Mr.\\ O\\'Connell", "Ms.\\ Rivera"]


def test_terms_and_closed_vocabularies_complete(logged: Path) -> None:
    """Terms, stances, activities, duty kinds, --by, --format (per command) and setting keys."""
    assert complete("coachlog term remove S") == ["Spring term 2027"]
    assert complete("coachlog add rivera co") == ["consulting", "collaborating", "coaching"]
    assert complete("coachlog log --stance cons") == ["consulting"]
    assert complete("coachlog add rivera coaching 30 -a obs") == ["observing"]
    assert complete("coachlog log --activity c") == ["co-teaching", "cover"]
    assert complete("coachlog duty s") == ["supervision"]
    assert complete("coachlog report --by ") == ["week", "day", "teacher", "activity", "tag"]
    assert complete("coachlog log --format ") == ["table", "csv", "json", "markdown"]
    assert complete("coachlog export --format j") == ["json"]
    assert complete("coachlog config set week") == ["week_start"]
    assert "privacy.min_group" in complete("coachlog config set ")
    assert complete("coachlog config set week_start ") == ["monday", "sunday"]
    assert complete("coachlog config set calendar.default_stance coa") == ["coaching"]
    assert complete("coachlog config set timezone America/Chic") == ["America/Chicago"]
    assert complete("coachlog config set coach ") == []


def test_listing_formats_complete_only_what_the_listings_write(logged: Path) -> None:
    """status, term list and config show write table, csv or json: no markdown offered; teacher list (like the
    other caseload listings) writes markdown too."""
    assert complete("coachlog teacher list -f ") == ["table", "csv", "json", "markdown"]
    for line in (
        "coachlog status --format ",
        "coachlog term list --format ",
        "coachlog config show -f ",
    ):
        assert complete(line) == ["table", "csv", "json"], line


def test_tags_complete_from_the_database(ok: Run, logged: Path) -> None:
    """`--tag` on add, start, stop and edit, and the `--tag` filter of log, report and export."""
    ok("add", "Ms. Rivera", "coaching", "30", "--tag", "math", "--tag", "cycle 2")
    ok("add", "Ms. Rivera", "coaching", "30", "--tag", "math")
    for line in (
        "coachlog add rivera coaching 30 --tag ",
        "coachlog start rivera coaching -t ",
        "coachlog stop --tag ",
        "coachlog edit 1 --tag ",
        "coachlog log --tag ",
        "coachlog report --tag ",
        "coachlog export -t ",
    ):
        assert complete(line) == ["cycle 2", "math"], line
    assert complete("coachlog log --tag m") == ["math"]
    for shell in ("zsh", "fish"):
        assert complete("coachlog log --tag c", shell) == ["cycle 2"]


def test_configured_activities_complete(ok: Run) -> None:
    ok("config", "set", "activities", "walkthrough, book study")
    assert complete("coachlog start rivera coaching -a w") == ["workshop", "walkthrough"]
    assert complete("coachlog stop -a b") == ["book study"]


def test_a_config_file_that_does_not_read_completes_the_built_in_activities(isolated: Path) -> None:
    (isolated / "config.toml").write_text("activities = [unclosed\n")
    assert complete("coachlog add rivera coaching 30 -a obs") == ["observing"]
    assert complete("coachlog config set week_start ") == ["monday", "sunday"]


def test_clicks_spelling_of_the_request_is_accepted(logged: Path) -> None:
    """`bash_complete` (Click's order) as well as `complete_bash` (Typer's, which the installed scripts use)."""
    assert complete("coachlog add M", "bash", "bash_complete") == ["Mr. O'Connell", "Ms. Rivera"]
    assert complete("coachlog add M", "zsh", "zsh_complete") == ["Mr. O'Connell", "Ms. Rivera"]
    assert complete("coachlog add M", "fish", "fish_complete") == ["Mr. O'Connell", "Ms. Rivera"]


def test_the_database_the_line_names_is_the_one_completed(logged: Path, ok: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok("--db", str(other), "add", "Mx. Okafor", "coaching", "30")
    assert complete(f"coachlog --db {other} add ") == ["Mx. Okafor"]
    assert complete(f"coachlog add --db {other} M") == ["Mx. Okafor"]
    assert complete(f"coachlog log --db={other} --teacher ") == ["Mx. Okafor"]
    assert complete("coachlog add ") == TEACHERS  # COACHLOG_DB


def test_completion_writes_nothing(logged: Path) -> None:
    """A keystroke changes no byte of the database and leaves no -wal or -shm file beside it."""
    before = (logged.read_bytes(), sorted(p.name for p in logged.parent.iterdir()), table_dump(logged))
    for shell in ("bash", "zsh", "fish"):
        assert complete("coachlog add ", shell) == TEACHERS
    assert complete("coachlog report --term ") == ["Fall term 2026", "Spring term 2027"]
    assert (logged.read_bytes(), sorted(p.name for p in logged.parent.iterdir()), table_dump(logged)) == before


def test_a_missing_database_is_not_created(db_path: Path) -> None:
    assert complete("coachlog add ") == []
    assert complete("coachlog report --term ") == []
    assert complete("coachlog add rivera coa") == ["coaching"]  # the vocabularies need no database
    assert not db_path.exists()
    assert not list(db_path.parent.glob("*.db*"))


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["empty", "not-sqlite", "damaged"],
)
def test_an_unreadable_database_completes_nothing_silently(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    assert complete("coachlog add ") == []  # rc 0 and nothing on stderr: checked in complete()
    assert complete("coachlog add rivera coa") == ["coaching"]
    assert db_path.read_bytes() == content


def test_a_locked_database_completes_nothing_silently(logged: Path) -> None:
    """A database another process holds exclusively gives no names, and no error."""
    holder = sqlite3.connect(logged, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE setting SET value = value")
        assert complete("coachlog add ") == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_team_database_url_is_not_contacted() -> None:
    env_line = "coachlog --db postgresql://coach@127.0.0.1:1/none add "
    assert complete(env_line) == []


def interactive_bash(keys: list[str]) -> str:
    """What a real interactive bash in a pseudo-terminal, with coachlog's completion script sourced, prints after
    `keys` are typed one group at a time (each Tab handled before the next group)."""
    env = {
        **os.environ,
        "PATH": f"{os.path.dirname(coachlog_command()[0])}{os.pathsep}{os.environ.get('PATH', '')}",
        "TERM": "dumb",
        "INPUTRC": "/dev/null",
        "_COACHLOG_COMPLETE": "source_bash",
    }
    bash = shutil.which("bash") or pytest.skip("no bash")
    script = subprocess.run(coachlog_command(), capture_output=True, text=True, env=env, timeout=60).stdout
    assert "complete -o default -F" in script, script
    env.pop("_COACHLOG_COMPLETE")
    pid, fd = pty.fork()
    if pid == 0:  # the child: bash, reading the terminal
        os.execve(bash, [bash, "--norc", "--noprofile", "-i"], env)
    seen = b""

    def settle(seconds: float = 1.5) -> bytes:
        out, end = b"", time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    out += os.read(fd, 65536)
                except OSError:
                    break
        return out

    try:
        os.write(fd, f"PS1='$ '; bind 'set bell-style none'; {script}\n".encode())
        settle(3)
        for group in keys:
            os.write(fd, group.encode())
            settle(4)
        os.write(fd, b"\x01printf '<%s>' \n")  # Ctrl-A: print the completed line's words, one <...> each
        seen = settle(4)
        os.write(fd, b"exit\n")
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return seen.decode(errors="replace")


@pytest.mark.parametrize("start", ["Ms", '"Ms', "'Ms"], ids=["bare", "double-quoted", "single-quoted"])
def test_two_tabs_in_a_real_bash_give_one_argument(ok: Run, start: str) -> None:
    """`coachlog add Ms<Tab>Riv<Tab>`: the first Tab stops where two teachers part ("Ms.\\ "), the second
    completes the name as the line needs it, escaped or inside the coach's quotes: one argument."""
    for teacher in ("Ms. Rivera", "Ms. Okafor"):
        ok("add", teacher, "coaching", "30")
    seen = interactive_bash([f"coachlog add {start}\t", "Riv\t"])
    assert "<coachlog><add><Ms. Rivera>" in seen, seen
