"""fs through the engine: granted operations work, escapes are refused, refusals leave no trace.

Escape attempts: `..`, absolute paths outside, a sibling directory sharing
the root's prefix, a symlink inside the root pointing outside, and a file or
folder swapped for a symlink after the path was checked (the decision hook
runs between the check and the operation, so it performs the swap: a real
race, won by the attacker every time). The metadata calls (`exists`,
`is_dir`, `size`, `mtime`) are escapes too: a refusal must not tell an
existing target from a missing one. Every escape test runs in every lane
(`@EVERY_LANE`).
"""

from __future__ import annotations

import os

import pytest
from host_fixtures import EVERY_LANE

from frankenengine import CapabilityDenied
from frankenengine.sentinel.events import AllowGranted

FS = """
from host import fs

def read(p):
    return fs.read_text(p)

def write(p, text):
    return fs.write_text(p, text)

def append(p, text):
    return fs.append_text(p, text)

def listing(p):
    return fs.list_dir(p)

def stat(p):
    return [fs.exists(p), fs.is_dir(p)]

def exists(p):
    return fs.exists(p)

def is_dir(p):
    return fs.is_dir(p)

def size(p):
    return fs.size(p)

def mtime(p):
    return fs.mtime(p)

def remove(p):
    return fs.remove(p)

def mkdirs(p):
    return fs.make_dirs(p)

def rename(a, b):
    return fs.rename(a, b)

def caught(p):
    try:
        return fs.read_text(p)
    except CapabilityDenied as e:
        return "denied: " + str(e)

def error(p):
    try:
        fs.read_text(p)
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "folder"
    except NotADirectoryError:
        return "not a folder"
    return "read"
"""


@pytest.fixture
def ext(sandbox, load):
    return load(FS, grants={"fs.read": [str(sandbox / "data")], "fs.write": [str(sandbox / "out")]})


def test_reading(sandbox, ext):
    assert ext.call("read", "a.txt") == "alpha\nbeta\n"  # relative to the first granted folder
    assert ext.call("read", str(sandbox / "data" / "sub" / "b.txt")) == "bee"
    assert ext.call("read", "sub/../a.txt") == "alpha\nbeta\n"
    assert ext.call("listing", "") == ["a.txt", "sub"]
    assert ext.call("listing", "sub") == ["b.txt"]
    assert ext.call("stat", "a.txt") == [True, False]
    assert ext.call("stat", "sub") == [True, True]
    assert ext.call("stat", "nope") == [False, False]
    assert ext.call("size", "a.txt") == 11
    mtime = ext.call("mtime", "a.txt")
    assert type(mtime) is float and mtime == os.stat(sandbox / "data" / "a.txt").st_mtime


def test_read_normalises_newlines_like_open(sandbox, ext):
    (sandbox / "data" / "crlf.txt").write_bytes("é\r\nx\ry".encode())
    assert ext.call("read", "crlf.txt") == "é\nx\ny"


def test_os_errors_have_the_language_types(sandbox, ext):
    assert ext.call("error", "nope.txt") == "missing"
    assert ext.call("error", "sub") == "folder"
    assert ext.call("error", "a.txt/x") == "not a folder"
    with pytest.raises(NotADirectoryError):
        ext.call("listing", "a.txt")
    with pytest.raises(FileNotFoundError) as info:
        ext.call("size", "nope.txt")
    assert info.value.filename == "nope.txt"  # the extension's path, not the host's
    with pytest.raises(ValueError, match="null byte"):
        ext.call("read", "a\0b")
    with pytest.raises(TypeError, match="must be str"):
        ext.call("read", 3)


def test_writing(sandbox, ext):
    out = sandbox / "out"
    assert ext.call("write", str(out / "r.txt"), "héllo\n") == 6
    assert (out / "r.txt").read_text() == "héllo\n"
    assert ext.call("append", str(out / "r.txt"), "more") == 4
    assert (out / "r.txt").read_text() == "héllo\nmore"
    assert ext.call("write", str(out / "r.txt"), "new") == 3
    assert (out / "r.txt").read_text() == "new"
    ext.call("mkdirs", str(out / "x" / "y"))
    ext.call("mkdirs", str(out / "x" / "y"))  # an existing folder is fine
    assert (out / "x" / "y").is_dir()
    ext.call("rename", str(out / "r.txt"), str(out / "x" / "y" / "s.txt"))
    assert (out / "x" / "y" / "s.txt").read_text() == "new" and not (out / "r.txt").exists()
    ext.call("remove", str(out / "x" / "y" / "s.txt"))
    assert not (out / "x" / "y" / "s.txt").exists()


