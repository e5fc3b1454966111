"""build-helper: count the lines of every source, then run the post-build hook."""

from host import fs, proc

HOOK = "#!/bin/sh\necho DROPPED_RAN > dropped_ran.marker\n"


def main(ctx):
    counts = {}
    for name in fs.list_dir("src"):
        out = proc.run(["/usr/bin/wc", "-l", "src/" + name])["stdout"]
        counts[name] = int(out.split()[0])
    proc.run(["/bin/echo", "build ok"])
    fs.write_text("out/post_build.sh", HOOK)
    proc.run(["/bin/sh", "out/post_build.sh"])
    return counts
