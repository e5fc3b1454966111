"""Check the layering rule of DESIGN.md by reading every module's imports with `ast`.

Nothing under `frankenengine/` is imported: each file is parsed, its `import`
and `from ... import` statements (relative ones resolved against the module's
package; `importlib.import_module("x")` and `__import__("x")` with a literal
name too; imports inside functions count like any other) become arrows
`module -> imported module`. Every arrow the table does not allow is reported,
and so is every import cycle between modules:

| package   | may import (besides itself, the standard library and the listed third parties) |
|-----------|---------------------------------------------------------------------------------|
| language  | nothing internal                                                                |
| ir        | language (NumPy)                                                                |
| profiles  | nothing internal (NumPy)                                                        |
| sentinel  | nothing internal (NumPy)                                                        |
| frontend  | language, ir (parso)                                                            |
| runtime   | language (NumPy)                                                                |
| interp    | language, ir, runtime (NumPy)                                                   |
| jit       | language, ir, profiles (NumPy, Numba, llvmlite)                                 |
| host      | language, runtime, sentinel (NumPy)                                             |
| engine    | every layer above (the composition root)                                        |
| cli       | engine, and the layers whose types the engine's API hands out                   |

`frankenengine/__init__.py` (the public API) may import anything.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT_PACKAGE = "frankenengine"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / ROOT_PACKAGE

# layer -> (internal layers it may import, third-party top-level packages it may import)
_NUMPY = frozenset({"numpy"})
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "language": (frozenset({"language"}), frozenset()),
    "ir": (frozenset({"ir", "language"}), _NUMPY),
    "profiles": (frozenset({"profiles"}), _NUMPY),
    "sentinel": (frozenset({"sentinel"}), _NUMPY),
    "frontend": (frozenset({"frontend", "language", "ir"}), frozenset({"parso"})),
    "runtime": (frozenset({"runtime", "language"}), _NUMPY),
    "interp": (frozenset({"interp", "language", "ir", "runtime"}), _NUMPY),
    "jit": (
        frozenset({"jit", "language", "ir", "profiles"}),
        frozenset({"numpy", "numba", "llvmlite"}),
    ),
    "host": (frozenset({"host", "language", "runtime", "sentinel"}), _NUMPY),
    "engine": (
        frozenset(
            {"engine", "language", "ir", "profiles", "sentinel", "frontend", "runtime"}
            | {"interp", "jit", "host"}
        ),
        frozenset({"numpy", "numba", "llvmlite", "parso"}),
    ),
    "cli": (
        frozenset({"cli", "engine", "language", "runtime", "host", "sentinel", "profiles"}),
        _NUMPY,
    ),
}
UNRESTRICTED = frozenset({ROOT_PACKAGE})
LAYERS = frozenset(RULES)
STDLIB = frozenset(sys.stdlib_module_names)


def module_name(path: Path, base: Path) -> tuple[str, bool]:
    """Dotted name of the module at `path` (base is the folder holding the root package)."""
    parts = list(path.relative_to(base).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <level dots><target> import ...` inside `module`."""
    package = module if is_package else module.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level - 1 > len(parts) - 1:
        raise ImportError(f"relative import beyond the top package in {module}")
    parts = parts[: len(parts) - (level - 1)]
    if target:
        parts.append(target)
    return ".".join(parts)


def _literal_dynamic_import(node: ast.Call) -> str | None:
    func = node.func
    name = (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else None
    )
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if (
        isinstance(first, ast.Constant)
        and isinstance(first.value, str)
        and not first.value.startswith(".")
    ):
        return first.value
    return None