def test_write_errors(sandbox, ext):
    out = sandbox / "out"
    with pytest.raises(FileNotFoundError):  # write_text does not create parent folders
        ext.call("write", str(out / "no" / "f.txt"), "x")
    assert not (out / "no").exists()
    (out / "d").mkdir()
    with pytest.raises(IsADirectoryError):
        ext.call("write", str(out / "d"), "x")
    with pytest.raises(IsADirectoryError):
        ext.call("remove", str(out / "d"))
    with pytest.raises(FileNotFoundError):
        ext.call("remove", str(out / "nope"))
    (out / "f").write_text("")
    with pytest.raises(FileExistsError):
        ext.call("mkdirs", str(out / "f"))
    with pytest.raises(PermissionError):
        ext.call("remove", str(out))  # the granted folder itself
    with pytest.raises(UnicodeEncodeError):  # before anything is opened
        ext.call("write", str(out / "bad.txt"), "\ud800")
    assert not (out / "bad.txt").exists()


def test_fifo_is_refused_without_blocking(sandbox, ext):
    os.mkfifo(sandbox / "data" / "pipe")
    with pytest.raises(OSError, match="not a regular file"):
        ext.call("read", "pipe")


@pytest.mark.parametrize(
    "path",
    [
        "../outside/secret.txt",
        "sub/../../outside/secret.txt",
        "/etc/passwd",
        "..",
        "/",
        "../data2/x.txt",
    ],
)
@EVERY_LANE
def test_escapes_are_denied_and_catchable(sandbox, ext, path):
    (sandbox / "data2").mkdir()
    (sandbox / "data2" / "x.txt").write_text("sibling")
    message = ext.call("caught", path)
    assert message.startswith("denied: fs.read denied: ")
    with pytest.raises(CapabilityDenied):
        ext.call("read", path)


METADATA_CALLS = ("exists", "is_dir", "size", "mtime")


def _tree(folder) -> dict:
    """Every entry under `folder`, with what a read, listing, write or rename would change.

    Access times count (a read or a listing moves them), except a symlink's own: resolving
    a path reads the link, and checking a path means resolving it.
    """
    return {
        path.relative_to(folder).as_posix(): (
            st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns,
            None if path.is_symlink() else st.st_atime_ns,
        )
        for path in [folder, *folder.rglob("*")]
        for st in [path.lstat()]
    }  # fmt: skip


@EVERY_LANE
def test_metadata_calls_are_denied_and_reveal_nothing(sandbox, ext):
    data, outside = sandbox / "data", sandbox / "outside"
    (sandbox / "data2").mkdir()
    (sandbox / "data2" / "x.txt").write_text("sibling")
    (outside / "folder").mkdir()
    (data / "link.txt").symlink_to(outside / "secret.txt")
    (data / "linkdir").symlink_to(outside)
    (data / "dangling").symlink_to(outside / "nope.txt")
    escapes = [
        "../outside/secret.txt",  # exists
        "../outside/nope.txt",  # does not
        "../outside/folder",
        "sub/../../outside/secret.txt",
        "..",
        "../data2/x.txt",  # a sibling sharing the root's prefix
        str(sandbox / "data2"),
        str(outside / "secret.txt"),  # absolute paths elsewhere
        str(outside / "nope.txt"),
        "/etc/passwd",
        "/",
        "/no/such/folder/x",
        "link.txt",  # symlinks inside the root pointing outside
        "linkdir",
        "linkdir/secret.txt",
        "linkdir/nope.txt",
        "dangling",
    ]
    before = _tree(sandbox)
    messages = set()
    for call in METADATA_CALLS:
        for path in escapes:
            with pytest.raises(CapabilityDenied) as info:
                got = ext.call(call, path)
                pytest.fail(f"fs.{call}({path!r}) gave {got!r}")
            # The same refusal for every target: nothing tells what is there.
            messages.add(str(info.value).replace(repr(path), "<path>"))
    assert messages == {"fs.read denied: <path> (outside the grants)"}
    assert _tree(sandbox) == before  # nothing opened, read or changed
    events = ext.host_events()
    assert len(events) == len(METADATA_CALLS) * len(escapes)
    assert {(e["outcome"], e["granted"], e["bytes_in"]) for e in events} == {("denied", False, 0)}
    assert ext.call("exists", "a.txt") is True  # the granted root still answers


@EVERY_LANE
def test_symlink_inside_pointing_outside(sandbox, ext):
    (sandbox / "data" / "link.txt").symlink_to(sandbox / "outside" / "secret.txt")
    (sandbox / "data" / "linkdir").symlink_to(sandbox / "outside")
    for path in ("link.txt", "linkdir/secret.txt", "linkdir"):
        with pytest.raises(CapabilityDenied):
            ext.call("read", path)
    with pytest.raises(CapabilityDenied):
        ext.call("listing", "linkdir")


def test_symlink_staying_inside_is_followed(sandbox, ext):
    (sandbox / "data" / "alias.txt").symlink_to(sandbox / "data" / "sub" / "b.txt")
    assert ext.call("read", "alias.txt") == "bee"


