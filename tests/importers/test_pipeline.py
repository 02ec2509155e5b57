"""The importer's shape: record kinds registered in one place, and modules that import each
other in one direction only."""

from __future__ import annotations

import ast
from pathlib import Path

import importers
from importers.fields import FIELDS, KIND_FIELDS
from importers.kinds import KINDS

PACKAGE = Path(importers.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each importers module → the importers modules it imports (anywhere in its body)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                candidates = [base] + [f"{base}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            else:
                continue
            found |= {c for c in candidates if c in modules and c != name}
        graph[name] = found
    return graph


def test_no_import_circle():
    graph = _imports()
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in graph[module]:
            # A package importing its own modules to register them is the one edge allowed
            # back: those modules do not import the package.
            assert state.get(other) != 1, " → ".join([*path, module, other])
            if other not in state:
                visit(other, [*path, module])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [])
    assert "importers.run" in graph and graph["importers.run"] >= {"importers.kinds"}
    assert not any("importers.run" in graph[m] for m in graph if m.startswith("importers.kinds"))


def test_the_kinds_are_registered_once_and_everything_follows_them():
    from registry.cli import cli

    assert (
        set(KINDS)
        == set(KIND_FIELDS)
        == {
            "organisations",
            "members",
            "annual_figures",
            "debts_assets",
        }
    )
    choices = next(p for p in cli.commands["import"].params if p.name == "kind").type.choices
    assert list(choices) == list(KINDS)
    for kind in KINDS.values():
        assert kind.label and kind.label.en and str(kind.label) != kind.label.en
        assert set(kind.fields) <= set(FIELDS)
