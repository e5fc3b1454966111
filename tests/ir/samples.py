"""Sample IR built with the FunctionBuilder, shared by the IR tests.

Together the samples use every opcode of the table. `MODULES` maps a golden
file name (tests/testdata/ir/<name>.ir) to a function building that module.
`lower` turns a tiny structured program (used by the hypothesis tests) into IR
the way a frontend would: if/else with a join, while loops as header + test +
body + exit, for loops over a get_iter, break and return.
"""

from __future__ import annotations

import dataclasses
import struct

import numpy as np
from hypothesis import strategies as st

from frankenengine.ir import types as T
from frankenengine.ir.builder import FunctionBuilder
from frankenengine.ir.function import (
    LOOP_FOR,
    LOOP_TEST,
    LOOP_WHILE,
    IRFunction,
    IRModule,
    Signature,
)
from frankenengine.ir.opcodes import Op
from frankenengine.ir.printer import const_text


def _params(fb: FunctionBuilder, line: int) -> None:
    for i, name in enumerate(fb.signature.names):
        fb.write_var(name, fb.emit(Op.param, i, line=line, col=8 + 3 * i))


def _sig(*names: str, defaults: int = 0, kwonly: int = 0) -> Signature:
    flags = (False,) * (len(names) - defaults) + (True,) * defaults
    return Signature(names, kwonly, flags)


def arith() -> IRFunction:
    """Straight-line code: every binary, unary and comparison opcode."""
    fb = FunctionBuilder("arith", _sig("a", "b", defaults=1), line=1)
    _params(fb, 1)
    a, b = fb.read_var("a"), fb.read_var("b")
    ops = "add sub mul truediv floordiv mod pow lshift rshift bitand bitor bitxor matmul"
    results = [
        fb.emit(getattr(Op, name), a, b, line=2, col=i) for i, name in enumerate(ops.split())
    ]
    results += [fb.emit(getattr(Op, name), a, line=3) for name in "neg pos invert not".split()]
    cmps = "lt le gt ge eq ne in not_in is is_not"
    results += [
        fb.emit(getattr(Op, name), a, b, line=4, col=i) for i, name in enumerate(cmps.split())
    ]
    fb.insts[results[-1]].type = T.BOOL
    results.append(fb.emit(Op.inplace, results[0], b, Op.add, line=5, col=4))  # x += b
    fb.emit(Op.ret, fb.emit_list(Op.build_tuple, results, line=5), line=5)
    return fb.finish()


def constants() -> IRFunction:
    """Every kind of constant, including the awkward floats and strings."""
    fb = FunctionBuilder("constants", line=10)
    payload_nan = struct.unpack("<d", struct.pack("<Q", 0x7FF8000000000123))[0]
    values = [None, True, False, 0, 1, -7, 2**70, -(2**64), 1.5, -0.0, 0.0, 1e300, 1e-300,
              float("nan"), payload_nan, float("inf"), float("-inf"), "", "it's \"quoted\"\n",
              "\u00e9\u4e2d\U0001f600\x00", "tab\there", (), (1,), (1, "x", (None, 2.5)), (True, 1)]  # fmt: skip
    items = [fb.const(v, line=11, col=i) for i, v in enumerate(values)]
    fb.emit(Op.ret, fb.emit_list(Op.build_tuple, items, line=12), line=12)
    return fb.finish()


def containers() -> IRFunction:
    """Containers, attributes, calls, builtins and globals."""
    fb = FunctionBuilder("containers", _sig("x", "k", "y", kwonly=1, defaults=1), line=20)
    _params(fb, 20)
    x, k = fb.read_var("x"), fb.read_var("k")
    lst = fb.emit_list(Op.build_list, [x, k], line=21)
    tup = fb.emit_list(Op.build_tuple, [x, k], line=21)
    st = fb.emit_list(Op.build_set, [x], line=21)
    dct = fb.emit_list(Op.build_dict, [k, x], line=22)
    none = fb.const(None, line=22)
    sl = fb.emit(Op.build_slice, x, k, none, line=22)
    spec = fb.const(">8", line=23)
    fmt = fb.emit(Op.format, x, spec, 114, line=23)
    plain = fb.emit(Op.format, k, -1, 0, line=23)  # no format spec
    text = fb.emit_list(Op.build_str, [fb.const("x=", line=23), fmt, plain], line=23)
    item = fb.emit(Op.getitem, lst, sl, line=24)
    fb.emit(Op.setitem, lst, x, item, line=24)
    fb.emit(Op.delitem, dct, k, line=25)
    attr = fb.emit(Op.getattr, text, fb.const_index("upper"), line=25)
    pair = fb.emit(Op.unpack, tup, 2, line=26)
    first = fb.emit(Op.item, pair, 0, line=26)
    second = fb.emit(Op.item, pair, 1, line=26)
    length = fb.emit(Op.builtin, fb.const_index("len"), line=27)
    n = fb.emit_list(Op.call, [length, lst], line=27)
    srt = fb.emit(Op.builtin, fb.const_index("sorted"), line=28)
    keyed = fb.emit_list(Op.call_kw, [srt, lst, attr], fb.const_index(("key",)), line=28)
    split = fb.emit_list(Op.call_method, [text, first], fb.const_index("split"), line=29)
    scale = fb.emit(Op.load_global, 3, line=30)  # SCALE
    fb.emit(Op.store_global, 3, fb.emit(Op.mul, n, scale, line=30), line=30)
    fb.emit(Op.del_global, 3, line=30)
    out = fb.emit_list(Op.build_list, [st, keyed, split, second], line=31)
    fb.emit(Op.ret, out, line=31)
    return fb.finish(parent=0)


