"""Run-time support the interpreter's generated code calls into.

Everything here is engine code, reached from generated code through names the
code generator mints. The helpers keep CPython's semantics for the subset:
keyword binding with CPython's error types, exception matching, iteration
over arrays yielding Python scalars, f-string formatting.
"""

from __future__ import annotations

import re

import numpy as np

from frankenengine.runtime.builtins import SMALL_JOIN
from frankenengine.runtime.strformat import spec_size

NUMPY_SCALARS = (np.float64, np.int64, np.bool_, np.float32, np.int32, np.int8, np.uint8)
_NUMPY_SCALAR_SET = frozenset(NUMPY_SCALARS)
_CONVERSIONS = {1: str, 2: repr, 3: ascii}


UNDEF = type("Unbound", (), {"__slots__": (), "__repr__": lambda self: "<unbound>"})()


def unbound(name: str):
    """Reading local variable `name` where it has no value on this path, as CPython says it."""
    raise UnboundLocalError(
        f"cannot access local variable '{name}' where it is not associated with a value"
    )


_FREE_GLOBAL = re.compile(r"cannot access free variable 'g(\d+)' where")


def make_name_error_fix(names: tuple[str, ...]):
    """`fix(exc)`: a NameError of a global read before assignment, as CPython words it.

    Generated code keeps global `i` in the closure cell `g<i>`; reading it
    unbound makes Python say `cannot access free variable 'g3' ...`. `fix`
    rewrites that in place to `name 'x' is not defined` (`names[i]` is the
    source name) and returns `exc`; any other exception is returned unchanged.
    """

    def fix(exc: BaseException) -> BaseException:
        if exc.__class__ is NameError and exc.args and isinstance(exc.args[0], str):
            found = _FREE_GLOBAL.match(exc.args[0])
            if found is not None and int(found[1]) < len(names):
                name = names[int(found[1])]
                exc.args = (f"name '{name}' is not defined",)
                exc.name = name
        return exc

    return fix


def to_python_scalar(value):
    """NumPy scalars become Python scalars; anything else is returned unchanged."""
    if value.__class__ in _NUMPY_SCALAR_SET:
        return value.item()
    return value


def iterate(value):
    """`iter(value)`, except that 1-D arrays yield Python scalars."""
    if value.__class__ is np.ndarray and value.ndim == 1:
        return map(to_python_scalar, value)
    return iter(value)


def make_format_value(charge, text):
    """The f-string field `{value!conversion:spec}`; a wide spec is charged before formatting.

    `text(fn, value)` is the runtime's charged str/repr (containers can print big).
    """

    def format_value(value, spec, conversion: int) -> str:
        if conversion:
            value = text(_CONVERSIONS[conversion], value)
        if spec is None:
            return value if value.__class__ is str else text(format, value)
        if spec:
            size = spec_size(spec)
            if size > 4096:
                charge(size)
        return format(value, spec)

    return format_value


def exc_match(exc: BaseException, exc_type) -> bool:
    types = exc_type if isinstance(exc_type, tuple) else (exc_type,)
    for candidate in types:
        if not (isinstance(candidate, type) and issubclass(candidate, BaseException)):
            raise TypeError(
                "catching classes that do not inherit from BaseException is not allowed"
            )
    return isinstance(exc, types)


class Binder:
    """Calls with keyword arguments: by signature for extension functions, by name otherwise.

    `signatures` maps the code object name of a generated function (`f12`) to
    its Signature. Keyword names travel as data (dictionary keys), never as code.
    """

    def __init__(self, signatures: dict):
        self.signatures = signatures

    def call(self, fn, args: tuple, names: tuple, values: tuple):
        code = getattr(fn, "__code__", None)
        signature = self.signatures.get(code.co_name) if code is not None else None
        if signature is None or code.co_filename != self.filename:
            return fn(*args, **dict(zip(names, values, strict=True)))
        return self._call_extension(fn, signature, args, names, values)

    filename = "<frankenengine>"

    def _call_extension(self, fn, signature, args, names, values):
        params = signature.names
        n_pos = signature.n_positional
        called = f"{fn.__qualname__}()"
        code_names = fn.__code__.co_varnames  # the parameters come first, in order
        if len(args) > n_pos:
            raise TypeError(
                f"{called} takes {n_pos} positional arguments but {len(args)} were given"
            )
        positional = list(args)
        keywords = {}
        for name, value in zip(names, values, strict=True):
            if name not in params:
                raise TypeError(f"{called} got an unexpected keyword argument '{name}'")
            index = params.index(name)
            if index < len(args):
                raise TypeError(f"{called} got multiple values for argument '{name}'")
            keywords[index] = value
        # Fill positional parameters in order; the rest go by keyword, under the name the
        # generated code gives the parameter (the extension's, or a minted one).
        minted = {}
        for index in range(len(args), len(params)):
            if index in keywords:
                if index < n_pos and len(positional) == index:
                    positional.append(keywords[index])
                else:
                    minted[code_names[index]] = keywords[index]
            elif index < n_pos and not signature.has_default[index]:
                raise TypeError(f"{called} missing required argument: '{params[index]}'")
            elif index >= n_pos and not signature.has_default[index]:
                raise TypeError(
                    f"{called} missing required keyword-only argument: '{params[index]}'"
                )
        return fn(*positional, **minted)


def make_join(checked_join, grown):
    """`sep.join(items)`: the common small case inline, everything else through the runtime.

    When the separators add at most SMALL_JOIN characters, the result is no
    bigger than what the extension already holds plus that, so it is charged
    after joining (if big); otherwise the runtime charges before joining.
    """

    def join(sep, items):
        if sep.__class__ is str and items.__class__ is list and len(sep) * len(items) <= SMALL_JOIN:
            result = sep.join(items)
            if len(result) > SMALL_JOIN:
                grown(result)
            return result
        return checked_join(sep, items)

    return join


def no_loop_entry(number: int, values: tuple) -> tuple[bool, None]:
    """Where polling loops ask to go on natively before the JIT lane has set its entry
    (`InterpModule.set_loop_entry`): never."""
    return False, None
