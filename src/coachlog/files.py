"""Files coachlog writes besides the database: created owner-only, whatever the umask."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from coachlog.errors import CoachlogError


@contextmanager
def private_text_file(path: Path) -> Iterator[IO[str]]:
    """Write `path` (mode 0600) through a temporary file, so a failed write leaves no half file.

    The temporary file is made beside `path` by tempfile.mkstemp: an unpredictable name, created
    with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, so a file or symlink planted there is never written
    through. A write that fails (a full disk) removes it and says so in one line.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise CoachlogError(f"{path} is a directory: give a file name with -o")
    if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a pipe: written to, never replaced
        try:
            special = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 (closed below)
        except OSError as exc:
            raise CoachlogError(f"cannot write {path}: {exc.strerror}") from None
        with special:
            yield special
        return
    import tempfile  # here: it loads random and hashlib, which `add` (it opens the database) does not need

    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CoachlogError(f"cannot write {path}: {exc.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoachlogError(f"cannot write {path}: {exc.strerror}; nothing was written") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def make_private_dir(folder: Path) -> None:
    """Create `folder` (0700) and any missing parents (0755), whatever the umask."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for parent in reversed(missing):
        parent.mkdir(exist_ok=True)
        os.chmod(parent, 0o700 if parent == folder else 0o755)


def new_private_file(target: Path) -> None:
    """Create `target` empty and owner-only; FileExistsError if it is there already."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.chmod(target, 0o600)