def count() -> IRFunction:
    """while i < n: s = s + i; i = i + 1 -- phis at the loop header."""
    fb = FunctionBuilder("count", _sig("n"), line=40)
    _params(fb, 40)
    fb.write_var("i", fb.const(0, line=41))
    fb.write_var("s", fb.const(0, line=42))
    header, test = fb.new_block(LOOP_WHILE), fb.new_block(LOOP_TEST)
    body, exit_ = fb.new_block(), fb.new_block()
    fb.set_merge(header, exit_)
    fb.emit(Op.jump, header, line=43)
    fb.switch_to(header)
    fb.emit(Op.fuel, line=43)
    fb.emit(Op.jump, test, line=43)
    fb.seal(test)
    fb.switch_to(test)
    cond = fb.emit(Op.lt, fb.read_var("i"), fb.read_var("n"), line=43, col=10)
    fb.emit(Op.br, cond, body, exit_, line=43)
    fb.seal(body)
    fb.seal(exit_)
    fb.switch_to(body)
    fb.write_var("s", fb.emit(Op.add, fb.read_var("s"), fb.read_var("i"), line=44, col=8))
    fb.write_var("i", fb.emit(Op.add, fb.read_var("i"), fb.const(1, line=45), line=45, col=8))
    fb.emit(Op.jump, header, line=45)
    fb.seal(header)
    fb.switch_to(exit_)
    fb.emit(Op.ret, fb.read_var("s"), line=46)
    return fb.finish(parent=0)


def total() -> IRFunction:
    """for x in xs: if x > 10: break; acc = acc + x -- a for loop with a break."""
    fb = FunctionBuilder("total", _sig("xs"), line=50)
    _params(fb, 50)
    it = fb.emit(Op.get_iter, fb.read_var("xs"), line=52)
    fb.write_var("acc", fb.const(0.0, line=51))
    header, body, exit_ = fb.new_block(LOOP_FOR), fb.new_block(), fb.new_block()
    fb.set_merge(header, exit_)
    fb.emit(Op.jump, header, line=52)
    fb.switch_to(header)
    x = fb.emit(Op.for_iter, it, body, exit_, line=52)
    fb.seal(body)
    fb.write_var("x", x, block=body)
    fb.switch_to(body)
    fb.emit(Op.fuel, line=52)
    brk, cont = fb.new_block(), fb.new_block()
    big = fb.emit(Op.gt, fb.read_var("x"), fb.const(10, line=53), line=53)
    fb.emit(Op.br, big, brk, cont, line=53)
    fb.set_merge(body, cont)
    fb.seal(brk)
    fb.seal(cont)
    fb.switch_to(brk)
    fb.emit(Op.jump, exit_, line=54)
    fb.switch_to(cont)
    fb.write_var("acc", fb.emit(Op.add, fb.read_var("acc"), fb.read_var("x"), line=55))
    fb.emit(Op.jump, header, line=55)
    fb.seal(header)
    fb.seal(exit_)
    fb.switch_to(exit_)
    fb.emit(Op.ret, fb.read_var("acc"), line=56)
    return fb.finish(parent=0)


def maybe() -> IRFunction:
    """if c: y = 1 / return y -- y is undefined on the else path (an undef)."""
    fb = FunctionBuilder("maybe", _sig("c"), line=60)
    _params(fb, 60)
    then, join = fb.new_block(), fb.new_block()
    fb.emit(Op.br, fb.read_var("c"), then, join, line=61)
    fb.set_merge(fb.entry, join)
    fb.seal(then)
    fb.switch_to(then)
    fb.write_var("y", fb.const(1, line=62))
    fb.emit(Op.jump, join, line=62)
    fb.seal(join)
    fb.switch_to(join)
    fb.emit(Op.ret, fb.read_var("y"), line=63)
    return fb.finish(parent=0)


