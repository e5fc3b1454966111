# interp-only: str, dict and list values
"""A recursive serialiser over nested lists, tuples and dicts, plus mutual recursion."""


def serialise(value, indent=0):
    pad = "  " * indent
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key in value:
            lines.append(pad + "  " + key + ": " + serialise(value[key], indent + 1))
        return "{\n" + ",\n".join(lines) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        opener, closer = ("[", "]") if isinstance(value, list) else ("(", ")")
        return opener + ", ".join(serialise(v, indent) for v in value) + closer
    raise TypeError("cannot serialise")


def depth(value):
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, (list, tuple)):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def flatten(value, out):
    if isinstance(value, (list, tuple)):
        for item in value:
            flatten(item, out)
    else:
        out.append(value)
    return out


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def hanoi(n, src, dst, via, moves):
    if n > 0:
        hanoi(n - 1, src, via, dst, moves)
        moves.append(src + dst)
        hanoi(n - 1, via, dst, src, moves)
    return moves


def main():
    doc = {
        "name": 'say "hi"',
        "tags": ["a", ("b", 2), []],
        "meta": {"ok": True, "none": None, "ratio": 0.25, "empty": {}},
        "rows": [[1, [2, [3, [4]]]], -5],
    }
    text = serialise(doc)
    print(text)
    return [
        text.count("\n"),
        depth(doc),
        flatten(doc["rows"], []),
        is_even(100),
        is_odd(77),
        len(hanoi(6, "A", "C", "B", [])),
        hanoi(2, "A", "C", "B", []),
    ]
