"""Programs that try to exhaust the host through the language surface are stopped by a limit.

Each program would allocate gigabytes (or run forever) under CPython; under a
50 MB memory limit the engine must raise the named engine error promptly.
"Promptly" is counted in work, not seconds: the run has FUEL units (loop
iterations and calls), far more than any bomb needs to reach 50 MB and far
fewer than an unchecked one would burn, so a memory check that never fires
ends in FuelExhausted, which fails the test.
"""

import pytest

from frankenengine import Engine, FuelExhausted, Limits, MemoryLimitExceeded

BOMBS = {
    "list repetition": "def main():\n    return [0] * 10**9\n",
    "string repetition": "def main():\n    return 'ab' * 10**9\n",
    "f-string width": "def main():\n    x = 1\n    return f'{x:9999999999}'\n",
    "percent width": "def main():\n    return '%9999999999d' % 5\n",
    "format width": "def main():\n    return '{:9999999999}'.format(5)\n",
    "center": "def main():\n    return 'x'.center(10**10)\n",
    "zfill": "def main():\n    return '1'.zfill(10**10)\n",
    "join separator": "def main():\n    return ('x' * 1000).join([''] * 1000000)\n",
    "list of range": "def main():\n    return list(range(10**10))\n",
    "sorted range": "def main():\n    return sorted(range(10**10))\n",
    "numpy zeros": "import numpy as np\ndef main():\n    return np.zeros((100000, 100000))\n",
    "numpy arange": "import numpy as np\ndef main():\n    return np.arange(10**11)\n",
    "doubling string": "def main():\n    s = 'x'\n    while True:\n        s = s + s\n",
    "doubling list": "def main():\n    s = [0]\n    while True:\n        s += s\n",
    "growing dict": "def main():\n    d = {}\n    i = 0\n    while True:\n        d[i] = i\n        i += 1\n",
    "comprehension": "def main():\n    return [i for i in range(10**10)]\n",
    "method as a value": "def main():\n    f = 'a'.ljust\n    return f(2000000000)\n",
    "unary plus copies": (
        "import numpy as np\ndef main():\n    a = np.zeros(2000000)\n"
        "    return [+a, +a, +a, +a, +a, +a, +a, +a]\n"
    ),
    "slice copies": (
        "def main():\n    big = [0] * 1000000\n"
        "    return [big[::-1], big[::-1], big[::-1], big[::-1], big[::-1], big[::-1]]\n"
    ),
    "mask copies": (
        "import numpy as np\ndef main():\n    a = np.zeros(2000000)\n"
        "    return [a[a == 0.0], a[a == 0.0], a[a == 0.0], a[a == 0.0]]\n"
    ),
    "json dumps": (
        "import json\ndef main():\n    x = [[0] * 1000] * 1000\n    return json.dumps([x] * 100)\n"
    ),
}


# The most fuel a bomb gets: the loops reach 50 MB within 1.3 million units (a comprehension
# of ints; a growing dict: 0.8 million).
FUEL = 5_000_000


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_is_stopped(name):
    ext = Engine(lane="interp", limits=Limits(memory=50_000_000, fuel=FUEL)).load(BOMBS[name])
    with pytest.raises((MemoryLimitExceeded, FuelExhausted)) as info:
        ext.call("main")
    assert isinstance(info.value, MemoryLimitExceeded), f"{name}: not stopped by the memory limit"
