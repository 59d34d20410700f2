"""The count's modules import each other one way: no cycle, no import hidden inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import kenesh.pb

PB = Path(kenesh.pb.__file__).parent
COUNT_MODULES = ("election", "export", "counting", "count_inputs", "count_store", "result_services", "tasks")


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(kenesh.pb module imported, whether the import sits inside a function) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module:
                if child.module == "kenesh.pb":
                    found.extend((f"kenesh.pb.{a.name}", nested) for a in child.names)
                elif child.module.startswith("kenesh.pb."):
                    found.append((child.module, nested))
            elif isinstance(child, ast.Import):
                found.extend((a.name, nested) for a in child.names if a.name.startswith("kenesh.pb."))
            visit(child, inner)

    visit(tree, False)
    return found


def test_no_count_module_imports_inside_a_function() -> None:
    hidden = [
        (name, module) for name in COUNT_MODULES for module, nested in _imports(PB / f"{name}.py") if nested
    ]
    assert hidden == []


def test_pb_modules_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for path in PB.glob("*.py"):
        if path.name == "apps.py":  # AppConfig.ready() imports what it registers, after every module loaded
            continue
        name = f"kenesh.pb.{path.stem}"
        graph[name] = {module for module, _ in _imports(path) if module != name}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def walk(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycle.extend([*trail[trail.index(target) :], target] if target in trail else [node, target])
                return True
            if target not in state and walk(target, [*trail, target]):
                return True
        state[node] = 2
        return False

    for start in sorted(graph):
        if start not in state and walk(start, [start]):
            break
    assert cycle == []
