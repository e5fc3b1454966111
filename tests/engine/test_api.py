"""The embedding API: loading, calling, errors with locations, introspection."""

import pytest

from frankenengine import CompileError, Engine, error_location, error_traceback


def test_load_and_call_with_keywords():
    ext = Engine(lane="interp").load(
        "def power(base, exp=2, *, scale=1):\n    return scale * base ** exp\n", name="p"
    )
    assert ext.call("power", 3) == 9
    assert ext.call("power", 2, exp=3) == 8
    assert ext.call("power", base=5, scale=2) == 50
    with pytest.raises(TypeError):
        ext.call("power")
    with pytest.raises(TypeError):
        ext.call("power", 1, nope=2)
    assert ext.functions() == ["power"]


def test_load_file(tmp_path):
    path = tmp_path / "calc.py"
    path.write_text("def add(a, b):\n    return a + b\n")
    ext = Engine(lane="interp").load_file(path)
    assert ext.call("add", 2, 3) == 5
    assert ext.name == "calc"


def test_compile_error_lists_every_diagnostic():
    source = "import os\n\ndef f():\n    return eval('1')\n\nclass A:\n    pass\n"
    with pytest.raises(CompileError) as info:
        Engine().load(source)
    lines = sorted({d.line for d in info.value.diagnostics})
    assert lines == [1, 4, 6]
    assert all(d.message == d.message.lower() or "'" in d.message for d in info.value.diagnostics)


def test_exception_carries_extension_location():
    source = "def inner(d):\n    return d['missing']\n\ndef outer():\n    return inner({})\n"
    ext = Engine(lane="interp").load(source, name="loc", filename="loc.py")
    with pytest.raises(KeyError) as info:
        ext.call("outer")
    location = error_location(info.value)
    assert location is not None
    assert (location.file, location.line, location.function) == ("loc.py", 2, "inner")
    assert [(f.line, f.function) for f in error_traceback(info.value)] == [
        (5, "outer"),
        (2, "inner"),
    ]
    assert any('File "loc.py", line 5, in outer' in note for note in info.value.__notes__)


def test_unknown_function():
    ext = Engine(lane="interp").load("def f():\n    return 1\n")
    with pytest.raises(AttributeError):
        ext.call("g")


def test_arguments_must_be_language_values():
    ext = Engine(lane="interp").load("def f(x):\n    return x\n")
    with pytest.raises(TypeError):
        ext.call("f", object())
    with pytest.raises(OverflowError):
        ext.call("f", 2**70)


def test_lanes_are_reported():
    source = "def f():\n    return 1\n\ndef g():\n    return {1}\n"
    ext = Engine(lane="jit", jit_cache=False).load(source)
    assert ext.call("f") == 1 and ext.call("g") == {1}
    assert ext.lanes()["f"] == {"lane": "jit", "reason": ""}
    assert ext.lanes()["g"] == {"lane": "interp", "reason": "set value at line 5"}
    forced = Engine(lane="jit", lane_overrides={"f": "interp"}).load(source)
    assert forced.call("f") == 1
    assert forced.lanes()["f"] == {"lane": "interp", "reason": "lane forced to interp"}


def test_output_is_collected():
    ext = Engine(lane="interp").load("def f():\n    print('a', 1)\n    print('b', end='')\n")
    ext.call("f")
    assert ext.take_output() == "a 1\nb"
    assert ext.output == ""


def test_closures_and_state_persist_between_calls():
    source = "counter = [0]\ndef bump():\n    counter[0] += 1\n    return counter[0]\n"
    ext = Engine(lane="interp").load(source)
    assert [ext.call("bump") for _ in range(3)] == [1, 2, 3]


def test_unknown_lane_is_rejected():
    with pytest.raises(ValueError):
        Engine(lane="fast")
