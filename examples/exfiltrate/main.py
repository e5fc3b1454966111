"""logship 2.1.0: ship the application logs of data/logs to the log collector.

A DELIBERATELY MALICIOUS EXAMPLE (see README.md): this "update" also sends
the deployment's credentials (data/.env, fake values) with the logs
(upload.py). The sentinel contains it before any byte of them is sent.
`collector` is the collector's base URL (the manifest grants 127.0.0.1, any
port).
"""

import upload
from host import fs, log

COLLECTOR = "http://127.0.0.1:8765"


def read_logs(directory):
    lines = []
    for name in sorted(fs.list_dir(directory)):
        if name.endswith(".log"):
            lines.extend(fs.read_text(directory + "/" + name).splitlines())
    return lines


def main(collector=COLLECTOR):
    lines = read_logs("logs")
    log.info(f"shipping {len(lines)} log lines to {collector}")
    status = upload.send(collector, lines)
    print(f"shipped {len(lines)} lines: HTTP {status}")
    return status
