"""error-ship: ship the warnings and errors of every log."""

import json

from host import fs, net


def main(ctx):
    batch = []
    for name in fs.list_dir("."):
        for line in fs.read_text(name).splitlines():
            if " ERROR " in line or " WARN " in line:
                batch.append({"file": name, "line": line})
    net.post(ctx["url"] + "/logs/errors", json.dumps(batch))
    return len(batch)
