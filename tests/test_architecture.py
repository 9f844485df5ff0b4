"""The apps depend downward only (docs/architecture.md).

Every import in the apps' code (not their tests or migrations) is read with ``ast``, wherever it
stands, so an import hidden inside a function counts like any other.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Bottom to top: an app may import the apps before it in this list, never those after it.
LAYERS = ["home", "toolbox", "wiki", "search", "newsletter", "monitoring", "delivery", "cms"]
#: Imports inside functions allowed in the whole of the apps' code (AppConfig.ready() importing
#: its signals, heavy optional libraries loaded on first use). 160 before the restructuring.
MAX_FUNCTION_IMPORTS = 40


def app_modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield app, path


def imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def imports_of(path: Path) -> list[tuple[int, str, bool]]:
    """(line, module, inside a function) for each absolute import of ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(sub) for sub in ast.walk(node) if sub is not node)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            inside = id(node) in in_function
            if not imported_modules(node) and inside:  # relative import in a function
                found.append((node.lineno, "." * node.level + (node.module or ""), True))
            for module in imported_modules(node):
                found.append((node.lineno, module, inside))
    return found


def test_layers_list_every_app():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"cms"}
    assert apps <= set(LAYERS), f"apps missing from LAYERS: {sorted(apps - set(LAYERS))}"


def test_pytest_collects_the_tests_of_every_app():
    """An app's tests run only if pytest's ``testpaths`` lists the app (newsletter and
    monitoring were once left out, so CI never ran their tests)."""
    configured = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    testpaths = set(configured["ini_options"]["testpaths"])
    with_tests = {p.parent.name for p in ROOT.glob("*/tests/__init__.py")}
    assert with_tests <= testpaths, f"not in testpaths: {sorted(with_tests - testpaths)}"


def test_no_app_imports_an_app_above_it():
    upward = []
    for app, path in app_modules():
        for line, module, _inside in imports_of(path):
            target = module.split(".")[0]
            if target in LAYERS and LAYERS.index(target) > LAYERS.index(app):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert upward == [], "imports from a lower layer into a higher one:\n" + "\n".join(upward)


def test_imports_inside_functions_stay_rare():
    hidden = [
        f"{path.relative_to(ROOT)}:{line} {module}"
        for _app, path in app_modules()
        for line, module, inside in imports_of(path)
        if inside
    ]
    assert len(hidden) <= MAX_FUNCTION_IMPORTS, "\n".join(hidden)


def test_the_checker_sees_hidden_and_upward_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\ndef f():\n    from delivery.models import X\n    return X\n")
    assert imports_of(sample) == [(1, "os", False), (4, "delivery.models", True)]