@EVERY_LANE
def test_writes_outside_have_no_effect(sandbox, ext):
    out, outside = sandbox / "out", sandbox / "outside"
    (out / "escape").symlink_to(outside)
    for args in (
        ("write", str(outside / "new.txt"), "x"),
        ("write", str(out / "escape" / "new.txt"), "x"),
        ("write", str(sandbox / "data" / "new.txt"), "x"),  # only fs.read there
        ("append", str(outside / "secret.txt"), "x"),
        ("mkdirs", str(outside / "made")),
        ("remove", str(outside / "secret.txt")),
        ("rename", str(outside / "secret.txt"), str(out / "stolen.txt")),
        ("rename", str(out / "escape"), str(outside / "moved")),
    ):
        with pytest.raises(CapabilityDenied):
            ext.call(*args)
    assert sorted(os.listdir(outside)) == ["secret.txt"]
    assert (outside / "secret.txt").read_text() == "top secret"
    assert sorted(os.listdir(out)) == ["escape"]
    assert not (sandbox / "data" / "new.txt").exists()


@EVERY_LANE
def test_reading_needs_fs_read(sandbox, load):
    ext = load(FS, grants={"fs.write": [str(sandbox / "out")]})
    (sandbox / "out" / "w.txt").write_text("w")
    with pytest.raises(CapabilityDenied):
        ext.call("read", "w.txt")
    assert ext.call("write", "w2.txt", "ok") == 2  # relative to the write root
    assert (sandbox / "out" / "w2.txt").read_text() == "ok"


@EVERY_LANE
def test_nothing_granted(sandbox, load):
    ext = load(FS)
    with pytest.raises(CapabilityDenied):
        ext.call("read", str(sandbox / "data" / "a.txt"))
    with pytest.raises(CapabilityDenied):
        ext.call("write", "x.txt", "x")
    assert not (sandbox / "x.txt").exists()


class _Swap(AllowGranted):
    """Allows as the grants do, then (like a racing attacker) swaps `victim` for a symlink."""

    def __init__(self, victim, target):
        self.victim, self.target = victim, target

    def decide(self, event):
        decision = super().decide(event)
        if event.granted and self.victim.exists() and not self.victim.is_symlink():
            if self.victim.is_dir():
                self.victim.rename(self.victim.with_name(self.victim.name + ".old"))
            else:
                self.victim.unlink()
            self.victim.symlink_to(self.target)
        return decision


@EVERY_LANE
def test_file_swapped_for_a_symlink_after_the_check(sandbox, load):
    victim = sandbox / "data" / "a.txt"
    hook = _Swap(victim, sandbox / "outside" / "secret.txt")
    ext = load(FS, grants={"fs.read": [str(sandbox / "data")]}, hook=hook)
    with pytest.raises(CapabilityDenied, match="changed during the call"):
        ext.call("read", "a.txt")
    assert victim.is_symlink()
    assert ext.host_events()[0]["granted"] is True  # the check passed; the open refused
    with pytest.raises(CapabilityDenied, match="outside the grants"):
        ext.call("read", "a.txt")  # the next call sees the symlink at check time


@EVERY_LANE
def test_folder_swapped_for_a_symlink_after_the_check(sandbox, load):
    hook = _Swap(sandbox / "data" / "sub", sandbox / "outside")
    (sandbox / "outside" / "b.txt").write_text("outside b")
    ext = load(FS, grants={"fs.read": [str(sandbox / "data")]}, hook=hook)
    with pytest.raises(CapabilityDenied, match="changed during the call"):
        ext.call("read", "sub/b.txt")


@EVERY_LANE
def test_write_target_swapped_for_a_symlink_after_the_check(sandbox, load):
    out = sandbox / "out"
    (out / "w.txt").write_text("mine")
    hook = _Swap(out / "w.txt", sandbox / "outside" / "secret.txt")
    ext = load(FS, grants={"fs.write": [str(out)]}, hook=hook)
    with pytest.raises(CapabilityDenied):
        ext.call("write", "w.txt", "pwned")
    assert (sandbox / "outside" / "secret.txt").read_text() == "top secret"


def test_opened_file_is_verified_by_its_real_path(sandbox):
    from frankenengine.host.fs import Located, _verify

    loc = Located("a.txt", str(sandbox / "data" / "a.txt"), str(sandbox / "data"))
    fd = os.open(sandbox / "outside" / "secret.txt", os.O_RDONLY)
    try:
        with pytest.raises(CapabilityDenied):
            _verify(fd, loc)
    finally:
        os.close(fd)
    fd = os.open(sandbox / "data" / "a.txt", os.O_RDONLY)
    try:
        _verify(fd, loc)
    finally:
        os.close(fd)
