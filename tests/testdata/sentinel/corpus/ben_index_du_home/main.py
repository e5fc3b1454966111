"""du-home: disk usage of each entry of the home folder."""

from host import fs
from walker import walk


def main(ctx):
    usage = {}
    for rel in walk("."):
        if rel.endswith("/"):
            continue
        top = rel.split("/")[0]
        usage[top] = usage.get(top, 0) + fs.size(rel)
    rows = [f"{size:>8} {name}" for name, size in sorted(usage.items())]
    fs.write_text(ctx["data"] + "/out/du.txt", "\n".join(rows) + "\n")
    return len(rows)
