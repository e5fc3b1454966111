"""`franken ir --emit {ir,interp,jit}`: the IR, or the code either lane generates from it."""

import ast
from dataclasses import fields
from pathlib import Path

from franken_cli import line_of, run

from frankenengine.engine.api import compile_source
from frankenengine.interp.entry_points import GeneratedEntryPoints
from frankenengine.interp.lane import InterpModule

SOURCE = """\
def add(a, b):
    return a + b * 2


def total(n):
    t = 0
    for i in range(n):
        t = add(t, i)
    return t


def shout(x):
    print(x)
    return x


def outer(x):
    def inner(y):
        return y + x
    return inner(1)
"""
PACKAGE = Path(__file__).resolve().parents[1] / "testdata" / "packages" / "imports_all_forms"


def write(tmp_path) -> Path:
    path = tmp_path / "kernels.py"
    path.write_text(SOURCE)
    return path


def sections(listing: str) -> dict[str, str]:
    """The JIT listing's sections by header (`add(int, int)`), each up to the next one."""
    found = {}
    for part in listing.split("\n# --- ")[1:]:
        header, _, body = part.partition(" ---\n")
        found[header] = body.split("\n\n#", 1)[0]  # a blank line, then a comment: the end
    return found


def test_ir_is_the_default_and_explicit(tmp_path, capsys):
    path = write(tmp_path)
    default = run(capsys, "ir", path)
    explicit = run(capsys, "ir", "--emit", "ir", path)
    assert default == explicit
    code, out, _ = default
    assert code == 0
    assert out.startswith("module 'kernels'") and "function 1 add(a, b)" in out


def test_interp_listing_is_the_source_the_lane_compiles(tmp_path, capsys):
    path = write(tmp_path)
    code, out, err = run(capsys, "ir", "--emit", "interp", path)
    assert (code, err) == (0, "")
    tree = ast.parse(out)  # valid Python: the tables are listed in comments
    compile(out, str(path), "exec")
    (factory,) = tree.body
    assert isinstance(factory, ast.FunctionDef)
    assert factory.name == "factory" and [a.arg for a in factory.args.args] == ["env"]
    returned = factory.body[-1]
    assert isinstance(returned, ast.Return) and isinstance(returned.value, ast.Call)
    assert ast.unparse(returned.value.func) == "env.entry_points"
    keywords = [k.arg for k in returned.value.keywords]
    assert keywords == [f.name for f in fields(GeneratedEntryPoints)]
    assert "#   b0 = built-in range" in out and "#   b1 = built-in print" in out
    module = compile_source(SOURCE, str(path), "kernels")
    assert out.endswith(InterpModule(module).generated.source)


def test_jit_listing_has_generated_defs_and_reasons(tmp_path, capsys):
    path = write(tmp_path)
    code, out, err = run(capsys, "ir", "--emit", "jit", path)
    assert (code, err) == (0, "")
    found = sections(out)
    assert set(found) == {"add(int, int)", "total(int)"}
    add = found["add(int, int)"]
    compile(add, "add", "exec")  # each group is a module of its own
    assert "def entry(p0, p1, state):" in add and "int_add(" in add and "int_mul(" in add
    assert "def j2_0(p0, st):" in found["total(int)"]  # `total` with `add` in its group
    assert "def j1_0(p0, p1, st):" in found["total(int)"]
    print_line = line_of(path, "print(x)")
    assert f"# shout: not taken: calls print at line {print_line}\n" in out
    assert "# outer.<locals>.inner: not taken: a nested function" in out


def test_listings_of_a_package(capsys):
    code, out, _ = run(capsys, "ir", "--emit", "jit", PACKAGE)
    assert code == 0
    assert "# --- hypotenuse(int, int) ---" in out and "math_sqrt(" in out
    assert "# main: not taken: calls round at line" in out
    code, out, _ = run(capsys, "ir", "--emit", "interp", PACKAGE)
    assert code == 0
    compile(out, "package", "exec")


def test_unknown_emit_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "ir", "--emit", "bytecode", write(tmp_path))
    assert (code, out) == (64, "")
    assert "invalid choice: 'bytecode'" in err


def test_a_compile_error_lists_diagnostics_for_every_emit(tmp_path, capsys):
    path = tmp_path / "bad.py"
    path.write_text("def f():\n    return eval('1')\n")
    for emit in ("ir", "interp", "jit"):
        code, out, err = run(capsys, "ir", "--emit", emit, path)
        assert (code, out) == (2, "")
        assert "bad.py:2:" in err
