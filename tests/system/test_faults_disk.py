"""Files coachlog writes, under faults (issue 13): a full disk, a planted symlink, a reader that goes away.

A full disk is a small tmpfs the test mounts (root only; COACHLOG_REQUIRE_TMPFS=1 makes it required,
as in CI) and fills. Each write onto it ends in one line and exit 1, leaves no half file and no
temporary file behind, and names the file that could not be written, not the database.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Run, coachlog_command


def coachlog(*args: str, stdout: int | object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """The installed command, in this test's environment (conftest.isolated)."""
    return subprocess.run([*coachlog_command(), *args], stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and text.endswith("\n") and "Traceback" not in text


def _cannot_mount(reason: str) -> None:
    if os.environ.get("COACHLOG_REQUIRE_TMPFS"):
        pytest.fail(f"COACHLOG_REQUIRE_TMPFS is set, but {reason}")
    pytest.skip(reason)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 64 KiB tmpfs, filled up; unmounted afterwards."""
    folder = tmp_path / "full"
    folder.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        _cannot_mount("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        _cannot_mount(f"mount -t tmpfs failed: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        ballast = os.open(folder / "ballast", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(ballast, b"x" * 1024):
                pass
        except OSError:
            pass  # full
        finally:
            os.close(ballast)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def demo(ok: Run) -> None:
    ok("demo")


def left_behind(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "ballast")


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("export", "-o"), "entries.csv"),
        (("export", "--format", "json", "-o"), "entries.json"),
        (("summary", "--all", "--format", "html", "-o"), "summary.html"),
        (("summary", "--all", "--format", "markdown", "-o"), "summary.md"),
    ],
)
def test_writing_a_file_onto_a_full_disk_is_one_line_and_leaves_nothing(
    demo: None, full_disk: Path, args: tuple[str, ...], name: str
) -> None:
    """`-o FILE` on a full disk: one line naming FILE, exit 1, no half file and no temporary file left."""
    target = full_disk / name
    result = coachlog(*args, str(target))
    assert result.returncode == 1, result
    assert one_line(result.stderr), result.stderr
    assert str(target) in result.stderr and "No space left on device" in result.stderr
    assert left_behind(full_disk) == []


def test_export_to_a_redirected_stdout_on_a_full_disk_is_one_line(demo: None, full_disk: Path) -> None:
    """`export > FILE` on a full disk: one line (no OSError traceback, no 'Exception ignored'), exit 1."""
    with (full_disk / "out.csv").open("w") as out:
        result = coachlog("export", stdout=out)
    assert result.returncode == 1, result
    assert one_line(result.stderr), result.stderr
    assert "No space left on device" in result.stderr


def test_a_reader_that_goes_away_ends_the_output_quietly(demo: None) -> None:
    """`coachlog log | head -1`: no BrokenPipeError traceback, no message (Click ends it, exit 1)."""
    command = coachlog_command()
    process = subprocess.Popen([*command, "log", "--all"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before coachlog writes a byte
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)
    assert errors == ""


def test_backup_onto_a_full_disk_names_the_backup_not_the_database(demo: None, full_disk: Path, db_path: Path) -> None:
    target = full_disk / "copy.db"
    before = db_path.read_bytes()
    result = coachlog("backup", str(target))
    assert result.returncode == 1, result
    assert one_line(result.stderr), result.stderr
    assert f"cannot write a backup at {target}" in result.stderr
    assert left_behind(full_disk) == []
    assert db_path.read_bytes() == before


def test_config_set_onto_a_full_disk_leaves_the_file_as_it_was(ok: Run, run: Run, full_disk: Path) -> None:
    config = full_disk / "config.toml"
    result = run("config", "set", "school", "Lincoln " * 2000, env={"COACHLOG_CONFIG": str(config)})
    assert result.exit_code == 1, result
    assert one_line(result.stderr), result.stderr
    assert left_behind(full_disk) == []


@pytest.mark.parametrize(("args", "name"), [(("export", "-o"), "out.csv"), (("summary", "--all", "-o"), "s.md")])
def test_a_symlink_planted_at_the_old_temporary_name_is_not_written_through(
    ok: Run, tmp_path: Path, args: tuple[str, ...], name: str
) -> None:
    """The temporary file beside FILE has an unpredictable name, made with O_EXCL|O_NOFOLLOW and mode 0600:
    a symlink planted where coachlog used to write (.FILE.PID.tmp) is never followed."""
    ok("demo")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    target = tmp_path / name
    pid_guesses = range(os.getpid(), os.getpid() + 50)  # in-process run: coachlog's pid is this one
    for pid in pid_guesses:
        (tmp_path / f".{name}.{pid}.tmp").symlink_to(victim)
    ok(*args, str(target))
    assert victim.read_text() == "keep me\n"
    assert (target.stat().st_mode & 0o777) == 0o600
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()]
    assert leftovers == []


def test_output_to_a_device_or_a_pipe_writes_to_it_and_never_replaces_it(ok: Run, tmp_path: Path) -> None:
    """`export -o /dev/null` as root replaced the device with a regular file (the temporary file was renamed
    over it). A target that is not a regular file is written to as it is: a named pipe stays a pipe and its
    reader gets the export; a character device (made here, never the real /dev/null) stays a device."""
    import stat
    import threading

    ok("add", "Ms. Rivera", "coaching", "45m")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    ok("export", "--format", "csv", "-o", str(fifo))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and b"Ms. Rivera" in received[0]
    if os.geteuid() == 0:
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        ok("export", "-o", str(device), "--format", "json")
        ok("summary", "--week", "-o", str(device), "--format", "markdown")
        assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.parametrize(
    "args",
    [
        ("log", "--week"),
        ("report", "--term"),
        ("summary",),
        ("export",),
        ("export", "--format", "json"),
        ("reach",),
        ("cycle", "list"),
    ],
)
def test_a_command_started_with_stdout_closed_says_so_in_one_line(demo: None, args: tuple[str, ...]) -> None:
    """`coachlog log >&-` (no stdout at all): one line saying the output is closed, exit 1, no traceback (was an
    AttributeError or TypeError traceback); a change's confirmation is skipped instead (`add` saves, exit 0)."""
    command = coachlog_command()
    closed = ["/bin/sh", "-c", '"$@" >&-', "sh", *command]
    result = subprocess.run([*closed, *args], stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 1, result
    assert result.stderr == "Error: cannot write the output: standard output is closed\n"
    added = subprocess.run([*closed, "add", "Ann Lee", "coaching", "30m"], stderr=subprocess.PIPE, text=True)
    assert (added.returncode, "Traceback" in added.stderr) == (0, False), added
    assert "Ann Lee" in coachlog("log", "--all").stdout
