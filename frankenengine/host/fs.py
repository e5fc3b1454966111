"""The `fs` host module: files and folders, confined to granted directories.

`resolve(path, working_dir)` gives the fully resolved absolute path a call
names (the bridge checks it against the grants and shows it to the hook).
`FileSystem` then performs the operation on a `Located` path: the resolved
path and the granted root holding it.

Invariants (confinement is checked on the real file system at the moment of
the call, not only on the path text):
- every operation starts from the root's directory and walks the path one
  component at a time with O_NOFOLLOW (`dir_fd`-relative opens): the resolved
  path contains no symlink, so meeting one means the tree changed after the
  check (a swapped-in symlink), and the call is refused with CapabilityDenied;
- an opened file or folder is verified again by its real path
  (/proc/self/fd) before anything is read or written;
- a file's contents are changed only after that verification (no O_TRUNC at
  open time); text is encoded before anything is opened, so an encoding
  error has no effect;
- only regular files are read or written (a FIFO or device is refused
  without blocking);
- OS errors reach the extension with the extension's own path and
  LANGUAGE.md's types: FileNotFoundError, NotADirectoryError,
  IsADirectoryError, FileExistsError, PermissionError.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from dataclasses import dataclass

from frankenengine.runtime.errors import CapabilityDenied

MAX_READ_BYTES = 256 << 20
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


@dataclass(frozen=True)
class Located:
    """A path an extension named: as written (`shown`), resolved, and the granted root holding it."""

    shown: str
    resolved: str
    root: str

    @property
    def parts(self) -> list[str]:
        rel = os.path.relpath(self.resolved, self.root)
        return [] if rel == "." else rel.split(os.sep)


def resolve(path: str, working_dir: str | None) -> str:
    """The absolute path `path` names once every symlink and `..` is resolved.

    Relative paths are taken against `working_dir`; with no working directory
    a relative path is only normalised (no grant can hold it).
    """
    if "\0" in path:
        raise ValueError("embedded null byte")
    if not os.path.isabs(path):
        if working_dir is None:
            return os.path.normpath(path)
        path = os.path.join(working_dir, path)
    return os.path.realpath(path)


def _escape(loc: Located) -> CapabilityDenied:
    return CapabilityDenied(f"path changed during the call: {loc.shown}")


def _os_error(exc: OSError, loc: Located) -> OSError:
    """`exc` as the extension sees it: its own path, LANGUAGE.md's type."""
    if isinstance(exc, CapabilityDenied):
        return exc
    if exc.errno == errno.ELOOP:
        return _escape(loc)
    kind = type(exc)
    if kind not in _LANGUAGE_ERRORS:
        kind = OSError
    return kind(exc.errno, (exc.strerror or str(exc)).lower(), loc.shown)


_LANGUAGE_ERRORS = frozenset(
    {
        FileNotFoundError,
        FileExistsError,
        IsADirectoryError,
        NotADirectoryError,
        PermissionError,
        OSError,
    }
)


def _verify(fd: int, loc: Located) -> None:
    """Refuse `fd` unless its real path is inside the root (a second, independent check)."""
    try:
        real = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return  # no /proc: the O_NOFOLLOW walk alone confines the call
    real = real.removesuffix(" (deleted)")
    if real != loc.root and not real.startswith(loc.root.rstrip("/") + "/"):
        raise _escape(loc)


