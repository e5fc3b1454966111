"""manifest.json: what went into an evidence pack and what came out, with sha256 digests.

Inputs are files of the checkout (benchmarks, kernels, budgets, the
conformance programs whose checksums were taken), named by their path
relative to the repository root (`../shared/...` beside it); the engine's own sources
enter as one digest over every file of the package (path and content, in path
order). Outputs are every file of the pack but the manifest itself, so
`verify` can tell whether a pack is complete and unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

NAME = "manifest.json"
ENGINE_PACKAGE = Path(__file__).resolve().parents[2]  # the frankenengine folder
SKIPPED_DIRS = frozenset({"__pycache__"})


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder` (caches excluded), in path order."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(folder).parts)
    )


def tree_digest(folder: Path) -> dict:
    """{"files": n, "sha256": one digest over the relative paths and contents below folder}."""
    digest = hashlib.sha256()
    files = files_under(folder)
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(file_digest(path).encode() + b"\n")
    return {"files": len(files), "sha256": digest.hexdigest()}


def build(pack: Path, repo_root: Path, inputs: list[Path], run: dict) -> dict:
    """The manifest of `pack`: `run` (command, options, times) as given, digests computed."""
    return {
        "run": run,
        "inputs": {_name(path, repo_root): file_digest(path) for path in sorted(set(inputs))},
        "engine_sources": tree_digest(ENGINE_PACKAGE),
        "outputs": {
            path.relative_to(pack).as_posix(): file_digest(path)
            for path in files_under(pack)
            if path.relative_to(pack).as_posix() != NAME
        },
    }


def write(pack: Path, manifest: dict) -> Path:
    path = pack / NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def verify(pack: Path) -> list[str]:
    """Problems of a written pack: outputs missing, changed, or not listed ([] when sound)."""
    manifest = json.loads((pack / NAME).read_text())
    listed = manifest["outputs"]
    problems = []
    for name, digest in sorted(listed.items()):
        path = pack / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif file_digest(path) != digest:
            problems.append(f"{name}: digest differs from the manifest")
    for path in files_under(pack):
        name = path.relative_to(pack).as_posix()
        if name != NAME and name not in listed:
            problems.append(f"{name}: not in the manifest")
    return problems


def _name(path: Path, repo_root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), repo_root.resolve())).as_posix()