def safe_div() -> IRFunction:
    """try: q = a / b / except ZeroDivisionError: q = nan / else: q = q + 0 -- q in a slot."""
    fb = FunctionBuilder("safe_div", _sig("a", "b"), line=70)
    _params(fb, 70)
    q = fb.slot("q")
    body, dispatch, else_, handler, rethrow, join = (fb.new_block() for _ in range(6))
    fb.emit(Op.try_except, body, dispatch, else_, line=71)  # c: the else block, not an edge
    fb.set_merge(fb.entry, join)
    for b in (body, dispatch):
        fb.seal(b)
    fb.switch_to(body)
    fb.emit(
        Op.store_var, q, fb.emit(Op.truediv, fb.read_var("a"), fb.read_var("b"), line=72), line=72
    )
    fb.emit(Op.jump, else_, line=72)
    fb.switch_to(dispatch)
    exc = fb.emit(Op.caught, line=73)
    zde = fb.emit(Op.builtin, fb.const_index("ZeroDivisionError"), line=73)
    fb.emit(Op.br, fb.emit(Op.exc_match, exc, zde, line=73), handler, rethrow, line=73)
    fb.set_merge(dispatch, join)
    for b in (handler, rethrow, else_):
        fb.seal(b)
    fb.switch_to(handler)
    fb.emit(Op.store_var, q, fb.const(float("nan"), line=74), line=74)
    fb.emit(Op.del_var, fb.slot("e"), line=74)
    fb.emit(Op.jump, join, line=74)
    fb.switch_to(rethrow)
    fb.emit(Op.reraise, line=73)
    fb.switch_to(else_)
    bumped = fb.emit(Op.add, fb.emit(Op.load_var, q, line=76), fb.const(0, line=76), line=76)
    fb.emit(Op.store_var, q, bumped, line=76)
    fb.emit(Op.jump, join, line=76)
    fb.seal(join)
    fb.switch_to(join)
    fb.emit(Op.ret, fb.emit(Op.load_var, q, line=75), line=75)
    return fb.finish(parent=0)


def cleanup() -> IRFunction:
    """try: if a < 0: raise ValueError('neg') / finally: log(a)."""
    fb = FunctionBuilder("cleanup", _sig("a"), line=80)
    _params(fb, 80)
    body, fin, bad, ok = (fb.new_block() for _ in range(4))
    fb.emit(Op.try_finally, body, fin, line=81)
    fb.set_merge(fb.entry, fin)
    fb.seal(body)
    fb.switch_to(body)
    neg = fb.emit(Op.lt, fb.read_var("a"), fb.const(0, line=82), line=82)
    fb.emit(Op.br, neg, bad, ok, line=82)
    fb.set_merge(body, ok)
    fb.seal(bad)
    fb.seal(ok)
    fb.switch_to(bad)
    err = fb.emit(Op.builtin, fb.const_index("ValueError"), line=83)
    exc = fb.emit_list(Op.call, [err, fb.const("neg", line=83)], line=83)
    fb.emit(getattr(Op, "raise"), exc, line=83)
    fb.switch_to(ok)
    fb.emit(Op.jump, fin, line=82)
    fb.seal(fin)
    fb.switch_to(fin)
    log = fb.emit(Op.load_global, 6, line=85)  # log
    fb.emit_list(Op.call, [log, fb.read_var("a")], line=85)
    fb.emit(Op.ret, fb.const(None, line=85), line=85)
    return fb.finish(parent=0)


def gen() -> IRFunction:
    """for x in range(n): yield x -- a generator."""
    fb = FunctionBuilder("gen", _sig("n"), line=90)
    _params(fb, 90)
    rng = fb.emit(Op.builtin, fb.const_index("range"), line=91)
    it = fb.emit(Op.get_iter, fb.emit_list(Op.call, [rng, fb.read_var("n")], line=91), line=91)
    header, body, exit_ = fb.new_block(LOOP_FOR), fb.new_block(), fb.new_block()
    fb.set_merge(header, exit_)
    fb.emit(Op.jump, header, line=91)
    fb.switch_to(header)
    x = fb.emit(Op.for_iter, it, body, exit_, line=91)
    fb.seal(body)
    fb.seal(exit_)
    fb.switch_to(body)
    fb.emit(getattr(Op, "yield"), x, line=92)
    fb.emit(Op.jump, header, line=92)
    fb.seal(header)
    fb.switch_to(exit_)
    fb.emit(Op.ret, fb.const(None, line=93), line=93)
    return fb.finish(parent=0, is_generator=True)