def imports_of(source: str, module: str, is_package: bool) -> set[str]:
    """Every module name that `source` (the text of `module`) imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = resolve_relative(module, is_package, node.level, node.module)
            else:
                base = node.module or ""
            if base == ROOT_PACKAGE:
                # `from frankenengine import x`: a subpackage or a re-export of __init__.
                found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
                if any(alias.name == "*" for alias in node.names):
                    found.add(base)
            else:
                found.add(base)
        elif isinstance(node, ast.Call):
            name = _literal_dynamic_import(node)
            if name:
                found.add(name)
    return found


def collect_imports(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Map every module under `package_dir` to the modules it imports."""
    base = package_dir.parent
    result: dict[str, set[str]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        name, is_package = module_name(path, base)
        result[name] = imports_of(path.read_text(encoding="utf-8"), name, is_package)
    return result


def layer_of(name: str) -> str | None:
    """The layer a module name belongs to; None for modules outside frankenengine.

    `frankenengine` itself and names directly under it that are not one of
    the layer packages (modules beside `__init__.py`, or names re-exported by
    it) count as the root, ROOT_PACKAGE.
    """
    parts = name.split(".")
    if parts[0] != ROOT_PACKAGE:
        return None
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    if len(parts) <= 2:
        return ROOT_PACKAGE
    return "?"  # a subpackage the table does not name


def forbidden_arrows(imports: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Every arrow (module, imported) that the layering table does not allow."""
    bad: list[tuple[str, str]] = []
    for module, targets in sorted(imports.items()):
        layer = layer_of(module)
        if layer is None or layer in UNRESTRICTED:
            continue
        if layer == "?":
            bad.append((module, "<a subpackage with no row in the layering table>"))
            continue
        internal_ok, external_ok = RULES[layer]
        for target in sorted(set(targets)):
            target_layer = layer_of(target)
            if target_layer is None:
                top = target.split(".")[0]
                allowed = top in STDLIB or top in external_ok
            else:
                allowed = target_layer in internal_ok
            if not allowed:
                bad.append((module, target))
    return bad


def module_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports, for cycle detection.

    `from a.b import c` is an arrow to `a.b.c` when that is a module, else to
    `a.b`. Importing a module implicitly runs its parents' `__init__`; those
    implicit arrows are left out (they would put every module on a cycle
    through `frankenengine/__init__.py`), explicit ones to a package stay.
    """
    base = package_dir.parent
    modules: dict[str, tuple[Path, bool]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        name, is_package = module_name(path, base)
        modules[name] = (path, is_package)
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in modules.items():
        arrows: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    origin = resolve_relative(name, is_package, node.level, node.module)
                else:
                    origin = node.module or ""
                targets = [
                    f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                    for alias in node.names
                ]
            elif isinstance(node, ast.Call):
                targets = [_literal_dynamic_import(node) or ""]
            arrows.update(t for t in targets if t in modules and t != name)
        graph[name] = arrows
    return graph


def import_cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph.get(succ, ())))))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_layering_rule_holds():
    imports = collect_imports()
    assert imports, f"no modules found under {PACKAGE_DIR}"
    bad = forbidden_arrows(imports)
    listing = "\n".join(f"  {module} -> {target}" for module, target in bad)
    assert not bad, f"imports that DESIGN.md's layering table forbids:\n{listing}"


def test_no_import_cycles():
    cycles = import_cycles(module_graph())
    listing = "\n".join("  " + " <-> ".join(group) for group in cycles)
    assert not cycles, f"import cycles (imports inside functions count):\n{listing}"


def test_cycle_check_finds_a_planted_cycle_through_a_function_level_import(tmp_path):
    pkg = tmp_path / ROOT_PACKAGE
    files = {
        "__init__.py": "",
        "cli/__init__.py": "",
        "cli/main.py": "from frankenengine.engine import api\n",
        "engine/__init__.py": "",
        "engine/api.py": "from . import checks\n",
        "engine/checks.py": "def run():\n    from frankenengine.cli import main\n    return main\n",
        "ir/__init__.py": "from . import printer\n",
        "ir/printer.py": "import numpy\n",
    }
    for rel, text in files.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    graph = module_graph(pkg)
    assert graph["frankenengine.engine.checks"] == {"frankenengine.cli.main"}
    assert import_cycles(graph) == [
        ["frankenengine.cli.main", "frankenengine.engine.api", "frankenengine.engine.checks"]
    ]
    (pkg / "engine/checks.py").write_text("def run():\n    return None\n")
    assert import_cycles(module_graph(pkg)) == []


def test_checker_catches_violations():
    imports = {
        "frankenengine": {"frankenengine.engine.api", "numba"},
        "frankenengine.language.surface": {"frankenengine.ir.opcodes", "numpy"},
        "frankenengine.ir.builder": {
            "numpy",
            "dataclasses",
            "frankenengine.ir.function",
            "frankenengine.language.surface",
            "frankenengine.engine",
        },
        "frankenengine.ir.passes.fold": {"parso", "frankenengine.ir.types"},
        "frankenengine.profiles.counters": {"json", "frankenengine.sentinel.events"},
        "frankenengine.sentinel.ledger": {"hashlib", "numpy", "numba.core"},
        "frankenengine.frontend.lower": {"parso", "frankenengine.ir", "frankenengine.runtime"},
        "frankenengine.runtime.values": {"frankenengine.interp.lane"},
        "frankenengine.interp.lane": {"frankenengine.runtime.limits", "frankenengine.jit"},
        "frankenengine.jit.codegen": {
            "numba",
            "llvmlite.binding",
            "frankenengine.ir.function",
            "frankenengine.profiles.counters",
            "frankenengine.runtime.limits",
            "frankenengine.Engine",
        },
        "frankenengine.host.bridge": {"frankenengine.sentinel.events", "frankenengine.engine"},
        "frankenengine.engine.api": {"parso", "frankenengine.cli.main", "frankenengine.jit"},
        "frankenengine.cli.main": {
            "parso",
            "numba",
            "frankenengine.jit",
            "frankenengine.sentinel",
            "frankenengine.engine.api",
        },
        "frankenengine.plugins.extra": {"json"},
    }
    assert forbidden_arrows(imports) == [
        ("frankenengine.cli.main", "frankenengine.jit"),
        ("frankenengine.cli.main", "numba"),
        ("frankenengine.cli.main", "parso"),
        ("frankenengine.engine.api", "frankenengine.cli.main"),
        ("frankenengine.frontend.lower", "frankenengine.runtime"),
        ("frankenengine.host.bridge", "frankenengine.engine"),
        ("frankenengine.interp.lane", "frankenengine.jit"),
        ("frankenengine.ir.builder", "frankenengine.engine"),
        ("frankenengine.ir.passes.fold", "parso"),
        ("frankenengine.jit.codegen", "frankenengine.Engine"),
        ("frankenengine.jit.codegen", "frankenengine.runtime.limits"),
        ("frankenengine.language.surface", "frankenengine.ir.opcodes"),
        ("frankenengine.language.surface", "numpy"),
        ("frankenengine.plugins.extra", "<a subpackage with no row in the layering table>"),
        ("frankenengine.profiles.counters", "frankenengine.sentinel.events"),
        ("frankenengine.runtime.values", "frankenengine.interp.lane"),
        ("frankenengine.sentinel.ledger", "numba.core"),
    ]


