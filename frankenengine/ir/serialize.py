"""Serialises an IRModule to one `.npz` (NumPy arrays only, no pickle) and hashes it.

Arrays (every function's tables concatenated, with per-function offsets):

    insts, blocks, operands           the tables, in function order
    inst_offsets, block_offsets,      int64, len(functions) + 1 each; function i
    operand_offsets, const_offsets    owns rows [off[i], off[i + 1])
    const_kind                        uint8 per constant: 0 int64, 1 float64, 2 object
    const_int, const_float            the int64 / float64 constants, in order
                                      (floats bit exact: -0.0, NaN payloads)
    const_obj                         JSON text, one per other constant, type-tagged:
                                      ["N"] None, ["B", b] bool, ["I", "<decimal>"] int
                                      (ints beyond int64), ["F", "<16 hex digits>"]
                                      float bits, ["S", s] str, ["T", [...]] tuple
    meta                              one JSON string: format, module name, filename,
                                      globals, exports, and per function its name,
                                      signature, slots, parent, is_generator, line,
                                      and `filename` when it has one of its own

Operand-list starts inside `operands` are kept relative to each function's own
pool. The round trip is exact: loading gives tables equal field by field.
`digest` is the SHA-256 of `module_bytes`, a canonical little-endian encoding
of the same arrays (not of the zip file, which holds timestamps), so the same
module has the same digest in every process and on every run.
"""

from __future__ import annotations

import hashlib
import json
import struct

import numpy as np

from frankenengine.ir.function import BLOCK_DTYPE, INST_DTYPE, IRFunction, IRModule, Signature
from frankenengine.language.ints import fits_int64

FORMAT = "frankenengine-ir/1"
_INT, _FLOAT, _OBJECT = 0, 1, 2


def _tag(value) -> list:
    if value is None:
        return ["N"]
    if isinstance(value, bool):
        return ["B", value]
    if isinstance(value, int):
        return ["I", str(value)]
    if isinstance(value, float):
        return ["F", f"{struct.unpack('<Q', struct.pack('<d', value))[0]:016x}"]
    if isinstance(value, str):
        return ["S", value]
    if isinstance(value, tuple):
        return ["T", [_tag(item) for item in value]]
    raise TypeError(f"unsupported constant of type {type(value).__name__}")


def _untag(tagged):
    match tagged:
        case ["N"]:
            return None
        case ["B", bool(b)]:
            return b
        case ["I", str(s)]:
            return int(s)
        case ["F", str(h)]:
            return struct.unpack("<d", struct.pack("<Q", int(h, 16)))[0]
        case ["S", str(s)]:
            return s
        case ["T", list(items)]:
            return tuple(_untag(item) for item in items)
    raise ValueError(f"bad constant encoding {tagged!r}")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _offsets(sizes: list[int]) -> np.ndarray:
    return np.cumsum([0, *sizes], dtype=np.int64)


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=dtype) for p in parts] or [np.zeros(0, dtype)])


def module_arrays(mod: IRModule) -> dict[str, np.ndarray]:
    """The named arrays that represent `mod` (what `save_npz` stores)."""
    fns = mod.functions
    kinds, ints, floats, objects = [], [], [], []
    for fn in fns:
        for c in fn.consts:
            if type(c) is int and fits_int64(c):
                kinds.append(_INT)
                ints.append(c)
            elif type(c) is float:
                kinds.append(_FLOAT)
                floats.append(c)
            else:
                kinds.append(_OBJECT)
                objects.append(_json(_tag(c)))
    meta = {
        "format": FORMAT,
        "name": mod.name,
        "filename": mod.filename,
        "globals": list(mod.globals),
        "exports": list(mod.exports),
        "functions": [
            {
                "name": fn.name,
                "params": list(fn.signature.names),
                "n_kwonly": fn.signature.n_kwonly,
                "has_default": list(fn.signature.has_default),
                "slots": list(fn.slots),
                "parent": fn.parent,
                "is_generator": fn.is_generator,
                "line": fn.line,
                **({"filename": fn.filename} if fn.filename else {}),
            }
            for fn in fns
        ],
    }
    return {
        "meta": np.array([_json(meta)]),
        "insts": _concat([fn.insts for fn in fns], INST_DTYPE),
        "blocks": _concat([fn.blocks for fn in fns], BLOCK_DTYPE),
        "operands": _concat([fn.operands for fn in fns], np.int32),
        "inst_offsets": _offsets([len(fn.insts) for fn in fns]),
        "block_offsets": _offsets([len(fn.blocks) for fn in fns]),
        "operand_offsets": _offsets([len(fn.operands) for fn in fns]),
        "const_offsets": _offsets([len(fn.consts) for fn in fns]),
        "const_kind": np.array(kinds, dtype=np.uint8),
        "const_int": np.array(ints, dtype=np.int64),
        "const_float": np.array(floats, dtype=np.float64),
        "const_obj": np.array(objects, dtype=str) if objects else np.zeros(0, dtype="<U1"),
    }


def module_from_arrays(arrays) -> IRModule:
    meta = json.loads(str(arrays["meta"][0]))
    if meta.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} archive (format {meta.get('format')!r})")
    streams = {
        _INT: iter(arrays["const_int"].tolist()),
        _FLOAT: iter(arrays["const_float"].tolist()),
        _OBJECT: (_untag(json.loads(text)) for text in arrays["const_obj"].tolist()),
    }
    consts = [next(streams[int(kind)]) for kind in arrays["const_kind"]]
    io, bo, oo, co = (arrays[f"{k}_offsets"] for k in ("inst", "block", "operand", "const"))
    functions = []
    for i, fm in enumerate(meta["functions"]):
        sig = Signature(tuple(fm["params"]), fm["n_kwonly"], tuple(fm["has_default"]))
        functions.append(
            IRFunction(
                name=fm["name"],
                signature=sig,
                insts=np.array(arrays["insts"][io[i] : io[i + 1]], dtype=INST_DTYPE),
                blocks=np.array(arrays["blocks"][bo[i] : bo[i + 1]], dtype=BLOCK_DTYPE),
                operands=np.array(arrays["operands"][oo[i] : oo[i + 1]], dtype=np.int32),
                consts=consts[co[i] : co[i + 1]],
                slots=tuple(fm["slots"]),
                parent=fm["parent"],
                is_generator=fm["is_generator"],
                line=fm["line"],
                filename=fm.get("filename", ""),
            )
        )
    return IRModule(
        meta["name"], meta["filename"], functions, tuple(meta["globals"]), tuple(meta["exports"])
    )


def save_npz(mod: IRModule, path_or_file) -> None:
    """Write `mod` as a compressed .npz (NumPy appends `.npz` to a path without it)."""
    np.savez_compressed(path_or_file, **module_arrays(mod))


def load_npz(path_or_file) -> IRModule:
    with np.load(path_or_file, allow_pickle=False) as archive:
        return module_from_arrays({name: archive[name] for name in archive.files})


def module_bytes(mod: IRModule) -> bytes:
    """Canonical bytes of the module: each array by name as (header JSON, little-endian data)."""
    out = [FORMAT.encode()]
    for name, arr in sorted(module_arrays(mod).items()):
        arr = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<"))
        header = _json([name, arr.dtype.descr, list(arr.shape)]).encode()
        data = arr.tobytes()
        out += [len(header).to_bytes(8, "little"), header, len(data).to_bytes(8, "little"), data]
    return b"".join(out)


def digest(mod: IRModule) -> str:
    return hashlib.sha256(module_bytes(mod)).hexdigest()
