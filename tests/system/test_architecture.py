"""The shape of the code: who may import whom, where SQL lives, how big a module grows, lint and types.

The layers are the packages under src/coachlog (README, Development, holds the map). Each check reads the
source as text and walks its AST; nothing is imported. The checker functions take a {path: source} tree,
so the tests at the end feed them small fake trees and show that each rule can fail.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from helpers import ROOT

SOURCE = ROOT / "src" / "coachlog"
README = ROOT / "README.md"

# Who may import whom inside coachlog: a whitelist per room, that is a package or one of the small shared
# modules (ARCHITECTURE.md, "Allowed import directions"). storage/schema is a room of its own inside storage,
# below the rest of it (sqlite.py and postgres.py import the schema, never the other way; the tables never
# import the store). A room may always import its own package. An entry allows that package, module or name
# and all below it: "formats.exchange" allows coachlog.formats.exchange.write_entries_csv, not
# coachlog.formats.cells. The rows are the README's map (Development); test_the_map_is_the_tree compares them.
ALLOWED: dict[str, frozenset[str]] = {
    "cli": frozenset(
        {
            "services",
            "render",
            "reports",  # constants and types
            "formats.exchange",  # the export writers
            "domain",
            "config",
            "output",
            "files",
            "errors",
            "__version__",  # `coachlog --version`; the one arrow back up, harmless (see LAUNCH)
        }
    ),
    "services": frozenset({"storage", "formats", "reports", "domain", "config", "urls", "errors"}),
    "render": frozenset({"reports", "domain", "formats.exchange", "output", "errors"}),
    "reports": frozenset({"domain", "errors"}),
    "formats": frozenset({"domain", "errors"}),
    "storage": frozenset({"domain", "urls", "files", "errors"}),
    "storage/schema": frozenset({"domain", "urls", "files", "errors"}),  # the floor of storage: none of the rest
    "config": frozenset({"domain", "urls", "files", "errors"}),
    "domain": frozenset({"errors"}),
    "urls": frozenset({"errors"}),
    "files": frozenset({"errors"}),
    "output": frozenset({"errors"}),
    "errors": frozenset(),  # the leaf every room may use
    "__init__": frozenset({"cli"}),  # coachlog.main() imports the CLI, inside the function, to start it
    "__main__": frozenset({"main"}),  # `python -m coachlog` runs coachlog.main
}
BELOW_SERVICES = frozenset(ALLOWED) - {"cli", "services", "__init__", "__main__"}

# The entry point starts the CLI: coachlog.main() imports coachlog.cli inside the function, and the CLI
# imports coachlog.__version__ back. That pair is the one cycle left on purpose (ARCHITECTURE: "harmless";
# the root package is always loaded before the CLI and main() runs after both), so the cycle check leaves
# out the arrow from the root module into the CLI. Every other import, at any level, counts.
LAUNCH = ("coachlog", "coachlog.cli")

SQL = re.compile(r"SELECT |INSERT INTO|CREATE |\bUPDATE\s+\S+\s+SET\b|DELETE FROM")

MAX_MODULE_LINES = 400
# Modules allowed past MAX_MODULE_LINES, each with its reason. Remove an entry when its module shrinks.
LONG_MODULES: dict[str, str] = {
    # ~430 lines: ImportFile._when (CC 31) and _kind (CC 21) still carry the sheet's date and kind rules;
    # simplifying them is a later, separate change (ARCHITECTURE.md, "Left on purpose").
    "formats/spreadsheet.py": "ImportFile's date and kind rules, to be simplified separately",
}

MAX_FUNCTION_LINES = 60
# A longer function says why in its docstring with these words (for a Typer command, after a "\f", which
# keeps the reason out of --help). A function's length runs from its `def` line to its last line, without
# its docstring and decorators.
LONG_REASON = "Long because"
# Alembic revisions are the schema's history: written once, never edited (ruff's E501 spares them too).
HISTORY = "storage/schema/migrations/versions/"


# --- reading the tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """One source file: where it sits under src/coachlog, its dotted name, its text and its AST."""

    path: str  # "storage/store.py"
    name: str  # "coachlog.storage.store"
    text: str
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.endswith("__init__.py")

    @property
    def room(self) -> str:
        return room_of(self.path)

    @property
    def package(self) -> str:
        """The dotted package a relative import starts from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


