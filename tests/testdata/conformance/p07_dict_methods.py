"""Dict methods and insertion order after deletes, re-inserts and updates."""


def main():
    d = {"one": 1, "two": 2, "three": 3, "four": 4}
    del d["two"]
    d["two"] = 22
    d["one"] = 11
    d.update({"five": 5, "three": 33})
    d.update([("six", 6)])
    popped = d.pop("four")
    missing = d.pop("nope", "default")
    sd1 = d.setdefault("seven", [])
    sd1.append(7)
    sd2 = d.setdefault("one", 0)
    snapshot = d.copy()
    d["eight"] = 8
    keys = []
    for k in d:
        keys.append(k)
    pairs = [(k, v) for k, v in d.items()]
    kw = dict(a=1, b=2)
    merged = dict(kw)
    merged.update(c=3)
    empty = {"x": 1}
    empty.clear()
    nested = {"outer": {"inner": [1, 2]}}
    nested["outer"]["inner"].append(3)
    counts = {}
    for word in "the cat and the hat and the bat".split():
        counts[word] = counts.get(word, 0) + 1
    return [
        list(d),
        list(d.keys()),
        list(d.values()),
        keys,
        pairs,
        popped,
        missing,
        sd2,
        list(snapshot.items()),
        kw,
        merged,
        empty,
        len(empty),
        nested,
        counts,
        {"a": 1, "b": 2} == {"b": 2, "a": 1},
        "one" in d,
        11 in d,
        d.get("seven"),
        sorted(d, key=len),
    ]
