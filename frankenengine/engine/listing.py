"""What `franken ir` prints: a compiled module as text, for people.

The CLI reaches the IR printer and the lanes' code generators only through
this module, so the command line depends on the engine and nothing below it.

- `ir_listing`: exactly what `frankenengine.ir.printer` prints, which its
  parser reads back.
- `interp_listing`: the Python source the interpreter lane compiles, the
  module's `factory(env)`, after a comment block naming the tables it binds
  from `env` (constants, built-ins, isinstance types).
- `jit_listing`: for each function, either the Numba source of its JIT group
  or one comment line saying why the JIT does not take it. The module is not
  run, so the listing specialises for int arguments and knows no global's
  value (the lane specialises per call signature, after the top-level code
  ran: a function reading a module constant is listed as rejected here).

Nothing listed here runs extension code. The code in every listing is
engine-generated; the extension's constants appear only as `repr`s in comment
lines (the tables `k` and `_K`).
"""

from __future__ import annotations

from frankenengine.engine.tiering import not_a_candidate
from frankenengine.interp.codegen import generate
from frankenengine.interp.lane import extension_names
from frankenengine.ir.facts import ModuleFacts
from frankenengine.ir.function import IRModule
from frankenengine.ir.printer import print_module
from frankenengine.jit.jtypes import INT
from frankenengine.jit.typing import Reject, prefilter
from frankenengine.language.headroom import recursion_headroom
from frankenengine.runtime.builtins import METHOD_WRAPPED

MODULE_FUNCTION = "<module>"  # a module's top-level code: no function of its own to list


def ir_listing(module: IRModule) -> str:
    """The IR text of a compiled module (`compile_source` / `compile_package`)."""
    return print_module(module)


def interp_listing(module: IRModule) -> str:
    """The interpreter lane's generated Python source for `module` (valid Python)."""
    with recursion_headroom():
        generated = generate(module, METHOD_WRAPPED)
    lines = [f"# FrankenEngine interpreter lane: the generated source of {module.name!r}."]
    lines.append("# Tables bound from `env`:")
    lines += [f"#   k{i} = {value!r}" for i, value in enumerate(generated.constants)]
    lines += [f"#   b{i} = built-in {name}" for i, name in enumerate(generated.builtins)]
    lines += [f"#   t{i} = types {names}" for i, names in enumerate(generated.static_types)]
    return "\n".join(lines) + "\n" + generated.source


def jit_listing(module: IRModule) -> str:
    """The JIT lane's Numba source for each function it takes, for int arguments; a
    comment line with the reason for each function it does not take (imports the JIT's
    compiler, and Numba with it, only here: the other listings never need it)."""
    from frankenengine.jit.compiler import JitModule

    jit = JitModule(module, _global_unknown, cache_dir=None)
    names = extension_names(module)
    lines = [
        f"# FrankenEngine JIT lane: the Numba source generated for {module.name!r},",
        "# each function specialised for int arguments; globals' values are unknown",
        "# here (the module does not run).",
    ]
    for fid, fn in enumerate(module.functions):
        if fn.name == MODULE_FUNCTION:
            continue
        label = names[f"f{fid}"][0]
        if fid not in jit.facts.primary:
            lines.append(f"# {label}: not taken: {_why_no_candidate(module, jit.facts, fid)}")
            continue
        key = (INT,) * len(fn.signature.names)
        try:
            reject = prefilter(module, fid)
            if reject is not None:
                raise reject
            generated = jit.generate(fid, key)
        except Reject as reason:
            lines.append(f"# {label}: not taken: {reason}")
            continue
        signature = ", ".join("int" for _ in key)
        lines += ["", f"# --- {label}({signature}) ---"]
        lines.append(f"# _K = {tuple(generated.constants)!r}")
        lines += [generated.source.rstrip("\n"), ""]
    return "\n".join(lines) + "\n"


def _global_unknown(index: int) -> tuple[bool, None]:
    """A global's value, as the JIT asks for it: unknown, since the module has not run."""
    return False, None


def _why_no_candidate(module: IRModule, facts: ModuleFacts, fid: int) -> str:
    """Why function `fid` is no JIT candidate (the JIT takes top-level defs bound once)."""
    fn = module.functions[fid]
    parent = module.functions[fn.parent] if fn.parent >= 0 else None
    if parent is not None and parent.name != MODULE_FUNCTION:
        return "a nested function (the JIT takes top-level defs)"
    return not_a_candidate(module, facts, fn.name)
