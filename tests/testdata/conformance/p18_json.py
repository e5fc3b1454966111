"""json.dumps/loads round trips with indent, sort_keys and separators."""

import json


def main():
    doc = {
        "name": "Wörld",
        "n": 3,
        "ratio": 0.1,
        "big": 1e16,
        "neg_zero": -0.0,
        "flags": [True, False, None],
        "nested": {"z": [1, 2, {"deep": "yes"}], "a": []},
        "tuple": (1, 2),
        "quote": 'say "hi"\n',
    }
    compact = json.dumps(doc)
    pretty = json.dumps(doc, indent=2)
    sorted_keys = json.dumps(doc, sort_keys=True)
    tight = json.dumps(doc["nested"], separators=(",", ":"))
    four = json.dumps([1, {"a": [2]}], indent=4, sort_keys=True)
    back = json.loads(compact)
    parsed = json.loads('{"x": [1, 2.5, -3e2, "s", null, true], "y": {}, "z": 1.0}')
    print(pretty)
    return [
        compact,
        sorted_keys,
        tight,
        four,
        back == json.loads(sorted_keys),
        back["tuple"],
        back["neg_zero"],
        parsed,
        json.dumps({1: "int key", "s": 2}),
        json.dumps("ünïcode"),
        json.dumps([]),
        json.dumps({}),
        json.loads("[]"),
        json.loads('"\\u00e9"'),
        json.dumps(3),
        json.dumps(1.5),
        json.loads("  42 "),
    ]
