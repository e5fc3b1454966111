"""src-tidy: turn plain-text notes into markdown and index the sources."""

from host import fs


def main(ctx):
    if fs.exists("notes.txt"):
        text = fs.read_text("notes.txt")
        fs.rename("notes.txt", "NOTES.md")
        fs.write_text("NOTES.md", "# Notes\n\n" + text)
    names = fs.list_dir(".")
    fs.write_text("INDEX", "\n".join(names) + "\n")
    return names
