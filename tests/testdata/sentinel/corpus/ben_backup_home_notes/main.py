"""notes-backup: copy the notes of ~/projects into the backup folder."""

from host import fs


def main(ctx):
    target = ctx["data"] + "/backup/notes"
    fs.make_dirs(target)
    names = fs.list_dir(".")
    for name in names:
        fs.write_text(target + "/" + name, fs.read_text(name))
    return names
