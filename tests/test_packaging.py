"""Every library the package, its benchmarks and its tests import is declared in pyproject.toml."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _declared(requirements: list[str]) -> set[str]:
    names = set()
    for req in requirements:
        name = re.match(r"[A-Za-z0-9_.-]+", req).group(0)
        names.add(_norm(name))
        for extra in re.findall(r"\[([^\]]+)\]", req):        # dask[distributed] declares distributed too
            names.update(_norm(e) for e in extra.split(","))
    return names


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_levels(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    local = {p.stem for p in folder.glob("*.py")} | {"kommunrapport", "conftest", folder.name}
    return {name for name in found if name not in sys.stdlib_module_names and name not in local}


def _distributions(modules: set[str]) -> dict[str, set[str]]:
    dists = metadata.packages_distributions()
    return {m: {_norm(d) for d in dists.get(m, [m])} for m in modules}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_every_library_the_package_and_benchmarks_import_is_a_declared_dependency():
    declared = _declared(_project()["dependencies"])
    modules = _imported_top_levels(ROOT / "kommunrapport") | _imported_top_levels(ROOT / "benchmarks")
    missing = {m: d for m, d in _distributions(modules).items() if not d & declared}
    assert "rich" in modules and "rich" in declared
    assert not missing, f"imported but not declared in [project] dependencies: {missing}"


def test_every_library_the_tests_import_is_declared_with_the_dev_extra():
    project = _project()
    declared = _declared(project["dependencies"]) | _declared(project["optional-dependencies"]["dev"])
    missing = {m: d for m, d in _distributions(_imported_top_levels(ROOT / "tests")).items() if not d & declared}
    assert not missing, f"imported by the tests but not declared: {missing}"
