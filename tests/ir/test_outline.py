"""Loop outlining (`ir.outline`): the loops of real programs as functions of their own.

Every loop of every conformance program either gets an interface or a reason;
every outlined loop passes the verifier and survives the text round trip. One
outlined loop is held to a golden file (`tests/testdata/ir/outline_loop.ir`,
reviewed by hand: rewrite it with `FRANKEN_UPDATE_GOLDEN=1` and read the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frankenengine.engine.api import compile_source
from frankenengine.ir.facts import module_facts
from frankenengine.ir.function import LOOP_FOR, LOOP_WHILE
from frankenengine.ir.outline import LoopInterface, loop_interface, outline
from frankenengine.ir.printer import print_function
from frankenengine.ir.textparse import parse_function
from frankenengine.ir.verifier import verify_function
from tools.evidence.checksums import conformance_programs

REPO = Path(__file__).resolve().parents[2]
TESTDATA = REPO / "tests" / "testdata" / "ir"
PROGRAMS = [(pid, path) for pid, path in conformance_programs(REPO) if path.suffix == ".py"]


def _module(source: str, name: str = "m"):
    return compile_source(source, f"{name}.py", name)


def _loops(module):
    facts = module_facts(module)
    for fid, fn in enumerate(module.functions):
        for header, row in enumerate(fn.blocks):
            if row["kind"] in (LOOP_FOR, LOOP_WHILE):
                yield fn, loop_interface(fn, fid, header, facts.frozen)


def _interface(source: str, line: int) -> LoopInterface | str:
    """The interface (or refusal) of the loop whose header is on `line`."""
    for _fn, found in _loops(_module(source)):
        header_line = found.line if isinstance(found, LoopInterface) else None
        if header_line == line or isinstance(found, str):
            return found
    raise AssertionError(f"no loop on line {line}")


@pytest.mark.parametrize(("program_id", "path"), PROGRAMS, ids=[p for p, _ in PROGRAMS])
def test_every_outlined_loop_verifies_and_round_trips(program_id, path):
    try:
        module = _module(path.read_text(encoding="utf-8"), path.stem)
    except Exception:  # a program that does not compile (its directive says so)
        return
    for fn, found in _loops(module):
        if isinstance(found, str):
            assert found, f"{program_id}: a refusal without a reason"
            continue
        outlined = outline(fn, found)
        assert verify_function(outlined) == [], (program_id, fn.name, found.line)
        assert outlined.continues_frame and len(outlined.signature.names) == found.n_params
        text = print_function(outlined)
        assert print_function(parse_function(text)) == text


def test_an_outlined_loop_matches_its_golden_text():
    source = (TESTDATA / "outline_loop.py").read_text(encoding="utf-8")
    [(fn, found)] = list(_loops(_module(source, "outline_loop")))
    got = print_function(outline(fn, found))
    golden = TESTDATA / "outline_loop.ir"
    if os.environ.get("FRANKEN_UPDATE_GOLDEN") == "1":
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_the_interface_names_what_goes_in_and_what_comes_back():
    found = _interface((TESTDATA / "outline_loop.py").read_text(encoding="utf-8"), 3)
    assert isinstance(found, LoopInterface)
    assert found.item >= 0 and found.iterator >= 0  # a range loop: its range is made again
    assert found.returns  # `return i` inside it
    assert len(found.phis) == 1 and len(found.outs) == 1  # `total`, read after the loop
    assert len(found.live_ins) == 2  # xs and target (limit only made the range)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("def f(xs):\n    for x in xs:\n        print(x)\n", "other than range"),
        (
            "def f(n):\n    i = 0\n    while g(i):\n        i += 1\n    return i\n"
            "def g(i):\n    return i < 3\n",
            "its test calls or writes",
        ),
        (
            "def f(n):\n    for i in range(n):\n        try:\n            g()\n"
            "        except ValueError:\n            pass\n"
            "def g():\n    return 1\n",
            "a try statement",
        ),
        (
            "def f(n):\n    for i in range(n):\n        for j in range(n):\n"
            "            if i * j > 5:\n                return j\n    return 0\n",
            "a return inside a nested loop",
        ),
    ],
)
def test_loops_that_cannot_be_entered_say_why(source, reason):
    found = next(found for fn, found in _loops(_module(source)) if fn.name == "f")
    assert isinstance(found, str) and reason in found
