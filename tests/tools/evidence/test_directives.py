"""The conformance directive parser (a tool of the checkout, read by the golden checksums)."""

from __future__ import annotations

import pytest

from tools.evidence.directives import DirectiveError, Directives, parse_directives


def test_directives_parse():
    d = parse_directives(
        "# call: run\n# jit: f, g\n# jit: h\n# limits: fuel=100 memory=5000\n"
        "# limits: depth=7\n# raises: FuelExhausted\n# oracle: none\n\ndef run():\n    pass\n"
    )
    assert d.call == "run" and d.jit == ("f", "g", "h")
    assert d.limits == (("fuel", 100), ("memory", 5000), ("depth", 7))
    assert d.limit_flags() == ["--fuel", "100", "--memory", "5000", "--depth", "7"]
    assert not d.oracle and not d.uses_oracle and d.expected_exit == 3
    assert parse_directives("# compile-error: 4\nclass A:\n    pass\n").expected_exit == 2
    plain = parse_directives('"""doc"""\n# raises: KeyError\n')
    assert plain == Directives() and plain.expected_exit == 0
    for bad in (
        "# raise: KeyError\n",
        "# limits: fuel=x\n",
        "# oracle: cpython\n",
        "# raises: FuelExhausted\n",
    ):
        with pytest.raises(DirectiveError):
            parse_directives(bad)


@pytest.mark.parametrize(
    ("block", "exit_status"),
    [
        ("# raises: KeyError\n", 1),
        ("# raises: MemoryLimitExceeded\n# oracle: none\n", 3),
        ("# raises: DeadlineExceeded\n# oracle: none\n", 3),
        ("# raises: ExtensionTerminated\n# oracle: none\n", 4),
        ("# raises: ExtensionQuarantined\n# oracle: none\n", 4),
    ],
)
def test_expected_exit_follows_the_run_contract(block, exit_status):
    """Exit statuses of the conformance README: 1 raised, 3 a limit, 4 the sentinel."""
    assert parse_directives(block).expected_exit == exit_status
