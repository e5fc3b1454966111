"""Generated list programs for lane parity: mutation, aliasing, growth and errors.

`list_case()` draws a module with a helper and an entry function `f(xs, ys)` over two
lists of one element kind (int, float or bool), as ordinary Python: appends, inserts,
pops, item reads and stores (indices may be out of range), extends, concatenation and
repetition, reversal, reductions, loops over a list (with enumerate and zip), aliasing (`zs = xs`) and a helper
that mutates its argument. Now and then a statement puts a value of another kind into a
list (an int into a float list): CPython makes a mixed list, the JIT must decline that
signature rather than coerce. Every program is ordinary Python, so CPython is its oracle.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

_VALUES = {
    "int": st.integers(-50, 50).map(str),
    "float": st.sampled_from(["0.5", "-0.0", "0.0", "1.25", "-3.5", "1e308", "2.0"]),
    "bool": st.sampled_from(["True", "False"]),
}
_OTHER = {"int": "1.5", "float": "1", "bool": "1"}  # a value of another kind
_INDEX = st.integers(-6, 6).map(str)
_LIST = st.sampled_from(["xs", "ys", "zs"])


@dataclass(frozen=True)
class ListCase:
    source: str
    kind: str
    xs: list
    ys: list

    def __str__(self) -> str:
        return f"# xs={self.xs!r} ys={self.ys!r}\n{self.source}"


def _statement(kind: str):
    value = _VALUES[kind]
    return st.one_of(
        st.tuples(_LIST, value).map(lambda t: f"{t[0]}.append({t[1]})"),
        _LIST.map(lambda a: f"{a}.append({_OTHER[kind]})"),
        st.tuples(_LIST, _INDEX, value).map(lambda t: f"{t[0]}.insert({t[1]}, {t[2]})"),
        _LIST.map(lambda a: f"acc += {a}.pop()" if kind != "float" else f"{a}.pop()"),
        st.tuples(_LIST, _INDEX).map(lambda t: f"{t[0]}.pop({t[1]})"),
        st.tuples(_LIST, _INDEX, value).map(lambda t: f"{t[0]}[{t[1]}] = {t[2]}"),
        st.tuples(_LIST, _INDEX).map(lambda t: f"n += 1 if {t[0]}[{t[1]}] else 2"),
        st.tuples(_LIST, _LIST).map(lambda t: f"{t[0]}.extend({t[1]})"),
        st.tuples(_LIST, _LIST).map(lambda t: f"zs = {t[0]} + {t[1]}"),
        st.tuples(_LIST, st.integers(-1, 3)).map(lambda t: f"zs = {t[0]} * {t[1]}"),
        _LIST.map(lambda a: f"{a}.reverse()"),
        _LIST.map(lambda a: "zs = " + a),
        _LIST.map(lambda a: f"n += len({a})"),
        _LIST.map(lambda a: f"n += grow({a}, 2)"),
        _LIST.map(lambda a: f"for v in {a}:\n        n += 1 if v else 3"),
        _LIST.map(lambda a: f"zs = [v for v in {a} if v]"),
        _LIST.map(lambda a: f"for i, v in enumerate({a}):\n        n += i if v else 1"),
        st.tuples(_LIST, _LIST).map(
            lambda t: f"for v, w in zip({t[0]}, {t[1]}):\n        n += 1 if v == w else 2"
        ),
    )


@st.composite
def list_case(draw) -> ListCase:
    kind = draw(st.sampled_from(["int", "float", "bool"]))
    literal = _VALUES[kind]
    xs = draw(st.lists(literal, min_size=1, max_size=5))
    ys = draw(st.lists(literal, min_size=1, max_size=5))
    body = draw(st.lists(_statement(kind), min_size=1, max_size=8))
    first = "acc = 0" if kind != "float" else "acc = 0.0"
    lines = [f"    {first}", "    n = 0", "    zs = xs"] + [f"    {s}" for s in body]
    lines.append("    return n + len(zs)")
    source = (
        "def grow(ws, k):\n"
        "    for _ in range(k):\n"
        "        ws.append(ws[0])\n"
        "    return len(ws)\n"
        "\n\n"
        "def f(xs, ys):\n" + "\n".join(lines) + "\n"
    )
    convert = {"int": int, "float": float, "bool": lambda s: s == "True"}[kind]
    return ListCase(source, kind, [convert(x) for x in xs], [convert(y) for y in ys])


_ROW_INDEX = st.integers(-3, 3).map(str)


def _matrix_statement(kind: str):
    value = _VALUES[kind]
    return st.one_of(
        st.tuples(_ROW_INDEX, _INDEX, value).map(lambda t: f"a[{t[0]}][{t[1]}] = {t[2]}"),
        st.tuples(_ROW_INDEX, _INDEX).map(lambda t: f"n += 1 if a[{t[0]}][{t[1]}] else 2"),
        st.tuples(_ROW_INDEX, value).map(lambda t: f"a[{t[0]}].append({t[1]})"),
        st.tuples(_ROW_INDEX, _INDEX, value).map(
            lambda t: f"r = a[{t[0]}]\n    r[{t[1]}] = {t[2]}"
        ),
        _ROW_INDEX.map(lambda i: f"a.append(a[{i}])"),  # a row reachable twice
        st.tuples(_ROW_INDEX, _ROW_INDEX).map(lambda t: f"a[{t[0]}] = a[{t[1]}]"),
        st.just("a.pop()"),
        value.map(lambda v: f"a.append([{v}])"),
        value.map(lambda v: f"for row in a:\n        row.append({v})"),
        st.just("b = [row[:] for row in a]\n    b[0].append(b[0][0])"),
        st.just("n += len(a)\n    for row in a:\n        n += len(row)"),
        st.tuples(_ROW_INDEX, st.integers(0, 2)).map(
            lambda t: f"a.append([a[{t[0]}][0]] * {t[1]})"
        ),
    )


@st.composite
def matrix_case(draw) -> ListCase:
    """`f(a, r)`: `a` a list of rows (lists of one kind), `r` one of its rows, so the
    same Python list is reachable as an argument and as a row."""
    kind = draw(st.sampled_from(["int", "float", "bool"]))
    literal = _VALUES[kind]
    rows = draw(st.lists(st.lists(literal, min_size=1, max_size=4), min_size=1, max_size=4))
    body = draw(st.lists(_matrix_statement(kind), min_size=1, max_size=6))
    lines = ["    n = 0"] + [f"    {s}" for s in body] + ["    return n + len(r)"]
    source = "def f(a, r):\n" + "\n".join(lines) + "\n"
    convert = {"int": int, "float": float, "bool": lambda s: s == "True"}[kind]
    matrix = [[convert(x) for x in row] for row in rows]
    return ListCase(source, kind, matrix, [])
