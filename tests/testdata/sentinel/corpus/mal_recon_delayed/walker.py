"""Walking folders."""

from host import fs


def walk(root, depth=4):
    """Every path under `root` (relative to it), folders first, up to `depth` levels."""
    found = []
    pending = [("", 0)]
    while pending:
        rel, level = pending.pop(0)
        here = root if rel == "" else root + "/" + rel
        for name in fs.list_dir(here):
            child = name if rel == "" else rel + "/" + name
            if fs.is_dir(here + "/" + name):
                found.append(child + "/")
                if level < depth:
                    pending.append((child, level + 1))
            else:
                found.append(child)
    return found
