"""The reviewed list of names that reach outside the sandbox: what the escape tests refuse.

A security test derives its expectations from this list, written and reviewed
here, never from the product's own tables (`frankenengine.language.surface`):
a dangerous name added to the engine's allowlist must make a test fail, not
become a name the tests require to work. Sources: LANGUAGE.md, deliberate
differences 3 and 6, and what CPython and NumPy offer to reach the host
(files, memory, frames, the import system, the object graph).

Invariants: every entry is a plain identifier, listed once per list; none
is a name LANGUAGE.md promises to extensions (`getattr`, `type`,
`__init__` and the other special methods a class may define are not here).
Adding a name only tightens the tests; removing one needs a review.
"""

from __future__ import annotations

# Global names: using one anywhere is a compile error.
GLOBAL_NAMES: tuple[str, ...] = tuple(
    """__import__ open eval exec compile globals locals vars dir id breakpoint input
    memoryview help exit quit delattr copyright credits license __build_class__
    __builtins__ __loader__ __spec__ __file__ __cached__""".split()
)

# Dunder attributes of CPython's object model: from a value to its class, module,
# code, globals and from there to everything else.
DUNDER_ATTRIBUTES: tuple[str, ...] = tuple(
    """__dict__ __globals__ __code__ __bases__ __base__ __closure__ __mro__ __subclasses__
    __class__ __builtins__ __getattribute__ __getattr__ __setattr__ __delattr__ __reduce__
    __reduce_ex__ __getstate__ __self__ __func__ __module__ __defaults__ __kwdefaults__
    __wrapped__ __objclass__ __init_subclass__ __new__ __traceback__ __context__ __cause__
    __loader__ __spec__ __import__ __array_interface__ __array_struct__""".split()
)

# Attributes of frames, tracebacks, generators, coroutines and code objects.
FRAME_ATTRIBUTES: tuple[str, ...] = tuple(
    """f_globals f_locals f_back f_builtins f_code f_trace tb_frame tb_next tb_lasti
    gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await ag_frame ag_code co_code
    co_consts co_names func_globals""".split()
)

# Members of values' attributes that reach files, raw memory or C: NumPy arrays.
ARRAY_ATTRIBUTES: tuple[str, ...] = tuple(
    "ctypes tofile dump dumps data base flags setflags".split()
)

# Members of the importable modules that reach files, memory or C, per module.
MODULE_MEMBERS: dict[str, tuple[str, ...]] = {
    "numpy": tuple(
        """load save savez savez_compressed savetxt loadtxt genfromtxt fromfile frombuffer
        fromregex memmap ctypeslib lib testing f2py show_config info DataSource""".split()
    ),
    "json": tuple("load dump decoder encoder scanner".split()),
}

# Members of the host modules other than their documented calls.
HOST_MEMBERS: dict[str, tuple[str, ...]] = {
    "fs": tuple("open os shutil _bridge".split()),
    "net": tuple("socket urlopen _bridge".split()),
    "proc": tuple("subprocess popen _bridge".split()),
    "env": tuple("environ _bridge".split()),
}

# Every attribute name a computed-name access (`getattr(x, name)`, ...) must refuse.
COMPUTED_ATTRIBUTES: tuple[str, ...] = tuple(
    dict.fromkeys(
        DUNDER_ATTRIBUTES
        + FRAME_ATTRIBUTES
        + ARRAY_ATTRIBUTES
        + tuple(name for name in GLOBAL_NAMES if name.startswith("__"))
    )
)