def closure_module() -> IRModule:
    """<module> defines outer(x, y=3); outer defines inner(), which updates outer's x."""
    top = FunctionBuilder("<module>", line=0)
    three = top.const(3, line=1)
    top.emit(Op.store_global, 0, top.emit_make_function(1, [three], line=1, col=0), line=1)
    top.emit(Op.ret, top.const(None, line=0), line=0)

    outer = FunctionBuilder("outer", _sig("x", "y", defaults=1), line=1)
    _params(outer, 1)
    x = outer.slot("x")
    outer.emit(Op.store_var, x, outer.read_var("x"), line=1)
    inner_fn = outer.emit_make_function(2, [], line=2, col=4)
    outer.emit_list(Op.call, [inner_fn], line=4)
    total = outer.emit(Op.add, outer.emit(Op.load_var, x, line=5), outer.read_var("y"), line=5)
    outer.emit(Op.ret, total, line=5)

    inner = FunctionBuilder("inner", line=2)
    value = inner.emit(Op.load_outer, 1, 0, line=3, col=8)
    bumped = inner.emit(Op.add, value, inner.const(1, line=3), line=3)
    inner.emit(Op.store_outer, 1, 0, bumped, line=3)
    inner.emit(Op.del_outer, 1, 0, line=3)
    inner.emit(Op.ret, bumped, line=3)

    fns = [top.finish(), outer.finish(parent=0), inner.finish(parent=1)]
    return IRModule("closures", "closures.py", fns, ("outer",), ("outer",))


def _module(name: str, builders, extra_globals: tuple[str, ...]) -> IRModule:
    top = FunctionBuilder("<module>", line=0)
    for i in range(1, len(builders) + 1):
        fn_value = top.emit_make_function(i, [], line=i)
        top.emit(Op.store_global, i - 1, fn_value, line=i)
    top.emit(Op.ret, top.const(None))
    fns = [top.finish()] + [build() for build in builders]
    names = tuple(fn.name for fn in fns[1:])
    return IRModule(name, f"{name}.py", fns, names + extra_globals, names)


def basic_module() -> IRModule:
    return _module("basic", [arith, constants, containers], ("SCALE",))


def control_module() -> IRModule:
    return _module("control", [count, total, maybe, safe_div, cleanup, gen], ("log",))


MODULES = {"basic": basic_module, "control": control_module, "closures": closure_module}


def all_functions() -> list[IRFunction]:
    return [fn for build in MODULES.values() for fn in build().functions]


def function_named(name: str) -> IRFunction:
    return next(fn for fn in all_functions() if fn.name == name)


# -- comparing tables --------------------------------------------------------
def const_key(value) -> tuple[str, str]:
    return type(value).__name__, const_text(value)


def assert_functions_equal(a: IRFunction, b: IRFunction) -> None:
    assert (a.name, a.signature, a.slots) == (b.name, b.signature, b.slots)
    assert (a.parent, a.is_generator, a.line, a.filename) == (
        b.parent,
        b.is_generator,
        b.line,
        b.filename,
    )
    for table in ("insts", "blocks", "operands"):
        x, y = getattr(a, table), getattr(b, table)
        assert x.dtype == y.dtype, table
        assert x.shape == y.shape, table
        assert x.tobytes() == y.tobytes(), table
    assert [const_key(c) for c in a.consts] == [const_key(c) for c in b.consts]


def assert_modules_equal(a: IRModule, b: IRModule) -> None:
    assert (a.name, a.filename, a.globals, a.exports) == (b.name, b.filename, b.globals, b.exports)
    assert len(a.functions) == len(b.functions)
    for x, y in zip(a.functions, b.functions, strict=True):
        assert_functions_equal(x, y)


# -- a tiny structured language, lowered like a frontend would ----------------
# stmt := ("assign", var, op, expr, expr) | ("if", var, [stmt], [stmt])
#       | ("while", var, [stmt]) | ("for", var, var, [stmt]) | ("break",) | ("return", expr)
# expr := var name (str) | int
VARS = ("x", "y", "z")
BINOPS = ("add", "sub", "mul", "lt", "eq")


_var = st.sampled_from(VARS)
_expr = st.one_of(_var, st.integers(-3, 3))
_assign = st.tuples(st.just("assign"), _var, st.sampled_from(BINOPS), _expr, _expr)
_leaf = st.one_of(_assign, st.tuples(st.just("return"), _expr), st.just(("break",)))


