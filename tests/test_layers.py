"""The layering is checked, not hoped for: lower layers never import the ones above them."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"

# layer -> the layers it may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "config": {"errors"},
    "schema": {"errors"},
    "text": {"errors", "config", "schema"},
    "prompts": {"errors", "schema", "text"},
    "store": {"errors", "config", "schema", "text"},
    "backends": {"errors", "config", "schema", "text", "prompts", "evidence"},
    "evidence": {"errors", "schema", "text"},
    "render": {"schema"},
    "extract": {"errors", "config", "schema", "text", "backends", "evidence"},
    "ingest": {"errors", "config", "schema", "text", "store"},
    "deals": {"errors", "config", "schema", "text", "store", "backends", "extract"},
    "qa": {"errors", "config", "schema", "text", "store", "backends", "prompts", "deals", "render"},
}


def _layer(module: str) -> str:
    return module.split(".")[0]


def _imports(path: Path) -> set[str]:
    """The package-internal modules ``path`` imports, as dotted names relative to the package."""
    rel = path.relative_to(PACKAGE).with_suffix("")
    here = list(rel.parts[:-1])  # the package a module (or an __init__) sits in
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
            target = [*base, *(node.module.split(".") if node.module else [])]
            if target:
                found.add(".".join(target))
            else:
                found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extractor."):
            found.add(node.module.removeprefix("extractor."))  # type: ignore[union-attr]
    return found


def test_lower_layers_never_import_higher_ones() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        layer = _layer(".".join(rel.with_suffix("").parts))
        if layer not in ALLOWED:
            continue  # __init__, cli, web, evaluate, bench: the top, free to use everything
        for target in _imports(path):
            other = _layer(target)
            if other != layer and other not in ALLOWED[layer]:
                problems.append(f"{rel} imports {target}")
    assert not problems, "\n".join(problems)


def test_the_check_sees_imports() -> None:
    imports = _imports(PACKAGE / "qa" / "passages.py")
    assert "schema" in imports and "text.sentences" in imports
