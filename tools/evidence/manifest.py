"""manifest.json: what went into an evidence pack and what came out, with sha256 digests.

Inputs are files of the checkout (benchmarks, kernels, budgets, the
conformance programs whose checksums were taken), named by their path
relative to the repository root (`../shared/...` beside it); the engine's own sources
enter as one digest over every file of the package (path and content, in path
order). Outputs are every file of the pack but the manifest itself, so
`verify` (`franken bench --verify PACK`) can tell whether a pack is complete
and unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tools.evidence.checkout import ENGINE_PACKAGE
from tools.evidence.packfiles import MANIFEST, write_json

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
            if path.relative_to(pack).as_posix() != MANIFEST
        },
    }


def write(pack: Path, manifest: dict) -> Path:
    return write_json(pack / MANIFEST, manifest)


def verify(pack: Path) -> list[str]:
    """Problems of a written pack: outputs missing, changed, or not listed ([] when sound);
    ValueError when `pack` has no readable manifest."""
    path = pack / MANIFEST
    try:
        listed = json.loads(path.read_text())["outputs"]
    except OSError as exc:
        raise ValueError(
            f"{pack} is not an evidence pack: cannot read {path}: {exc.strerror}"
        ) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a pack manifest: {exc}") from None
    if not isinstance(listed, dict) or not all(isinstance(d, str) for d in listed.values()):
        raise ValueError(f"{path} is not a pack manifest: outputs must map names to digests")
    problems = []
    for name, digest in sorted(listed.items()):
        path = pack / name
        if Path(name).is_absolute() or ".." in Path(name).parts:
            problems.append(f"{name}: not a path inside the pack")
        elif not path.is_file():
            problems.append(f"{name}: missing")
        elif file_digest(path) != digest:
            problems.append(f"{name}: digest differs from the manifest")
    for path in files_under(pack):
        name = path.relative_to(pack).as_posix()
        if name != MANIFEST and name not in listed:
            problems.append(f"{name}: not in the manifest")
    return problems


def _name(path: Path, repo_root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), repo_root.resolve())).as_posix()
