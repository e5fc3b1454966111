"""repro.lock: the exact version of every installed distribution, one `name==version` a line.

The versions come from `importlib.metadata` (what the interpreter running the
benchmarks imports, editable installs included). Names are normalised as in
PEP 503 (lowercase, runs of `-_.` as one `-`), lines are sorted, so two
environments with the same packages give byte-identical files.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

HEADER = "# repro.lock: every installed distribution (pip install -r repro.lock)\n"


def canonical_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_versions() -> dict[str, str]:
    """{canonical distribution name: version} of this interpreter's environment."""
    versions = {}
    for distribution in metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            versions.setdefault(canonical_name(name), distribution.version)
    return dict(sorted(versions.items()))


def lock_text() -> str:
    python = ".".join(map(str, sys.version_info[:3]))
    lines = [f"{name}=={version}\n" for name, version in installed_versions().items()]
    return HEADER + f"# python {python}\n" + "".join(lines)
