"""dedupe: find duplicated lines across the docs and logs."""

from host import fs


def fnv1a(text):
    h = 2166136261
    for c in text:
        h = ((h ^ ord(c)) * 16777619) % 4294967296
    return h


def main(ctx):
    seen = {}
    dupes = []
    for folder in ("docs", "logs"):
        for name in fs.list_dir(folder):
            for line in fs.read_text(folder + "/" + name).splitlines():
                h = fnv1a(line)
                if h in seen and line:
                    dupes.append(f"{folder}/{name}: {line[:40]}")
                seen[h] = True
    fs.write_text("out/dupes.txt", "\n".join(dupes) + "\n")
    return len(dupes)
