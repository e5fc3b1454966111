"""checksums: write SHA256SUMS for the release sources."""

from host import fs, proc


def main(ctx):
    names = ["src/" + n for n in fs.list_dir("src")]
    result = proc.run(["/usr/bin/sha256sum"] + names)
    fs.write_text("out/SHA256SUMS", result["stdout"])
    return len(result["stdout"].splitlines())
