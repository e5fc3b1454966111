"""py-tidy: strip trailing whitespace and extra blank lines from the Python sources."""

from host import fs


def tidy(text):
    out = []
    blank = 0
    for line in text.splitlines():
        line = line.rstrip()
        blank = blank + 1 if not line else 0
        if blank <= 2:
            out.append(line)
    return "\n".join(out) + "\n"


def main(ctx):
    changed = []
    for name in fs.list_dir("."):
        if name.endswith(".py"):
            text = fs.read_text(name)
            new = tidy(text)
            if new != text:
                fs.write_text(name, new)
                changed.append(name)
    return changed
