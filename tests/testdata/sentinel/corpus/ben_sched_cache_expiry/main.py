"""cache-expiry: expire the cache when its stamp is older than a day."""

from host import clock, fs


def main(ctx):
    now = clock.time()
    last = float(fs.read_text(".stamp")) if fs.exists(".stamp") else 0.0
    if now - last < 86400:
        return 0
    removed = 0
    for name in fs.list_dir("."):
        if name.endswith(".tmp"):
            fs.remove(name)
            removed += 1
    fs.write_text(".stamp", str(now))
    return removed
