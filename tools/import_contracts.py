"""An import-linter contract type: no module uses another module's private names.

A name starting with one underscore is a module's own business; when another module needs
it, it becomes public under a name that says what it does (docs/development/layers.md).
import-linter's own contracts look at modules only, so this one reads the source: it flags
`from siccs.x import _name` and `module._name` where `module` was imported from siccs.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import grimp
from importlinter.application import output
from importlinter.domain import fields, helpers
from importlinter.domain.contract import Contract, ContractCheck


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _source_of(module: str, graph: grimp.ImportGraph) -> Path | None:
    root = module.split(".")[0]
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).parent
    relative = Path(*module.split("."))
    for candidate in (base / relative.with_suffix(".py"), base / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def private_uses(module: str, source: str, modules: set[str]) -> list[tuple[int, str]]:
    """(line, text) of each use in `source` of a private name of another module."""
    found: list[tuple[int, str]] = []
    bound: dict[str, str] = {}  # local name → module it stands for
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module not in modules or node.module == module:
                continue
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if target in modules:
                    bound[alias.asname or alias.name] = target
                elif _private(alias.name):
                    found.append((node.lineno, f"from {node.module} import {alias.name}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in modules:
                    bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and bound[node.value.id] != module
            and _private(node.attr)
        ):
            found.append((node.lineno, f"{bound[node.value.id]}.{node.attr}"))
    return sorted(found)


class PrivateNamesContract(Contract):
    """Options: `skip_modules`, module expressions whose own code is not checked (tests,
    which may exercise a module's internals)."""

    type_name = "private_names"

    skip_modules = fields.SetField(subfield=fields.ModuleExpressionField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        modules = set(graph.modules)
        skipped = helpers.module_expressions_to_modules(
            graph,
            sorted(self.skip_modules or []),  # type: ignore[arg-type]
        )
        skipped_names = {m.name for m in skipped}
        uses: list[dict[str, object]] = []
        for module in sorted(modules - skipped_names):
            path = _source_of(module, graph)
            if path is None:
                continue
            for line, text in private_uses(module, path.read_text(encoding="utf-8"), modules):
                uses.append({"module": module, "line": line, "text": text})
        return ContractCheck(kept=not uses, metadata={"uses": uses})

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Private names used outside their module:", bold=False)
        output.new_line()
        for use in check.metadata["uses"]:
            output.print_error(f"- {use['module']} (l.{use['line']}): {use['text']}")
        output.new_line()
