"""The one rule of the house (ARCHITECTURE.md): imports point one way, cli -> corpus -> find ->
tables -> read -> normalize -> models, never back up; checked over every module, lazy imports too."""
from __future__ import annotations

import ast
from pathlib import Path

import kommunrapport

PACKAGE = Path(kommunrapport.__file__).parent
# lower layers first; a module may import its own layer and the ones before it
LAYERS = ["models", "normalize", "read", "tables", "find", "corpus", "review", "api", "cli"]


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "kommunrapport" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def imports_of(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = layer_of("kommunrapport." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        if own is None:
            continue
        for line, module in imports_of(path):
            target = layer_of(module)
            if target is not None and target > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line} imports {module}")
    assert upward == []