@dataclass(frozen=True)
class Import:
    """A coachlog name one module imports: `target` relative to coachlog ("storage.store", "__version__")."""

    target: str
    line: int


def room_of(path: str) -> str:
    """The row of ALLOWED a file answers to: its package (storage/schema apart), its own name, __init__, __main__."""
    if path.startswith("storage/schema/"):
        return "storage/schema"
    return path.split("/")[0].removesuffix(".py")


def in_room(target: str, room: str) -> bool:
    """Whether an imported name (relative to coachlog) lies inside the room's own package."""
    package = room.replace("/", ".")
    return target == package or target.startswith(package + ".")


def module_name(path: str) -> str:
    parts = ["coachlog", *path.removesuffix(".py").split("/")]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse_tree(files: Mapping[str, str]) -> dict[str, Module]:
    """{path under src/coachlog: source} -> {dotted name: Module}, for the .py files."""
    modules = {}
    for path, text in files.items():
        if path.endswith(".py"):
            modules[module_name(path)] = Module(path, module_name(path), text, ast.parse(text, path))
    return modules


def source_files() -> dict[str, str]:
    """Every file under src/coachlog (the .py files are read; other files are named with empty text)."""
    files = {}
    for path in sorted(SOURCE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            relative = path.relative_to(SOURCE).as_posix()
            files[relative] = path.read_text() if path.suffix == ".py" else ""
    return files


def source_tree() -> dict[str, Module]:
    return parse_tree(source_files())


def coachlog_imports(module: Module) -> list[Import]:
    """The coachlog names a module imports, at any level: module top, functions, `if TYPE_CHECKING:`."""
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.package.split(".")
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            names = [base if alias.name == "*" else f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "coachlog" or name.startswith("coachlog."):
                found.append(Import(name.removeprefix("coachlog").lstrip("."), node.lineno))
    return sorted(found, key=lambda imp: imp.line)


def allows(entries: frozenset[str], target: str) -> bool:
    return any(target == entry or target.startswith(entry + ".") for entry in entries)


def owner(target: str, modules: Mapping[str, Module]) -> str:
    """The module an imported name lives in: the longest dotted prefix that is a module."""
    name = f"coachlog.{target}" if target else "coachlog"
    while name not in modules and "." in name:
        name = name.rpartition(".")[0]
    return name


# --- the checks (each returns its violations; empty is clean) --------------------------------------------


def import_violations(modules: Mapping[str, Module]) -> list[str]:
    """Imports outside the whitelist of the importing module's room, one line per import statement and module."""
    found: dict[str, list[str]] = {}  # "where: which module" -> the names imported from it there
    for module in modules.values():
        allowed = ALLOWED.get(module.room)
        if allowed is None:
            found[f"{module.path}: room {module.room!r} is not on the map (ALLOWED)"] = []
            continue
        for imp in coachlog_imports(module):
            if in_room(imp.target, module.room) or allows(allowed, imp.target):
                continue
            full = f"coachlog.{imp.target}"
            source = owner(imp.target, modules) if owner(imp.target, modules) in modules else full
            names = found.setdefault(f"{module.path}:{imp.line}: {module.room} may not import {source}", [])
            if full != source:
                names.append(full.removeprefix(source + "."))
    return [where + (f" ({', '.join(names)})" if names else "") for where, names in found.items()]


def cli_importers(modules: Mapping[str, Module]) -> list[str]:
    """Imports of coachlog.cli from outside it (the root's main() is the entry point that starts it)."""
    return [
        f"{module.path}:{imp.line}: imports coachlog.{imp.target}"
        for module in modules.values()
        if module.room not in ("cli", "__init__")
        for imp in coachlog_imports(module)
        if imp.target.split(".")[0] == "cli"
    ]


def services_importers(modules: Mapping[str, Module]) -> list[str]:
    """Imports of coachlog.services from a room below it (anything but cli and the entry point)."""
    return [
        f"{module.path}:{imp.line}: imports coachlog.{imp.target}"
        for module in modules.values()
        if module.room in BELOW_SERVICES
        for imp in coachlog_imports(module)
        if imp.target.split(".")[0] == "services"
    ]


def import_graph(modules: Mapping[str, Module]) -> dict[str, set[str]]:
    """module -> the modules it imports, at any level, without self-imports and the LAUNCH arrow."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for module in modules.values():
        for imp in coachlog_imports(module):
            target = owner(imp.target, modules)
            launch = module.name == LAUNCH[0] and (target == LAUNCH[1] or target.startswith(LAUNCH[1] + "."))
            if target != module.name and target in modules and not launch:
                graph[module.name].add(target)
    return graph


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module: each one holds an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def import_cycles(modules: Mapping[str, Module]) -> list[str]:
    """Each import cycle: its modules and the arrows between them."""
    graph = import_graph(modules)
    found = []
    for component in strongly_connected(graph):
        arrows = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in component]
        found.append(f"cycle among {', '.join(component)}: " + "; ".join(arrows))
    return found


def docstring_nodes(tree: ast.Module) -> set[int]:
    """ids of the string constants that are docstrings (of the module, classes and functions)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                found.add(id(first.value))
    return found


def string_texts(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, text) of every string in the code but docstrings; an f-string's fields read as {}."""
    docstrings = docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
            yield node.lineno, "".join(str(part) for part in parts)


def sql_outside_storage(modules: Mapping[str, Module]) -> list[str]:
    """Strings that hold an SQL statement, in modules outside storage/."""
    found = set()
    for module in modules.values():
        if module.path.startswith("storage/"):
            continue
        for line, text in string_texts(module.tree):
            match = SQL.search(text)
            if match:
                found.add(f"{module.path}:{line}: {match.group(0)!r} in {text[:60]!r}")
    return sorted(found)


def busy_package_inits(modules: Mapping[str, Module]) -> list[str]:
    """Package __init__.py files with more than a docstring (the root package and storage/ are exempt)."""
    found = []
    for module in modules.values():
        if not module.is_package or module.name in ("coachlog", "coachlog.storage"):
            continue
        body = module.tree.body[1:] if ast.get_docstring(module.tree) is not None else module.tree.body
        if body:
            found.append(f"{module.path}:{body[0].lineno}: more than a docstring ({len(body)} statements)")
    return found


def long_modules(modules: Mapping[str, Module], allowed: Mapping[str, str] = LONG_MODULES) -> list[str]:
    """Modules over MAX_MODULE_LINES lines that the allow-list does not name."""
    return [
        f"{module.path}: {len(module.text.splitlines())} lines"
        for module in modules.values()
        if len(module.text.splitlines()) > MAX_MODULE_LINES and module.path not in allowed
    ]


def function_length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from `def` to the function's last line, leaving out its docstring."""
    length = (node.end_lineno or node.lineno) - node.lineno + 1
    if ast.get_docstring(node, clean=False) is not None:
        doc = node.body[0]
        length -= (doc.end_lineno or doc.lineno) - doc.lineno + 1
    return length


def long_functions(modules: Mapping[str, Module]) -> list[str]:
    """Functions over MAX_FUNCTION_LINES whose docstring does not say why ("Long because …"), outside HISTORY."""
    found = []
    for module in modules.values():
        if module.path.startswith(HISTORY):
            continue
        for node in ast.walk(module.tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if function_length(node) > MAX_FUNCTION_LINES and LONG_REASON not in (ast.get_docstring(node) or ""):
                found.append(f"{module.path}:{node.lineno}: {node.name} is {function_length(node)} lines")
    return found


# --- the map in the README -------------------------------------------------------------------------------

MAP_HEADER = "| room | owns | may import (inside coachlog) |"
TICKED = re.compile(r"`([^`]+)`")


def map_rows(readme: str) -> list[tuple[str, str, str]]:
    """The rows of the map table in the README's Development section: (room, owns, may import)."""
    section = readme[readme.index("## Development") :]
    lines = section[section.index(MAP_HEADER) :].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 3, line
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def map_problems(readme: str, files: Mapping[str, str]) -> list[str]:
    """Where the README's map and the tree under src/coachlog disagree, and where the map and ALLOWED do."""
    packages = {path.rpartition("/")[0] for path in files if path.endswith("/__init__.py")}
    top_modules = {path for path in files if "/" not in path and path.endswith(".py")}
    problems = []
    named: set[str] = set()
    for room_cell, owns, imports in map_rows(readme):
        for room in TICKED.findall(room_cell):
            folder = room.removesuffix("/")
            if room.endswith("/") and folder not in packages:
                problems.append(f"the map names {room}, which is not a package under src/coachlog")
                continue
            if not room.endswith("/") and room not in top_modules:
                problems.append(f"the map names {room}, which is not a module in src/coachlog")
                continue
            named.add(folder)
            where = folder + "/" if room.endswith("/") else ""
            for file in TICKED.findall(owns):
                if re.fullmatch(r"[\w/]+\.(py|sql)", file) and where + file not in files:
                    problems.append(f"the map's {room} owns {file}, which is not there")
            # a room's row lists ALLOWED; a package inside a room says "part of `room`"
            listed = {t.removeprefix("coachlog.") for t in TICKED.findall(imports)}
            room_name = room_of(folder + "/__init__.py") if room.endswith("/") else room_of(folder)
            if room.endswith("/") and room_name != folder:
                expected = {room_name}
            else:
                expected = set(ALLOWED.get(room_name, {"<not in ALLOWED>"}))
            if listed != expected:
                problems.append(f"the map says {room} may import {sorted(listed)}; the test allows {sorted(expected)}")
    for package in sorted(packages - named):
        problems.append(f"the package {package}/ is not on the map")
    for module in sorted(top_modules - named):
        problems.append(f"the module {module} is not on the map")
    return problems


# --- the tree as it is -----------------------------------------------------------------------------------


def test_imports_follow_the_table() -> None:
    """Each module imports only what its room's row of ALLOWED (the README's map) lets it, at any level."""
    assert import_violations(source_tree()) == []


def test_nothing_imports_the_cli() -> None:
    """The Typer app is the outermost layer; only the entry point (coachlog.main) starts it."""
    assert cli_importers(source_tree()) == []


def test_nothing_below_services_imports_services() -> None:
    """Services call down into storage, formats, reports and domain; nothing down there calls back up."""
    assert services_importers(source_tree()) == []


def test_no_import_cycles() -> None:
    """No two modules import each other, directly or round a longer loop, counting imports inside functions."""
    assert import_cycles(source_tree()) == []


def test_sql_lives_in_storage() -> None:
    """SQL statements (in strings, not docstrings or comments) are written under storage/ and nowhere else."""
    assert sql_outside_storage(source_tree()) == []


def test_package_inits_are_a_docstring() -> None:
    """Importing a package costs nothing: its __init__.py is a docstring (storage/ may add open_store)."""
    assert busy_package_inits(source_tree()) == []


def test_modules_stay_short() -> None:
    """No module is over 400 lines unless LONG_MODULES names it with a reason; every name there exists."""
    modules = source_tree()
    assert long_modules(modules) == []
    assert [path for path in LONG_MODULES if module_name(path) not in modules] == []


def test_functions_stay_short() -> None:
    """No function is over 60 lines unless its docstring gives the reason ("Long because …")."""
    assert long_functions(source_tree()) == []


def test_the_map_is_the_tree() -> None:
    """The README's map names every package and top-level module, each one it names exists, and its
    "may import" column is ALLOWED."""
    assert map_problems(README.read_text(), source_files()) == []


def test_ruff_lint_and_format_are_clean() -> None:
    """ruff check and ruff format --check pass on src and tests."""
    for command in (["check", "src", "tests"], ["format", "--check", "src", "tests"]):
        done = subprocess.run([sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    """mypy passes on src/coachlog with pyproject's settings: strict for domain, reports, formats, storage."""
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert "No module named mypy" not in done.stderr, "mypy is missing: pip install -e '.[test]'"
    assert done.returncode == 0, done.stdout + done.stderr


# --- each rule can fail ----------------------------------------------------------------------------------


def test_the_table_catches_an_import_at_any_level() -> None:
    """A layer importing above itself is caught at module level, inside a function and behind TYPE_CHECKING."""
    tree = parse_tree(
        {
            "domain/values.py": "from coachlog.storage.store import Store\n",
            "reports/report.py": "def f():\n    from coachlog.render import text\n",
            "formats/cells.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import coachlog.config\n",
            "render/text.py": "from coachlog.formats.cells import parse\nfrom coachlog.formats.exchange import quote\n",
            "cli/app.py": "from coachlog import __version__, output\nfrom coachlog.formats import spreadsheet\n",
            "storage/team.py": "from . import store\nfrom ..reports import privacy\n",
            "storage/store.py": "",
            "ledger.py": "",
        }
    )
    assert import_violations(tree) == [
        "domain/values.py:1: domain may not import coachlog.storage.store (Store)",
        "reports/report.py:2: reports may not import coachlog.render.text",
        "formats/cells.py:3: formats may not import coachlog.config",
        "render/text.py:1: render may not import coachlog.formats.cells (parse)",
        "cli/app.py:2: cli may not import coachlog.formats.spreadsheet",
        "storage/team.py:2: storage may not import coachlog.reports.privacy",
        "ledger.py: room 'ledger' is not on the map (ALLOWED)",
    ]


def test_the_cli_and_services_rules_catch_an_upward_import() -> None:
    """Importing the CLI from anywhere but the entry point, or services from below them, is named."""
    tree = parse_tree(
        {
            "__init__.py": "def main():\n    from coachlog.cli.app import run\n",
            "services/report.py": "from coachlog.cli import show\n",
            "storage/store.py": "def f():\n    import coachlog.services.session\n",
            "cli/reports.py": "from coachlog.services import reports\n",
        }
    )
    assert cli_importers(tree) == ["services/report.py:1: imports coachlog.cli.show"]
    assert services_importers(tree) == ["storage/store.py:2: imports coachlog.services.session"]


def test_the_cycle_check_finds_loops_through_functions() -> None:
    """A two-module loop closed inside a function and a three-module loop are each one cycle; the entry
    point's launch of the CLI is not one."""
    tree = parse_tree(
        {
            "__init__.py": "def main():\n    from coachlog.cli.app import main\n",
            "cli/app.py": "from coachlog import __version__\n",
            "domain/a.py": "from coachlog.domain import b\n",
            "domain/b.py": "def f():\n    from coachlog.domain.a import x\n",
            "storage/x.py": "import coachlog.storage.y\n",
            "storage/y.py": "from coachlog.storage.z import thing\n",
            "storage/z.py": "from coachlog.storage import x\n",
            "storage/w.py": "from coachlog.storage import x, y\n",
        }
    )
    assert strongly_connected(import_graph(tree)) == [
        ["coachlog.domain.a", "coachlog.domain.b"],
        ["coachlog.storage.x", "coachlog.storage.y", "coachlog.storage.z"],
    ]
    assert import_cycles(tree)[0] == (
        "cycle among coachlog.domain.a, coachlog.domain.b: "
        "coachlog.domain.a -> coachlog.domain.b; coachlog.domain.b -> coachlog.domain.a"
    )


def test_the_sql_check_reads_strings_not_docstrings() -> None:
    """A statement in a string or f-string outside storage/ is caught; docstrings, comments and storage/ pass."""
    tree = parse_tree(
        {
            "render/report.py": (
                '"""Never runs a SELECT on its own."""\n'
                "# INSERT INTO a comment is fine\n"
                "def f(table):\n"
                '    """DELETE FROM the docstring is fine too."""\n'
                '    return f"UPDATE {table} SET minutes = 1"\n'
                'Q = "SELECT id FROM entries"\n'
            ),
            "services/team.py": 'DDL = ("CREATE "\n       "TABLE t (id int)")\n',
            "storage/store.py": 'Q = "DELETE FROM entries WHERE id = :id"\n',
        }
    )
    assert [problem.split(": ")[0] for problem in sql_outside_storage(tree)] == [
        "render/report.py:5",
        "render/report.py:6",
        "services/team.py:1",
    ]


def test_the_init_check_allows_only_a_docstring() -> None:
    """A package __init__.py with code is caught; a docstring, an empty file, storage/ and the root pass."""
    tree = parse_tree(
        {
            "__init__.py": '"""coachlog."""\n__version__ = "1"\n',
            "domain/__init__.py": '"""Values."""\n',
            "storage/schema/migrations/__init__.py": "",
            "render/__init__.py": '"""How figures look."""\nfrom coachlog.render.text import write_table\n',
            "cli/__init__.py": "import sys\n",
            "storage/__init__.py": '"""Storage."""\ndef open_store(target, owner): ...\n',
        }
    )
    assert busy_package_inits(tree) == [
        "render/__init__.py:2: more than a docstring (1 statements)",
        "cli/__init__.py:1: more than a docstring (1 statements)",
    ]


def test_the_size_checks_count_lines_and_read_the_reason() -> None:
    """A module over 400 lines fails unless allow-listed; a function over 60 lines fails unless its docstring
    says why, and its docstring's own lines do not count."""
    body = "    x = 1\n" * 60
    tree = parse_tree(
        {
            "render/big.py": "x = 1\n" * 401,
            "formats/big.py": "x = 1\n" * 401,
            "domain/f.py": (
                f"def too_long():\n{body}"
                f'def explained():\n    """Long because it is one table."""\n{body}'
                f'def documented():\n    """A long docstring\n\n\n\n\n"""\n{body[:-10]}'
            ),
        }
    )
    assert long_modules(tree, {"formats/big.py": "a reason"}) == ["render/big.py: 401 lines"]
    assert long_functions(tree) == ["domain/f.py:1: too_long is 61 lines"]


FAKE_MAP = """## Development

| room | owns | may import (inside coachlog) |
|---|---|---|
| `domain/` | values: `values.py`, `rules.py` | `errors` |
| `storage/` | SQL | `domain`, `urls`, `files`, `errors` |
| `storage/schema/` | tables | `domain`, `urls`, `files`, `errors` |
| `storage/schema/migrations/` | revisions | part of `storage` |
| `errors.py` | errors | nothing |
| `ghost/` | nothing yet | `errors` |
| `reports/` | numbers | `domain`, `errors`, `render` |

More text.
"""


def test_the_map_check_finds_both_kinds_of_drift() -> None:
    """A package or module missing from the map, a named one missing from the tree, a named file that is not
    there, and a "may import" cell that differs from ALLOWED are all reported."""
    files = {
        "__init__.py": "",
        "errors.py": "",
        "urls.py": "",
        "domain/__init__.py": "",
        "domain/values.py": "",
        "storage/__init__.py": "",
        "storage/schema/__init__.py": "",
        "storage/schema/migrations/__init__.py": "",
        "reports/__init__.py": "",
        "render/__init__.py": "",
    }
    assert map_problems(FAKE_MAP, files) == [
        "the map's domain/ owns rules.py, which is not there",
        "the map says storage/schema/migrations/ may import ['storage']; the test allows ['storage/schema']",
        "the map names ghost/, which is not a package under src/coachlog",
        "the map says reports/ may import ['domain', 'errors', 'render']; the test allows ['domain', 'errors']",
        "the package render/ is not on the map",
        "the module __init__.py is not on the map",
        "the module urls.py is not on the map",
    ]
