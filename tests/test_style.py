"""The shape of the code: who may import whom, and lint."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "coachlog"

# module -> coachlog modules it must never import (at any level)
FORBIDDEN = {
    "domain": {"cli", "store", "render", "reports", "config", "models"},
    "timeparse": {"cli", "store", "render", "reports", "config", "models"},
    "reports": {"cli", "store", "render", "models", "config"},
    "render": {"cli", "store", "models", "config"},
    "store": {"cli", "render", "output"},
    "importer": {"cli", "store", "database", "models", "config", "output"},  # pure: rows in, NewEntry values out
    "database": {"cli", "render", "output", "store", "reports", "models"},
    "pgconnection": {"cli", "render", "output", "store", "reports", "models"},  # database.py's PostgreSQL twin
    "models": {"cli", "store", "render", "reports", "output"},
    "calendar": {"cli", "store", "render", "reports", "output", "config", "models", "database"},
}


# the module names above -> where each lives now (the layered layout, ARCHITECTURE in the README)
PATHS = {
    "domain": "domain/values",
    "timeparse": "domain/timeparse",
    "reports": "reports/report",
    "render": "render/report",
    "store": "storage/store",
    "importer": "formats/spreadsheet",
    "database": "storage/sqlite",
    "pgconnection": "storage/postgres",
    "models": "storage/schema/models",
    "calendar": "formats/calendar",
}
# a package-qualified import -> the old module name FORBIDDEN speaks of
OLD_NAMES = {path.replace("/", "."): name for name, path in PATHS.items()}


def coachlog_imports(module: str) -> set[str]:
    tree = ast.parse((SOURCE / f"{PATHS[module]}.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coachlog"):
            found.add(node.module.removeprefix("coachlog").lstrip(".") or node.names[0].name)
        elif isinstance(node, ast.Import):
            found |= {a.name.removeprefix("coachlog.") for a in node.names if a.name.startswith("coachlog.")}
    found = {OLD_NAMES.get(name, name) for name in found}
    return {name.split(".")[0] if name.startswith("cli") else name.split(".")[-1] for name in found}


@pytest.mark.parametrize("module", sorted(FORBIDDEN))
def test_layers_import_only_downwards(module: str) -> None:
    """Domain and reports know nothing of storage or the CLI; the store never prints."""
    assert not coachlog_imports(module) & FORBIDDEN[module]


def test_nothing_imports_the_cli() -> None:
    """The Typer app is the outermost layer; only the entry point (coachlog.main) starts it."""
    for path in SOURCE.rglob("*.py"):
        if path.parent.name == "cli" or path.name in ("__main__.py", "__init__.py"):
            continue
        assert "coachlog.cli" not in path.read_text(), path


def test_sql_lives_in_the_store() -> None:
    """SQL statements are written in store.py and database.py (and the migrations, and pgconnection.py where
    PostgreSQL's SQL differs), and a team's in team.py; nowhere else."""
    for path in SOURCE.rglob("*.py"):
        if path.relative_to(SOURCE).parts[0] == "storage":
            continue
        text = path.read_text()
        assert "SELECT " not in text and "INSERT INTO" not in text, path


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_ruff_lint_and_format_are_clean() -> None:
    """ruff check and ruff format --check pass on src and tests."""
    root = SOURCE.parent.parent
    for command in (["check", "src", "tests"], ["format", "--check", "src", "tests"]):
        done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
