"""The JIT's disk cache folder: used only when private, and nothing of it runs unverified.

Whoever can write the cache folder could otherwise run code in the host: an
entry's generated source is Python, and Numba's index (`.nbi`) and data
(`.nbc`) files are pickles. Invariants:

- The folder is used only when it is a directory owned by the current user
  that group and others cannot write, below ancestors that are each owned by
  the user or root and not writable by group or others unless sticky (like
  /tmp). It is resolved once (`os.path.realpath`) and used by that path, so a
  symlink changed later does not move it. Missing folders are created 0o700.
  A refused folder is logged (`frankenengine.jit`) and the JIT compiles in
  memory only.
- Nothing is executed from an entry file: the engine regenerates the source
  from the IR and runs its own text. The file `fe_<digest>.py` is read once,
  through a descriptor opened without following links, checked to be a
  regular file of the user that group and others cannot write, and compared
  byte for byte with the generated source. Only an entry that matches (and
  whose Numba files are private files of the user) keeps its Numba files;
  any other entry (a new one included) loses every file named after it
  before it is written again, so Numba's pickles are loaded only for an entry
  whose source was verified.
- Numba's files are located by the engine, not by Numba (`EntryCache`):
  always in the folder, named after the entry, stamped with the entry's
  digest (computed from the engine's own source, never by reading the file
  again). Numba's own locators find them through the function's `__file__`,
  `$NUMBA_CACHE_DIR` or a user-wide fallback folder, and stamp them with the
  file read again from the path; none of that is used, so the index cannot
  come from an unchecked folder or follow a file swapped after the check.
- Within the folder, only the user (or root) can add, replace or change a
  file, so what the check saw is what Numba opens.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path

from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    IndexDataCacheFile,
    _CacheLocator,
)

log = logging.getLogger("frankenengine.jit")

_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
_PRIVATE_FILE = 0o600

# What `CacheFolder.prepare` says of an entry.
VERIFIED = "verified"  # its file holds exactly the generated source
NEW = "new"  # no file yet: written now
TAMPERED = "tampered"  # its file (or a Numba file of it) was wrong: ignored and rewritten


class CacheFolder:
    """A checked cache folder (see `open_folder`): its entries and their Numba caches."""

    def __init__(self, path: Path):
        self.path = path  # resolved: no symlink in it

    def prepare(self, name: str, source: bytes) -> tuple[str, str]:
        """(VERIFIED, "") when entry `name` holds `source` and its Numba files are private;
        else (NEW or TAMPERED, why) after removing every file of the entry and writing
        `source` again. OSError if the entry cannot be written."""
        path = self.path / f"{name}.py"
        problem = _entry_problem(path, source)
        if problem is None:
            problem = self._numba_files_problem(name)
            if problem is None:
                return VERIFIED, ""
        self._remove_entry(name)
        self._write(path, source)
        event = NEW if problem == "missing" else TAMPERED
        return event, problem

    def holds(self, name: str, source: bytes) -> bool:
        """Whether entry `name` holds `source` and a Numba index (compiled code) beside it."""
        path = self.path / f"{name}.py"
        if _entry_problem(path, source) is not None or self._numba_files_problem(name):
            return False
        return any(path.suffix == ".nbi" for path in self._files_of(name))

    def write_index(self, name: str, text: str) -> None:
        """Write the small private file `name` (a compile job's index, `compile_job`)."""
        self._write(self.path / name, text.encode("ascii"))

    def tighten(self, name: str) -> None:
        """Make the entry's files (Numba writes them with the umask's mode) 0o600."""
        for path in self._files_of(name):
            with contextlib.suppress(OSError):
                st = os.lstat(path)
                if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) & 0o077:
                    os.chmod(path, _PRIVATE_FILE)

    def numba_cache(self, py_func, name: str, stamp: str, function: str = "") -> EntryCache:
        """Numba's cache of `py_func` in entry `name`, its files named after `function`
        (default: its qualified name)."""
        return EntryCache(py_func, str(self.path), name, stamp, function)

    # -- the entry's files ----------------------------------------------------------
    def _files_of(self, name: str) -> list[Path]:
        return list(self.path.glob(f"{name}.*"))

    def _numba_files_problem(self, name: str) -> str | None:
        uid = os.geteuid()
        for path in self._files_of(name):
            if path.suffix not in (".nbi", ".nbc"):
                continue
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            problem = _file_problem(st, uid)
            if problem is not None:
                return f"numba file {path.name} is {problem}"
        return None

    def _remove_entry(self, name: str) -> None:
        for path in self._files_of(name):
            with contextlib.suppress(FileNotFoundError):
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()  # only an empty one; a full one makes the write fail
                else:
                    path.unlink()

    def _write(self, path: Path, source: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.path, suffix=".tmp")  # mode 0o600
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(source)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def open_folder(path: str | Path) -> tuple[CacheFolder | None, str]:
    """(the folder, "") when `path` may hold the cache, creating it 0o700 if missing;
    (None, why not) when it is refused."""
    folder = Path(os.path.abspath(path))
    try:
        missing = []
        existing = folder
        while not os.path.lexists(existing):
            missing.append(existing)
            existing = existing.parent
        real = Path(os.path.realpath(existing))
        problem = _ancestors_problem(real, include_self=True) if missing else None
        if problem is not None:
            return None, problem
        for part in reversed(missing):
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o700)
        real = Path(os.path.realpath(folder))
        problem = _folder_problem(real) or _ancestors_problem(real, include_self=False)
    except OSError as exc:
        return None, f"it cannot be used ({exc.strerror or exc})"
    if problem is not None:
        return None, problem
    return CacheFolder(real), ""


