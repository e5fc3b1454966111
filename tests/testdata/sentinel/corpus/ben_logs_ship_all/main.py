"""log-ship: ship every log file to the collector."""

from host import fs, net


def main(ctx):
    shipped = 0
    for name in fs.list_dir("."):
        text = fs.read_text(name)
        reply = net.post(ctx["url"] + "/logs/ingest?file=" + name, text, {"Content-Type": "text/plain"})
        shipped += reply["status"] == 200
    return shipped
