"""Escape attempts through the language surface: each must fail inside the sandbox.

A format field that reaches into a value (`{0.__class__}`) is the classic
way from a string to the object graph (and from there to `os.environ`); it
must raise ValueError however `format` is reached: called directly, taken as
a value, or through the `str` type. Limits hold on every path too.
"""

import pytest

from frankenengine import Engine, Limits, RecursionLimitExceeded

REACHING_FORMATS = {
    "direct call": "def main():\n    return '{0.__class__}'.format(1)\n",
    "method as a value": "def main():\n    g = '{0.__class__}'.format\n    return g(1)\n",
    "through str": "def main():\n    return str.format('{0.__class__}', 1)\n",
    "through map": "def main():\n    return list(map('{0.__class__}'.format, [1]))\n",
    "index field": "def main():\n    return '{0[0]}'.format([1])\n",
}


@pytest.mark.parametrize("name", sorted(REACHING_FORMATS))
def test_format_fields_cannot_reach_into_values(name):
    ext = Engine(lane="interp").load(REACHING_FORMATS[name])
    with pytest.raises(ValueError):
        ext.call("main")


def test_plain_format_fields_still_work():
    ext = Engine(lane="interp").load(
        "def main():\n    g = '{}-{x:>3}'.format\n    return g(1, x=2), str.format('{0}', 'a')\n"
    )
    assert ext.call("main") == ("1-  2", "a")


def test_return_through_finally_still_counts_depth():
    source = (
        "def f(n):\n    try:\n        return n\n    finally:\n        if n < 500:\n"
        "            f(n + 1)\n"
        "def main():\n    return f(0)\n"
    )
    ext = Engine(lane="interp", limits=Limits(depth=50)).load(source)
    with pytest.raises(RecursionLimitExceeded):
        ext.call("main")


def test_return_through_finally_gives_the_depth_back():
    source = (
        "def g(n):\n    try:\n        return n\n    finally:\n        h()\n"
        "def h():\n    return 0\n"
        "def main():\n    t = 0\n    for i in range(5000):\n        t += g(i)\n    return t\n"
    )
    ext = Engine(lane="interp", limits=Limits(depth=20)).load(source)
    assert ext.call("main") == sum(range(5000))
