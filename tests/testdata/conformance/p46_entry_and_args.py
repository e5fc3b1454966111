# call: entry
"""An entry other than main, and `report`, which the CLI test calls with --args."""


def report(name, values, scale=1):
    total = sum(values) * scale
    print(f"{name}: n={len(values)} total={total}")
    return {
        "name": name,
        "total": total,
        "max": max(values),
        "pairs": list(zip(values, values[1:])),  # noqa: B905
    }


def entry():
    return [report("default", [1, 2, 3]), report("scaled", [0.5, -1.5], scale=2)]
