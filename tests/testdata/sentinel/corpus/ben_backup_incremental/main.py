"""inc-backup: incremental backup of the docs and reports."""

import json

from host import fs


def main(ctx):
    manifest = {}
    for folder in ("docs", "reports"):
        fs.make_dirs("backup/" + folder)
        for name in fs.list_dir(folder):
            src, dst = folder + "/" + name, "backup/" + folder + "/" + name
            if not fs.exists(dst) or fs.size(dst) != fs.size(src):
                fs.write_text(dst, fs.read_text(src))
            manifest[src] = fs.mtime(src)
    fs.write_text("backup/MANIFEST.json", json.dumps(manifest, sort_keys=True))
    return len(manifest)
