"""snapshot-backup: snapshot the docs and keep only the newest snapshot."""

from host import fs


def main(ctx):
    names = fs.list_dir("docs")
    for snap in range(3):
        folder = f"backup/snap-{snap}"
        fs.make_dirs(folder)
        for name in names:
            fs.write_text(folder + "/" + name, fs.read_text("docs/" + name))
    for snap in range(2):
        folder = f"backup/snap-{snap}"
        for name in fs.list_dir(folder):
            fs.remove(folder + "/" + name)
    return len(fs.list_dir("backup/snap-2"))
