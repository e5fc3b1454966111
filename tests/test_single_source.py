"""Facts of the language are written once, in `frankenengine.language`, and read elsewhere.

The int64 range is the case a reader can check mechanically: every module of
the package is parsed with `ast`, and an expression spelling a bound of it
(`2**63`, `1 << 63`, the numbers 2**63 - 1 and 2**63 as literals, NumPy's
`iinfo`) outside `language/ints.py` is reported with its place. The math
module and the result kinds have their own tests (tests/jit/test_jit_library.py,
tests/runtime/test_runtime_signatures.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "frankenengine"
HOME = PACKAGE / "language" / "ints.py"
BOUNDS = {2**63 - 1, 2**63, float(2**63)}


def _int(node: ast.AST):
    return node.value if isinstance(node, ast.Constant) else None


def spells_an_int64_bound(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        left, right = _int(node.left), _int(node.right)
        if isinstance(node.op, ast.Pow) and (left, right) == (2, 63):
            return True
        if isinstance(node.op, ast.LShift) and (left, right) == (1, 63):
            return True
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return abs(node.value) in BOUNDS
    if isinstance(node, ast.Attribute | ast.Name):
        return getattr(node, "attr", getattr(node, "id", None)) == "iinfo"
    return False


def places(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for node in ast.walk(tree)
        if spells_an_int64_bound(node)
    ]


def test_the_detector_sees_each_spelling():
    for text in ("2**63", "-(2 ** 63)", "(1 << 63) - 1", "9223372036854775807", "np.iinfo(x)"):
        expression = ast.parse(text, mode="eval")
        assert any(spells_an_int64_bound(node) for node in ast.walk(expression)), text
    assert places(HOME)  # the one home of the range spells it


def test_the_int64_range_is_defined_only_in_the_language_package():
    found = [p for path in sorted(PACKAGE.rglob("*.py")) if path != HOME for p in places(path)]
    assert found == []