def _folder_problem(folder: Path) -> str | None:
    st = os.stat(folder)
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a folder"
    if st.st_uid != os.geteuid():
        return f"it is owned by uid {st.st_uid}, not by uid {os.geteuid()}"
    if st.st_mode & _OTHERS_WRITE:
        return f"group or others can write it (mode {stat.S_IMODE(st.st_mode):#o})"
    return None


def _ancestors_problem(folder: Path, include_self: bool) -> str | None:
    """Why another user could replace `folder` (a resolved path), or None."""
    uid = os.geteuid()
    for parent in ([folder] if include_self else []) + list(folder.parents):
        st = os.stat(parent)
        if st.st_uid not in (uid, 0):
            return f"its parent {parent} is owned by uid {st.st_uid}"
        if st.st_mode & _OTHERS_WRITE and not st.st_mode & stat.S_ISVTX:
            mode = stat.S_IMODE(st.st_mode)
            return f"group or others can write its parent {parent} (mode {mode:#o})"
    return None


def _file_problem(st: os.stat_result, uid: int) -> str | None:
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file"
    if st.st_uid != uid:
        return f"owned by uid {st.st_uid}"
    if st.st_mode & _OTHERS_WRITE:
        return f"writable by group or others (mode {stat.S_IMODE(st.st_mode):#o})"
    return None


def _entry_problem(path: Path, expected: bytes) -> str | None:
    """None when the file at `path` is a private regular file of the user holding exactly
    `expected` (read once, through one descriptor); else why not ("missing" if absent)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:  # a symlink (ELOOP) or worse
        return f"entry {path.name} cannot be opened as a file ({exc.strerror or exc})"
    try:
        problem = _file_problem(os.fstat(fd), os.geteuid())
        if problem is not None:
            return f"entry {path.name} is {problem}"
        chunks, size = [], 0
        while size <= len(expected):
            chunk = os.read(fd, len(expected) + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if b"".join(chunks) != expected:
        return f"entry {path.name} differs from the generated source"
    return None


def entry_stamp(*parts: str | bytes) -> str:
    """The digest that names and stamps a cache entry: SHA-256 over `parts`, each followed
    by a NUL byte (a str part as UTF-8, lone surrogates kept)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def use_cache(dispatcher, cache) -> None:
    """Make `dispatcher` (a Numba dispatcher) load and save its compiled code through
    `cache` (an `EntryCache`, or Numba's `NullCache` for none)."""
    dispatcher._cache = cache  # Numba's Dispatcher has no public setter for it


# -- Numba's cache of one entry's function, where the engine says -------------------------
class _EntryLocator(_CacheLocator):
    """The cache folder itself, and the entry's digest as the source stamp."""

    def __init__(self, folder: str, stamp: str, lineno: int):
        self._folder = folder
        self._stamp = stamp
        self._lineno = lineno

    def ensure_cache_path(self):  # the folder exists and was checked (open_folder)
        pass

    def get_cache_path(self):
        return self._folder

    def get_source_stamp(self):
        return self._stamp

    def get_disambiguator(self):
        return str(self._lineno)


class _EntryCacheImpl(CompileResultCacheImpl):
    def __init__(self, py_func, locator: _EntryLocator, entry: str, function: str):
        # No locator search (see the module docstring).
        self._lineno = py_func.__code__.co_firstlineno
        self._locator = locator
        fullname = f"{entry}.{function or py_func.__qualname__}"
        self._filename_base = self.get_filename_base(fullname, getattr(sys, "abiflags", ""))


class EntryCache(FunctionCache):
    """Numba's cache of one function of a verified entry: its index and data files are
    `<entry>.<function>-<line>.pyXY.nbi` / `.N.nbc` in the cache folder, stamped with the
    entry's digest. A file that cannot be read or saved is a miss, not a failure."""

    def __init__(self, py_func, folder: str, entry: str, stamp: str, function: str = ""):
        # Not FunctionCache.__init__: that searches Numba's locators (see the module docstring).
        self._name = repr(py_func)
        self._py_func = py_func
        locator = _EntryLocator(folder, stamp, py_func.__code__.co_firstlineno)
        self._impl = _EntryCacheImpl(py_func, locator, entry, function)
        self._cache_path = folder
        self._cache_file = IndexDataCacheFile(folder, self._impl.filename_base, stamp)
        self.enable()

    def load_overload(self, sig, target_context):
        try:
            return super().load_overload(sig, target_context)
        except Exception as exc:  # unreadable or corrupt: compile instead
            log.debug("jit cache: %s not loaded: %s: %s", self._name, type(exc).__name__, exc)
            return None

    def save_overload(self, sig, data):
        try:
            super().save_overload(sig, data)
        except Exception as exc:  # unwritable or unpicklable: the code is used, not kept
            log.debug("jit cache: %s not saved: %s", self._name, exc)
