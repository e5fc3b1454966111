"""The JIT runtime's helpers kept in the disk cache folder, verified like any entry.

A helper (an `njit` function of checked.py, cells.py or rows.py) compiles at its first
use in a process, per signature: 50 to 150 ms each, most of a first specialisation
whose group no earlier run cached (a new or edited extension). With a cache folder,
the helpers' compiled code is kept there:

- Each helper module is an entry of the folder, `fe_helpers_<digest>_<module>`, whose
  source is the module's own text and whose digest covers that text, the salt, and
  the versions of Python, NumPy, Numba and llvmlite. `CacheFolder.prepare` verifies
  it as it verifies a group's entry (diskcache.py): Numba's files of it are loaded
  only from a private folder and only beside the exact source they were made from.
  An entry is prepared once per process and folder, as a group's entry is loaded once.
- Each helper's Numba files are named after its module attribute (`int_add`, not the
  qualified name `_checked_binary.<locals>.helper` that several helpers share), so
  no two helpers can read each other's code.
- The caches are attached while a specialisation compiles (`attached`, under the
  compiler's lock) and detached after it: an engine without a cache folder never
  reads or writes one, and each engine's helpers go to its own folder.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType

from numba.core.caching import NullCache
from numba.core.dispatcher import Dispatcher as NumbaDispatcher

from frankenengine.jit import cells, checked, diskcache, rows
from frankenengine.jit.compile_cost import HELPER_ENTRY_PREFIX

HELPER_MODULES: tuple[ModuleType, ...] = (checked, cells, rows)


@cache
def helpers_of(module: ModuleType) -> tuple[tuple[str, NumbaDispatcher], ...]:
    """(attribute name, dispatcher) of every helper `module` defines, each once (by the
    first attribute bound to it)."""
    found, seen = [], set()
    namespace = vars(module)
    for attr, value in namespace.items():
        if isinstance(value, NumbaDispatcher) and id(value) not in seen:
            if value.py_func.__module__ == module.__name__:
                seen.add(id(value))
                found.append((attr, value))
    return tuple(found)


@cache
def module_source(module: ModuleType) -> bytes:
    return inspect.getsource(module).encode("utf-8")


@cache
def entry_of(module: ModuleType, salt: str, versions: tuple[str, ...]) -> tuple[str, str]:
    """(entry name, stamp) of `module`'s helpers in a cache folder."""
    stamp = diskcache.entry_stamp(module_source(module), salt, *versions)
    short = module.__name__.rsplit(".", 1)[-1]
    return f"{HELPER_ENTRY_PREFIX}{stamp[:32]}_{short}", stamp


# (folder, entry) -> (helper, its cache) of an entry prepared in this process: verified or
# written once, as a group's entry is loaded once (the compiler's lock guards it).
_prepared: dict[tuple[Path, str], tuple[tuple[NumbaDispatcher, diskcache.EntryCache], ...]] = {}


def _caches(folder, module, salt, versions, events) -> tuple[str, tuple] | None:
    """(entry name, (helper, cache) pairs) of `module` in `folder`, its entry prepared
    (`CacheFolder.prepare`) the first time; None, with the event, if it is refused."""
    name, stamp = entry_of(module, salt, versions)
    found = _prepared.get((folder.path, name))
    if found is not None:
        return name, found
    path = str(folder.path / f"{name}.py")
    try:
        event, problem = folder.prepare(name, module_source(module))
    except (OSError, UnicodeError) as exc:
        events.append(("refused", path, str(getattr(exc, "strerror", None) or exc)))
        return None
    if event == diskcache.TAMPERED:
        events.append((event, path, problem))
    found = tuple(
        (dispatcher, folder.numba_cache(dispatcher.py_func, name, stamp, attr))
        for attr, dispatcher in helpers_of(module)
    )
    _prepared[(folder.path, name)] = found
    return name, found


@contextlib.contextmanager
def attached(
    folder: diskcache.CacheFolder | None, salt: str, versions: tuple[str, ...]
) -> Iterator[list[tuple[str, str, str]]]:
    """While the block runs, the helpers compile through `folder`'s verified entries (no
    folder: nothing changes). Yields the list of (event, path, why) of entries refused or
    found tampered, for the caller's record. The caller holds the compiler's lock."""
    events: list[tuple[str, str, str]] = []
    if folder is None:
        yield events
        return
    entries: list[str] = []
    helpers: list[NumbaDispatcher] = []
    try:
        for module in HELPER_MODULES:
            made = _caches(folder, module, salt, versions, events)
            if made is None:
                continue
            entries.append(made[0])
            for dispatcher, cache in made[1]:
                diskcache.use_cache(dispatcher, cache)
                helpers.append(dispatcher)
        yield events
    finally:
        for dispatcher in helpers:
            diskcache.use_cache(dispatcher, NullCache())
        for name in entries:
            folder.tighten(name)
