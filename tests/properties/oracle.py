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
sum pow int round divmod len min max`, `math.floor ceil trunc gcd`) passes its result through `_fe_chk`,
which raises `OverflowError` for an out-of-range int. When no check fires,
the instrumented program behaves exactly like the original (the wrappers
return their argument unchanged, augmented assignments keep CPython's
evaluation order and in-place semantics), so the comparison is against plain
CPython; `Outcome.overflowed` records when the model did fire. This also
keeps CPython from computing enormous ints in loops (`x *= x`).

An int literal beyond 64 bits is modelled the same way (it raises where it is
evaluated); a negative literal is checked after negation, so
`-9223372036854775808` is fine.

When the module's top-level code raises, both sides report `"raise <type>"`
as their load output and no call outcomes.

`same(a, b)` is the deep comparison: identical types (bool is not int, tuple
is not list), floats bit for bit (so `-0.0 != 0.0` and NaN equals a NaN with
the same payload), dicts in the same insertion order, sets as sets.

`reduce_program` shrinks a failing program statement by statement while the
difference stays the same; from the command line:

    .venv/bin/python -m tests.properties.oracle FILE [--reduce]
"""

from __future__ import annotations

import argparse
import ast
import builtins
import contextlib
import io
import math
import operator
import struct
import sys
import time
import warnings
from dataclasses import dataclass

from frankenengine import CompileError, Engine, Limits

INT_MIN, INT_MAX = -(2**63), 2**63 - 1

# Generous limits: generated programs are small, a limit error means a bug (or a hang).
LIMITS = Limits(fuel=10**8, memory=1 << 28, depth=1000, deadline=20.0)

CHECKED_BUILTINS = frozenset({"abs", "sum", "pow", "int", "round", "divmod", "len", "min", "max"})
CHECKED_MATH = frozenset({"floor", "ceil", "trunc", "gcd"})

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
            raise OverflowError(
                "int result does not fit in 64 bits (engine's deliberate difference)"
            )
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
    def visit_Constant(self, node):
        # An int literal beyond 64 bits cannot exist in the engine: it raises where evaluated.
        if type(node.value) is int and not INT_MIN <= node.value <= INT_MAX:
            return ast.copy_location(_call("_fe_chk", node), node)
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return ast.copy_location(_call("_fe_chk", node), node)

    def visit_UnaryOp(self, node):
        if (
            isinstance(node.op, ast.USub)
            and isinstance(node.operand, ast.Constant)
            and type(node.operand.value) is int
        ):
            return ast.copy_location(_call("_fe_chk", node), node)  # a negative literal
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return node
        return ast.copy_location(_call("_fe_chk", node), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Name) and func.id in CHECKED_BUILTINS:
            return ast.copy_location(_call("_fe_chk", node), node)
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "math"
            and func.attr in CHECKED_MATH
        ):
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
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))  # the AST visitor recurses on long `a + b + ...`
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # `x is not None` on literals, ...
            tree = ast.parse(source, filename)
            tree = ast.fix_missing_locations(_Instrument().visit(tree))
            return compile(tree, filename, "exec")
    finally:
        sys.setrecursionlimit(limit)


def run_cpython(source: str, calls: int = 1) -> tuple[str, list[Outcome]]:
    """Run the module, then `main()` `calls` times, in one fresh namespace (the oracle).

    Returns what the module's top-level code printed and one outcome per call;
    if the top-level code raises, `"raise <type name>"` and no outcomes.
    """
    model = _Model()
    code = instrument(source)
    namespace = model.namespace()
    outcomes = []
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            exec(code, namespace)  # the test's reference run, never the engine's
        except Exception as exc:
            return f"raise {type(exc).__name__}", []
    loaded = buffer.getvalue()
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
    return loaded, outcomes


def run_engine(source: str, calls: int = 1) -> tuple[str, list[Outcome]]:
    """Load `source` in the interpreter lane and call `main()` `calls` times (same shape)."""
    try:
        ext = Engine(lane="interp", limits=LIMITS).load(source, name="prog")
    except CompileError:
        raise  # never an outcome: generated programs are in the subset
    except Exception as exc:  # the top-level code raised
        return f"raise {type(exc).__name__}", []
    loaded = ext.take_output()
    outcomes = []
    for _ in range(calls):
        try:
            result = ext.call("main")
        except Exception as exc:  # engine errors are BaseException and propagate
            outcomes.append(Outcome("raise", type(exc).__name__, ext.take_output()))
        else:
            outcomes.append(Outcome("ok", result, ext.take_output()))
    return loaded, outcomes


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
    loaded, expected = run_cpython(source, calls)
    engine_loaded, actual = run_engine(source, calls)
    if loaded != engine_loaded:
        raise AssertionError(
            f"engine's load-time output differs from CPython's:\n--- program ---\n{source}\n"
            f"--- CPython ---\n{loaded!r}\n--- engine ----\n{engine_loaded!r}"
        )
    for k, (want, got) in enumerate(zip(expected, actual, strict=True)):
        if not same_outcome(want, got):
            raise AssertionError(
                f"engine differs from CPython (call {k + 1}):\n"
                f"--- program ---\n{source}\n"
                f"--- CPython ---\n{show(want)}\n"
                f"--- engine ----\n{show(got)}"
            )


# -- reducing a failing program (a developer tool) ---------------------------------
def difference(source: str) -> tuple | None:
    """A short signature of how the engine differs from CPython on `source`, or None.

    Programs that are not valid Python, do not define `main`, or that CPython
    cannot run to an outcome count as "no difference" (so a reducer drops them).
    """
    try:
        instrument(source)
    except SyntaxError:
        return None
    if "def main(" not in source:
        return None
    try:
        loaded, expected = run_cpython(source)
    except Exception:
        return None
    try:
        engine_loaded, actual = run_engine(source)
    except CompileError as exc:
        return ("compile error", str(exc).split(":", 3)[-1][:60])
    except BaseException as exc:  # engine errors: limits, internal failures
        return ("engine error", type(exc).__name__)
    if loaded != engine_loaded:
        return ("load", loaded[:20], engine_loaded[:20])
    want, got = expected[0], actual[0]
    if same_outcome(want, got):
        return None

    def summary(outcome: Outcome):
        return (outcome.kind, outcome.value if outcome.kind == "raise" else type(outcome.value))

    return ("differs", summary(want), summary(got))


def _block_end(lines: list[str], start: int) -> int:
    """Index after the statement at `start` and every more indented line under it."""
    depth = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > depth
    ):
        end += 1
    return end


def reduce_program(source: str, budget: float = 120.0) -> str:
    """Greedily delete statements (or blocks, or replace them by `pass`) while the difference stays."""
    target = difference(source)
    if target is None:
        return source
    deadline = time.monotonic() + budget
    lines = source.splitlines()
    changed = True
    while changed and time.monotonic() < deadline:
        changed = False
        i = 0
        while i < len(lines) and time.monotonic() < deadline:
            end = _block_end(lines, i)
            pad = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            candidates = [lines[:i] + lines[end:], lines[:i] + [pad + "pass"] + lines[end:]]
            if end > i + 1:
                candidates.append(lines[:i] + lines[i + 1 :])
            for candidate in candidates:
                if candidate != lines and difference("\n".join(candidate) + "\n") == target:
                    lines, changed = candidate, True
                    break
            else:
                i += 1
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.properties.oracle FILE [--reduce]`: compare FILE, optionally reduce it."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("file")
    parser.add_argument("--reduce", action="store_true", help="print a reduced program")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds for --reduce")
    args = parser.parse_args(argv)
    source = open(args.file, encoding="utf-8").read()
    found = difference(source)
    print("no difference" if found is None else f"difference: {found}")
    if found is not None and args.reduce:
        print(reduce_program(source, args.budget), end="")
    return 0 if found is None else 1


if __name__ == "__main__":
    raise SystemExit(main())
