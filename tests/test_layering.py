"""Check the layering rule of DESIGN.md by reading every module's imports with `ast`.

Nothing under `frankenengine/` is imported: each file is parsed, its `import`
and `from ... import` statements (relative ones resolved against the module's
package; `importlib.import_module("x")` and `__import__("x")` with a literal
name too) become arrows `module -> imported module`, and every arrow the table
does not allow is reported:

| package                   | may import                                         |
|---------------------------|----------------------------------------------------|
| frankenengine.ir          | itself, NumPy, the standard library                |
| frankenengine.profiles    | itself, NumPy, the standard library                |
| frankenengine.sentinel    | itself, NumPy, the standard library                |
| frankenengine.jit         | itself, ir, profiles, Numba, llvmlite, NumPy, stdlib |
| frankenengine.engine      | anything                                           |
| frankenengine/__init__.py | anything (as do other modules directly in frankenengine/) |
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT_PACKAGE = "frankenengine"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / ROOT_PACKAGE

# layer -> (internal layers it may import, third-party top-level packages it may import)
RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "ir": (frozenset({"ir"}), frozenset({"numpy"})),
    "profiles": (frozenset({"profiles"}), frozenset({"numpy"})),
    "sentinel": (frozenset({"sentinel"}), frozenset({"numpy"})),
    "jit": (frozenset({"jit", "ir", "profiles"}), frozenset({"numpy", "numba", "llvmlite"})),
}
UNRESTRICTED = frozenset({"engine", ROOT_PACKAGE})
LAYERS = frozenset(RULES) | {"engine"}
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


def test_layering_rule_holds():
    imports = collect_imports()
    assert imports, f"no modules found under {PACKAGE_DIR}"
    bad = forbidden_arrows(imports)
    listing = "\n".join(f"  {module} -> {target}" for module, target in bad)
    assert not bad, f"imports that DESIGN.md's layering table forbids:\n{listing}"


def test_checker_catches_violations():
    imports = {
        "frankenengine": {"frankenengine.engine.api", "numba"},
        "frankenengine.ir.builder": {
            "numpy",
            "dataclasses",
            "frankenengine.ir.function",
            "frankenengine.engine",
        },
        "frankenengine.ir.passes.fold": {"parso", "frankenengine.ir.types"},
        "frankenengine.profiles.counters": {"json", "frankenengine.sentinel.events"},
        "frankenengine.sentinel.ledger": {"hashlib", "numpy", "numba.core"},
        "frankenengine.jit.codegen": {
            "numba",
            "llvmlite.binding",
            "frankenengine.ir.function",
            "frankenengine.profiles.counters",
            "frankenengine.engine.runtime.limits",
            "frankenengine.Engine",
        },
        "frankenengine.engine.cli": {
            "parso",
            "numba",
            "frankenengine.jit",
            "frankenengine.sentinel",
        },
        "frankenengine.plugins.extra": {"json"},
    }
    assert forbidden_arrows(imports) == [
        ("frankenengine.ir.builder", "frankenengine.engine"),
        ("frankenengine.ir.passes.fold", "parso"),
        ("frankenengine.jit.codegen", "frankenengine.Engine"),
        ("frankenengine.jit.codegen", "frankenengine.engine.runtime.limits"),
        ("frankenengine.plugins.extra", "<a subpackage with no row in the layering table>"),
        ("frankenengine.profiles.counters", "frankenengine.sentinel.events"),
        ("frankenengine.sentinel.ledger", "numba.core"),
    ]


def test_relative_and_dynamic_imports_are_resolved(tmp_path):
    pkg = tmp_path / ROOT_PACKAGE
    files = {
        "__init__.py": "from .engine import Engine\n",
        "ir/__init__.py": "from . import builder\n",
        "ir/builder.py": "from .function import F\nfrom .. import engine\n",
        "ir/passes/fold.py": "from ...engine.runtime import limits\nfrom ..types import T\n",
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
        "frankenengine.engine.runtime",
        "frankenengine.ir.types",
    }
    assert imports["frankenengine.jit.codegen"] == {
        "frankenengine.profiles",
        "frankenengine.engine",
        "frankenengine.ir",
    }
    assert forbidden_arrows(imports) == [
        ("frankenengine.ir.builder", "frankenengine.engine"),
        ("frankenengine.ir.passes.fold", "frankenengine.engine.runtime"),
        ("frankenengine.jit.codegen", "frankenengine.engine"),
        ("frankenengine.sentinel.policy", "numba"),
    ]