def _walk(loc: Located, parts: list[str], *, make: bool = False) -> int:
    """A verified fd of the folder root/parts, opened one component at a time."""
    fd = os.open(loc.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for i, part in enumerate(parts):
            try:
                next_fd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except FileNotFoundError:
                if not make:
                    raise
                try:
                    os.mkdir(part, 0o777, dir_fd=fd)
                except FileExistsError:
                    pass  # made meanwhile; the open below checks what it is
                next_fd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except NotADirectoryError:
                # O_DIRECTORY meets a symlink: ENOTDIR, not ELOOP; a symlink means a swap
                if stat.S_ISLNK(os.stat(part, dir_fd=fd, follow_symlinks=False).st_mode):
                    raise _escape(loc) from None
                if make and i == len(parts) - 1:
                    raise FileExistsError(errno.EEXIST, "file exists") from None
                raise
            os.close(fd)
            fd = next_fd
        _verify(fd, loc)
        return fd
    except BaseException:
        os.close(fd)
        raise


class FileSystem:
    """The operations of `fs` on located paths (confinement re-checked on disk)."""

    def __init__(self, max_read_bytes: int = MAX_READ_BYTES):
        self.max_read_bytes = max_read_bytes

    # -- reading ------------------------------------------------------------
    def read_text(self, loc: Located) -> str:
        fd = self._open_file(loc, _READ_FLAGS)
        try:
            size = os.fstat(fd).st_size
            if size > self.max_read_bytes:
                raise OSError(errno.EFBIG, "file too large to read", loc.shown)
            chunks = []
            total = 0
            while chunk := os.read(fd, 1 << 20):
                total += len(chunk)
                if total > self.max_read_bytes:
                    raise OSError(errno.EFBIG, "file too large to read", loc.shown)
                chunks.append(chunk)
        finally:
            os.close(fd)
        # Decoded as `open(path, encoding="utf-8").read()` would: universal newlines.
        return io.TextIOWrapper(io.BytesIO(b"".join(chunks)), encoding="utf-8").read()

    def list_dir(self, loc: Located) -> list[str]:
        fd = self._call(loc, _walk, loc, loc.parts)
        try:
            return sorted(os.listdir(fd))
        finally:
            os.close(fd)

    def exists(self, loc: Located) -> bool:
        return self._stat(loc) is not None

    def is_dir(self, loc: Located) -> bool:
        st = self._stat(loc)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def size(self, loc: Located) -> int:
        st = self._stat(loc, missing_ok=False)
        return int(st.st_size)

    def mtime(self, loc: Located) -> float:
        st = self._stat(loc, missing_ok=False)
        return float(st.st_mtime)

    # -- writing ------------------------------------------------------------
    def write_text(self, loc: Located, text: str) -> int:
        return self._write(loc, text, append=False)

    def append_text(self, loc: Located, text: str) -> int:
        return self._write(loc, text, append=True)

    def remove(self, loc: Located) -> None:
        parent, name = self._parent(loc, "cannot remove a granted folder")
        try:
            st = self._call(loc, os.stat, name, dir_fd=parent, follow_symlinks=False)
            if stat.S_ISLNK(st.st_mode):
                raise _escape(loc)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", loc.shown)
            self._call(loc, os.unlink, name, dir_fd=parent)
        finally:
            os.close(parent)

    def make_dirs(self, loc: Located) -> None:
        """Make the folder and any missing parents; an existing folder is fine."""
        os.close(self._call(loc, _walk, loc, loc.parts, make=True))

    def rename(self, src: Located, dst: Located) -> None:
        src_parent, src_name = self._parent(src, "cannot rename a granted folder")
        try:
            dst_parent, dst_name = self._parent(dst, "cannot replace a granted folder")
            try:
                self._call(
                    src,
                    os.rename,
                    src_name,
                    dst_name,
                    src_dir_fd=src_parent,
                    dst_dir_fd=dst_parent,
                )
            finally:
                os.close(dst_parent)
        finally:
            os.close(src_parent)

    # -- helpers --------------------------------------------------------------
    @staticmethod
    def _call(loc: Located, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as exc:
            raise _os_error(exc, loc) from None

    def _parent(self, loc: Located, at_root: str) -> tuple[int, str]:
        """A verified fd of the folder holding `loc`, and `loc`'s name in it."""
        parts = loc.parts
        if not parts:
            raise PermissionError(errno.EPERM, at_root, loc.shown)
        return self._call(loc, _walk, loc, parts[:-1]), parts[-1]

    def _open_file(self, loc: Located, flags: int, mode: int = 0o666) -> int:
        """A verified fd of the regular file `loc` (IsADirectoryError for a folder)."""
        if not loc.parts:
            raise IsADirectoryError(errno.EISDIR, "is a directory", loc.shown)
        parent, name = self._parent(loc, "")
        try:
            fd = self._call(loc, os.open, name, flags, mode, dir_fd=parent)
        finally:
            os.close(parent)
        try:
            _verify(fd, loc)
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", loc.shown)
            if not stat.S_ISREG(st.st_mode):
                raise OSError(errno.EINVAL, "not a regular file", loc.shown)
            os.set_blocking(fd, True)
            return fd
        except BaseException:
            os.close(fd)
            raise

    def _stat(self, loc: Located, missing_ok: bool = True) -> os.stat_result | None:
        parts = loc.parts
        try:
            if not parts:
                fd = _walk(loc, [])
                try:
                    return os.fstat(fd)
                finally:
                    os.close(fd)
            parent = _walk(loc, parts[:-1])
            try:
                st = os.stat(parts[-1], dir_fd=parent, follow_symlinks=False)
            finally:
                os.close(parent)
        except (FileNotFoundError, NotADirectoryError) as exc:
            if missing_ok:
                return None
            raise _os_error(exc, loc) from None
        except OSError as exc:
            raise _os_error(exc, loc) from None
        if stat.S_ISLNK(st.st_mode):
            raise _escape(loc)
        return st

    def _write(self, loc: Located, text: str, *, append: bool) -> int:
        data = text.encode("utf-8")  # before opening: an encoding error has no effect
        flags = _WRITE_FLAGS | (os.O_APPEND if append else 0)
        fd = self._open_file(loc, flags)
        try:
            if not append:
                os.ftruncate(fd, 0)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError as exc:
            raise _os_error(exc, loc) from None
        finally:
            os.close(fd)
        return len(text)
