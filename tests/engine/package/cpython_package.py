"""Run an extension package under CPython, the oracle, and print its outcome as one JSON object.

Run in a subprocess (the test process never imports extension code):

    python -B cpython_package.py PACKAGE_DIR ENTRY_MODULE [--call NAME] [--as-package]

The package folder goes first on `sys.path` and the entry module is imported
by name, so `import helpers` finds the package's own modules. With
`--as-package` the folder's parent goes on `sys.path` instead and the entry
is imported as `FOLDER.ENTRY`, which is what relative imports
(`from . import util`) need. Output:

    {"stdout": "...", "result": ..., "error": null or {"type": ..., "file": "checks.py", "line": 12}}

`file` is the base name of the innermost frame inside the package folder;
the result goes through JSON (tuples become lists). `stdout` holds what the
package printed, its modules' top-level code included.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import sys
import traceback
from pathlib import Path


def _location(exc: BaseException, root: Path) -> dict:
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).resolve().parent == root
    ]
    last = frames[-1] if frames else None
    return {
        "type": type(exc).__name__,
        "file": Path(last.filename).name if last else None,
        "line": last.lineno if last else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("package")
    parser.add_argument("entry")
    parser.add_argument("--call", default="main")
    parser.add_argument("--as-package", action="store_true")
    options = parser.parse_args()
    root = Path(options.package).resolve()
    if options.as_package:
        sys.path.insert(0, str(root.parent))
        name = f"{root.name}.{options.entry}"
    else:
        sys.path.insert(0, str(root))
        name = options.entry
    out = io.StringIO()
    outcome = {"stdout": "", "result": None, "error": None}
    with contextlib.redirect_stdout(out):
        try:
            module = importlib.import_module(name)
            outcome["result"] = getattr(module, options.call)()
        except Exception as exc:
            outcome["error"] = _location(exc, root)
    outcome["stdout"] = out.getvalue()
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
