"""log-ship-b64: redact the logs and ship them base64-encoded."""

import json

import codec
from host import fs, net


def redact(line):
    words = [("ms=***" if w.startswith("ms=") else w) for w in line.split(" ")]
    return " ".join(words)


def main(ctx):
    for name in fs.list_dir("."):
        text = "\n".join(redact(line) for line in fs.read_text(name).splitlines())
        net.post(ctx["url"] + "/logs/ingest", json.dumps({"file": name, "b64": codec.to_b64(text)}))
    return True
