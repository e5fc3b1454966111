"""env.json: the machine and software a benchmark run measured.

Machine, CPU model and count (from /proc/cpuinfo where it exists), memory,
operating system, Python, the versions of the packages that decide the
numbers (read from the same table as repro.lock) and the git commit of the
checkout. `fingerprint` names the fields that must match for two runs to be
compared as "the same machine".
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from tools.evidence.lockfile import canonical_name, installed_versions

PACKAGES = ("frankenengine", "numpy", "numba", "llvmlite", "parso", "pytest", "pytest-benchmark")
FINGERPRINT_PACKAGES = ("numpy", "numba", "llvmlite")


def capture(repo_root: Path) -> dict:
    versions = installed_versions()
    cpu = _cpuinfo()
    return {
        "machine": platform.machine(),
        "cpu_model": cpu.get("model name") or platform.processor() or "unknown",
        "cpu_count": os.cpu_count(),
        "cpu_mhz": _float(cpu.get("cpu MHz")),
        "memory_mib": _memory_mib(),
        "os": {
            "system": platform.system(),
            "release": platform.release(),
            "distribution": _os_release(),
        },
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        },
        "packages": {name: versions.get(canonical_name(name)) for name in PACKAGES},
        "git": _git(repo_root),
    }


def fingerprint(env: dict) -> dict:
    """What two runs must share to be on "the same machine": CPU, Python, compiler stack."""
    packages = env.get("packages") or {}
    return {
        "machine": env.get("machine"),
        "cpu_model": env.get("cpu_model"),
        "cpu_count": env.get("cpu_count"),
        "python": (env.get("python") or {}).get("version"),
        **{name: packages.get(name) for name in FINGERPRINT_PACKAGES},
    }


def _cpuinfo() -> dict[str, str]:
    """The fields of the first processor in /proc/cpuinfo ({} elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return {}
    fields = {}
    for line in text.split("\n\n")[0].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def _memory_mib() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _os_release() -> str | None:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.partition("=")[2].strip().strip('"')
    except OSError:
        pass
    return None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _git(repo_root: Path) -> dict | None:
    """{"commit", "dirty"} of the checkout, None outside git (read only: no index refresh)."""
    commit = _run_git(repo_root, "rev-parse", "HEAD")
    if commit is None:
        return None
    status = _run_git(repo_root, "--no-optional-locks", "status", "--porcelain")
    return {"commit": commit, "dirty": bool(status)}


def _run_git(repo_root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo_root), *args], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