def _compound(children):
    block = st.lists(children, max_size=4)
    return st.one_of(
        st.tuples(st.just("if"), _var, block, block),
        st.tuples(st.just("while"), _var, block),
        st.tuples(st.just("for"), _var, _var, block),
    )


straight_line = st.lists(_assign, max_size=12)
programs = st.lists(st.recursive(_leaf, _compound, max_leaves=12), max_size=6)


class _Lowerer:
    def __init__(self):
        self.fb = FunctionBuilder("random", Signature(VARS, 0, (False,) * len(VARS)), line=1)
        _params(self.fb, 1)
        self.loops: list[int] = []  # exit block of each enclosing loop
        self.line = 1

    def expr(self, e) -> int:
        return self.fb.read_var(e) if isinstance(e, str) else self.fb.const(e, line=self.line)

    def dead_end(self) -> None:
        """After a jump or return, later statements go to a fresh (unreachable) block."""
        block = self.fb.new_block()
        self.fb.seal(block)
        self.fb.switch_to(block)

    def stmts(self, stmts) -> None:
        for s in stmts:
            self.line += 1
            getattr(self, "do_" + s[0])(*s[1:])

    def do_assign(self, var, op, lhs, rhs) -> None:
        a, b = self.expr(lhs), self.expr(rhs)
        self.fb.write_var(var, self.fb.emit(getattr(Op, op), a, b, line=self.line))

    def do_return(self, e) -> None:
        self.fb.emit(Op.ret, self.expr(e), line=self.line)
        self.dead_end()

    def do_break(self) -> None:
        if self.loops:
            self.fb.emit(Op.jump, self.loops[-1], line=self.line)
            self.dead_end()

    def do_if(self, var, then_stmts, else_stmts) -> None:
        fb = self.fb
        then, other, join = fb.new_block(), fb.new_block(), fb.new_block()
        fb.emit(Op.br, fb.read_var(var), then, other, line=self.line)
        fb.set_merge(fb.current, join)
        for block, stmts in ((then, then_stmts), (other, else_stmts)):
            fb.seal(block)
            fb.switch_to(block)
            self.stmts(stmts)
            fb.emit(Op.jump, join, line=self.line)
        fb.seal(join)
        fb.switch_to(join)

    def do_while(self, var, stmts) -> None:
        fb = self.fb
        header, test, body, exit_ = (
            fb.new_block(LOOP_WHILE),
            fb.new_block(LOOP_TEST),
            fb.new_block(),
            fb.new_block(),
        )
        fb.set_merge(header, exit_)
        fb.emit(Op.jump, header, line=self.line)
        fb.switch_to(header)
        fb.emit(Op.fuel, line=self.line)
        fb.emit(Op.jump, test, line=self.line)
        fb.seal(test)
        fb.switch_to(test)
        fb.emit(Op.br, fb.read_var(var), body, exit_, line=self.line)
        self._loop_body(header, body, exit_, stmts)

    def do_for(self, target, var, stmts) -> None:
        fb = self.fb
        it = fb.emit(Op.get_iter, fb.read_var(var), line=self.line)
        header, body, exit_ = fb.new_block(LOOP_FOR), fb.new_block(), fb.new_block()
        fb.set_merge(header, exit_)
        fb.emit(Op.jump, header, line=self.line)
        fb.switch_to(header)
        fb.write_var(target, fb.emit(Op.for_iter, it, body, exit_, line=self.line), block=body)
        self._loop_body(header, body, exit_, stmts)

    def _loop_body(self, header, body, exit_, stmts) -> None:
        fb = self.fb
        fb.seal(body)
        fb.switch_to(body)
        self.loops.append(exit_)
        self.stmts(stmts)
        self.loops.pop()
        fb.emit(Op.jump, header, line=self.line)
        fb.seal(header)
        fb.seal(exit_)
        fb.switch_to(exit_)


def lower(program) -> IRFunction:
    lowerer = _Lowerer()
    lowerer.stmts(program)
    lowerer.fb.emit(Op.ret, lowerer.fb.const(None), line=lowerer.line)
    return lowerer.fb.finish()


def copy_function(fn: IRFunction) -> IRFunction:
    """A copy whose tables can be corrupted without touching the original."""
    return dataclasses.replace(
        fn,
        insts=fn.insts.copy(),
        blocks=fn.blocks.copy(),
        operands=np.array(fn.operands),
        consts=list(fn.consts),
    )
