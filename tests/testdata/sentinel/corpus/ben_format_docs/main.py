"""md-wrap: wrap the documentation at 60 columns."""

from host import fs


def wrap(paragraph, width):
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    if line:
        lines.append(line)
    return lines


def main(ctx):
    for name in fs.list_dir("."):
        out = []
        for line in fs.read_text(name).splitlines():
            out.extend([line] if line.startswith("#") or not line else wrap(line, 60))
        fs.write_text(name, "\n".join(out) + "\n")
    return True
