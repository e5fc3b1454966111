"""Why a function stayed in the interpreter: `ext.lanes()` gives a reason for every one.

Invariant: whatever the lane (`auto`, `jit`, `interp`) and however far the
calls got, every exported function whose lane is `interp` has a non-empty
reason, the same in `ext.lanes()` and `ext.profile_json()`; a function in the
`jit` lane has none. The reasons checked here: not hot yet, hot (specialised
at its next call), not called yet, called with keyword arguments, a call the
JIT cannot make (`calls print at line N`), a name bound more than once, the
lane forced to interp. The disk cache is off (nothing here is about it).
"""

from __future__ import annotations

import pytest

from frankenengine import Engine
from frankenengine.profiles.profile import TierPolicy

SOURCE = """\
def talk(x):
    print(x)
    return x

def twice(x):
    return x

def twice(x):
    return x + 1

def kernel(n):
    t = 0
    for i in range(n):
        t += i
    return t

def warm(n):
    return n * 2

def keywords(n):
    return n + 1

def cold(n):
    return n

def main():
    out = [kernel(10), talk(1), twice(3), keywords(n=1), keywords(n=2), keywords(n=3)]
    for i in range(3):
        out.append(warm(i))
    return out
"""
EXPECTED = [10 * 9 // 2, 1, 4, 2, 3, 4, 0, 2, 4]


def load(lane: str):
    policy = TierPolicy(calls=3, fuel=10**9, seconds=0.0)  # warm (3 calls) and keywords (3) get hot
    return Engine(lane=lane, jit_cache=False, sentinel=None, tier_up=policy).load(SOURCE)


def check_invariant(ext) -> dict[str, dict]:
    lanes = ext.lanes()
    profile = ext.profile_json()
    assert set(lanes) == set(ext.functions())
    for name, info in lanes.items():
        assert info["reason"] == profile[name]["reason"]
        if info["lane"] == "interp":
            assert info["reason"], f"{name} stayed in the interpreter without a reason"
        else:
            assert info == {"lane": "jit", "reason": ""}
    return {name: info["reason"] for name, info in lanes.items() if info["lane"] == "interp"}


def test_auto_gives_every_interpreted_function_a_reason():
    ext = load("auto")
    assert check_invariant(ext) == {
        "talk": "calls print at line 2",
        "twice": "its name is bound more than once",
        "kernel": "not hot yet",
        "warm": "not hot yet",
        "keywords": "not hot yet",
        "cold": "not hot yet",
        "main": "not hot yet",
    }
    assert ext.call("main") == EXPECTED
    reasons = check_invariant(ext)
    assert reasons["warm"] == "hot: specialised at its next call"
    assert reasons["keywords"] == "hot: specialised at its next call"
    assert reasons["kernel"] == reasons["cold"] == "not hot yet"
    assert ext.call("keywords", n=5) == 6
    assert check_invariant(ext)["keywords"] == "called with keyword arguments"
    assert ext.call("warm", 21) == 42  # the next call: native now
    assert ext.lanes()["warm"] == {"lane": "jit", "reason": ""}
    check_invariant(ext)


def test_jit_gives_every_interpreted_function_a_reason():
    ext = load("jit")
    assert check_invariant(ext)["cold"] == "not called yet"
    assert ext.call("main") == EXPECTED
    reasons = check_invariant(ext)
    assert reasons == {
        "talk": "calls print at line 2",
        "twice": "its name is bound more than once",
        "keywords": "called with keyword arguments",
        "cold": "not called yet",
        "main": "calls print at line 2",  # `talk`, a callee in its group
    }
    assert ext.call("cold", [1, 2.0]) == [1, 2.0]  # a signature the JIT rejects: its reason
    assert check_invariant(ext)["cold"] == "takes a list of mixed element types (argument 1)"


@pytest.mark.parametrize("lane", ["interp", "auto"])
def test_a_lane_forced_to_interp_says_so(lane):
    overrides = {"kernel": "interp"}
    engine = Engine(lane=lane, jit_cache=False, sentinel=None, lane_overrides=overrides)
    ext = engine.load(SOURCE)
    ext.call("main")
    reasons = check_invariant(ext)
    assert reasons["kernel"] == "lane forced to interp"
    if lane == "interp":
        assert set(reasons.values()) == {"lane forced to interp"}
