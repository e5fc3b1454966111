"""Regenerate the golden checksums of the conformance programs, on purpose.

    .venv/bin/python tests/conformance/update_golden.py           # rewrite the file, print changes
    .venv/bin/python tests/conformance/update_golden.py --check   # compare only: exit 1 on a change

Runs every program of `conformance_programs` in every lane and stores the
digests of their outcomes in `GOLDEN`, which `test_conformance.py` holds each
run to. Run it only when a change of a program's output is intended, and
review the printed list of changes before committing the file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: the checkout's tools/ (not installed)
    sys.path.insert(0, str(REPO))

from tools.evidence.checksums import (  # noqa: E402  (needs the path above)
    compute_checksums,
    conformance_programs,
    describe_changes,
    read_golden,
    write_golden,
)

GOLDEN = REPO / "tests" / "testdata" / "golden" / "conformance_checksums.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any digest changed"
    )
    options = parser.parse_args(argv)
    stored = read_golden(GOLDEN) if GOLDEN.exists() else {}
    computed = compute_checksums(conformance_programs(REPO))
    changes = describe_changes(stored, computed)
    for line in changes:
        print(line)
    relative = GOLDEN.relative_to(REPO)
    if options.check:
        print(f"{len(changes)} program(s) differ from {relative}")
        return 1 if changes else 0
    if changes or not GOLDEN.exists():
        write_golden(GOLDEN, computed)
    print(f"{relative}: {len(computed)} programs, {len(changes)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
