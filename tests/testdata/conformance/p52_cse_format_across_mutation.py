"""`"%s" % d` formatted again after the dict `d` changed: the text shows the new contents.

Found by tests/properties/test_mutation_vs_cpython.py: common-subexpression
elimination merged the second `%` (a str result) into the first because the
result type is immutable, although the right operand is a mutable dict that a
store, `setdefault`, `clear` and a helper function had changed in between.
"""


def tag(v):
    v["d"] = 0


def main():
    out = []
    settings = {"a": 0}
    alias = settings
    out.append("%s" % alias)
    alias.setdefault("b", -1)
    out.append("%s" % alias)
    tag(settings)
    out.append("%s" % alias)
    for _ in range(2):
        out.append("%s" % settings)
        settings["c"] = len(out)
    out.append("%s" % settings)
    settings.clear()
    out.append("%s" % alias)
    items = [1]
    out.append("%s" % items)
    items.append(2)
    out.append("%s" % items)
    return out
