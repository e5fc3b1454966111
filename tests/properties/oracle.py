"""The property tests' reference: run a generated program under CPython and under the engine.

CPython is the oracle. This module (test code, never the engine) compiles the
generated text with CPython's `compile`/`exec` in a fresh namespace, calls
`main()` with stdout captured, and reports `("ok", result, stdout)` or
`("raise", exception_type_name, stdout)`. `run_engine` does the same through
the public API (`Engine(lane="interp").load(src)`, `call("main")`); engine
errors (limits) are `BaseException`s and are left to fail the test.

Deliberate difference 1 of LANGUAGE.md (ints are 64-bit; an int result
outside [-2**63, 2**63-1] raises `OverflowError` at that operation) is
modelled on the CPython side rather than skipped: before compiling, the
program's AST is instrumented so that every arithmetic operator, unary
operator, augmented assignment and call of an int-producing built-in (`abs
sum pow int round divmod len min max`) passes its result through `_fe_chk`,
which raises `OverflowError` for an out-of-range int. When no check fires,
the instrumented program behaves exactly like the original (the wrappers
return their argument unchanged, augmented assignments keep CPython's
evaluation order and in-place semantics), so the comparison is against plain
CPython; `Outcome.overflowed` records when the model did fire. This also
keeps CPython from computing enormous ints in loops (`x *= x`).

`same(a, b)` is the deep comparison: identical types (bool is not int, tuple
is not list), floats bit for bit (so `-0.0 != 0.0` and NaN equals a NaN with
the same payload), dicts in the same insertion order, sets as sets.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import math
import operator
import struct
from dataclasses import dataclass

from frankenengine import Engine, Limits

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

# Generous limits: generated programs are small, a limit error means a bug (or a hang).
LIMITS = Limits(fuel=10**8, memory=1 << 28, depth=1000, deadline=20.0)

CHECKED_BUILTINS = frozenset({"abs", "sum", "pow", "int", "round", "divmod", "len", "min", "max"})

AUG_OPS = {
    ast.Add: operator.iadd,
    ast.Sub: operator.isub,
    ast.Mult: operator.imul,
    ast.Div: operator.itruediv,
    ast.FloorDiv: operator.ifloordiv,
    ast.Mod: operator.imod,
    ast.Pow: operator.ipow,
    ast.LShift: operator.ilshift,
    ast.RShift: operator.irshift,
    ast.BitAnd: operator.iand,
    ast.BitOr: operator.ior,
    ast.BitXor: operator.ixor,
}
AUG_NAMES = {op: fn.__name__ for op, fn in AUG_OPS.items()}


@dataclass
class Outcome:
    kind: str  # "ok" or "raise"
    value: object  # the result, or the exception type's name
    stdout: str
    overflowed: bool = False  # the 64-bit model raised OverflowError at some point

    def as_tuple(self):
        return (self.kind, self.value, self.stdout)


class _Model:
    """Runtime helpers the instrumented program calls (names reserved: `_fe_*`)."""

    def __init__(self):
        self.overflowed = False

    def chk(self, value):
        if type(value) is int and not INT_MIN <= value <= INT_MAX:
            self.overflowed = True
            raise OverflowError("int result does not fit in 64 bits (engine's deliberate difference)")
        if type(value) is tuple:  # divmod
            for item in value:
                self.chk(item)
        return value

    def aug(self, current, thunk, opname):
        return self.chk(getattr(operator, opname)(current, thunk()))

    def augitem(self, container, key, thunk, opname):
        current = container[key]
        container[key] = self.chk(getattr(operator, opname)(current, thunk()))

    def namespace(self) -> dict:
        return {
            "__name__": "prog",
            "__builtins__": builtins,
            "_fe_chk": self.chk,
            "_fe_aug": self.aug,
            "_fe_augitem": self.augitem,
        }


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


def _thunk(value: ast.expr) -> ast.Lambda:
    no_args = ast.arguments(
        posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
    )
    return ast.Lambda(args=no_args, body=value)


class _Instrument(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        return ast.copy_location(_call("_fe_chk", node), node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return node
        return ast.copy_location(_call("_fe_chk", node), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in CHECKED_BUILTINS:
            return ast.copy_location(_call("_fe_chk", node), node)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        opname = ast.Constant(AUG_NAMES[type(node.op)])
        target = node.target
        if isinstance(target, ast.Name):
            load = ast.Name(id=target.id, ctx=ast.Load())
            value = _call("_fe_aug", load, _thunk(node.value), opname)
            return ast.copy_location(ast.Assign(targets=[target], value=value), node)
        if isinstance(target, ast.Subscript):
            target.value.ctx = ast.Load()
            call = _call("_fe_augitem", target.value, target.slice, _thunk(node.value), opname)
            return ast.copy_location(ast.Expr(value=call), node)
        raise NotImplementedError(f"augmented assignment to {type(target).__name__}")


def instrument(source: str, filename: str = "prog.py"):
    """Compile `source` with the 64-bit int model woven in (see the module docstring)."""
    tree = ast.parse(source, filename)
    tree = ast.fix_missing_locations(_Instrument().visit(tree))
    return compile(tree, filename, "exec")


def run_cpython(source: str, calls: int = 1) -> list[Outcome]:
    """Run `main()` `calls` times in one fresh namespace (the oracle, with the int model)."""
    model = _Model()
    code = instrument(source)
    namespace = model.namespace()
    outcomes = []
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        exec(code, namespace)  # the test's reference run, never the engine's
    for _ in range(calls):
        buffer = io.StringIO()
        model.overflowed = False
        with contextlib.redirect_stdout(buffer):
            try:
                result = namespace["main"]()
            except Exception as exc:  # the program's error is its outcome
                outcome = Outcome("raise", type(exc).__name__, buffer.getvalue())
            else:
                outcome = Outcome("ok", result, buffer.getvalue())
        outcome.overflowed = model.overflowed
        outcomes.append(outcome)
    return outcomes


def run_engine(source: str, calls: int = 1) -> list[Outcome]:
    """Load `source` in the interpreter lane and call `main()` `calls` times."""
    ext = Engine(lane="interp", limits=LIMITS).load(source, name="prog")
    ext.take_output()
    outcomes = []
    for _ in range(calls):
        try:
            result = ext.call("main")
        except Exception as exc:  # engine errors are BaseException and propagate
            outcomes.append(Outcome("raise", type(exc).__name__, ext.take_output()))
        else:
            outcomes.append(Outcome("ok", result, ext.take_output()))
    return outcomes


def same(a, b) -> bool:
    """Deep equality with exact types; floats compared bit for bit."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb)
            for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, (set, frozenset)):
        if len(a) != len(b):
            return False
        rest = list(b)
        for x in a:
            for k, y in enumerate(rest):
                if same(x, y):
                    del rest[k]
                    break
            else:
                return False
        return True
    return a == b


def same_outcome(a: Outcome, b: Outcome) -> bool:
    if a.kind != b.kind or a.stdout != b.stdout:
        return False
    if a.kind == "raise":
        return a.value == b.value
    return same(a.value, b.value)


def show(outcome: Outcome) -> str:
    value = outcome.value
    text = repr(value)
    if isinstance(value, float) and math.isnan(value):
        text += f" (bits {struct.pack('>d', value).hex()})"
    extra = " [int model raised OverflowError]" if outcome.overflowed else ""
    return f"{outcome.kind} {text}{extra}\n  stdout: {outcome.stdout!r}"


def check_program(source: str, calls: int = 1) -> None:
    """Assert that the engine's outcomes for `main()` match CPython's (with the int model)."""
    expected = run_cpython(source, calls)
    actual = run_engine(source, calls)
    for k, (want, got) in enumerate(zip(expected, actual, strict=True)):
        if not same_outcome(want, got):
            raise AssertionError(
                f"engine differs from CPython (call {k + 1}):\n"
                f"--- program ---\n{source}\n"
                f"--- CPython ---\n{show(want)}\n"
                f"--- engine ----\n{show(got)}"
            )