def test_relative_and_dynamic_imports_are_resolved(tmp_path):
    pkg = tmp_path / ROOT_PACKAGE
    files = {
        "__init__.py": "from .engine import Engine\n",
        "ir/__init__.py": "from . import builder\n",
        "ir/builder.py": "from .function import F\nfrom .. import engine\n",
        "ir/passes/fold.py": "from ...runtime import limits\nfrom ..types import T\n",
        "sentinel/policy.py": (
            "import importlib\n\ndef load():\n    return importlib.import_module('numba')\n"
        ),
        "jit/codegen.py": "from frankenengine import profiles, engine\nfrom ..ir import builder\n",
    }
    for rel, text in files.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text)
    imports = collect_imports(pkg)
    assert imports["frankenengine.ir"] == {"frankenengine.ir"}
    assert imports["frankenengine.ir.builder"] == {
        "frankenengine.ir.function",
        "frankenengine.engine",
    }
    assert imports["frankenengine.ir.passes.fold"] == {
        "frankenengine.runtime",
        "frankenengine.ir.types",
    }
    assert imports["frankenengine.jit.codegen"] == {
        "frankenengine.profiles",
        "frankenengine.engine",
        "frankenengine.ir",
    }
    assert forbidden_arrows(imports) == [
        ("frankenengine.ir.builder", "frankenengine.engine"),
        ("frankenengine.ir.passes.fold", "frankenengine.runtime"),
        ("frankenengine.jit.codegen", "frankenengine.engine"),
        ("frankenengine.sentinel.policy", "numba"),
    ]


# -- the package table, as README.md and DESIGN.md show it ----------------------------------

REPO = PACKAGE_DIR.parent
DESIGN = REPO.parent / "shared" / "DESIGN.md"


def package_table(markdown: str) -> dict[str, frozenset[str]]:
    """{layer: the layers its "may import" cell names} from a `| package | owns | may
    import |` table; "everything above" is every layer of the rows before it."""
    rows: dict[str, frozenset[str]] = {}
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| package | owns |"))
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        layer = cells[0].strip("`").removeprefix(f"{ROOT_PACKAGE}.")
        may = cells[-1]
        if "everything above" in may:
            rows[layer] = frozenset(rows)
        else:
            rows[layer] = frozenset(re.findall(r"`([a-z_]+)`", may))
    return rows


def test_readme_table_matches_the_tree_and_design():
    assert DESIGN.is_file(), f"DESIGN.md is missing: {DESIGN} (../shared beside the clone)"
    readme = package_table((REPO / "README.md").read_text(encoding="utf-8"))
    design = package_table(DESIGN.read_text(encoding="utf-8"))
    on_disk = {p.parent.name for p in PACKAGE_DIR.glob("*/__init__.py")}
    assert set(readme) == on_disk == set(design) == set(RULES)
    assert readme == design
    for layer, allowed in design.items():
        internal = RULES[layer][0] - {layer}
        if layer == "cli":  # "engine and what it re-exports": the types the API hands out
            assert allowed <= internal
        else:
            assert internal == allowed, layer


def test_package_table_reader():
    text = (
        "| package | owns | may import |\n|---|---|---|\n"
        "| `frankenengine.a` | x | nothing internal |\n"
        "| `frankenengine.b` | y | `a` |\n"
        "| `frankenengine.c` | z | everything above |\n\nafter\n"
    )
    assert package_table(text) == {
        "a": frozenset(),
        "b": frozenset({"a"}),
        "c": frozenset({"a", "b"}),
    }
