"""Arguments of host calls: binding, checking, and counting the bytes they carry.

`bind(row, args, kwargs)` binds a call to the host function's signature (the
capability table's parameters, defaults applied) and checks every argument,
raising what a Python function would: TypeError for a missing, unexpected or
wrongly typed argument, ValueError for a value no call could use (an empty
argv, a bad HTTP method or header, a negative sleep, a NUL in a path).

Invariants: checking happens before the call becomes an event, so a call
that fails here has no effect and is not a host call; every check depends
only on the arguments (never on the grants or the file system); byte counts
are of the UTF-8 text (lone surrogates counted, never an error).
"""

from __future__ import annotations

import math

from frankenengine.host.capabilities import HostFunction
from frankenengine.host.clock import check_seconds
from frankenengine.host.net import check_headers, check_method


def _type_name(value) -> str:
    return "None" if value is None else type(value).__name__


def _expect(row: HostFunction, name: str, value, kinds: tuple[type, ...], what: str) -> None:
    if not isinstance(value, kinds) or (bool not in kinds and type(value) is bool):
        raise TypeError(f"{row.member}() argument '{name}' must be {what}, not {_type_name(value)}")


def _text(row, name, value):
    _expect(row, name, value, (str,), "str")


def _path(row, name, value):
    _text(row, name, value)
    if "\0" in value:
        raise ValueError(f"{row.member}() argument '{name}': embedded null byte")


def _number(row, name, value):
    _expect(row, name, value, (int, float), "int or float")


def _timeout(row, name, value):
    _number(row, name, value)
    if math.isnan(value) or value <= 0:
        raise ValueError(f"{row.member}() argument '{name}' must be positive")


def _seconds(row, name, value):
    _number(row, name, value)
    check_seconds(value)


def _headers(row, name, value):
    if value is None:
        return
    _expect(row, name, value, (dict,), "dict or None")
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise TypeError(f"{row.member}() argument '{name}' must map str to str")
    check_headers(value)


def _method(row, name, value):
    _text(row, name, value)
    check_method(value)


def _argv(row, name, value):
    _expect(row, name, value, (list, tuple), "list or tuple")
    if not value:
        raise ValueError(f"{row.member}() argument '{name}' must not be empty")
    for item in value:
        if type(item) is not str:
            raise TypeError(f"{row.member}() argument '{name}' must hold str items only")
        if "\0" in item:
            raise ValueError(f"{row.member}() argument '{name}': embedded null byte")


def _anything(row, name, value):
    pass


# parameter name -> check; parameter names mean the same in every host function
CHECKS = {
    "path": _path,
    "src": _path,
    "dst": _path,
    "text": _text,
    "method": _method,
    "url": _text,
    "body": _text,
    "headers": _headers,
    "timeout": _timeout,
    "name": _text,
    "default": _anything,
    "argv": _argv,
    "input": _text,
    "seconds": _seconds,
    "message": _text,
}


def bind(row: HostFunction, args: tuple, kwargs: dict) -> dict:
    """The call's arguments by parameter name (defaults applied), each checked."""
    try:
        bound = row.signature.bind(*args, **kwargs)
    except TypeError as exc:
        raise TypeError(f"{row.member}() {exc}") from None
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    for name, value in arguments.items():
        CHECKS[name](row, name, value)
    return arguments


def text_bytes(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def value_bytes(value) -> int:
    """Bytes of text in a value: strings, and the strings inside lists, tuples and dicts."""
    if type(value) is str:
        return text_bytes(value)
    if type(value) in (list, tuple):
        return sum(map(value_bytes, value))
    if type(value) is dict:
        return sum(value_bytes(k) + value_bytes(v) for k, v in value.items())
    return 0


def payload_bytes(row: HostFunction, arguments: dict) -> int:
    """Bytes the call sends out of the sandbox."""
    return sum(value_bytes(arguments[name]) for name in row.payload)
