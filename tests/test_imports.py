"""The package's modules import one another without a cycle. A cycle that the usual order of
imports hides still breaks a run where another module comes first: a Spark executor imports
the module of the function it runs before anything else."""

from __future__ import annotations

import ast
from pathlib import Path

import copydesk

ROOT = Path(copydesk.__file__).parent


def package_modules() -> dict[str, Path]:
    """Every module of the package by its dotted name, with its file."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """What each module imports of the package when it is loaded (its top-level imports, and
    the packages above each, whose __init__ runs first); not the packages above itself, which
    are being loaded already when it is."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = []
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("copydesk"):
                targets += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets += [a.name for a in node.names]
        own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
        graph[name] = {
            m for t in targets if t and t.startswith("copydesk")
            for i in range(1, t.count(".") + 2)
            if (m := ".".join(t.split(".")[:i])) in modules and m not in own
        }
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, else []."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if not state.get(nxt) and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if not state.get(node) and (found := visit(node)):
            return found
    return []


def test_the_package_imports_without_a_cycle() -> None:
    graph = imports(package_modules())
    assert {"copydesk.engines.spark", "copydesk.readers.markup"} <= graph.keys()
    assert "copydesk.clean.shape" in graph["copydesk.readers.markup"]
    assert cycle(graph) == [], " -> ".join(cycle(graph))


def test_a_cycle_is_found() -> None:
    # the one this test was written after: clean.outlet -> clean.lines -> readers (its
    # __init__) -> readers.markup -> clean.outlet
    graph = {"a.outlet": {"a.lines"}, "a.lines": {"r"}, "r": {"r.markup"},
             "r.markup": {"a.outlet"}, "b": set()}
    assert cycle(graph) == ["a.lines", "r", "r.markup", "a.outlet", "a.lines"]
    assert cycle({"a": {"b"}, "b": set()}) == []
