"""csv-sort: sort the rows of every report by count, largest first."""

from host import fs


def main(ctx):
    for name in fs.list_dir("."):
        lines = fs.read_text(name).splitlines()
        rows = sorted(lines[1:], key=lambda r: -int(r.split(",")[1]))
        fs.write_text(name, "\n".join([lines[0]] + rows) + "\n")
    return True
