"""The `franken` command line run in process, for tests: exit status, stdout and stderr."""

from __future__ import annotations

from pathlib import Path

from frankenengine.cli.main import main


def run(capsys, *argv) -> tuple[int, str, str]:
    """`franken ARGV...` (paths and numbers are turned into text): (status, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(path: Path, text: str) -> int:
    """The number of the first line of `path` containing `text`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)
