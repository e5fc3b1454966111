"""Lowering and linking of imports between a package's modules, as seen in the IR.

A package links into one IRModule: the entry's top level is function 0, every
other module has namespaced globals and an init function with its own file;
each import runs a guard. The per-function file survives the text form and
the .npz form, and a single file's IR is unchanged by it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from frankenengine.engine.api import compile_package, compile_source
from frankenengine.engine.package import find_package
from frankenengine.ir.opcodes import Op
from frankenengine.ir.printer import print_module
from frankenengine.ir.serialize import digest, load_npz, module_arrays, save_npz
from frankenengine.ir.textparse import parse_module
from frankenengine.ir.verifier import verify_module

PACKAGES = Path(__file__).resolve().parents[1] / "testdata" / "packages"


def linked(name: str):
    return compile_package(find_package(PACKAGES / name), debug=True)


def ops(fn) -> list[int]:
    return [int(op) for op in fn.insts["op"]]


def test_globals_are_namespaced_per_module():
    module = linked("imports_all_forms")
    # The entry's own names (`import geometry as geo` binds no global), then each module's.
    assert module.globals == (
        "area", "main", "mean", "spread", "unit",
        "geometry.<init>", "geometry.UNIT", "geometry.area", "geometry.calls",
        "geometry.hypotenuse", "geometry.perimeter",
        "stats.<init>", "stats.mean", "stats.spread",
    )  # fmt: skip
    assert module.exports == ("main",)
    assert module.filename == str(PACKAGES / "imports_all_forms" / "main.py")
    assert verify_module(module) == []


def test_every_function_names_its_file():
    module = linked("imports_all_forms")
    files = {fn.name: fn.filename for fn in module.functions}
    folder = PACKAGES / "imports_all_forms"
    assert module.functions[0].filename == ""  # the entry: the module's own file
    assert files["area"] == files["hypotenuse"] == str(folder / "geometry.py")
    assert files["spread"] == str(folder / "stats.py")
    assert files["main"] == ""
    inits = [fn for fn in module.functions[1:] if fn.name == "<module>"]
    assert sorted(fn.filename for fn in inits) == [
        str(folder / "geometry.py"),
        str(folder / "stats.py"),
    ]
    assert all(fn.parent == 0 for fn in inits)


def test_entry_makes_init_functions_and_imports_run_them_once():
    module = linked("init_order")
    entry = module.functions[0]
    init_globals = [module.globals.index(f"{m}.<init>") for m in ("base", "late", "left", "right")]
    stores = [int(r["a"]) for r in entry.insts if r["op"] == Op.store_global][:4]
    assert stores == init_globals  # the prologue, in module-name order
    assert ops(entry)[1:3] == [Op.make_function, Op.store_global]
    # `import left`: load the init function, run it when it is not None, then forget it.
    guard = ops(entry).index(Op.is_not)
    assert ops(entry)[guard - 2 : guard + 2] == [Op.load_global, Op.const, Op.is_not, Op.br]
    main = next(fn for fn in module.functions if fn.name == "main")
    late = module.globals.index("late.<init>")
    assert late in [int(r["a"]) for r in main.insts if r["op"] == Op.store_global]


def test_from_import_binds_a_variable_with_the_value_at_import_time():
    module = linked("relative_import")
    entry = module.functions[0]
    norm = module.globals.index("norm")
    normalise = module.globals.index("words.normalise")
    loads = [int(r["a"]) for r in entry.insts if r["op"] == Op.load_global]
    stores = [int(r["a"]) for r in entry.insts if r["op"] == Op.store_global]
    assert normalise in loads and norm in stores
    assert "util" not in module.globals  # `from . import util` binds a module, not a value


def test_text_form_keeps_function_files():
    module = linked("relative_import")
    text = print_module(module)
    assert f"generator false file {str(PACKAGES / 'relative_import' / 'util.py')!r}" in text
    back = parse_module(text)
    assert print_module(back) == text
    assert [fn.filename for fn in back.functions] == [fn.filename for fn in module.functions]


def test_npz_form_keeps_function_files_and_the_digest_depends_on_them():
    module = linked("relative_import")
    buffer = io.BytesIO()
    save_npz(module, buffer)
    buffer.seek(0)
    back = load_npz(buffer)
    assert [fn.filename for fn in back.functions] == [fn.filename for fn in module.functions]
    assert digest(back) == digest(module) == digest(linked("relative_import"))
    back.functions[1].filename = "elsewhere.py"
    assert digest(back) != digest(module)


def test_single_file_ir_is_unchanged_by_function_files():
    module = compile_source("import math\n\ndef f(x):\n    return math.sqrt(x)\n", "f.py", "f")
    assert all(fn.filename == "" for fn in module.functions)
    assert " file " not in print_module(module).split("\n", 1)[1]
    meta = json.loads(str(module_arrays(module)["meta"][0]))
    assert all("filename" not in fn for fn in meta["functions"])
