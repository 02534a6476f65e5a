"""files.path_text, user_path_text, is_dir and exists say what pathlib says (the fast commands name and open their
database and config file without loading pathlib: issue 17), so every message naming a file is unchanged."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachlog import files

names = st.text(alphabet="/.a~b ", max_size=12) | st.sampled_from(["", "/", "//", "///", ".", "./", "//x//y/", "~"])


@pytest.mark.skipif(os.name == "nt", reason="on Windows path_text is pathlib's own")
@given(names)
def test_path_text_writes_a_name_as_pathlib_does(name: str) -> None:
    """str(Path(name)): empty parts and "." dropped, ".." kept, one root ("//" when exactly two), "." for nothing."""
    assert files.path_text(name) == str(PurePosixPath(name))


def outcome(make: Callable[[], object]) -> object:
    try:
        return make()
    except RuntimeError as exc:  # `~nobody`: "Could not determine home directory."
        return (type(exc), str(exc))


@given(names)
def test_user_path_text_expands_as_pathlib_does(name: str) -> None:
    """str(Path(name).expanduser()): `~` at the start of the first part only; the same error for an unknown user."""
    assert outcome(lambda: files.user_path_text(name)) == outcome(lambda: str(Path(name).expanduser()))


def test_a_database_named_oddly_is_named_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A --db with "./", "//" or a trailing "/" opens the same file and is named in messages as str(Path(...))."""
    from coachlog.storage import open_store

    monkeypatch.chdir(tmp_path)
    with open_store("./x//coach.db", owner="coach") as store:
        assert store.path == "x/coach.db"
    with open_store(".//x/coach.db/", owner="coach") as store:
        assert store.path == "x/coach.db"
    (tmp_path / "folder.db").mkdir()
    with pytest.raises(Exception, match=r"^folder\.db is a directory"):
        open_store("./folder.db/")


@pytest.mark.parametrize("where", ["file", "folder", "missing", "under-a-file", "loop", "nul"])
def test_is_dir_and_exists_answer_as_pathlib(tmp_path: Path, where: str) -> None:
    """is_dir and exists: pathlib's answers, False for a missing path, a path through a file, a symlink loop or a
    NUL in the name."""
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    name = {"under-a-file": "file/x", "nul": "a\0b"}.get(where, where)
    path = tmp_path / name
    assert (files.is_dir(str(path)), files.exists(str(path))) == (path.is_dir(), path.exists())
