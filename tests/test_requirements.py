"""Every package the code imports is one it declares: the run's in pyproject's dependencies,
the Spark engine's and the trainer's in their extras. A package that comes along with another
(brotli with fastwarc) or that an extra used to bring (scipy with lightgbm) works here, where
everything is installed, and fails on a machine that installs only what is declared."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

import copydesk
from tests.test_imports import package_modules

PACKAGE = Path(copydesk.__file__).parent
PYPROJECT = PACKAGE.parents[1] / "pyproject.toml"
# Where each extra's code starts: what those modules import, and only they, may come from it.
EXTRA_ROOTS = {"spark": "copydesk.engines.spark", "train": "copydesk.clean.train"}


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The package's names a module imports, and the other top-level packages, anywhere in it
    (a function's own import too: it runs when the function does)."""
    own, other = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        else:
            continue
        for name in names:
            if name.split(".")[0] == "copydesk":
                own.add(name)
            else:
                other.add(name.split(".")[0])
    return own, other - set(sys.stdlib_module_names)


def _reach(roots: set[str], graph: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += graph[name]
    return seen


def _declared(requirements: list[str]) -> set[str]:
    return {_normal(re.match(r"[A-Za-z0-9_.-]+", r).group()) for r in requirements}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared_where_its_code_needs_it() -> None:
    modules = package_modules()
    parsed = {name: _imports(path) for name, path in modules.items()}
    graph = {name: {m for m in own if m in modules} for name, (own, _) in parsed.items()}
    roots = set(EXTRA_ROOTS.values())
    in_extras = set().union(*(_reach({root}, graph) for root in roots))
    # The CLI imports the Spark engine only when asked for it: the run's own code stops there.
    core = _reach(set(modules) - in_extras, {name: to - roots for name, to in graph.items()})
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"])
    distribution = packages_distributions()
    missing = []
    for name, (_, packages) in sorted(parsed.items()):
        allowed = set(declared)
        if name not in core:
            for extra, root in EXTRA_ROOTS.items():
                if name in _reach({root}, graph):
                    allowed |= _declared(project["optional-dependencies"][extra])
        for package in sorted(packages):
            names = {_normal(d) for d in distribution.get(package, [package])}
            if not names & allowed:
                missing.append(f"{name} imports {package} ({', '.join(sorted(names))})")
    assert not missing, "not declared: " + "; ".join(missing)


def _wants(requirement: Requirement, extra: str = "") -> bool:
    """Whether pip installs the requirement (of a package installed with `extra`) here."""
    return requirement.marker is None or requirement.marker.evaluate({"extra": extra})


def test_what_an_older_pip_leaves_out_is_declared_itself() -> None:
    """A requirement `pkg[an_extra]` whose package names the extra only in its normal spelling
    (`an-extra`): a pip before 24, Python 3.11's own among them, finds no such extra and installs
    the package without it (jusText's `lxml[html_clean]`: a fresh venv could not import
    trafilatura). What the extra brings must then be among the run's own dependencies."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"])
    todo, seen, missing = [Requirement(r) for r in project["dependencies"]], set(), []
    while todo:
        name = _normal(todo.pop().name)
        if name in seen:
            continue
        seen.add(name)
        for requirement in map(Requirement, distribution(name).requires or []):
            if not _wants(requirement):
                continue
            todo.append(requirement)
            package = distribution(requirement.name)
            spelled = set(package.metadata.get_all("Provides-Extra") or [])
            for extra in requirement.extras - spelled:
                brought = [
                    r.name for r in map(Requirement, package.requires or [])
                    if _wants(r, _normal(extra)) and not _wants(r)
                ]
                missing += [f"{name} wants {requirement}: {b}" for b in brought
                            if _normal(b) not in declared]
    assert not missing, "not declared: " + "; ".join(missing)
