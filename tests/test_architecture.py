"""The package's shape, checked from its source with ast: one folder per step, imports only backwards in the
flow (docs/DESIGN.md §2), writers apart from content, click only in the CLI, modules and functions a reader can hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
# The flow of docs/DESIGN.md §2, first to last; a module may import its own rank or an earlier one.
RANK = {"errors": 0, "terms": 0, "util": 0, "settings": 0, "plan": 1, "forms": 2, "intake": 3, "merge": 4,
        "render": 5, "workflow": 6, "manifest": 6, "desk": 7, "serve": 8, "cli": 9, "__main__": 10}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def part(path: Path) -> str:
    """The top-level part of the package a module belongs to ('plan', 'render', 'errors'…)."""
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.name != "__init__.py" else "__init__"


def imports(path: Path) -> list[str]:
    """Every module name the file imports (at any depth: lazy imports inside functions count too)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def pipeline_parts(path: Path) -> set[str]:
    return {name.split(".")[1] for name in imports(path) if name.startswith("pipeline.")}


def test_every_module_belongs_to_a_known_part_of_the_flow():
    assert {part(p) for p in MODULES} - {"__init__"} <= RANK.keys()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_only_go_back_in_the_flow(path):
    if part(path) == "__init__":
        return
    later = {name for name in pipeline_parts(path) if RANK.get(name, 0) > RANK[part(path)]}
    assert not later, f"{path.name} ({part(path)}) imports later steps: {later}"


def test_no_cycle_between_parts():
    edges = {p: set() for p in RANK}
    for path in MODULES:
        if part(path) in RANK:
            edges[part(path)] |= pipeline_parts(path) - {part(path)}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges.get(start, ()))

    assert [p for p in RANK if reaches(p, p, set())] == []


def test_writers_never_import_content_or_composition():
    for path in (PACKAGE / "render" / "writers").rglob("*.py"):
        bad = [n for n in imports(path) if n.startswith(("pipeline.render.content", "pipeline.render.compose",
                                                          "pipeline.render.charts", "pipeline.render.run"))]
        assert bad == [], f"{path.name} imports {bad}"


def test_only_the_cli_imports_click():
    users = [p.relative_to(PACKAGE).as_posix() for p in MODULES
             if any(n == "click" or n.startswith("click.") for n in imports(p))]
    assert users and all(u.startswith("cli/") for u in users), users


def test_only_the_web_layer_imports_the_web_stack():
    web = ("starlette", "uvicorn", "multipart", "httpx")
    users = [p.relative_to(PACKAGE).as_posix() for p in MODULES
             if any(n.split(".")[0] in web for n in imports(p))]
    assert users and all(u.startswith("serve/") for u in users), users


def _is_enumeration(node: ast.AST) -> bool:
    return isinstance(node, ast.ClassDef) and any(getattr(b, "id", "").endswith("Enum") for b in node.bases) \
        and sum(isinstance(n, ast.FunctionDef) for n in node.body) <= 1


def test_modules_and_functions_stay_small():
    too_long = []
    for path in MODULES:
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 400:
            too_long.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if _is_enumeration(node):  # a table of names and their meaning, read a row at a time
                continue
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                length = node.end_lineno - node.lineno + 1
                if length > 60:
                    too_long.append(f"{path.name}:{node.name}: {length} lines")
    assert too_long == []


def test_the_code_digest_covers_every_file_the_package_ships():
    """Every module and every template or data file a run reads (what a wheel installs: git's list of the
    package) is in the digest that decides what to compute again."""
    import subprocess

    from pipeline.util.hashing import code_files

    shipped = subprocess.run(["git", "ls-files", "pipeline"], cwd=ROOT, capture_output=True, text=True, check=True)
    tracked = {ROOT / line for line in shipped.stdout.splitlines()}
    if not tracked:
        pytest.skip("not a git checkout")
    assert tracked == set(code_files())
