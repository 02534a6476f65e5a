"""Files coachlog writes besides the database: created owner-only, whatever the umask; and a file's name as
pathlib writes it, without loading pathlib (path_text, user_path_text).

pathlib loads urllib.parse and ipaddress: about a tenth of `coachlog report --term`'s start-up (issue 17). The
fast commands name their database and config file through path_text and user_path_text, and open them with
os and open(); pathlib is loaded where a file is made or a Path is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from coachlog.errors import CoachlogError

if TYPE_CHECKING:
    from pathlib import Path


def path_text(name: str) -> str:
    """`str(pathlib.Path(name))`: the parts without empty ones and ".", one root ("//" when it is exactly two)."""
    if os.name == "nt":  # drives, UNC shares, two separators: pathlib's own rules
        from pathlib import Path

        return str(Path(name))
    stripped = name.lstrip("/")
    root = "" if stripped == name else "//" if len(name) - len(stripped) == 2 else "/"
    return root + "/".join(part for part in stripped.split("/") if part and part != ".") or "."


def user_path_text(name: str) -> str:
    """`str(pathlib.Path(name).expanduser())`: as path_text, with a leading `~` or `~user` expanded by pathlib."""
    text = path_text(name)
    if text[:1] == "~" or os.name == "nt":
        from pathlib import Path

        return str(Path(text).expanduser())
    return text


def is_dir(path: str | Path) -> bool:
    """`Path(path).is_dir()`: False where it is missing or not reachable, other failures raised (as pathlib)."""
    from stat import S_ISDIR

    found = _stat(path)
    return found is not None and S_ISDIR(found.st_mode)


def exists(path: str | Path) -> bool:
    """`Path(path).exists()`: as is_dir, for anything there."""
    return _stat(path) is not None


def _stat(path: str | Path) -> os.stat_result | None:
    """os.stat(path), None for what pathlib's is_dir and exists take for "not there"."""
    try:
        return os.stat(path)
    except OSError as exc:
        if not _ignored(exc):
            raise
        return None
    except ValueError:  # a name that cannot be encoded, a NUL in it
        return None


def _ignored(exc: OSError) -> bool:
    """pathlib's _ignore_error (Python 3.11): what its is_dir and exists take for "not there"."""
    import errno

    return exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP) or getattr(exc, "winerror", None) in (
        21,  # ERROR_NOT_READY: a drive exists but is not accessible
        123,  # ERROR_INVALID_NAME: the file name, directory name, or volume label syntax is incorrect
        1921,  # ERROR_CANT_RESOLVE_FILENAME: a symlink loop
    )


@contextmanager
def private_text_file(path: Path) -> Iterator[IO[str]]:
    """Write `path` (mode 0600) through a temporary file, so a failed write leaves no half file.

    The temporary file is made beside `path` by tempfile.mkstemp: an unpredictable name, created
    with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, so a file or symlink planted there is never written
    through. A write that fails (a full disk) removes it and says so in one line.
    """
    from pathlib import Path

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
