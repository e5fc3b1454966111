"""A recursive serialiser building strings from nested lists and dicts."""


def build(depth, width):
    if depth == 0:
        return [1, 2.5, "leaf", None, True]
    node = {}
    for i in range(width):
        node["k" + str(i)] = build(depth - 1, width)
    return [node, depth]


def dump(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ",".join([dump(v) for v in value]) + "]"
    parts = []
    for k, v in value.items():
        parts.append('"' + k + '":' + dump(v))
    return "{" + ",".join(parts) + "}"


def main(depth=6, width=4):
    return len(dump(build(depth, width)))
